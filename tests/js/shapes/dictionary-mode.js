// 100+ properties on one object (dictionary mode), then reading them all back.
var big = {};
for (var i = 0; i < 150; i++) big["prop" + i] = i * i;
var ok = true;
for (var j = 0; j < 150; j++) if (big["prop" + j] !== j * j) ok = false;
print(ok, Object.keys(big).length, big.prop0, big.prop99, big.prop149);
var keys = Object.keys(big);
print(keys.slice(0, 5).join(","), keys.slice(-3).join(","));
for (var d = 0; d < 150; d += 3) delete big["prop" + d];
var remaining = 0, sum = 0;
for (var k in big) { remaining++; sum += big[k]; }
print(remaining, sum, big.prop3, big.prop4);
for (var a = 0; a < 150; a += 3) big["prop" + a] = -a;
print(Object.keys(big).length, Object.keys(big).slice(95).join(","), big.prop147);
var numeric = {};
for (var n = 299; n >= 0; n--) numeric[n] = n;
numeric.last = "str";
var nk = Object.keys(numeric);
print(nk.length, nk.slice(0, 5).join(","), nk[299], nk[300]);
function Wide() { for (var w = 0; w < 120; w++) this["f" + w] = w; }
var wides = [];
for (var z = 0; z < 20; z++) wides.push(new Wide());
var total = 0;
for (var y = 0; y < wides.length; y++) for (var f = 0; f < 120; f += 13) total += wides[y]["f" + f];
print(total, wides[19].f119, JSON.stringify(wides[0]).length);
var proto = {};
for (var p = 0; p < 110; p++) proto["m" + p] = p;
var child = Object.create(proto);
child.own = "own";
print(child.m0, child.m109, child.own, "m50" in child, child.hasOwnProperty("m50"));
var mixed = {};
for (var x = 0; x < 100; x++) { Object.defineProperty(mixed, "acc" + x, { get: (function (x) { return function () { return x * 3; }; })(x), enumerable: x % 2 === 0, configurable: true }); }
print(Object.keys(mixed).length, mixed.acc99, mixed.acc50);
