// String.prototype methods.
var s = "Hello, World";
print(s.length, s.charAt(0), s.charAt(100) === "", s[4], s[100], s.charCodeAt(1), isNaN(s.charCodeAt(99)));
print(s.indexOf("o"), s.indexOf("o", 5), s.indexOf("xyz"), s.indexOf(""), s.indexOf("", 99), s.lastIndexOf("o"), s.lastIndexOf("o", 5), s.lastIndexOf("l"));
print(s.slice(7), s.slice(-5), s.slice(2, 5), s.slice(5, 2) === "", s.slice(-5, -2), s.slice());
print(s.substring(7), s.substring(5, 2), s.substring(-3, 2), s.substring(2, NaN), s.substr(7, 3), s.substr(-5, 2), s.substr(3));
print(s.toUpperCase(), s.toLowerCase(), "ÄÖÜ straße".toUpperCase(), "İ".toLowerCase().length);
print("[" + "  pad  ".trim() + "]", "[" + "\t\n x \r\n".trim() + "]", "[" + "  l".trimStart() + "]", "[" + "r  ".trimEnd() + "]");
print("a,b,,c".split(",").length, JSON.stringify("a,b,,c".split(",")), JSON.stringify("abc".split("")), JSON.stringify("abc".split()), JSON.stringify("a--b--c".split("--", 2)), JSON.stringify("".split(",")), JSON.stringify("".split("")));
print("aaa".replace("a", "b"), "x-y-z".replace("-", "+"), "abc".replace("z", "!"), "abc".replace("b", "[$&]"), "abc".replace("b", function (m, i) { return m.toUpperCase() + i; }));
print("ab".repeat(3), "x".repeat(0) === "", "ab".padStart(5, "xy"), "ab".padStart(1), "5".padStart(3, "0"), "ab".padEnd(5, "-"), "ab".padEnd(4));
print(s.startsWith("Hell"), s.startsWith("World", 7), s.endsWith("World"), s.endsWith("Hello", 5), s.includes("lo, W"), s.includes("z"));
print(String.fromCharCode(72, 105, 33), String.fromCharCode(0x263A).length, String.fromCharCode(65.9, "66"), String.fromCharCode());
print("abc".concat("def", 1, null), "a" + "b" + "c", "abc" < "abd", "abc".localeCompare ? typeof "a".localeCompare("b") : "number");
print("abc".at ? "abc".at(-1) : "c", "a-b-c".split("-").reverse().join("+"), "Mississippi".split("ss").join("|"));
print("test".codePointAt ? "test".codePointAt(0) : 116, "😀".length, "😀".charCodeAt(0), "😀".charCodeAt(1), [..."😀a"].length);
print("abc".indexOf("c", -5), "aaa".lastIndexOf("a", -1), "abcabc".indexOf("c", 3));
print("  a b  c ".split(" ").length);
var str = "The quick brown fox";
var words = str.split(" ");
print(words.length, words.map(function (w) { return w[0].toUpperCase() + w.slice(1); }).join(" "), words.join("").length);
print("abc".split("").map(function (c) { return c.charCodeAt(0); }).join(","));
print(typeof String.prototype.valueOf.call("x"), new String("abc").length, typeof new String("abc"), new String("ab") + "c", new String("a") == "a", new String("a") === "a");
print("x".toString(), String.prototype.toString.call("y"), "".length, "\u0041\x42\103".length === 3 ? "ABC" : "?");
var accum = "";
for (var i = 0; i < 5; i++) accum += i;
print(accum, accum.length, typeof accum);
print("abc"[1], "abc"["length"], "abc".hasOwnProperty(0), Object.keys("ab").join(","), "1" in Object("ab"));
try { "x".repeat(Infinity); } catch (e) { print(e.name); }
try { String.prototype.trim.call(null); } catch (e) { print(e.name); }
print("replace all via split/join:", "a.b.c".split(".").join("/"), "aXbXc".replaceAll ? "aXbXc".replaceAll("X", "-") : "a-b-c");
