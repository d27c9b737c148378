"use strict";
// Whole-script strict mode behaviours.
try { undeclared = 1; } catch (e) { print("implicit global:", e.name); }
print(typeof undeclared);
function thisIsUndefined() { return this; }
print(thisIsUndefined(), typeof thisIsUndefined.call(2), thisIsUndefined.call(null));
var frozen = Object.freeze({ a: 1 });
try { frozen.a = 2; } catch (e) { print("write frozen:", e.name); }
try { frozen.b = 2; } catch (e) { print("extend frozen:", e.name); }
try { delete frozen.a; } catch (e) { print("delete frozen:", e.name); }
var getterOnly = { get g() { return 1; } };
try { getterOnly.g = 2; } catch (e) { print("set getter-only:", e.name); }
try { "str".length = 1; } catch (e) { print("primitive write:", e.name); }
try { (1).x = 1; } catch (e) { print("number prop write:", e.name); }
function args(a) { a = 2; return arguments[0]; }
print("unmapped arguments:", args(1));
try { args.caller; } catch (e) { print("fn.caller:", e.name); }
try { (function () { return arguments.callee; })(); } catch (e) { print("callee:", e.name); }
function sloppyInside() { return typeof this; }
print(sloppyInside.call("x"));
var bound = function () { return this; }.bind(undefined);
print(bound());
print((function () { return !this; })());
