//! Where the native stack ends, so deep recursion through native code becomes a RangeError instead of a crash.

/// Bytes kept free below the limit for the runtime, builtins and the GC's own frames.
const RESERVE: usize = 256 * 1024;

/// The lowest address native recursion may reach on this thread.
pub fn native_stack_limit() -> usize {
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; we destroy it after reading the stack range.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return fallback();
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        if !ok {
            return fallback();
        }
        // The main thread's reported size can be the rlimit while only part is mapped; cap what we rely on.
        let here = &attr as *const _ as usize;
        let low = addr as usize;
        let usable = here.saturating_sub(low).min(size);
        here - usable + RESERVE.min(usable / 2)
    }
}

fn fallback() -> usize {
    let marker = 0u8;
    (&marker as *const u8 as usize).saturating_sub(4 << 20)
}

/// The current native stack pointer (approximately: the caller's frame), without taking the address of a local.
/// Interpreter handlers use it for their stack guard: a local whose address escapes would stop LLVM from compiling
/// the handler's dispatch as a tail call.
#[inline(always)]
pub fn stack_pointer() -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        let sp: usize;
        // SAFETY: reads rsp into a register; no memory access, no flags changed.
        unsafe { std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
        sp
    }
    #[cfg(target_arch = "aarch64")]
    {
        let sp: usize;
        // SAFETY: reads sp into a register; no memory access, no flags changed.
        unsafe { std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
        sp
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let marker = 0u8;
        std::hint::black_box(&marker) as *const u8 as usize
    }
}
