//! The interactive shell (`tetra` with no file): each input is a script of its own in one realm, as in d8, so
//! declarations carry over (top-level `let`/`const`/`class` through the global lexical environment); the value of
//! each input is printed as d8 prints it. Input continues over lines while it is incomplete.

use crate::report::stats_text;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;
use std::io::Write;
use tetra_vm::Vm;

const HELP: &str = "\
Each input runs as a script of its own; declarations carry over to later inputs.
  .help     this text
  .stats    the per-tier statistics so far (as --stats prints them at exit)
  .exit     leave (or Ctrl-D)
Incomplete input (an open brace, a trailing operator, an open template) continues on the next line;
an empty line abandons it.";

/// Runs the shell until end of input or `.exit`; the exit status is 0.
pub fn run(vm: &mut Vm) -> u8 {
    let mut editor = match DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("tetra: cannot start the shell: {e}");
            return 2;
        }
    };
    let history = std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".tetra_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    let started = std::time::Instant::now();
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { "tetra> " } else { "...    " };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                pending.clear();
                continue;
            }
            Err(_) => break,
        };
        if pending.is_empty() {
            match line.trim() {
                "" => continue,
                ".exit" | ".quit" => break,
                ".help" => {
                    println!("{HELP}");
                    continue;
                }
                ".stats" => {
                    vm.stats.run_time = started.elapsed();
                    print!("{}", stats_text(vm));
                    continue;
                }
                _ => {}
            }
        } else if line.trim().is_empty() {
            pending.clear();
            continue;
        }
        let _ = editor.add_history_entry(line.as_str());
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(&line);
        match vm.compile(&pending, "<shell>") {
            Err(e) if incomplete(&pending, &e) => continue,
            Err(e) => eprintln!("SyntaxError: {} at <shell>:{}:{}", e.message, e.line, e.column),
            Ok(t) => {
                match vm.run_script_template(t).and_then(|v| vm.run_tasks().map(|_| v)) {
                    Ok(v) => {
                        let text = display(vm, v);
                        vm.flush();
                        println!("{text}");
                    }
                    Err(exc) => {
                        let text = vm.describe_uncaught(exc);
                        vm.flush();
                        eprintln!("{text}");
                    }
                }
                let _ = std::io::stdout().flush();
            }
        }
        pending.clear();
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    0
}

/// A value as d8 prints it: its string conversion (which may run its `toString`), or a description where that
/// throws (a symbol, an object without a usable `toString`).
fn display(vm: &mut Vm, v: tetra_vm::Value) -> String {
    if v.is_symbol() {
        return vm.to_display_string(v);
    }
    match vm.to_string(v) {
        Ok(s) => s.to_rust_string(),
        Err(_) => vm.to_display_string(v),
    }
}

/// Whether the error only says the input stopped too early: it is at the very end of the input, or inside a
/// template or comment that the next line may close.
fn incomplete(source: &str, e: &tetra_vm::SyntaxError) -> bool {
    let last = source.rsplit('\n').next().unwrap_or("");
    let end = (source.lines().count().max(1) as u32, last.encode_utf16().count() as u32 + 1);
    (e.line, e.column) == end
        || e.message.contains("got '<eof>'")
        || e.message.starts_with("Unterminated template")
        || e.message.starts_with("Unterminated block comment")
}

#[cfg(test)]
mod tests {
    use super::incomplete;

    fn error(source: &str) -> tetra_vm::SyntaxError {
        match tetra_vm::Runtime::new().vm.compile(source, "t") {
            Err(e) => e,
            Ok(_) => panic!("{source:?} compiled"),
        }
    }

    #[test]
    fn incomplete_inputs_continue_and_wrong_ones_do_not() {
        for s in ["function f() {", "let x = [1,", "if (x)", "x +", "`open", "/* open", "f(\n1,"] {
            assert!(incomplete(s, &error(s)), "{s}");
        }
        for s in ["let 5 = 1;", "\"open", "x = )", "}", "f(\n)) + 1"] {
            assert!(!incomplete(s, &error(s)), "{s}");
        }
    }
}
