//! The `tetra` command: runs a script (or a shell), with statistics and traces of what each tier did.

mod cli;
mod report;
mod shell;
mod sweep;
mod trace;

use clap::Parser;
use std::process::ExitCode;

/// Object elements, out-of-line slots and dictionaries live in malloc'd memory and die in bulk at each sweep;
/// mimalloc's thread-local free lists make that churn cheap (glibc's malloc and free were a quarter of the profile
/// of allocation-heavy programs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The JS thread's stack: deep (but legal) nesting in the parser and in native recursion must not overflow it.
const JS_THREAD_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    let mut args = cli::Args::parse();
    if let Some(cli::Command::Sweep(sweep)) = args.command.take() {
        return sweep::main(sweep);
    }
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
