// Inlined callees that make a function context (variables captured by closures) and closures over it: both are
// made inline; a deopt after that rebuilds the callee's frame with its own context, so the interpreter sees the
// captured variables (and their later updates) where the closures do.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
class Bag {
    constructor() { this.items = []; }
    add(x) { this.items.push(x); }
    forEach(fn) { for (let i = 0; i < this.items.length; i++) fn(this.items[i]); }
}
// `limit` and `count` live in sumBelow's context; the arrow is a closure over it.
function sumBelow(bag, limit) {
    let count = 0;
    let total = 0;
    bag.forEach((x) => { if (x < limit) { total += x; count++; } });
    return total * 1000 + count;
}
function outer(bag, limit) { return sumBelow(bag, limit) + 1; }
// A counter object made of closures over one context.
function counter(start) {
    let n = start;
    return { next: () => ++n, peek: () => n };
}
function useCounter(k) { const c = counter(k); c.next(); c.next(); return c.peek(); }
const bag = new Bag();
for (let i = 0; i < 20; i++) bag.add(i);
let acc = 0;
for (let i = 0; i < 300; i++) { acc += outer(bag, i % 20); acc += useCounter(i); }
optimize(outer); optimize(useCounter);
print("ints", outer(bag, 10), useCounter(5), acc);
// Doubles in the bag: the inlined arrow's `total += x` deopts with the callee's context live.
bag.add(0.5);
print("double", outer(bag, 10), outer(bag, 1));
// A string in the bag: `total` becomes a string, and the inlined sumBelow deopts reading it from its context.
optimize(outer);
bag.add("3");
print("string", outer(bag, 10), outer(bag, 1));
optimize(useCounter);
print("string start", useCounter("7"), useCounter(2.5));
