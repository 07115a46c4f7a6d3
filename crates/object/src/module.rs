//! Modules.

use std::rc::Rc;

use crate::dict::PyDict;

/// A module: a name and a namespace.
#[derive(Debug)]
pub struct PyModule {
    /// `__name__`.
    pub name: String,
    /// The module's globals.
    pub dict: Rc<PyDict>,
}
