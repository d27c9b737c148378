// The load IC's typed-array length: cached while %TypedArray%.prototype's getter is the one found, for fixed and
// length-tracking views; a length defined on a prototype in between is seen at once.
const a = new Uint8Array(10), f = new Float64Array(new ArrayBuffer(16, { maxByteLength: 64 }));
let s = 0; for (let i = 0; i < 1000; i++) s += a.length + f.length;
print(s, a.length, f.length);
f.buffer.resize(64); print(f.length);
Object.defineProperty(Uint8Array.prototype, "length", { get() { return 99; } });
print(a.length, f.length);
let t = 0; for (let i = 0; i < 1000; i++) t += a.length; print(t);
function sum(t) { let s = 0; for (let i = 0; i < t.length; i++) s += t[i]; return s; }
const u = new Uint16Array(100).map((_, i) => i); let total = 0; for (let r = 0; r < 300; r++) total += sum(u); print(total);
