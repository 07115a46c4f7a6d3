//! Callables and code: runtime code objects, Python functions, cells, bound methods, and
//! functions implemented in Rust.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rpvm_loader::CodeObject;

use crate::dict::PyDict;
use crate::exception::PyResult;
use crate::str::PyStr;
use crate::tuple::PyTuple;
use crate::value::Value;
use crate::vm::Vm;

/// A cached answer to "where does name N live" for LOAD_GLOBAL / LOAD_NAME, valid while the
/// dicts' keys versions are unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct NameCache {
    /// `keys_version` of the globals dict when cached (0: empty cache).
    pub globals_version: u64,
    /// `keys_version` of the builtins dict when cached (only for builtins hits).
    pub builtins_version: u64,
    /// Index in the dict where the name was found.
    pub index: u32,
    /// Whether it was found in builtins (else in globals).
    pub in_builtins: bool,
}

/// A code object ready to run: the loader's [`CodeObject`] plus its constants and names
/// converted to values once, and per-name lookup caches.
#[derive(Debug)]
pub struct PyCode {
    /// The loaded code object (instructions, tables, metadata).
    pub code: Rc<CodeObject>,
    /// `co_consts` as values.
    pub consts: Box<[Value]>,
    /// `co_names` as `str` values (their hashes are cached inside).
    pub names: Box<[Rc<PyStr>]>,
    /// `co_localsplusnames` as `str` values.
    pub localsplus_names: Box<[Rc<PyStr>]>,
    /// One global/builtin lookup cache per entry of `co_names`.
    pub name_caches: Box<[Cell<NameCache>]>,
    /// One instance-attribute cache per entry of `co_names`, for LOAD_ATTR of that name in
    /// this code object.
    pub attr_caches: Box<[crate::protocols::attr::AttrCaches]>,
    /// The same for STORE_ATTR. Kept apart from `attr_caches`: an entry made by a load
    /// says nothing about `__setattr__` or setters.
    pub store_caches: Box<[crate::protocols::attr::AttrCaches]>,
    /// One method cache per entry of `co_names` (LOAD_METHOD of that name here).
    pub method_caches: Box<[crate::protocols::attr::MethodCaches]>,
}

/// The native signature of a function implemented in Rust.
///
/// `args` holds the positional arguments followed by the keyword values; `kwnames` names the
/// last `kwnames.len()` of them (CPython's vectorcall convention, so CALL passes a slice of
/// its stack without copying).
pub type NativeFn = fn(&mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value>;

/// A function implemented in Rust: a builtin, a module function or a built-in type's method.
#[derive(Debug)]
pub struct BuiltinFunction {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub func: NativeFn,
    /// For a bound built-in method (`[].append`): the object, passed as the first argument.
    pub bound_self: Option<Value>,
    /// The owner printed in the repr (`list` in `<built-in method append of list object>`).
    pub owner: Option<&'static str>,
}

/// A function defined in Python.
#[derive(Debug)]
pub struct PyFunction {
    /// The code it runs.
    pub code: Rc<PyCode>,
    /// The module globals it sees.
    pub globals: Rc<PyDict>,
    /// `__name__`.
    pub name: RefCell<Value>,
    /// `__qualname__`.
    pub qualname: RefCell<Value>,
    /// `__defaults__`.
    pub defaults: Option<Rc<PyTuple>>,
    /// `__kwdefaults__`.
    pub kwdefaults: Option<Rc<PyDict>>,
    /// `__closure__`: a tuple of cells for the free variables.
    pub closure: Option<Rc<PyTuple>>,
    /// `__annotations__` (a dict or tuple as MAKE_FUNCTION received it).
    pub annotations: RefCell<Value>,
    /// `__module__`.
    pub module: Value,
    /// `__doc__`.
    pub doc: RefCell<Value>,
    /// Other attributes set on the function.
    pub dict: RefCell<Option<Rc<PyDict>>>,
}

/// A closure cell.
#[derive(Debug)]
pub struct PyCell {
    /// The contents; [`Value::Null`] when empty.
    pub value: RefCell<Value>,
}

impl PyCell {
    /// A cell holding `value`.
    pub fn new(value: Value) -> PyCell {
        PyCell {
            value: RefCell::new(value),
        }
    }

    /// The contents (NULL when empty).
    #[inline]
    pub fn get(&self) -> Value {
        self.value.borrow().clone()
    }

    /// Replaces the contents.
    #[inline]
    pub fn set(&self, v: Value) {
        *self.value.borrow_mut() = v;
    }
}

/// A function bound to an instance (`obj.method`).
#[derive(Debug)]
pub struct BoundMethod {
    /// `__func__`.
    pub func: Value,
    /// `__self__`.
    pub self_: Value,
}
