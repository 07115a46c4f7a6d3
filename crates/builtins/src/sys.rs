//! The `sys` module.

use rpvm_object::native::NativeRef;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, value_error, PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::exception_type;
use rpvm_object::{Value, Vm};

use crate::args::{check_positional, index_bigint, no_kwargs, one_arg};
use crate::io::{StdStream, StreamKind};
use crate::structseq::{self, Spec};

const FLOAT_INFO: Spec = Spec {
    module: "sys",
    name: "float_info",
    fields: &[
        "max",
        "max_exp",
        "max_10_exp",
        "min",
        "min_exp",
        "min_10_exp",
        "dig",
        "mant_dig",
        "epsilon",
        "radix",
        "rounds",
    ],
    n_sequence: 11,
    constructible: false,
};

const INT_INFO: Spec = Spec {
    module: "sys",
    name: "int_info",
    fields: &[
        "bits_per_digit",
        "sizeof_digit",
        "default_max_str_digits",
        "str_digits_check_threshold",
    ],
    n_sequence: 4,
    constructible: false,
};

const HASH_INFO: Spec = Spec {
    module: "sys",
    name: "hash_info",
    fields: &[
        "width",
        "modulus",
        "inf",
        "nan",
        "imag",
        "algorithm",
        "hash_bits",
        "seed_bits",
        "cutoff",
    ],
    n_sequence: 9,
    constructible: false,
};

const VERSION_INFO: Spec = Spec {
    module: "sys",
    name: "version_info",
    fields: &["major", "minor", "micro", "releaselevel", "serial"],
    n_sequence: 5,
    constructible: false,
};

const FLAGS: Spec = Spec {
    module: "sys",
    name: "flags",
    fields: &[
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ],
    n_sequence: 18,
    constructible: false,
};

const THREAD_INFO: Spec = Spec {
    module: "sys",
    name: "thread_info",
    fields: &["name", "lock", "version"],
    n_sequence: 3,
    constructible: false,
};

fn float_info(vm: &mut Vm) -> PyResult<Value> {
    structseq::make(
        vm,
        &FLOAT_INFO,
        vec![
            Value::Float(f64::MAX),
            Value::Int(f64::MAX_EXP as i64),
            Value::Int(f64::MAX_10_EXP as i64),
            Value::Float(f64::MIN_POSITIVE),
            Value::Int(f64::MIN_EXP as i64),
            Value::Int(f64::MIN_10_EXP as i64),
            Value::Int(f64::DIGITS as i64),
            Value::Int(f64::MANTISSA_DIGITS as i64),
            Value::Float(f64::EPSILON),
            Value::Int(2),
            Value::Int(1),
        ],
    )
}

fn int_info(vm: &mut Vm) -> PyResult<Value> {
    structseq::make(
        vm,
        &INT_INFO,
        vec![
            Value::Int(30),
            Value::Int(4),
            Value::Int(4300),
            Value::Int(640),
        ],
    )
}

fn hash_info(vm: &mut Vm) -> PyResult<Value> {
    structseq::make(
        vm,
        &HASH_INFO,
        vec![
            Value::Int(64),
            Value::Int((1i64 << 61) - 1),
            Value::Int(314159),
            Value::Int(0),
            Value::Int(1000003),
            Value::str("siphash13"),
            Value::Int(64),
            Value::Int(128),
            Value::Int(0),
        ],
    )
}

fn version_info(vm: &mut Vm) -> PyResult<Value> {
    structseq::make(
        vm,
        &VERSION_INFO,
        vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(7),
            Value::str("final"),
            Value::Int(0),
        ],
    )
}

fn flags(vm: &mut Vm) -> PyResult<Value> {
    let mut v: Vec<Value> = (0..18).map(|_| Value::Int(0)).collect();
    v[4] = Value::Int(1); // dont_write_bytecode: rpvm never writes .pyc files
    v[13] = Value::Bool(false); // dev_mode
    v[16] = Value::Bool(false); // safe_path
    v[17] = Value::Int(-1); // int_max_str_digits
    structseq::make(vm, &FLAGS, v)
}

fn thread_info(vm: &mut Vm) -> PyResult<Value> {
    structseq::make(
        vm,
        &THREAD_INFO,
        vec![
            Value::str("pthread"),
            Value::str("semaphore"),
            Value::str("NPTL 2.36"),
        ],
    )
}

/// `sys.implementation`: a `types.SimpleNamespace`. rpvm runs CPython's bytecode and
/// imports `cpython-311` caches, so it presents itself as that implementation
/// (`sys.version` names rpvm).
fn implementation(vm: &mut Vm) -> PyResult<Value> {
    let vi = version_info(vm)?;
    crate::types_mod::namespace(
        vm,
        vec![
            ("name", Value::str("cpython")),
            ("cache_tag", Value::str("cpython-311")),
            ("version", vi),
            ("hexversion", Value::Int(0x030B_07F0)),
            ("_multiarch", Value::str("x86_64-linux-gnu")),
        ],
    )
}

/// `sys.getsizeof(object[, default])`: CPython 3.11's sizes on x86-64 for built-in values
/// (containers by their length, not their spare capacity); `__sizeof__` plus the GC header
/// for instances that define it.
pub fn getsizeof(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("getsizeof", args, kwnames, &["object", "default"], 1, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let words = |n: usize| n as i64 * 8;
    let size: i64 = match &v {
        Value::None | Value::Ellipsis | Value::NotImplemented => 16,
        Value::Bool(_) => 28,
        Value::Int(i) => {
            let bits = 64 - i.unsigned_abs().leading_zeros() as i64;
            24 + 4 * ((bits + 29) / 30).max(1)
        }
        Value::BigInt(b) => 24 + 4 * ((b.bits() as i64 + 29) / 30).max(1),
        Value::Float(_) => 24,
        Value::Complex(_) => 32,
        Value::Str(st) => {
            let text = st.as_str();
            let n = text.chars().count() as i64;
            let max = text.chars().map(u32::from).max().unwrap_or(0);
            match max {
                0..=0x7f => 49 + n,
                0x80..=0xff => 73 + n,
                0x100..=0xffff => 74 + 2 * n,
                _ => 76 + 4 * n,
            }
        }
        Value::Bytes(b) => 33 + b.len() as i64,
        Value::ByteArray(b) => {
            let n = b.len();
            if n == 0 {
                56
            } else {
                57 + n as i64
            }
        }
        Value::Tuple(t) => 40 + words(t.len()),
        Value::List(l) => 56 + words(l.len()),
        Value::Dict(d) => dict_size(
            d.len(),
            d.items().iter().all(|(k, _)| matches!(k, Value::Str(_))),
        ),
        Value::Set(x) | Value::FrozenSet(x) => {
            let n = x.len();
            let mut table = 8usize;
            while n * 5 >= table * 3 {
                table *= 4;
            }
            216 + if table > 8 { 16 * table as i64 } else { 0 }
        }
        Value::Range(_) => 48,
        Value::Slice(_) => 56,
        Value::Function(_) => 152,
        Value::Builtin(_) => 72,
        Value::Type(_) => 1688,
        Value::Instance(_) => {
            let cls = rpvm_object::protocols::type_of(&v);
            if Rc::ptr_eq(&cls, &rpvm_object::typeobj::builtin_types().object) {
                return Ok(Value::Int(16));
            }
            match cls.lookup("__sizeof__") {
                Some(f) if !matches!(f, Value::Builtin(_)) => {
                    let r =
                        rpvm_object::protocols::call::call(vm, &f, std::slice::from_ref(&v), &[])?;
                    match r {
                        Value::Int(n) if n >= 0 => n + 32,
                        Value::Int(_) => {
                            return Err(value_error("__sizeof__() should return >= 0"))
                        }
                        _ => match &a[1] {
                            Some(d) => return Ok(d.clone()),
                            None => return Err(type_error("an integer is required")),
                        },
                    }
                }
                _ => 56,
            }
        }
        _ => match &a[1] {
            Some(d) => return Ok(d.clone()),
            None => 48,
        },
    };
    Ok(Value::Int(size))
}

/// CPython 3.11's size of a dict with `n` items built by insertion (entries of str-only
/// tables have no hash slot).
fn dict_size(n: usize, str_keys: bool) -> i64 {
    if n == 0 {
        return 64;
    }
    let mut slots = 8usize;
    while slots * 2 / 3 < n {
        slots *= 2;
    }
    let index_bytes = match slots {
        0..=128 => 1,
        129..=65536 => 2,
        _ => 4,
    };
    let usable = slots * 2 / 3;
    let entry = if str_keys { 16 } else { 24 };
    (64 + 32 + slots * index_bytes + usable * entry) as i64
}

/// `sys.exception()`: the exception being handled, or `None`.
pub fn exception(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("exception", kwnames)?;
    check_positional("exception", args.len(), 0, 0)?;
    Ok(match &vm.handled_exception {
        Value::Exception(_) => vm.handled_exception.clone(),
        _ => Value::None,
    })
}

fn getfilesystemencoding(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getfilesystemencoding", kwnames)?;
    check_positional("getfilesystemencoding", args.len(), 0, 0)?;
    Ok(Value::str("utf-8"))
}

fn getfilesystemencodeerrors(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getfilesystemencodeerrors", kwnames)?;
    check_positional("getfilesystemencodeerrors", args.len(), 0, 0)?;
    Ok(Value::str("surrogateescape"))
}

fn is_finalizing(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("is_finalizing", kwnames)?;
    check_positional("is_finalizing", args.len(), 0, 0)?;
    Ok(Value::Bool(false))
}

fn getswitchinterval(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getswitchinterval", kwnames)?;
    check_positional("getswitchinterval", args.len(), 0, 0)?;
    Ok(Value::Float(0.005))
}

/// `sys.copyright`.
const COPYRIGHT: &str = "Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved.";

/// `sys.version`: CPython's `X.Y.Z (build, date) [compiler]` shape.
pub const VERSION: &str = "3.11.7 (main, Jan  1 2024, 00:00:00) [rpvm, Rust]";

/// `sys.exit(status=None)`: raises SystemExit.
pub fn exit(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("exit", kwnames)?;
    check_positional("exit", args.len(), 0, 1)?;
    let exc_args = match args.first() {
        None | Some(Value::None) => vec![],
        Some(Value::Tuple(t)) => t.as_slice().to_vec(),
        Some(v) => vec![v.clone()],
    };
    Err(PyException::new(exception_type("SystemExit"), exc_args))
}

/// `sys.getrecursionlimit()`.
pub fn getrecursionlimit(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getrecursionlimit", kwnames)?;
    if !args.is_empty() {
        return Err(type_error(format!(
            "getrecursionlimit() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(Value::Int(vm.recursion_limit as i64))
}

/// `sys.setrecursionlimit(limit)`.
pub fn setrecursionlimit(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("setrecursionlimit", args, kwnames)?;
    if matches!(x, Value::Float(_)) {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    let n = index_bigint(vm, x)?;
    let n = i32::try_from(&n)
        .map_err(|_| overflow_error("Python int too large to convert to C int"))?;
    if n < 1 {
        return Err(value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    if vm.depth >= n as u32 {
        return Err(PyException::with_message(
            "RecursionError",
            format!(
                "cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low",
                vm.depth
            ),
        ));
    }
    vm.recursion_limit = n as u32;
    Ok(Value::None)
}

/// `sys.intern(string)`.
pub fn intern(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("intern", args, kwnames)?;
    match x {
        Value::Str(_) => Ok(x.clone()),
        other => Err(type_error(format!(
            "intern() argument must be str, not {}",
            type_name(other)
        ))),
    }
}

/// `sys.exc_info()`: `(type, value, None)` for the exception being handled.
pub fn exc_info(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("exc_info", kwnames)?;
    if !args.is_empty() {
        return Err(type_error(format!(
            "exc_info() takes no arguments ({} given)",
            args.len()
        )));
    }
    Ok(match &vm.handled_exception {
        Value::Exception(e) => Value::tuple(vec![
            Value::Type(e.class.clone()),
            vm.handled_exception.clone(),
            Value::None,
        ]),
        _ => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

/// `sys.getdefaultencoding()`.
pub fn getdefaultencoding(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getdefaultencoding", kwnames)?;
    check_positional("getdefaultencoding", args.len(), 0, 0)?;
    Ok(Value::str("utf-8"))
}

/// Creates the `sys` module from the Vm's state (argv, path, modules, streams) and
/// registers it in `vm.modules` as `sys`. `print` and `input` look `sys.stdout` up there,
/// so assigning `sys.stdout` redirects them.
pub fn make_sys(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    let f =
        |name: &'static str, func: rpvm_object::function::NativeFn| crate::builtin_fn(name, func);
    d.set_str("__name__", Value::str("sys"));
    d.set_str("__doc__", Value::None);
    d.set_str(
        "argv",
        Value::list(vm.argv.iter().map(|a| Value::str(a)).collect()),
    );
    d.set_str(
        "path",
        Value::list(vm.path.iter().map(|p| Value::str(p)).collect()),
    );
    d.set_str("modules", Value::Dict(vm.modules.clone()));
    let stdin = Value::Native(NativeRef::new(StdStream {
        kind: StreamKind::Stdin,
    }));
    let stdout = Value::Native(NativeRef::new(StdStream {
        kind: StreamKind::Stdout,
    }));
    let stderr = Value::Native(NativeRef::new(StdStream {
        kind: StreamKind::Stderr,
    }));
    d.set_str("stdin", stdin.clone());
    d.set_str("stdout", stdout.clone());
    d.set_str("stderr", stderr.clone());
    d.set_str("__stdin__", stdin);
    d.set_str("__stdout__", stdout);
    d.set_str("__stderr__", stderr);
    d.set_str("version", Value::str(VERSION));
    for (name, make) in [
        (
            "version_info",
            version_info as fn(&mut Vm) -> PyResult<Value>,
        ),
        ("float_info", float_info),
        ("int_info", int_info),
        ("hash_info", hash_info),
        ("flags", flags),
        ("thread_info", thread_info),
        ("implementation", implementation),
    ] {
        d.set_str(name, make(vm).unwrap_or(Value::None));
    }
    d.set_str("hexversion", Value::Int(0x030B_07F0));
    d.set_str("api_version", Value::Int(1013));
    d.set_str("float_repr_style", Value::str("short"));
    d.set_str("abiflags", Value::str(""));
    d.set_str("platlibdir", Value::str("lib"));
    d.set_str("pycache_prefix", Value::None);
    d.set_str("warnoptions", Value::list(vec![]));
    d.set_str("meta_path", Value::list(vec![]));
    d.set_str("path_hooks", Value::list(vec![]));
    d.set_str("path_importer_cache", Value::Dict(Rc::new(PyDict::new())));
    d.set_str("copyright", Value::str(COPYRIGHT));
    for (name, func) in [
        ("getsizeof", getsizeof as rpvm_object::function::NativeFn),
        ("exception", exception),
        ("getfilesystemencoding", getfilesystemencoding),
        ("getfilesystemencodeerrors", getfilesystemencodeerrors),
        ("is_finalizing", is_finalizing),
        ("getswitchinterval", getswitchinterval),
    ] {
        d.set_str(name, f(name, func));
    }
    d.set_str("maxsize", Value::Int(i64::MAX));
    d.set_str("maxunicode", Value::Int(0x10FFFF));
    d.set_str("byteorder", Value::str("little"));
    d.set_str("platform", Value::str("linux"));
    d.set_str("executable", Value::str(""));
    d.set_str("dont_write_bytecode", Value::Bool(true));
    d.set_str(
        "builtin_module_names",
        Value::tuple(vec![Value::str("builtins"), Value::str("sys")]),
    );
    d.set_str("exit", f("exit", exit));
    d.set_str(
        "getrecursionlimit",
        f("getrecursionlimit", getrecursionlimit),
    );
    d.set_str(
        "setrecursionlimit",
        f("setrecursionlimit", setrecursionlimit),
    );
    d.set_str("intern", f("intern", intern));
    d.set_str("exc_info", f("exc_info", exc_info));
    d.set_str(
        "getdefaultencoding",
        f("getdefaultencoding", getdefaultencoding),
    );
    let module = Value::Module(Rc::new(PyModule {
        name: "sys".to_string(),
        dict: d,
    }));
    vm.modules.set_str("sys", module.clone());
    module
}
