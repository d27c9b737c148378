// Array.prototype methods (ES5 + a few later ones).
var a = [1, 2, 3];
print(a.push(4, 5), String(a), a.pop(), String(a), a.shift(), String(a), a.unshift(0, 1), String(a));
print(String([].pop()), String([].shift()), [].push());
var b = [1, 2, 3, 4, 5];
print(String(b.slice(1, 3)), String(b.slice(-2)), String(b.slice(3, 1)), String(b.slice()), b.slice() !== b);
var sp = [1, 2, 3, 4, 5];
print(String(sp.splice(1, 2)), String(sp), String(sp.splice(1, 0, "a", "b")), String(sp), String(sp.splice(-1)), String(sp), String(sp.splice(1)), String(sp));
print(String([1, 2].concat([3, [4]], 5)), [1, 2].concat().length, String([].concat(1, [2], [[3]])));
print([1, 2, 3].join(), [1, 2, 3].join(""), [1, 2, 3].join(" - "), [null, undefined, 0].join(), [].join() === "");
var r = [1, 2, 3]; print(String(r.reverse()), String(r));
print(String([3, 1, 10, 2, 21].sort()), String([3, 1, 10, 2, 21].sort(function (x, y) { return x - y; })), String(["b", "c", "a"].sort().reverse()));
print(String([5, 1, 4].sort(function (x, y) { return y - x; })), String([undefined, 3, , 1].sort()), [undefined, 3, , 1].sort().length);
var people = [{ n: "b", a: 30 }, { n: "a", a: 25 }, { n: "c", a: 30 }, { n: "d", a: 25 }];
print(people.sort(function (x, y) { return x.a - y.a; }).map(function (p) { return p.n; }).join(""));
var manySorted = []; for (var i = 0; i < 200; i++) manySorted.push((i * 7919) % 211);
manySorted.sort(function (x, y) { return x - y; });
var ok = true; for (var j = 1; j < manySorted.length; j++) if (manySorted[j - 1] > manySorted[j]) ok = false;
print("sorted 200:", ok, manySorted[0], manySorted[199]);
print([1, 2, 3, 2].indexOf(2), [1, 2, 3, 2].lastIndexOf(2), [1, 2].indexOf(3), [NaN].indexOf(NaN), [1, 2, 3].indexOf(1, 1), [1, 2, 3].lastIndexOf(3, -2), ["1"].indexOf(1));
print([2, 4].every(function (x) { return x % 2 === 0; }), [].every(function () { return false; }), [1, 2].some(function (x) { return x > 1; }), [].some(function () { return true; }));
var fe = []; [5, 6].forEach(function (x, i, arr) { fe.push(x + ":" + i + ":" + arr.length); }); print(fe.join(" "));
print(String([1, 2, 3].map(function (x) { return x * x; })), String([1, 2, 3, 4].filter(function (x) { return x % 2; })));
print([1, 2, 3, 4].reduce(function (acc, x) { return acc + x; }), [1, 2, 3].reduce(function (acc, x) { return acc + x; }, 10), ["a", "b", "c"].reduceRight(function (acc, x) { return acc + x; }), [[1], [2]].reduceRight(function (acc, x) { return acc.concat(x); }, []).join());
print(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray(new Array()), Array.isArray("abc"), Array.isArray(Array.prototype));
var ctx = { m: 3 }; print(String([1, 2].map(function (x) { return x * this.m; }, ctx)));
print([1, 2, 3].find(function (x) { return x > 1; }), [1, 2, 3].findIndex(function (x) { return x > 5; }), [1, 2, 3].includes(2), [NaN].includes(NaN), String([1, 2, 3].fill(0, 1)), String([1, [2, [3]]].flat ? [1, [2, [3]]].flat() : [1, 2, [3]]));
var mutate = [1, 2, 3]; var visited = []; mutate.forEach(function (x) { visited.push(x); if (x === 1) mutate.push(99); }); print(visited.join(","), mutate.length);
print(String(Array.prototype.concat.call(1, 2)), Array.prototype.slice.call("abc").join("|"), [].slice.call({ 0: "x", length: 1 })[0]);
var stack = []; for (var k = 0; k < 5; k++) stack.push(k); var popped = []; while (stack.length) popped.push(stack.pop()); print(popped.join(""));
var queue = [1, 2, 3]; queue.push(queue.shift()); print(queue.join(""));
print([3, 2, 1].sort() === undefined, [1, 2, 3].toString(), String([1, 2, 3].keys ? Array.from([7, 8].keys()) : [0, 1]));
try { [].reduce(function () {}); } catch (e) { print(e.name); }
try { [1].map(null); } catch (e) { print(e.name); }
var sparse = [1, , 3]; print(sparse.filter(function () { return true; }).length, sparse.reduce(function (a, x) { return a + x; }), sparse.indexOf(undefined), sparse.join("-"));
