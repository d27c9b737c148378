//! The table of test variants. Every corpus test runs under every variant, and the
//! output must be identical across variants (V8's test variants are the model): a
//! difference is a bug in a tier.
//!
//! Adding a variant is one line.

/// One way of running the engine over the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    /// Short name used in reports and in `TETRA_TEST_VARIANTS`.
    pub name: &'static str,
    /// Extra command-line arguments passed to `tetra` before the file.
    pub args: &'static [&'static str],
}

pub const VARIANTS: &[Variant] = &[
    Variant { name: "interp", args: &["--max-tier=interp"] },
    Variant { name: "eager-baseline", args: &["--eager-baseline"] },
    // Every function compiled by `mid` at its first call, without feedback: the generic paths, frame spills and
    // exception exits of mid code.
    Variant { name: "eager-mid", args: &["--eager-mid"] },
    // Default tiering with thresholds so low that every function and loop that runs a little moves up mid-run,
    // through OSR in loops: the transitions themselves are what this variant tests.
    Variant { name: "tiering", args: &["--interrupt-budget=64"] },
    // Low thresholds so that code reaches `mid` with feedback, and every 7th check executed in mid code deoptimises
    // whatever the values: every frame state is used to rebuild an interpreter frame at some point.
    Variant {
        name: "stress-deopt",
        args: &["--stress-deopt", "--interrupt-budget=64", "--mid-after=2", "--no-concurrent"],
    },
    // Collections at every 50th allocation while functions move between the tiers: missing roots in either tier's
    // frames, or in the transitions, show up here.
    Variant { name: "gc-stress", args: &["--gc-stress", "--interrupt-budget=64"] },
];
