// `s.substring(a, b)` of the builtin in mid code is a `StringSubstring` node (no call; inlined callees may hold
// it) for a string receiver and int32 bounds; anything else deopts and the builtin runs as always.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
class Reader {
    constructor(s) { this.s = s; this.i = 0; }
    next() { const c = this.s.substring(this.i, this.i + 1); this.i++; return c; }
}
function cut(s, a, b) { return s.substring(a, b); }
function rest(s, a) { return s.substring(a); }
function readAll(s) { const r = new Reader(s); let out = ""; for (let k = 0; k < s.length; k++) out += r.next() + "|"; return out; }
for (let r = 0; r < 50; r++) { cut("abcdef", 1, 3); rest("abcdef", 2); readAll("xyz"); }
optimize(cut); optimize(rest); optimize(readAll);
print("ints", cut("abcdef", 1, 3), cut("abcdef", 4, 1), cut("abcdef", -3, 2), cut("abcdef", 2, 99), rest("abcdef", 2), rest("abc", 7) === "");
print("chars", readAll("héllo"), cut("a\u{1F600}b", 1, 3) === "\u{1F600}");
print("double", cut("abcdef", 1.5, 3.9));
optimize(cut);
print("string object", cut(new String("abcdef"), 1, 3));
optimize(cut);
print("other method", cut({ substring(a, b) { return "own " + a + b; } }, 1, 2));
optimize(rest);
print("undefined end", cut("abcdef", 2, undefined), rest("abcdef", "3"));
