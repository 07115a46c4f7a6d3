//! Truth testing (`bool(v)`, `if v:`).

use crate::exception::{type_error, PyResult};
use crate::value::Value;
use crate::vm::Vm;

/// `bool(v)` for built-in values; `None` when a user `__bool__`/`__len__` must decide.
#[inline]
pub fn builtin_truth(v: &Value) -> Option<bool> {
    Some(match v {
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::None | Value::Null => false,
        Value::Float(f) => *f != 0.0,
        Value::BigInt(_) => true,
        Value::Complex(c) => c.0 != 0.0 || c.1 != 0.0,
        Value::Str(s) => s.char_len() != 0,
        Value::Bytes(b) => !b.is_empty(),
        Value::ByteArray(b) => !b.is_empty(),
        Value::Tuple(t) => !t.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Dict(d) => !d.is_empty(),
        Value::Set(s) | Value::FrozenSet(s) => !s.is_empty(),
        Value::Range(r) => !r.is_empty(),
        Value::Instance(_) => return None,
        _ => true,
    })
}

/// `bool(v)`, consulting `__bool__` then `__len__` on instances of user classes.
#[inline]
pub fn is_true(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if let Some(b) = builtin_truth(v) {
        return Ok(b);
    }
    if let Some(r) = crate::protocols::call::call_dunder(vm, v, "__bool__", &[])? {
        return match r {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(format!(
                "__bool__ should return bool, returned {}",
                crate::protocols::type_name(&other)
            ))),
        };
    }
    if let Some(r) = crate::protocols::call::call_dunder(vm, v, "__len__", &[])? {
        return match r {
            Value::Int(i) if i >= 0 => Ok(i != 0),
            Value::Bool(b) => Ok(b),
            Value::Int(_) => Err(crate::exception::value_error(
                "__len__() should return >= 0",
            )),
            other => Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                crate::protocols::type_name(&other)
            ))),
        };
    }
    Ok(true)
}
