// closures: higher-order functions (map/filter/reduce with closures), counters, composed functions.
if (typeof print === 'undefined') print = console.log;
function makeCounter(step) { var n = 0; return function () { n += step; return n; }; }
function compose(f, g) { return function (x) { return f(g(x)); }; }
function curryAdd(a) { return function (b) { return a + b; }; }
var data = []; for (var i = 0; i < 3000; i++) data.push(i);
var checksum = 0;
for (var round = 0; round < 400; round++) {
  var k = round % 7 + 1;
  var addK = curryAdd(k);
  var f = compose(addK, function (x) { return x * 2; });
  var r = data.map(f).filter(function (x) { return x % 3 !== 0; }).reduce(function (a, b) { return (a + b) | 0; }, 0);
  var c = makeCounter(k);
  for (var j = 0; j < 1000; j++) c();
  checksum = (checksum + r + c()) | 0;
  data.forEach(function (x) { if ((x & 255) === round) checksum = (checksum + x) | 0; });
}
print("closures: checksum " + checksum);
if (checksum !== -1886476199) throw new Error("closures: wrong result " + checksum);
