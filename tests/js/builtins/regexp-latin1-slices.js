// A tokenizer's pattern: exec on a non-ASCII Latin-1 input and on slices of it, alternately (the slices share the
// input's widened units), with collections in between that free some slices and keep others alive.
const input = "\u00e9" + "abc d\u00e9f ghi 12 \u00fc\u00fc ".repeat(3000);
const word = /[a-z\u00e0-\u00ff]+/g;
const digits = /\d+/y;
let kept = [];
let digest = 0;
const seen = [];
for (let i = 0; i < 600; i++) {
  const at = (i * 37) % (input.length - 100);
  const rest = input.slice(at);
  word.lastIndex = 0;
  const m = word.exec(rest);
  word.lastIndex = at + 3;
  const n = word.exec(input);
  digits.lastIndex = rest.indexOf("1");
  const d = digits.exec(rest);
  digest = (digest * 31 + m.index + m[0].length * 7 + n.index + (d ? d.index + d[0].length : 0)) % 1000003;
  if (i % 100 === 0) seen.push(m[0] + "|" + n[0] + "|" + (d && d[0]) + "|" + rest.slice(0, 6));
  if (i % 50 === 0) kept.push(rest);
  // Garbage, so that collections happen between matches.
  const junk = [];
  for (let k = 0; k < 300; k++) junk.push({ k, s: "x" + k });
}
for (const s of kept) digest = (digest + s.search(/\u00fc+/) * 13 + s.length) % 1000003;
console.log(digest);
console.log(seen.join("\n"));
