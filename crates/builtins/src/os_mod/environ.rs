//! `os.environ` (an `os._Environ` mapping of the process environment, snapshotted at
//! first import; writes and deletes also change the real environment), `getenv`, `putenv`,
//! `unsetenv`.

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{key_error, type_error, PyResult};
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::subscript::{contains, del_item, get_item, set_item};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::{arg, parse};
use crate::functools::{class_of, ClassSpec};

thread_local! {
    static DATA: RefCell<Option<Rc<PyDict>>> = const { RefCell::new(None) };
}

/// The environment as a dict of str to str (made once per thread).
fn data() -> Rc<PyDict> {
    DATA.with(|d| {
        d.borrow_mut()
            .get_or_insert_with(|| {
                let dict = Rc::new(PyDict::new());
                for (k, v) in std::env::vars_os() {
                    dict.set_str(
                        &k.to_string_lossy(),
                        Value::string(v.to_string_lossy().into_owned()),
                    );
                }
                dict
            })
            .clone()
    })
}

fn dict_value() -> Value {
    Value::Dict(data())
}

/// A key or value of `environ`: only str is accepted, as CPython's `encodekey`/`encodevalue`.
fn checked_str(v: &Value) -> PyResult<String> {
    match crate::args::builtin_base(v).unwrap_or_else(|| v.clone()) {
        Value::Str(s) => Ok(s.as_str().to_string()),
        _ => Err(type_error(format!("str expected, not {}", type_name(v)))),
    }
}

fn env_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1)?;
    let k = checked_str(key)?;
    match data().get_str(&k) {
        Some(v) => Ok(v),
        None => {
            let _ = vm;
            Err(key_error(key.clone()))
        }
    }
}

/// Whether `k`/`v` can be stored in the process environment without panicking.
fn settable(k: &str, v: &str) -> bool {
    !k.is_empty() && !k.contains('=') && !k.contains('\0') && !v.contains('\0')
}

fn env_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1)?.clone();
    let value = arg(args, 2)?.clone();
    let k = checked_str(&key)?;
    let v = checked_str(&value)?;
    if settable(&k, &v) {
        std::env::set_var(&k, &v);
    } else {
        return Err(rpvm_object::exception::value_error(
            if k.contains('\0') || v.contains('\0') {
                "embedded null byte"
            } else {
                "illegal environment variable name"
            },
        ));
    }
    set_item(vm, &dict_value(), &Value::string(k), Value::string(v))?;
    Ok(Value::None)
}

fn env_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1)?.clone();
    let k = checked_str(&key)?;
    if data().get_str(&k).is_none() {
        return Err(key_error(key));
    }
    if settable(&k, "") {
        std::env::remove_var(&k);
    }
    del_item(vm, &dict_value(), &Value::string(k))?;
    Ok(Value::None)
}

fn env_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1)?;
    checked_str(key)?;
    Ok(Value::Bool(contains(vm, &dict_value(), key)?))
}

fn env_iter(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let keys = Value::list(data().keys());
    get_iter(vm, &keys)
}

fn env_len(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(data().len() as i64))
}

fn env_repr(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut parts = Vec::new();
    for (k, v) in data().items() {
        parts.push(format!("{}: {}", repr(vm, &k)?, repr(vm, &v)?));
    }
    Ok(Value::string(format!("environ({{{}}})", parts.join(", "))))
}

fn env_get(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("get", args, kw, &["self", "key", "default"], 2, 2)?;
    let key = a[1].clone().unwrap_or(Value::None);
    let k = checked_str(&key)?;
    let _ = vm;
    Ok(data()
        .get_str(&k)
        .unwrap_or_else(|| a[2].clone().unwrap_or(Value::None)))
}

fn dict_method(vm: &mut Vm, name: &str) -> PyResult<Value> {
    let m = rpvm_object::protocols::attr::get_attr(vm, &dict_value(), name)?;
    rpvm_object::protocols::call::call(vm, &m, &[], &[])
}

fn env_keys(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dict_method(vm, "keys")
}

fn env_items(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dict_method(vm, "items")
}

fn env_values(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dict_method(vm, "values")
}

fn env_copy(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dict_method(vm, "copy")
}

fn env_setdefault(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("setdefault", args, kw, &["self", "key", "value"], 3, 3)?;
    let this = a[0].clone().unwrap_or(Value::None);
    let key = a[1].clone().unwrap_or(Value::None);
    let k = checked_str(&key)?;
    if let Some(v) = data().get_str(&k) {
        return Ok(v);
    }
    let value = a[2].clone().unwrap_or(Value::None);
    env_setitem(vm, &[this, key.clone(), value], &[])?;
    get_item(vm, &dict_value(), &key)
}

fn env_pop(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("pop", args, kw, &["self", "key", "default"], 2, 2)?;
    let this = a[0].clone().unwrap_or(Value::None);
    let key = a[1].clone().unwrap_or(Value::None);
    let k = checked_str(&key)?;
    match data().get_str(&k) {
        Some(v) => {
            env_delitem(vm, &[this, key], &[])?;
            Ok(v)
        }
        None => a[2].clone().ok_or_else(|| key_error(key)),
    }
}

/// The `os.environ` object.
pub fn make_environ(vm: &mut Vm) -> Value {
    let cls = class_of(
        vm,
        &ClassSpec {
            name: "_Environ",
            module: "os",
            base: None,
            new: None,
            dunders: &[
                ("__getitem__", env_getitem),
                ("__setitem__", env_setitem),
                ("__delitem__", env_delitem),
                ("__contains__", env_contains),
                ("__iter__", env_iter),
                ("__len__", env_len),
                ("__repr__", env_repr),
            ],
            methods: &[
                ("get", env_get),
                ("keys", env_keys),
                ("items", env_items),
                ("values", env_values),
                ("copy", env_copy),
                ("setdefault", env_setdefault),
                ("pop", env_pop),
            ],
            props: &[],
        },
    );
    Value::Instance(rpvm_object::instance::PyInstance::new(cls, None))
}

/// `os.getenv(key, default=None)`.
pub fn getenv(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("getenv", args, kw, &["key", "default"], 0, 1)?;
    let key = a[0].clone().unwrap_or(Value::None);
    let k = checked_str(&key)?;
    let _ = vm;
    Ok(data()
        .get_str(&k)
        .unwrap_or_else(|| a[1].clone().unwrap_or(Value::None)))
}

/// `os.putenv(key, value)`: the process environment only (not `os.environ`).
pub fn putenv(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("putenv", args, kw, &["name", "value"], 2, 2)?;
    let k = checked_str(a[0].as_ref().unwrap_or(&Value::None))?;
    let v = checked_str(a[1].as_ref().unwrap_or(&Value::None))?;
    if !settable(&k, &v) {
        return Err(rpvm_object::exception::value_error(
            "illegal environment variable name",
        ));
    }
    std::env::set_var(k, v);
    Ok(Value::None)
}

/// `os.unsetenv(key)`: the process environment only.
pub fn unsetenv(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("unsetenv", args, kw, &["name"], 1, 1)?;
    let k = checked_str(a[0].as_ref().unwrap_or(&Value::None))?;
    if !settable(&k, "") {
        return Err(rpvm_object::exception::value_error(
            "illegal environment variable name",
        ));
    }
    std::env::remove_var(k);
    Ok(Value::None)
}
