#!/usr/bin/env python3
"""Writes a start-up benchmark: a script of N small functions of which one is called (issue 15's lazy
compilation target: 20,000 functions, about 3 MB).

    python3 benchmarks/many_functions.py /tmp/many.js            # 20,000 functions
    python3 benchmarks/many_functions.py /tmp/many.js --count 5000
    /usr/bin/time -f '%U %S %M' target/release/tetra /tmp/many.js
    /usr/bin/time -f '%U %S %M' node /tmp/many.js

Each function is a few statements of ordinary code (locals, a loop, an array, a call, strings), about
150 bytes, so the file is dominated by function bodies that never run, as in a large bundled library.
"""
import argparse

BODY = """function f{i}(a, b) {{
  var t = a + {i};
  for (var k = 0; k < b; k++) t += k * {m};
  if (t > {big}) return helper{h}([a, b], "{s}");
  return "f{i}:" + t;
}}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=20000)
    opts = ap.parse_args()
    with open(opts.out, "w") as f:
        f.write("var print = typeof print === 'function' ? print : console.log;\n")
        for h in range(4):
            f.write(f"function helper{h}(list, s) {{ return s + list.length + {h}; }}\n")
        for i in range(opts.count):
            f.write(BODY.format(i=i, m=i % 7 + 1, big=1000 + i, h=i % 4, s="x" * (i % 11)))
        mid = opts.count // 2
        f.write(f"print(f{mid}(3, 4));\n")


if __name__ == "__main__":
    main()
