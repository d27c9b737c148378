// Edge cases of the string builtins that work on strings' own storage: split limits, replace patterns and callbacks,
// search positions, join of holes and cycles, case mapping of non-strings, and the TypeErrors.
if (typeof print === 'undefined') print = console.log;
var o = { toString: function () { return ","; } };
function show(a) { return a.length + ":" + a.join("|"); }
print(show("a,b,c".split(",", 2)), show("a,b,c".split(",", 0)), show("a,b".split(undefined, 0)), show("".split("", 1)), show("a,b".split(o)),
      show("a,b,c".split(",", -1)), show("abc".split("abc")), show("abc".split("abcd")), show("aaa".split("a")), show("a\u4e00b".split("", 2)));
print("abc".replace({ toString: function () { return "b"; } }, function () { return 42; }), "abc".replace("b", function () { return {}; }),
      "aXbXc".replaceAll("X", "$`"), "abc".replace("b", "$<n>"), "abc".replace("b", "$0$00$01"));
print("abcabc".lastIndexOf("c", NaN), "abcabc".lastIndexOf("c", -Infinity), "abcabc".lastIndexOf("a", 0), "abcabc".lastIndexOf("", -1), "abcabc".lastIndexOf("abcabcx"));
print("abc".indexOf("c", -5), "abc".indexOf("", 5), "abc".includes(""), "abc".startsWith("", 3), "abc".endsWith("", 0), "abc".startsWith("abcd"), "abc".endsWith("abc", 99));
var cyc = [1, 2]; cyc.push(cyc);
print([null, undefined, 1, "x"].join("-"), cyc.join(";"), [1, 2].join({ toString: function () { return "+"; } }), Array.prototype.join.call({ length: 3, 0: "a", 2: "c" }, "/"));
print(String.prototype.toUpperCase.call(123), String.prototype.toLowerCase.call(true), "MiXeD".toLowerCase(), "\u00e0\u00ff".toUpperCase(), "\u0178".toLowerCase());
try { String.prototype.toUpperCase.call(null); } catch (e) { print(e.constructor.name, e.message); }
try { String.prototype.indexOf.call(undefined, "a"); } catch (e) { print(e.constructor.name, e.message); }
try { "abc".startsWith(/a/); } catch (e) { print(e.constructor.name, e.message); }
print("x".concat(1, null, "\u4e00"), ("ab" + 1 + "cd").length, "\u00e9" + "\u00e9" === "\u00e9\u00e9", "a\u4e00".slice(0, 1) === "a");
var w = { toString: function () { return "  w  "; } };
print("[" + "  a b  ".trim() + "]", "[" + " x".trimStart() + "]", "[" + "x\u00a0\ufeff\n".trimEnd() + "]", "[" + "\u3000\u4e00 ".trim() + "]", "[" + String.prototype.trim.call(w) + "]",
      "[" + "   ".trim() + "]", "[" + " a ".trim() + "]", " a ".trim() === "a", "abc".trim() === "abc");
print("5".padStart(3, "ab"), "5".padEnd(6, "ab"), "abc".padStart(10, "\u4e00\u00e9x"), "abc".padEnd(2, "z"), "abc".padStart(5, ""), "\u4e00".padEnd(4), String.prototype.padStart.call(7, 3, 0),
      "x".padStart(4, { toString: function () { return "12"; } }), "ab".padStart(3.9, "-"), "ab".padEnd(-1, "-"));
print("ab".repeat(3), "\u4e00b".repeat(2), "x".repeat(0) === "", "".repeat(5) === "", String.prototype.repeat.call(12, 2));
try { "a".repeat(-1); } catch (e) { print(e.constructor.name, e.message); }
try { "a".padStart(Infinity); } catch (e) { print(e.constructor.name, e.message); }
print("a".concat("\u4e00", 1, undefined), "".concat(), String.prototype.concat.call(1, 2, "\u00e9"));
