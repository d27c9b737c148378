#!/usr/bin/env python3
"""Real programs: libraries people use, from npm at pinned versions, each driven by a script of ours.

    python3 tests/real/run.py                  # fetch (once), run under tetra and node, print time and peak RSS
    python3 tests/real/run.py --check          # CI: exit 1 when tetra's output differs from node's
    python3 tests/real/run.py --only acorn --tetra-args=--max-tier=interp

Each program is the library's browser build (it defines a global when there is no `module`) followed by its
driver, `tests/real/<name>.js`, as one script; some drivers read INPUT, a string defined before the library
(lodash's own source, 540 KB, as the parsers' input). Node runs the same script with `vm.runInThisContext` (so
the library sees no CommonJS `module`) and a `print` that joins its arguments with spaces, as tetra's does.
Packages are installed with `npm install --ignore-scripts` into the cache folder; when the registry cannot be
reached the run is skipped with a message (exit 0), so CI machines without it still pass.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Pinned packages: what `npm install` fetches.
PACKAGES = {
    "typescript": "5.6.3",
    "acorn": "8.14.0",
    "esprima": "4.0.1",
    "lodash": "4.17.21",
    "js-yaml": "4.1.0",
    "marked": "15.0.3",
}

# name -> (library file under node_modules, the package whose main file is INPUT or None).
PROGRAMS = {
    "typescript": ("typescript/lib/typescript.js", None),
    "acorn": ("acorn/dist/acorn.js", "lodash/lodash.js"),
    "esprima": ("esprima/dist/esprima.js", "lodash/lodash.js"),
    "lodash": ("lodash/lodash.js", None),
    "js-yaml": ("js-yaml/dist/js-yaml.js", None),
    "marked": ("marked/lib/marked.umd.js", None),
}

# `node -e` puts `module`, `exports` and `require` on the global object: taken away so that libraries take the
# path they take in a browser (and in tetra).
NODE_RUNNER = (
    "const vm = require('vm'), fs = require('fs'), f = process.argv[process.argv.length - 1];"
    "for (const k of ['module', 'exports', 'require']) delete globalThis[k];"
    "globalThis.print = (...a) => console.log(a.join(' '));"
    "vm.runInThisContext(fs.readFileSync(f, 'utf8'), { filename: f });"
)


def load_bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", os.path.join(ROOT, "benchmarks", "run.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def install(cache):
    """Installs the pinned packages into `cache` (once); False when npm or the registry is not there."""
    stamp = os.path.join(cache, "installed.json")
    if os.path.exists(stamp) and json.load(open(stamp)) == PACKAGES:
        return True
    os.makedirs(cache, exist_ok=True)
    specs = [f"{n}@{v}" for n, v in PACKAGES.items()]
    cmd = ["npm", "install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", cache, *specs]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"real: skipped: npm could not run ({e})")
        return False
    if r.returncode != 0:
        tail = r.stdout.decode("utf-8", "replace").strip().splitlines()[-3:]
        print("real: skipped: npm install failed (is the registry reachable?)\n  " + "\n  ".join(tail))
        return False
    json.dump(PACKAGES, open(stamp, "w"))
    return True


def script(cache, name):
    """The program as one script file in the cache folder."""
    library, input_file = PROGRAMS[name]
    modules = os.path.join(cache, "node_modules")
    parts = []
    if input_file:
        parts.append("var INPUT = " + json.dumps(open(os.path.join(modules, input_file)).read()) + ";\n")
    parts.append(open(os.path.join(modules, library)).read())
    parts.append("\n;\n" + open(os.path.join(HERE, name + ".js")).read())
    path = os.path.join(cache, name + ".program.js")
    with open(path, "w") as f:
        f.write("".join(parts))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tetra", default=os.path.join(ROOT, "target", "release", "tetra"))
    ap.add_argument("--tetra-args", default="", help="more tetra flags (space-separated)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--cache", default=os.path.join(ROOT, "target", "real"), help="where packages are installed")
    ap.add_argument("--only", nargs="+", help="programs whose name contains one of these")
    ap.add_argument("--check", action="store_true", help="exit 1 when an output differs from node's")
    ap.add_argument("--timeout", type=float, default=300)
    opts = ap.parse_args()
    if not install(opts.cache):
        return 0
    run = load_bench_run()
    names = [n for n in PROGRAMS if not opts.only or any(o in n for o in opts.only)]
    tetra = [opts.tetra, *opts.tetra_args.split()]
    node = [opts.node, "-e", NODE_RUNNER]
    print(f"{'program':<12} {'tetra s':>8} {'node s':>8} {'ratio':>7} {'tetra MB':>9} {'node MB':>8}  output")
    failed = []
    for name in names:
        path = script(opts.cache, name)
        t = run.run_once(tetra, path, opts.timeout)
        n = run.run_once(node, path, opts.timeout)
        if not n["ok"]:
            sys.exit(f"real: node failed on {name}: {n['why']}\n{n['err'][-2000:]}")
        same = t["ok"] and t["out"] == n["out"]
        verdict = "same as node" if same else ("DIFFERS" if t["ok"] else f"FAILED ({t['why']})")
        ratio = f"{t['cpu'] / n['cpu']:.2f}x" if t["cpu"] and n["cpu"] else "-"
        tcpu = f"{t['cpu']:.3f}" if t["cpu"] is not None else "-"
        tmb = f"{t['rss_kb'] / 1024:.0f}" if t["rss_kb"] else "-"
        print(f"{name:<12} {tcpu:>8} {n['cpu']:>8.3f} {ratio:>7} {tmb:>9} {n['rss_kb'] / 1024:>8.0f}  {verdict}")
        if not same:
            failed.append(name)
            want, got = n["out"].splitlines(), t["out"].splitlines()
            first = next((i for i in range(max(len(want), len(got))) if want[i:i + 1] != got[i:i + 1]), 0)
            print(f"  first difference at line {first + 1}:\n    node:  {want[first:first + 1]}\n"
                  f"    tetra: {got[first:first + 1]}\n    stderr: {t['err'].strip()[-500:]}")
    print("(CPU seconds, user + system; peak RSS; one run each)")
    if failed and opts.check:
        print(f"real: {len(failed)} program(s) differ from node: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
