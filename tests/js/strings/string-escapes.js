// String literal escapes, unicode, comparison by code units.
print("tab:\t|", "quote:\"'", 'single:\'"', "backslash:\\", "unicode:\u00e9\u{1F600}", "hex:\x41", "nul len:", "\0".length);
print("line\ncontinued", "a\
b");
print("\u2028".length, "\r\n".length, "\v\f\b".length);
print("é" === "\u00e9", "é".length, "e\u0301".length, "é" === "e\u0301");
print("a" < "B", "a" < "b", "Z" < "a", "é" > "z", "\uD83D" < "\uFFFF");
var all = "";
for (var c = 32; c < 127; c++) all += String.fromCharCode(c);
print(all);
print(all.length, all.toUpperCase() === all ? "same" : "differs", all.indexOf("~"));
print(["b", "a", "C", "é", "A", "10", "9", "1"].sort().join(" "));
