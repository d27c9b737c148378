// Compound assignment and update expressions on variables, properties and elements; evaluation order.
var o = { a: 1, b: "s", arr: [1, 2, 3] };
o.a += 5; o.b += 1; o.arr[1] *= 10; o["a"] -= 1; o.arr[2] **= 2;
print(o.a, o.b, o.arr.join(","));
o.a++; ++o.a; o.arr[0]--; --o.arr[0];
print(o.a, o.arr[0], o.a++ + ++o.a, o.a);
var order = [];
function obj() { order.push("obj"); return o; }
function key() { order.push("key"); return "a"; }
function val() { order.push("val"); return 100; }
obj()[key()] = val();
print(order.join(","), o.a);
order = [];
obj()[key()] += val();
print(order.join(","), o.a);
var i = 0; var arr = [10, 20, 30];
arr[i++] = arr[i++] + 1;
print(arr.join(","), i);
var x = 1; x = x++ + x; print(x);
var y = 5; y += y *= 2; print(y);
var a, b, c; a = b = c = 7; print(a, b, c);
var s = "str"; s += 1 + 2; print(s);
var n = null; n += 1; var u; u += 1; print(n, u);
var bits = 0b1010; bits |= 0b0101; bits &= 0b1100; bits ^= 0b1111; bits <<= 2; bits >>= 1; bits >>>= 0; print(bits);
var prop = { count: 0 }; for (var k = 0; k < 5; k++) prop.count += k; print(prop.count);
var strNum = "5"; strNum -= 2; print(strNum, typeof strNum);
var obj2 = { valueOf: function () { return 10; } }; obj2 += 1; print(obj2);
var und = {}; und.missing += 1; print(und.missing);
var elems = [0, 0, 0]; for (var j = 0; j < 9; j++) elems[j % 3]++; print(elems.join(""));
