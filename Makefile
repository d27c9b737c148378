# tetra — thin wrappers over cargo and the scripts. See README.md.
# Paths are computed from this Makefile's location, so `make -C /path/to/repo test` works too.

SHELL       := /bin/bash
ROOT        := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
SHARED      ?= $(abspath $(ROOT)/../shared)
TEST262_DIR ?= $(SHARED)/conformance/test262
TEST262     ?= python3 $(SHARED)/tools/test262.py
TETRA       ?= $(ROOT)/target/release/tetra
JOBS        ?= 2
CARGO       ?= cargo
PYTHON      ?= python3
EXAMPLE     ?= benchmarks/shapes-classes.js
CONF        := $(ROOT)/conformance
TEST262_TESTS ?= $(TEST262_DIR)/test
CONF_EXTRA  ?=
FUZZ_SECONDS  ?=
FUZZ_PROGRAMS ?=
FUZZ_SEED     ?=
FUZZ_JOBS     ?= $(shell nproc)
FUZZ_OUT      ?= /tmp/tetra-fuzz
FUZZ_ARGS     ?=
# Without FUZZ_SECONDS or FUZZ_PROGRAMS, `make fuzz` runs for five minutes.
FUZZ_LIMITS  = $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS)) $(if $(FUZZ_PROGRAMS),--programs $(FUZZ_PROGRAMS)) \
               $(if $(FUZZ_SECONDS)$(FUZZ_PROGRAMS),,--seconds 300) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))
CONF_ARGS   = --engine '$(TETRA)' --module-args=--module --tests $(TEST262_TESTS) --jobs $(JOBS) --timeout 10 --quiet $(CONF_EXTRA)

.PHONY: all build run test test-unit corpus fuzz fuzz-frontend fuzz-check real real-check bench compile-speed conformance conformance-check conformance-check-baseline conformance-check-mid conformance-check-tiering conformance-update fmt lint clean help

all: build

help:
	@echo "make run                 build, run $(EXAMPLE) with --stats (per-tier statistics)"
	@echo "make test                build, cargo test (unit tests + JS corpus), conformance-check"
	@echo "make corpus              only the JS corpus (TETRA_TEST_FILTER=substr for a subset)"
	@echo "make fuzz                differential fuzzing of the tiers (FUZZ_SECONDS=, FUZZ_PROGRAMS=, FUZZ_SEED=, FUZZ_JOBS=);"
	@echo "                         findings and their reductions in FUZZ_OUT (default /tmp/tetra-fuzz)"
	@echo "make fuzz-frontend       mutated corpus and test262 sources: only SyntaxError, a clean run or exception"
	@echo "make fuzz-check          CI's fixed-seed batch of both fuzzers (about a minute; exit 1 on a finding)"
	@echo "make bench               benchmarks/run.py (each tetra tier vs the matching node tier; BENCH_ARGS=...)"
	@echo "make compile-speed       benchmarks/compile_speed.py (compile cost per bytecode byte of each tier, over AWFY)"
	@echo "make real                tests/real/run.py: npm libraries (TypeScript, acorn, esprima, lodash, js-yaml, marked) under tetra and node"
	@echo "make conformance         test262 subset -> conformance/results.txt, results.json"
	@echo "make conformance-check   fail on failures not in conformance/expected-failures.txt"
	@echo "make conformance-check-baseline   the same with --eager-baseline (no baseline-only failures)"
	@echo "make conformance-check-mid        the same with --eager-mid (no mid-only failures)"
	@echo "make conformance-check-tiering    the same with early tier-ups (mid with feedback, IR verified)"
	@echo "make conformance-update  rewrite conformance/expected-failures.txt from a run"
	@echo "make fmt | lint | build | clean"

build:
	cd $(ROOT) && $(CARGO) build --release

run: build
	$(TETRA) --stats $(ROOT)/$(EXAMPLE)

# Unit tests of every crate and the JS corpus (tests/corpus.rs runs target/release/tetra).
test-unit: build
	cd $(ROOT) && TETRA_BIN=$(TETRA) $(CARGO) test --release --workspace
	cd $(ROOT) && $(CARGO) run --release -q -p tetra --example embed

test: test-unit fuzz-check real-check conformance-check conformance-check-baseline conformance-check-mid conformance-check-tiering

corpus: build
	cd $(ROOT) && TETRA_BIN=$(TETRA) $(CARGO) test --release -p tetra-tests --test corpus -- --nocapture

# Differential fuzzing (tests/fuzz/run.py): generated programs under every tier variant; programs/s and findings.
fuzz: build
	$(PYTHON) $(ROOT)/tests/fuzz/run.py --tetra $(TETRA) --jobs $(FUZZ_JOBS) --out $(FUZZ_OUT) $(FUZZ_LIMITS) $(FUZZ_ARGS)

# Front-end fuzzing (tests/fuzz/frontend.py): mutated sources; a panic, a signal or a hang is a finding.
fuzz-frontend: build
	$(PYTHON) $(ROOT)/tests/fuzz/frontend.py --tetra $(TETRA) --jobs $(FUZZ_JOBS) --out $(FUZZ_OUT) $(FUZZ_LIMITS) \
	  $(FUZZ_ARGS)

# CI's batch: fixed seeds, deterministic variants (no background compiles), no reduction; fails on a finding.
fuzz-check: build
	$(PYTHON) $(ROOT)/tests/fuzz/run.py --tetra $(TETRA) --jobs $(FUZZ_JOBS) --check --seed 1 --programs 100
	$(PYTHON) $(ROOT)/tests/fuzz/frontend.py --tetra $(TETRA) --jobs $(FUZZ_JOBS) --check --seed 1 --programs 2000

# Real programs (tests/real/run.py): libraries from npm at pinned versions under tetra and node, time and peak
# RSS side by side; real-check (part of `make test`) fails when an output differs, and skips without a registry.
real: build
	$(PYTHON) $(ROOT)/tests/real/run.py --tetra $(TETRA) $(REAL_ARGS)

real-check: build
	$(PYTHON) $(ROOT)/tests/real/run.py --tetra $(TETRA) --check

bench: build
	$(PYTHON) $(ROOT)/benchmarks/run.py --tetra $(TETRA) $(BENCH_ARGS)

compile-speed: build
	$(PYTHON) $(ROOT)/benchmarks/compile_speed.py --tetra $(TETRA) $(SPEED_ARGS)

# Full run: per-directory table in conformance/results.txt, every scenario in results.json.
conformance: build
	set -o pipefail; $(TEST262) $(CONF_ARGS) --json $(CONF)/results.json | tee $(CONF)/results.txt

# Regression check against the committed expectations (exit 1 on an unexpected failure).
conformance-check: build
	@set -o pipefail; $(TEST262) $(CONF_ARGS) --json $(CONF)/results.json \
	  --expected-failures $(CONF)/expected-failures.txt | tee $(CONF)/results.txt || { \
	  echo; echo "conformance-check: test262 scenarios failed that are not listed in conformance/expected-failures.txt."; \
	  echo "If they are regressions, fix them. If the list is out of date (or still the placeholder), regenerate it:"; \
	  echo "    make conformance-update && git diff conformance/expected-failures.txt"; exit 1; }

# The same expectations with every function compiled by the baseline tier at its first call: no baseline-only
# failure may exist.
conformance-check-baseline: build
	@set -o pipefail; $(TEST262) $(CONF_ARGS) --engine '$(TETRA) --eager-baseline' \
	  --expected-failures $(CONF)/expected-failures.txt | tail -4 || { \
	  echo; echo "conformance-check-baseline: test262 scenarios fail with --eager-baseline only: a baseline tier bug."; exit 1; }

# The same expectations with every function compiled by the mid tier at its first call (no feedback: the generic
# paths, spills and exception exits of mid code): no mid-only failure may exist.
conformance-check-mid: build
	@set -o pipefail; $(TEST262) $(CONF_ARGS) --engine '$(TETRA) --eager-mid' \
	  --expected-failures $(CONF)/expected-failures.txt | tail -4 || { \
	  echo; echo "conformance-check-mid: test262 scenarios fail with --eager-mid only: a mid tier bug."; exit 1; }

# Functions tier up after a few bytecodes and reach mid with the feedback of their first runs: the speculative
# paths (direct calls, inlining, deopts, lazy deopts, OSR) on every test, with Cranelift verifying mid's IR.
conformance-check-tiering: build
	@set -o pipefail; TETRA_VERIFY_CLIF=1 $(TEST262) $(CONF_ARGS) \
	  --engine '$(TETRA) --interrupt-budget=64 --mid-after=2 --no-concurrent' \
	  --expected-failures $(CONF)/expected-failures.txt | tail -4 || { \
	  echo; echo "conformance-check-tiering: test262 scenarios fail when functions tier up early: a tier bug."; exit 1; }

# Rewrites conformance/expected-failures.txt: the header (everything up to the '# ---' line) is kept.
conformance-update: build
	set -o pipefail; $(TEST262) $(CONF_ARGS) --json $(CONF)/results.json --write-failures $(CONF)/failures.tmp \
	  | tee $(CONF)/results.txt
	@{ sed '/^# ---/q' $(CONF)/expected-failures.txt; \
	   echo "# generated by 'make conformance-update' on $$(date -u +%Y-%m-%d): $$(grep -vc '^#' $(CONF)/failures.tmp || true) failing scenarios"; \
	   grep -v '^#' $(CONF)/failures.tmp || true; } > $(CONF)/expected-failures.new
	@mv $(CONF)/expected-failures.new $(CONF)/expected-failures.txt; rm -f $(CONF)/failures.tmp
	@echo "updated conformance/expected-failures.txt; review with: git diff conformance/expected-failures.txt"

fmt:
	cd $(ROOT) && $(CARGO) fmt --all

lint:
	cd $(ROOT) && $(CARGO) clippy --workspace --all-targets --release -- -D warnings

clean:
	cd $(ROOT) && $(CARGO) clean
