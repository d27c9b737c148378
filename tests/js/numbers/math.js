// Math functions (results that are exactly specified or correctly rounded in practice).
print(Math.floor(1.7), Math.floor(-1.2), Math.ceil(1.2), Math.ceil(-1.7), 1 / Math.ceil(-0.5));
print(Math.round(2.5), Math.round(-2.5), Math.round(-2.6), Math.round(0.49999999999999994), Math.round(3), Math.round(NaN));
print(Math.trunc(4.7), Math.trunc(-4.7), Math.sign(-3), Math.sign(0), Math.sign(2), 1 / Math.sign(-0));
print(Math.abs(-5), Math.abs("-2"), Math.abs(null), Math.abs(), Math.sqrt(16), Math.sqrt(2), Math.sqrt(-1), Math.cbrt ? Math.cbrt(27) : 3);
print(Math.min(3, 1, 2), Math.max(3, 1, 2), Math.min(), Math.max(), Math.min(1, NaN), Math.max(-0, 0), 1 / Math.min(0, -0));
print(Math.pow(2, 10), Math.pow(2, 0.5), Math.pow(NaN, 0), Math.pow(1, Infinity), Math.pow(-8, 1 / 3));
print(Math.sin(0), Math.cos(0), Math.sin(Math.PI / 2), Math.atan2(1, 1) * 4, Math.atan2(0, -1), Math.atan2(-0, 1));
print(Math.exp(0), Math.exp(1), Math.log(Math.E), Math.log(1), Math.log(0), Math.log(-1), Math.log2 ? Math.log2(8) : 3, Math.log10 ? Math.log10(1000) : 3);
print(Math.PI, Math.E, Math.SQRT2, Math.LN2, Math.LN10);
print(Math.hypot ? Math.hypot(3, 4) : 5, Math.fround ? Math.fround(5.5) : 5.5, Math.imul(3, 4), Math.imul(0xffffffff, 5), Math.clz32(1));
print(typeof Math.random(), Math.random() >= 0 && Math.random() < 1);
var r = Math.floor(Math.random() * 10); print(r >= 0 && r < 10 && r === (r | 0));
print(Math.max.apply(null, [4, 9, 2]), Math.min.apply(Math, [4, 9, 2]));
print(Math.floor(-0) === 0, 1 / Math.floor(-0), Math.tan(0), Math.asin(1) * 2 === Math.PI, Math.acos(1), Math.atan(0));
print(Object.prototype.toString.call(Math), typeof Math);
