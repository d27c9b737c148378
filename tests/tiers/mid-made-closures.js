// Calls of closures the compiled function made itself (Maglev's calls of a new closure): the callee's function is
// known without call feedback, so mid inlines it (its closure a value of the graph, its context read from it) or
// calls its code directly. A deopt inside such an inlined closure writes the closure into the rebuilt frame.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function each(list, fn) { for (let i = 0; i < list.length; i++) fn(list[i]); }

// A callback through an inlined helper; its captured variables live in the caller's context.
function sumOver(list, limit) {
    let total = 0;
    let seen = 0;
    each(list, (x) => { seen++; if (x < limit) total += x; });
    return total * 1000 + seen;
}
// A closure called directly where it is made, over a parameter.
function direct(k) {
    const add = (x) => x + k;
    return add(1) + add(2);
}
// Not inlined (exception handlers): called directly as a closure of a known function.
function guarded(list) {
    let n = 0;
    each(list, (x) => { try { n += x.size; } catch (e) { n -= 1; } });
    return n;
}
// A stack trace from inside the inlined callback names every level.
function where(list) {
    let s = "";
    each(list, (x) => { if (x === 3) s = new Error("at 3").stack; });
    return s.split("\n").slice(1, 4).map((l) => l.trim().split(" ")[1]).join(",");
}
// The callback makes an arrow of its own (its home object is not known here): not inlined, still right.
function nested(list) {
    let out = 0;
    each(list, (x) => { const twice = () => x * 2; out += twice(); });
    return out;
}

const ints = [];
for (let i = 0; i < 30; i++) ints.push(i);
const sized = ints.map((i) => ({ size: i }));
let acc = 0;
for (let i = 0; i < 400; i++) {
    acc += sumOver(ints, i % 30) + direct(i) + guarded(sized) + nested(ints);
}
for (let i = 0; i < 50; i++) where(ints);
optimize(sumOver); optimize(direct); optimize(guarded); optimize(where); optimize(nested);
print("ints", sumOver(ints, 10), direct(5), guarded(sized), nested(ints), acc);
print("stack", where(ints));
// A double and then a string reach the inlined callback: it deopts with the closure only in registers.
print("double", sumOver([1, 2.5, 3], 10), direct(0.5));
optimize(sumOver); optimize(direct);
print("string", sumOver([1, "2", 3], 10), direct("k"));
// A value without `size` makes the guarded callback throw and catch.
print("guarded", guarded([{ size: 4 }, null, { size: 1 }]));
