#!/usr/bin/env python3
"""Reduction of a fuzzer finding to a small program that still shows it (tests/fuzz/).

    python3 tests/fuzz/reduce.py --tetra target/release/tetra FILE.js --kind stdout --variant eager-mid

Delta debugging (ddmin) over lines, then whole blocks (a line ending in `{` up to its `}`) removed or unwrapped,
then expressions: a parenthesised group replaced by one of its operands or by 0, then large number literals
(loop bounds) made smaller. A candidate is kept when it shows the same kind of finding under the same variant
(a panic still panics, a stdout difference from the interpreter is still a stdout difference).
"""
import argparse
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outcome  # noqa: E402


class Predicate:
    """Whether a program still shows (kind, variant); counts its runs."""

    def __init__(self, tetra, kind, variant, timeout, workdir):
        self.tetra, self.kind, self.timeout = tetra, kind, timeout
        table = dict(outcome.VARIANTS)
        self.ref_name = outcome.VARIANTS[0][0]
        self.ref_flags = table[self.ref_name]
        self.variant, self.flags = variant, table[variant]
        self.path = os.path.join(workdir, "candidate.js")
        self.runs = 0
        self.cache = {}

    def __call__(self, src):
        if src in self.cache:
            return self.cache[src]
        with open(self.path, "w") as f:
            f.write(src)
        self.runs += 1
        o = outcome.run(self.tetra, self.flags, self.path, self.timeout)
        if self.kind in ("panic", "crash", "timeout"):
            ok = o.failure() == self.kind
        elif o.failure():
            ok = False
        else:
            ref = outcome.run(self.tetra, self.ref_flags, self.path, self.timeout)
            ok = self.kind in outcome.compare(ref, o)
        self.cache[src] = ok
        return ok


def ddmin(units, test, deadline):
    """Zeller's ddmin over a list of lines: removes chunks, halving the chunk size when none can go."""
    n = 2
    while len(units) >= 2 and time.monotonic() < deadline:
        chunk = (len(units) + n - 1) // n
        for start in range(0, len(units), chunk):
            cand = units[:start] + units[start + chunk:]
            if test(cand):
                units = cand
                n = max(n - 1, 2)
                break
        else:
            if chunk == 1:
                break
            n = min(len(units), n * 2)
    return units


def block_end(lines, k):
    """The index of the line that closes the block opened at the end of line k (brace counting), or None."""
    depth = 0
    for j in range(k, len(lines)):
        depth += lines[j].count("{") - lines[j].count("}")
        if depth <= 0 and j > k:
            return j
    return None


def blocks(lines, test, deadline):
    """Removes whole blocks, or unwraps them (drops the opening and closing lines, keeps the body)."""
    changed = True
    while changed and time.monotonic() < deadline:
        changed = False
        for k in range(len(lines)):
            if k >= len(lines) or not lines[k].rstrip().endswith("{"):
                continue
            end = block_end(lines, k)
            if end is None:
                continue
            for cand in (lines[:k] + lines[end + 1:], lines[:k] + lines[k + 1:end] + lines[end + 1:]):
                if test(cand):
                    lines, changed = cand, True
                    break
    return lines


def groups(line):
    """The parenthesised groups of a line as (start, end) spans, outermost first."""
    out, stack = [], []
    for k, ch in enumerate(line):
        if ch == "(":
            stack.append(k)
        elif ch == ")" and stack:
            out.append((stack.pop(), k))
    return sorted(out, key=lambda s: (s[0], -s[1]))


def operands(inner):
    """Simpler replacements for the inside of a group: its top-level operands (the generator spaces its binary
    and ternary operators), then 0."""
    depth, cuts = 0, []
    tokens = re.split(r"(\(|\)|\[|\]|\{|\}| \S+ )", inner)
    pos = 0
    for t in tokens:
        if t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and len(t) >= 3 and t[0] == " " and t[-1] == " " and not t.strip().isalnum():
            cuts.append((pos, pos + len(t)))
        pos += len(t)
    cands = []
    for a, b in cuts:
        cands += [inner[:a], inner[b:]]
    return [c for c in cands if c.strip()] + ["0"]


def expressions(lines, test, deadline):
    """Replaces parenthesised groups by an operand or 0, one at a time, until nothing changes."""
    changed = True
    while changed and time.monotonic() < deadline:
        changed = False
        for k in range(len(lines)):
            done = False
            while not done and time.monotonic() < deadline:
                done = True
                for a, b in groups(lines[k]):
                    line = lines[k]
                    for rep in operands(line[a + 1:b]):
                        cand_line = line[:a + 1] + rep + line[b:]
                        if cand_line != line and test(lines[:k] + [cand_line] + lines[k + 1:]):
                            lines = lines[:k] + [cand_line] + lines[k + 1:]
                            changed, done = True, False
                            break
                    if not done:
                        break
    return lines


def numbers(lines, test, deadline):
    """Makes large literals (loop bounds) smaller while the finding stays."""
    for k in range(len(lines)):
        for m in reversed(list(re.finditer(r"\b\d{3,}\b", lines[k]))):
            if time.monotonic() >= deadline:
                return lines
            n = int(m.group())
            for smaller in (n // 10, n // 4, n // 2):
                if smaller < 10:
                    continue
                cand_line = lines[k][:m.start()] + str(smaller) + lines[k][m.end():]
                if test(lines[:k] + [cand_line] + lines[k + 1:]):
                    lines = lines[:k] + [cand_line] + lines[k + 1:]
                    break
    return lines


def reduce_program(src, tetra, kind, variant, timeout=10.0, seconds=300.0):
    """The reduced program, and the number of runs it took. The original must show the finding."""
    with tempfile.TemporaryDirectory(prefix="tetra-reduce-") as d:
        pred = Predicate(tetra, kind, variant, timeout, d)
        if not pred(src):
            return None, pred.runs

        def test(lines):
            return pred("\n".join(lines) + "\n")

        deadline = time.monotonic() + seconds
        lines = [line for line in src.splitlines() if line.strip()]
        prev = None
        while prev != lines and time.monotonic() < deadline:
            prev = lines
            lines = ddmin(lines, test, deadline)
            lines = blocks(lines, test, deadline)
            lines = expressions(lines, test, deadline)
            lines = numbers(lines, test, deadline)
        return "\n".join(lines) + "\n", pred.runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--tetra", required=True)
    ap.add_argument("--kind", required=True, choices=["panic", "crash", "timeout", "stdout", "stderr", "exit"])
    ap.add_argument("--variant", required=True, choices=[v[0] for v in outcome.VARIANTS])
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--seconds", type=float, default=300.0, help="time limit of the reduction")
    ap.add_argument("-o", "--output", help="where to write the reduced program (default: stdout)")
    a = ap.parse_args()
    with open(a.file) as f:
        src = f.read()
    reduced, runs = reduce_program(src, os.path.abspath(a.tetra), a.kind, a.variant, a.timeout, a.seconds)
    if reduced is None:
        print("the program does not show %s under %s" % (a.kind, a.variant), file=sys.stderr)
        return 1
    print("reduced %d -> %d lines in %d runs" % (len(src.splitlines()), len(reduced.splitlines()), runs),
          file=sys.stderr)
    if a.output:
        with open(a.output, "w") as f:
            f.write(reduced)
    else:
        sys.stdout.write(reduced)
    return 0


if __name__ == "__main__":
    sys.exit(main())
