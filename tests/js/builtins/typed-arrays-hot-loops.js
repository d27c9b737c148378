// Hot loops over typed arrays, so that compiled tiers run the element loads and stores (every tier must agree).
function checksum(t) {
  var s = 0;
  for (var i = 0; i < t.length; i++) s = (s * 31 + t[i]) | 0;
  return s;
}
function fillSquares(t) {
  for (var i = 0; i < t.length; i++) t[i] = i * i;
  return t;
}
function saxpy(a, x, y) {
  for (var i = 0; i < x.length; i++) y[i] = a * x[i] + y[i];
  return y;
}
var kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array];
for (var k = 0; k < kinds.length; k++) {
  var t = fillSquares(new kinds[k](300));
  print(kinds[k].name, checksum(t), t[299], t[17]);
}
var x = new Float64Array(1000);
var y = new Float64Array(1000);
for (var i = 0; i < x.length; i++) {
  x[i] = i / 7;
  y[i] = 1000 - i;
}
for (var round = 0; round < 20; round++) saxpy(0.5, x, y);
print(y[0], y[1], y[999].toFixed(6));

// Bytes through a DataView in a loop: a little parser.
var buf = new ArrayBuffer(400);
var w = new DataView(buf);
for (var j = 0; j < 100; j++) w.setUint32(j * 4, j * 65537, j % 2 === 0);
var total = 0;
for (var j = 0; j < 100; j++) total = (total + w.getUint32(j * 4, j % 2 === 0)) % 1000003;
print(total, new Uint8Array(buf)[5], new Uint8Array(buf)[7]);

// A loop that reads past the end and through detached-like (shrunk) views reads undefined, never crashes.
var rb = new ArrayBuffer(64, { maxByteLength: 64 });
var view = new Int32Array(rb);
function sumUndefinedAware(t, n) {
  var s = 0;
  for (var i = 0; i < n; i++) {
    var v = t[i];
    s += v === undefined ? 1000 : v;
  }
  return s;
}
fillSquares(view);
print(sumUndefinedAware(view, 20));
rb.resize(20);
print(sumUndefinedAware(view, 20), view.length);
