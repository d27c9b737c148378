// Equality, property keys and builtins across string representations: one-unit strings, Latin-1 and UTF-16
// storage of the same contents, ropes, interned keys and lone surrogates.
if (typeof print === 'undefined') print = console.log;

// One-unit strings from every source compare equal and act as the same key.
var sources = 0, same = 0;
for (var c = 0; c < 300; c++) {
  var a = String.fromCharCode(c), b = ("x" + a + "\u0100").charAt(1), d = [a].join(""), e = (a + "\u4e00").slice(0, 1);
  var f = ("\u4e00" + a).split("")[1], g = ("ab" + a)[2];
  sources++;
  if (a === b && b === d && d === e && e === f && f === g && a.length === 1 && a.charCodeAt(0) === c) same++;
  var o = {}; o[a] = 1; o[b] += 1; o[f] += 1;
  if (o[g] !== 3 || Object.keys(o).length !== 1) print("key mismatch at " + c);
}
print(sources, same);

// Latin-1 contents built through UTF-16 intermediates equal their Latin-1 spelling.
var wide = "caf\u00e9\u4e00".slice(0, 4);
print(wide === "caf\u00e9", wide.length, "caf\u00e9" === wide, ({ "caf\u00e9": 7 })[wide]);
var mixed = ("\u00ff" + "\u0100").charAt(0);
print(mixed === "\u00ff", mixed.charCodeAt(0));

// Unequal strings of equal length and equal strings held apart.
var x = "abc".toUpperCase(), y = "AB" + "C", z = "ABD";
print(x === y, x === z, y !== z, x == y);
var k1 = "key" + 12, k2 = "ke" + "y12", obj = {};
obj[k1] = "v";
print(obj[k2], k1 === k2, Object.keys(obj)[0] === k2);

// Lone surrogates survive every path.
var lone = "\ud800", pair = "\ud83d\ude00";
print((lone + "a").charCodeAt(0), (lone + "a").toUpperCase().charCodeAt(1), pair.split("").length,
      pair.split("")[0] === "\ud83d", [lone, lone].join("\udc00") === "\ud800\udc00\ud800", ("a" + lone).padStart(4, lone).length);

// Ropes: long concatenations read, split, joined, compared and used as keys.
var rope = "";
for (var i = 0; i < 200; i++) rope += String.fromCharCode(97 + i % 26);
var flat = "";
for (var i = 0; i < 200; i++) flat = flat + "abcdefghijklmnopqrstuvwxyz".charAt(i % 26);
print(rope.length, rope === flat, rope.charAt(199), rope.split("z").length, rope.indexOf("zab"), rope.lastIndexOf("a"));
var ko = {}; ko[rope] = 1; print(ko[flat]);
var wideRope = "";
for (var i = 0; i < 50; i++) wideRope += i % 10 === 0 ? "\u4e00" : "ab";
print(wideRope.length, wideRope.split("\u4e00").join("|").slice(0, 20), wideRope.toUpperCase().slice(0, 6));

// Case mapping, padding, slicing and replacing on both storages.
print("h\u00e9llo w\u00f6rld".toUpperCase(), "\u00df".toUpperCase(), "\u00ff".toUpperCase().charCodeAt(0), "\u00b5".toUpperCase().charCodeAt(0));
print("ABC\u00c9".toLowerCase(), "\u0130".toLowerCase().length, "I\u03a3".toLowerCase());
print("7".padStart(3, "0"), "7".padEnd(4, "ab"), "x".padStart(5, "\u4e00\u00e9"), "abc".padStart(2));
print("a-b-c".replace("-", ""), "a\u4e00b".replace("\u4e00", "-"), "abc".replace("b", "$&$&"), "abc".replace("", "^"));
print(["a,b,,c".split(","), "abc".split(""), "abc".split("", 2), "".split(","), "".split(""), "a\u4e00b\u4e00".split("\u4e00")].map(function (p) { return p.length + ":" + p.join("|"); }).join(" "));
print(["x", 1, null, undefined, "\u00e9", "\u4e00"].join(), [].join("-"), [1, [2, [3]]].join(";"));
print("abcdef".slice(-3, -1), "abcdef".substring(4, 1), "ab\u4e00cd".slice(1, 4), "ab\u4e00cd".slice(3));

// Many distinct keys (interner growth), then garbage, then the same keys again.
var big = {};
for (var i = 0; i < 3000; i++) big["k" + i] = i;
var sum = 0;
for (var i = 0; i < 3000; i += 7) sum += big["k" + i];
print(sum);
big = null;
var junk = [];
for (var r = 0; r < 3; r++) { junk = []; for (var i = 0; i < 3000; i++) junk.push({ ["t" + r + "_" + i]: i }); }
var again = {};
for (var i = 0; i < 3000; i++) again["k" + i] = i;
var sum2 = 0;
for (var i = 0; i < 3000; i += 7) sum2 += again["k" + i];
print(sum2, Object.keys(again).length, junk.length);

// Sorting one-unit keys, as counting by first letter does.
var counts = {};
"the quick brown fox jumps over the lazy dog \u00e9t\u00e9".split(" ").forEach(function (w) { var k = w.charAt(0); counts[k] = (counts[k] || 0) + 1; });
print(Object.keys(counts).sort().map(function (k) { return k + counts[k]; }).join(" "));

// Searching across storages, and replace's substitution patterns and callback arguments.
var lat = "ab\u00e9ab\u00e9", wid = "ab\u00e9\u4e00ab\u00e9";
print(lat.indexOf("\u00e9"), lat.indexOf("b\u00e9", 2), lat.indexOf(""), lat.indexOf("", 99), lat.indexOf("\u4e00"), wid.indexOf("\u4e00a"),
      wid.indexOf("ab\u00e9".slice(0, 3), 1), lat.lastIndexOf("ab"), lat.lastIndexOf("ab", 2), lat.lastIndexOf(""), lat.lastIndexOf("", 2),
      lat.lastIndexOf("x"), "a".lastIndexOf("aa"), wid.lastIndexOf("\u00e9\u4e00"), wid.lastIndexOf("ab", -5));
print(lat.includes("\u00e9a"), lat.includes("\u00e9a", 3), wid.includes("\u4e00"), lat.startsWith("b\u00e9", 1), wid.startsWith("\u4e00", 3),
      lat.startsWith("ab", 5), lat.endsWith("\u00e9"), lat.endsWith("ab", 5), wid.endsWith("\u00e9\u4e00", 4), lat.endsWith("abc", 1));
print("a-b-c".replace("-", "[$&|$`|$'|$$|$1]"), "a-b-c".replaceAll("-", "+"), "aaa".replaceAll("", "."), "x\u4e00y".replaceAll("\u4e00", "\u00e9"),
      "abc".replace("c", function (m, p, w) { return "<" + m + p + w + ">"; }), "a\u4e00".replace("a", "\u4e01"), "abc".replace("z", "y"));
var seen = [];
"a.b.c".replaceAll(".", function (m, p, w) { seen.push(typeof m + m + p + (w === "a.b.c")); return "" + p; });
print(seen.join(" "), "a.b.c".replaceAll(".", function (m, p) { return p; }));
print(["\u4e00", "a"].join("\u00e9"), ["a", "b"].join("\u4e00"), [1, 2, 3].join(undefined), [[]].join(), ["a"].join("\u4e00"), [].concat("ab", "\u00e9").toLocaleString());
print([-1, 65536 + 65, 0x1F600, 255, 256, 1.9, -0.5, "66", 4294967296 + 67].map(function (c) { return String.fromCharCode(c).charCodeAt(0); }).join(","),
      String.fromCharCode(72, 105), String.fromCharCode().length, String.fromCharCode(0xD83D, 0xDE00) === "\ud83d\ude00");

// Deep ropes leaning either way, mixed storage, flattened once and read again.
var right = "", left = "", zig = "";
for (var i = 0; i < 30000; i++) {
  var c = i % 1000 === 999 ? "\u4e00" : String.fromCharCode(97 + i % 26);
  right = c + right; left = left + c; zig = i % 2 ? zig + c : c + zig;
}
print(right.length, left.length, right.charAt(0), left.charAt(29999), right.split("").reverse().join("") === left,
      zig.length, zig.indexOf("\u4e00"), left.lastIndexOf("\u4e00"), (left + right).length, (left + "|" + right).split("|")[1] === right);
var l1 = "";
for (var i = 0; i < 5000; i++) l1 = (i % 2 ? l1 + "xyz\u00e9" : "\u00ff" + l1);
print(l1.length, l1.charCodeAt(0), l1.charCodeAt(l1.length - 1), l1.slice(2498, 2503), l1 === l1.split("").join(""));
