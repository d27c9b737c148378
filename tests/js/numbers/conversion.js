// ToPrimitive, ToString, ToNumber, string concatenation.
print(1 + "2", "1" + 2, 1 + 2 + "3", "1" + 2 + 3, 1 + (2 + "3"));
print("x" + null, "x" + undefined, "x" + true, "x" + 1.5, "x" + -0, "x" + NaN, "x" + 1e21);
print([] + [], [] + {}, [1, 2] + [3], ({}) + "", [null] + "", [undefined, 1] + "", [[1, 2], [3]] + "");
print(1 + null, 1 + undefined, 1 + true, true + true, null + null);
var v = { valueOf: function () { return 42; }, toString: function () { return "str"; } };
print(v + 1, v + "", "" + v, String(v), `${v}`, v * 2, [v] + "");
var t = { toString: function () { return "7"; } };
print(t + 1, t * 1, t - 1, +t);
var onlyObj = { valueOf: function () { return {}; }, toString: function () { return "fallback"; } };
print(onlyObj + 1);
var d = { valueOf: function () { return 3; } };
print(d + d, d * d, d > 2, d == 3, d === 3);
try {
  var bad = { valueOf: function () { return {}; }, toString: function () { return {}; } };
  print(bad + 1);
} catch (e) { print(e instanceof TypeError, e.name); }
print(String(123), String(-1.5), String(null), String(undefined), String(true), String([1, [2, 3]]), String({}));
print(Number("42"), Number("4.2e1"), Number(""), Number("  "), Number("12px"), Number(null), Number(undefined), Number([]), Number(["5"]), Number(false));
print(Number("Infinity"), Number("-Infinity"), Number("0b101"), Number("0o17"), Number("-0x10"), Number(".5"), Number("5."), Number("+5"));
print(Boolean(""), Boolean(" "), Boolean(0), Boolean(-0), Boolean(NaN), Boolean("0"), Boolean("false"), Boolean({}), Boolean([]), Boolean(null));
print(!!"", !!"a", !0, !1, !NaN, !!document_undefined_check());
function document_undefined_check() { return typeof document === "undefined"; }
print(parseInt("42abc"), parseInt("abc"), parseInt("  -17  "), parseInt("0x1A"), parseInt("1010", 2), parseInt("z", 36), parseInt("08"), parseInt("1e3"), parseInt(0.0000005), parseInt("", 10));
print(parseFloat("3.14abc"), parseFloat(".5"), parseFloat("-.5e2"), parseFloat("abc"), parseFloat("Infinityx"), parseFloat("1e1000"));
