//! `Trace` impls for common std types, so VM structs can derive their trace from their fields.
//!
//! Invariants: a container traces each element; types holding no heap pointer trace nothing. `external_size` of a
//! container counts only its own buffer (O(1)), not the elements' external memory.

use crate::cell::{Gc, Trace};
use crate::mark::Tracer;

// SAFETY: a `Gc` is exactly one heap pointer, reported precisely.
unsafe impl<T: ?Sized> Trace for Gc<T> {
    #[inline]
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(*self)
    }
}

// SAFETY: traces the contained value, if any.
unsafe impl<T: Trace> Trace for Option<T> {
    #[inline]
    fn trace(&self, tracer: &mut Tracer) {
        if let Some(v) = self {
            v.trace(tracer)
        }
    }
    fn external_size(&self) -> usize {
        self.as_ref().map_or(0, |v| v.external_size())
    }
}

// SAFETY: traces every element.
unsafe impl<T: Trace> Trace for Vec<T> {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self {
            v.trace(tracer)
        }
    }
    fn external_size(&self) -> usize {
        self.capacity() * core::mem::size_of::<T>()
    }
}

// SAFETY: traces every element.
unsafe impl<T: Trace> Trace for Box<[T]> {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self.iter() {
            v.trace(tracer)
        }
    }
    fn external_size(&self) -> usize {
        core::mem::size_of_val(&**self)
    }
}

// SAFETY: traces the boxed value.
unsafe impl<T: Trace> Trace for Box<T> {
    fn trace(&self, tracer: &mut Tracer) {
        (**self).trace(tracer)
    }
    fn external_size(&self) -> usize {
        core::mem::size_of::<T>() + (**self).external_size()
    }
}

// SAFETY: traces every element.
unsafe impl<T: Trace, const N: usize> Trace for [T; N] {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self {
            v.trace(tracer)
        }
    }
}

// SAFETY: a String holds no heap-cell pointer.
unsafe impl Trace for String {
    fn trace(&self, _: &mut Tracer) {}
    fn external_size(&self) -> usize {
        self.capacity()
    }
}

macro_rules! leaf {
    ($($t:ty),*) => {$(
        // SAFETY: plain data holds no heap-cell pointer.
        unsafe impl Trace for $t {
            #[inline]
            fn trace(&self, _: &mut Tracer) {}
        }
    )*};
}
leaf!((), bool, u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64, char, Box<str>);
