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

impl PyInstance {
    /// A plain instance of `class` (its built-in base, if any, is filled in later).
    pub fn new(class: Rc<PyType>, builtin_base: Option<Value>) -> Rc<PyInstance> {
        let dict = PyDict::with_capacity(class.instance_dict_hint());
        Rc::new(PyInstance {
            class: RefCell::new(class),
            dict: Rc::new(dict),
            builtin_base: RefCell::new(builtin_base),
        })
    }
}

/// The built-in value wrapped by an instance of a subclass of a built-in type
/// (`class D(dict)`), used by the protocols when the class does not override an operation.
#[inline]
pub fn base_value(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(i) => i.builtin_base.borrow().clone(),
        _ => None,
    }
}
