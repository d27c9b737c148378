//! The table of test variants. Every corpus test runs under every variant, and the
//! output must be identical across variants (V8's test variants are the model): a
//! difference is a bug in a tier.
//!
//! Adding a variant is one line, e.g. when the baseline tier lands:
//! `Variant { name: "baseline", args: &["--eager-baseline"] },`

/// One way of running the engine over the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    /// Short name used in reports and in `TETRA_TEST_VARIANTS`.
    pub name: &'static str,
    /// Extra command-line arguments passed to `tetra` before the file.
    pub args: &'static [&'static str],
}

pub const VARIANTS: &[Variant] = &[
    Variant {
        name: "interp",
        args: &["--max-tier=interp"],
    },
    Variant {
        name: "gc-stress",
        args: &["--max-tier=interp", "--gc-stress"],
    },
];
