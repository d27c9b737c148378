// Generators and async functions compiled by mid: a resumed frame enters the optimised code and branches to its
// resume point; values live across a yield or an await are saved with the frame (ints, doubles, strings, objects).
function* counter(n, scale) {
    let sum = 0, x = 0.5, s = "", o = { k: 0 };
    for (let i = 0; i < n; i++) {
        sum += i;
        x *= 1.0001;
        o.k += 2;
        if (i % 250 === 0) {
            s += String.fromCharCode(97 + (i / 250) % 26);
            const sent = yield sum * scale;
            if (sent) sum += sent;
        }
    }
    return [sum, x.toFixed(6), s, o.k].join(" ");
}
Tetra.optimize(counter, "mid");
let total = 0;
for (let k = 0; k < 50; k++) for (const v of counter(2000, k % 3)) total = (total + v) % 1000003;
const g = counter(1000, 1);
g.next();
print("yielded", total, g.next(5).value, g.next().value);
let r;
do { r = g.next(); } while (!r.done);
print("returned", r.value);
print("tier", Tetra.tierOf(counter));

function* guarded() {
    try {
        yield 1;
        yield 2;
    } finally {
        print("finally ran");
    }
}
Tetra.optimize(guarded, "mid");
for (const v of guarded()) { print("first", v); break; }
const t = guarded();
t.next();
try { t.throw(new Error("thrown in")); } catch (e) { print("caught", e.message); }

async function summed(n, p) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += (await p) + i;
    return acc;
}
Tetra.optimize(summed, "mid");
(async () => {
    let all = 0;
    for (let k = 0; k < 40; k++) all += await summed(50, Promise.resolve(k));
    try { await summed(3, Promise.reject(new TypeError("rejected"))); } catch (e) { print("async caught", e.message); }
    print("async", all, Tetra.tierOf(summed));
})();
