// The arguments object: mapped in sloppy functions, unmapped in strict ones.
function count() { return arguments.length; }
print(count(), count(1), count(1, 2, 3), count(undefined));
function mapped(a, b) { arguments[0] = "changed"; b = "b2"; return [a, arguments[1], arguments.length].join(","); }
print(mapped(1, 2), mapped(1));
function unmapped(a) { "use strict"; arguments[0] = "changed"; a = "a2"; return [a, arguments[0]].join(","); }
print(unmapped(1));
function extra(a) { return arguments[2]; }
print(extra(1, 2, 3));
function typeofArgs() { return [typeof arguments, Object.prototype.toString.call(arguments), Array.isArray(arguments)].join(" "); }
print(typeofArgs());
function toArray() { return Array.prototype.slice.call(arguments); }
print(toArray(3, 2, 1).reverse().join(""));
function sum() { var s = 0; for (var i = 0; i < arguments.length; i++) s += arguments[i]; return s; }
print(sum(1, 2, 3, 4), sum());
function lenProp(a, b, c) {}
print(lenProp.length, (function () {}).length, ((a, b) => 0).length, (function (a, b = 1, c) {}).length);
function rest(a, ...more) { return a + ":" + more.join("|") + ":" + more.length; }
print(rest(1), rest(1, 2, 3));
function defaults(a, b = a * 2, c = b + 1) { return [a, b, c].join(","); }
print(defaults(1), defaults(1, 5), defaults(1, undefined, 0));
function argsLenAssign() { arguments.length = 10; return arguments.length; }
print(argsLenAssign(1));
function strictCallee() { "use strict"; try { return arguments.callee; } catch (e) { return e.name; } }
print(strictCallee());
function sloppyCallee() { return arguments.callee === sloppyCallee; }
print(sloppyCallee());
var arrowArgs = function () { return (() => arguments[0])(); };
print(arrowArgs("from outer"));
function spreadTarget(a, b, c) { return a + b + c; }
print(spreadTarget(...[1, 2, 3]), spreadTarget(..."abc"));
function deleteArg(a) { delete arguments[0]; arguments[0] = 9; return a; }
print(deleteArg(1));
