// trees: recursive tree building and walking (binary trees, a BST with inserts and lookups).
if (typeof print === 'undefined') print = console.log;
function Tree(left, right) { this.left = left; this.right = right; }
function make(d) { return d === 0 ? new Tree(null, null) : new Tree(make(d - 1), make(d - 1)); }
function count(t) { return t.left === null ? 1 : 1 + count(t.left) + count(t.right); }
function insert(node, key) { if (node === null) return { key: key, l: null, r: null };
  if (key < node.key) node.l = insert(node.l, key); else if (key > node.key) node.r = insert(node.r, key); return node; }
function has(node, key) { while (node !== null) { if (key === node.key) return true; node = key < node.key ? node.l : node.r; } return false; }
function height(n) { return n === null ? 0 : 1 + Math.max(height(n.l), height(n.r)); }
var total = 0;
for (var d = 4; d <= 16; d += 2) { var iters = 1 << (16 - d); for (var i = 0; i < iters; i++) total += count(make(d)); }
var root = null, s = 7;
for (var k = 0; k < 60000; k++) { s = (s * 16807) % 2147483647; root = insert(root, s % 100000); }
var found = 0; for (var q = 0; q < 20000; q++) if (has(root, q * 5)) found++;
var checksum = total + found + height(root);
print("trees: nodes " + total + ", found " + found + ", checksum " + checksum);
if (checksum !== 920886) throw new Error("trees: wrong result " + checksum);
