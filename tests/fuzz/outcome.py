"""Running tetra on one program under one variant, and comparing the outcomes of the variants (tests/fuzz/).

An outcome is what the fuzzers compare: stdout, the first line of stderr, the exit status, and whether the run
crashed (a signal), panicked ("panicked at" on stderr) or timed out. A finding is a (kind, variant) pair:
`panic`, `crash`, `timeout` for a run on its own; `stdout`, `stderr`, `exit` for a variant that differs from the
reference (the first variant, the interpreter).
"""
import os
import signal
import subprocess
import time

# The variants of the differential fuzzer: the first one is the reference. The flags are those of the corpus's
# variants (tests/src/variants.rs) with the thresholds of the brief: code reaches mid with feedback after a few
# calls, OSR in every loop, a deopt at every third check, collections during tier transitions.
EARLY = ["--interrupt-budget=64", "--mid-after=2", "--no-concurrent"]
VARIANTS = [
    ("interp", ["--max-tier=interp"]),
    ("eager-baseline", ["--eager-baseline"]),
    ("eager-mid", ["--eager-mid"]),
    ("tiering", EARLY),
    ("stress-deopt", ["--stress-deopt=3"] + EARLY),
    ("gc-stress", ["--gc-stress=211"] + EARLY),
    ("default", []),
    # Everything inlined that can be, OSR at the first back-edge tick: the largest graphs mid builds.
    ("inline-all", ["--max-inlined-bytecode-size=5000", "--max-inlined-bytecode-size-cumulative=50000",
                    "--osr-after=1"] + EARLY),
    # Background compiles: when the code is installed depends on timing, so CI's batch (--check) leaves it out.
    ("concurrent", ["--interrupt-budget=64", "--mid-after=2"]),
]
DETERMINISTIC = [v for v in VARIANTS if v[0] != "concurrent"]


class Outcome:
    __slots__ = ("stdout", "stderr", "code", "timeout", "seconds")

    def __init__(self, stdout, stderr, code, timeout, seconds):
        self.stdout, self.stderr, self.code, self.timeout, self.seconds = stdout, stderr, code, timeout, seconds

    @property
    def first_err(self):
        return self.stderr.split("\n", 1)[0]

    @property
    def signal(self):
        """The signal that ended the run (a negative status from subprocess, or a shell-style 128+N)."""
        if self.timeout:
            return None
        if self.code < 0:
            return -self.code
        return None

    @property
    def panicked(self):
        return "panicked at" in self.stderr

    def failure(self):
        """The kind of failure of this run on its own, or None: panic, crash, timeout."""
        if self.timeout:
            return "timeout"
        if self.panicked:
            return "panic"
        if self.signal is not None:
            return "crash"
        return None

    def describe(self):
        if self.timeout:
            return "timeout after %.1fs" % self.seconds
        sig = self.signal
        status = "signal %s" % signal.Signals(sig).name if sig else "exit %d" % self.code
        return "%s, %.2fs, stderr: %s" % (status, self.seconds, self.first_err[:200] or "(empty)")


def run(tetra, flags, path, timeout):
    """Runs `tetra FLAGS PATH` in its own process group (a timeout kills the group: no strays)."""
    t0 = time.monotonic()
    p = subprocess.Popen([tetra] + flags + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    return Outcome(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), p.returncode, timed_out,
                   time.monotonic() - t0)


def compare(ref, o):
    """The findings of a variant's outcome `o` against the reference's: a list of kinds (empty when they agree)."""
    kinds = []
    fail = o.failure()
    if fail:
        return [fail]
    if ref.failure():
        return []
    if o.stdout != ref.stdout:
        kinds.append("stdout")
    if o.first_err != ref.first_err:
        kinds.append("stderr")
    if o.code != ref.code:
        kinds.append("exit")
    return kinds


def findings(outcomes):
    """All findings of a set of outcomes [(variant, Outcome)], the first one being the reference:
    [(kind, variant)]. A failure of the reference itself (a panic in the interpreter) is a finding too."""
    ref_name, ref = outcomes[0]
    out = []
    if ref.failure():
        out.append((ref.failure(), ref_name))
    for name, o in outcomes[1:]:
        for kind in compare(ref, o):
            out.append((kind, name))
    return out


def first_difference(a, b):
    """The first differing line of two outputs, for reports."""
    la, lb = a.splitlines(), b.splitlines()
    for k in range(max(len(la), len(lb))):
        x = la[k] if k < len(la) else "<none>"
        y = lb[k] if k < len(lb) else "<none>"
        if x != y:
            return "line %d: %r vs %r" % (k + 1, x[:120], y[:120])
    return "no difference"
