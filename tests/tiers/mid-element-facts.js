// Element accesses in inlined callees reuse what dominating accesses proved: the receiver is an object (the first
// access deopts otherwise) and the key an int32 (checked once). A string, a number or undefined where an array was
// deoptimises at the first access; the later ones never see it.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function at(a, i) { return a[i]; }
function put(a, i, v) { a[i] = v; }
function swapSum(a, i, j) {
    const t = at(a, i);
    put(a, i, at(a, j));
    put(a, j, t);
    return at(a, i) + at(a, j);
}
// Only one branch proves `a` an object: the access after the merge checks it again.
function branchy(a, c) {
    let x = 0;
    if (c) x = at(a, 0);
    return x + at(a, 1);
}
const arr = [1, 2, 3, 4];
let acc = 0;
for (let i = 0; i < 500; i++) {
    acc += swapSum(arr, i & 3, (i + 1) & 3) + branchy(arr, i & 1);
}
optimize(swapSum); optimize(branchy);
print("ints", acc, swapSum(arr, 0, 3), branchy(arr, true), branchy(arr, false), arr.join());
print("string", swapSum("abcd", 1, 2), branchy("xy", false), branchy("xy", true));
print("double key", swapSum(arr, 0.5, 1), arr.join());
let threw = "no";
try { swapSum(undefined, 0, 1); } catch (e) { threw = e.constructor.name; }
print("undefined", threw, branchy([7, 8], false), branchy(null === 1 ? 0 : [5, 6], true));
