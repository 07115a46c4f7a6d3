//! Objects implemented in Rust outside the core value variants (generators, file objects,
//! module-specific types). They plug in through the [`NativeObject`] trait.

use std::any::Any;
use std::fmt::Debug;
use std::rc::Rc;

use crate::exception::PyResult;
use crate::typeobj::PyType;
use crate::value::Value;
use crate::vm::Vm;

/// Behaviour a Rust-implemented object provides to the VM.
pub trait NativeObject: Debug + Any {
    /// Its class.
    fn class(&self) -> Rc<PyType>;
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn Any;
    /// `repr()`; the default is `<NAME object>`.
    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!("<{} object>", self.class().name))
    }
    /// Attribute lookup (methods included); `None` if absent.
    fn get_attr(&self, _vm: &mut Vm, _self_value: &Value, _name: &str) -> PyResult<Option<Value>> {
        Ok(None)
    }
    /// `next()` for iterator objects: `Ok(None)` when exhausted; `None` if not an iterator.
    fn next(&self, _vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        None
    }
}
