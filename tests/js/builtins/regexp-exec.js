// RegExp exec and its result: flags, lastIndex (global and sticky), captures, named groups, indices, unicode.
function show(m) {
  if (m === null) return "null";
  var parts = [];
  for (var i = 0; i < m.length; i++) parts.push(m[i] === undefined ? "~" : JSON.stringify(m[i]));
  var s = "[" + parts.join(",") + "]@" + m.index;
  if (m.groups !== undefined) s += " groups=" + JSON.stringify(m.groups) + (Object.getPrototypeOf(m.groups) === null ? "(null proto)" : "");
  if (m.indices !== undefined) s += " indices=" + JSON.stringify(m.indices) + " igroups=" + JSON.stringify(m.indices.groups);
  return s;
}

// Flags and their getters.
var all = /x/dgimsuy;
print(all.flags, all.hasIndices, all.global, all.ignoreCase, all.multiline, all.dotAll, all.unicode, all.sticky);
print(/x/.flags === "", new RegExp("x", "yg").flags, new RegExp("a", "v").flags, new RegExp("a", "v").unicodeSets);
print(String(/a\/b[/]/), new RegExp("a/b").source, new RegExp("").source, String(new RegExp("\n")), RegExp.prototype.source);
["gg", "x", "uv", "G", "ii"].forEach(function (f) {
  try { new RegExp("a", f); print("ok", f); } catch (e) { print(e.name, f); }
});

// Basic exec: captures, unmatched groups are undefined, index and input.
print(show(/(\d+)-(\d+)?/.exec("ab 12- cd")));
print(show(/(a)|(b)/.exec("xb")), /(a)|(b)/.exec("xb").input);
print(show(/q/.exec("abc")));
print(show(/(z)((a+)?(b+)?(c))*/.exec("zaacbbbcac")));
print(show(/(a*)*b/.exec("aaab")), show(/(a*)+?b/.exec("ab")));

// Global: lastIndex advances; failure resets it to 0.
var g = /o/g, s = "foo boo";
var out = [];
var m;
while ((m = g.exec(s)) !== null) out.push(m.index + ":" + g.lastIndex);
print(out.join(" "), g.lastIndex);
g.lastIndex = 100; print(g.exec(s), g.lastIndex);
g.lastIndex = -5; print(g.exec(s).index, g.lastIndex);
g.lastIndex = "3"; print(g.exec(s).index, g.lastIndex);
var ne = /x/; ne.lastIndex = 3; print(ne.exec("x").index, ne.lastIndex);

// Sticky: matches only at lastIndex.
var y = /foo/y;
print(y.exec("xfoo"), y.lastIndex);
y.lastIndex = 1; print(show(y.exec("xfoo")), y.lastIndex);
print(y.exec("xfoo"), y.lastIndex);
var yy = /\d+|[a-z]+|\s+/y, toks = [];
yy.lastIndex = 0;
while (yy.lastIndex < "abc 123 de4".length && (m = yy.exec("abc 123 de4"))) toks.push(m[0]);
print(JSON.stringify(toks));
var ya = /^a/y; ya.lastIndex = 1; print(ya.test("aa"), ya.lastIndex);
var ym = /^a/my; ym.lastIndex = 2; print(ym.test("a\na"), ym.lastIndex);
var yg = /a/gy; print("aaba".replace(yg, "x"), "aaba".match(/a/gy).length);
var yl = /(?<=a)b/y; yl.lastIndex = 1; print(yl.test("ab"), yl.lastIndex);
var ye = /a*/y; ye.lastIndex = 1; print(show(ye.exec("ba")), ye.lastIndex);
var yb = /(a)\1/y; yb.lastIndex = 1; print(show(yb.exec("xaa")), yb.lastIndex);
var yo = /(a)\2/y; print(show(yo.exec("a\u0002")), yo.lastIndex);
var yn = /(?<n>[a-z])\k<n>/y; yn.lastIndex = 2; print(show(yn.exec("abcc")), show(yn.exec("abcc")));
var yu = /./uy; yu.lastIndex = 1; print(show(yu.exec("a\ud83d\ude00")), yu.lastIndex);

// test() and lastIndex.
var t = /a/g;
print(t.test("aa"), t.lastIndex, t.test("aa"), t.lastIndex, t.test("aa"), t.lastIndex);

// Case-insensitive, multiline, dotAll.
print(/HELLO/i.test("hello"), /[a-z]+/i.exec("ABC")[0], /É/i.test("é"), /σ/i.test("Σ"), /ß/i.test("SS"));
print(/^b/.test("a\nb"), /^b/m.test("a\nb"), /a$/m.test("a\rb"), /a$/.test("a\u2028"), /a$/m.test("a\u2028"));
print(/a.b/.test("a\nb"), /a.b/s.test("a\nb"), /a.b/.test("a\u2029b"), /a.b/s.test("a\u2029b"), /a[^]b/.test("a\nb"));

// Unicode case folding (u + i uses simple case folding).
print(/\u212A/iu.test("k"), /\u212A/i.test("k"), /K/iu.test("\u212A"), /ß/iu.test("\u1E9E"), /ß/i.test("\u1E9E"));
print(/\u00e5/iu.test("\u212B"), /\u00e5/i.test("\u212B"), /\u03c3/i.test("\u03c2"), /[a-z]/iu.test("\u212A"));
print(/\w/iu.test("\u017F"), /\W/iu.test("\u017F"), /\b/iu.test("\u017F"), /\u{10400}/iu.test("\u{10428}"));

// Unicode: surrogate pairs are one character with u, two without.
var smile = "\ud83d\ude00";
print(/^.$/u.test(smile), /^.$/.test(smile), /^..$/.test(smile), smile.match(/./gu).length, smile.match(/./g).length);
print(/\u{1F600}/u.test(smile), /\u{1F600}/.test(smile), /[\ud83d\ude00]/u.test(smile), /^[\ud83d\ude00]$/.test(smile));
print(/\ud83d/.test(smile), /\ud83d/u.test(smile), /\ude00/u.test(smile), /\ud83d\ude00/u.test(smile), /^\S$/u.test(smile));
print(show(/(.)(.)/u.exec("a" + smile + "b")), show(/(.)(.)/.exec(smile)));
print(/[😀-😂]/u.test("\ud83d\ude01"), /\p{Lu}/u.test("A"), /\p{Script=Greek}/u.test("α"), /\P{L}/u.test("1"));
var gu = /(?:)/gu, idx = [];
while ((m = gu.exec("a" + smile + "b")) !== null && idx.length < 10) { idx.push(m.index); gu.lastIndex++; }
print(idx.join(","));

// Named groups.
print(show(/(?<year>\d{4})-(?<month>\d{2})(?:-(?<day>\d\d))?/.exec("on 2024-05!")));
print(show(/(?<a>x)|(?<b>y)/.exec("y")), /(?<𝒜>.)/u.exec("q").groups["𝒜"], /(?<$>a)/.exec("a").groups.$);
print(/(?<w>\w)\k<w>/.test("abccd"), /(?<w>\w)\k<w>/.exec("abccd").index, /\k<w>(?<w>b)/.exec("b")[0]);
print("2020-12".replace(/(?<y>\d+)-(?<m>\d+)/, "$<m>/$<y>"), "ab".replace(/(?<x>a)/, "[$<x>][$<nope>]"), "ab".replace(/(a)/, "[$<x>]"));

// Lookaround.
print(/(?<=\$)\d+/.exec("cost $42")[0], /(?<!\$)\b\d+/.exec("$4 5")[0], /(?<=(\d)(\d))x/.exec("12x").slice(1).join());
print(/(?<=a+)b/.exec("aaab").index, /(?<=^|,)\w/g[Symbol.replace]("a,b,c", "X"), /(?<=\1(a))b/.exec("aab") !== null);
print(/a(?=b)/.exec("acab").index, /a(?!b)/.exec("abac").index, show(/(?=(a+))a*b\1/.exec("baaabac")), show(/(.*?)a(?!(a+)b\2c)\2(.*)/.exec("baaabaac")));

// Back references.
print(/(\w)\1/.exec("abccd")[0], /(a)\1/i.test("aA"), /\1(a)/.exec("a")[0], /(a)|\1b/.exec("b")[0], /(?:(a)|b)\1/.exec("b")[0]);

// Indices (d flag).
print(show(/(?<a>b)(c)?(d)/d.exec("abd")), show(/x(y)?/d.exec("-x")));
print(show(/(.)/du.exec(smile + "z")));

// Quantifiers and classes.
print(/a{2,3}/.exec("aaaa")[0], /a{2,3}?/.exec("aaaa")[0], /a{2,}/.exec("aaaaa")[0], /\d{3}/.test("12"), /x*/.exec("abc")[0] === "");
print(/[^abc]+/.exec("abcdef")[0], /[\d.]+/.exec("v1.25!")[0], /[\w-]+/.exec("  foo-bar ")[0], /\s+/.exec("a \t\n b")[0].length);
print(/[\b]/.test("\b"), /\bfoo\b/.test("a foo b"), /\Bo/.exec("foo").index, /\x41\u0042\0/.test("AB\0"), /\cJ/.test("\n"));

// Latin-1 and UTF-16 subjects: indices are code units.
var latin = "naïve café résumé";
print(latin.match(/\w+/g).join("|"), latin.search(/é/), /(é)(s)/.exec(latin).index, latin.replace(/[éï]/g, "?"));
var wide = "αβγ δεζ ✓ ok";
print(wide.match(/[α-ω]+/g).join("|"), wide.search(/✓/), /ok$/.exec(wide).index, JSON.stringify(/(δ)(ε)/d.exec(wide).indices));
print(show(/b/.exec("✓ab")), show(/b/.exec("éab")), show(/b/.exec("ab")));
