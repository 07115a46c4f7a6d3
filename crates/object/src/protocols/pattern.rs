//! The subject checks of structural pattern matching: `MATCH_SEQUENCE` and `MATCH_MAPPING`
//! (CPython tests the type's `Py_TPFLAGS_SEQUENCE` / `Py_TPFLAGS_MAPPING`).
//!
//! The flags are set on `list`, `tuple`, `range`, `memoryview`, `collections.deque` and
//! `array.array` (sequences), `dict` and `mappingproxy` (mappings), inherited by
//! subclasses, and given to a class that derives from or is registered with
//! `collections.abc.Sequence` / `Mapping` — never to `str`, `bytes` or `bytearray`.

use crate::exception::{value_error, PyResult};
use crate::protocols::attr::get_attr;
use crate::protocols::call::call;
use crate::protocols::compare::equal;
use crate::protocols::repr::repr;
use crate::protocols::truth::is_true;
use crate::protocols::type_of;
use crate::typeobj::{builtin_types, PyType};
use crate::value::Value;
use crate::vm::Vm;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sequence,
    Mapping,
}

/// What a built-in class in the MRO says: `Some(kind)` for a flagged type, `Some(other)`
/// for `str`/`bytes`/`bytearray`/`dict` (or list... for the other kind) — which settle the
/// answer — and `None` for a class that says nothing.
fn builtin_kind(t: &PyType) -> Option<Option<Kind>> {
    match (t.module.as_str(), t.name.as_str()) {
        // rpvm makes these two as classes backed by native state.
        ("collections", "deque") | ("array", "array") => Some(Some(Kind::Sequence)),
        ("builtins", "mappingproxy") => Some(Some(Kind::Mapping)),
        _ if !t.builtin => None,
        (_, "list" | "tuple" | "range" | "memoryview") => Some(Some(Kind::Sequence)),
        (_, "dict" | "mappingproxy") => Some(Some(Kind::Mapping)),
        (_, "str" | "bytes" | "bytearray") => Some(None),
        _ => None,
    }
}

fn matches_kind(vm: &mut Vm, v: &Value, kind: Kind) -> PyResult<bool> {
    let t = type_of(v);
    let mro = std::iter::once(&t).chain(t.mro_tail.iter());
    for c in mro {
        if let Some(k) = builtin_kind(c) {
            return Ok(k == Some(kind));
        }
    }
    // A class derived from or registered with the ABC (only possible once
    // `collections.abc` has been imported).
    let Some(Value::Module(m)) = vm.modules.get_str("collections.abc") else {
        return Ok(false);
    };
    let name = match kind {
        Kind::Sequence => "Sequence",
        Kind::Mapping => "Mapping",
    };
    let Some(Value::Type(abc)) = m.dict.get_str(name) else {
        return Ok(false);
    };
    if t.is_subtype(&abc) {
        return Ok(true);
    }
    let meta = type_of(&Value::Type(abc.clone()));
    let Some(hook) = meta.lookup("__instancecheck__") else {
        return Ok(false);
    };
    let r = call(vm, &hook, &[Value::Type(abc), v.clone()], &[])?;
    is_true(vm, &r)
}

/// `MATCH_SEQUENCE`: whether a sequence pattern (`case [a, b]`) may match `v`.
pub fn match_sequence(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match v {
        Value::List(_) | Value::Tuple(_) | Value::Range(_) => Ok(true),
        Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_) | Value::Dict(_) => Ok(false),
        Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) => Ok(false),
        _ => matches_kind(vm, v, Kind::Sequence),
    }
}

/// `MATCH_MAPPING`: whether a mapping pattern (`case {"k": v}`) may match `v`.
pub fn match_mapping(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match v {
        Value::Dict(_) => Ok(true),
        Value::List(_) | Value::Tuple(_) | Value::Range(_) | Value::Str(_) => Ok(false),
        Value::Int(_) | Value::Float(_) | Value::None | Value::Bool(_) => Ok(false),
        _ => matches_kind(vm, v, Kind::Mapping),
    }
}

/// `MATCH_KEYS` on a mapping that is not an exact dict: `subject.get(key, dummy)` for each
/// key, as CPython's `match_keys` does; the tuple of values, or None when a key is missing.
pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &[Value]) -> PyResult<Value> {
    if keys.is_empty() {
        return Ok(Value::tuple(vec![]));
    }
    let get = get_attr(vm, subject, "get")?;
    let dummy = Value::list(vec![]);
    let mut seen: Vec<Value> = Vec::with_capacity(keys.len());
    let mut values = Vec::with_capacity(keys.len());
    for k in keys {
        for s in &seen {
            if equal(vm, s, k)? {
                let r = repr(vm, k)?;
                return Err(value_error(format!(
                    "mapping pattern checks duplicate key ({r})"
                )));
            }
        }
        seen.push(k.clone());
        let v = call(vm, &get, &[k.clone(), dummy.clone()], &[])?;
        if v.is(&dummy) {
            return Ok(Value::None);
        }
        values.push(v);
    }
    Ok(Value::tuple(values))
}

/// `dict(subject)` for the `**rest` of a mapping pattern on a non-dict mapping.
pub fn mapping_to_dict(vm: &mut Vm, subject: &Value) -> PyResult<Value> {
    let dict = Value::Type(builtin_types().dict.clone());
    call(vm, &dict, std::slice::from_ref(subject), &[])
}
