//! Additions to `sys` and `os` that CPython's pure-Python standard library expects at
//! import time (`logging`, `threading`, `shutil`): `sys._getframe` (a stand-in frame),
//! `sys.excepthook`, `os.open`/`os.close` and the `os.supports_*` sets.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::protocols::call::call;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

/// A module object `name` with `dict` as its namespace (`__name__` set), for the native
/// shim modules.
pub(crate) fn shim_module(name: &str, dict: Rc<PyDict>) -> Value {
    dict.set_str("__name__", Value::string(name.to_string()));
    Value::Module(Rc::new(rpvm_object::module::PyModule {
        name: name.to_string(),
        dict,
    }))
}

/// A class `name` with no bases and the namespace `ns`, made as a `class` statement would.
pub(crate) fn plain_class(vm: &mut Vm, name: &str, ns: Rc<PyDict>) -> PyResult<Value> {
    rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::string(name.to_string()),
            Value::tuple(vec![]),
            Value::Dict(ns),
        ],
        &[],
    )
}

/// A class `name` with `attrs` as class attributes, and one instance of it.
fn object_with(vm: &mut Vm, name: &str, attrs: &[(&str, Value)]) -> PyResult<Value> {
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("builtins"));
    for (k, v) in attrs {
        ns.set_str(k, v.clone());
    }
    let cls = plain_class(vm, name, ns)?;
    call(vm, &cls, &[], &[])
}

/// `sys._getframe(depth=0)`: rpvm has no frame objects, so this is a stand-in with no
/// caller (`f_back` is None), `f_code.co_filename` `'<unknown>'`, `co_name` `'<module>'`,
/// `f_lineno` 0 and empty `f_globals`/`f_locals`. `logging` uses it to find the caller
/// (so `%(filename)s`, `%(lineno)d` and `%(funcName)s` are not the real ones).
fn getframe(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Some(d) = args.first() {
        if !matches!(d, Value::Int(_) | Value::Bool(_)) {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                rpvm_object::protocols::type_name(d)
            )));
        }
    }
    let code = object_with(
        vm,
        "code",
        &[
            ("co_filename", Value::str("<unknown>")),
            ("co_name", Value::str("<module>")),
            ("co_firstlineno", Value::Int(0)),
        ],
    )?;
    object_with(
        vm,
        "frame",
        &[
            ("f_back", Value::None),
            ("f_code", code),
            ("f_lineno", Value::Int(0)),
            ("f_globals", Value::Dict(Rc::new(PyDict::new()))),
            ("f_locals", Value::Dict(Rc::new(PyDict::new()))),
            ("f_trace", Value::None),
        ],
    )
}

/// `sys.excepthook(type, value, traceback)`: prints `Type: message` to stderr (rpvm's
/// traceback printer lives in the eval crate; uncaught exceptions do not go through here).
fn excepthook(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let value = crate::args::arg(args, 1)?.clone();
    let name = rpvm_object::protocols::type_name(&value).to_string();
    let text = rpvm_object::protocols::repr::str_(vm, &value)?;
    vm.stdout.flush();
    if text.is_empty() {
        vm.stderr.write_str(&format!("{name}\n"));
    } else {
        vm.stderr.write_str(&format!("{name}: {text}\n"));
    }
    Ok(Value::None)
}

/// Adds `_getframe`, `excepthook` and `__excepthook__` to the `sys` module dict.
pub fn extend_sys(d: &PyDict) {
    if d.get_str("_getframe").is_none() {
        d.set_str("_getframe", builtin_fn("_getframe", getframe));
    }
    if d.get_str("excepthook").is_none() {
        let hook = builtin_fn("excepthook", excepthook);
        d.set_str("excepthook", hook.clone());
        d.set_str("__excepthook__", hook);
    }
}

const O_FLAGS: &[(&str, i64)] = &[
    ("O_RDONLY", 0),
    ("O_WRONLY", 1),
    ("O_RDWR", 2),
    ("O_CREAT", 0o100),
    ("O_EXCL", 0o200),
    ("O_NOCTTY", 0o400),
    ("O_TRUNC", 0o1000),
    ("O_APPEND", 0o2000),
    ("O_NONBLOCK", 0o4000),
    ("O_DIRECTORY", 0o200000),
    ("O_NOFOLLOW", 0o400000),
    ("O_CLOEXEC", 0o2000000),
];

/// `os.open(path, flags, mode=0o777)`: a file descriptor.
fn os_open(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::IntoRawFd;
    let path_v = crate::args::arg(args, 0)?.clone();
    let path = crate::os_mod::path_arg(vm, "open", &path_v)?;
    let flags = match crate::args::arg(args, 1)? {
        Value::Int(n) => *n,
        other => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                rpvm_object::protocols::type_name(other)
            )))
        }
    };
    let mode = match args.get(2) {
        Some(Value::Int(m)) => *m as u32,
        _ => 0o777,
    };
    let acc = flags & 3;
    let mut o = std::fs::OpenOptions::new();
    o.read(acc == 0 || acc == 2)
        .write(acc == 1 || acc == 2)
        .append(flags & 0o2000 != 0)
        .mode(mode)
        .custom_flags((flags & !(0o3 | 0o100 | 0o200 | 0o1000 | 0o2000)) as i32);
    if flags & 0o100 != 0 {
        if flags & 0o200 != 0 {
            o.create_new(true);
        } else {
            o.create(true);
        }
    }
    if flags & 0o1000 != 0 {
        o.truncate(true);
    }
    let f = o
        .open(&path)
        .map_err(|e| crate::os_mod::io_error(&e, Some(&path_v)))?;
    Ok(Value::Int(i64::from(f.into_raw_fd())))
}

/// `os.close(fd)`.
fn os_close(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    use std::os::unix::io::FromRawFd;
    let Value::Int(fd) = crate::args::arg(args, 0)? else {
        return Err(type_error("an integer is required"));
    };
    let Ok(fd) = i32::try_from(*fd) else {
        return Err(PyException::with_message(
            "OverflowError",
            "fd is out of range",
        ));
    };
    if fd < 0 {
        return Err(crate::os_mod::io_error(
            &std::io::Error::from_raw_os_error(9),
            None,
        ));
    }
    // SAFETY: the program hands over a descriptor it owns (from `os.open`); closing it is
    // what `os.close` asks for.
    drop(unsafe { std::fs::File::from_raw_fd(fd) });
    Ok(Value::None)
}

/// Adds `open`, `close`, the `O_*` flags and the (empty) `supports_*` sets to the `os`
/// module dict.
pub fn extend_os(d: &PyDict) {
    if d.get_str("open").is_none() {
        d.set_str("open", builtin_fn("open", os_open));
    }
    if d.get_str("close").is_none() {
        d.set_str("close", builtin_fn("close", os_close));
    }
    for (n, v) in O_FLAGS {
        if d.get_str(n).is_none() {
            d.set_str(n, Value::Int(*v));
        }
    }
    for n in [
        "supports_dir_fd",
        "supports_fd",
        "supports_follow_symlinks",
        "supports_effective_ids",
        "supports_bytes_environ",
    ] {
        if d.get_str(n).is_none() {
            d.set_str(n, Value::Set(Rc::new(rpvm_object::set::PySet::new())));
        }
    }
}
