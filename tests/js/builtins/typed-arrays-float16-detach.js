// Float16Array and Math.f16round (one rounding from the double, ties to even), and detaching by transfer.
// The expected output comes from node >= 24 (Float16Array, ArrayBuffer.prototype.transfer): run
// tests/tools/node-expected.py with such a node first on PATH.
var h = new Float16Array([1.337, 65504, 65520, 2.980232238769532e-8, 2.9802322387695312e-8, -0, NaN, 1e-10, 0.1]);
print(h.join(), Object.is(h[5], -0));
print(Math.f16round(1.0009765625), Math.f16round(1.00048828125), Math.f16round(1.0004882812500002), Math.f16round(-70000));
print(Math.f16round(6.097555160522461e-5), Math.f16round(2.5), Math.f16round("3.14159"), Math.f16round());
var hd = new DataView(new ArrayBuffer(4));
hd.setFloat16(0, 1.5);
hd.setFloat16(2, -2, true);
print(hd.getUint16(0).toString(16), hd.getUint16(2).toString(16), hd.getFloat16(0), hd.getFloat16(2, true), Float16Array.BYTES_PER_ELEMENT);
print(new Float16Array([3, 1, 2]).sort() + "", new Uint8Array(new Float16Array([1]).buffer) + "");

var b = new ArrayBuffer(8, { maxByteLength: 16 });
var u = new Uint8Array(b);
u.set([1, 2, 3, 4, 5, 6, 7, 8]);
var moved = b.transfer();
print(b.detached, b.byteLength, b.maxByteLength, u.length, u.byteLength, u.byteOffset, u[0], 0 in u);
print(moved.resizable, moved.maxByteLength, new Uint8Array(moved) + "", Object.keys(u).length);
u[0] = 5;
print(u[0], Reflect.set(u, 0, 1), Reflect.defineProperty(u, 0, { value: 1 }), delete u[0]);
var errors = [];
function attempt(name, f) {
  try {
    f();
    errors.push(name + ":ok");
  } catch (e) {
    errors.push(name + ":" + e.constructor.name);
  }
}
attempt("slice", function () { b.slice(0); });
attempt("resize", function () { b.resize(4); });
attempt("transfer", function () { b.transfer(); });
attempt("view", function () { new Uint8Array(b); });
attempt("dataview", function () { new DataView(b); });
attempt("fill", function () { u.fill(0); });
attempt("join", function () { u.join(); });
attempt("iterate", function () { for (var x of u) {} });
attempt("subarray", function () { u.subarray(0); });
attempt("from", function () { new Int8Array(u); });
print(errors.join(" "));
var fixed = moved.transferToFixedLength(4);
print(moved.detached, fixed.resizable, fixed.byteLength, new Uint8Array(fixed) + "", new Uint8Array(moved.constructor === ArrayBuffer ? fixed.transfer(6) : fixed) + "");

// A conversion that detaches the buffer mid-call: the store is dropped, later reads are undefined.
var victim = new Float64Array(4);
var evil = { valueOf: function () { victim.buffer.transfer(); return 1; } };
victim[0] = evil;
print(victim.length, victim[0]);
var victim2 = new Int8Array([1, 2, 3]);
print(victim2.map(function (x, i) { if (i === 0) victim2.buffer.transfer(); return x; }) + "");
