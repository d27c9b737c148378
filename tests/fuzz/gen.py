#!/usr/bin/env python3
"""Random JavaScript programs for differential testing of tetra's tiers (the program generator of tests/fuzz/).

    python3 tests/fuzz/gen.py SEED            # prints the program of SEED
    python3 tests/fuzz/gen.py SEED -o f.js

A program is a sloppy script: a prelude (a digest of values, `__m`), then a few test cases, each one a function run
by a loop hot enough to tier up (or a loop at top level, for OSR of the script) over values the tiers speculate on:
int32 edges and overflow, -0, NaN, doubles that look like ints, numeric strings; shapes that change mid-loop,
accessors and prototypes installed while code runs, holey and growing arrays, typed arrays, closures, calls with
too few or too many arguments, recursion, exceptions from hot loops, polymorphic call sites, classes with super,
generators, string building. After each test case the program prints the digest, so a divergence shows in stdout
and points at its test case.

The same seed gives the same program (random.Random(seed), nothing else). Programs are deterministic (no Date,
Math.random, timing or identity hashes), bounded (loops have constant bounds, strings stored across iterations
are clamped by `__c`, deep recursion only inside try/catch that records nothing but the error's name), and
agree with node when tetra is right (only error names go into the value digest; messages go into a separate
digest, printed on `msgs` lines, that only the tiers are compared on).
"""
import argparse
import random
import sys

PRELUDE = r"""var __h = 0, __hm = 0;
function __str(v) {
  switch (typeof v) {
    case 'number': return (v === 0 && 1 / v < 0) ? '-0' : '' + v;
    case 'string': return 's' + (v.length > 40 ? v.slice(0, 20) + '~' + v.length : v);
    case 'object': if (v === null) return 'null'; if (Array.isArray(v)) return 'A' + v.length; return 'O' + Object.keys(v).length;
    case 'function': return 'F';
    case 'symbol': return 'Y';
    case 'bigint': return v + 'n';
    default: return '' + v;
  }
}
function __m(v) {
  var s = __str(v);
  for (var i = 0; i < s.length; i++) __h = Math.imul(__h ^ s.charCodeAt(i), 16777619) + 1 | 0;
}
function __e(e) {
  if (e !== null && typeof e === 'object' && typeof e.name === 'string') {
    var s = '' + e.message;
    for (var i = 0; i < s.length; i++) __hm = Math.imul(__hm ^ s.charCodeAt(i), 16777619) | 0;
    return 'E:' + e.name;
  }
  return 'T:' + __str(e);
}
function __c(v) { return typeof v === 'string' && v.length > 64 ? v.slice(v.length - 32) : v; }
function __p(name) { print(name, __h >>> 0); print('msgs', name, __hm >>> 0); }
"""

INT_EDGES = ["0", "1", "-1", "2", "3", "7", "31", "32", "255", "256", "65535", "65536", "0x3fffffff", "0x40000000",
             "0x7ffffffe", "0x7fffffff", "-0x7fffffff", "-0x80000000", "0x80000000", "-0x80000001", "0xffffffff",
             "4294967296", "1073741823", "-1073741824", "46341", "-46341"]
DOUBLE_EDGES = ["-0", "0.5", "-0.5", "1.5", "-1.5", "0.1", "2.5", "1e21", "1e-7", "5e-324", "1.7976931348623157e308",
                "NaN", "Infinity", "-Infinity", "9007199254740992", "9007199254740993", "-9007199254740992",
                "4.0", "2147483647.5", "-2147483648.5", "1e10", "0.30000000000000004", "(1/3)", "(-0.0)"]
OTHER_EDGES = ['"0"', '"1"', '"-0"', '"42"', '" 7 "', '"1e3"', '"0x10"', '"abc"', '""', '"NaN"', '"-1.5"',
               '"2147483648"', "true", "false", "null", "undefined", "[]", "[7]", "[1, 2]", "({})",
               "({ valueOf() { return 9; } })", "({ toString() { return '5'; } })"]
RARE_EDGES = ["1n", "-1n", "Symbol.iterator", "(function () {})", "[,]", "new Int8Array(2)"]

BIN_OPS = ["+", "-", "*", "/", "%", "**", "&", "|", "^", "<<", ">>", ">>>", "<", "<=", ">", ">=", "==", "!=", "===",
           "!==", "&&", "||", "??", ","]
ARITH_OPS = ["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"]
UN_OPS = ["-", "+", "~", "!", "typeof ", "void "]
MATH1 = ["Math.floor", "Math.ceil", "Math.round", "Math.trunc", "Math.abs", "Math.sign", "Math.sqrt", "Math.fround",
         "Math.clz32", "Math.log2", "Math.exp", "Math.sin", "Number", "String", "Boolean", "Number.isInteger",
         "isNaN", "parseInt", "parseFloat", "Math.cbrt", "Math.expm1"]
MATH2 = ["Math.max", "Math.min", "Math.imul", "Math.pow", "Math.atan2", "Math.hypot"]
TYPED = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
         "Float32Array", "Float64Array"]


def literal(text):
    """A negative literal in parentheses: an operand anywhere (`-(-1)`, `(-1) ** 2`)."""
    return "(%s)" % text if text.startswith("-") else text


# Functions whose last bit is implementation-approximated (V8 uses fdlibm): left out of --portable programs, the
# ones compared with node.
APPROXIMATED = {"Math.exp", "Math.sin", "Math.cbrt", "Math.expm1", "Math.log2", "Math.pow", "Math.atan2",
                "Math.hypot", "**"}


class Gen:
    def __init__(self, seed, portable=False):
        self.r = random.Random(seed)
        self.n = 0
        self.heap = False  # whether expressions may use the test case's object O and array A
        self.portable = portable
        keep = (lambda xs: [x for x in xs if x not in APPROXIMATED]) if portable else list
        self.bin_ops, self.math1, self.math2 = keep(BIN_OPS), keep(MATH1), keep(MATH2)

    # -- small helpers -------------------------------------------------------------------------------------------
    def fresh(self, prefix="v"):
        self.n += 1
        return "%s%d" % (prefix, self.n)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def iters(self):
        """A loop count hot enough for OSR and mid with the corpus's budgets, and now and then with default ones."""
        return self.pick([300, 1000, 2000, 3000, 5000])

    def edge(self):
        x = self.r.random()
        if x < 0.4:
            return literal(self.pick(INT_EDGES))
        if x < 0.7:
            return literal(self.pick(DOUBLE_EDGES))
        if x < 0.97:
            return self.pick(OTHER_EDGES)
        return literal(self.pick(RARE_EDGES))

    def num_edge(self):
        return literal(self.pick(INT_EDGES + DOUBLE_EDGES))

    def pool(self, k=None):
        return "[" + ", ".join(self.edge() for _ in range(k or self.r.randint(3, 9))) + "]"

    # -- random expressions and statements over a set of variables ---------------------------------------------------
    def expr(self, vs, depth=0):
        """An expression over the variables `vs` (any value) that is valid whatever the values (it may throw)."""
        x = self.r.random()
        if depth > 3 or x < 0.2:
            return self.pick(vs) if vs and self.chance(0.7) else self.edge()
        if x < 0.5:
            op = self.pick(self.bin_ops if self.chance(0.5) else ARITH_OPS)
            return "(%s %s %s)" % (self.expr(vs, depth + 1), op, self.expr(vs, depth + 1))
        if x < 0.58:
            return "(%s(%s))" % (self.pick(UN_OPS), self.expr(vs, depth + 1))
        if x < 0.64:
            return "(%s ? %s : %s)" % (self.expr(vs, depth + 1), self.expr(vs, depth + 1), self.expr(vs, depth + 1))
        if x < 0.72:
            return "%s(%s)" % (self.pick(self.math1), self.expr(vs, depth + 1))
        if x < 0.78:
            return "%s(%s, %s)" % (self.pick(self.math2), self.expr(vs, depth + 1), self.expr(vs, depth + 1))
        if x < 0.84:
            v = self.expr(vs, depth + 1)
            return self.pick([
                "String(%s).length" % v, "String(%s).charCodeAt(%s)" % (v, self.expr(vs, depth + 1)),
                "(%s + '').indexOf('1')" % v, "String(%s).slice(1, 4)" % v, "`<${%s}>`" % v,
                "(%s | 0)" % v, "(%s >>> 0)" % v, "(%s * 1.5)" % v, "(%s + 1 - 1)" % v, "(%s === %s)" % (v, v),
                "Object.is(%s, -0)" % v, "(0 * %s)" % v, "-(%s)" % v, "(%s %% 3)" % v,
            ])
        if x < 0.86 and self.heap:
            return self.pick(["O.p", "O.q", "O.r", "A[%s & 7]" % self.expr(vs, depth + 1), "A.length",
                              "A[%s]" % self.expr(vs, depth + 1), "(O.p + %s)" % self.expr(vs, depth + 1)])
        if x < 0.9:
            return "[%s, %s][%s & 1]" % (self.expr(vs, depth + 1), self.expr(vs, depth + 1), self.expr(vs, depth + 1))
        if x < 0.95:
            # a fresh object literal's property, or a missing one
            return "({ a: %s, b: %s }).%s" % (self.expr(vs, depth + 1), self.expr(vs, depth + 1),
                                              self.pick(["a", "b", "c"]))
        return "(%s)" % self.expr(vs, depth + 1)

    def stmts(self, vs, k, depth=0, in_loop=False):
        out = []
        for _ in range(k):
            out.extend(self.stmt(vs, depth, in_loop))
        return out

    def stmt(self, vs, depth, in_loop):
        x = self.r.random()
        clamp = (lambda e: "__c(%s)" % e) if in_loop else (lambda e: e)
        if x < 0.25 or depth > 2:
            v = self.fresh()
            line = "var %s = %s;" % (v, self.expr(vs))
            vs.append(v)
            return [line]
        targets = [v for v in vs if not v.startswith("j")]  # loop counters stay read-only: loops end
        if x < 0.45 and targets:
            target = self.pick(targets)
            op = self.pick(["=", "+=", "-=", "*=", "|=", "^=", ">>=", "="])
            if op == "=" or op == "+=":
                return ["%s = %s;" % (target, clamp("%s %s" % (target + " +" if op == "+=" else "", self.expr(vs))))]
            return ["%s %s %s;" % (target, op, self.expr(vs))]
        if x < 0.55 and targets:
            return ["%s%s;" % (self.pick(targets), self.pick(["++", "--"]))]
        if x < 0.7:
            body = ["if (%s) {" % self.expr(vs)] + ["  " + s for s in self.stmts(list(vs), 2, depth + 1, in_loop)]
            if self.chance(0.5):
                body += ["} else {"] + ["  " + s for s in self.stmts(list(vs), 2, depth + 1, in_loop)]
            return body + ["}"]
        if x < 0.8:
            j = self.fresh("j")
            bound = self.r.randint(1, 6)
            inner = self.stmts(list(vs) + [j], 2, depth + 1, True)
            if self.chance(0.3):
                inner.append("if (%s) %s;" % (self.expr(vs + [j]), self.pick(["break", "continue"])))
            return ["for (var %s = 0; %s < %d; %s++) {" % (j, j, bound, j)] + ["  " + s for s in inner] + ["}"]
        if x < 0.9:
            e = self.fresh("e")
            body = ["try {"] + ["  " + s for s in self.stmts(list(vs), 2, depth + 1, in_loop)]
            if self.chance(0.5):
                body.append("  if (%s) throw %s;" % (self.expr(vs), self.expr(vs)))
            body += ["} catch (%s) {" % e, "  __m(__e(%s));" % e]
            if self.chance(0.4):
                body += ["} finally {"] + ["  " + s for s in self.stmts(list(vs), 1, depth + 1, in_loop)]
            return body + ["}"]
        if self.heap and self.chance(0.6):
            e = self.expr(vs)
            return [self.pick(["O.p = __c(%s);" % e, "A[(%s) & 7] = __c(%s);" % (e, self.expr(vs)), "delete O.q;",
                               "O.r = %s;" % e, "A.push(__c(%s)); if (A.length > 16) A.length = 4;" % e,
                               "O = { q: __c(%s), p: 1 };" % e, "A = [%s];" % e])]
        return ["__m(%s);" % self.expr(vs)]

    # -- test cases -------------------------------------------------------------------------------------------------
    def case_random_function(self):
        """A random function body run by a hot loop whose arguments change kind late (deopts after tier-up)."""
        f = self.fresh("f")
        nparams = self.r.randint(1, 3)
        params = ["p%d" % i for i in range(nparams)]
        vs = list(params)
        self.heap = self.chance(0.6)
        body = self.stmts(vs, self.r.randint(3, 8))
        ret = self.expr(vs)
        heap = self.heap
        self.heap = False
        n = self.iters()
        late = n * self.r.randint(5, 9) // 10
        pools = [self.pool() for _ in params]
        mono = self.pick(["i", "(i & 15)", "(i * 0.5)", "(i - %d)" % (n // 2), "String(i & 7)", "(i * 65599 | 0)",
                          "(0x7fffffff - i)", "(i % 5 - 2)"])
        args = []
        for k, _ in enumerate(params):
            args.append("(i < %d ? %s : P%d[i %% P%d.length])" % (late, mono, k, k))
        nargs_extra = self.pick(["", "", "", ", i, i"])
        lines = []
        if heap:
            # O and A are read and written by f, and V (an argument late in the loop) changes them from valueOf,
            # in the middle of f's arithmetic: loads must not be reused across it.
            lines += ["var O = { p: %s, q: 'q' }, A = [1, 2.5, 'a', , 5];" % self.num_edge(),
                      "var V = { valueOf() { %s return %s; } };" % (self.pick([
                          "O.p = 'v';", "delete O.p;", "A.length = 1;", "A[1] = {};", "O.q = 1.5;",
                          "Object.defineProperty(O, 'p', { get() { return 'gp'; }, configurable: true });",
                          "A.push(0.5);", "O = { p: -0 };"]), self.num_edge())]
            pools = ["[V, " + p[1:] for p in pools]
        lines += ["function %s(%s) {" % (f, ", ".join(params))]
        if self.chance(0.2):
            lines.append("  'use strict';")
        lines += ["  " + s for s in body]
        lines += ["  return %s;" % ret, "}"]
        for k, p in enumerate(pools):
            lines.append("var P%d = %s;" % (k, p))
        lines.append("for (var i = 0; i < %d; i++) {" % n)
        lines.append("  try { __m(%s(%s%s)); } catch (e) { __m(__e(e)); }" % (f, ", ".join(args), nargs_extra))
        lines.append("}")
        return lines

    def case_arith(self):
        """Int32 arithmetic running over the edges: overflow into doubles, -0, division with int results."""
        x, y = self.fresh("x"), self.fresh("y")
        n = self.iters()
        ops = []
        for _ in range(self.r.randint(2, 5)):
            a = self.pick([x, y, "i", self.num_edge()])
            b = self.pick([x, y, "i", self.num_edge()])
            ops.append("%s = %s;" % (self.pick([x, y]), self.pick([
                "(%s %s %s)" % (a, self.pick(ARITH_OPS), b),
                "(%s %s %s) | 0" % (a, self.pick(["+", "-", "*"]), b),
                "%s + 1" % a, "%s - 1" % a, "-(%s)" % a, "%s * -1" % a, "%s / 2" % a, "(%s * 2) / 2" % a,
                "Math.imul(%s, %s)" % (a, b), "%s %% %s" % (a, self.pick(["2", "-3", "7", b])),
                "(%s + %s) %% 1073741824" % (a, b),
            ])))
        start = self.pick(["0x7fffff00", "-0x7fffff00", "0", "-0", "1.5", "0x3ffffff0", "2147483000", "-1"])
        lines = ["var %s = %s, %s = %s;" % (x, start, y, self.num_edge())]
        lines.append("for (var i = 0; i < %d; i++) {" % n)
        lines += ["  " + s for s in ops]
        lines.append("  if (!isFinite(%s)) %s = %s;" % (x, x, start))
        lines.append("  if (!isFinite(%s)) %s = i;" % (y, y))
        lines.append("  if ((i & %d) === 0) { __m(%s); __m(%s); }" % (self.pick([0, 7, 63]), x, y))
        lines.append("}")
        lines.append("__m(%s); __m(%s);" % (x, y))
        return lines

    def case_shapes(self):
        """Objects whose shapes change mid-loop: properties added in other orders, deleted, turned into accessors."""
        f, mk = self.fresh("rd"), self.fresh("mk")
        n = self.iters()
        props = ["a", "b", "c", "d", "e"][:self.r.randint(2, 5)]
        reads = " + ".join("o.%s" % p for p in self.r.sample(props, self.r.randint(1, len(props))))
        lines = ["function %s(i) {" % mk, "  var o = {};"]
        for p in props:
            lines.append("  if (%s) o.%s = %s; else o.%s = %s;" % (
                self.pick(["i & 1", "i % 3 === 0", "i > %d" % (n // 2), "true", "i < %d" % (n // 3)]),
                p, self.pick(["i", "i * 0.5", "'s' + (i & 3)", "-i", "i | 0"]), p, self.num_edge()))
        change = self.pick([
            "if (i > %d) delete o.%s;" % (n // 2, self.pick(props)),
            "if (i > %d) Object.defineProperty(o, '%s', { get() { return i; }, configurable: true });"
            % (n * 2 // 3, self.pick(props)),
            "if (i %% %d === 0) Object.freeze(o);" % self.r.randint(2, 50),
            "if (i > %d) o.z = 1;" % (n // 2),
            "if (i > %d) Object.setPrototypeOf(o, { %s: 77 });" % (n // 2, self.pick(props + ["q"])),
            "if (i %% 7 === 0) o.%s = undefined;" % self.pick(props),
            "",
        ])
        lines += ["  " + change, "  return o;", "}"]
        lines += ["function %s(o) { return %s; }" % (f, reads)]
        w = self.fresh("w")
        lines.append("for (var i = 0; i < %d; i++) {" % n)
        lines.append("  var %s = %s(i);" % (w, mk))
        lines.append("  try { __m(%s(%s)); } catch (e) { __m(__e(e)); }" % (f, w))
        if self.chance(0.5):
            lines.append("  %s.%s = %s; __m(%s.%s);" % (w, self.pick(props), self.expr(["i"]), w,
                                                        self.pick(props)))
        lines.append("}")
        return lines

    def case_proto_accessor(self):
        """A getter or setter installed on a prototype (or the prototype swapped) while a loop reads the property."""
        C, f = self.fresh("C"), self.fresh("g")
        n = self.iters()
        k = n * self.r.randint(3, 8) // 10
        p = self.pick(["x", "y", "length", "0", "toString"])
        acc = "o[%r]" % p if p == "0" else "o.%s" % p
        install = self.pick([
            "Object.defineProperty(%s.prototype, %r, { get() { return %s; }, configurable: true });"
            % (C, p, self.expr(["this.v"])),
            "Object.defineProperty(%s.prototype, %r, { get() { if (this.v %% 5 === 0) throw new TypeError('g'); "
            "return this.v; }, configurable: true });" % (C, p),
            "%s.prototype[%r] = %s;" % (C, p, self.num_edge()),
            "Object.setPrototypeOf(%s.prototype, { %r: 'np' });" % (C, p),
            "Object.defineProperty(%s.prototype, %r, { set(v) { this.v = v; }, configurable: true });" % (C, p),
        ])
        lines = [
            "function %s(v) { this.v = v; }" % C,
            "function %s(o, i) { var r = %s; %s = i; return r; }" % (f, acc, acc) if self.chance(0.5) else
            "function %s(o, i) { return %s; }" % (f, acc),
            "var objs = [];",
            "for (var i = 0; i < 8; i++) objs.push(new %s(i));" % C,
            "for (var i = 0; i < %d; i++) {" % n,
            "  if (i === %d) %s" % (k, install),
            "  try { __m(%s(objs[i & 7], i)); } catch (e) { __m(__e(e)); }" % f,
            "}",
        ]
        return lines

    def case_arrays(self):
        """Arrays with holes, growing and shrinking, out-of-bounds reads and writes, prototypes with elements."""
        a, f = self.fresh("arr"), self.fresh("ae")
        n = self.iters()
        init = self.pick(["[1, 2, 3]", "[1, , 3]", "[1.5, 2.5]", "['a', 'b']", "[]", "new Array(5)", "[0, -0, NaN]",
                          "Array.from({ length: 4 }, (_, k) => k)", "[{}, 1, 'x']"])
        idx = self.pick(["i & 7", "i % 11 - 2", "(i >> 3) & 15", "i & 3", "i", "-1", "i * 0.5", "'1'",
                         "4294967295", "(i & 1) ? 2 : 'length'"])
        ops = [self.pick([
            "a.push(%s);" % self.expr(["i"]), "a.pop();", "if (a.length > 20) a.length = %d;" % self.r.randint(0, 5),
            "a[%s] = %s;" % (idx, self.expr(["i"])), "__m(a[%s]);" % idx, "__m(a.length);",
            "if (i === %d) Object.setPrototypeOf(a, { 1: 'proto', 5: 'p5' });" % (n // 2),
            "if (i === %d) a[100] = 1;" % (n // 3), "a.shift();", "a.unshift(i);", "__m(a.indexOf(%s));" % idx,
            "__m(a.includes(undefined));", "if (i % 97 === 0) a = a.slice(1, 6);", "delete a[%s];" % idx,
            "if (i === %d) Object.freeze(a);" % (n * 3 // 4), "__m(a.at(-1));", "__m(a[a.length]);",
            "if (a.length > 40) a.splice(2, a.length - 10);",
        ]) for _ in range(self.r.randint(2, 6))]
        lines = ["var %s = %s;" % (a, init),
                 "function %s(a, i) {" % f, "  if (a.length > 64) a.length = %d;" % self.r.randint(0, 9)] + ["  " + s for s in ops] + ["  return a;", "}"]
        lines += ["for (var i = 0; i < %d; i++) {" % n,
                  "  try { %s = %s(%s, i); } catch (e) { __m(__e(e)); }" % (a, f, a),
                  "}",
                  "__m(%s.length); for (var k = 0; k < %s.length && k < 50; k++) __m(%s[k]);" % (a, a, a)]
        return lines

    def case_typed(self):
        """Typed-array loads and stores with conversions at the edges, out of bounds, resizable buffers."""
        t, f = self.fresh("ta"), self.fresh("te")
        n = self.iters()
        kind = self.pick(TYPED)
        mk = self.pick([
            "new %s(16)" % kind,
            "new %s(new ArrayBuffer(64, { maxByteLength: 256 }))" % kind,
            "new %s([1, 2, 3, 300, -5, 1.5])" % kind,
            "new %s(new ArrayBuffer(64), 8, 4)" % kind,
        ])
        val = self.pick(["i", "-i", "i * 1.5", "i * 1000003", "P[i % P.length]", "i / 3", "0x7fffffff + i",
                         "'' + i"])
        idx = self.pick(["i & 15", "i % 20", "i & 3", "(i & 31) - 4", "i * 0.5"])
        lines = ["var P = %s;" % self.pool(),
                 "var %s = %s;" % (t, mk),
                 "function %s(t, i) {" % f,
                 "  t[%s] = %s;" % (idx, val),
                 "  return t[%s] + t[(i + 1) & 15];" % idx,
                 "}",
                 "for (var i = 0; i < %d; i++) {" % n]
        if "maxByteLength" in mk and self.chance(0.7):
            lines.append("  if (i %% %d === 0) %s.buffer.resize(%s);" % (
                self.r.randint(50, 500), t, self.pick(["(i & 7) * 8", "0", "128", "256"])))
        if self.chance(0.2):
            lines.append("  if (i === %d) %s = new %s(8);" % (n // 2, t, self.pick(TYPED)))
        lines += ["  try { __m(%s(%s, i)); } catch (e) { __m(__e(e)); }" % (f, t),
                  "}",
                  "__m(%s.length); for (var k = 0; k < %s.length; k++) __m(%s[k]);" % (t, t, t)]
        return lines

    def case_closures(self):
        """Closures over context slots: counters, closures made in loops, let per-iteration bindings."""
        mk = self.fresh("mk")
        n = self.iters()
        body = self.pick([
            ["var c = s;", "return function (x) { c = __c(c + x); return c; };"],
            ["let c = s, d = 0;", "function inc(x) { d++; c = (c * 31 + x) | 0; return c + d; }",
             "return function (x) { return inc(x) + inc(-x); };"],
            ["var fs = [];", "for (let k = 0; k < 4; k++) fs.push(() => k + s);",
             "return function (x) { return fs[x & 3]() + fs.length; };"],
            ["var c = s;", "return function (x) { var g = () => { c = c ^ x; return c; }; return g() + g(); };"],
            ["var c = s;", "return (x) => { try { if (x %% %d === 0) throw c; return c += 1; } catch (e) { return e; }"
             " finally { c = c | 0; } };" % self.r.randint(2, 30)],
        ])
        lines = ["function %s(s) {" % mk] + ["  " + s for s in body] + ["}"]
        lines += ["var cl = [%s(%s), %s(%s)];" % (mk, self.num_edge(), mk, self.edge()),
                  "for (var i = 0; i < %d; i++) {" % n,
                  "  try { __m(cl[i & 1](%s)); } catch (e) { __m(__e(e)); }" % self.pick(["i", "i * 0.25", "'x'",
                                                                                          "i - 100"]),
                  "  if (i === %d) cl.push(%s(%s));" % (n // 2, mk, self.edge()),
                  "}"]
        return lines

    def case_arguments(self):
        """Calls with too few and too many arguments, arguments objects, rest and default parameters."""
        f = self.fresh("fa")
        n = self.iters()
        decl = self.pick([
            "function %s(a, b, c) { return '' + a + b + c + arguments.length; }",
            "function %s(a, b) { arguments[0] = 7; return a + b + arguments[2]; }",
            "function %s(a, b = a + 1, ...r) { return a + b + r.length + (r[1] | 0); }",
            "function %s(a, b) { 'use strict'; a = 3; return arguments[0] + b; }",
            "function %s() { var s = 0; for (var k = 0; k < arguments.length; k++) s += arguments[k]; return s; }",
            "function %s(a, b, c, d) { return [a, b, c, d].length + (d === undefined); }",
            "function %s({ x, y } = {}, [z] = []) { return x + y + z; }",
        ]) % f
        calls = [self.pick(["%s()", "%s(i)", "%s(i, 1)", "%s(i, 2, 3)", "%s(i, 2, 3, 4, 5, 6)",
                            "%s.call(null, i, i)", "%s.apply(null, [i, 'a', i])", "%s(...[i, i, i])",
                            "%s({ x: i, y: 1 }, [2])"]) % f for _ in range(self.r.randint(2, 4))]
        lines = [decl, "for (var i = 0; i < %d; i++) {" % n]
        for k, c in enumerate(calls):
            lines.append("  if (i %% %d === %d) try { __m(%s); } catch (e) { __m(__e(e)); }" % (
                len(calls), k, c) if k > 0 else "  try { __m(%s); } catch (e) { __m(__e(e)); }" % c)
        lines.append("}")
        return lines

    def case_recursion(self):
        """Bounded recursion, and recursion too deep for the stack caught as a RangeError (frames that allocate
        nothing: --gc-stress scans the whole stack at every collection)."""
        f = self.fresh("rec")
        n = self.pick([200, 500, 1000])
        lines = [self.pick([
            "function %s(n) { return n < 2 ? n : %s(n - 1) + %s(n - 2); }" % (f, f, f),
            "function %s(n) { if (n <= 0) return 0; return (n & 1) + %s(n >> 1) + %s(n - 1 > 20 ? 0 : n - 1); }"
            % (f, f, f),
            "function %s(n, acc) { return n === 0 ? acc : %s(n - 1, acc * 1.0001 + n); }" % (f, f),
        ])]
        lines += ["for (var i = 0; i < %d; i++) __m(%s(i %% 15, 1));" % (n, f)]
        deep = self.fresh("deep")
        lines += [self.pick([
            "function %s(n) { return %s(n + 1) + 1; }" % (deep, deep),
            "function %s(n) { try { return %s(n + 1); } finally { n++; } }" % (deep, deep),
            "function %s(n) { return %s.call(null, n + 1, n) | 0; }" % (deep, deep),
            "function %s(n) { return n < 0 ? 0 : %s(n + 1, 1, 2, 3, 4); }" % (deep, deep),
        ])]
        lines += ["for (var i = 0; i < 3; i++) {",
                  "  try { %s(0); __m('no overflow'); } catch (e) { __m(e instanceof RangeError); }" % deep,
                  "}"]
        return lines

    def case_throwing(self):
        """Getters that throw, exceptions thrown inside hot loops, try/catch/finally with control flow."""
        n = self.iters()
        k = self.r.randint(3, 60)
        f = self.fresh("th")
        body = self.pick([
            ["var o = { get v() { if (i %% %d === 0) throw new RangeError('r' + i); return i; } };" % k,
             "return o.v * 2;"],
            ["try {", "  if (i %% %d === 0) null.x;" % k, "  return i;", "} finally {", "  t++;", "}"],
            ["for (var j = 0; j < 3; j++) {", "  try {", "    if ((i + j) %% %d === 0) throw j;" % k,
             "    t += j;", "  } catch (e) {", "    if (e === 2) break;", "    continue;",
             "  } finally {", "    t ^= 1;", "  }", "}", "return t;"],
            ["try {", "  try { if (i %% %d === 0) throw 'in'; } finally { t += 2; }" % k,
             "} catch (e) { return e; }", "return t & 255;"],
            ["var r;", "try { r = [1, 2][i % 3].toFixed(1); } catch (e) { r = e.name; }", "return r;"],
            ["try { return i %% %d ? i : undefinedVariable; } catch (e) { return e.constructor === ReferenceError; }"
             % k],
            ["try { if (i %% %d === 0) return 'early'; } finally { if (i %% 3 === 0) return 'fin'; }" % k,
             "return i;"],
        ])
        lines = ["var t = 0;", "function %s(i) {" % f] + ["  " + s for s in body] + ["}"]
        lines += ["for (var i = 0; i < %d; i++) {" % n,
                  "  try { __m(%s(i)); } catch (e) { __m(__e(e)); }" % f,
                  "}", "__m(t);"]
        return lines

    def case_polymorphic(self):
        """A call site and property loads that are monomorphic while compiled, then poly- and megamorphic."""
        f = self.fresh("pm")
        n = self.iters()
        m = self.pick([2, 4, 10])
        lines = ["var objs = [];",
                 "for (var k = 0; k < %d; k++) {" % m,
                 "  var o = { x: k };",
                 "  if (k & 1) o.y = k; if (k & 2) o['p' + k] = k; if (k & 4) o.x = 'x' + k;",
                 "  if (k === 3) Object.defineProperty(o, 'x', { get() { return -3; } });",
                 "  objs.push(o);",
                 "}",
                 "objs.push([1, 2], 'str', 5.5, { __proto__: { x: 'proto' } });",
                 "function %s(o, f) { return o.x + (f ? f(o) : 0); }" % f,
                 "var fns = [null, function (o) { return o.y; }, (o) => o.length, function (o) { return typeof this; }];",
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  var which = i < %d ? 0 : i %% objs.length;" % (n // 2),
                 "  try { __m(%s(objs[which], fns[i < %d ? 1 : i & 3])); } catch (e) { __m(__e(e)); }" % (
                     f, n * 3 // 4),
                 "}"]
        return lines

    def case_classes(self):
        """Classes with super calls, super property loads, fields, accessors and static members."""
        A, B, Cc = self.fresh("A"), self.fresh("B"), self.fresh("C")
        n = self.iters()
        lines = [
            "class %s {" % A,
            "  constructor(x) { this.x = x; this.k = 'A'; }",
            "  m(y) { return this.x + y; }",
            "  get g() { return this.x * 2; }",
            "  static s() { return 'sA'; }",
            "}",
            "class %s extends %s {" % (B, A),
            "  f = %s;" % self.num_edge(),
            "  constructor(x, y) { %s; this.y = y; }" % self.pick(["super(x)", "super(x + y)", "super(...[x])"]),
            "  m(y) { return super.m(y) + (this.f | 0); }",
            "  get g() { return super.g + 1; }",
            "  static s() { return super.s() + 'B'; }",
            "}",
            "class %s extends %s {" % (Cc, B),
            "  #p = 1;",
            "  constructor(x) { super(x, x); if (x %% %d === 0) return { k: 'other' }; }" % self.r.randint(5, 90),
            "  m(y) { this.#p++; return super.m(y) + this.#p; }",
            "}",
            "for (var i = 0; i < %d; i++) {" % n,
            "  try {",
            "    var o = i & 1 ? new %s(i, %s) : new %s(i);" % (B, self.edge(), Cc),
            "    __m(o.k); __m(o.m ? o.m(i) : 0); __m(o.g);",
            "    if (i %% 101 === 0) __m(%s.s());" % Cc,
            "  } catch (e) { __m(__e(e)); }",
            "}",
        ]
        if self.chance(0.4):
            lines.insert(-5, "  if (i === %d) %s.prototype.m = function (y) { return 'patched' + y; };" % (
                n // 2, A))
        return lines

    def case_generators(self):
        """Generators with loops, try/finally, early return() and throw(), yield*."""
        g = self.fresh("gen")
        n = self.pick([200, 500, 1000])
        lines = [
            "function* %s(n) {" % g,
            "  try {",
            "    for (var k = 0; k < n; k++) { var r = yield k * %s; if (r) k += r; }" % self.num_edge(),
            "    yield* [n, n + 1];",
            "  } finally { __m('fin' + n); }",
            "  return 'done';",
            "}",
            "for (var i = 0; i < %d; i++) {" % n,
            "  var it = %s(i %% 7);" % g,
            "  try {",
            "    var s = it.next(); __m(s.value);",
            "    s = it.next(i & 1); __m(s.value); __m(s.done);",
            "    if (i % 5 === 0) __m(it.return('r').value);",
            "    else if (i % 5 === 1) it.throw(new Error('t'));",
            "    else for (var v of it) __m(v);",
            "  } catch (e) { __m(__e(e)); }",
            "}",
        ]
        return lines

    def case_strings(self):
        """String building: +=, templates, charCodeAt / fromCharCode, number-to-string at the edges."""
        n = self.iters()
        s = self.fresh("str")
        lines = ["var %s = '';" % s, "var P = %s;" % self.pool(),
                 "for (var i = 0; i < %d; i++) {" % n]
        for _ in range(self.r.randint(2, 4)):
            lines.append("  " + self.pick([
                "%s += String.fromCharCode(65 + (i %% 26));" % s,
                "%s += P[i %% P.length];" % s,
                "%s = `${%s}|${i * 0.1}`;" % (s, s),
                "%s += (i * 1.1).toString(%s);" % (s, "" if self.portable else self.pick(["2", "16", "36", ""])),
                "__m(%s.charCodeAt(i %% (%s.length + 2)));" % (s, s),
                "__m(%s.length);" % s,
                "__m(%s.indexOf('1', i & 7));" % s,
                "%s = %s.slice(-%d);" % (s, s, self.r.randint(5, 40)),
                "if (%s.length > 200) %s = %s.substring(100);" % (s, s, s),
                "__m(%s[i & 15]);" % s,
                "__m(%s.split('1').length);" % s,
                "__m((+%s.slice(-3)) + 1);" % s,
                "__m(parseInt(%s.slice(-4), 36));" % s,
                "%s = %s.replace('A', 'a');" % (s, s),
            ]))
        lines.append("  %s = __c(%s);" % (s, s))
        lines.append("}")
        lines.append("__m(%s);" % s)
        return lines

    def case_global_osr(self):
        """A loop of the script itself (global variables, OSR of the top-level code), not inside a function."""
        n = self.pick([2000, 5000, 10000])
        g1, g2 = self.fresh("G"), self.fresh("G")
        ops = [self.pick([
            "%s = (%s + i) | 0;" % (g1, g1), "%s = %s * 1.5 + 1;" % (g2, g2), "if (%s > 1e6) %s = -%s;" % (g2, g2, g2),
            "%s += %s & 3;" % (g1, g2), "%s = %s %% 1000;" % (g2, g2), "if (i === %d) %s = 'str';" % (n // 2, g1),
            "if (i === %d) %s = 0.5;" % (n // 3, g1), "%s = __c(%s + 1);" % (g1, g1),
        ]) for _ in range(self.r.randint(2, 5))]
        lines = ["var %s = %s, %s = %s;" % (g1, self.num_edge(), g2, self.num_edge()),
                 "for (var i = 0; i < %d; i++) {" % n] + ["  " + o for o in ops]
        lines += ["  if (!isFinite(%s)) %s = 1;" % (g2, g2), "}", "__m(%s); __m(%s);" % (g1, g2)]
        return (lines, True)

    def case_inlining(self):
        """Small callees inlined into a hot caller, then changed: a callee redefined, given other argument kinds,
        throwing from inside the inlined body, or reading arguments / new.target / this."""
        n = self.iters()
        h1, h2, caller = self.fresh("h"), self.fresh("h"), self.fresh("caller")
        k = n * self.r.randint(4, 9) // 10
        body1 = self.pick([
            "return a + b;", "return a * b | 0;", "return arguments.length + a;", "if (a > %d) throw a; return b;"
            % self.r.randint(100, 3000), "return this === undefined ? a : b;", "return [a, b][a & 1];",
            "return new.target ? 1 : a - b;", "var s = 0; for (var q = 0; q < 3; q++) s += a; return s + b;",
            "return a / b;", "return { x: a, y: b }.x;", "return typeof a === 'number' ? a : b;",
        ])
        body2 = self.pick([
            "return %s(x, y) + %s(y, x);" % (h1, h1), "return %s(x) + %s(x, y, x);" % (h1, h1),
            "return %s.call(null, x, y);" % h1, "return new %s(x, y);" % h1, "return [x].map(v => %s(v, y))[0];" % h1,
            "try { return %s(x, y); } catch (e) { return 'c' + e; }" % h1,
        ])
        lines = ["function %s(a, b) { %s }" % (h1, body1),
                 "function %s(x, y) { %s }" % (h2, body2),
                 "function %s(i) { return %s(%s, %s); }" % (caller, h2, self.pick(["i", "i * 0.5", "i - 1000"]),
                                                            self.pick(["i & 7", "1", "-0", "i + 0.5"])),
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  if (i === %d) %s" % (k, self.pick([
                     "%s = function (a, b) { return 'r' + a; };" % h1,
                     "%s = function (x) { return x; };" % h2,
                     "%s = (i) => i;" % caller,
                     "%s.prototype.z = 1;" % h1,
                     "Object.defineProperty(%s, 'length', { value: 9 });" % h1,
                 ])),
                 "  try { __m(%s(i < %d ? i : %s)); } catch (e) { __m(__e(e)); }" % (caller, n * 9 // 10, self.edge()),
                 "}"]
        return lines

    def case_callbacks(self):
        """Builtins calling back into compiled code (map, reduce, sort, forEach, find, replace) that mutate the
        array under iteration or throw."""
        n = self.pick([200, 500, 1000])
        cb = self.pick([
            "(v, k, a) => { if (k === 1) a.push(k); return v * 2; }",
            "(v, k, a) => { if (k === 0) a.length = 1; return v; }",
            "(v, k) => { if (v === 3) throw new Error('cb'); return v + k; }",
            "function (v) { return this === undefined ? v : -v; }",
            "(v, k, a) => { a[k + 2] = k; return v !== v; }",
            "(v) => v",
        ])
        meth = self.pick(["map(f)", "filter(f)", "forEach(f)", "find(f)", "findIndex(f)", "some(f)", "every(f)",
                          "reduce((a, b) => a + f(b, 0, arr), 0)", "flatMap(f)", "sort((a, b) => a - b)",
                          "reduceRight((a, b) => '' + a + b)"])
        lines = ["var f = %s;" % cb,
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  var arr = [i & 3, 3, %s, 1.5, i];" % self.edge(),
                 "  try { var r = arr.%s; __m(r); __m(arr.length); } catch (e) { __m(__e(e)); }" % meth,
                 "}"]
        return lines

    def case_iteration(self):
        """for-in over objects whose shape changes during the loop, for-of over arrays that grow, spread,
        destructuring, labelled loops."""
        n = self.pick([300, 1000, 2000])
        lines = ["var base = { a: 1, b: 2 };",
                 "var proto = { inherited: 3 };",
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  var o = Object.create(i & 1 ? proto : null); o.a = i; o.b = -i; if (i & 2) o[i & 7] = 1;",
                 "  var keys = '';",
                 "  for (var key in o) { keys += key; %s }" % self.pick([
                     "if (key === 'a') delete o.b;", "o.z = 1;", "if (i %% %d === 0) break;" % self.r.randint(2, 9),
                     "", "proto.extra = i;"]),
                 "  __m(keys);",
                 "  var arr = [i, 2, 3], tot = 0;",
                 "  outer: for (var v of arr) { if (arr.length < 6) arr.push(v); for (var w of [1, 2]) {"
                 " if (w === %s) continue outer; tot += v * w; } }" % self.pick(["2", "v", "1"]),
                 "  var [p, q = 5, ...rest] = arr; var { a, z = 'dz' } = o;",
                 "  __m(tot); __m(p + q + rest.length); __m(a); __m(z); __m(Math.max(...arr));",
                 "}"]
        return lines

    def case_bigint(self):
        """BigInt arithmetic in a hot loop, BigInt64Array, mixing with numbers (TypeError)."""
        n = self.pick([300, 1000, 2000])
        lines = ["var b = %s;" % self.pick(["0n", "1n", "-1n", "9007199254740993n", "(2n ** 64n)", "(-(2n ** 63n))"]),
                 "var ta = new %s(4);" % self.pick(["BigInt64Array", "BigUint64Array"]),
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  try {",
                 "    b = %s;" % self.pick(["b * 3n + BigInt(i)", "(b << 3n) ^ BigInt(i)", "b - 2n ** 62n",
                                            "b / 7n + 1n", "BigInt.asIntN(64, b * b + 1n)", "-b % 1000003n",
                                            "BigInt.asUintN(70, b + BigInt(i) * 12345678901n)"]),
                 "    if (b > 10n ** 30n || b < -(10n ** 30n)) b = BigInt(i);",
                 "    ta[i & 3] = b; __m(ta[(i + 1) & 3]);",
                 "    if (i %% %d === 0) __m(b + %s);" % (self.r.randint(3, 50), self.pick(["1", "1n", "'s'"])),
                 "    __m(b < i); __m(b == i); __m(typeof b);",
                 "  } catch (e) { __m(__e(e)); }",
                 "}", "__m(b);"]
        return lines

    def case_async(self):
        """Async functions and promises: awaits in hot loops, rejections caught, the order of the microtasks."""
        n = self.pick([100, 300, 1000])
        fn = self.fresh("af")
        lines = [
            "async function %s(i) {" % fn,
            "  var s = 0;",
            "  for (var k = 0; k < 3; k++) { s += await (k & 1 ? Promise.resolve(i) : i); }",
            "  if (i %% %d === 0) throw new RangeError('a' + i);" % self.r.randint(3, 40),
            "  return s;",
            "}",
            "var order = [];",
            "for (var i = 0; i < %d; i++) {" % n,
            "  %s(i).then(v => { __m(v); order.push(i & 3); }, e => { __m(__e(e)); });" % fn,
            "}",
            "Promise.resolve().then(() => { __m(order.length); });",
        ]
        return lines

    def case_elements(self):
        """Elements kinds moving (small ints, doubles, objects, holes) under a hot loop that keeps the length and
        the elements in registers while a call or a conversion in the middle changes them."""
        n = self.iters()
        f = self.fresh("el")
        k = n * self.r.randint(3, 8) // 10
        mutation = self.pick([
            "a.length = 2;", "a[1] = 0.5;", "a[2] = 'str';", "a.push({});", "delete a[0];", "a.length = 0;",
            "a[a.length + 3] = 1;", "Object.defineProperty(a, 0, { get() { return 'g'; } });", "a.fill(-0);",
            "a.reverse();", "a.pop();"])
        lines = ["var a = %s;" % self.pick(["[1, 2, 3, 4, 5, 6]", "[1.5, 2.5, 3.5, 4.5]", "[1, 2, , 4]",
                                              "new Array(6).fill(7)", "['a', 1, 2.5, null]"]),
                 "var trigger = { valueOf() { if (on && a.length < 64) { %s } return 1; } };" % mutation,
                 "var on = false;",
                 "function %s(a, t) {" % f,
                 "  var s = 0, len = a.length;",
                 "  for (var q = 0; q < len; q++) {",
                 "    var x = a[q];",
                 "    s = %s;" % self.pick(["s + x * t", "s + (x | 0) + t", "(s + t) * 1 + (x === undefined)",
                                            "s + t + a[q]", "s + a.length + t"]),
                 "    __m(a[q]);",
                 "  }",
                 "  return s;",
                 "}",
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  if (i === %d) on = true;" % k,
                 "  if (i === %d) { on = false; a = %s; }" % (k + self.r.randint(1, 5), self.pick([
                     "[1, 2, 3]", "[0.5]", "[]", "a.concat([9])"])),
                 "  try { __m(%s(a, i < %d ? i : trigger)); } catch (e) { __m(__e(e)); }" % (f, k),
                 "}",
                 "__m(a.length);"]
        return lines

    def case_globals(self):
        """Globals and builtins that mid folds to constants or inlines (Math functions, prototype methods),
        changed while the code that uses them is hot: a lazy deopt must follow."""
        n = self.iters()
        k = n * self.r.randint(4, 9) // 10
        g = self.fresh("GL")
        use = self.pick([
            ("var %s = %s;" % (g, self.num_edge()), "%s + i" % g, self.pick([
                "%s = 'changed';" % g, "%s = 0.5;" % g,
                "Object.defineProperty(globalThis, '%s', { get() { return -1; }, configurable: true });" % g])),
            ("", "Math.floor(i * 0.7) + Math.abs(-i)", "Math.floor = function (x) { return 'floor' + x; };"),
            ("", "Math.imul(i, 3) + Math.min(i, 7)", "Math.min = Math.max;"),
            ("", "'abc'.charCodeAt(i & 3) + String.fromCharCode(65 + (i & 7))",
             "String.prototype.charCodeAt = function () { return 'cc'; };"),
            ("var arr%s = [];" % g, "arr%s.push(i) + arr%s.length" % (g, g),
             "Array.prototype.push = function (x) { return 'push'; };"),
            ("", "(i).toString() + [i, 1].join('-')", "Number.prototype.toString = function () { return 'nts'; };"),
            ("function %s(x) { return x + 1; }" % g, "%s(i)" % g,
             "%s = function (x) { return x - 1; };" % g),
            ("", "Array.isArray([i]) + Object.keys({ a: i }).length", "Object.keys = function () { return []; };"),
            ("", "Number.isInteger(i / 2) + parseInt('1' + i)", "globalThis.parseInt = parseFloat;"),
            ("", "typeof Symbol.iterator + [...[i, i]].length",
             "Array.prototype[Symbol.iterator] = function* () { yield 'it'; };"),
        ])
        decl, expr, change = use
        # Builtins are changed in a copy of the realm's function where they can be put back afterwards.
        restore = ""
        for name in ("Math.floor", "Math.min", "String.prototype.charCodeAt", "Array.prototype.push",
                     "Number.prototype.toString", "Object.keys", "globalThis.parseInt",
                     "Array.prototype[Symbol.iterator]"):
            if change.startswith(name + " ="):
                restore = name
        fn = self.fresh("gf")
        lines = ["function %s(i) { return %s; }" % (fn, expr),
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  if (i === %d) %s" % (k, change),
                 "  try { __m(%s(i)); } catch (e) { __m(__e(e)); }" % fn,
                 "}"]
        if restore:
            lines = ["var saved = %s;" % restore] + lines + ["%s = saved;" % restore]
        # A global var goes at the top level (its folding is the point), the rest in the test case's function.
        return ([decl] if decl else []) + ["{"] + ["  " + s for s in lines] + ["}"], True

    def case_switch(self):
        """Switch statements over mixed values in a hot loop (jump tables, strict equality, -0 and NaN)."""
        n = self.iters()
        cases = self.r.sample(["0", "1", "2", "3", "-1", "'1'", "'a'", "NaN", "-0", "0.5", "null", "undefined",
                               "true", "2147483648", "x"], self.r.randint(3, 7))
        lines = ["var P = %s;" % self.pool(),
                 "function sw(x) {",
                 "  var r = 0;",
                 "  switch (x) {"]
        for k, c in enumerate(cases):
            lines.append("    case %s: r += %d;%s" % (c, k + 1, self.pick(["", " break;", " break;",
                                                                           " return 'ret' + r;"])))
        lines += ["    default: r -= 1;", "  }", "  return r;", "}",
                  "for (var i = 0; i < %d; i++) {" % n,
                  "  __m(sw(i < %d ? i & 3 : P[i %% P.length]));" % (n // 2),
                  "}"]
        return lines

    def case_number_format(self):
        """Numbers converted to strings and back: toFixed, toPrecision, toExponential, radix 2..36, parseFloat."""
        n = self.pick([300, 1000])
        lines = ["var P = %s;" % self.pool(), "for (var i = 0; i < %d; i++) {" % n,
                 "  var x = i < %d ? i * %s : P[i %% P.length];" % (n // 2, self.pick(["0.1", "1.5", "-7", "1e5",
                                                                                        "123.456", "1 / 3"])),
                 "  try {",
                 "    __m(%s);" % self.pick(["Number(x).toFixed(%d)" % self.r.randint(0, 20),
                                             "Number(x).toPrecision(%d)" % self.r.randint(1, 21),
                                             "Number(x).toExponential(%d)" % self.r.randint(0, 20),
                                             "(x | 0).toString(%d)" % self.r.randint(2, 36),
                                             "String(x)", "parseFloat(String(x) + 'e1')", "Number(String(x))",
                                             "JSON.stringify({ x: x, s: [x] })", "(+x).toString()"]),
                 "  } catch (e) { __m(__e(e)); }",
                 "}"]
        return lines

    def case_buffers(self):
        """Typed arrays over buffers that are detached (transfer) or shrunk while a hot loop reads them,
        DataView accesses at the edges."""
        n = self.iters()
        k = n * self.r.randint(4, 9) // 10
        kind = self.pick(TYPED)
        lines = ["var buf = new ArrayBuffer(32, { maxByteLength: 64 });",
                 "var ta = new %s(buf%s);" % (kind, self.pick(["", ", 8", ", 0, 2"])),
                 "var dv = new DataView(buf);",
                 "function rd(t, i) { t[i & 7] = i * %s; return t[i & 7] + t.length + t.byteLength; }"
                 % self.pick(["1", "1.5", "-1", "257"]),
                 "for (var i = 0; i < %d; i++) {" % n,
                 "  if (i === %d) %s" % (k, self.pick(["buf.resize(4);", "buf.resize(0);", "ta = new %s(2);" % kind]
                                                       + ([] if self.portable else  # node 20 has no transfer()
                                                          ["buf.transfer();", "buf = buf.transfer(64);"]))),
                 "  try { __m(rd(ta, i)); __m(dv.%s(i & 7%s)); } catch (e) { __m(__e(e)); }" % self.pick([
                     ("getInt16", ", true"), ("getFloat64", ""), ("getUint8", ""), ("getInt32", ", i & 1")]),
                 "}"]
        return lines

    CASES = [
        ("case_random_function", 6), ("case_arith", 2), ("case_shapes", 2), ("case_proto_accessor", 2),
        ("case_arrays", 2), ("case_typed", 2), ("case_closures", 1), ("case_arguments", 1), ("case_recursion", 1),
        ("case_throwing", 2), ("case_polymorphic", 1), ("case_classes", 1), ("case_generators", 1),
        ("case_strings", 1), ("case_global_osr", 1), ("case_inlining", 2), ("case_callbacks", 1),
        ("case_iteration", 1), ("case_bigint", 1), ("case_async", 1), ("case_elements", 2), ("case_globals", 2),
        ("case_switch", 1), ("case_number_format", 1), ("case_buffers", 1),
    ]

    def program(self, ncases=None):
        names = [c for c, w in self.CASES for _ in range(w)]
        out = [PRELUDE]
        for k in range(ncases or self.r.randint(2, 5)):
            name = self.pick(names)
            res = getattr(self, name)()
            top_level = isinstance(res, tuple)
            lines = res[0] if top_level else res
            t = "t%d" % k
            out.append("// %s" % name)
            if top_level:
                out += lines
            else:
                out.append("function %s() {" % t)
                out += ["  " + s for s in lines]
                out.append("}")
                out.append("try { %s(); } catch (e) { __m(__e(e)); }" % t)
            out.append("__p('%s');" % t)
        out.append("setTimeout(function () { __p('end'); }, 0);  // after the promise jobs")
        return "\n".join(out) + "\n"


def generate(seed, ncases=None, portable=False):
    return Gen(seed, portable).program(ncases)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", type=int)
    ap.add_argument("-o", "--output")
    ap.add_argument("--cases", type=int, help="number of test cases (default: 2 to 5)")
    ap.add_argument("--portable", action="store_true", help="no implementation-approximated math (node agrees)")
    a = ap.parse_args()
    src = generate(a.seed, a.cases, a.portable)
    if a.output:
        with open(a.output, "w") as f:
            f.write(src)
    else:
        sys.stdout.write(src)


if __name__ == "__main__":
    main()
