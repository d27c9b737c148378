//! The transition table of a shape: (key, attributes) -> child shape.
//!
//! Most shapes have zero or one child (objects built by the same constructor follow one path), so the table starts
//! as a short vector and becomes a hash map only when a shape fans out widely.

use crate::attrs::Attrs;
use crate::shape::{Key, Shape};
use ahash::AHashMap;
use tetra_gc::{Gc, Tracer};

const LINEAR_LIMIT: usize = 8;

#[derive(Default)]
pub enum Transitions {
    #[default]
    None,
    Linear(Vec<(Key, Attrs, Gc<Shape>)>),
    Map(AHashMap<(Key, Attrs), Gc<Shape>>),
}

impl Transitions {
    pub fn find(&self, key: Key, attrs: Attrs) -> Option<Gc<Shape>> {
        match self {
            Transitions::None => None,
            Transitions::Linear(v) => v.iter().find(|(k, a, _)| *k == key && *a == attrs).map(|t| t.2),
            Transitions::Map(m) => m.get(&(key, attrs)).copied(),
        }
    }

    pub fn insert(&mut self, key: Key, attrs: Attrs, child: Gc<Shape>) {
        match self {
            Transitions::None => *self = Transitions::Linear(vec![(key, attrs, child)]),
            Transitions::Linear(v) if v.len() < LINEAR_LIMIT => v.push((key, attrs, child)),
            Transitions::Linear(v) => {
                let mut m: AHashMap<(Key, Attrs), Gc<Shape>> = v.drain(..).map(|(k, a, s)| ((k, a), s)).collect();
                m.insert((key, attrs), child);
                *self = Transitions::Map(m);
            }
            Transitions::Map(m) => {
                m.insert((key, attrs), child);
            }
        }
    }

    pub fn trace(&self, t: &mut Tracer) {
        match self {
            Transitions::None => {}
            Transitions::Linear(v) => v.iter().for_each(|(k, _, s)| {
                k.trace(t);
                t.mark(*s);
            }),
            Transitions::Map(m) => m.iter().for_each(|((k, _), s)| {
                k.trace(t);
                t.mark(*s);
            }),
        }
    }

    pub fn external_size(&self) -> usize {
        match self {
            Transitions::None => 0,
            Transitions::Linear(v) => v.capacity() * std::mem::size_of::<(Key, Attrs, Gc<Shape>)>(),
            Transitions::Map(m) => m.capacity() * (std::mem::size_of::<((Key, Attrs), Gc<Shape>)>() + 1),
        }
    }
}
