// calls: recursive calls with small bodies (fib, tak) and calls through method/closure.
if (typeof print === 'undefined') print = console.log;
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function tak(x, y, z) { return y >= x ? z : tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)); }
var N = 32;
var f = fib(N);
var t = 0;
for (var i = 0; i < 12; i++) t += tak(18, 12, 6);
var checksum = f + t;
print("calls: fib(" + N + ") = " + f + ", 12*tak = " + t + ", checksum " + checksum);
if (f !== 2178309 || t !== 84 || checksum !== 2178393) throw new Error("calls: wrong result " + checksum);
