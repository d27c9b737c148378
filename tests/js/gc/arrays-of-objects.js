// Allocation-heavy: arrays of objects, arrays growing, objects holding arrays.
var pts = [];
for (var i = 0; i < 20000; i++) pts.push({ x: i, y: i * 2, tag: "p" + (i % 100) });
var sx = 0, sy = 0, tags = 0;
for (var j = 0; j < pts.length; j++) { sx += pts[j].x; sy += pts[j].y; tags += pts[j].tag.length; }
print(pts.length, sx, sy, tags);
var buckets = [];
for (var b = 0; b < 100; b++) buckets.push([]);
for (var k = 0; k < 20000; k++) buckets[k % 100].push({ k: k, sq: [k, k * k] });
var check = 0;
for (var b2 = 0; b2 < 100; b2++) for (var e = 0; e < buckets[b2].length; e++) check = (check + buckets[b2][e].sq[1] % 1000) | 0;
print(check, buckets[42].length, buckets[99][199].k);
var matrix = [];
for (var r = 0; r < 150; r++) { var row = []; for (var c = 0; c < 150; c++) row.push(r * c); matrix.push(row); }
var trace = 0; for (var d = 0; d < 150; d++) trace += matrix[d][d];
print(trace);
var survivors = [];
for (var round = 0; round < 100; round++) {
  var tmp = [];
  for (var t = 0; t < 500; t++) tmp.push({ round: round, t: t, data: [t, t + 1, t + 2] });
  survivors.push(tmp[round]);
}
var ok = true;
for (var s = 0; s < survivors.length; s++) if (survivors[s].round !== s || survivors[s].t !== s || survivors[s].data[2] !== s + 2) ok = false;
print(survivors.length, ok);
var grown = [];
for (var g = 0; g < 50000; g++) grown[g] = g;
print(grown.length, grown[49999], grown.reduce(function (a, x) { return a + x; }, 0));
var maps = [];
for (var m = 0; m < 300; m++) { var obj = {}; for (var p = 0; p < 20; p++) obj["key" + p] = m * p; maps.push(obj); }
var total = 0; maps.forEach(function (o) { total += o.key19; }); print(total);
