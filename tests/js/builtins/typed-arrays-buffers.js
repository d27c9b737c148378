// ArrayBuffer, SharedArrayBuffer and DataView: slicing, resizable buffers and length-tracking views, byte order.
var b = new ArrayBuffer(8);
var u8 = new Uint8Array(b);
u8.set([1, 2, 3, 4, 5, 6, 7, 8]);
print(b.byteLength, b.resizable, b.maxByteLength, ArrayBuffer.isView(u8), ArrayBuffer.isView(b));
print(new Uint8Array(b.slice(2, -2)), new Uint8Array(b.slice(-3)), b.slice(5, 2).byteLength);
print(new Int16Array(b, 2, 2).length, new Uint8Array(b, 6).length, new Uint16Array(b, 4)[0]);

var r = new ArrayBuffer(4, { maxByteLength: 12 });
var tracking = new Uint16Array(r);
var fixed = new Uint16Array(r, 0, 2);
var offsetView = new Uint8Array(r, 2);
print(r.resizable, r.maxByteLength, tracking.length, fixed.length, offsetView.length);
r.resize(12);
print(tracking.length, fixed.length, offsetView.length, tracking.byteLength);
tracking.fill(7);
r.resize(3);
print(tracking.length, fixed.length, fixed.byteLength, fixed.byteOffset, fixed[0], offsetView.length);
r.resize(1);
print(tracking.length, offsetView.length, offsetView.byteOffset, offsetView[0]);
r.resize(6);
print(tracking + "", fixed + "", offsetView + "");
try {
  fixed.fill(1, 0, 1);
  r.resize(2);
  fixed.fill(1);
} catch (e) {
  print(e.constructor.name);
}
try {
  r.resize(13);
} catch (e) {
  print(e.constructor.name);
}
try {
  new ArrayBuffer(4, { maxByteLength: 2 });
} catch (e) {
  print(e.constructor.name);
}
try {
  new Uint16Array(new ArrayBuffer(3));
} catch (e) {
  print(e.constructor.name);
}
try {
  new Uint32Array(new ArrayBuffer(8), 2);
} catch (e) {
  print(e.constructor.name);
}

var s = new SharedArrayBuffer(2, { maxByteLength: 8 });
var si = new Int8Array(s);
print(Object.prototype.toString.call(s), s.growable, si.length);
s.grow(8);
print(si.length, s.byteLength);
try {
  s.grow(4);
} catch (e) {
  print(e.constructor.name);
}
print(Object.getPrototypeOf(s) === SharedArrayBuffer.prototype, s instanceof ArrayBuffer);

var dv = new DataView(new ArrayBuffer(16), 2, 12);
dv.setUint32(0, 0x01020304);
dv.setUint32(4, 0x01020304, true);
print(dv.getUint8(0), dv.getUint8(3), dv.getUint8(4), dv.getUint8(7), dv.byteLength, dv.byteOffset);
print(dv.getUint32(0, true).toString(16), dv.getInt16(0), dv.getInt16(2, true));
dv.setFloat64(4, Math.PI);
print(dv.getFloat64(4), dv.getFloat32(4), dv.getFloat64(4, true));
dv.setInt8(0, -1);
print(dv.getUint8(0), dv.getInt8(0), dv.getUint16(0));
dv.setFloat32(0, -0);
print(Object.is(dv.getFloat32(0), -0), dv.getUint8(0));
try {
  dv.getUint32(10);
} catch (e) {
  print(e.constructor.name);
}
try {
  dv.getInt8(-1);
} catch (e) {
  print(e.constructor.name);
}
try {
  new DataView(new ArrayBuffer(4), 5);
} catch (e) {
  print(e.constructor.name);
}
var rb = new ArrayBuffer(4, { maxByteLength: 8 });
var tdv = new DataView(rb);
print(tdv.byteLength);
rb.resize(8);
print(tdv.byteLength);
var fdv = new DataView(rb, 4, 4);
rb.resize(6);
try {
  fdv.getInt8(0);
} catch (e) {
  print(e.constructor.name);
}

// Argument conversions that shrink the buffer under copyWithin: the copy stops at the view's new end.
var cb = new ArrayBuffer(16, { maxByteLength: 16 });
var cw = new Uint8Array(cb);
for (var ci = 0; ci < 16; ci++) cw[ci] = ci + 1;
cw.copyWithin(12, { valueOf: function () { cb.resize(4); return 0; } });
print(cw.length, cw + "");
cb.resize(16);
for (var ci = 0; ci < 16; ci++) cw[ci] = ci + 1;
cw.copyWithin(2, { valueOf: function () { cb.resize(8); return 0; } });
print(cw + "");
cb.resize(16);
for (var ci = 0; ci < 16; ci++) cw[ci] = ci + 1;
cw.copyWithin(0, { valueOf: function () { cb.resize(10); return 4; } });
print(cw + "");

// A species constructor that shrinks the source under slice: nothing left to copy.
var sb = new ArrayBuffer(16, { maxByteLength: 16 });
var su = new Uint8Array(sb);
su.constructor = {};
su.constructor[Symbol.species] = function (n) {
  sb.resize(2);
  return new Uint8Array(n);
};
print(su.slice(10, 16) + "", su.length);
