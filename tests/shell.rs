//! The command line's other inputs: the interactive shell (driven through a pseudo-terminal, and through a pipe
//! under every tier variant), `-e CODE` and `-` (standard input).

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tetra_tests::runner::find_tetra;

/// A session's input: declarations that carry over between inputs, a function over several lines, a syntax
/// error and an uncaught exception that do not end it, a loop hot enough to tier up, and a value of every kind.
const SESSION: &str = "\
let base = 40
base + 2
function add(a,
             b) {
  return a + b + base;
}
add(1, 1)
let = ;
missing
const k = 'text'
k = 1
let total = 0
for (let i = 0; i < 30000; i++) total = add(total & 0xffff, i);
total
[1, [2, 3]]
({}).toString()
`multi
line`
";

const SESSION_OUT: &str =
    "undefined\n42\nundefined\n42\nundefined\nundefined\n35176\n35176\n1,2,3\n[object Object]\nmulti\nline\n";

fn tetra() -> std::path::PathBuf {
    find_tetra().expect("tetra binary (cargo build --release)")
}

fn piped(args: &[&str], input: &str) -> (String, String, i32) {
    let mut child = Command::new(tetra())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tetra");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (text(out.stdout), text(out.stderr), out.status.code().unwrap_or(-1))
}

#[test]
fn a_piped_session_prints_the_same_in_every_tier() {
    for flags in [
        &["--max-tier=interp"][..],
        &["--eager-baseline"],
        &["--eager-mid"],
        &["--interrupt-budget=64", "--mid-after=2", "--no-concurrent"],
        &["--stress-deopt=3"],
        &["--gc-stress=40"],
    ] {
        let (out, err, code) = piped(flags, SESSION);
        assert_eq!(out, SESSION_OUT, "{flags:?}\nstderr:\n{err}");
        assert_eq!(code, 0, "{flags:?}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(
            lines,
            [
                "SyntaxError: Expression expected at <shell>:1:7",
                "Uncaught ReferenceError: missing is not defined",
                "Uncaught TypeError: Assignment to constant variable.",
            ],
            "{flags:?}"
        );
    }
}

#[test]
fn shell_commands_and_statistics() {
    let (out, _, code) = piped(&["--stats"], ".help\n1 + 1\n.stats\n.exit\nnot reached\n");
    assert_eq!(code, 0);
    assert!(out.starts_with("Each input runs as a script of its own"), "{out}");
    assert!(out.contains("\n2\n=== tetra statistics ===\ntier "), "{out}");
    assert!(!out.contains("not reached"), "{out}");
}

#[test]
fn eval_and_standard_input_run_a_script() {
    let (out, _, code) = piped(&["-e", "print(6 * 7)"], "");
    assert_eq!((out.as_str(), code), ("42\n", 0));
    let (out, _, code) = piped(&["-"], "let s = 'from stdin'; print(s)");
    assert_eq!((out.as_str(), code), ("from stdin\n", 0));
    let (_, err, code) = piped(&["-e", "let x = ;"], "");
    assert_eq!((err.trim_end(), code), ("SyntaxError: Expression expected at <eval>:1:9", 1));
    let (_, err, code) = piped(&["-"], "throw new RangeError('r')");
    assert_eq!((err.trim_end(), code), ("Uncaught RangeError: r", 1));
}

/// A pseudo-terminal with the shell on its other side.
struct Terminal {
    master: std::fs::File,
    child: std::process::Child,
    seen: String,
}

impl Terminal {
    fn start() -> Terminal {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes two descriptors into the given integers; the other arguments may be null.
        let r =
            unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
        assert_eq!(r, 0, "openpty");
        // SAFETY: both descriptors were just opened by openpty and are owned here.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let child = Command::new(tetra())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("spawn tetra");
        // SAFETY: fcntl on a descriptor owned here.
        unsafe { libc::fcntl(master.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) };
        Terminal { master: std::fs::File::from(master), child, seen: String::new() }
    }

    /// Reads until `text` appears after what earlier calls consumed; the output before it is returned.
    fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut buf = [0u8; 4096];
        loop {
            if let Some(i) = self.seen.find(text) {
                let before = self.seen[..i].to_string();
                self.seen.drain(..i + text.len());
                return before;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {text:?}; the terminal showed:\n{}", self.seen);
            match self.master.read(&mut buf) {
                Ok(n) if n > 0 => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }

    fn line(&mut self, text: &str) {
        self.master.write_all(text.as_bytes()).unwrap();
        self.master.write_all(b"\r").unwrap();
    }
}

#[test]
fn the_shell_on_a_terminal() {
    let mut t = Terminal::start();
    t.expect("tetra> ");
    t.line("let x = 20");
    t.expect("undefined");
    t.expect("tetra> ");
    t.line("function twice(n) {");
    t.expect("...    ");
    t.line("  return 2 * n + x; }");
    t.expect("tetra> ");
    t.line("twice(11)");
    t.expect("42");
    t.expect("tetra> ");
    t.line("twice(");
    t.expect("...    ");
    t.line(")) + 1");
    t.expect("SyntaxError");
    t.expect("tetra> ");
    t.line("twice(1) + 1");
    t.expect("23");
    t.expect("tetra> ");
    t.line(".stats");
    t.expect("=== tetra statistics ===");
    t.expect("tetra> ");
    t.line(".exit");
    let status = t.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
