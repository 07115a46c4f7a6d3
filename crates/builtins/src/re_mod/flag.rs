//! `re.RegexFlag`: an `int` subclass whose values print as CPython 3.11's
//! `re.IGNORECASE|re.MULTILINE` (`enum.global_enum` on an `IntFlag` with `KEEP`).

use std::rc::Rc;

use rpvm_object::exception::PyResult;
use rpvm_object::instance::PyInstance;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::functools::{class_of, ClassSpec};

/// The members in definition order (the order CPython names them in a combination).
const MEMBERS: &[(&str, i64)] = &[
    ("ASCII", 256),
    ("IGNORECASE", 2),
    ("LOCALE", 4),
    ("UNICODE", 32),
    ("MULTILINE", 8),
    ("DOTALL", 16),
    ("VERBOSE", 64),
    ("TEMPLATE", 1),
    ("DEBUG", 128),
];

/// Every member's bit.
const ALL: i64 = 511;

/// The `RegexFlag` class.
pub fn flag_class(vm: &mut Vm) -> Rc<PyType> {
    let spec = ClassSpec {
        name: "RegexFlag",
        module: "re",
        base: Some(builtin_types().int.clone()),
        new: None,
        dunders: &[
            ("__repr__", flag_repr),
            ("__str__", flag_repr),
            ("__format__", flag_format),
            ("__or__", flag_or),
            ("__ror__", flag_or),
            ("__and__", flag_and),
            ("__rand__", flag_and),
            ("__xor__", flag_xor),
            ("__rxor__", flag_xor),
            ("__invert__", flag_invert),
            ("__contains__", flag_contains),
        ],
        methods: &[],
        props: &[("name", flag_name), ("value", flag_value)],
    };
    class_of(vm, &spec)
}

/// A `RegexFlag` with value `v`.
pub fn flag(vm: &mut Vm, v: i64) -> Value {
    Value::Instance(PyInstance::new(flag_class(vm), Some(Value::Int(v))))
}

fn int_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        other => match crate::args::builtin_base(other) {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        },
    }
}

/// `IGNORECASE|MULTILINE` (with any unknown bits in hex), `NOFLAG` for 0.
fn name_of(v: i64) -> String {
    if v == 0 {
        return "NOFLAG".into();
    }
    let mut names: Vec<String> = MEMBERS
        .iter()
        .filter(|(_, bit)| v & bit != 0)
        .map(|(n, _)| n.to_string())
        .collect();
    let rest = v & !ALL;
    if rest != 0 {
        names.push(format!("{rest:#x}"));
    }
    names.join("|")
}

fn flag_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_of(args.first()).unwrap_or(0);
    let names = name_of(v);
    Ok(Value::string(
        names
            .split('|')
            .map(|n| {
                if n.starts_with('0') {
                    n.to_string()
                } else {
                    format!("re.{n}")
                }
            })
            .collect::<Vec<_>>()
            .join("|"),
    ))
}

fn flag_format(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    match args.get(1).and_then(Value::as_str) {
        Some("") | None => flag_repr(vm, args, kw),
        Some(spec) => {
            let v = Value::Int(int_of(args.first()).unwrap_or(0));
            crate::introspection::format(vm, &[v, Value::str(spec)], &[])
        }
    }
}

fn binop(vm: &mut Vm, args: &[Value], f: fn(i64, i64) -> i64) -> PyResult<Value> {
    match (int_of(args.first()), int_of(args.get(1))) {
        (Some(a), Some(b)) => Ok(flag(vm, f(a, b))),
        _ => Ok(Value::NotImplemented),
    }
}

fn flag_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    binop(vm, args, |a, b| a | b)
}

fn flag_and(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    binop(vm, args, |a, b| a & b)
}

fn flag_xor(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    binop(vm, args, |a, b| a ^ b)
}

fn flag_invert(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_of(args.first()).unwrap_or(0);
    Ok(flag(vm, !v & ALL))
}

fn flag_contains(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match (int_of(args.first()), int_of(args.get(1))) {
        (Some(a), Some(b)) => Ok(Value::Bool(a & b == b)),
        _ => Err(rpvm_object::exception::type_error(format!(
            "unsupported operand type(s) for 'in': '{}' and 'RegexFlag'",
            args.get(1)
                .map_or("NoneType".to_string(), rpvm_object::protocols::type_name)
        ))),
    }
}

fn flag_name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::string(name_of(int_of(args.first()).unwrap_or(0))))
}

fn flag_value(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(int_of(args.first()).unwrap_or(0)))
}
