// Typed-array element accesses in mid code, speculated on the element kind their site saw: each speculation fails
// once mid-run (another kind, a detached buffer, an index out of bounds, a shrunk resizable buffer, a receiver that
// is no typed array, a value the code does not convert), deoptimises, and the next compile runs the routine there.
// The printed values are node's.

function warm(f, args, n) {
  for (let i = 0; i < n; i++) f(...args);
}
function again(f, args) {
  warm(f, args, 20);
  Tetra.optimize(f, "mid");
}

// Another element kind at a site that saw one: Float64Array values stay unboxed in the loop.
function sum(a, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i];
  return s;
}
const f64 = new Float64Array([1.5, 2.5, 3.25]);
again(sum, [f64, 3]);
print("float64", sum(f64, 3), Tetra.tierOf(sum));
print("int8 where float64 was", sum(new Int8Array([1, -2, 3]), 3), Tetra.tierOf(sum));
again(sum, [f64, 3]);
print("generic after the deopt", sum(new Int8Array([1, -2, 3]), 3), sum(f64, 3), Tetra.tierOf(sum));

// A buffer detached by ArrayBuffer.prototype.transfer: its elements read undefined.
function get(a, i) { return a[i]; }
const u8 = new Uint8Array([10, 200, 30]);
again(get, [u8, 1]);
print("uint8", get(u8, 1), Tetra.tierOf(get));
const moved = u8.buffer.transfer();
print("detached", get(u8, 1), u8.length, new Uint8Array(moved)[1], Tetra.tierOf(get));

// An index out of bounds: the store does nothing, the load reads undefined.
function put(a, i, v) { a[i] = v; return a[i]; }
const i16 = new Int16Array(4);
again(put, [i16, 1, 7]);
print("int16", put(i16, 2, 40000), put(i16, 3, -1.9), Tetra.tierOf(put));
print("out of bounds", put(i16, 9, 5), put(i16, -1, 5), i16.join(), Tetra.tierOf(put));

// A fixed-length view of a resizable buffer that shrank below it: out of bounds as a whole. A length-tracking view
// has the elements that still fit.
function at(a, i) { return a[i]; }
function atTracking(a, i) { return a[i]; }
const rab = new ArrayBuffer(16, { maxByteLength: 32 });
const fixed = new Int32Array(rab, 0, 4), tracking = new Int32Array(rab, 4);
fixed[1] = 11;
fixed[3] = -7;
again(at, [fixed, 3]);
again(atTracking, [tracking, 2]);
print("resizable", at(fixed, 3), atTracking(tracking, 2), Tetra.tierOf(at), Tetra.tierOf(atTracking));
rab.resize(8);
print("shrunk", at(fixed, 0), at(fixed, 3), Tetra.tierOf(at));
print("tracking", atTracking(tracking, 0), Tetra.tierOf(atTracking), atTracking(tracking, 1), tracking.length,
  Tetra.tierOf(atTracking));

// A receiver that is no typed array; then an unsigned element beyond int32.
function first(a) { return a[0]; }
const u32 = new Uint32Array([4294967295]);
again(first, [u32]);
print("uint32", first(u32), Tetra.tierOf(first));
print("array", first([5]), first("xyz"), Tetra.tierOf(first));

// Stores convert: ToUint8Clamp rounds half to even, the integer kinds keep ToInt32's low bits, float32 rounds;
// values the code does not convert (an infinity, a string) deopt.
function store(a, v) { a[0] = v; return a[0]; }
function store2(a, v) { a[0] = v; return a[0]; }
function store3(a, v) { a[0] = v; return a[0]; }
const clamped = new Uint8ClampedArray(1), i8 = new Int8Array(1), f32 = new Float32Array(1);
again(store, [clamped, 3.5]);
again(store2, [i8, 3]);
again(store3, [f32, 0.1]);
print("clamped", store(clamped, 2.5), store(clamped, 3.5), store(clamped, 254.5), store(clamped, 300),
  store(clamped, -1), store(clamped, -0.5), store(clamped, NaN), store(clamped, 7), Tetra.tierOf(store));
print("int8", store2(i8, 300.7), store2(i8, -129), store2(i8, 2 ** 40 + 133.5), store2(i8, -0), store2(i8, NaN),
  Tetra.tierOf(store2));
print("float32", store3(f32, 0.1), store3(f32, 16777217), store3(f32, -0) === 0, Tetra.tierOf(store3));
print("value deopts", store2(i8, Infinity), store2(i8, "12"), store3(f32, "2.5"), Tetra.tierOf(store2));

// `length` through %TypedArray%.prototype's getter, read by mid code from the view: fixed, length-tracking,
// shrunk, detached; an object with a typed array's shape that is none deopts (the getter throws).
function len(a) { return a.length; }
const lrab = new ArrayBuffer(10, { maxByteLength: 20 });
const lu = new Uint16Array(5), lt = new Uint16Array(lrab, 2);
warm(len, [lt], 20);
again(len, [lu]);
print("length", len(lu), len(lt), Tetra.tierOf(len));
lrab.resize(5);
const shrunk = len(lt);
lrab.resize(1);
lu.buffer.transfer();
print("length after resizes", shrunk, len(lt), len(lu), Tetra.tierOf(len));
try {
  len(Object.create(Uint16Array.prototype));
} catch (e) {
  print("not a typed array", e.constructor.name, Tetra.tierOf(len));
}
