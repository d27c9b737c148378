//! Command-line flags (V8's spelling where one exists).

use clap::Parser;

#[derive(Parser, Debug)]
#[command(name = "tetra", version, about = "tetra: a four-tier JavaScript VM (interp, baseline, mid, top)")]
#[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
pub struct Args {
    /// A subcommand instead of a script (only as the first argument: `tetra ./sweep` runs a file named so).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Script to run: a classic script, or an ES module when its name ends in `.mjs` or with `--module`; `-`
    /// reads the script from standard input. Without a file (and without `-e`), an interactive shell starts.
    pub file: Option<String>,
    /// Run this code as the script (instead of a file).
    #[arg(short = 'e', long = "eval", value_name = "CODE", conflicts_with = "file")]
    pub eval: Option<String>,
    /// Arguments for the script (available as `scriptArgs`).
    pub script_args: Vec<String>,
    /// Run the file as an ES module (as a `.mjs` file is): `import`/`export`, top-level `await`, strict code.
    #[arg(long)]
    pub module: bool,
    /// Print the bytecode of every function when it is compiled: the script's before it runs, a function compiled
    /// lazily at its first call.
    #[arg(long)]
    pub print_bytecode: bool,
    /// Compile every function of a script up front instead of at its first call (V8's `--no-lazy`).
    #[arg(long)]
    pub no_lazy: bool,
    /// Print per-tier statistics to stderr at exit.
    #[arg(long)]
    pub stats: bool,
    /// Write the statistics as JSON to this file at exit.
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<String>,
    /// Print one line per garbage collection to stderr.
    #[arg(long)]
    pub trace_gc: bool,
    /// Collect garbage at every N-th allocation (default 50) to find missing roots.
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "50")]
    pub gc_stress: Option<u32>,
    /// Heap limit, e.g. 512M or 2G; exceeding it ends the program with an out-of-memory RangeError.
    #[arg(long, value_name = "SIZE")]
    pub max_heap: Option<String>,
    /// Interrupt budget, in bytecode bytes executed (counted at loop back-edges and returns), per tick of a
    /// function's profiler counter (as V8's --interrupt-budget). Tier thresholds are in ticks.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024)]
    pub interrupt_budget: i32,
    /// Ticks a function spends in `interp` before `baseline` compiles it.
    #[arg(long, value_name = "TICKS", default_value_t = 1)]
    pub baseline_after: u32,
    /// Ticks a function spends in `baseline` before `mid` compiles it.
    #[arg(long, value_name = "TICKS", default_value_t = 8)]
    pub mid_after: u32,
    /// Ticks before `top` compiles a function (reserved: the tier is not built yet).
    #[arg(long, value_name = "TICKS", default_value_t = 32)]
    pub top_after: u32,
    /// Highest tier to use: interp, baseline, mid or top (tiers not built yet are skipped).
    #[arg(long, value_name = "TIER", default_value = "top")]
    pub max_tier: String,
    /// Compile every function with `baseline` at its first call (as V8's --always-sparkplug).
    #[arg(long)]
    pub eager_baseline: bool,
    /// Compile every function with `mid` at its first call (as V8's --always-maglev); without feedback, most
    /// instructions are generic.
    #[arg(long)]
    pub eager_mid: bool,
    /// Deoptimise at every N-th check executed in mid code (default 7), whatever the values, to exercise every
    /// frame state; the code stays installed.
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "7")]
    pub stress_deopt: Option<u32>,
    /// Ticks at loop back-edges before `mid` compiles a function with an entry at the running loop (OSR into mid).
    #[arg(long, value_name = "TICKS", default_value_t = 8)]
    pub osr_after: u32,
    /// Functions larger than this (bytecode bytes) need --mid-after ticks per this many bytes of theirs before
    /// `mid` compiles them, and --osr-after per four times as many for an OSR entry: compile time grows with
    /// size, a tick does not (V8 scales its budgets by bytecode size). 0 turns the scaling off.
    #[arg(long, value_name = "BYTES", default_value_t = 128)]
    pub tick_size_unit: u32,
    /// Compile everything on the main thread (deterministic tier-up points); by default `mid` compiles on
    /// background threads while the function keeps running below it.
    #[arg(long)]
    pub no_concurrent: bool,
    /// Write /tmp/perf-<pid>.map, naming each function's machine code (tier and function) for `perf report`
    /// (V8's flag of the same name). Replaced code is then kept, so that no address names two functions.
    #[arg(long)]
    pub perf_basic_prof: bool,
    /// Background compile threads.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub compile_threads: usize,
    /// Deopts of one function after which `mid` does not compile it again.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_deopts: u32,
    /// Largest callee, in bytecode bytes, that `mid` inlines (V8's flag of the same name).
    #[arg(long, value_name = "BYTES", default_value_t = tetra_mid::Inlining::default().callee)]
    pub max_inlined_bytecode_size: usize,
    /// Bytecode bytes `mid` inlines in all into one function (V8's flag of the same name).
    #[arg(long, value_name = "BYTES", default_value_t = tetra_mid::Inlining::default().cumulative)]
    pub max_inlined_bytecode_size_cumulative: usize,
    /// No inlining in `mid` (the same as --max-inlined-bytecode-size-cumulative=0).
    #[arg(long)]
    pub no_inlining: bool,
    /// No on-stack replacement: a running loop stays in its tier until its function is called again.
    #[arg(long)]
    pub no_osr: bool,
    /// Interpreter only: no machine code is generated at all (same as --max-tier=interp).
    #[arg(long)]
    pub jitless: bool,
    /// Print one line per tier-up decision (function, from, to, reason, budget state) to stderr.
    #[arg(long)]
    pub trace_opt: bool,
    /// Print one line per on-stack replacement (function, loop, bytecode offset, tiers) to stderr.
    #[arg(long)]
    pub trace_osr: bool,
    /// Print one line per deoptimisation (function, bytecode offset, reason, the frame's live values) to stderr.
    #[arg(long)]
    pub trace_deopt: bool,
    /// Print one line per call site the mid tier considers inlining (caller, callee, depth, inlined or why not).
    #[arg(long)]
    pub trace_inlining: bool,
    /// Print the mid tier's graph of each function it compiles, to stderr.
    #[arg(long)]
    pub print_mid_graph: bool,
    /// Print the machine code of each compiled function next to its bytecode, to stderr.
    #[arg(long)]
    pub print_code: bool,
    /// Write Chrome trace-event JSON (compiles, tier-ups, OSR, GC) to this file; Perfetto opens it.
    #[arg(long, value_name = "FILE")]
    pub trace_json: Option<String>,
    /// Expose the `Tetra` natives object to scripts.
    #[arg(long)]
    pub expose_natives: bool,
    /// Cache the main script's bytecode in this folder, keyed by its source, name and this build of tetra; a later
    /// run of the same script loads it instead of compiling (node's compile cache).
    #[arg(long, value_name = "DIR", env = "TETRA_CODE_CACHE")]
    pub code_cache: Option<std::path::PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Run programs over a grid of tetra flags and report times per configuration (see README, "Sweeps").
    Sweep(crate::sweep::SweepArgs),
}

/// Parses sizes like `64M`, `2G`, `1048576`.
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'k' | 'K' => (&s[..s.len() - 1], 1usize << 10),
        'm' | 'M' => (&s[..s.len() - 1], 1 << 20),
        'g' | 'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<usize>().ok()?.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Some(64 << 20));
        assert_eq!(parse_size("2g"), Some(2 << 30));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("x"), None);
    }
}
