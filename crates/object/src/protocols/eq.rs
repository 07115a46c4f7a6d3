//! Equality of built-in values, used by dict and set keys and as the fast path of `==`.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive, Zero};

use crate::value::Value;

/// Exact comparison of an int with a float (no rounding of the int). `None` if `f` is NaN.
pub fn cmp_i64_f64(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if (i.unsigned_abs()) < (1u64 << 53) {
        return (i as f64).partial_cmp(&f);
    }
    cmp_bigint_f64(&BigInt::from(i), f)
}

/// Exact comparison of a BigInt with a float. `None` if `f` is NaN.
pub fn cmp_bigint_f64(b: &BigInt, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = f.floor();
    let fb = BigInt::from_f64(floor)?;
    match b.cmp(&fb) {
        Ordering::Equal if f > floor => Some(Ordering::Less),
        other => Some(other),
    }
}

/// Numeric view of a value for cross-type comparison.
enum Num<'a> {
    Int(i64),
    Big(&'a BigInt),
    Float(f64),
    Complex(f64, f64),
}

fn num(v: &Value) -> Option<Num<'_>> {
    Some(match v {
        Value::Int(i) => Num::Int(*i),
        Value::Bool(b) => Num::Int(*b as i64),
        Value::BigInt(b) => Num::Big(b),
        Value::Float(f) => Num::Float(*f),
        Value::Complex(c) => Num::Complex(c.0, c.1),
        _ => return None,
    })
}

/// Ordering of two real numbers (`None` for NaN or complex operands).
pub fn cmp_numbers(a: &Value, b: &Value) -> Option<Option<Ordering>> {
    let (x, y) = (num(a)?, num(b)?);
    Some(match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
        (Num::Int(a), Num::Float(b)) => cmp_i64_f64(a, b),
        (Num::Float(a), Num::Int(b)) => cmp_i64_f64(b, a).map(Ordering::reverse),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b),
        (Num::Big(a), Num::Big(b)) => Some(a.cmp(b)),
        (Num::Big(a), Num::Int(b)) => Some(a.cmp(&BigInt::from(b))),
        (Num::Int(a), Num::Big(b)) => Some(BigInt::from(a).cmp(b)),
        (Num::Big(a), Num::Float(b)) => cmp_bigint_f64(a, b),
        (Num::Float(a), Num::Big(b)) => cmp_bigint_f64(b, a).map(Ordering::reverse),
        (Num::Complex(..), _) | (_, Num::Complex(..)) => None,
    })
}

fn numbers_equal(a: &Value, b: &Value) -> Option<bool> {
    let (x, y) = (num(a)?, num(b)?);
    Some(match (x, y) {
        (Num::Complex(ar, ai), Num::Complex(br, bi)) => ar == br && ai == bi,
        (Num::Complex(r, i), _) => i == 0.0 && numbers_equal(&Value::Float(r), b).unwrap_or(false),
        (_, Num::Complex(r, i)) => i == 0.0 && numbers_equal(a, &Value::Float(r)).unwrap_or(false),
        _ => cmp_numbers(a, b).flatten() == Some(Ordering::Equal),
    })
}

/// Equality for built-in values without running Python code. `None` when the answer needs
/// a user `__eq__` (instances of user classes, or containers holding them).
pub fn builtin_eq(a: &Value, b: &Value) -> Option<bool> {
    if let Some(r) = numbers_equal(a, b) {
        return Some(r);
    }
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => {
            Some(std::rc::Rc::ptr_eq(x, y) || x.as_str() == y.as_str())
        }
        (Value::Bytes(x), Value::Bytes(y)) => Some(x[..] == y[..]),
        (Value::Bytes(x), Value::ByteArray(y)) | (Value::ByteArray(y), Value::Bytes(x)) => {
            Some(y.try_borrow().map(|y| x[..] == y[..]).unwrap_or(false))
        }
        (Value::ByteArray(x), Value::ByteArray(y)) => Some(x.snapshot() == y.snapshot()),
        (Value::Tuple(x), Value::Tuple(y)) => seq_eq(x.as_slice(), y.as_slice()),
        (Value::List(x), Value::List(y)) => {
            if std::rc::Rc::ptr_eq(x, y) {
                return Some(true);
            }
            seq_eq(&x.snapshot(), &y.snapshot())
        }
        (Value::Dict(x), Value::Dict(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (k, v) in x.items() {
                let h = super::hash::builtin_hash(&k)?;
                match y.get_hashed(&k, h) {
                    Some(w) => {
                        if !(v.is(&w) || builtin_eq(&v, &w)?) {
                            return Some(false);
                        }
                    }
                    None => return Some(false),
                }
            }
            Some(true)
        }
        (Value::Set(x) | Value::FrozenSet(x), Value::Set(y) | Value::FrozenSet(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let items = x.items();
            let table = y.table();
            for k in &items {
                let h = super::hash::builtin_hash(k)?;
                if !table
                    .contains(h, k, |s: &Value, p: &Value| {
                        Ok::<bool, ()>(keys_equal(s, p))
                    })
                    .unwrap_or(false)
                {
                    return Some(false);
                }
            }
            Some(true)
        }
        (Value::Slice(x), Value::Slice(y)) => Some(
            (x.start.is(&y.start) || builtin_eq(&x.start, &y.start)?)
                && (x.stop.is(&y.stop) || builtin_eq(&x.stop, &y.stop)?)
                && (x.step.is(&y.step) || builtin_eq(&x.step, &y.step)?),
        ),
        (Value::Range(x), Value::Range(y)) => {
            let (lx, ly) = (x.len(), y.len());
            Some(lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step))))
        }
        (Value::Instance(_), _) | (_, Value::Instance(_)) => None,
        (Value::Exception(_), _) | (_, Value::Exception(_)) => Some(a.is(b)),
        _ => Some(a.is(b) || same_singleton(a, b)),
    }
}

fn same_singleton(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::None, Value::None)
            | (Value::Ellipsis, Value::Ellipsis)
            | (Value::NotImplemented, Value::NotImplemented)
    ) || match (a, b) {
        (Value::Type(x), Value::Type(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => {
            x.func as usize == y.func as usize
                && match (&x.bound_self, &y.bound_self) {
                    (Some(p), Some(q)) => p.is(q),
                    (None, None) => true,
                    _ => false,
                }
        }
        (Value::BoundMethod(x), Value::BoundMethod(y)) => {
            x.func.is(&y.func) && x.self_.is(&y.self_)
        }
        _ => false,
    }
}

fn seq_eq(x: &[Value], y: &[Value]) -> Option<bool> {
    if x.len() != y.len() {
        return Some(false);
    }
    for (p, q) in x.iter().zip(y) {
        if !(p.is(q) || builtin_eq(p, q)?) {
            return Some(false);
        }
    }
    Some(true)
}

/// Key equality for dicts and sets: identity, then built-in equality. Instances of user
/// classes compare by identity here (user `__eq__` on dict keys is not consulted yet).
#[inline]
pub fn keys_equal(a: &Value, b: &Value) -> bool {
    if let (Value::Str(x), Value::Str(y)) = (a, b) {
        return x.same_text(y);
    }
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return x == y;
    }
    a.is(b) || builtin_eq(a, b).unwrap_or(false)
}

/// Whether `v` is a zero of any numeric type (used by a few callers).
pub fn is_zero(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i == 0,
        Value::Bool(b) => !b,
        Value::BigInt(b) => b.is_zero(),
        Value::Float(f) => *f == 0.0,
        _ => false,
    }
}

/// Converts a BigInt known to be small back to `i64` (helper for callers).
pub fn small(b: &BigInt) -> Option<i64> {
    b.to_i64()
}
