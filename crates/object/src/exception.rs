//! Exception instances and the `PyResult` type every fallible operation returns.

use crate::native::NativeRef;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::dict::PyDict;
use crate::function::PyCode;
use crate::tuple::PyTuple;
use crate::typeobj::{exception_type, PyType};
use crate::value::Value;

/// A raised Python exception travels as an `Rc` to its instance.
pub type PyErr = Rc<PyException>;

/// The result of anything that can raise.
pub type PyResult<T> = Result<T, PyErr>;

/// One traceback entry: a code object and the code unit that was executing.
#[derive(Clone, Debug)]
pub struct TracebackEntry {
    /// The code that was running.
    pub code: Rc<PyCode>,
    /// The code unit (byte offset / 2) of the instruction that raised or called.
    pub unit: u32,
}

/// An instance of `BaseException` or a subclass.
#[derive(Debug)]
pub struct PyException {
    /// The exception's class.
    pub class: Rc<PyType>,
    /// `args`.
    pub args: RefCell<Rc<PyTuple>>,
    /// Frames the exception passed through, innermost first.
    pub traceback: RefCell<Vec<TracebackEntry>>,
    /// `__cause__` (`None` when unset).
    pub cause: RefCell<Value>,
    /// `__context__` (`None` when unset).
    pub context: RefCell<Value>,
    /// `__suppress_context__`.
    pub suppress_context: Cell<bool>,
    /// Other attributes (`__notes__`, user attributes, `value` of StopIteration...).
    pub dict: RefCell<Option<Rc<PyDict>>>,
}

impl PyException {
    /// An exception of `class` with `args`.
    pub fn new(class: Rc<PyType>, args: Vec<Value>) -> PyErr {
        Rc::new(PyException {
            class,
            args: RefCell::new(Rc::new(PyTuple::new(args))),
            traceback: RefCell::new(Vec::new()),
            cause: RefCell::new(Value::None),
            context: RefCell::new(Value::None),
            suppress_context: Cell::new(false),
            dict: RefCell::new(None),
        })
    }

    /// An exception of the built-in class `name` with one string argument.
    pub fn with_message(name: &str, message: impl Into<String>) -> PyErr {
        PyException::new(exception_type(name), vec![Value::string(message.into())])
    }

    /// The class name (`TypeError`).
    pub fn type_name(&self) -> &str {
        &self.class.name
    }

    /// Whether this exception is an instance of the built-in class `name` or a subclass.
    pub fn is_instance_of(&self, name: &str) -> bool {
        self.class.name == name
            || self
                .class
                .mro_tail
                .iter()
                .any(|t| t.name == name && t.builtin)
    }

    /// The `args` tuple's items.
    pub fn args(&self) -> Vec<Value> {
        self.args.borrow().as_slice().to_vec()
    }

    /// An attribute from the instance dict.
    pub fn get_attr(&self, name: &str) -> Option<Value> {
        self.dict.borrow().as_ref().and_then(|d| d.get_str(name))
    }

    /// Sets an attribute in the instance dict.
    pub fn set_attr(&self, name: &str, value: Value) {
        let mut d = self.dict.borrow_mut();
        d.get_or_insert_with(|| Rc::new(PyDict::new()))
            .set_str(name, value);
    }
}

/// `TypeError(message)`.
pub fn type_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("TypeError", message)
}

/// `ValueError(message)`.
pub fn value_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("ValueError", message)
}

/// `IndexError(message)`.
pub fn index_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("IndexError", message)
}

/// `KeyError(key)`.
pub fn key_error(key: Value) -> PyErr {
    PyException::new(exception_type("KeyError"), vec![key])
}

/// `AttributeError(message)`.
pub fn attribute_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("AttributeError", message)
}

/// `NameError(message)`.
pub fn name_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("NameError", message)
}

/// `ZeroDivisionError(message)`.
pub fn zero_division(message: impl Into<String>) -> PyErr {
    PyException::with_message("ZeroDivisionError", message)
}

/// `OverflowError(message)`.
pub fn overflow_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("OverflowError", message)
}

/// `RuntimeError(message)`.
pub fn runtime_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("RuntimeError", message)
}

/// `SystemError(message)`: the VM found something impossible (e.g. crafted bytecode).
pub fn system_error(message: impl Into<String>) -> PyErr {
    PyException::with_message("SystemError", message)
}

/// `StopIteration()` or `StopIteration(value)`.
pub fn stop_iteration(value: Option<Value>) -> PyErr {
    let args = value.map(|v| vec![v]).unwrap_or_default();
    PyException::new(exception_type("StopIteration"), args)
}

/// A traceback object (`e.__traceback__`, the third value of `sys.exc_info()`): a view of
/// one entry of an exception's recorded frames, outermost first, linked by `tb_next`.
#[derive(Debug)]
pub struct PyTraceback {
    /// The exception whose frames these are.
    pub exc: Rc<PyException>,
    /// Position counted from the outermost frame.
    pub level: usize,
}

impl PyTraceback {
    /// The traceback of `exc`, or `None` if it has not passed through any frame.
    pub fn of(exc: &Rc<PyException>) -> Value {
        if exc.traceback.borrow().is_empty() {
            return Value::None;
        }
        Value::Native(NativeRef::new(PyTraceback {
            exc: exc.clone(),
            level: 0,
        }))
    }

    fn entry(&self) -> Option<TracebackEntry> {
        let tb = self.exc.traceback.borrow();
        let n = tb.len();
        (self.level < n).then(|| tb[n - 1 - self.level].clone())
    }
}

impl crate::native::NativeObject for PyTraceback {
    fn class(&self) -> Rc<PyType> {
        crate::typeobj::builtin_types().iterator_type("traceback")
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn get_attr(
        &self,
        _vm: &mut crate::vm::Vm,
        _self_value: &Value,
        name: &str,
    ) -> PyResult<Option<Value>> {
        let Some(entry) = self.entry() else {
            return Ok(None);
        };
        Ok(Some(match name {
            "tb_lineno" => Value::Int(
                entry
                    .code
                    .code
                    .line_of_unit(entry.unit as usize)
                    .unwrap_or(0) as i64,
            ),
            "tb_lasti" => Value::Int(entry.unit as i64 * 2),
            "tb_frame" => Value::None,
            "tb_next" => {
                if self.level + 1 < self.exc.traceback.borrow().len() {
                    Value::Native(NativeRef::new(PyTraceback {
                        exc: self.exc.clone(),
                        level: self.level + 1,
                    }))
                } else {
                    Value::None
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// The `OSError` subclass CPython raises (and `OSError(errno, ...)` constructs) for `errno`.
pub fn os_error_class(errno: i32) -> &'static str {
    match errno {
        1 | 13 => "PermissionError",
        2 => "FileNotFoundError",
        3 => "ProcessLookupError",
        4 => "InterruptedError",
        10 => "ChildProcessError",
        11 | 114 | 115 => "BlockingIOError",
        17 => "FileExistsError",
        20 => "NotADirectoryError",
        21 => "IsADirectoryError",
        32 | 108 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        104 => "ConnectionResetError",
        110 => "TimeoutError",
        111 => "ConnectionRefusedError",
        _ => "OSError",
    }
}
