// A function that tiers up to mid and deoptimises once: --stats-json's timeline lists each change in order.
function hot(x) { return x + 1; }
let s = 0;
for (let i = 0; i < 100000; i++) s = hot(s) & 0xffff;
print(s, hot("str"));
