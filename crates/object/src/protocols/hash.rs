//! `hash()`: CPython's numeric and tuple hashes for built-in values, identity hashes for
//! objects, `__hash__` for instances of user classes.

use crate::exception::{type_error, PyResult};
use crate::hash as h;
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// The hash of a built-in value without running Python code; `None` if the value is
/// unhashable or needs a user `__hash__`.
pub fn builtin_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::Int(i) => h::hash_i64(*i),
        Value::Bool(b) => *b as i64,
        Value::BigInt(b) => h::hash_bigint(b),
        Value::Float(f) => h::hash_f64_or(*f, v.ptr().unwrap_or(0)),
        Value::Complex(c) => h::hash_complex_or(c.0, c.1, v.ptr().unwrap_or(0)),
        Value::Str(s) => s.hash(),
        Value::Bytes(b) => crate::str::hash_str(&String::from_utf8_lossy(b)) ^ 0x5bd1e995,
        Value::Tuple(t) => {
            let mut hashes = Vec::with_capacity(t.len());
            for item in t.as_slice() {
                hashes.push(builtin_hash(item)?);
            }
            h::hash_tuple(hashes.into_iter(), t.len())
        }
        Value::FrozenSet(s) => {
            let hashes: Vec<i64> = s.table().hashes().collect();
            h::hash_frozenset(hashes.into_iter())
        }
        Value::None => h::hash_pointer(0x5f5e100),
        Value::Ellipsis => h::hash_pointer(0x5f5e200),
        Value::NotImplemented => h::hash_pointer(0x5f5e300),
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::ByteArray(_) => return None,
        Value::Slice(_) => return None,
        Value::Instance(_) => return None,
        Value::Range(r) => h::hash_tuple(
            [
                h::hash_i64(r.len()),
                h::hash_i64(r.start),
                h::hash_i64(r.step),
            ]
            .into_iter(),
            3,
        ),
        // Bound built-in methods are made anew on each lookup (`[].append`) and equal when
        // they wrap the same function for the same object, so they hash by those.
        Value::Builtin(b) if b.bound_self.is_some() => h::hash_pointer(
            (b.func as usize) ^ b.bound_self.as_ref().and_then(Value::ptr).unwrap_or(0),
        ),
        Value::BoundMethod(m) => {
            h::hash_pointer(m.func.ptr().unwrap_or(0) ^ m.self_.ptr().unwrap_or(0).rotate_left(17))
        }
        other => h::hash_pointer(other.ptr().unwrap_or(0)),
    })
}

/// `hash(v)`: TypeError `unhashable type: 'list'` for unhashable values.
///
/// Ints and strs, the usual dict keys, hash inline; everything else goes out of line.
#[inline]
pub fn hash_value(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(h::hash_i64(*i)),
        Value::Str(s) => Ok(s.hash()),
        _ => hash_value_general(vm, v),
    }
}

/// [`hash_value`] for any value.
#[inline(never)]
fn hash_value_general(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Some(x) = builtin_hash(v) {
        return Ok(x);
    }
    match v {
        Value::Instance(inst) => {
            let class = inst.class.borrow().clone();
            match class.lookup("__hash__") {
                Some(Value::None) => Err(type_error(format!("unhashable type: '{}'", class.name))),
                Some(f) => {
                    let r = crate::protocols::call::call(vm, &f, std::slice::from_ref(v), &[])?;
                    match r {
                        Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                        Value::Bool(b) => Ok(b as i64),
                        Value::BigInt(b) => Ok(h::hash_bigint(&b)),
                        _ => Err(type_error("__hash__ method should return an integer")),
                    }
                }
                None => {
                    if class.lookup("__eq__").is_none() {
                        if let Some(base) = crate::instance::base_value(v) {
                            return hash_value(vm, &base);
                        }
                    }
                    if class.lookup("__eq__").is_some() {
                        Err(type_error(format!("unhashable type: '{}'", class.name)))
                    } else {
                        Ok(h::hash_pointer(v.ptr().unwrap_or(0)))
                    }
                }
            }
        }
        Value::Tuple(t) => {
            let mut hashes = Vec::with_capacity(t.len());
            for item in t.as_slice() {
                hashes.push(hash_value(vm, item)?);
            }
            Ok(h::hash_tuple(hashes.into_iter(), t.len()))
        }
        _ => Err(type_error(format!("unhashable type: '{}'", type_name(v)))),
    }
}

/// Whether finding `key` in a dict or set may need a user `__eq__` (an instance of a class
/// that defines one, possibly inside a tuple); built-in keys compare without Python code.
#[inline]
pub fn needs_user_eq(key: &Value) -> bool {
    match key {
        Value::Instance(_) | Value::Tuple(_) => needs_user_eq_general(key),
        _ => false,
    }
}

/// [`needs_user_eq`] for instances and tuples.
#[inline(never)]
fn needs_user_eq_general(key: &Value) -> bool {
    match key {
        Value::Instance(_) => crate::protocols::call::lookup_special(key, "__eq__").is_some(),
        Value::Tuple(t) => t.as_slice().iter().any(needs_user_eq),
        _ => false,
    }
}

/// [`canonical_key`] without the copy when no user `__eq__` can be involved: borrows `key`
/// itself for ints, strs and the other built-in keys, the usual case of a dict lookup.
#[inline]
pub fn canonical_key_ref<'a>(
    vm: &mut Vm,
    container: &Value,
    key: &'a Value,
    hash: i64,
) -> PyResult<std::borrow::Cow<'a, Value>> {
    if !needs_user_eq(key) && !has_user_keys(container) {
        return Ok(std::borrow::Cow::Borrowed(key));
    }
    canonical_key(vm, container, key, hash).map(std::borrow::Cow::Owned)
}

/// Whether `container` is a dict that may hold instances of user classes as keys.
#[inline]
fn has_user_keys(container: &Value) -> bool {
    matches!(container, Value::Dict(d) if d.has_user_keys())
}

/// The key under which `key` is stored in `container` (a dict or set) when a user `__eq__`
/// says they are equal, else `key` itself. Dict and set tables compare keys by identity and
/// built-in equality only; this step lets the ordinary lookup find user-equal keys.
pub fn canonical_key(vm: &mut Vm, container: &Value, key: &Value, hash: i64) -> PyResult<Value> {
    if !needs_user_eq(key) && !has_user_keys(container) {
        return Ok(key.clone());
    }
    let candidates: Vec<Value> = match container {
        Value::Dict(d) => d.candidates(hash),
        Value::Set(s) | Value::FrozenSet(s) => s
            .table()
            .entries()
            .filter(|(h, _)| *h == hash)
            .map(|(_, k)| k.clone())
            .collect(),
        _ => return Ok(key.clone()),
    };
    for cand in candidates {
        if cand.is(key) || crate::protocols::compare::equal(vm, &cand, key)? {
            return Ok(cand);
        }
    }
    Ok(key.clone())
}
