// Number constructor and statics.
print(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON > 0, Number.EPSILON < 1e-15);
print(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN);
print(Number.isInteger(5), Number.isInteger(5.5), Number.isInteger("5"), Number.isInteger(Infinity), Number.isInteger(-0));
print(Number.isSafeInteger(2 ** 53 - 1), Number.isSafeInteger(2 ** 53), Number.isNaN(NaN), Number.isNaN("NaN"), Number.isFinite("5"), Number.isFinite(5));
print(isNaN("NaN"), isNaN("5"), isNaN(undefined), isNaN(null), isFinite("5"), isFinite(Infinity), isFinite(null));
print(Number.parseInt === parseInt, Number.parseFloat === parseFloat);
print(typeof Number(5), typeof new Number(5), new Number(5) + 1, new Number(5) == 5, new Number(5) === 5);
var n = new Number(7);
print(n.valueOf(), n.toString(), typeof n.valueOf());
print((42).toString(), 42..toString(), (42).toString(8), Number.prototype.toString.call(10, 16));
print(Number("  0x1F  "), Number("1_000"), Number("- 1"));
print(0.1 + 0.2 === 0.3, Math.abs(0.1 + 0.2 - 0.3) < Number.EPSILON);
try { (1).toString(1); } catch (e) { print(e.name); }
try { (1).toFixed(101); } catch (e) { print(e.name); }
try { Number.prototype.toString.call("x"); } catch (e) { print(e.name); }
