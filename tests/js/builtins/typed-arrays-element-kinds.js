// Keyed loads and stores by element kind: each site warms up on one kind (so compiled tiers specialise on it),
// then meets conversions, other kinds, plain arrays, indices out of bounds, resized and detached buffers.
var kinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float16Array, Float32Array, Float64Array];
var values = [0, 1, -1, 127, 128, 255, 256, -129, 65535, 65536, 2147483647, -2147483648, 4294967295, 0.5, 1.5,
  2.5, -0.5, 254.5, 255.5, 1e10, -1e10, 2 ** 63 + 4096, 2 ** 64, NaN, Infinity, -Infinity, -0, 3.14159, 1e-40,
  "7", undefined];
for (var k = 0; k < kinds.length; k++) {
  var K = kinds[k];
  var read = new Function("a", "i", "return a[i];");
  var write = new Function("a", "i", "v", "a[i] = v; return a[i];");
  var a = new K(4);
  var warm = 0;
  for (var r = 0; r < 300; r++) warm += write(a, r & 3, r) + read(a, (r + 1) & 3);
  var line = [K.name, warm];
  for (var j = 0; j < values.length; j++) {
    var got = write(a, 1, values[j]);
    line.push(Object.is(got, -0) ? "-0" : String(got));
  }
  print(line.join(" "));
  print("  others", read(a, 4), read(a, -1), write(a, 7, 3), read(new Int8Array([5, 6]), 1), read([1, 2, 3], 1),
    read("abc", 1), read({ 1: "one" }, 1));
  var rab = new ArrayBuffer(K.BYTES_PER_ELEMENT * 4, { maxByteLength: 64 });
  var fixed = new K(rab, 0, 4), tracking = new K(rab);
  write(fixed, 3, 9);
  write(tracking, 2, 10);
  print("  resizable", read(fixed, 3), read(tracking, 2));
  rab.resize(K.BYTES_PER_ELEMENT * 2);
  print("  shrunk", read(fixed, 1), read(tracking, 1), write(fixed, 1, 4), write(tracking, 1, 5), read(tracking, 3),
    tracking.length);
  var b = new K(4);
  write(b, 2, 6);
  var moved = b.buffer.transfer();
  print("  detached", read(b, 2), write(b, 2, 1), new K(moved)[2], b.length);
}
