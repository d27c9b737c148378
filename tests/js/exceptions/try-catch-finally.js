// try/catch/finally control flow.
function f1() { try { return "try"; } finally { print("finally runs"); } }
print(f1());
function f2() { try { return "try"; } finally { return "finally wins"; } }
print(f2());
function f3() { try { throw new Error("boom"); } catch (e) { return "caught " + e.message; } finally { print("f3 finally"); } }
print(f3());
function f4() { try { throw 1; } finally { return "finally swallows"; } }
print(f4());
function f5() { var log = []; for (var i = 0; i < 3; i++) { try { if (i === 1) continue; if (i === 2) break; log.push("body" + i); } finally { log.push("fin" + i); } } return log.join(","); }
print(f5());
function f6() { try { try { throw new TypeError("inner"); } finally { print("inner finally"); } } catch (e) { return "outer caught " + e.name; } }
print(f6());
function f7() { try { try { throw "first"; } catch (e) { throw e + "+rethrown"; } } catch (e2) { return e2; } }
print(f7());
function f8() { try { throw "a"; } catch (e) { try { throw "b"; } catch (e) { print("inner e", e); } print("outer e", e); } }
f8();
try { throw { custom: true }; } catch (e) { print(typeof e, e.custom); }
try { throw null; } catch (e) { print(e); }
try { throw undefined; } catch (e) { print(e); }
try { throw 42; } catch (e) { print(e + 1); }
try { print("no throw"); } catch (e) { print("never"); } finally { print("finally without throw"); }
try { throw 1; } catch { print("optional catch binding"); }
var x = 0;
function counter() { try { return x; } finally { x++; } }
print(counter(), x);
function nestedFinally() { var s = ""; try { try { s += "a"; return s; } finally { s += "b"; } } finally { s += "c"; print("s at end", s); } }
print(nestedFinally());
label: try { break label; } finally { print("finally on break"); }
function loopThrow() { var caught = 0; for (var i = 0; i < 5; i++) { try { if (i % 2) throw i; } catch (e) { caught += e; } } return caught; }
print(loopThrow());
function thrower() { throw new RangeError("deep"); }
function mid() { return thrower(); }
try { mid(); } catch (e) { print(e.name, e.message, e instanceof RangeError, e instanceof Error); }
var e = "outer e";
try { throw "inner"; } catch (e) { var e = "assigned in catch"; }
print(e);
function finallyOverridesThrow() { try { throw new Error("lost"); } finally { return "override"; } }
print(finallyOverridesThrow());
function throwInFinally() { try { return 1; } finally { throw new Error("from finally"); } }
try { throwInFinally(); } catch (err) { print(err.message); }
var g = (function () { try { return (() => { throw "arrow" })(); } catch (v) { return "caught " + v; } })();
print(g);
