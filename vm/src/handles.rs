//! `RootedVec`: a vector of values that the collector traces (JSC's MarkedArgumentBuffer).
//!
//! The conservative stack scan cannot see values in Rust heap memory. Native code that collects values in a vector
//! while it allocates (own keys, argument lists, sort buffers) uses a `RootedVec`: its buffer is registered in a
//! per-thread list that the VM traces as a root, and unregistered on drop.

use crate::value::Value;
use std::cell::RefCell;
use tetra_gc::Tracer;

thread_local! {
    static ROOTED: RefCell<Vec<*const Vec<Value>>> = const { RefCell::new(Vec::new()) };
}

pub struct RootedVec {
    // Boxed so the registered address stays valid when the RootedVec itself moves.
    #[allow(clippy::box_collection)]
    inner: Box<Vec<Value>>,
}

impl RootedVec {
    pub fn new() -> RootedVec {
        RootedVec::from_vec(Vec::new())
    }

    pub fn from_vec(v: Vec<Value>) -> RootedVec {
        let inner = Box::new(v);
        let p: *const Vec<Value> = &*inner;
        ROOTED.with(|r| r.borrow_mut().push(p));
        RootedVec { inner }
    }

    /// The values, no longer rooted: only for handing them to code that roots them itself.
    pub fn into_vec(mut self) -> Vec<Value> {
        std::mem::take(&mut *self.inner)
    }
}

impl Default for RootedVec {
    fn default() -> Self {
        RootedVec::new()
    }
}

impl Drop for RootedVec {
    fn drop(&mut self) {
        let p: *const Vec<Value> = &*self.inner;
        ROOTED.with(|r| {
            let mut r = r.borrow_mut();
            if let Some(i) = r.iter().rposition(|&q| q == p) {
                r.swap_remove(i);
            }
        });
    }
}

impl std::ops::Deref for RootedVec {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.inner
    }
}

impl std::ops::DerefMut for RootedVec {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.inner
    }
}

impl FromIterator<Value> for RootedVec {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> RootedVec {
        let mut r = RootedVec::new();
        r.extend(iter);
        r
    }
}

/// By-value iteration keeps the vector rooted until the iterator is dropped.
pub struct RootedIter {
    vec: RootedVec,
    next: usize,
}

impl Iterator for RootedIter {
    type Item = Value;
    fn next(&mut self) -> Option<Value> {
        let v = self.vec.get(self.next).copied();
        self.next += 1;
        v
    }
}

impl IntoIterator for RootedVec {
    type Item = Value;
    type IntoIter = RootedIter;
    fn into_iter(self) -> RootedIter {
        RootedIter { vec: self, next: 0 }
    }
}

impl<'a> IntoIterator for &'a RootedVec {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.inner.iter()
    }
}

/// Traces every live RootedVec of this thread.
pub fn trace_rooted(t: &mut Tracer) {
    ROOTED.with(|r| {
        for &p in r.borrow().iter() {
            // SAFETY: registered pointers belong to live RootedVecs (unregistered on drop) on this thread.
            for v in unsafe { &*p } {
                v.trace(t);
            }
        }
    });
}
