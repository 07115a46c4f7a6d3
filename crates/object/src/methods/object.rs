//! The methods `object` itself defines (`object.__eq__`, `object.__repr__`, ...), reached
//! as `object.__eq__(a, b)`, `Cls.__eq__` on a class that does not override it, or
//! `super().__eq__(other)`. Unlike the generic special methods, they never dispatch back to
//! the instance's own override (which is usually the caller).

use crate::exception::{type_error, PyResult};
use crate::function::NativeFn;
use crate::protocols::{type_name, type_of};
use crate::value::Value;
use crate::vm::Vm;

fn arg<'a>(args: &'a [Value], i: usize, name: &str) -> PyResult<&'a Value> {
    args.get(i).ok_or_else(|| {
        type_error(format!(
            "expected {} argument{}, got {} ({name})",
            i,
            if i == 1 { "" } else { "s" },
            args.len().saturating_sub(1)
        ))
    })
}

/// `object.__eq__(self, other)`: `True` for the same object, else `NotImplemented`.
fn eq(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = arg(args, 0, "__eq__")?;
    let b = arg(args, 1, "__eq__")?;
    Ok(if a.is(b) {
        Value::Bool(true)
    } else {
        Value::NotImplemented
    })
}

/// `object.__ne__(self, other)`: the negation of the type's own `__eq__`, unless that
/// returns `NotImplemented`.
fn ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = arg(args, 0, "__ne__")?;
    let b = arg(args, 1, "__ne__")?;
    let r = match crate::protocols::call::lookup_special(a, "__eq__") {
        Some(f) => crate::protocols::call::call(vm, &f, &[a.clone(), b.clone()], &[])?,
        None if a.is(b) => Value::Bool(true),
        None => match crate::protocols::eq::builtin_eq(a, b) {
            Some(r) => Value::Bool(r),
            None => Value::NotImplemented,
        },
    };
    if matches!(r, Value::NotImplemented) {
        return Ok(r);
    }
    Ok(Value::Bool(!crate::protocols::truth::is_true(vm, &r)?))
}

/// `object.__lt__` & co.: always `NotImplemented`.
fn not_implemented(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    arg(args, 1, "comparison")?;
    Ok(Value::NotImplemented)
}

/// `object.__repr__(self)`: `<module.Qualname object at 0x...>`.
fn repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = arg(args, 0, "__repr__")?;
    let class = type_of(v);
    let addr = crate::protocols::repr::addr(v);
    Ok(Value::string(if class.module == "builtins" {
        format!("<{} object at {addr}>", class.qualname)
    } else {
        format!("<{}.{} object at {addr}>", class.module, class.qualname)
    }))
}

/// `object.__str__(self)`: `repr(self)` (through the type's `__repr__`).
fn str_(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::repr::repr(vm, arg(args, 0, "__str__")?).map(Value::string)
}

/// `object.__hash__(self)`: the identity hash (built-in values keep their own hash).
fn hash(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = arg(args, 0, "__hash__")?;
    let h = crate::protocols::hash::builtin_hash(v)
        .unwrap_or_else(|| crate::hash::hash_pointer(v.ptr().unwrap_or(0)));
    Ok(Value::Int(h))
}

/// `object.__format__(self, spec)`: `str(self)` for an empty spec, else TypeError.
fn format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = arg(args, 0, "__format__")?;
    let spec = arg(args, 1, "__format__")?;
    let Some(spec) = spec.as_str() else {
        return Err(type_error(format!(
            "__format__() argument must be str, not {}",
            type_name(spec)
        )));
    };
    if !spec.is_empty() {
        return Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            type_of(v).name
        )));
    }
    crate::protocols::repr::str_(vm, v).map(Value::string)
}

/// The methods of `object`, by name.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("__eq__", eq),
    ("__ne__", ne),
    ("__lt__", not_implemented),
    ("__le__", not_implemented),
    ("__gt__", not_implemented),
    ("__ge__", not_implemented),
    ("__repr__", repr),
    ("__str__", str_),
    ("__hash__", hash),
    ("__format__", format),
];
