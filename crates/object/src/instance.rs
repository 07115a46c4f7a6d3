//! Instances of user-defined classes.

use std::cell::RefCell;
use std::rc::Rc;

use crate::dict::PyDict;
use crate::typeobj::PyType;
use crate::value::Value;

/// An instance of a class defined by a `class` statement.
#[derive(Debug)]
pub struct PyInstance {
    /// `__class__`.
    pub class: RefCell<Rc<PyType>>,
    /// `__dict__`.
    pub dict: Rc<PyDict>,
    /// For subclasses of built-in types (`class C(list)`), the built-in value it wraps.
    pub builtin_base: RefCell<Option<Value>>,
}
