//! Conservative scan of the current thread's native stack and callee-saved registers.
//!
//! Invariants:
//! - `StackBounds` describe the stack of the thread that computed them; `scan_native_stack` must run on that thread
//!   (the heap re-computes the bounds if the current stack pointer falls outside them).
//! - The scan covers `[sp, top)` where `sp` is the stack pointer inside the (never inlined) scanning function, after
//!   the callee-saved registers have been spilled into a buffer in that function's frame: every value live in a
//!   caller frame or in a register of a caller is therefore seen.

use crate::mark::Tracer;

/// `[lo, hi)` of the current thread's stack.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StackBounds {
    pub lo: usize,
    pub hi: usize,
}

#[cfg(target_os = "linux")]
pub(crate) fn current_thread_stack() -> StackBounds {
    let mut attr = core::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
    let mut addr: *mut libc::c_void = core::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: pthread_getattr_np initialises `attr` for the calling thread (checked by its return value); the
    // getters only read it, and it is destroyed once.
    unsafe {
        let rc = libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr());
        assert_eq!(rc, 0, "pthread_getattr_np failed");
        let rc = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        assert_eq!(rc, 0, "pthread_attr_getstack failed");
    }
    StackBounds { lo: addr as usize, hi: addr as usize + size }
}

#[cfg(target_os = "macos")]
pub(crate) fn current_thread_stack() -> StackBounds {
    // SAFETY: both functions only query the calling thread's attributes.
    let (top, size) = unsafe {
        let t = libc::pthread_self();
        (libc::pthread_get_stackaddr_np(t) as usize, libc::pthread_get_stacksize_np(t))
    };
    StackBounds { lo: top - size, hi: top }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
compile_error!("tetra-gc: native stack bounds are only implemented for Linux and macOS");

/// An address inside the current frame (approximate stack pointer).
#[inline(always)]
pub(crate) fn approximate_sp() -> usize {
    let x = 0u8;
    core::hint::black_box(&x) as *const u8 as usize
}

#[cfg(target_arch = "x86_64")]
const NREGS: usize = 6;
#[cfg(target_arch = "aarch64")]
const NREGS: usize = 11;
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
compile_error!("tetra-gc: register spilling is only implemented for x86-64 and aarch64");

/// Spill the callee-saved registers into `regs` and return the stack pointer.
#[inline(always)]
fn spill_registers(regs: &mut [u64; NREGS]) -> usize {
    let sp: usize;
    let buf = regs.as_mut_ptr();
    #[cfg(target_arch = "x86_64")]
    // SAFETY: stores six registers into `regs` (48 bytes, writable) and reads rsp; no other state is touched.
    unsafe {
        core::arch::asm!(
            "mov [{b}], rbx",
            "mov [{b} + 8], rbp",
            "mov [{b} + 16], r12",
            "mov [{b} + 24], r13",
            "mov [{b} + 32], r14",
            "mov [{b} + 40], r15",
            "mov {sp}, rsp",
            b = in(reg) buf,
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: stores eleven registers into `regs` (88 bytes, writable) and reads sp; no other state is touched.
    unsafe {
        core::arch::asm!(
            "stp x19, x20, [{b}]",
            "stp x21, x22, [{b}, #16]",
            "stp x23, x24, [{b}, #32]",
            "stp x25, x26, [{b}, #48]",
            "stp x27, x28, [{b}, #64]",
            "str x29, [{b}, #80]",
            "mov {sp}, sp",
            b = in(reg) buf,
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    sp
}

/// Feed every word of the callee-saved registers and of the native stack `[sp, top)` to `mark_conservative`.
pub(crate) fn scan_native_stack(tracer: &mut Tracer, top: usize) {
    visit_native_stack(top, &mut |w| tracer.mark_conservative(w));
}

/// Feed every word of the callee-saved registers and of the native stack `[sp, top)` to `visit`.
#[inline(never)]
pub(crate) fn visit_native_stack(top: usize, visit: &mut dyn FnMut(u64)) {
    let mut regs = [0u64; NREGS];
    let sp = spill_registers(&mut regs);
    for &w in core::hint::black_box(&regs) {
        visit(w);
    }
    let mut p = sp & !7;
    while p + 8 <= top {
        // SAFETY: `[sp, top)` is the mapped, in-use part of this thread's stack; `p` is 8-aligned. Volatile because
        // the words belong to other frames (the compiler must not reason about them).
        let w = unsafe { core::ptr::read_volatile(p as *const u64) };
        visit(w);
        p += 8;
    }
    core::hint::black_box(&regs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_contain_current_frame() {
        let b = current_thread_stack();
        let sp = approximate_sp();
        assert!(b.lo < sp && sp < b.hi, "{b:?} sp={sp:#x}");
        let child = std::thread::spawn(|| {
            let b = current_thread_stack();
            let sp = approximate_sp();
            b.lo < sp && sp < b.hi
        });
        assert!(child.join().unwrap());
    }
}
