//! `os.scandir` and `os.DirEntry`: the directory is read when `scandir` is called; the
//! iterator hands out `DirEntry` objects (`name`, `path`, `is_dir`, `is_file`,
//! `is_symlink`, `stat`, `inode`) and is a context manager.

use rpvm_object::exception::{stop_iteration, PyResult};
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::{Value, Vm};

use super::{io_error, path, path_arg, stat_result};
use crate::args::{arg, kwonly, parse};
use crate::functools::{class_of, ClassSpec};

fn iterator_spec() -> ClassSpec {
    ClassSpec {
        name: "ScandirIterator",
        module: "posix",
        base: None,
        new: None,
        dunders: &[
            ("__iter__", it_iter),
            ("__next__", it_next),
            ("__enter__", it_iter),
            ("__exit__", it_exit),
            ("close", it_close),
        ],
        methods: &[],
        props: &[],
    }
}

fn entry_spec() -> ClassSpec {
    ClassSpec {
        name: "DirEntry",
        module: "posix",
        base: None,
        new: None,
        dunders: &[
            ("__repr__", entry_repr),
            ("__fspath__", entry_fspath),
            ("is_dir", entry_is_dir),
            ("is_file", entry_is_file),
            ("is_symlink", entry_is_symlink),
            ("stat", entry_stat),
            ("inode", entry_inode),
        ],
        methods: &[],
        props: &[],
    }
}

/// The `os.DirEntry` class.
pub(crate) fn entry_class(vm: &mut Vm) -> Value {
    Value::Type(class_of(vm, &entry_spec()))
}

/// `os.scandir(path='.')`.
pub(crate) fn scandir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("scandir", args, kw, &["path"], 0, 0)?;
    let given = a[0].clone().filter(|v| !v.is_none());
    let (dir, shown) = match &given {
        Some(v) => (path_arg(vm, "scandir", v)?, v.clone()),
        None => (".".to_string(), Value::str(".")),
    };
    let read = std::fs::read_dir(&dir).map_err(|e| io_error(&e, Some(&shown)))?;
    let entry_cls = Value::Type(class_of(vm, &entry_spec()));
    let mut entries = Vec::new();
    for e in read {
        let e = e.map_err(|e| io_error(&e, Some(&shown)))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let entry = call(vm, &entry_cls, &[], &[])?;
        set_attr(vm, &entry, "name", Value::string(name.clone()))?;
        set_attr(vm, &entry, "path", Value::string(path::join2(&dir, &name)))?;
        entries.push(entry);
    }
    // Kept reversed: `__next__` pops from the end.
    entries.reverse();
    let it_cls = Value::Type(class_of(vm, &iterator_spec()));
    let it = call(vm, &it_cls, &[], &[])?;
    set_attr(vm, &it, "_entries", Value::list(entries))?;
    Ok(it)
}

fn it_iter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(arg(args, 0)?.clone())
}

fn it_next(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?;
    if let Value::List(l) = get_attr(vm, this, "_entries")? {
        let next = l.try_borrow_mut().and_then(|mut g| g.pop());
        if let Some(e) = next {
            return Ok(e);
        }
    }
    Err(stop_iteration(None))
}

fn it_close(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    set_attr(vm, arg(args, 0)?, "_entries", Value::list(vec![]))?;
    Ok(Value::None)
}

fn it_exit(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    it_close(vm, &args[..1.min(args.len())], &[])?;
    Ok(Value::Bool(false))
}

fn entry_path(vm: &mut Vm, args: &[Value]) -> PyResult<String> {
    let p = get_attr(vm, arg(args, 0)?, "path")?;
    Ok(p.as_str().unwrap_or("").to_string())
}

fn entry_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let name = get_attr(vm, arg(args, 0)?, "name")?;
    Ok(Value::string(format!("<DirEntry {}>", repr(vm, &name)?)))
}

fn entry_fspath(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_attr(vm, arg(args, 0)?, "path")
}

/// The `follow_symlinks=True` keyword of the entry methods.
fn follow(vm: &mut Vm, fname: &str, args: &[Value], kw: &[Value]) -> PyResult<bool> {
    let o = kwonly(fname, args, kw, &["follow_symlinks"])?;
    match &o[0] {
        Some(v) => is_true(vm, v),
        None => Ok(true),
    }
}

fn meta(p: &str, follow: bool) -> std::io::Result<std::fs::Metadata> {
    if follow {
        std::fs::metadata(p)
    } else {
        std::fs::symlink_metadata(p)
    }
}

fn entry_is_dir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let f = follow(vm, "is_dir", args, kw)?;
    let p = entry_path(vm, args)?;
    Ok(Value::Bool(meta(&p, f).is_ok_and(|m| m.is_dir())))
}

fn entry_is_file(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let f = follow(vm, "is_file", args, kw)?;
    let p = entry_path(vm, args)?;
    Ok(Value::Bool(meta(&p, f).is_ok_and(|m| m.is_file())))
}

fn entry_is_symlink(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let p = entry_path(vm, args)?;
    Ok(Value::Bool(
        meta(&p, false).is_ok_and(|m| m.file_type().is_symlink()),
    ))
}

fn entry_stat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let f = follow(vm, "stat", args, kw)?;
    let p = entry_path(vm, args)?;
    let m = meta(&p, f).map_err(|e| io_error(&e, Some(&Value::string(p.clone()))))?;
    stat_result(vm, &m)
}

fn entry_inode(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    use std::os::unix::fs::MetadataExt;
    let p = entry_path(vm, args)?;
    let m = meta(&p, false).map_err(|e| io_error(&e, Some(&Value::string(p.clone()))))?;
    Ok(Value::from_bigint(m.ino().into()))
}
