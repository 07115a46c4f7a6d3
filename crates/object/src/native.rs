//! Objects implemented in Rust outside the core value variants (generators, file objects,
//! module-specific types). They plug in through the [`NativeObject`] trait.

use std::any::Any;
use std::fmt::Debug;
use std::rc::Rc;

use crate::exception::PyResult;
use crate::typeobj::PyType;
use crate::value::Value;
use crate::vm::Vm;

/// A shared reference to a Rust-implemented object.
///
/// `Rc<dyn NativeObject>` is a fat pointer (data and vtable); wrapping it once more keeps
/// [`Value`] at two words, so values move in two registers and `PyResult<Value>` is returned
/// in registers. Natives pay one extra indirection, the hot types (int, float, list, ...) none.
#[derive(Debug, Clone)]
pub struct NativeRef(Rc<Box<dyn NativeObject>>);

impl NativeRef {
    /// Wraps a native object.
    pub fn new<T: NativeObject>(obj: T) -> NativeRef {
        NativeRef(Rc::new(Box::new(obj)))
    }

    /// Whether two references are to the same object (`is`).
    pub fn ptr_eq(a: &NativeRef, b: &NativeRef) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// The object's address (for `id()` and reprs).
    pub fn as_ptr(this: &NativeRef) -> *const u8 {
        Rc::as_ptr(&this.0) as *const u8
    }

    /// The number of strong references.
    pub fn strong_count(this: &NativeRef) -> usize {
        Rc::strong_count(&this.0)
    }

    /// A weak reference to the object.
    pub fn downgrade(this: &NativeRef) -> std::rc::Weak<Box<dyn NativeObject>> {
        Rc::downgrade(&this.0)
    }

    /// Rebuilds a reference from a weak one, if the object is alive.
    pub fn upgrade(weak: &std::rc::Weak<Box<dyn NativeObject>>) -> Option<NativeRef> {
        weak.upgrade().map(NativeRef)
    }
}

impl std::ops::Deref for NativeRef {
    type Target = dyn NativeObject;
    #[inline]
    fn deref(&self) -> &(dyn NativeObject + 'static) {
        &**self.0
    }
}

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
