//! The `os` module (POSIX): path constants, `environ`, the working directory, files and
//! directories (`listdir`, `mkdir`, `makedirs`, `remove`, `rmdir`, `rename`, `stat`,
//! `walk`, ...), process facts and `urandom`; OS errors become CPython's `OSError`
//! subclasses with `[Errno N] message: 'filename'`. `os.path` is [`path`].

mod environ;
mod path;
mod scandir;

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyErr, PyException, PyResult};
use rpvm_object::iter::{IterState, PyIter};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::call::{call, lookup_special};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::builtin_types;
use rpvm_object::{Value, Vm};

use crate::args::parse;
use crate::builtin_fn;

pub use path::make_os_path;

/// The `OSError` subclass CPython raises for `errno`.
fn error_class(errno: i32) -> &'static str {
    rpvm_object::exception::os_error_class(errno)
}

/// `strerror(errno)` as the C library words it.
fn strerror_text(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `OSError(errno, strerror[, filename[, None, filename2]])` of the right subclass.
fn errno_error(errno: i32, filename: Option<&Value>, filename2: Option<&Value>) -> PyErr {
    let cls = builtin_types()
        .exception(error_class(errno))
        .or_else(|| builtin_types().exception("OSError"));
    let mut args = vec![
        Value::Int(errno as i64),
        Value::string(strerror_text(errno)),
    ];
    if let Some(f) = filename {
        args.push(f.clone());
        if let Some(f2) = filename2 {
            args.push(Value::None);
            args.push(f2.clone());
        }
    }
    match cls {
        Some(c) => PyException::new(c, args),
        None => PyException::with_message("OSError", strerror_text(errno)),
    }
}

/// An `std::io::Error` as CPython's `OSError`.
pub(crate) fn io_error(e: &std::io::Error, filename: Option<&Value>) -> PyErr {
    match e.raw_os_error() {
        Some(n) => errno_error(n, filename, None),
        None => PyException::with_message("OSError", e.to_string()),
    }
}

/// `os.fspath(path)`: a str or bytes as is, else `__fspath__()`.
pub(crate) fn fspath_value(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let base = crate::args::builtin_base(v).unwrap_or_else(|| v.clone());
    if matches!(base, Value::Str(_) | Value::Bytes(_)) {
        return Ok(v.clone());
    }
    let Some(f) = lookup_special(v, "__fspath__") else {
        return Err(type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_name(v)
        )));
    };
    let r = call(vm, &f, std::slice::from_ref(v), &[])?;
    let rb = crate::args::builtin_base(&r).unwrap_or_else(|| r.clone());
    if matches!(rb, Value::Str(_) | Value::Bytes(_)) {
        return Ok(r);
    }
    Err(type_error(format!(
        "expected {}.__fspath__() to return str or bytes, not {}",
        type_name(v),
        type_name(&r)
    )))
}

/// A path argument of an `os` function as text (str, bytes as UTF-8, or PathLike).
pub(crate) fn path_arg(vm: &mut Vm, fname: &str, v: &Value) -> PyResult<String> {
    named_path_arg(vm, fname, "path", v)
}

/// [`path_arg`] for an argument not called `path` (`rename`'s `src`/`dst`).
fn named_path_arg(vm: &mut Vm, fname: &str, argname: &str, v: &Value) -> PyResult<String> {
    let p = match fspath_value(vm, v) {
        Ok(p) => p,
        Err(_) => {
            let (arg, kinds) = match fname {
                "listdir" => ("path", "string, bytes, os.PathLike, integer or None"),
                "stat" | "lstat" | "chdir" => ("path", "string, bytes, os.PathLike or integer"),
                "rename" | "replace" => (argname, "string, bytes or os.PathLike"),
                _ => ("path", "string, bytes or os.PathLike"),
            };
            return Err(type_error(format!(
                "{fname}: {arg} should be {kinds}, not {}",
                type_name(v)
            )));
        }
    };
    match crate::args::builtin_base(&p).unwrap_or(p) {
        Value::Str(s) => Ok(s.as_str().to_string()),
        Value::Bytes(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        _ => Ok(String::new()),
    }
}

fn fspath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("fspath", args, kw, &["path"], 0, 1)?;
    fspath_value(vm, a[0].as_ref().unwrap_or(&Value::None))
}

fn getcwd(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    parse("getcwd", args, kw, &[], 0, 0)?;
    std::env::current_dir()
        .map(|p| Value::string(p.display().to_string()))
        .map_err(|e| io_error(&e, None))
}

fn chdir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("chdir", args, kw, &["path"], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let p = path_arg(vm, "chdir", &v)?;
    std::env::set_current_dir(&p).map_err(|e| io_error(&e, Some(&v)))?;
    Ok(Value::None)
}

/// `os.listdir(path='.')`: the names in the directory, in the order the OS gives them.
fn listdir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("listdir", args, kw, &["path"], 0, 0)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let (p, shown) = if v.is_none() {
        (".".to_string(), Value::str("."))
    } else {
        (path_arg(vm, "listdir", &v)?, v.clone())
    };
    let bytes = matches!(v, Value::Bytes(_));
    let names = read_names(&p).map_err(|e| io_error(&e, Some(&shown)))?;
    Ok(Value::list(
        names
            .into_iter()
            .map(|(n, _)| {
                if bytes {
                    Value::Bytes(Rc::new(n.into_bytes()))
                } else {
                    Value::string(n)
                }
            })
            .collect(),
    ))
}

/// The entries of directory `p`: name and whether it is a directory (following links).
fn read_names(p: &str) -> std::io::Result<Vec<(String, bool)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(p)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = std::fs::metadata(entry.path())
            .map(|m| m.is_dir())
            .unwrap_or(false);
        out.push((name, is_dir));
    }
    Ok(out)
}

fn mode_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<u32> {
    match v {
        Some(m) => Ok(crate::args::index_clamped(vm, m)? as u32),
        None => Ok(0o777),
    }
}

fn mkdir_one(path: &str, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(mode).create(path)
}

fn mkdir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("mkdir", args, kw, &["path", "mode", "dir_fd"], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let p = path_arg(vm, "mkdir", &v)?;
    let mode = mode_arg(vm, &a[1])?;
    mkdir_one(&p, mode).map_err(|e| io_error(&e, Some(&v)))?;
    Ok(Value::None)
}

/// `os.makedirs(name, mode=0o777, exist_ok=False)`, as `os.py` does it: parents first,
/// an existing leaf is an error unless `exist_ok` and it is a directory.
fn makedirs(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("makedirs", args, kw, &["name", "mode", "exist_ok"], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let p = path_arg(vm, "makedirs", &v)?;
    let mode = mode_arg(vm, &a[1])?;
    let exist_ok = match &a[2] {
        Some(x) => is_true(vm, x)?,
        None => false,
    };
    makedirs_rec(&p, mode, exist_ok).map_err(|e| io_error(&e, Some(&Value::string(p.clone()))))?;
    Ok(Value::None)
}

fn makedirs_rec(name: &str, mode: u32, exist_ok: bool) -> std::io::Result<()> {
    // os.py recurses on the head; the same steps, iteratively: `(path, tail)` for the
    // missing ancestors, outermost last.
    let parts = |p: &str| {
        let (head, tail) = path::split(p);
        if tail.is_empty() {
            path::split(&head)
        } else {
            (head, tail)
        }
    };
    let mut chain: Vec<String> = Vec::new();
    let mut cur = name.to_string();
    loop {
        let (head, tail) = parts(&cur);
        if head.is_empty() || tail.is_empty() || std::path::Path::new(&head).exists() {
            break;
        }
        chain.push(head.clone());
        cur = head;
    }
    // Creating each missing ancestor: one that appeared meanwhile is fine.
    for p in chain.iter().rev() {
        match mkdir_one(p, mode) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            r => r?,
        }
    }
    if !chain.is_empty() && parts(name).1 == "." {
        return Ok(());
    }
    match mkdir_one(name, mode) {
        Err(_) if exist_ok && std::path::Path::new(name).is_dir() => Ok(()),
        r => r,
    }
}

/// `remove`/`unlink`/`rmdir`: one path argument, one fallible call.
fn path_op(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: &[Value],
    op: fn(&str) -> std::io::Result<()>,
) -> PyResult<Value> {
    let a = parse(fname, args, kw, &["path", "dir_fd"], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let p = path_arg(vm, fname, &v)?;
    op(&p).map_err(|e| io_error(&e, Some(&v)))?;
    Ok(Value::None)
}

fn remove_file(p: &str) -> std::io::Result<()> {
    std::fs::remove_file(p)
}

fn remove_dir(p: &str) -> std::io::Result<()> {
    std::fs::remove_dir(p)
}

fn remove(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    path_op(vm, "remove", args, kw, remove_file)
}

fn unlink(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    path_op(vm, "unlink", args, kw, remove_file)
}

fn rmdir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    path_op(vm, "rmdir", args, kw, remove_dir)
}

/// `rename`/`replace(src, dst)`: errors name both paths.
fn rename_impl(vm: &mut Vm, fname: &str, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse(fname, args, kw, &["src", "dst"], 0, 2)?;
    let src = a[0].clone().unwrap_or(Value::None);
    let dst = a[1].clone().unwrap_or(Value::None);
    let s = named_path_arg(vm, fname, "src", &src)?;
    let d = named_path_arg(vm, fname, "dst", &dst)?;
    std::fs::rename(&s, &d).map_err(|e| match e.raw_os_error() {
        Some(n) => errno_error(n, Some(&src), Some(&dst)),
        None => io_error(&e, None),
    })?;
    Ok(Value::None)
}

fn rename(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    rename_impl(vm, "rename", args, kw)
}

fn replace(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    rename_impl(vm, "replace", args, kw)
}

const STAT_RESULT: crate::structseq::Spec = crate::structseq::Spec {
    module: "os",
    name: "stat_result",
    fields: &[
        "st_mode",
        "st_ino",
        "st_dev",
        "st_nlink",
        "st_uid",
        "st_gid",
        "st_size",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime",
        "st_mtime",
        "st_ctime",
        "st_atime_ns",
        "st_mtime_ns",
        "st_ctime_ns",
        "st_blksize",
        "st_blocks",
        "st_rdev",
    ],
    n_sequence: 10,
    constructible: false,
};

/// An `os.stat_result` for `m`.
fn stat_result(vm: &mut Vm, m: &std::fs::Metadata) -> PyResult<Value> {
    use std::os::unix::fs::MetadataExt;
    let ns = |s: i64, n: i64| Value::from_bigint(num_bigint::BigInt::from(s) * 1_000_000_000 + n);
    let f = |s: i64, n: i64| Value::Float(s as f64 + n as f64 * 1e-9);
    let values = vec![
        Value::Int(m.mode() as i64),
        Value::from_bigint(m.ino().into()),
        Value::from_bigint(m.dev().into()),
        Value::Int(m.nlink() as i64),
        Value::Int(m.uid() as i64),
        Value::Int(m.gid() as i64),
        Value::Int(m.size() as i64),
        Value::Int(m.atime()),
        Value::Int(m.mtime()),
        Value::Int(m.ctime()),
        f(m.atime(), m.atime_nsec()),
        f(m.mtime(), m.mtime_nsec()),
        f(m.ctime(), m.ctime_nsec()),
        ns(m.atime(), m.atime_nsec()),
        ns(m.mtime(), m.mtime_nsec()),
        ns(m.ctime(), m.ctime_nsec()),
        Value::Int(m.blksize() as i64),
        Value::Int(m.blocks() as i64),
        Value::from_bigint(m.rdev().into()),
    ];
    crate::structseq::make(vm, &STAT_RESULT, values)
}

fn stat_impl(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: &[Value],
    follow: bool,
) -> PyResult<Value> {
    let a = parse(
        fname,
        args,
        kw,
        &["path", "dir_fd", "follow_symlinks"],
        0,
        1,
    )?;
    let v = a[0].clone().unwrap_or(Value::None);
    let follow = match &a[2] {
        Some(x) => follow && is_true(vm, x)?,
        None => follow,
    };
    let p = path_arg(vm, fname, &v)?;
    let m = if follow {
        std::fs::metadata(&p)
    } else {
        std::fs::symlink_metadata(&p)
    };
    let m = m.map_err(|e| io_error(&e, Some(&v)))?;
    stat_result(vm, &m)
}

fn stat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_impl(vm, "stat", args, kw, true)
}

fn lstat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_impl(vm, "lstat", args, kw, false)
}

fn getpid(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(std::process::id() as i64))
}

fn getppid(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(std::os::unix::process::parent_id() as i64))
}

fn cpu_count(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(std::thread::available_parallelism()
        .map(|n| Value::Int(n.get() as i64))
        .unwrap_or(Value::None))
}

/// `os.urandom(size)`: bytes from `/dev/urandom`.
fn urandom(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    use std::io::Read;
    let a = parse("urandom", args, kw, &["size"], 1, 1)?;
    let n = crate::args::index_clamped(vm, a[0].as_ref().unwrap_or(&Value::Int(0)))?;
    if n < 0 {
        return Err(value_error("negative argument not allowed"));
    }
    let mut buf = Vec::new();
    if buf.try_reserve_exact(n as usize).is_err() {
        return Err(match builtin_types().exception("MemoryError") {
            Some(c) => PyException::new(c, vec![]),
            None => PyException::with_message("MemoryError", ""),
        });
    }
    buf.resize(n as usize, 0u8);
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| io_error(&e, None))?;
    Ok(Value::Bytes(Rc::new(buf)))
}

fn strerror(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("strerror", args, kw, &["code"], 1, 1)?;
    let code = crate::args::index_clamped(vm, a[0].as_ref().unwrap_or(&Value::Int(0)))?;
    Ok(Value::string(strerror_text(code as i32)))
}

const TERMINAL_SIZE: crate::structseq::Spec = crate::structseq::Spec {
    module: "os",
    name: "terminal_size",
    fields: &["columns", "lines"],
    n_sequence: 2,
    constructible: true,
};

/// `(columns, lines)` of the terminal on `fd` (`ioctl(TIOCGWINSZ)`), or the errno.
#[cfg(target_os = "linux")]
fn winsize(fd: i32) -> Result<(u16, u16), i32> {
    #[repr(C)]
    struct WinSize {
        rows: u16,
        cols: u16,
        xpixel: u16,
        ypixel: u16,
    }
    extern "C" {
        fn ioctl(fd: std::ffi::c_int, request: std::ffi::c_ulong, ...) -> std::ffi::c_int;
    }
    const TIOCGWINSZ: std::ffi::c_ulong = 0x5413;
    let mut w = WinSize {
        rows: 0,
        cols: 0,
        xpixel: 0,
        ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `struct winsize` (four u16s) through the pointer,
    // which points at a live, properly laid out value.
    let r = unsafe { ioctl(fd, TIOCGWINSZ, &mut w as *mut WinSize) };
    if r != 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(25));
    }
    Ok((w.cols, w.rows))
}

#[cfg(not(target_os = "linux"))]
fn winsize(_fd: i32) -> Result<(u16, u16), i32> {
    Err(25)
}

/// `os.get_terminal_size(fd=1)`: an `os.terminal_size(columns, lines)`, or `OSError`
/// (`[Errno 25] Inappropriate ioctl for device` when `fd` is not a terminal).
fn get_terminal_size(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("get_terminal_size", args, kw, &["fd"], 1, 0)?;
    let fd = match &a[0] {
        Some(v) => crate::args::index_clamped(vm, v)?,
        None => 1,
    };
    let fd = i32::try_from(fd)
        .map_err(|_| rpvm_object::exception::overflow_error("fd is greater than maximum"))?;
    let (cols, rows) = winsize(fd).map_err(|n| errno_error(n, None, None))?;
    crate::structseq::make(
        vm,
        &TERMINAL_SIZE,
        vec![Value::Int(cols as i64), Value::Int(rows as i64)],
    )
}

/// `os.walk(top, topdown=True, onerror=None, followlinks=False)`: a lazy top-down walk (the
/// caller may prune the yielded `dirnames` list), or an eager bottom-up one.
fn walk(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse(
        "walk",
        args,
        kw,
        &["top", "topdown", "onerror", "followlinks"],
        0,
        1,
    )?;
    let top = fspath_value(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let topdown = match &a[1] {
        Some(x) => is_true(vm, x)?,
        None => true,
    };
    let onerror = a[2].clone().unwrap_or(Value::None);
    let follow = match &a[3] {
        Some(x) => is_true(vm, x)?,
        None => false,
    };
    if !topdown {
        let mut out = Vec::new();
        walk_bottom_up(vm, &top, &onerror, follow, &mut out)?;
        return rpvm_object::protocols::iter::get_iter(vm, &Value::list(out));
    }
    // State: [stack of tops (last is next), pending (top, dirs) or None, onerror, followlinks].
    let state = Value::list(vec![
        Value::list(vec![top]),
        Value::None,
        onerror,
        Value::Bool(follow),
    ]);
    let step = Value::Builtin(Rc::new(rpvm_object::function::BuiltinFunction {
        name: "walk",
        func: walk_step,
        bound_self: Some(state),
        owner: None,
    }));
    Ok(PyIter::new_value(IterState::Callable {
        func: step,
        sentinel: Value::Ellipsis,
    }))
}

/// Scans `top`: `(dirs, nondirs)`, or `None` after calling `onerror` on failure.
fn scan_dir(
    vm: &mut Vm,
    top: &Value,
    onerror: &Value,
) -> PyResult<Option<(Vec<Value>, Vec<Value>)>> {
    let p = path_arg(vm, "scandir", top)?;
    match read_names(&p) {
        Ok(entries) => {
            let (mut dirs, mut files) = (Vec::new(), Vec::new());
            for (name, is_dir) in entries {
                if is_dir {
                    dirs.push(Value::string(name));
                } else {
                    files.push(Value::string(name));
                }
            }
            Ok(Some((dirs, files)))
        }
        Err(e) => {
            if !onerror.is_none() {
                let err = Value::Exception(io_error(&e, Some(top)));
                call(vm, onerror, &[err], &[])?;
            }
            Ok(None)
        }
    }
}

fn join_value(vm: &mut Vm, top: &Value, name: &Value) -> PyResult<Value> {
    let t = path_arg(vm, "join", top)?;
    let n = name.as_str().unwrap_or("");
    Ok(Value::string(path::join2(&t, n)))
}

fn is_link(p: &str) -> bool {
    std::fs::symlink_metadata(p)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false)
}

/// One step of a top-down walk: push the children of the last yielded directory (as the
/// caller left its `dirnames`), then scan the next directory.
fn walk_step(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(Value::List(state)) = args.first() else {
        return Ok(Value::Ellipsis);
    };
    let s = state.snapshot();
    let (Some(Value::List(stack)), Some(pending), Some(onerror), Some(follow)) =
        (s.first(), s.get(1), s.get(2), s.get(3))
    else {
        return Ok(Value::Ellipsis);
    };
    let follow = matches!(follow, Value::Bool(true));
    if let Value::Tuple(t) = pending {
        if let [top, Value::List(dirs)] = t.as_slice() {
            let mut children = Vec::new();
            for d in dirs.snapshot() {
                let child = join_value(vm, top, &d)?;
                let cp = child.as_str().unwrap_or("").to_string();
                if follow || !is_link(&cp) {
                    children.push(child);
                }
            }
            for c in children.into_iter().rev() {
                stack.push(c);
            }
        }
    }
    let _ = state.try_borrow_mut().map(|mut g| g[1] = Value::None);
    loop {
        let Some(top) = stack.try_borrow_mut().and_then(|mut g| g.pop()) else {
            return Ok(Value::Ellipsis);
        };
        if let Some((dirs, files)) = scan_dir(vm, &top, onerror)? {
            let dirs = Value::list(dirs);
            let _ = state
                .try_borrow_mut()
                .map(|mut g| g[1] = Value::tuple(vec![top.clone(), dirs.clone()]));
            return Ok(Value::tuple(vec![top, dirs, Value::list(files)]));
        }
    }
}

fn walk_bottom_up(
    vm: &mut Vm,
    top: &Value,
    onerror: &Value,
    follow: bool,
    out: &mut Vec<Value>,
) -> PyResult<()> {
    let Some((dirs, files)) = scan_dir(vm, top, onerror)? else {
        return Ok(());
    };
    for d in &dirs {
        let child = join_value(vm, top, d)?;
        let cp = child.as_str().unwrap_or("").to_string();
        if follow || !is_link(&cp) {
            vm.enter("")?;
            let r = walk_bottom_up(vm, &child, onerror, follow, out);
            vm.leave();
            r?;
        }
    }
    out.push(Value::tuple(vec![
        top.clone(),
        Value::list(dirs),
        Value::list(files),
    ]));
    Ok(())
}

/// Creates the `os` module and its `os.path` (both registered in `vm.modules`).
pub fn make_os(vm: &mut Vm) -> Value {
    if let Some(m) = vm.modules.get_str("os") {
        return m;
    }
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("os"));
    let consts: &[(&str, Value)] = &[
        ("name", Value::str("posix")),
        ("sep", Value::str("/")),
        ("altsep", Value::None),
        ("extsep", Value::str(".")),
        ("pathsep", Value::str(":")),
        ("linesep", Value::str("\n")),
        ("curdir", Value::str(".")),
        ("pardir", Value::str("..")),
        ("defpath", Value::str("/bin:/usr/bin")),
        ("devnull", Value::str("/dev/null")),
        ("F_OK", Value::Int(0)),
        ("R_OK", Value::Int(4)),
        ("W_OK", Value::Int(2)),
        ("X_OK", Value::Int(1)),
        ("SEEK_SET", Value::Int(0)),
        ("SEEK_CUR", Value::Int(1)),
        ("SEEK_END", Value::Int(2)),
    ];
    for (n, v) in consts {
        d.set_str(n, v.clone());
    }
    if let Some(e) = builtin_types().exception("OSError") {
        d.set_str("error", Value::Type(e));
    }
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("fspath", fspath),
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("listdir", listdir),
        ("mkdir", mkdir),
        ("makedirs", makedirs),
        ("remove", remove),
        ("unlink", unlink),
        ("rmdir", rmdir),
        ("rename", rename),
        ("replace", replace),
        ("stat", stat),
        ("lstat", lstat),
        ("getpid", getpid),
        ("cpu_count", cpu_count),
        ("urandom", urandom),
        ("strerror", strerror),
        ("get_terminal_size", get_terminal_size),
        ("walk", walk),
        ("scandir", scandir::scandir),
        ("getppid", getppid),
        ("getenv", environ::getenv),
        ("putenv", environ::putenv),
        ("unsetenv", environ::unsetenv),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    d.set_str("environ", environ::make_environ(vm));
    d.set_str("DirEntry", scandir::entry_class(vm));
    for spec in [&STAT_RESULT, &TERMINAL_SIZE] {
        if let Ok(t) = crate::structseq::class(vm, spec) {
            d.set_str(spec.name, Value::Type(t));
        }
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "os".to_string(),
        dict: d.clone(),
    }));
    vm.modules.set_str("os", m.clone());
    let p = path::build(vm);
    d.set_str("path", p.clone());
    vm.modules.set_str("os.path", p.clone());
    vm.modules.set_str("posixpath", p);
    m
}
