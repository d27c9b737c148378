// Stores into holes of preallocated arrays: filled in place while no prototype has indexed properties; once one
// does, a store into a hole must find the prototype's setter (and a store over a present element must not).
if (typeof print === 'undefined') print = console.log;
function fill(a, n) { for (var i = 0; i < n; i++) a[i] = i * 2; return a; }
function put(a, i, v) { a[i] = v; return a; }
var total = 0;
for (var r = 0; r < 40; r++) total += fill(new Array(8), 8).reduce(function (s, x) { return s + x; }, 0);
print(total, fill(new Array(3), 2).length, 1 in fill(new Array(3), 2), 2 in fill(new Array(3), 2));
var frozen = Object.freeze(new Array(2));
put(frozen, 0, 1);
print(0 in frozen, frozen.length);
var sealed = Object.preventExtensions([1, , 3]);
put(sealed, 1, 2);
print(1 in sealed, sealed.join());
var log = [];
Object.defineProperty(Array.prototype, 1, { set: function (v) { log.push("set " + v); }, get: function () { return "proto"; }, configurable: true });
var a = new Array(3);
for (var k = 0; k < 3; k++) put(a, k, "v" + k);
print(a[0], a[1], a[2], a.hasOwnProperty(1), log.join("|"));
var b = ["x", "y", "z"];
put(b, 1, "w");
print(b.join(), log.join("|"));
delete Array.prototype[1];
var c = put(new Array(3), 1, "after");
print(c[1], c.hasOwnProperty(1));
