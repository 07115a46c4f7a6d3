//! `tuple`: an immutable sequence.

use crate::value::Value;

/// The storage of a Python tuple.
#[derive(Debug, Default)]
pub struct PyTuple {
    /// The items.
    pub items: Box<[Value]>,
}

impl PyTuple {
    /// A tuple of `items`.
    pub fn new(items: Vec<Value>) -> PyTuple {
        PyTuple {
            items: items.into_boxed_slice(),
        }
    }

    /// The items as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[Value] {
        &self.items
    }

    /// Number of items.
    #[inline]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the tuple is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
