// Recursion: direct, mutual, accumulators, deep (but bounded) depth.
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
var out = [];
for (var i = 0; i <= 20; i++) out.push(fib(i));
print(out.join(" "));
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }
print(fact(10), fact(20), fact(25), fact(170), fact(171));
function isEven(n) { return n === 0 ? true : isOdd(n - 1); }
function isOdd(n) { return n === 0 ? false : isEven(n - 1); }
print(isEven(100), isOdd(77), isEven(7));
function ack(m, n) { return m === 0 ? n + 1 : n === 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
print(ack(2, 3), ack(3, 3));
function hanoi(n, from, to, via, moves) { if (n === 0) return moves; hanoi(n - 1, from, via, to, moves); moves.push(from + to); hanoi(n - 1, via, to, from, moves); return moves; }
print(hanoi(3, "A", "C", "B", []).join(" "), hanoi(10, "A", "C", "B", []).length);
function depth(n) { return n === 0 ? 0 : 1 + depth(n - 1); }
print(depth(5000));
function sumTo(n, acc) { return n === 0 ? acc : sumTo(n - 1, acc + n); }
print(sumTo(3000, 0));
function perms(s) { if (s.length <= 1) return [s]; var r = []; for (var i = 0; i < s.length; i++) { var rest = perms(s.slice(0, i) + s.slice(i + 1)); for (var j = 0; j < rest.length; j++) r.push(s[i] + rest[j]); } return r; }
print(perms("abc").join(","), perms("abcde").length);
var fe = function named(n) { return n > 0 ? named(n - 1) + 1 : 0; };
print(fe(10), typeof named);
function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }
print(gcd(1071, 462), gcd(17, 5));
function flatten(a) { return a.reduce(function (acc, x) { return acc.concat(Array.isArray(x) ? flatten(x) : [x]); }, []); }
print(flatten([1, [2, [3, [4, [5]]]], 6]).join(","));
