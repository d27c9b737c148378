// Parameters with defaults are initialised left to right: a direct reference to a later (or the same) parameter is
// a TDZ ReferenceError, a closure that reads it later is fine.
function later(a = b, b) { return [a, b]; }
try { later(); } catch (e) { print(e.name, e.message); }
print(later(1, 2));
function self(x = x) {}
try { self(); } catch (e) { print(e.name); }
function ok(a, b = a * 2, {c} = {c: b}) { return [a, b, c]; }
print(ok(3));
function closure(a = () => b, b = 5) { return a(); }
print(closure());
function typ(a = typeof b, b) { return a; }
try { typ(); } catch (e) { print("typeof", e.name); }
function assign(a = (b = 1), b) {}
try { assign(); } catch (e) { print("assign", e.name); }
const arrow = (x = y, y = 1) => x;
try { arrow(); } catch (e) { print("arrow", e.name); }
