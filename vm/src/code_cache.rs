//! The code cache (`--code-cache=DIR`, as node's compile cache): a script's compiled bytecode, stored under a key
//! made of its source, its file name and the running build of tetra, and loaded instead of parsing and compiling
//! the script again.
//!
//! Invariants:
//! - A cache file is used only when its magic, format version, key, payload length and the payload's BLAKE3 hash
//!   all match and the payload decodes (postcard, through serde: no `unsafe` on bytes read from disk). Anything
//!   else is a warning on stderr and an ordinary compile, whose result then replaces the file.
//! - The key includes the executable's size and modification time, so a rebuilt tetra never loads bytecode an
//!   older compiler made (the bytecode format and the compiler's output change between builds without a version
//!   change); stale files are simply never looked up again.
//! - A file is written to a temporary name and renamed into place: a concurrent run sees the old file or the new
//!   one, never half of one. A cache that cannot be written is a warning, never an error of the program.
//! - Only scripts are cached (not modules, `eval` or `Function` code).

use crate::bytecode::CompiledFunction;
use std::path::{Path, PathBuf};

/// What every cache file starts with.
const MAGIC: &[u8; 8] = b"TETRACC\0";
/// Bumped when the file layout (not the bytecode: the key covers that) changes.
const FORMAT: u32 = 1;
/// Magic, format, key, payload length, payload hash.
const HEADER: usize = 8 + 4 + 32 + 8 + 32;

/// A folder of cached compiles.
pub struct CodeCache {
    dir: PathBuf,
    /// The running executable's identity (size and modification time), part of every key.
    build: Vec<u8>,
}

/// How a lookup went (`--stats`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    Hit,
    Miss,
    /// A file was there but not usable (a warning was printed).
    Rejected,
}

impl CodeCache {
    pub fn new(dir: impl Into<PathBuf>) -> CodeCache {
        let mut build = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
        if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
            build.extend(meta.len().to_le_bytes());
            if let Ok(t) = meta.modified().map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default()) {
                build.extend(t.as_nanos().to_le_bytes());
            }
        }
        CodeCache { dir: dir.into(), build }
    }

    fn key(&self, source: &str, filename: &str) -> [u8; 32] {
        let mut h = blake3::Hasher::new();
        h.update(&FORMAT.to_le_bytes());
        for part in [&self.build[..], filename.as_bytes(), source.as_bytes()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        *h.finalize().as_bytes()
    }

    fn path(&self, key: &[u8; 32]) -> PathBuf {
        let name: String = key[..16].iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.tcc"))
    }

    /// The cached compile of `source`, if there is a valid one.
    pub fn lookup(&self, source: &str, filename: &str) -> (Option<CompiledFunction>, Lookup) {
        let key = self.key(source, filename);
        let path = self.path(&key);
        let Ok(bytes) = std::fs::read(&path) else { return (None, Lookup::Miss) };
        match decode(&bytes, &key) {
            Ok(f) => (Some(f), Lookup::Hit),
            Err(why) => {
                eprintln!("tetra: ignoring code cache file {}: {why}", path.display());
                (None, Lookup::Rejected)
            }
        }
    }

    /// Stores the compile of `source` (a warning if it cannot).
    pub fn store(&self, source: &str, filename: &str, f: &CompiledFunction) {
        let key = self.key(source, filename);
        let path = self.path(&key);
        if let Err(e) = write(&self.dir, &path, &encode(f, &key)) {
            eprintln!("tetra: cannot write code cache file {}: {e}", path.display());
        }
    }
}

fn encode(f: &CompiledFunction, key: &[u8; 32]) -> Vec<u8> {
    let payload = postcard::to_stdvec(f).expect("compiled functions serialise");
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend(MAGIC);
    out.extend(FORMAT.to_le_bytes());
    out.extend(key);
    out.extend((payload.len() as u64).to_le_bytes());
    out.extend(blake3::hash(&payload).as_bytes());
    out.extend(payload);
    out
}

fn decode(bytes: &[u8], key: &[u8; 32]) -> Result<CompiledFunction, &'static str> {
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err("not a tetra code cache file");
    }
    if bytes[8..12] != FORMAT.to_le_bytes() {
        return Err("written by another format version");
    }
    if &bytes[12..44] != key {
        return Err("made for another source or build");
    }
    let len = u64::from_le_bytes(bytes[44..52].try_into().expect("8 bytes"));
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len {
        return Err("truncated or overlong");
    }
    if blake3::hash(payload).as_bytes() != &bytes[52..84] {
        return Err("corrupt (hash mismatch)");
    }
    postcard::from_bytes(payload).map_err(|_| "corrupt (does not decode)")
}

fn write(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compiled(src: &str) -> CompiledFunction {
        crate::compiler::compile_script(src, "t.js").expect("compiles")
    }

    #[test]
    fn a_stored_compile_round_trips() {
        let f = compiled("function f(a, b = 2) { return `${a}` + 1.5 + 10n + b; } f(1);");
        let key = [7; 32];
        let back = decode(&encode(&f, &key), &key).expect("decodes");
        assert_eq!(format!("{f:?}"), format!("{back:?}"));
    }

    #[test]
    fn damaged_files_are_rejected() {
        let key = [7; 32];
        let good = encode(&compiled("var x = 1;"), &key);
        assert_eq!(decode(&good, &[8; 32]).err(), Some("made for another source or build"));
        assert_eq!(decode(&good[..good.len() - 1], &key).err(), Some("truncated or overlong"));
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(decode(&flipped, &key).err(), Some("corrupt (hash mismatch)"));
        let mut format = good.clone();
        format[8] ^= 1;
        assert_eq!(decode(&format, &key).err(), Some("written by another format version"));
        assert_eq!(decode(b"hello", &key).err(), Some("not a tetra code cache file"));
    }
}
