#!/usr/bin/env python3
"""The differential fuzzer of tetra's tiers (tests/fuzz/): generated programs under every variant.

    python3 tests/fuzz/run.py --tetra target/release/tetra --seconds 600       # fuzz for 10 minutes
    python3 tests/fuzz/run.py --tetra ... --programs 500 --seed 1000           # seeds 1000..1499
    python3 tests/fuzz/run.py --tetra ... --check --programs 40 --seed 1       # CI: deterministic, exit 1 on a finding
    python3 tests/fuzz/run.py --tetra ... --node                               # also compare with node

Program SEED is `tests/fuzz/gen.py SEED`. It runs under every variant of outcome.VARIANTS (the interpreter is the
reference); a difference in stdout, in the first line of stderr or in the exit status, a crash (signal), a Rust
panic or a timeout is a finding (kind, variant). With --node, the interpreter's stdout is also compared with
node's (programs from `gen.py --portable`, the `msgs` lines of error messages left out): kind `node`.

Findings go to OUT/<kind>-<variant>/seed-<SEED>.js with a .txt report; the first --reduce-each findings of each
(kind, variant) are then reduced (reduce.py) to seed-<SEED>.reduced.js. Prints programs/second and findings by
kind every few seconds and at the end.
"""
import argparse
import collections
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
import outcome  # noqa: E402
import reduce  # noqa: E402

NODE_EXPECTED = os.path.join(HERE, "..", "tools", "node-expected.py")


def without_msgs(text):
    return "".join(line for line in text.splitlines(True) if not line.startswith("msgs "))


def run_node(path):
    r = subprocess.run([sys.executable, NODE_EXPECTED, "--run", path], capture_output=True, text=True, timeout=120)
    return r.stdout


def check_seed(job):
    """Generates program `seed`, runs it under the variants; returns (seed, findings, report, seconds)."""
    seed, tetra, variants, timeout, node, workdir, keep = job
    t0 = time.monotonic()
    src = gen.generate(seed, portable=node)
    path = os.path.join(workdir, "seed-%d.js" % seed)
    with open(path, "w") as f:
        f.write(src)
    outcomes = [(name, outcome.run(tetra, flags, path, timeout)) for name, flags in variants]
    # A timeout on a loaded machine is confirmed with four times the time before it counts; a run that completes
    # then is reported as slow (not a finding).
    slow = []
    for k, (name, o) in enumerate(outcomes):
        if o.timeout:
            outcomes[k] = (name, outcome.run(tetra, dict(variants)[name], path, timeout * 4))
            if not outcomes[k][1].timeout:
                slow.append("seed %d: slow under %s: %.1fs (%s: %.1fs)" % (
                    seed, name, outcomes[k][1].seconds, outcomes[0][0], outcomes[0][1].seconds))
    found = outcome.findings(outcomes)
    ref_name, ref = outcomes[0]
    if node and not ref.failure():
        n_out = run_node(path)
        if without_msgs(ref.stdout) != without_msgs(n_out):
            found.append(("node", ref_name))
    report = slow[:]
    if found:
        report.append("seed %d: %s" % (seed, ", ".join("%s in %s" % f for f in found)))
        for name, o in outcomes:
            flags = " ".join(dict(variants)[name])
            report.append("  %-15s %s  [tetra %s]" % (name, o.describe(), flags))
            if o.stdout != ref.stdout and not o.failure():
                report.append("  %-15s stdout differs from %s at %s" % ("", ref_name,
                                                                       outcome.first_difference(ref.stdout, o.stdout)))
            for line in o.stderr.splitlines():
                if "panicked at" in line:
                    report.append("  %-15s %s" % ("", line[:300]))
                    break
    if not (found and keep):
        os.unlink(path)
    return seed, found, "\n".join(report), time.monotonic() - t0


def save_finding(out, seed, found, report, workdir):
    """Copies the program of a finding under OUT/<kind>-<variant>/ (once per kind-variant) with its report."""
    src = os.path.join(workdir, "seed-%d.js" % seed)
    paths = []
    for kind, variant in found:
        d = os.path.join(out, "%s-%s" % (kind, variant))
        os.makedirs(d, exist_ok=True)
        dst = os.path.join(d, "seed-%d.js" % seed)
        shutil.copy(src, dst)
        with open(os.path.join(d, "seed-%d.txt" % seed), "w") as f:
            f.write(report + "\n")
        paths.append((kind, variant, dst))
    os.unlink(src)
    return paths


def reduce_job(job):
    kind, variant, path, tetra, timeout, seconds = job
    with open(path) as f:
        src = f.read()
    reduced, runs = reduce.reduce_program(src, tetra, kind, variant, timeout, seconds)
    if reduced is None:
        return path, None, runs
    dst = path[:-3] + ".reduced.js"
    with open(dst, "w") as f:
        f.write(reduced)
    return path, dst, runs


def summary(count, elapsed, kinds):
    rate = count / elapsed if elapsed > 0 else 0.0
    byk = ", ".join("%s %d" % kv for kv in sorted(kinds.items())) or "none"
    return "programs %d in %.0fs (%.2f/s); findings: %s" % (count, elapsed, rate, byk)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tetra", default=os.path.join(HERE, "..", "..", "target", "release", "tetra"))
    ap.add_argument("--seconds", type=float, default=0, help="fuzz for this long (0: no limit)")
    ap.add_argument("--programs", type=int, default=0, help="run this many programs (0: no limit)")
    ap.add_argument("--seed", type=int, default=None, help="first seed (default: from the clock; printed)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--out", default="/tmp/tetra-fuzz", help="folder for findings (default /tmp/tetra-fuzz)")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per run of one variant")
    ap.add_argument("--node", action="store_true", help="also compare the interpreter's stdout with node's")
    ap.add_argument("--check", action="store_true",
                    help="CI: deterministic variants only, no reduction; exit 1 on any finding")
    ap.add_argument("--reduce-each", type=int, default=2, help="findings reduced per kind-variant (0: none)")
    ap.add_argument("--reduce-seconds", type=float, default=300.0, help="time limit of one reduction")
    ap.add_argument("--variants", help="comma-separated subset of: " + ", ".join(v[0] for v in outcome.VARIANTS))
    a = ap.parse_args()
    if not a.seconds and not a.programs:
        ap.error("give --seconds or --programs")
    tetra = os.path.abspath(a.tetra)
    variants = outcome.DETERMINISTIC if a.check else outcome.VARIANTS
    if a.variants:
        wanted = a.variants.split(",")
        variants = [v for v in outcome.VARIANTS if v[0] in wanted or v is outcome.VARIANTS[0]]
    seed0 = a.seed if a.seed is not None else int(time.time()) % 1000000 * 1000
    print("fuzz: %s, seeds from %d, %d jobs, variants %s" % (tetra, seed0, a.jobs, ", ".join(v[0] for v in variants)),
          flush=True)

    workdir = tempfile.mkdtemp(prefix="tetra-fuzz-")
    kinds = collections.Counter()
    saved = []
    count = 0
    t0 = time.monotonic()
    last = t0
    next_seed = seed0
    pending = collections.deque()
    try:
        with multiprocessing.Pool(a.jobs) as pool:
            def more():
                if a.programs and next_seed - seed0 >= a.programs:
                    return False
                return not a.seconds or time.monotonic() - t0 < a.seconds

            while True:
                while len(pending) < 2 * a.jobs and more():
                    job = (next_seed, tetra, variants, a.timeout, a.node, workdir, not a.check)
                    pending.append(pool.apply_async(check_seed, (job,)))
                    next_seed += 1
                if not pending:
                    break
                seed, found, report, _ = pending.popleft().get()
                count += 1
                if report and not found:
                    print(report, flush=True)
                if found:
                    for kind, variant in found:
                        kinds["%s(%s)" % (kind, variant)] += 1
                    print(report, flush=True)
                    if not a.check:
                        saved += save_finding(a.out, seed, found, report, workdir)
                now = time.monotonic()
                if now - last >= 10:
                    last = now
                    print("... " + summary(count, now - t0, kinds), flush=True)
            elapsed = time.monotonic() - t0
            print("fuzz: " + summary(count, elapsed, kinds), flush=True)

            if saved and a.reduce_each and not a.check:
                per = collections.Counter()
                jobs = []
                for kind, variant, path in saved:
                    if kind == "node" or per[(kind, variant)] >= a.reduce_each:
                        continue
                    per[(kind, variant)] += 1
                    jobs.append((kind, variant, path, tetra, a.timeout, a.reduce_seconds))
                print("reducing %d findings (at most %d per kind-variant) ..." % (len(jobs), a.reduce_each),
                      flush=True)
                for path, dst, runs in pool.imap_unordered(reduce_job, jobs):
                    if dst:
                        with open(dst) as f:
                            n = len(f.read().splitlines())
                        print("  %s -> %s (%d lines, %d runs)" % (path, dst, n, runs), flush=True)
                    else:
                        print("  %s: did not reproduce (flaky?)" % path, flush=True)
            if saved:
                print("findings saved under %s" % a.out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if a.check and kinds:
        print("fuzz-check: the tiers disagree on a generated program (reproduce: python3 tests/fuzz/gen.py SEED "
              "> p.js; then tetra with the flags above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
