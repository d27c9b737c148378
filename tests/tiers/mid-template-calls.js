// A call site that sees a new closure of the same function at each call (a callback made afresh) is called
// directly as "a closure of that function": frame size and receiver rules are constants, the context comes from the
// closure. Another function at the site takes the call's routine; the results are the same as anywhere.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function each(list, fn) { let s = 0; for (let i = 0; i < list.length; i++) s += fn(list[i]); return s; }
function run(list, k) { return each(list, (x) => x * k + k); }
function sloppy(list, k) { return each(list, function (x) { return (this === globalThis ? 1 : 0) + x + k; }); }
const list = [1, 2, 3, 4];
for (let r = 0; r < 40; r++) run(list, r);
optimize(each);
print("arrows", run(list, 3), run(list, 10));
print("sloppy", sloppy(list, 2));
print("other function", each(list, Math.abs), each(list, (x) => -x), each(list, function (x) { return x * 2; }));
print("not callable", (() => { try { return each(list, 5); } catch (e) { return e.constructor.name; } })());
print("class", (() => { try { return each(list, class {}); } catch (e) { return e.constructor.name; } })());
print("bound", each(list, ((x) => x + 1).bind(null)));
