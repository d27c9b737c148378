// Allocation-heavy: linked lists built and dropped repeatedly; results checked.
function Node(value, next) { this.value = value; this.next = next; }
function build(n) { var head = null; for (var i = 0; i < n; i++) head = new Node(i, head); return head; }
function sum(list) { var s = 0; while (list) { s += list.value; list = list.next; } return s; }
function length(list) { var n = 0; while (list) { n++; list = list.next; } return n; }
function reverse(list) { var prev = null; while (list) { var next = list.next; list.next = prev; prev = list; list = next; } return prev; }
var keep = build(1000);
var total = 0;
for (var round = 0; round < 50; round++) {
  var l = build(2000);
  total += sum(l);
  if (round % 10 === 0) l = reverse(l);
}
print(total, sum(keep), length(keep));
keep = reverse(keep);
print(keep.value, keep.next.value, length(keep));
var cons = null;
for (var j = 0; j < 3000; j++) cons = { car: { id: j, label: "n" + j }, cdr: cons };
var labels = 0, ids = 0;
for (var c = cons; c; c = c.cdr) { labels += c.car.label.length; ids += c.car.id; }
print(labels, ids);
function Tree(l, r) { this.l = l; this.r = r; }
function make(d) { return d === 0 ? new Tree(null, null) : new Tree(make(d - 1), make(d - 1)); }
function check(t) { return t.l === null ? 1 : 1 + check(t.l) + check(t.r); }
var long = make(12);
var churn = 0;
for (var k = 0; k < 20; k++) churn += check(make(8));
print(check(long), churn);
var cyc1 = {}, cyc2 = { other: cyc1 }; cyc1.other = cyc2;
for (var m = 0; m < 1000; m++) { var a = {}; var b = { a: a }; a.b = b; }
print(cyc1.other.other === cyc1);
