// esprima (dist/esprima.js defines `esprima`): tokenize and parse INPUT (lodash's source) with ranges and
// comments, and print token kinds, comment count and the depth of the tree.
const tokens = esprima.tokenize(INPUT, { range: true });
const kinds = {};
for (const t of tokens) kinds[t.type] = (kinds[t.type] || 0) + 1;
for (const k of Object.keys(kinds).sort()) print(k, kinds[k]);
function depth(n) {
  if (!n || typeof n !== "object") return 0;
  let d = 0;
  for (const k in n) if (k !== "range") d = Math.max(d, depth(n[k]));
  return d + 1;
}
for (let i = 0; i < 3; i++) {
  const ast = esprima.parseScript(INPUT, { range: true, comment: true });
  if (i === 2) print("statements", ast.body.length, "comments", ast.comments.length, "depth", depth(ast));
}
