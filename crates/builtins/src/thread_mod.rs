//! `errno`, `_thread` and `atexit` for the standard-library fallback. rpvm runs one thread:
//! `_thread`'s locks count their acquisitions (a second `acquire` of a plain lock fails
//! instead of blocking forever), `start_new_thread` raises `RuntimeError`. `atexit`
//! functions run when the main module ends (see [`run_atexit`]).

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::collections_abc::method;

use crate::stdlib_support::shim_module as module;

/// Every name of CPython 3.11's `errno` on Linux x86-64, with its value.
const CODES: &[(&str, i64)] = &[
    ("E2BIG", 7),
    ("EACCES", 13),
    ("EADDRINUSE", 98),
    ("EADDRNOTAVAIL", 99),
    ("EADV", 68),
    ("EAFNOSUPPORT", 97),
    ("EAGAIN", 11),
    ("EALREADY", 114),
    ("EBADE", 52),
    ("EBADF", 9),
    ("EBADFD", 77),
    ("EBADMSG", 74),
    ("EBADR", 53),
    ("EBADRQC", 56),
    ("EBADSLT", 57),
    ("EBFONT", 59),
    ("EBUSY", 16),
    ("ECANCELED", 125),
    ("ECHILD", 10),
    ("ECHRNG", 44),
    ("ECOMM", 70),
    ("ECONNABORTED", 103),
    ("ECONNREFUSED", 111),
    ("ECONNRESET", 104),
    ("EDEADLK", 35),
    ("EDEADLOCK", 35),
    ("EDESTADDRREQ", 89),
    ("EDOM", 33),
    ("EDOTDOT", 73),
    ("EDQUOT", 122),
    ("EEXIST", 17),
    ("EFAULT", 14),
    ("EFBIG", 27),
    ("EHOSTDOWN", 112),
    ("EHOSTUNREACH", 113),
    ("EIDRM", 43),
    ("EILSEQ", 84),
    ("EINPROGRESS", 115),
    ("EINTR", 4),
    ("EINVAL", 22),
    ("EIO", 5),
    ("EISCONN", 106),
    ("EISDIR", 21),
    ("EISNAM", 120),
    ("EKEYEXPIRED", 127),
    ("EKEYREJECTED", 129),
    ("EKEYREVOKED", 128),
    ("EL2HLT", 51),
    ("EL2NSYNC", 45),
    ("EL3HLT", 46),
    ("EL3RST", 47),
    ("ELIBACC", 79),
    ("ELIBBAD", 80),
    ("ELIBEXEC", 83),
    ("ELIBMAX", 82),
    ("ELIBSCN", 81),
    ("ELNRNG", 48),
    ("ELOOP", 40),
    ("EMEDIUMTYPE", 124),
    ("EMFILE", 24),
    ("EMLINK", 31),
    ("EMSGSIZE", 90),
    ("EMULTIHOP", 72),
    ("ENAMETOOLONG", 36),
    ("ENAVAIL", 119),
    ("ENETDOWN", 100),
    ("ENETRESET", 102),
    ("ENETUNREACH", 101),
    ("ENFILE", 23),
    ("ENOANO", 55),
    ("ENOBUFS", 105),
    ("ENOCSI", 50),
    ("ENODATA", 61),
    ("ENODEV", 19),
    ("ENOENT", 2),
    ("ENOEXEC", 8),
    ("ENOKEY", 126),
    ("ENOLCK", 37),
    ("ENOLINK", 67),
    ("ENOMEDIUM", 123),
    ("ENOMEM", 12),
    ("ENOMSG", 42),
    ("ENONET", 64),
    ("ENOPKG", 65),
    ("ENOPROTOOPT", 92),
    ("ENOSPC", 28),
    ("ENOSR", 63),
    ("ENOSTR", 60),
    ("ENOSYS", 38),
    ("ENOTBLK", 15),
    ("ENOTCONN", 107),
    ("ENOTDIR", 20),
    ("ENOTEMPTY", 39),
    ("ENOTNAM", 118),
    ("ENOTRECOVERABLE", 131),
    ("ENOTSOCK", 88),
    ("ENOTSUP", 95),
    ("ENOTTY", 25),
    ("ENOTUNIQ", 76),
    ("ENXIO", 6),
    ("EOPNOTSUPP", 95),
    ("EOVERFLOW", 75),
    ("EOWNERDEAD", 130),
    ("EPERM", 1),
    ("EPFNOSUPPORT", 96),
    ("EPIPE", 32),
    ("EPROTO", 71),
    ("EPROTONOSUPPORT", 93),
    ("EPROTOTYPE", 91),
    ("ERANGE", 34),
    ("EREMCHG", 78),
    ("EREMOTE", 66),
    ("EREMOTEIO", 121),
    ("ERESTART", 85),
    ("ERFKILL", 132),
    ("EROFS", 30),
    ("ESHUTDOWN", 108),
    ("ESOCKTNOSUPPORT", 94),
    ("ESPIPE", 29),
    ("ESRCH", 3),
    ("ESRMNT", 69),
    ("ESTALE", 116),
    ("ESTRPIPE", 86),
    ("ETIME", 62),
    ("ETIMEDOUT", 110),
    ("ETOOMANYREFS", 109),
    ("ETXTBSY", 26),
    ("EUCLEAN", 117),
    ("EUNATCH", 49),
    ("EUSERS", 87),
    ("EWOULDBLOCK", 11),
    ("EXDEV", 18),
    ("EXFULL", 54),
];
/// `errno.errorcode`: the name CPython keeps for each value (in its order).
const ERRORCODE: &[(i64, &str)] = &[
    (19, "ENODEV"),
    (50, "ENOCSI"),
    (113, "EHOSTUNREACH"),
    (42, "ENOMSG"),
    (117, "EUCLEAN"),
    (45, "EL2NSYNC"),
    (51, "EL2HLT"),
    (61, "ENODATA"),
    (15, "ENOTBLK"),
    (38, "ENOSYS"),
    (32, "EPIPE"),
    (22, "EINVAL"),
    (75, "EOVERFLOW"),
    (68, "EADV"),
    (4, "EINTR"),
    (87, "EUSERS"),
    (39, "ENOTEMPTY"),
    (105, "ENOBUFS"),
    (71, "EPROTO"),
    (66, "EREMOTE"),
    (119, "ENAVAIL"),
    (10, "ECHILD"),
    (40, "ELOOP"),
    (18, "EXDEV"),
    (7, "E2BIG"),
    (3, "ESRCH"),
    (90, "EMSGSIZE"),
    (97, "EAFNOSUPPORT"),
    (53, "EBADR"),
    (112, "EHOSTDOWN"),
    (96, "EPFNOSUPPORT"),
    (92, "ENOPROTOOPT"),
    (16, "EBUSY"),
    (11, "EAGAIN"),
    (77, "EBADFD"),
    (73, "EDOTDOT"),
    (106, "EISCONN"),
    (55, "ENOANO"),
    (108, "ESHUTDOWN"),
    (44, "ECHRNG"),
    (80, "ELIBBAD"),
    (64, "ENONET"),
    (52, "EBADE"),
    (9, "EBADF"),
    (72, "EMULTIHOP"),
    (5, "EIO"),
    (49, "EUNATCH"),
    (91, "EPROTOTYPE"),
    (28, "ENOSPC"),
    (8, "ENOEXEC"),
    (114, "EALREADY"),
    (100, "ENETDOWN"),
    (118, "ENOTNAM"),
    (13, "EACCES"),
    (48, "ELNRNG"),
    (84, "EILSEQ"),
    (20, "ENOTDIR"),
    (76, "ENOTUNIQ"),
    (1, "EPERM"),
    (33, "EDOM"),
    (54, "EXFULL"),
    (111, "ECONNREFUSED"),
    (21, "EISDIR"),
    (93, "EPROTONOSUPPORT"),
    (30, "EROFS"),
    (99, "EADDRNOTAVAIL"),
    (43, "EIDRM"),
    (70, "ECOMM"),
    (69, "ESRMNT"),
    (121, "EREMOTEIO"),
    (47, "EL3RST"),
    (74, "EBADMSG"),
    (23, "ENFILE"),
    (82, "ELIBMAX"),
    (29, "ESPIPE"),
    (67, "ENOLINK"),
    (102, "ENETRESET"),
    (110, "ETIMEDOUT"),
    (2, "ENOENT"),
    (17, "EEXIST"),
    (122, "EDQUOT"),
    (60, "ENOSTR"),
    (57, "EBADSLT"),
    (56, "EBADRQC"),
    (79, "ELIBACC"),
    (14, "EFAULT"),
    (27, "EFBIG"),
    (35, "EDEADLOCK"),
    (107, "ENOTCONN"),
    (89, "EDESTADDRREQ"),
    (81, "ELIBSCN"),
    (37, "ENOLCK"),
    (120, "EISNAM"),
    (103, "ECONNABORTED"),
    (101, "ENETUNREACH"),
    (116, "ESTALE"),
    (63, "ENOSR"),
    (12, "ENOMEM"),
    (88, "ENOTSOCK"),
    (86, "ESTRPIPE"),
    (31, "EMLINK"),
    (34, "ERANGE"),
    (83, "ELIBEXEC"),
    (46, "EL3HLT"),
    (104, "ECONNRESET"),
    (98, "EADDRINUSE"),
    (95, "ENOTSUP"),
    (78, "EREMCHG"),
    (36, "ENAMETOOLONG"),
    (25, "ENOTTY"),
    (85, "ERESTART"),
    (94, "ESOCKTNOSUPPORT"),
    (62, "ETIME"),
    (59, "EBFONT"),
    (109, "ETOOMANYREFS"),
    (24, "EMFILE"),
    (26, "ETXTBSY"),
    (115, "EINPROGRESS"),
    (6, "ENXIO"),
    (65, "ENOPKG"),
    (123, "ENOMEDIUM"),
    (124, "EMEDIUMTYPE"),
    (125, "ECANCELED"),
    (126, "ENOKEY"),
    (127, "EKEYEXPIRED"),
    (128, "EKEYREVOKED"),
    (129, "EKEYREJECTED"),
    (130, "EOWNERDEAD"),
    (131, "ENOTRECOVERABLE"),
    (132, "ERFKILL"),
];

/// `import errno`.
pub fn make_errno(_vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    for (n, v) in CODES {
        d.set_str(n, Value::Int(*v));
    }
    let codes = Rc::new(PyDict::new());
    for (v, n) in ERRORCODE {
        let _ = codes.insert_hashed(Value::Int(*v), *v, Value::str(n));
    }
    d.set_str("errorcode", Value::Dict(codes));
    module("errno", d)
}

fn count_of(vm: &mut Vm, this: &Value) -> i64 {
    match get_attr(vm, this, "_count") {
        Ok(Value::Int(n)) => n,
        _ => 0,
    }
}

fn is_rlock(vm: &mut Vm, this: &Value) -> bool {
    matches!(get_attr(vm, this, "_reentrant"), Ok(Value::Bool(true)))
}

fn lock_acquire(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let n = count_of(vm, &this);
    if n > 0 && !is_rlock(vm, &this) {
        return Ok(Value::Bool(false));
    }
    set_attr(vm, &this, "_count", Value::Int(n + 1))?;
    Ok(Value::Bool(true))
}

fn lock_release(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let n = count_of(vm, &this);
    if n == 0 {
        let msg = if is_rlock(vm, &this) {
            "cannot release un-acquired lock"
        } else {
            "release unlocked lock"
        };
        return Err(PyException::with_message("RuntimeError", msg));
    }
    set_attr(vm, &this, "_count", Value::Int(n - 1))?;
    Ok(Value::None)
}

fn lock_locked(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    Ok(Value::Bool(count_of(vm, &this) > 0))
}

fn lock_exit(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    lock_release(vm, &args[..1.min(args.len())], kw)
}

thread_local! {
    static LOCK_CLASS: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
}

fn lock_class(vm: &mut Vm, name: &str, reentrant: bool) -> PyResult<Rc<PyType>> {
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("_thread"));
    ns.set_str("__qualname__", Value::string(name.to_string()));
    ns.set_str("_reentrant", Value::Bool(reentrant));
    ns.set_str("_count", Value::Int(0));
    ns.set_str("acquire", method("acquire", lock_acquire));
    ns.set_str("acquire_lock", method("acquire_lock", lock_acquire));
    ns.set_str("release", method("release", lock_release));
    ns.set_str("release_lock", method("release_lock", lock_release));
    ns.set_str("locked", method("locked", lock_locked));
    ns.set_str("_is_owned", method("_is_owned", lock_locked));
    ns.set_str("__enter__", method("__enter__", lock_acquire));
    ns.set_str("__exit__", method("__exit__", lock_exit));
    match crate::stdlib_support::plain_class(vm, name, ns)? {
        Value::Type(t) => Ok(t),
        _ => Err(type_error("cannot make class")),
    }
}

fn allocate_lock(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = LOCK_CLASS
        .with(|c| c.borrow().clone())
        .ok_or_else(|| type_error("_thread is not loaded"))?;
    call(vm, &Value::Type(cls), &[], &[])
}

fn get_ident(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn get_native_id(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(i64::from(std::process::id())))
}

fn start_new_thread(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(PyException::with_message(
        "RuntimeError",
        "can't start new thread: rpvm runs a single thread",
    ))
}

fn stack_size(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn count(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(0))
}

/// `import _thread`.
pub fn make_thread(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    if let Ok(lock) = lock_class(vm, "lock", false) {
        LOCK_CLASS.with(|c| *c.borrow_mut() = Some(lock.clone()));
        d.set_str("LockType", Value::Type(lock));
    }
    if let Ok(rlock) = lock_class(vm, "RLock", true) {
        d.set_str("RLock", Value::Type(rlock));
    }
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("allocate_lock", allocate_lock),
        ("allocate", allocate_lock),
        ("_set_sentinel", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("stack_size", stack_size),
        ("_count", count),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    if let Some(rt) = rpvm_object::typeobj::builtin_types().exception("RuntimeError") {
        d.set_str("error", Value::Type(rt));
    }
    d.set_str("TIMEOUT_MAX", Value::Float(9223372036.0));
    module("_thread", d)
}

/// A registered exit function: the callable, its arguments (vectorcall order) and keyword names.
type ExitFunc = (Value, Vec<Value>, Vec<Value>);

thread_local! {
    static EXIT_FUNCS: RefCell<Vec<ExitFunc>> = const { RefCell::new(Vec::new()) };
}

fn atexit_register(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 0)?.clone();
    let rest = args[1..].to_vec();
    EXIT_FUNCS.with(|e| e.borrow_mut().push((f.clone(), rest, kw.to_vec())));
    Ok(f)
}

fn atexit_unregister(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 0)?.clone();
    EXIT_FUNCS.with(|e| e.borrow_mut().retain(|(g, _, _)| !g.is(&f)));
    Ok(Value::None)
}

fn atexit_run(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    run_atexit(vm);
    Ok(Value::None)
}

fn atexit_clear(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    EXIT_FUNCS.with(|e| e.borrow_mut().clear());
    Ok(Value::None)
}

fn atexit_ncallbacks(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(EXIT_FUNCS.with(|e| e.borrow().len()) as i64))
}

/// Runs the functions given to `atexit.register`, last registered first (errors in them
/// are ignored).
pub fn run_atexit(vm: &mut Vm) {
    while let Some((f, args, kw)) = EXIT_FUNCS.with(|e| e.borrow_mut().pop()) {
        let _ = call(vm, &f, &args, &kw);
    }
}

/// `import atexit`.
pub fn make_atexit(_vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("register", atexit_register),
        ("unregister", atexit_unregister),
        ("_run_exitfuncs", atexit_run),
        ("_clear", atexit_clear),
        ("_ncallbacks", atexit_ncallbacks),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    module("atexit", d)
}
