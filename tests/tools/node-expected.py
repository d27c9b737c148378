#!/usr/bin/env python3
"""Generate the corpus's .expected files with node (V8), never by hand.

    python3 tests/tools/node-expected.py                 # every tests/js/**/*.js
    python3 tests/tools/node-expected.py tests/js/array  # files or folders
    python3 tests/tools/node-expected.py --check         # compare, write nothing (exit 1 on difference)
    python3 tests/tools/node-expected.py --run FILE.js   # run one file like tetra would (for debugging)

Each test runs as a classic script in node's global scope (vm.runInThisContext, so global
`var`/`let`/function declarations behave as in a script) with a prelude that defines
`print(...args)` and `console.log(...args)` as String() of each argument, space separated.
An uncaught exception prints `Uncaught <Name>: <message>` on stderr and exits 1 (like tetra).

The header `// exit: N` is checked against node's exit status, and each `// stderr: TEXT`
line that names an error (`...Error`) is checked to name the same error under node; other
stderr text (e.g. tetra's `file:line:col`) is tetra-specific and not checked here.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS = os.path.join(ROOT, "tests", "js")

RUNNER = r"""
(function () {
'use strict';
const fs = require('fs');
const vm = require('vm');
const file = process.argv[process.argv.length - 1];
const write = (s) => fs.writeSync(1, s);
const print = function print(...args) { write(args.map(String).join(' ') + '\n'); };
Object.defineProperty(globalThis, 'print', { value: print, writable: true, configurable: true, enumerable: false });
console.log = print;
const src = fs.readFileSync(file, 'utf8');
function report(e) {
  let name, msg;
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      name = String(e.name); msg = String(e.message);
      fs.writeSync(2, 'Uncaught ' + name + ': ' + msg + '\n');
    } else {
      fs.writeSync(2, 'Uncaught ' + String(e) + '\n');
    }
  } catch (_) { fs.writeSync(2, 'Uncaught <unprintable>\n'); }
  process.exitCode = 1;
}
// import() in a script resolves against the script's folder, as tetra's does (node's loader uses the cwd).
process.chdir(require('path').dirname(require('path').resolve(file)));
let script;
try { script = new vm.Script(src, { filename: file, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }); }
catch (e) { report(e); }
if (script) {
  try { script.runInThisContext(); } catch (e) { report(e); }
}
})();
"""


# Modules (`.mjs`) run as node runs them, after a preload that defines `print` the same way.
MODULE_PRELUDE = r"""
const fs = require('fs');
const print = function print(...args) { fs.writeSync(1, args.map(String).join(' ') + '\n'); };
Object.defineProperty(globalThis, 'print', { value: print, writable: true, configurable: true, enumerable: false });
console.log = print;
"""


def run_node(path, node="node"):
    if path.endswith(".mjs"):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".cjs", delete=False) as pre:
            pre.write(MODULE_PRELUDE)
        try:
            return subprocess.run([node, "--require", pre.name, path], capture_output=True, text=True, timeout=120)
        finally:
            os.unlink(pre.name)
    return subprocess.run([node, "-e", RUNNER, "--", path],
                          capture_output=True, text=True, timeout=120)


def header(path):
    exit_code, stderr = 0, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if not line.startswith("//"):
                break
            c = line[2:].strip()
            if c.startswith("exit:"):
                exit_code = int(c[5:].strip())
            elif c.startswith("stderr:"):
                stderr.append(c[7:].strip())
    return exit_code, stderr


def is_test(name):
    """A test: a script (`.js`) or a module (`.mjs`); modules named `_*.mjs` are only imported by tests."""
    return name.endswith(".js") or (name.endswith(".mjs") and not name.startswith("_"))


def collect(paths):
    out = []
    for p in paths or [CORPUS]:
        p = os.path.abspath(p)
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                out += [os.path.join(d, f) for f in fs if is_test(f)]
        elif is_test(os.path.basename(p)):
            out.append(p)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--check", action="store_true", help="compare with the existing .expected, write nothing")
    ap.add_argument("--run", metavar="FILE", help="run one file and pass its stdout/stderr/exit status through")
    ap.add_argument("--node", default="node")
    opts = ap.parse_args()

    if opts.run:
        r = run_node(opts.run, opts.node)
        sys.stdout.write(r.stdout)
        sys.stderr.write(r.stderr)
        return r.returncode

    bad = 0
    files = collect(opts.paths)
    for path in files:
        rel = os.path.relpath(path, ROOT)
        want_exit, want_err = header(path)
        r = run_node(path, opts.node)
        problems = []
        if r.returncode != want_exit:
            problems.append(f"node exit {r.returncode}, header says {want_exit}; stderr: {r.stderr.strip()[:300]}")
        for s in want_err:
            for name in re.findall(r"\b[A-Za-z]*Error\b", s):
                if name not in r.stderr:
                    problems.append(f"header expects {name!r} in stderr; node's stderr: {r.stderr.strip()[:300]}")
        exp_path = os.path.splitext(path)[0] + ".expected"
        if opts.check:
            old = open(exp_path, encoding="utf-8").read() if os.path.exists(exp_path) else None
            if old != r.stdout:
                problems.append("stdout differs from " + os.path.relpath(exp_path, ROOT))
        elif not problems:
            with open(exp_path, "w", encoding="utf-8", newline="") as f:
                f.write(r.stdout)
        if problems:
            bad += 1
            print(f"PROBLEM {rel}:\n  " + "\n  ".join(problems))
        else:
            print(f"ok {rel} ({r.stdout.count(chr(10))} lines)")
    print(f"{len(files)} files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
