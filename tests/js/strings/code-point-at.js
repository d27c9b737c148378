// codePointAt reads the string in place: pairs, lone surrogates, index coercion, a non-string receiver, null.
const s = "a\u00e9\ud83d\ude00b\ud800x\udc00";
const out = [];
for (let i = -1; i <= s.length; i++) out.push(s.codePointAt(i));
out.push(s.codePointAt(1.9), s.codePointAt(NaN), s.codePointAt("2"), s.codePointAt({ valueOf() { return 2; } }), s.codePointAt());
out.push(String.prototype.codePointAt.call(12345, 2), ("x".repeat(100) + "\ud83d\ude00").codePointAt(100));
try { String.prototype.codePointAt.call(null, 0); } catch (e) { out.push(e.constructor.name); }
console.log(out.join(","));
