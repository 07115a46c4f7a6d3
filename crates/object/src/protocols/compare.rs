//! Rich comparison (COMPARE_OP) with CPython's reflection rules and error messages.

use std::cmp::Ordering;

use crate::exception::{type_error, PyResult};
use crate::protocols::call::call_dunder;
use crate::protocols::eq::{builtin_eq, cmp_numbers};
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// A comparison operator, numbered as COMPARE_OP's argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator for COMPARE_OP's argument.
    pub fn from_arg(arg: u32) -> CompareOp {
        match arg {
            0 => CompareOp::Lt,
            1 => CompareOp::Le,
            2 => CompareOp::Eq,
            3 => CompareOp::Ne,
            4 => CompareOp::Gt,
            _ => CompareOp::Ge,
        }
    }

    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    /// Whether `ord` satisfies this operator.
    #[inline]
    pub fn test(self, ord: Ordering) -> bool {
        match self {
            CompareOp::Lt => ord == Ordering::Less,
            CompareOp::Le => ord != Ordering::Greater,
            CompareOp::Eq => ord == Ordering::Equal,
            CompareOp::Ne => ord != Ordering::Equal,
            CompareOp::Gt => ord == Ordering::Greater,
            CompareOp::Ge => ord != Ordering::Less,
        }
    }

    /// This operator on two floats, with IEEE semantics (NaN compares unequal to all).
    #[inline]
    pub fn test_f64(self, x: f64, y: f64) -> bool {
        match self {
            CompareOp::Lt => x < y,
            CompareOp::Le => x <= y,
            CompareOp::Eq => x == y,
            CompareOp::Ne => x != y,
            CompareOp::Gt => x > y,
            CompareOp::Ge => x >= y,
        }
    }

    fn reflected(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Eq => CompareOp::Eq,
            CompareOp::Ne => CompareOp::Ne,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    fn dunder(self) -> &'static str {
        match self {
            CompareOp::Lt => "__lt__",
            CompareOp::Le => "__le__",
            CompareOp::Eq => "__eq__",
            CompareOp::Ne => "__ne__",
            CompareOp::Gt => "__gt__",
            CompareOp::Ge => "__ge__",
        }
    }
}

/// `a OP b` as a value (user `__lt__` may return anything).
pub fn rich_compare(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<Value> {
    if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
        if let Some(r) = call_dunder(vm, a, op.dunder(), std::slice::from_ref(b))? {
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if let Some(r) = call_dunder(vm, b, op.reflected().dunder(), std::slice::from_ref(a))? {
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
        if op == CompareOp::Ne {
            if let Some(r) = call_dunder(vm, a, "__eq__", std::slice::from_ref(b))? {
                if !matches!(r, Value::NotImplemented) {
                    let t = crate::protocols::truth::is_true(vm, &r)?;
                    return Ok(Value::Bool(!t));
                }
            }
        }
        return match op {
            CompareOp::Eq => Ok(Value::Bool(a.is(b))),
            CompareOp::Ne => Ok(Value::Bool(!a.is(b))),
            _ => Err(not_supported(op, a, b)),
        };
    }
    compare_bool(vm, a, b, op).map(Value::Bool)
}

fn not_supported(op: CompareOp, a: &Value, b: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        type_name(a),
        type_name(b)
    ))
}

/// `a OP b` as a bool.
pub fn compare_bool(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(op.test(x.cmp(y)));
    }
    if let Some(ord) = cmp_numbers(a, b) {
        return match ord {
            Some(o) => Ok(op.test(o)),
            None => match op {
                CompareOp::Ne => Ok(true),
                CompareOp::Eq => Ok(builtin_eq(a, b).unwrap_or(false)),
                _ if matches!(a, Value::Complex(_)) || matches!(b, Value::Complex(_)) => {
                    Err(not_supported(op, a, b))
                }
                _ => Ok(false),
            },
        };
    }
    if matches!(a, Value::Instance(_)) || matches!(b, Value::Instance(_)) {
        let r = rich_compare(vm, a, b, op)?;
        return crate::protocols::truth::is_true(vm, &r);
    }
    if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
        if let Some(r) = crate::methods::dict::dictview::compare(vm, a, b, op)? {
            return Ok(r);
        }
    }
    if matches!(op, CompareOp::Eq | CompareOp::Ne) {
        let eq = equal(vm, a, b)?;
        return Ok(if op == CompareOp::Eq { eq } else { !eq });
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Ok(op.test(x.as_str().cmp(y.as_str()))),
        (Value::Bytes(x), Value::Bytes(y)) => Ok(op.test(x[..].cmp(&y[..]))),
        (Value::Tuple(x), Value::Tuple(y)) => seq_compare(vm, x.as_slice(), y.as_slice(), op),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.snapshot(), y.snapshot());
            seq_compare(vm, &x, &y, op)
        }
        (Value::Set(_) | Value::FrozenSet(_), Value::Set(_) | Value::FrozenSet(_)) => {
            crate::methods::set_compare(vm, a, b, op)
        }
        _ => Err(not_supported(op, a, b)),
    }
}

/// Lexicographic comparison of sequences, as CPython's list/tuple richcompare.
fn seq_compare(vm: &mut Vm, x: &[Value], y: &[Value], op: CompareOp) -> PyResult<bool> {
    for (p, q) in x.iter().zip(y) {
        if !(p.is(q) || equal(vm, p, q)?) {
            return compare_bool(vm, p, q, op);
        }
    }
    Ok(op.test(x.len().cmp(&y.len())))
}

/// `a == b` as a bool.
pub fn equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let Some(r) = builtin_eq(a, b) {
        return Ok(r);
    }
    match (a, b) {
        (Value::Tuple(x), Value::Tuple(y)) => seq_equal(vm, x.as_slice(), y.as_slice()),
        (Value::List(x), Value::List(y)) => {
            let (x, y) = (x.snapshot(), y.snapshot());
            seq_equal(vm, &x, &y)
        }
        _ => {
            let r = rich_compare(vm, a, b, CompareOp::Eq)?;
            crate::protocols::truth::is_true(vm, &r)
        }
    }
}

fn seq_equal(vm: &mut Vm, x: &[Value], y: &[Value]) -> PyResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (p, q) in x.iter().zip(y) {
        if !(p.is(q) || equal(vm, p, q)?) {
            return Ok(false);
        }
    }
    Ok(true)
}
