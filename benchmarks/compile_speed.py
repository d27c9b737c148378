#!/usr/bin/env python3
"""Compile speed of each compiled tier, summed over the AWFY programs, and the deopts by reason.

    python3 benchmarks/compile_speed.py                        # standard sizes, tetra's default tiering
    python3 benchmarks/compile_speed.py --profile small --only Richards
    python3 benchmarks/compile_speed.py --tetra-args=--no-inlining   # mid without inlining

Each program runs once with `--no-concurrent --stats-json` (compiles on the main thread, so the time is the
compiler's alone); the table sums the tiers' rows: functions compiled, bytecode bytes (mid also the inlined
callees' bytes it compiled), compile time, and the cost per byte of bytecode and per function. The ratio
mid/baseline per byte is what issue 10 compares with V8 (Maglev compiles about 10x slower than Sparkplug).
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load_run_py():
    spec = importlib.util.spec_from_file_location("bench_run", os.path.join(HERE, "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tetra", default=os.path.join(HERE, "..", "target", "release", "tetra"))
    ap.add_argument("--profile", choices=["small", "standard"], default="standard")
    ap.add_argument("--only", nargs="+", help="programs whose name contains one of these")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--tetra-args", default="", help="more tetra flags (space-separated)")
    opts = ap.parse_args()
    run = load_run_py()
    totals = {}
    deopts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for prog in run.awfy_programs(opts.profile, tmp, opts.only):
            stats = os.path.join(tmp, "stats.json")
            cmd = [opts.tetra, "--no-concurrent", *opts.tetra_args.split(), "--stats-json", stats, prog["path"]]
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=opts.timeout)
            if r.returncode != 0 or not prog["check"](r.stdout.decode("utf-8", "replace")):
                sys.exit(f"error: {prog['name']} failed (exit {r.returncode})")
            d = json.load(open(stats))
            for tier in ("baseline", "mid"):
                t = d["tiers"][tier]
                a = totals.setdefault(tier, [0, 0, 0, 0.0])
                a[0] += t["functions_compiled"]
                a[1] += t["bytecode_bytes"]
                a[2] += t.get("inlined_bytecode_bytes", 0)
                a[3] += t["compile_ms"]
            for reason, n in d["deopts"].items():
                deopts[reason] = deopts.get(reason, 0) + n
            print(f"  {prog['name']}: mid {d['tiers']['mid']['compile_ms']:.1f} ms", file=sys.stderr)
    print(f"{'tier':<9} {'functions':>9} {'bytecode B':>11} {'+inlined B':>11} {'compile ms':>11} "
          f"{'MB bc/s':>8} {'us/B':>7} {'us/B all':>9} {'us/function':>12}")
    per_byte = {}
    for tier, (n, b, inl, ms) in totals.items():
        us = ms * 1000
        per_byte[tier] = (us / max(b, 1), us / max(b + inl, 1))
        print(f"{tier:<9} {n:>9} {b:>11} {inl:>11} {ms:>11.1f} {b / max(us, 1e-9):>8.3f} "
              f"{per_byte[tier][0]:>7.3f} {per_byte[tier][1]:>9.3f} {us / max(n, 1):>12.0f}")
    if "baseline" in per_byte and "mid" in per_byte and per_byte["baseline"][0] > 0:
        own = per_byte["mid"][0] / per_byte["baseline"][0]
        everything = per_byte["mid"][1] / per_byte["baseline"][1]
        print(f"mid/baseline cost per byte: {own:.1f}x of the functions' own bytecode, {everything:.1f}x counting "
              "the inlined callees' bytecode mid compiled too")
    seen = {k: v for k, v in sorted(deopts.items(), key=lambda kv: -kv[1]) if v}
    print(f"deopts by reason: {seen} (total {sum(seen.values())})")


if __name__ == "__main__":
    main()
