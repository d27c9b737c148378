// dataview-parse: a binary format written and read with DataView (written from scratch): records of a header
// (magic, version, count) and entries (u16 tag, u32 id in big endian, f64 value and i32 delta in little endian,
// a length-prefixed byte string), encoded into an ArrayBuffer, then parsed and checked many times.
if (typeof print === 'undefined') print = console.log;
function encode(count) {
  const buf = new ArrayBuffer(16 + count * 64);
  const dv = new DataView(buf);
  dv.setUint32(0, 0x54455452); // "TETR"
  dv.setUint16(4, 3, true);
  dv.setUint32(8, count, true);
  let p = 16;
  for (let i = 0; i < count; i++) {
    dv.setUint16(p, i & 0x7fff, true);
    dv.setUint32(p + 2, (i * 2654435761) >>> 0, false);
    dv.setFloat64(p + 6, i / 7, true);
    dv.setInt32(p + 14, (i % 2 ? -1 : 1) * i * 3, true);
    const len = i % 23;
    dv.setUint8(p + 18, len);
    for (let k = 0; k < len; k++) dv.setUint8(p + 19 + k, 97 + ((i + k) % 26));
    p += 19 + len;
  }
  return { buf, size: p };
}
function parse(buf, size) {
  const dv = new DataView(buf, 0, size);
  if (dv.getUint32(0) !== 0x54455452 || dv.getUint16(4, true) !== 3) throw new Error("bad header");
  const count = dv.getUint32(8, true);
  let p = 16, tags = 0, ids = 0, values = 0, deltas = 0, letters = 0;
  for (let i = 0; i < count; i++) {
    tags += dv.getUint16(p, true);
    ids = (ids + dv.getUint32(p + 2, false)) >>> 0;
    values += dv.getFloat64(p + 6, true);
    deltas += dv.getInt32(p + 14, true);
    const len = dv.getUint8(p + 18);
    for (let k = 0; k < len; k++) letters += dv.getUint8(p + 19 + k) - 96;
    p += 19 + len;
  }
  return tags + ids + values + deltas + letters;
}
const { buf, size } = encode(20000);
let total = 0;
for (let r = 0; r < 40; r++) total += parse(buf, size);
print("dataview-parse: " + total.toFixed(3) + " from " + size + " bytes");
if (total.toFixed(3) !== "11738693160.000") throw new Error("dataview-parse: wrong result");
