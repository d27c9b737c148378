// Adding and deleting properties, re-adding, delete in the middle, order after delete.
var o = { a: 1, b: 2, c: 3, d: 4 };
delete o.b;
print(Object.keys(o).join(","), o.b, "b" in o);
o.b = 20;
print(Object.keys(o).join(","), o.b);
delete o.a; delete o.d;
o.e = 5;
print(Object.keys(o).join(","), JSON.stringify(o));
var many = [];
for (var i = 0; i < 200; i++) {
  var x = { p: i, q: i * 2, r: i * 3 };
  if (i % 2) delete x.q;
  if (i % 3 === 0) delete x.p;
  if (i % 5 === 0) x.q = -i;
  many.push(x);
}
var s = 0, shapes = {};
for (var j = 0; j < many.length; j++) { var m = many[j]; s += (m.p || 0) + (m.q || 0) + m.r; shapes[Object.keys(m).join("")] = true; }
print(s, Object.keys(shapes).sort().join(" "));
function readAll(obj, keys) { return keys.map(function (k) { return obj[k]; }).join(","); }
var churn = {};
for (var k = 0; k < 30; k++) { churn["k" + k] = k; if (k % 4 === 0) delete churn["k" + (k / 2)]; }
print(Object.keys(churn).length, readAll(churn, ["k0", "k2", "k3", "k29", "k14"]));
var arrObj = [1, 2, 3];
arrObj.extra = "x"; delete arrObj[1]; delete arrObj.extra;
print(arrObj.length, Object.keys(arrObj).join(","), JSON.stringify(arrObj));
var cfg = {};
Object.defineProperty(cfg, "fixed", { value: 1, configurable: false, enumerable: true });
print(delete cfg.fixed, cfg.fixed);
var re = { a: 1 };
for (var n = 0; n < 100; n++) { re.tmp = n; delete re.tmp; }
print(Object.keys(re).join(","), re.tmp);
var readd = { first: 1, second: 2 };
delete readd.first; readd.first = 1;
print(Object.keys(readd).join(","));
