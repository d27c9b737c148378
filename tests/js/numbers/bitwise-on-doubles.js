// Bitwise operations on doubles (ToInt32 modulo 2^32, NaN and the infinities 0, >>> giving a uint32), hot enough
// for compiled tiers to speculate on numbers; then values that are no numbers at the same sites.
function xor(a, b) { return a ^ b; }
function and(a) { return a & 0x7fffffff; }
function shr(a, b) { return a >>> b; }
function shl(a, b) { return a << b; }
function sar(a, b) { return a >> b; }
function or(a, b) { return a | b; }
var vals = [0, -0, 1, -1, 0.5, -0.5, 1.9, -1.9, 2147483647, 2147483648, -2147483648, -2147483649, 4294967295,
  4294967296, 4294967297.7, 1e10, -1e10, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 63 + 2 ** 11,
  2 ** 64 + 2 ** 12, 2 ** 84 + 2 ** 32 + 2 ** 31, -(2 ** 70 + 2 ** 19), 1e300, -1e300, 5e-324, NaN, Infinity,
  -Infinity, 0xedb88320, 3.999999999];
var counts = [0, 1, 8, 31, 32, 33, -1, 2.5, 4294967295, 2 ** 64 + 2 ** 12];
for (var round = 0; round < 4; round++) {
  var h = 0;
  for (var i = 0; i < vals.length; i++) {
    for (var j = 0; j < counts.length; j++) {
      var a = vals[i], b = counts[j];
      var line = [xor(a, b), and(a), shr(a, b), shl(a, b), sar(a, b), or(a, b)].join(",");
      for (var k = 0; k < line.length; k++) h = (h * 31 + line.charCodeAt(k)) | 0;
      if (round === 0 && j === 2) print(String(a), line);
    }
  }
  print("round", round, h);
}
// A CRC-32 over doubles (the table's entries exceed int32).
var table = [];
for (var n = 0; n < 256; n++) {
  var c = n;
  for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c;
}
var crc = 0xffffffff;
for (var i = 0; i < 5000; i++) crc = table[(crc ^ (i * 7)) & 0xff] ^ (crc >>> 8);
print("crc", (crc ^ 0xffffffff) >>> 0);
print(xor("3", 5), and({ valueOf: function () { return 12; } }), shr(undefined, 1), or(null, 2), sar("-8", 1),
  shl(true, 3));
