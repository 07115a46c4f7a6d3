//! Special methods of built-in values called explicitly (`(3).__add__(4)`, `[].__len__()`,
//! `super().__eq__(other)`): each one runs the protocol operation it stands for.
//!
//! Binary operators return `NotImplemented` where the operation does not apply to the
//! operand types, as CPython's slot wrappers do.

use crate::exception::{type_error, PyResult};
use crate::function::NativeFn;
use crate::protocols::arith::{binary_op, invert, negative, positive, BinOp};
use crate::protocols::compare::{rich_compare, CompareOp};
use crate::value::Value;
use crate::vm::Vm;

fn arg<'a>(args: &'a [Value], i: usize, name: &str) -> PyResult<&'a Value> {
    args.get(i)
        .ok_or_else(|| type_error(format!("expected 1 argument, got 0 ({name})")))
}

/// `self` of a special method: for an instance of a subclass of a built-in type, the
/// built-in value inside it, so `dict.__setitem__(self, k, v)` in a subclass's own
/// `__setitem__` stores into the dict instead of calling the override again.
fn receiver(args: &[Value]) -> PyResult<Value> {
    let v = arg(args, 0, "self")?;
    Ok(crate::instance::base_value(v).unwrap_or_else(|| v.clone()))
}

fn binary(vm: &mut Vm, args: &[Value], op: BinOp, reflected: bool) -> PyResult<Value> {
    let a = &receiver(args)?;
    let b = arg(args, 1, op.dunders().0)?;
    let intlike = |v: &Value| matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_));
    if intlike(a) && !intlike(b) && matches!(b, Value::Float(_) | Value::Complex(_)) {
        return Ok(Value::NotImplemented);
    }
    // `int.__rmod__("%s")` is NotImplemented (a number has no `%` with a string); the
    // string's own `%` then formats the original operand, subclass and all.
    if reflected
        && op == BinOp::Mod
        && matches!(b, Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_))
        && !matches!(a, Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_))
    {
        return Ok(Value::NotImplemented);
    }
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    match binary_op(vm, op, x, y, false) {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("TypeError") => Ok(Value::NotImplemented),
        Err(e) => Err(e),
    }
}

fn compare(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let a = &receiver(args)?;
    let b = arg(args, 1, "other")?;
    match rich_compare(vm, a, b, op) {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("TypeError") => Ok(Value::NotImplemented),
        Err(e) => Err(e),
    }
}

macro_rules! binops {
    ($($name:ident, $rname:ident => $op:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
                binary(vm, args, $op, false)
            }
            fn $rname(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
                binary(vm, args, $op, true)
            }
        )*
    };
}

binops! {
    add, radd => BinOp::Add;
    sub, rsub => BinOp::Sub;
    mul, rmul => BinOp::Mul;
    truediv, rtruediv => BinOp::TrueDiv;
    floordiv, rfloordiv => BinOp::FloorDiv;
    modulo, rmodulo => BinOp::Mod;
    pow, rpow => BinOp::Pow;
    and, rand => BinOp::And;
    or, ror => BinOp::Or;
    xor, rxor => BinOp::Xor;
    lshift, rlshift => BinOp::LShift;
    rshift, rrshift => BinOp::RShift;
}

macro_rules! cmps {
    ($($name:ident => $op:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
                compare(vm, args, $op)
            }
        )*
    };
}

cmps! {
    lt => CompareOp::Lt;
    le => CompareOp::Le;
    eq => CompareOp::Eq;
    ne => CompareOp::Ne;
    gt => CompareOp::Gt;
    ge => CompareOp::Ge;
}

fn neg(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    negative(vm, &receiver(args)?)
}

fn pos(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    positive(vm, &receiver(args)?)
}

fn inv(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    invert(vm, &receiver(args)?)
}

fn abs(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = &receiver(args)?;
    match v {
        Value::Complex(c) => Ok(Value::Float(c.0.hypot(c.1))),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        _ => {
            let neg =
                crate::protocols::compare::compare_bool(vm, v, &Value::Int(0), CompareOp::Lt)?;
            if neg {
                negative(vm, v)
            } else {
                positive(vm, v)
            }
        }
    }
}

fn len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = &receiver(args)?;
    let n = match v {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::ByteArray(b) => b.len(),
        Value::Range(r) => r.len() as usize,
        _ => {
            let _ = vm;
            return Err(type_error(format!(
                "object of type '{}' has no len()",
                crate::protocols::type_name(v)
            )));
        }
    };
    Ok(Value::from(n))
}

fn boolean(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::truth::is_true(vm, &receiver(args)?).map(Value::Bool)
}

fn repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::repr::repr(vm, &receiver(args)?).map(Value::string)
}

fn str_(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::repr::str_(vm, &receiver(args)?).map(Value::string)
}

fn hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::hash::hash_value(vm, &receiver(args)?).map(Value::Int)
}

fn contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = &receiver(args)?;
    let x = arg(args, 1, "__contains__")?;
    crate::protocols::subscript::contains(vm, c, x).map(Value::Bool)
}

fn getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let k = arg(args, 1, "__getitem__")?;
    // `dict.__getitem__(d, key)` on a dict subclass calls its `__missing__` for a missing
    // key (urllib.parse's `_Quoter(dict).__getitem__` relies on it).
    if let Some(this @ Value::Instance(_)) = args.first() {
        if let Some(Value::Dict(d)) = crate::instance::base_value(this) {
            if let Some(missing) = crate::protocols::call::lookup_special(this, "__missing__") {
                let h = crate::protocols::hash::hash_value(vm, k)?;
                if let Some(r) = d.get_hashed(k, h) {
                    return Ok(r);
                }
                return crate::protocols::call::call(vm, &missing, &[this.clone(), k.clone()], &[]);
            }
        }
    }
    let c = &receiver(args)?;
    crate::protocols::subscript::get_item(vm, c, k)
}

fn setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = &receiver(args)?;
    let k = arg(args, 1, "__setitem__")?;
    let v = arg(args, 2, "__setitem__")?.clone();
    crate::protocols::subscript::set_item(vm, c, k, v).map(|_| Value::None)
}

fn delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = &receiver(args)?;
    let k = arg(args, 1, "__delitem__")?;
    crate::protocols::subscript::del_item(vm, c, k).map(|_| Value::None)
}

fn iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::iter::get_iter(vm, &receiver(args)?)
}

fn next(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match crate::protocols::iter::next(vm, &receiver(args)?)? {
        Some(v) => Ok(v),
        None => Err(crate::exception::stop_iteration(None)),
    }
}

fn format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = &receiver(args)?;
    let spec = arg(args, 1, "__format__")?
        .as_str()
        .unwrap_or("")
        .to_string();
    crate::protocols::format::format_value(vm, v, &spec).map(Value::string)
}

fn index(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let _ = vm;
    let v = &receiver(args)?;
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            crate::protocols::type_name(v)
        ))),
    }
}

fn to_float(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::call::call(
        vm,
        &Value::Type(crate::typeobj::builtin_types().float.clone()),
        &args[..1.min(args.len())],
        &[],
    )
}

fn to_int(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::protocols::call::call(
        vm,
        &Value::Type(crate::typeobj::builtin_types().int.clone()),
        &args[..1.min(args.len())],
        &[],
    )
}

/// The generic special methods, by name.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("__add__", add),
    ("__radd__", radd),
    ("__sub__", sub),
    ("__rsub__", rsub),
    ("__mul__", mul),
    ("__rmul__", rmul),
    ("__truediv__", truediv),
    ("__rtruediv__", rtruediv),
    ("__floordiv__", floordiv),
    ("__rfloordiv__", rfloordiv),
    ("__mod__", modulo),
    ("__rmod__", rmodulo),
    ("__pow__", pow),
    ("__rpow__", rpow),
    ("__and__", and),
    ("__rand__", rand),
    ("__or__", or),
    ("__ror__", ror),
    ("__xor__", xor),
    ("__rxor__", rxor),
    ("__lshift__", lshift),
    ("__rlshift__", rlshift),
    ("__rshift__", rshift),
    ("__rrshift__", rrshift),
    ("__lt__", lt),
    ("__le__", le),
    ("__eq__", eq),
    ("__ne__", ne),
    ("__gt__", gt),
    ("__ge__", ge),
    ("__neg__", neg),
    ("__pos__", pos),
    ("__invert__", inv),
    ("__abs__", abs),
    ("__len__", len),
    ("__bool__", boolean),
    ("__repr__", repr),
    ("__str__", str_),
    ("__hash__", hash),
    ("__contains__", contains),
    ("__getitem__", getitem),
    ("__setitem__", setitem),
    ("__delitem__", delitem),
    ("__iter__", iter),
    ("__next__", next),
    ("__format__", format),
    ("__index__", index),
    ("__float__", to_float),
    ("__int__", to_int),
];
