// arrays-sort: a sieve, array fills and scans, sorting numbers with a comparator, insertion sort.
if (typeof print === 'undefined') print = console.log;
function sieve(n) { var flags = []; for (var i = 0; i <= n; i++) flags.push(true); var count = 0;
  for (var p = 2; p <= n; p++) { if (flags[p]) { count++; for (var m = p * p; m <= n; m += p) flags[m] = false; } } return count; }
function lcg(seed) { var s = seed; return function () { s = (s * 1103515245 + 12345) & 0x7fffffff; return s; }; }
function insertionSort(a) { for (var i = 1; i < a.length; i++) { var v = a[i], j = i - 1; while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; } a[j + 1] = v; } return a; }
var primes = 0;
for (var r = 0; r < 16; r++) primes += sieve(100000);
var rnd = lcg(42);
var sortedSum = 0;
for (var k = 0; k < 30; k++) {
  var a = []; for (var i = 0; i < 8000; i++) a.push(rnd() % 100000);
  a.sort(function (x, y) { return x - y; });
  for (var q = 1; q < a.length; q++) if (a[q - 1] > a[q]) throw new Error("not sorted");
  sortedSum = (sortedSum + a[0] + a[a.length >> 1] + a[a.length - 1]) | 0;
}
var small = []; for (var s = 0; s < 1200; s++) small.push(rnd() % 1000);
insertionSort(small);
var checksum = (primes + sortedSum + small[0] + small[600] + small[1199]) | 0;
print("arrays-sort: primes " + primes + ", checksum " + checksum);
if (primes !== 16 * 9592 || checksum !== 4651912) throw new Error("arrays-sort: wrong result " + checksum);
