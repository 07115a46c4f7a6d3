//! The `sys` module.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, value_error, PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::exception_type;
use rpvm_object::typeobj::{PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::args::{check_positional, index_bigint, no_kwargs, one_arg};
use crate::io::{StdStream, StreamKind};

/// A read-only named record (`sys.float_info`, `sys.int_info`, `sys.hash_info`): fields
/// by attribute, iteration and `len()` over the values, CPython's repr.
#[derive(Debug)]
pub struct StructSeq {
    class: Rc<PyType>,
    fields: Vec<(&'static str, Value)>,
}

impl StructSeq {
    /// A record of type `sys.NAME` with `fields`.
    pub fn new(name: &str, fields: Vec<(&'static str, Value)>) -> StructSeq {
        let object = rpvm_object::typeobj::builtin_types().object.clone();
        StructSeq {
            class: Rc::new(PyType {
                name: name.to_string(),
                qualname: name.to_string(),
                module: "sys".to_string(),
                kind: TypeKind::Native,
                bases: vec![object.clone()],
                mro_tail: vec![object],
                dict: Rc::new(PyDict::new()),
                builtin: true,
                subclassable: false,
                extra: Default::default(),
            }),
            fields,
        }
    }

    fn values(&self) -> Vec<Value> {
        self.fields.iter().map(|(_, v)| v.clone()).collect()
    }
}

fn seq_of(args: &[Value]) -> Option<&StructSeq> {
    match args.first() {
        Some(Value::Native(n)) => n.as_any().downcast_ref::<StructSeq>(),
        _ => None,
    }
}

fn structseq_iter(vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    let values = seq_of(args).map(StructSeq::values).unwrap_or_default();
    rpvm_object::protocols::iter::get_iter(vm, &Value::tuple(values))
}

fn structseq_len(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    Ok(Value::from(seq_of(args).map_or(0, |s| s.fields.len())))
}

impl NativeObject for StructSeq {
    fn class(&self) -> Rc<PyType> {
        self.class.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, vm: &mut Vm) -> PyResult<String> {
        let mut parts = Vec::with_capacity(self.fields.len());
        for (name, v) in &self.fields {
            parts.push(format!(
                "{name}={}",
                rpvm_object::protocols::repr::repr(vm, v)?
            ));
        }
        Ok(format!("sys.{}({})", self.class.name, parts.join(", ")))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        if let Some((_, v)) = self.fields.iter().find(|(n, _)| *n == name) {
            return Ok(Some(v.clone()));
        }
        let method = |n: &'static str, f: rpvm_object::function::NativeFn| {
            Value::Builtin(Rc::new(rpvm_object::function::BuiltinFunction {
                name: n,
                func: f,
                bound_self: Some(self_value.clone()),
                owner: None,
            }))
        };
        Ok(match name {
            "__iter__" => Some(method("__iter__", structseq_iter)),
            "__len__" => Some(method("__len__", structseq_len)),
            "n_fields" | "n_sequence_fields" => Some(Value::from(self.fields.len())),
            _ => None,
        })
    }
}

fn float_info() -> Value {
    Value::Native(NativeRef::new(StructSeq::new(
        "float_info",
        vec![
            ("max", Value::Float(f64::MAX)),
            ("max_exp", Value::Int(f64::MAX_EXP as i64)),
            ("max_10_exp", Value::Int(f64::MAX_10_EXP as i64)),
            ("min", Value::Float(f64::MIN_POSITIVE)),
            ("min_exp", Value::Int(f64::MIN_EXP as i64)),
            ("min_10_exp", Value::Int(f64::MIN_10_EXP as i64)),
            ("dig", Value::Int(f64::DIGITS as i64)),
            ("mant_dig", Value::Int(f64::MANTISSA_DIGITS as i64)),
            ("epsilon", Value::Float(f64::EPSILON)),
            ("radix", Value::Int(2)),
            ("rounds", Value::Int(1)),
        ],
    )))
}

fn int_info() -> Value {
    Value::Native(NativeRef::new(StructSeq::new(
        "int_info",
        vec![
            ("bits_per_digit", Value::Int(30)),
            ("sizeof_digit", Value::Int(4)),
            ("default_max_str_digits", Value::Int(4300)),
            ("str_digits_check_threshold", Value::Int(640)),
        ],
    )))
}

fn hash_info() -> Value {
    Value::Native(NativeRef::new(StructSeq::new(
        "hash_info",
        vec![
            ("width", Value::Int(64)),
            ("modulus", Value::Int((1i64 << 61) - 1)),
            ("inf", Value::Int(314159)),
            ("nan", Value::Int(0)),
            ("imag", Value::Int(1000003)),
            ("algorithm", Value::str("siphash13")),
            ("hash_bits", Value::Int(64)),
            ("seed_bits", Value::Int(128)),
            ("cutoff", Value::Int(0)),
        ],
    )))
}

/// `sys.version`.
pub const VERSION: &str = "3.11.7 (rpvm)";

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
    d.set_str(
        "version_info",
        Value::tuple(vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(7),
            Value::str("final"),
            Value::Int(0),
        ]),
    );
    d.set_str("hexversion", Value::Int(0x030B_07F0));
    d.set_str("float_info", float_info());
    d.set_str("int_info", int_info());
    d.set_str("hash_info", hash_info());
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
