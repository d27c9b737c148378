// Named property loads on string primitives: length, String.prototype methods (cached per site), and what happens
// when String.prototype changes under a warm site.
if (typeof print === 'undefined') print = console.log;

function len(s) { return s.length; }
function code(s) { return s.charCodeAt(0); }
function prop(s) { return s.extra; }
function first(s) { return s.at(0); }
var out = [];
for (var i = 0; i < 50; i++) { out.push(len("ab\u4e00".slice(0, i % 4))); code("xyz"); prop("p"); }
print(out.slice(0, 8).join(","), code("A"), code("\u4e00"), prop("q"), first("hi"));

String.prototype.extra = 5;
print(prop("q"), prop(""));
String.prototype.extra = 6;
print(prop("q"));
String.prototype.charCodeAt = function () { return "patched:" + this; };
print(code("abc"));
delete String.prototype.extra;
print(prop("q"));
Object.defineProperty(String.prototype, "extra", { get: function () { "use strict"; return typeof this + ":" + this; }, configurable: true });
print(prop("q"), prop("rr"));
Object.prototype.fromObject = "object-level";
function fromObject(s) { return s.fromObject; }
print(fromObject("a"), fromObject("b"));
String.prototype.fromObject = "string-level";
print(fromObject("a"));
function mixed(v) { return v.length; }
print([mixed("abc"), mixed([1, 2]), mixed({ length: "own" }), mixed(new String("wrap")), mixed("")].join(","));
var s = "hello";
s.extraOwn = 1;
print(s.extraOwn, "abc"["1"], "abc"[1], "abc"["length"]);
