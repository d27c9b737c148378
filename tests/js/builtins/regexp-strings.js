// String methods driven by RegExp: replace (patterns and functions), split, match, matchAll, search, replaceAll.
var smile = "\ud83d\ude00";

// replace: $-patterns.
print("John Smith".replace(/(\w+)\s(\w+)/, "$2, $1"), "abc".replace(/b/, "[$&|$`|$'|$$]"), "abc".replace(/b/, "$0$3$"));
print("abcdefghijkl".replace(/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, "$11-$10-$1-$01-$011-$12"), "ab".replace(/(a)/, "$2$1"));
print("aaa".replace(/a/g, "b"), "aaa".replace(/a/, "b"), "a.b.c".replace(/\./g, "$$"), "xyz".replace(/q/g, "!"));
print("abc".replace(/(?:)/g, "-"), ("a" + smile + "b").replace(/(?:)/gu, "-"), ("a" + smile).replace(/(?:)/g, "-").length);
print("2020-12-31".replace(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, "$<d>.$<m>.$<y>"), "ab".replace(/(?<x>a)|(?<y>b)/g, "[$<x>$<y>]"));

// replace: functions get (match, ...captures, offset, string[, groups]).
print("a1b22".replace(/\d+/g, function (m, off, str) { return "<" + m + "@" + off + "/" + str.length + ">"; }));
print("x-y".replace(/(\w)-(\w)(z)?/, function (m, a, b, c, off) { return [m, a, b, c, off].join("|"); }));
print("k=v".replace(/(?<key>\w)=(?<val>\w)/, function () { var g = arguments[arguments.length - 1]; return g.val + "=" + g.key + ":" + arguments.length; }));
var calls = 0; "aaaa".replace(/a/g, function () { calls++; return ""; }); print(calls);
print("abc".replace(/b/, function () { return "$&"; }), "Ünïcödé".replace(/[^\x00-\x7f]/g, function (c) { return c.charCodeAt(0).toString(16); }));

// replaceAll.
print("a-b-c".replaceAll(/-/g, "+"), "aXbxc".replaceAll(/x/gi, function (m) { return m === "X" ? 1 : 2; }));
try { "a".replaceAll(/a/, "b"); } catch (e) { print(e.name); }

// split.
print(JSON.stringify("a, b ,c".split(/\s*,\s*/)), JSON.stringify("a1b2c3".split(/\d/)), JSON.stringify("a1b2c3".split(/(\d)/)));
print(JSON.stringify("abc".split(/(?:)/)), JSON.stringify("".split(/x/)), JSON.stringify("".split(/(?:)/)), JSON.stringify("abc".split(/b/, 1)));
print(JSON.stringify("a1b2c3".split(/\d/, 2)), JSON.stringify("test".split(/(t)/)), JSON.stringify("A<B>bold</B>and<CODE>coded</CODE>".split(/<(\/)?([^<>]+)>/)));
print(JSON.stringify(("a" + smile + "b").split(/(?:)/u)), ("a" + smile + "b").split(/(?:)/).length, JSON.stringify("a\nb\r\nc".split(/\r?\n/)));
print(JSON.stringify("x--y-z".split(/-+/)), JSON.stringify("abc".split(/$/)), JSON.stringify("ab".split(/a*?/)), JSON.stringify("ab".split(/a*/)));
print(JSON.stringify("héllo wörld".split(/[ö ]/)), JSON.stringify("αβ,γδ".split(/,/)), JSON.stringify("a,b".split(/(?<=,)/)));

// match and matchAll.
print("The Rain in Spain".match(/ain/g), "abc".match(/z/g), JSON.stringify("abc".match(/b/)), "aaa".match(/a*?/g).length);
print("1 22 333".match(/\d+/g).join("+"), ("x" + smile + smile).match(/./gu).length, "abc".match(/(?:)/g).length);
var all = [..."a1b22c333".matchAll(/[a-z](?<n>\d+)/g)];
print(all.length, all.map(function (m) { return m.index + ":" + m[0] + ":" + m.groups.n; }).join(" "));
print([..."aaa".matchAll(/(?:)/g)].length, [...("a" + smile).matchAll(/(?:)/gu)].map(function (m) { return m.index; }).join());
try { "a".matchAll(/a/); } catch (e) { print(e.name); }
var it = /a/g[Symbol.matchAll]("aXa"); print(it.next().value.index, it.next().value.index, it.next().done);

// search: ignores and restores lastIndex.
var r = /b/g; r.lastIndex = 2;
print("abc".search(/c/), "abc".search(/z/), "abc".search(r), r.lastIndex, "ÀÉ".search(/é/i), ("x" + smile + "y").search(/y/u));

// Strings that are patterns.
print("a.b".match("."), "a+b".search("\\+"), "x1y".replace(/1/, "$`"), "aaa".lastIndexOf("a"));

// split through a user exec (one call per position tried) and through a species constructor.
var execCalls = 0, builtinExec = RegExp.prototype.exec;
RegExp.prototype.exec = function (s) { execCalls++; return builtinExec.call(this, s); };
print(JSON.stringify("a,b,,c".split(/,/)), execCalls, JSON.stringify("ab".replace(/b/g, "x")), execCalls);
RegExp.prototype.exec = builtinExec;
class Digits extends RegExp { static get [Symbol.species]() { return RegExp; } }
var seen = [];
class Logged extends RegExp { constructor(p, f) { seen.push(String(f)); super(p, f); } }
print(JSON.stringify("a1b2".split(new Digits("\\d"))), JSON.stringify("a1b2".split(new Logged("(\\d)"), 3)), seen.join("|"));
