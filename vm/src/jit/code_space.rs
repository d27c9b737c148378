//! The code space: executable memory for every compiled tier's code, in chunks shared by many functions, with a
//! range returned to its chunk when its code object drops (DESIGN.md, "Code space and code lifetime").
//!
//! Invariants:
//! - No address is ever writable and executable at once. A chunk's pages are mapped twice: a read+execute view that
//!   code runs from, and a read+write view at an unrelated address through which `install` copies the bytes (the
//!   double mapping of .NET's W^X). An install is a `memcpy`: no `mmap`, `mprotect` or `munmap` per function. It
//!   writes only bytes of a free range, which no code runs from; other code on the same page runs on (x86 keeps
//!   instruction fetch coherent with stores, and new code is entered only after its install returned).
//! - A range is handed out to one `Code` at a time, `ALIGN`-aligned, and goes back to its chunk's free list when
//!   that `Code` drops; free neighbours merge. Callers drop code only when no frame can return into it
//!   (`tiering/code_lifetime.rs`); the space does not check.
//! - A chunk whose ranges are all free is unmapped, unless it is the chunk new code goes to first (so a function
//!   replaced over and over does not map and unmap a chunk each time).
//! - Background compile threads install code too: one mutex guards the chunks; it is held for a search of the free
//!   lists and a copy, never while compiling.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Bytes mapped per chunk (code larger than this gets a chunk of its own, rounded up to pages).
const CHUNK: usize = 1 << 20;
/// Alignment of each code range (a cache-line half; Cranelift and the baseline prologue need 16).
const ALIGN: usize = 32;

/// Code installed in the code space: its bytes, executable at `as_ptr()`, until it drops.
pub struct Code {
    rx: *const u8,
    len: usize,
}

// SAFETY: the bytes behind `rx` are never written while a `Code` owns them, and freeing goes through the mutex.
unsafe impl Send for Code {}
// SAFETY: as above: a `Code` only reads immutable bytes.
unsafe impl Sync for Code {}

impl Code {
    /// Copies `bytes` into the code space and returns them as executable code.
    pub fn install(bytes: &[u8]) -> Result<Code, String> {
        let mut space = SPACE.lock().unwrap_or_else(|e| e.into_inner());
        space.install(bytes)
    }

    /// The address of the first byte.
    pub fn as_ptr(&self) -> *const u8 {
        self.rx
    }

    /// Its length in bytes.
    pub fn size(&self) -> usize {
        self.len
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `rx` is readable for `len` bytes (the RX view) for as long as this `Code` holds the range.
        unsafe { std::slice::from_raw_parts(self.rx, self.len) }
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        SPACE.lock().unwrap_or_else(|e| e.into_inner()).free(self.rx as usize, self.len);
    }
}

/// How much of the space is mapped and used (`--stats`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Usage {
    pub chunks: usize,
    pub mapped_bytes: usize,
    pub used_bytes: usize,
    pub peak_used_bytes: usize,
}

/// The process's code space now.
pub fn usage() -> Usage {
    let space = SPACE.lock().unwrap_or_else(|e| e.into_inner());
    Usage {
        chunks: space.chunks.len(),
        mapped_bytes: space.chunks.values().map(|c| c.size).sum(),
        used_bytes: space.used,
        peak_used_bytes: space.peak_used,
    }
}

static SPACE: Mutex<Space> = Mutex::new(Space { chunks: BTreeMap::new(), first: None, used: 0, peak_used: 0 });

struct Space {
    /// By the address of their RX view.
    chunks: BTreeMap<usize, Chunk>,
    /// The chunk new code is tried in first, and kept mapped when empty.
    first: Option<usize>,
    used: usize,
    peak_used: usize,
}

struct Chunk {
    rw: usize,
    size: usize,
    /// Free ranges: offset -> length, never adjacent (they merge).
    free: BTreeMap<usize, usize>,
}

impl Space {
    fn install(&mut self, bytes: &[u8]) -> Result<Code, String> {
        let len = bytes.len().max(1).next_multiple_of(ALIGN);
        let (rx, rw) = match self.allocate(len) {
            Some(a) => a,
            None => {
                let rx = self.map_chunk(len.max(CHUNK).next_multiple_of(page_size()))?;
                if len <= CHUNK {
                    self.first = Some(rx);
                }
                self.allocate(len).ok_or("code space: a fresh chunk has no room")?
            }
        };
        // SAFETY: [rw, rw + len) is the writable view of a range just taken off the free list: no `Code` owns it
        // and no code runs from it, and `bytes.len() <= len`.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), rw as *mut u8, bytes.len()) };
        self.used += len;
        self.peak_used = self.peak_used.max(self.used);
        Ok(Code { rx: rx as *const u8, len: bytes.len() })
    }

    /// First fit, in the `first` chunk before the others; returns (RX address, RW address).
    fn allocate(&mut self, len: usize) -> Option<(usize, usize)> {
        let fits = |c: &Chunk| c.free.iter().find(|&(_, &l)| l >= len).map(|(&o, _)| o);
        let in_first = self.first.and_then(|b| fits(&self.chunks[&b]).map(|o| (b, o)));
        let (base, offset) = in_first.or_else(|| self.chunks.iter().find_map(|(&b, c)| fits(c).map(|o| (b, o))))?;
        let chunk = self.chunks.get_mut(&base).expect("chunk just found");
        let free_len = chunk.free.remove(&offset).expect("range just found");
        if free_len > len {
            chunk.free.insert(offset + len, free_len - len);
        }
        Some((base + offset, chunk.rw + offset))
    }

    fn free(&mut self, rx: usize, len: usize) {
        let mut len = len.max(1).next_multiple_of(ALIGN);
        self.used -= len;
        let (&base, chunk) = self.chunks.range_mut(..=rx).next_back().expect("code freed outside the code space");
        let mut offset = rx - base;
        debug_assert!(offset + len <= chunk.size);
        if let Some((&before, &before_len)) = chunk.free.range(..offset).next_back()
            && before + before_len == offset
        {
            chunk.free.remove(&before);
            offset = before;
            len += before_len;
        }
        if let Some(after_len) = chunk.free.remove(&(offset + len)) {
            len += after_len;
        }
        chunk.free.insert(offset, len);
        if len == chunk.size && self.first != Some(base) {
            let chunk = self.chunks.remove(&base).expect("chunk just freed into");
            unmap(base, chunk.rw, chunk.size);
        }
    }

    /// Maps a chunk of `size` bytes twice (see the module invariants); returns its RX address.
    ///
    /// The memory is a shared anonymous mapping, and `mremap` with an old size of 0 maps the same pages again. A
    /// memfd would do the same, but `perf` names code in a memfd mapping by file offset and ignores the
    /// `--perf-basic-prof` map, where it reads a shared anonymous mapping ("/dev/zero") as JIT memory; and a memfd
    /// may be refused execute permission (`vm.memfd_noexec`).
    fn map_chunk(&mut self, size: usize) -> Result<usize, String> {
        let err = |what: &str| format!("code space: {what}: {}", std::io::Error::last_os_error());
        // SAFETY: plain system calls on mappings this function makes; they are recorded in `chunks` and unmapped
        // only by `unmap`.
        unsafe {
            let flags = libc::MAP_SHARED | libc::MAP_ANONYMOUS;
            let rw = libc::mmap(std::ptr::null_mut(), size, libc::PROT_READ | libc::PROT_WRITE, flags, -1, 0);
            if rw == libc::MAP_FAILED {
                return Err(err("mmap"));
            }
            let rx = libc::mremap(rw, 0, size, libc::MREMAP_MAYMOVE);
            if rx == libc::MAP_FAILED {
                let e = err("mremap (second view)");
                libc::munmap(rw, size);
                return Err(e);
            }
            if libc::mprotect(rx, size, libc::PROT_READ | libc::PROT_EXEC) != 0 {
                let e = err("mprotect (execute view)");
                libc::munmap(rx, size);
                libc::munmap(rw, size);
                return Err(e);
            }
            let free = BTreeMap::from([(0, size)]);
            self.chunks.insert(rx as usize, Chunk { rw: rw as usize, size, free });
            Ok(rx as usize)
        }
    }
}

fn unmap(rx: usize, rw: usize, size: usize) {
    // SAFETY: both views were mapped by `map_chunk` with this size, and no `Code` owns any range of the chunk.
    unsafe {
        libc::munmap(rx as *mut libc::c_void, size);
        libc::munmap(rw as *mut libc::c_void, size);
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installed_code_runs_and_ranges_are_reused() {
        // mov eax, 42; ret
        let code = Code::install(&[0xb8, 42, 0, 0, 0, 0xc3]).unwrap();
        // SAFETY: the bytes are a complete `extern "C" fn() -> i32`.
        let f: extern "C" fn() -> i32 = unsafe { std::mem::transmute(code.as_ptr()) };
        assert_eq!(f(), 42);
        assert_eq!(code.bytes(), &[0xb8, 42, 0, 0, 0, 0xc3]);
        let at = code.as_ptr() as usize;
        assert_eq!(at % ALIGN, 0);
        drop(code);
        // mov eax, 7; ret: the freed range is taken again (other tests may install concurrently, so look for it
        // among a few).
        let again: Vec<Code> = (0..64).map(|_| Code::install(&[0xb8, 7, 0, 0, 0, 0xc3]).unwrap()).collect();
        assert!(again.iter().any(|c| c.as_ptr() as usize == at));
        for c in &again {
            // SAFETY: as above.
            let f: extern "C" fn() -> i32 = unsafe { std::mem::transmute(c.as_ptr()) };
            assert_eq!(f(), 7);
        }
    }

    #[test]
    fn code_larger_than_a_chunk_gets_its_own_and_is_unmapped() {
        let mut bytes = vec![0x90u8; CHUNK + 100]; // nops
        bytes.extend([0xb8, 5, 0, 0, 0, 0xc3]);
        let code = Code::install(&bytes).unwrap();
        // SAFETY: nops then `mov eax, 5; ret`.
        let f: extern "C" fn() -> i32 = unsafe { std::mem::transmute(code.as_ptr()) };
        assert_eq!(f(), 5);
        let base = code.as_ptr() as usize;
        drop(code);
        assert!(!SPACE.lock().unwrap().chunks.contains_key(&base));
    }

    #[test]
    fn the_execute_view_is_anonymous_memory_to_perf() {
        let code = Code::install(&[0xc3]).unwrap();
        let at = code.as_ptr() as usize;
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps
            .lines()
            .find(|l| {
                let (from, to) = l.split_once(' ').unwrap().0.split_once('-').unwrap();
                (usize::from_str_radix(from, 16).unwrap()..usize::from_str_radix(to, 16).unwrap()).contains(&at)
            })
            .unwrap();
        // perf reads "/dev/zero" mappings as JIT memory and names their code from /tmp/perf-<pid>.map.
        assert!(line.contains(" r-xs ") && line.contains("/dev/zero"), "{line}");
    }

    #[test]
    fn free_ranges_merge() {
        let mut space = Space { chunks: BTreeMap::new(), first: None, used: 0, peak_used: 0 };
        let base = space.map_chunk(CHUNK).unwrap();
        space.first = Some(base);
        let a = space.install(&[1; 40]).unwrap();
        let b = space.install(&[2; 40]).unwrap();
        let c = space.install(&[3; 40]).unwrap();
        assert_eq!(space.used, 3 * 64);
        let (a, b, c) =
            (std::mem::ManuallyDrop::new(a), std::mem::ManuallyDrop::new(b), std::mem::ManuallyDrop::new(c));
        space.free(a.as_ptr() as usize, a.size());
        space.free(c.as_ptr() as usize, c.size());
        space.free(b.as_ptr() as usize, b.size());
        assert_eq!(space.chunks[&base].free.len(), 1);
        assert_eq!(space.used, 0);
        let (rw, size) = (space.chunks[&base].rw, space.chunks[&base].size);
        unmap(base, rw, size);
    }
}
