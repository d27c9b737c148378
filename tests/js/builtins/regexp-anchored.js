// Patterns anchored at the input's start (`^` outside any alternation, not multiline) are tried at position 0
// only; everything else must still search. Each line compares with what node prints.
var long = "x".repeat(20000) + "abc";
function show(re, s, from) {
  re.lastIndex = from || 0;
  var m = re.exec(s);
  return m ? m.index + ":" + JSON.stringify(m[0]) + ":" + re.lastIndex : "null:" + re.lastIndex;
}
var cases = [
  [/^abc/, "abcabc"], [/^abc/, long], [/^a|abc/, long], [/(^a)|abc/, long], [/^(a|x)+c/, long], [/^(a|x)+/, "axb"],
  [/^abc/m, "zz\nabc"], [/^[|]x/, "|x"], [/^\|x|x/, "zzx"], [/^(?:a|b)c/, "bc"], [/^abc/g, "abcabc", 1],
  [/^abc/g, "abcabc"], [/^abc/y, "abcabc", 3], [/^x/y, "xx", 0], [/^/g, "abc", 2], [/^$/, ""],
  [/^[\]|]+/, "]|]|z"], [/^\(|z/, "az"], [/^a(?=b)|q/, "qab"],
];
for (var i = 0; i < cases.length; i++) print(i, String(cases[i][0]), show(cases[i][0], cases[i][1], cases[i][2]));
print("aXbXc".split(/^X/).length, "Xa".replace(/^X/g, "_"), "a\nb".replace(/^/gm, "> "), "abc".search(/^b/));
var hits = 0;
for (var k = 0; k < 3000; k++) if (/^ {0,3}#{1,6}\s/.exec(long)) hits++;
print("hits", hits, [..."ab\nab".matchAll(/^a/gm)].length, [..."abab".matchAll(/^a/g)].length);
