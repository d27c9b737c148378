// Sticky and global matching over non-ASCII Latin-1 strings (widened once per string for the matcher): two
// subjects of the same length alternate, and new ones are made all the time, so a stale widened copy shows.
function tokens(src) {
  var re = /\s*([a-zéèà]+|\d+|[^\s])/y, out = [], m;
  re.lastIndex = 0;
  while ((m = re.exec(src))) out.push(m[1]);
  return out.join("|");
}
var a = "café 12 + thé = crème", b = "déjà 34 * été = fièvr";
for (var i = 0; i < 3; i++) print(tokens(a), tokens(b), tokens(a + i), tokens(i + b));
var made = [];
for (var k = 0; k < 200; k++) made.push(tokens("é" + k + " x" + String.fromCharCode(224 + (k % 8))));
print(made.slice(0, 3).join(" / "), made[199]);
var g = /é(\d)/g, s = "é1 é2 é3 é4";
print(s.replace(g, "[$1]"), s.match(g).length, "xé9é8".replace(/é(\d)/g, "<$1>"));
