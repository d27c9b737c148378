// marked (lib/marked.umd.js defines `marked`): render a generated markdown document of headings, lists, code,
// tables, emphasis and links to HTML.
let md = "";
for (let i = 0; i < 400; i++) {
  md += `## Section ${i}\n\nSome *emphasis*, **strong** and \`code ${i}\` with a [link](https://example.com/${i}).\n\n`;
  md += `- item ${i}\n  - nested ${i % 3}\n- [ ] task\n\n`;
  if (i % 10 === 0) md += "```js\nconst x = " + i + ";\n```\n\n| a | b |\n|---|:-:|\n| " + i + " | <b> |\n\n> quote\n\n";
}
const html = marked.parse(md);
let h = 0;
for (let i = 0; i < html.length; i++) h = (Math.imul(h, 33) ^ html.charCodeAt(i)) | 0;
print(html.length, h, (html.match(/<li>/g) || []).length, (html.match(/<table>/g) || []).length);
print(marked.parseInline("a _b_ `c` ~~d~~"));
