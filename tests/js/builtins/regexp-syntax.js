// Pattern syntax: Annex B forms that the web relies on, and invalid patterns as catchable SyntaxErrors.
function t(src, flags, input) {
  try {
    var m = new RegExp(src, flags).exec(input);
    return m === null ? "null" : JSON.stringify(m[0]) + "@" + m.index;
  } catch (e) {
    var prefix = "Invalid regular expression: /" + src + "/" + flags + ": ";
    return e.name + (e.message.indexOf(prefix) === 0 ? "" : " (message: " + e.message + ")");
  }
}

// Annex B (no u flag).
print(t("a{,2}", "", "a{,2}"), t("]", "", "a]"), t("{", "", "{"), t("}", "", "}"), t("a{", "", "a{"), t("a{2", "", "a{2"), t("x{1,a}", "", "x{1,a}"));
print(t("\\c", "", "\\c"), t("[\\c]", "", "c"), t("\\cJ", "", "\n"), t("[\\c_]", "", "\x1f"), t("[\\c1]", "", "\x11"), t("\\c1", "", "\\c1"));
print(t("\\101", "", "A"), t("\\8", "", "8"), t("\\9a", "", "9a"), t("\\a", "", "a"), t("\\_", "", "_"), t("\\377", "", "\xff"), t("\\400", "", " 0"));
print(t("[\\d-z]", "", "-"), t("[a-\\d]", "", "-"), t("[\\w-\\d]+", "", "a-1"), t("[\\b]", "", "\b"), t("[-a]", "", "-"), t("[a-]", "", "-"));
print(t("(?=a)*", "", "a"), t("(?=a){2}b", "", "ab"), t("(?!a)?b", "", "b"), t("\\k", "", "k"), t("\\k<a>", "", "k<a>"));
print(t("\\u{41}", "", "u".repeat(41)), t("\\x4", "", "x4"), t("\\u004", "", "u004"), t("\\0", "", "\0"), t("[\\0]", "", "\0"), t("\\00", "", "\0"));
print(t("(a)\\2", "", "a\x02"), t("\\1(a)", "", "a"), t("(a)\\1", "", "aa"), t("\\10", "", "\x08"), t("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", "", "abcdefghijj"));
print(t("\\p{L}", "", "p{L}"), t("\\P", "", "P"), t("\\-", "", "-"), t("[\\-]", "", "-"), t("a|", "", "b"), t("|", "", ""), t("()", "", ""));
print(t("^*", "", "*"), t("$+", "", "a"), t("\\b+", "", "a"), t("x{2}{3}", "", "xxxxxx"), t("(?:)", "", ""), t("\\/", "", "/"), t("/", "", "/"));

// Unicode mode syntax.
print(t("\\u{1F600}", "u", "\ud83d\ude00"), t("\\u{41}", "u", "A"), t("\\ud83d\\ude00", "u", "\ud83d\ude00"), t("\\p{Lu}+", "u", "aBC"));
print(t("[\\u{1F600}-\\u{1F64F}]", "u", "\ud83d\ude42"), t("\\-", "u", "-"), t("[\\-]", "u", "-"), t("\\/", "u", "/"), t("\\^\\$", "u", "^$"));

// Invalid patterns.
var bad = [["(", ""], ["a)", ""], ["*a", ""], ["a**", ""], ["a+*", ""], ["[b-a]", ""], ["a{2,1}", ""], ["(?<n>a)(?<n>b)", ""],
  ["\\k<x>(?<y>.)", ""], ["(?<a", ""], ["(?<1a>x)", ""], ["[", ""], ["(?", ""], ["(?x)", ""], ["\\", ""], ["a{2,1}?", ""],
  ["\\u{110000}", "u"], ["\\a", "u"], ["{", "u"], ["}", "u"], ["]", "u"], ["a{", "u"], ["\\c", "u"], ["\\1", "u"],
  ["[\\d-z]", "u"], ["\\p{Nope}", "u"], ["(?=a)*", "u"], ["\\k<a>", "u"], ["\\00", "u"], ["x{99999999999}{1}", ""],
  ["(?<=a)+", ""], ["[\\w-a]", "u"], ["\\udc00\\ud800", "x"]];
print(bad.map(function (b) { return b[0] + " " + t(b[0], b[1], ""); }).join("\n"));

// Regex literals that are invalid only fail when evaluated via eval/Function (early errors).
try { eval("/(/"); print("no error"); } catch (e) { print(e.name); }
try { Function("return /a**/;"); print("no error"); } catch (e) { print(e.name); }
try { eval("/a/gg"); print("no error"); } catch (e) { print(e.name); }
try { eval("/\\u{110000}/u"); print("no error"); } catch (e) { print(e.name); }
print(eval("/\\u{41}/u").test("A"), eval("/a{,2}/").test("a{,2}"));

// RegExp(pattern) with a RegExp, and compile().
var base = /ab+/gi, copy = new RegExp(base), other = new RegExp(base, "y");
print(copy.source, copy.flags, other.flags, copy !== base, RegExp(base) === base, new RegExp(base, undefined).flags);
var c = /x/g; c.lastIndex = 3; c.compile("y+", "i"); print(c.source, c.flags, c.lastIndex, c.test("YY"));
try { c.compile("("); } catch (e) { print(e.name, c.source); }
