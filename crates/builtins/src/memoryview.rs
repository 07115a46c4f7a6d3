//! `memoryview`: a read view of the bytes of a `bytes` or `bytearray` (format `'B'`,
//! one dimension), with indexing, slicing (a view of the same object), `len`, iteration,
//! `tobytes()`, `tolist()`, `hex()` and `release()`.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use rpvm_object::exception::{index_error, type_error, value_error, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::convert::{index_i64, resolve_index};
use rpvm_object::protocols::subscript::slice_indices;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

/// A `memoryview` of a bytes-like object: the items `start, start + step, ...` (`len` of
/// them) of `obj`.
#[derive(Debug)]
pub struct MemoryView {
    obj: Value,
    start: i64,
    step: i64,
    len: usize,
    released: Cell<bool>,
}

fn raw_bytes(obj: &Value) -> Vec<u8> {
    match obj {
        Value::Bytes(b) => b.to_vec(),
        Value::ByteArray(b) => b.snapshot(),
        _ => Vec::new(),
    }
}

impl MemoryView {
    fn check(&self) -> PyResult<()> {
        if self.released.get() {
            return Err(value_error(
                "operation forbidden on released memoryview object",
            ));
        }
        Ok(())
    }

    /// The bytes the view shows now.
    pub fn data(&self) -> Vec<u8> {
        let raw = raw_bytes(&self.obj);
        (0..self.len)
            .filter_map(|k| {
                raw.get((self.start + self.step * k as i64) as usize)
                    .copied()
            })
            .collect()
    }
}

/// The bytes of `v` when it is a memoryview.
pub fn memoryview_bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<MemoryView>().map(|m| m.data()),
        _ => None,
    }
}

fn new_view(obj: Value, start: i64, step: i64, len: usize) -> Value {
    Value::Native(NativeRef::new(MemoryView {
        obj,
        start,
        step,
        len,
        released: Cell::new(false),
    }))
}

/// `memoryview(object)`.
pub fn memoryview(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let npos = args.len() - kwnames.len();
    let obj = match (npos, kwnames.first().and_then(|k| k.as_str())) {
        (1, None) => crate::args::arg(args, 0)?.clone(),
        (0, Some("object")) if kwnames.len() == 1 => crate::args::arg(args, 0)?.clone(),
        (n, None) => {
            return Err(type_error(format!(
                "memoryview() takes exactly one argument ({n} given)"
            )))
        }
        (_, Some(k)) => {
            return Err(type_error(format!(
                "memoryview() got an unexpected keyword argument '{k}'"
            )))
        }
    };
    match &obj {
        Value::Bytes(b) => {
            let n = b.len();
            Ok(new_view(obj, 0, 1, n))
        }
        Value::ByteArray(b) => {
            let n = b.len();
            Ok(new_view(obj, 0, 1, n))
        }
        Value::Native(n) => match n.as_any().downcast_ref::<MemoryView>() {
            Some(m) => {
                m.check()?;
                Ok(new_view(m.obj.clone(), m.start, m.step, m.len))
            }
            None => Err(not_buffer(&obj)),
        },
        _ => Err(not_buffer(&obj)),
    }
}

fn not_buffer(v: &Value) -> rpvm_object::PyErr {
    type_error(format!(
        "memoryview: a bytes-like object is required, not '{}'",
        type_name(v)
    ))
}

fn this(args: &[Value]) -> PyResult<&MemoryView> {
    let m = match args.first() {
        Some(Value::Native(n)) => n.as_any().downcast_ref::<MemoryView>(),
        _ => None,
    }
    .ok_or_else(|| type_error("descriptor requires a 'memoryview' object"))?;
    m.check()?;
    Ok(m)
}

fn mv_tobytes(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bytes(this(args)?.data().into()))
}

fn mv_tolist(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::list(
        this(args)?
            .data()
            .into_iter()
            .map(|b| Value::Int(b as i64))
            .collect(),
    ))
}

fn mv_hex(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let b = Value::Bytes(this(args)?.data().into());
    let f = get_attr(vm, &b, "hex")?;
    call(vm, &f, crate::args::rest(args, 1), kw)
}

fn mv_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(this(args)?.len as i64))
}

fn mv_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = this(args)?
        .data()
        .into_iter()
        .map(|b| Value::Int(b as i64))
        .collect();
    let l = Value::list(items);
    rpvm_object::protocols::iter::get_iter(vm, &l)
}

fn mv_getitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = this(args)?;
    let key = args.get(1).cloned().unwrap_or(Value::None);
    if let Value::Slice(s) = &key {
        let (start, _, step, count) = slice_indices(s, m.len)?;
        return Ok(new_view(
            m.obj.clone(),
            m.start + m.step * start,
            m.step * step,
            count,
        ));
    }
    let i = index_i64(&key, "memoryview indices")
        .map_err(|_| type_error("memoryview: invalid slice key"))?;
    match resolve_index(i, m.len) {
        Some(j) => {
            let raw = raw_bytes(&m.obj);
            let at = (m.start + m.step * j as i64) as usize;
            Ok(Value::Int(raw.get(at).copied().unwrap_or(0) as i64))
        }
        None => Err(index_error("index out of bounds on dimension 1")),
    }
}

fn mv_release(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Some(Value::Native(n)) = args.first() {
        if let Some(m) = n.as_any().downcast_ref::<MemoryView>() {
            m.released.set(true);
        }
    }
    Ok(Value::None)
}

fn mv_enter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this(args)?;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn bound(name: &'static str, func: NativeFn, self_value: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: None,
    }))
}

impl NativeObject for MemoryView {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("memoryview")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        let what = if self.released.get() {
            "released memory"
        } else {
            "memory"
        };
        Ok(format!("<{what} at {:#x}>", self as *const _ as usize))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let attr = |f| Ok(Some(bound(leak(name), f, self_value)));
        match name {
            "tobytes" => attr(mv_tobytes),
            "tolist" => attr(mv_tolist),
            "hex" => attr(mv_hex),
            "release" | "__exit__" => attr(mv_release),
            "__enter__" => attr(mv_enter),
            "__len__" => attr(mv_len),
            "__iter__" => attr(mv_iter),
            "__getitem__" => attr(mv_getitem),
            _ => {
                if matches!(
                    name,
                    "nbytes"
                        | "readonly"
                        | "obj"
                        | "format"
                        | "itemsize"
                        | "ndim"
                        | "shape"
                        | "strides"
                        | "contiguous"
                ) {
                    self.check()?;
                }
                Ok(Some(match name {
                    "nbytes" => Value::Int(self.len as i64),
                    "readonly" => Value::Bool(matches!(self.obj, Value::Bytes(_))),
                    "obj" => self.obj.clone(),
                    "format" => Value::str("B"),
                    "itemsize" => Value::Int(1),
                    "ndim" => Value::Int(1),
                    "shape" => Value::tuple(vec![Value::Int(self.len as i64)]),
                    "strides" => Value::tuple(vec![Value::Int(self.step)]),
                    "contiguous" => Value::Bool(self.step == 1 || self.len <= 1),
                    _ => return Ok(None),
                }))
            }
        }
    }
}

/// The `'static` name of a method (only the fixed names above reach here).
fn leak(name: &str) -> &'static str {
    match name {
        "tobytes" => "tobytes",
        "tolist" => "tolist",
        "hex" => "hex",
        "release" => "release",
        "__exit__" => "__exit__",
        "__enter__" => "__enter__",
        "__len__" => "__len__",
        "__iter__" => "__iter__",
        _ => "__getitem__",
    }
}
