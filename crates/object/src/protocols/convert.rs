//! Conversions between values and Rust numbers, with CPython's error messages.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::exception::{overflow_error, type_error, PyResult};
use crate::protocols::type_name;
use crate::value::Value;

/// An int-like value (`int` or `bool`) as `i64`; `None` for other types; OverflowError if
/// it does not fit.
pub fn as_i64(v: &Value) -> PyResult<Option<i64>> {
    Ok(match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(_) => {
            return Err(overflow_error(
                "Python int too large to convert to C ssize_t",
            ))
        }
        _ => None,
    })
}

/// `operator.index(v)` as `i64` for indexing: TypeError naming `what` for non-ints.
pub fn index_i64(v: &Value, what: &str) -> PyResult<i64> {
    match as_i64(v)? {
        Some(i) => Ok(i),
        None => Err(type_error(format!(
            "{what} must be integers or slices, not {}",
            type_name(v)
        ))),
    }
}

/// An int-like value as a BigInt.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// A number as `f64` (`int`, `bool`, `float`), OverflowError for ints too large.
pub fn as_f64(v: &Value) -> PyResult<Option<f64>> {
    Ok(match v {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::BigInt(b) => Some(bigint_to_f64(b)?),
        _ => None,
    })
}

/// A BigInt as the nearest float, OverflowError if out of range.
pub fn bigint_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(overflow_error("int too large to convert to float")),
    }
}

/// Clamps a Python index (possibly negative) into `0..=len` as slicing does.
pub fn clamp_index(i: i64, len: usize) -> usize {
    let len = len as i64;
    let i = if i < 0 { i + len } else { i };
    i.clamp(0, len) as usize
}

/// Resolves an item index (possibly negative) against `len`; `None` if out of range.
pub fn resolve_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let j = if i < 0 { i + len } else { i };
    (0..len).contains(&j).then_some(j as usize)
}
