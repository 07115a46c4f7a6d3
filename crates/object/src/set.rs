//! `set` and `frozenset`: a [`SetTable`] that iterates in CPython's order.

use std::cell::{Ref, RefCell, RefMut};

use crate::settable::SetTable;
use crate::value::Value;

/// The storage of a Python set or frozenset (the `Value` variant says which).
#[derive(Debug, Default)]
pub struct PySet {
    table: RefCell<SetTable<Value>>,
}

impl PySet {
    /// An empty set.
    pub fn new() -> PySet {
        PySet::default()
    }

    /// A set around an existing table.
    pub fn from_table(table: SetTable<Value>) -> PySet {
        PySet {
            table: RefCell::new(table),
        }
    }

    /// Shared access to the table (never held across calls into Python code).
    pub fn table(&self) -> Ref<'_, SetTable<Value>> {
        self.table.borrow()
    }

    /// Mutable access to the table.
    pub fn table_mut(&self) -> RefMut<'_, SetTable<Value>> {
        self.table.borrow_mut()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.table.borrow().len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first element at table slot `pos` or later, with its slot (set iteration).
    pub fn next_from(&self, pos: usize) -> Option<(usize, Value)> {
        let table = self.table.borrow();
        table.next_from(pos).map(|(i, v)| (i, v.clone()))
    }

    /// A copy of the elements in iteration order.
    pub fn items(&self) -> Vec<Value> {
        self.table.borrow().iter().cloned().collect()
    }
}
