//! The `tetra` command: runs a script, with statistics and traces of what each tier did.

mod cli;
mod report;
mod trace;

use clap::Parser;
use std::process::ExitCode;

/// The JS thread's stack: deep (but legal) nesting in the parser and in native recursion must not overflow it.
const JS_THREAD_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let handle = std::thread::Builder::new()
        .name("tetra-js".into())
        .stack_size(JS_THREAD_STACK)
        .spawn(move || report::run(args))
        .expect("spawning the JS thread");
    match handle.join() {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(70),
    }
}
