#!/usr/bin/env python3
"""The front-end fuzzer (tests/fuzz/): mutated corpus and test262 sources fed to tetra.

    python3 tests/fuzz/frontend.py --tetra target/release/tetra --seconds 300
    python3 tests/fuzz/frontend.py --tetra ... --programs 2000 --seed 7 --check

Mutation SEED takes one source (tests/js/**/*.js, test262's test/**/*.js after the harness files it includes)
and applies one to four mutations over its tokens: deletions, duplications, swapped keywords, swapped or inserted
tokens, splices from another source, other identifiers, numbers and operators, truncation, and deep nesting
(parentheses, brackets, braces, arrows, templates, unary operators, `if`, functions, object literals, thousands
of levels deep). tetra parses, compiles and runs the result with a short timeout (every fourth with --eager-mid).
The allowed outcomes: exit 0, or exit 1 with `SyntaxError: ...` or `Uncaught ...` on the first line of stderr.
A panic, a signal, any other exit or stderr, or a hang in the front end is a finding: a timeout counts only when
the program with `throw 0;` in front of it (parsed and compiled, then stopped) still times out, as a program that
runs forever is a correct outcome. Findings go to OUT/frontend-<kind>/seed-<SEED>.js.
"""
import argparse
import collections
import glob
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import outcome  # noqa: E402

TEST262 = os.path.join(ROOT, "..", "shared", "conformance", "test262", "test")
TOKEN = re.compile(r"""\s+|//[^\n]*|/\*.*?\*/|[A-Za-z_$][\w$]*|\d[\w.]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|"""
                   r"""`(?:\\.|[^`\\])*`|>>>=|\.\.\.|===|!==|\*\*=|<<=|>>=|>>>|=>|\?\?=|&&=|\|\|=|[-+*/%&|^<>!=?]=?|"""
                   r"""\+\+|--|&&|\|\||\?\?|\?\.|.""", re.S)
KEYWORDS = ["var", "let", "const", "function", "class", "extends", "super", "this", "new", "return", "yield", "await",
            "async", "if", "else", "for", "while", "do", "break", "continue", "switch", "case", "default", "try",
            "catch", "finally", "throw", "typeof", "instanceof", "in", "of", "delete", "void", "static", "get", "set",
            "import", "export", "with", "debugger", "null", "true", "false", "undefined", "arguments", "eval",
            "new.target", "import.meta", "#x", "=>", "...", "?.", "`", "${", "}", "{", "(", ")", "[", "]", ";", ",",
            "=", "*", "/", "/=", "<", ">", "@", "\\u0061", "'", '"']
BINARY = ["+", "-", "*", "/", "%", "**", "<", ">", "<=", ">=", "==", "!=", "===", "!==", "&", "|", "^", "&&", "||",
          "??", "<<", ">>", ">>>", "in", "instanceof", "=", "+=", "??=", ","]
NESTINGS = [("(", ")"), ("[", "]"), ("{", "}"), ("a => ", ""), ("`${", "}`"), ("-", ""), ("!", ""),
            ("if (1) ", ""), ("function f() {", "}"), ("({ a: ", "})"), ("[...", "]"), ("async () => await ", ""),
            ("new ", ""), ("typeof ", ""), ("x = ", ""), ("class A extends (", ") {}"), ("try {", "} finally {}"),
            ("label: ", ""), ("(function* () { yield ", "})"), ("1 + ", ""), ("a?.b(", ")"), ("/(?:", ")/")]


def sources():
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "js", "**", "*.js"), recursive=True))
    files += sorted(glob.glob(os.path.join(TEST262, "**", "*.js"), recursive=True))
    return [f for f in files if "_FIXTURE" not in f]


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def mutate(r, text, other):
    """One mutation of a token list (whitespace and comments are tokens too)."""
    toks = TOKEN.findall(text) or [""]
    k = r.randrange(len(toks))
    m = r.randrange(12)
    if m == 0:                                       # delete a token or a few
        del toks[k:k + r.choice([1, 1, 1, 2, 5])]
    elif m == 1:                                     # duplicate a span
        n = r.choice([1, 1, 3, 10])
        toks[k:k] = toks[k:k + n] * r.choice([1, 2, 10])
    elif m == 2:                                     # a keyword or punctuator instead of a token
        toks[k] = r.choice(KEYWORDS)
    elif m == 3:                                     # a keyword or punctuator inserted
        toks.insert(k, " " + r.choice(KEYWORDS) + " ")
    elif m == 4:                                     # two tokens swapped
        j = r.randrange(len(toks))
        toks[k], toks[j] = toks[j], toks[k]
    elif m == 5:                                     # truncated
        toks = toks[:k]
    elif m == 6:                                     # a span of another source spliced in
        o = TOKEN.findall(other) or [""]
        j = r.randrange(len(o))
        toks[k:k] = o[j:j + r.randint(1, 40)]
    elif m == 7:                                     # a token nested deeply
        op, cl = r.choice(NESTINGS)
        n = r.choice([100, 1000, 3000, 10000, 50000])
        toks[k] = op * n + toks[k] + cl * n
    elif m == 9:                                     # an identifier of the source instead of another
        idents = [t for t in toks if t[:1].isalpha() or t[:1] in ("_", "$")]
        if idents:
            at = r.choice([j for j, t in enumerate(toks) if t[:1].isalpha() or t[:1] in ("_", "$")])
            toks[at] = r.choice(idents)
    elif m == 10:                                    # another number
        nums = [j for j, t in enumerate(toks) if t[:1].isdigit()]
        if nums:
            toks[r.choice(nums)] = r.choice(["0", "-0", "1e309", "2147483648", "0x7fffffff", "1.5", "9007199254740993",
                                             "0b1", "0o7", "1_000", "08", "1n", "4294967295", ".5", "5."])
    elif m == 11:                                    # another binary operator
        ops = [j for j, t in enumerate(toks) if t in BINARY]
        if ops:
            toks[r.choice(ops)] = r.choice(BINARY)
    else:                                            # a string made of one character repeated
        toks.insert(k, r.choice(["(", "[", "{", "`", "/", "'", "\\", "?", ".", "\u2028", "\ufeff", "#"]) *
                    r.choice([2, 100, 5000]))
    return "".join(toks)


def harness(path, text):
    """test262's harness files that a test includes (assert.js and sta.js always), so that mutated tests run past
    their first assertion; nothing for the corpus's tests."""
    if not path.startswith(TEST262):
        return ""
    names = ["assert.js", "sta.js"]
    m = re.search(r"includes:\s*\[([^\]]*)\]", text)
    if m:
        names += [n.strip() for n in m.group(1).split(",") if n.strip()]
    return "".join(read(os.path.join(TEST262, "..", "harness", n)) for n in names
                   if os.path.exists(os.path.join(TEST262, "..", "harness", n)))


def make(seed, files):
    """The source of mutation SEED: the harness (not mutated), then the mutated test."""
    r = random.Random(seed)
    path = r.choice(files)
    text = read(path)
    other = read(r.choice(files))
    for _ in range(r.choice([1, 1, 1, 2, 3, 4])):
        text = mutate(r, text, other)
    return harness(path, text) + text


def allowed(o):
    if o.code == 0:
        return True
    first = o.first_err
    return o.code == 1 and not o.panicked and (first.startswith("SyntaxError") or first.startswith("Uncaught "))


def check_seed(job):
    seed, tetra, files, timeout, workdir = job
    src = make(seed, files)
    path = os.path.join(workdir, "seed-%d.js" % seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    flags = ["--max-heap", "1G"] + (["--eager-mid"] if seed % 4 == 0 else [])
    o = outcome.run(tetra, flags, path, timeout)
    kind = None
    if o.timeout:
        # Running forever is fine; not getting past parsing and compiling is not.
        stopped = os.path.join(workdir, "seed-%d-stopped.js" % seed)
        with open(stopped, "w", encoding="utf-8") as f:
            f.write("throw 0;\n" + src)
        if outcome.run(tetra, flags, stopped, timeout * 3).timeout:
            kind = "hang"
        os.unlink(stopped)
    elif not allowed(o):
        kind = o.failure() or "unclean"
    result = "timeout" if o.timeout else "ok" if o.code == 0 else \
        "syntax-error" if o.first_err.startswith("SyntaxError") else "exception"
    report = ""
    if kind:
        report = "seed %d: %s  [tetra %s]: %s" % (seed, kind, " ".join(flags), o.describe())
        for line in o.stderr.splitlines():
            if "panicked at" in line:
                report += "\n  " + line[:300]
                break
    else:
        os.unlink(path)
    return seed, kind, report, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tetra", default=os.path.join(ROOT, "target", "release", "tetra"))
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--programs", type=int, default=0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--out", default="/tmp/tetra-fuzz")
    ap.add_argument("--check", action="store_true", help="exit 1 on any finding")
    a = ap.parse_args()
    if not a.seconds and not a.programs:
        ap.error("give --seconds or --programs")
    tetra = os.path.abspath(a.tetra)
    files = sources()
    seed0 = a.seed if a.seed is not None else int(time.time()) % 1000000 * 1000
    print("frontend fuzz: %s, %d sources, seeds from %d, %d jobs" % (tetra, len(files), seed0, a.jobs), flush=True)
    workdir = tempfile.mkdtemp(prefix="tetra-fefuzz-")
    kinds, results = collections.Counter(), collections.Counter()
    count, t0, last, next_seed = 0, time.monotonic(), time.monotonic(), seed0
    pending = collections.deque()
    try:
        with multiprocessing.Pool(a.jobs) as pool:
            while True:
                while len(pending) < 4 * a.jobs and (not a.programs or next_seed - seed0 < a.programs) and \
                        (not a.seconds or time.monotonic() - t0 < a.seconds):
                    pending.append(pool.apply_async(check_seed, ((next_seed, tetra, files, a.timeout, workdir),)))
                    next_seed += 1
                if not pending:
                    break
                seed, kind, report, result = pending.popleft().get()
                count += 1
                results[result] += 1
                if kind:
                    kinds[kind] += 1
                    print(report, flush=True)
                    d = os.path.join(a.out, "frontend-" + kind)
                    os.makedirs(d, exist_ok=True)
                    shutil.move(os.path.join(workdir, "seed-%d.js" % seed), os.path.join(d, "seed-%d.js" % seed))
                    with open(os.path.join(d, "seed-%d.txt" % seed), "w") as f:
                        f.write(report + "\n")
                if time.monotonic() - last >= 10:
                    last = time.monotonic()
                    el = last - t0
                    print("... programs %d in %.0fs (%.1f/s); findings: %s" % (
                        count, el, count / el, dict(kinds) or "none"), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    el = time.monotonic() - t0
    print("frontend fuzz: programs %d in %.0fs (%.1f/s); outcomes: %s; findings: %s" % (
        count, el, count / max(el, 1e-9), dict(results), dict(kinds) or "none"), flush=True)
    return 1 if a.check and kinds else 0


if __name__ == "__main__":
    sys.exit(main())
