// `===` at a site that only saw values compared by identity (objects, undefined, null, booleans, symbols) is a
// comparison of bits after one check of the left side; a number, string or BigInt there deoptimises
// (NumberOrString): equal BigInts can be different cells.
// A side known to compare by identity (a constant, an object whose shape was checked) needs no check at all.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function same(a, b) { return a === b; }
function isNil(a) { return a === null || a === undefined; }
function sameField(o, p) { return o.next === p; }
const x = { next: null }, y = { next: x }, sym = Symbol("s");
let n = 0;
for (let i = 0; i < 200; i++) {
    if (same(x, i & 1 ? x : y)) n++;
    if (same(undefined, i & 2 ? null : undefined)) n++;
    if (isNil(i & 4 ? null : x)) n++;
    if (sameField(y, i & 1 ? x : y)) n++;
}
optimize(same); optimize(isNil); optimize(sameField);
print("objects", n, same(x, x), same(x, y), same(true, true), same(sym, sym), same(null, undefined));
print("number left", same(1.5, 1.5), same(NaN, NaN), same(0, -0));
optimize(same);
print("string left", same("ab", "a" + "b"), same("ab", "ac"));
optimize(same);
print("number right", same(x, 3), same(undefined, 3));
print("field", sameField(y, x), sameField({ next: "a" + "b" }, "ab"), sameField({ next: 2 }, 2));
optimize(same);
print("bigint left", same(2n ** 64n, BigInt("18446744073709551616")), same(1n, 2n));
