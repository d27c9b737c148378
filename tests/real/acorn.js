// acorn (dist/acorn.js defines `acorn`): parse INPUT (lodash's source) as a script five times, with locations, and
// print the node types counted over a walk of the tree.
function walk(node, counts) {
  if (Array.isArray(node)) { for (const n of node) walk(n, counts); return; }
  if (!node || typeof node.type !== "string") return;
  counts[node.type] = (counts[node.type] || 0) + 1;
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (v && typeof v === "object" && k !== "loc") walk(v, counts);
  }
}
let counts;
for (let i = 0; i < 5; i++) {
  counts = {};
  const ast = acorn.parse(INPUT, { ecmaVersion: 2022, locations: true });
  walk(ast, counts);
}
for (const k of Object.keys(counts).sort()) print(k, counts[k]);
print(acorn.tokenizer(INPUT, { ecmaVersion: 2022 })[Symbol.iterator] ? "iterable tokenizer" : "no iterator");
