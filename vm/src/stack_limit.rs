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
