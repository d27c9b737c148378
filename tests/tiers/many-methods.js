// 300 methods added to a prototype one by one, then 300,000 calls of two of them.
function P() { this.x = 1; }
for (let i = 0; i < 300; i++) P.prototype["m" + i] = new Function("return this.x + " + i + ";");
const p = new P();
let s = 0;
for (let k = 0; k < 150000; k++) s += p.m1() + p.m299() - 300;
console.log(s);
