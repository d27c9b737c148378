// alloc: many small short-lived objects, linked lists, arrays of records.
if (typeof print === 'undefined') print = console.log;
function cons(h, t) { return { head: h, tail: t }; }
function range(n) { var l = null; for (var i = n - 1; i >= 0; i--) l = cons(i, l); return l; }
function mapList(l, f) { var out = null, last = null; for (; l !== null; l = l.tail) { var c = cons(f(l.head), null); if (last) last.tail = c; else out = c; last = c; } return out; }
function sumList(l) { var s = 0; for (; l !== null; l = l.tail) s += l.head; return s; }
var checksum = 0;
for (var r = 0; r < 120; r++) {
  var l = range(5000);
  var m = mapList(l, function (x) { return x * 3 + r; });
  checksum = (checksum + sumList(m)) | 0;
}
var live = [];
for (var i = 0; i < 600000; i++) {
  var rec = { id: i, pair: [i, -i], name: null };
  if (i % 1000 === 0) live.push(rec);
  checksum = (checksum + rec.pair[0] + rec.pair[1] + (rec.id & 1)) | 0;
}
for (var j = 0; j < live.length; j++) checksum = (checksum + live[j].id) | 0;
print("alloc: checksum " + checksum);
if (checksum !== 419832704) throw new Error("alloc: wrong result " + checksum);
