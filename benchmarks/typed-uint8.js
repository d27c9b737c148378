// typed-uint8: byte loops over Uint8Arrays (written from scratch): a pseudo-random buffer, its CRC-32 by a
// table, a run-length encoding into another Uint8Array and its decoding, and a byte histogram.
if (typeof print === 'undefined') print = console.log;
const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c;
}
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function fill(buf, seed) {
  let x = seed;
  for (let i = 0; i < buf.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    // Runs of equal bytes, so that run-length encoding has work to do.
    buf[i] = (x >>> 16) % 7 === 0 ? buf[i - 1] | 0 : (x >>> 8) & 0xff;
  }
}
function rle(src, out) {
  let o = 0;
  for (let i = 0; i < src.length; ) {
    const b = src[i];
    let n = 1;
    while (i + n < src.length && src[i + n] === b && n < 255) n++;
    out[o++] = n;
    out[o++] = b;
    i += n;
  }
  return o;
}
function unrle(src, len, out) {
  let o = 0;
  for (let i = 0; i < len; i += 2) for (let k = 0; k < src[i]; k++) out[o++] = src[i + 1];
  return o;
}
const data = new Uint8Array(1 << 20), packed = new Uint8Array(2 << 20), back = new Uint8Array(1 << 20);
let crc = 0, sizes = 0;
const hist = new Uint32Array(256);
for (let round = 0; round < 3; round++) {
  fill(data, round + 1);
  crc = (crc ^ crc32(data)) >>> 0;
  const n = rle(data, packed);
  sizes += n + unrle(packed, n, back);
  if (crc32(back) !== crc32(data)) throw new Error("typed-uint8: round trip failed");
  for (let i = 0; i < data.length; i++) hist[data[i]]++;
}
let top = 0;
for (let b = 1; b < 256; b++) if (hist[b] > hist[top]) top = b;
print("typed-uint8: crc " + crc.toString(16) + ", sizes " + sizes + ", most common byte " + top);
if (crc.toString(16) !== "99b75a75" || sizes !== 8400014 || top !== 220) throw new Error("typed-uint8: wrong result");
