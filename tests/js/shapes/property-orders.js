// Many objects with the same and different property orders; reads must not mix them up.
function P(x, y) { this.x = x; this.y = y; }
var same = [];
for (var i = 0; i < 1000; i++) same.push(new P(i, -i));
var s = 0; for (var j = 0; j < same.length; j++) s += same[j].x - same[j].y;
print(s);
var orders = [];
for (var k = 0; k < 600; k++) {
  var o = {};
  if (k % 3 === 0) { o.a = k; o.b = k + 1; o.c = k + 2; }
  else if (k % 3 === 1) { o.c = k + 2; o.a = k; o.b = k + 1; }
  else { o.b = k + 1; o.c = k + 2; o.a = k; }
  orders.push(o);
}
var ok = true, sum = 0;
for (var m = 0; m < orders.length; m++) { var q = orders[m]; if (q.a !== m || q.b !== m + 1 || q.c !== m + 2) ok = false; sum += q.a + q.b + q.c; }
print(ok, sum, Object.keys(orders[0]).join(""), Object.keys(orders[1]).join(""), Object.keys(orders[2]).join(""));
function getX(o) { return o.x; }
var poly = [{ x: 1 }, { y: 0, x: 2 }, { z: 0, y: 0, x: 3 }, { w: 0, z: 0, y: 0, x: 4 }, { v: 0, w: 0, z: 0, y: 0, x: 5 }, Object.create({ x: 6 }), [7], "str"];
var total = 0;
for (var r = 0; r < 100; r++) for (var p = 0; p < poly.length; p++) { var v = getX(poly[p]); if (v !== undefined) total += v; }
print(total);
var added = new P(1, 2); added.z = 3;
var plain = new P(1, 2);
print(JSON.stringify(added), JSON.stringify(plain), Object.keys(added).length, "z" in plain);
var types = [{ v: 1 }, { v: "s" }, { v: 1.5 }, { v: null }, { v: {} }, { v: [1] }, { v: undefined }];
print(types.map(function (o) { return typeof o.v; }).join(","));
var transitions = [];
for (var t = 0; t < 50; t++) { var obj = {}; for (var u = 0; u <= t % 10; u++) obj["p" + u] = u; transitions.push(obj); }
var counts = transitions.map(function (o) { return Object.keys(o).length; });
print(counts.slice(0, 12).join(","), transitions[49].p9);
var proto = { shared: "from proto" };
var instances = [];
for (var w = 0; w < 10; w++) { var inst = Object.create(proto); inst.own = w; instances.push(inst); }
print(instances[9].shared, instances[9].own);
proto.shared = "changed proto";
print(instances[3].shared);
instances[3].shared = "own shadow";
print(instances[3].shared, instances[4].shared);
