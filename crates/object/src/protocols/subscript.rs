//! Subscripts: `v[k]`, `v[k] = x`, `del v[k]`, including slices.

use std::rc::Rc;

use crate::exception::{index_error, key_error, type_error, value_error, PyResult};
use crate::misc::PySlice;
use crate::protocols::call::{call_dunder, lookup_special};
use crate::protocols::convert::{as_i64, index_i64, resolve_index};
use crate::protocols::hash::{canonical_key_ref, hash_value};
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// The concrete (start, stop, step, length) a slice selects from a sequence of `len` items
/// (CPython's PySlice_Unpack + PySlice_AdjustIndices).
pub fn slice_indices(s: &PySlice, len: usize) -> PyResult<(i64, i64, i64, usize)> {
    let get = |v: &Value| -> PyResult<Option<i64>> {
        if v.is_none() {
            return Ok(None);
        }
        match v {
            Value::BigInt(b) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => match as_i64(v)? {
                Some(i) => Ok(Some(i)),
                None => Err(type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        }
    };
    let step = get(&s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(i) if i < 0 => (i + len).max(lower),
            Some(i) => i.min(upper),
        }
    };
    let start = adjust(get(&s.start)?, if step < 0 { upper } else { lower });
    let stop = adjust(get(&s.stop)?, if step < 0 { lower } else { upper });
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, stop, step, count as usize))
}

fn pick<T: Clone>(items: &[T], s: &PySlice) -> PyResult<Vec<T>> {
    let (start, _, step, count) = slice_indices(s, items.len())?;
    let mut out = Vec::with_capacity(count);
    let mut i = start;
    for _ in 0..count {
        out.push(items[i as usize].clone());
        i += step;
    }
    Ok(out)
}

/// For sequence subscripts: converts a key that is an object with `__index__` (or a slice
/// with such bounds) to ints; `None` when no conversion is needed.
fn index_key(vm: &mut Vm, v: &Value, key: &Value) -> PyResult<Option<Value>> {
    let is_seq = matches!(
        v,
        Value::List(_)
            | Value::Tuple(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::ByteArray(_)
            | Value::Range(_)
    );
    if !is_seq {
        return Ok(None);
    }
    let conv = |vm: &mut Vm, x: &Value| -> PyResult<Option<Value>> {
        if matches!(x, Value::Instance(_)) && lookup_special(x, "__index__").is_some() {
            return call_dunder(vm, x, "__index__", &[]);
        }
        Ok(None)
    };
    match key {
        Value::Instance(_) => conv(vm, key),
        Value::Slice(s) => {
            let (a, b, c) = (conv(vm, &s.start)?, conv(vm, &s.stop)?, conv(vm, &s.step)?);
            if a.is_none() && b.is_none() && c.is_none() {
                return Ok(None);
            }
            Ok(Some(Value::Slice(Rc::new(PySlice {
                start: a.unwrap_or_else(|| s.start.clone()),
                stop: b.unwrap_or_else(|| s.stop.clone()),
                step: c.unwrap_or_else(|| s.step.clone()),
            }))))
        }
        _ => Ok(None),
    }
}

/// The hash of an int or str key (the keys whose dict lookup needs neither a user
/// `__hash__` nor a user `__eq__`).
#[inline(always)]
fn plain_key_hash(key: &Value) -> Option<i64> {
    match key {
        Value::Int(i) => Some(crate::hash::hash_i64(*i)),
        Value::Str(s) => Some(s.hash()),
        _ => None,
    }
}

/// The KeyError for a missing dict key (out of line: the hit is the hot path).
#[cold]
#[inline(never)]
fn missing_key(key: &Value) -> crate::exception::PyErr {
    key_error(key.clone())
}

/// `v[key]`.
///
/// A dict indexed by an int or str is answered here; everything else goes to the general
/// function, whose size would otherwise make every dict lookup pay for its prologue.
pub fn get_item(vm: &mut Vm, v: &Value, key: &Value) -> PyResult<Value> {
    if let Value::Dict(d) = v {
        if let Some(h) = plain_key_hash(key) {
            if let Some(v) = d.get_hashed(key, h) {
                return Ok(v);
            }
            if !d.has_user_keys() {
                return Err(missing_key(key));
            }
        }
    }
    get_item_general(vm, v, key)
}

/// [`get_item`] for any container and key.
#[inline(never)]
fn get_item_general(vm: &mut Vm, v: &Value, key: &Value) -> PyResult<Value> {
    if matches!(key, Value::Instance(_) | Value::Slice(_)) {
        if let Some(k) = index_key(vm, v, key)? {
            return get_item(vm, v, &k);
        }
    }
    match (v, key) {
        (Value::List(l), Value::Int(i)) => {
            let items = l.try_borrow();
            let n = items.as_ref().map(|v| v.len()).unwrap_or(0);
            match resolve_index(*i, n).and_then(|j| items.as_ref().and_then(|v| v.get(j).cloned()))
            {
                Some(x) => Ok(x),
                None => Err(index_error("list index out of range")),
            }
        }
        (Value::Tuple(t), Value::Int(i)) => match resolve_index(*i, t.len()) {
            Some(j) => Ok(t.as_slice()[j].clone()),
            None => Err(index_error("tuple index out of range")),
        },
        (Value::Dict(d), _) => {
            let h = hash_value(vm, key)?;
            let key = canonical_key_ref(vm, v, key, h)?;
            match d.get_hashed(&key, h) {
                Some(x) => Ok(x),
                None => Err(key_error(key.into_owned())),
            }
        }
        // Picked straight from the borrowed items: computing a slice's indices runs no
        // Python code (`index_key` above made its bounds plain ints).
        (Value::List(l), Value::Slice(s)) => match l.try_borrow() {
            Some(items) => Ok(Value::list(pick(&items, s)?)),
            None => Ok(Value::list(pick(&l.snapshot(), s)?)),
        },
        (Value::Tuple(t), Value::Slice(s)) => Ok(Value::tuple(pick(t.as_slice(), s)?)),
        (Value::Str(st), Value::Slice(s)) => {
            if st.is_ascii() {
                let bytes = pick(st.as_str().as_bytes(), s)?;
                Ok(Value::string(String::from_utf8(bytes).unwrap_or_default()))
            } else {
                let chars: Vec<char> = st.as_str().chars().collect();
                Ok(Value::string(pick(&chars, s)?.into_iter().collect()))
            }
        }
        (Value::Str(st), _) => {
            let i = index_i64(key, "string indices").map_err(|_| {
                type_error(format!(
                    "string indices must be integers, not '{}'",
                    type_name(key)
                ))
            })?;
            match resolve_index(i, st.char_len()).and_then(|j| st.char_at(j)) {
                Some(c) => Ok(Value::string(c.to_string())),
                None => Err(index_error("string index out of range")),
            }
        }
        (Value::Bytes(b), Value::Slice(s)) => Ok(Value::Bytes(pick(b, s)?.into())),
        (Value::Bytes(b), _) => {
            let i = index_i64(key, "byte indices")?;
            match resolve_index(i, b.len()) {
                Some(j) => Ok(Value::Int(b[j] as i64)),
                None => Err(index_error("index out of range")),
            }
        }
        (Value::ByteArray(b), Value::Slice(s)) => Ok(Value::ByteArray(Rc::new(
            crate::list::PyList::new(pick(&b.snapshot(), s)?),
        ))),
        (Value::ByteArray(b), _) => {
            let i = index_i64(key, "bytearray indices")?;
            match resolve_index(i, b.len()).and_then(|j| b.get(j)) {
                Some(x) => Ok(Value::Int(x as i64)),
                None => Err(index_error("bytearray index out of range")),
            }
        }
        (Value::Range(r), Value::Slice(s)) => {
            let (start, stop, step, _) = slice_indices(s, r.len() as usize)?;
            let new_start = r.item(start);
            let new_step = r.step * step;
            let new_stop = r.start + r.step * stop;
            Ok(Value::Range(Rc::new(crate::misc::PyRange {
                start: new_start,
                stop: new_stop,
                step: new_step,
            })))
        }
        (Value::Range(r), _) => {
            let i = index_i64(key, "range indices")?;
            match resolve_index(i, r.len() as usize) {
                Some(j) => Ok(Value::Int(r.item(j as i64))),
                None => Err(index_error("range object index out of range")),
            }
        }
        (Value::List(_), _) => Err(type_error(format!(
            "list indices must be integers or slices, not {}",
            type_name(key)
        ))),
        (Value::Tuple(_), _) => Err(type_error(format!(
            "tuple indices must be integers or slices, not {}",
            type_name(key)
        ))),
        (Value::Type(t), _) if t.builtin => Ok(Value::Type(t.clone())),
        (Value::Native(n), _) => match n.get_attr(vm, v, "__getitem__")? {
            Some(f) => crate::protocols::call::call(vm, &f, std::slice::from_ref(key), &[]),
            None => Err(type_error(format!(
                "'{}' object is not subscriptable",
                type_name(v)
            ))),
        },
        _ => {
            if let Some(r) = dict_subclass_missing(vm, v, key)? {
                return Ok(r);
            }
            if let Some(r) = call_dunder(vm, v, "__getitem__", std::slice::from_ref(key))? {
                return Ok(r);
            }
            if let Value::Type(t) = v {
                if let Some(f) = t.lookup("__class_getitem__") {
                    return crate::protocols::call::call(vm, &f, &[v.clone(), key.clone()], &[]);
                }
            }
            Err(type_error(format!(
                "'{}' object is not subscriptable",
                type_name(v)
            )))
        }
    }
}

/// `items[s] = new_items` for lists and bytearrays: a contiguous slice is replaced (and may
/// change length); an extended slice needs exactly as many new items as it selects.
fn assign_slice<T>(items: &mut Vec<T>, s: &PySlice, new_items: Vec<T>, what: &str) -> PyResult<()> {
    let (start, stop, step, count) = slice_indices(s, items.len())?;
    if step == 1 {
        let stop = stop.max(start);
        items.splice(start as usize..stop as usize, new_items);
        return Ok(());
    }
    if new_items.len() != count {
        return Err(value_error(format!(
            "attempt to assign {what} of size {} to extended slice of size {count}",
            new_items.len()
        )));
    }
    let mut i = start;
    for item in new_items {
        items[i as usize] = item;
        i += step;
    }
    Ok(())
}

/// `v[key] = value` (a dict with an int or str key is handled first, as in [`get_item`]).
pub fn set_item(vm: &mut Vm, v: &Value, key: &Value, value: Value) -> PyResult<()> {
    if let Value::Dict(d) = v {
        if let Some(h) = plain_key_hash(key) {
            if !d.has_user_keys() {
                d.insert_hashed(key.clone(), h, value);
                return Ok(());
            }
        }
    }
    set_item_general(vm, v, key, value)
}

/// [`set_item`] for any container and key.
#[inline(never)]
fn set_item_general(vm: &mut Vm, v: &Value, key: &Value, value: Value) -> PyResult<()> {
    // `seq[i:j] = x` and `seq[i] = x` with `__index__` objects: plain ints first.
    if matches!(key, Value::Instance(_) | Value::Slice(_)) {
        if let Some(k) = index_key(vm, v, key)? {
            return set_item_general(vm, v, &k, value);
        }
    }
    match v {
        Value::List(l) => match key {
            Value::Slice(s) => {
                // The new items are collected first (they may be the list itself).
                let new_items = crate::protocols::iter::collect(vm, &value)?;
                match l.try_borrow_mut() {
                    // In place: only the replaced part moves.
                    Some(mut items) => assign_slice(&mut items, s, new_items, "sequence"),
                    None => {
                        let mut items = l.snapshot();
                        assign_slice(&mut items, s, new_items, "sequence")?;
                        l.replace(items);
                        Ok(())
                    }
                }
            }
            _ => {
                let i = index_i64(key, "list indices")?;
                let mut items = l
                    .try_borrow_mut()
                    .ok_or_else(|| crate::exception::runtime_error("list is being modified"))?;
                let n = items.len();
                match resolve_index(i, n) {
                    Some(j) => {
                        items[j] = value;
                        Ok(())
                    }
                    None => Err(index_error("list assignment index out of range")),
                }
            }
        },
        Value::Dict(d) => {
            let h = hash_value(vm, key)?;
            let key = canonical_key_ref(vm, v, key, h)?.into_owned();
            d.insert_hashed(key, h, value);
            Ok(())
        }
        Value::ByteArray(b) if matches!(key, Value::Slice(_)) => {
            let Value::Slice(s) = key else { return Ok(()) };
            let new_items: Vec<u8> = match &value {
                Value::Bytes(x) => x.to_vec(),
                Value::ByteArray(x) => x.snapshot(),
                other => {
                    let items = crate::protocols::iter::collect(vm, other)?;
                    let mut out = Vec::with_capacity(items.len());
                    for it in items {
                        match as_i64(&it)? {
                            Some(x) if (0..256).contains(&x) => out.push(x as u8),
                            _ => return Err(value_error("byte must be in range(0, 256)")),
                        }
                    }
                    out
                }
            };
            let mut items = b.snapshot();
            assign_slice(&mut items, s, new_items, "bytes")?;
            b.replace(items);
            Ok(())
        }
        Value::ByteArray(b) => {
            let i = index_i64(key, "bytearray indices")?;
            let byte = match as_i64(&value)? {
                Some(x) if (0..256).contains(&x) => x as u8,
                Some(_) => return Err(value_error("byte must be in range(0, 256)")),
                None => {
                    return Err(type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        type_name(&value)
                    )))
                }
            };
            let mut items = b
                .try_borrow_mut()
                .ok_or_else(|| crate::exception::runtime_error("bytearray is being modified"))?;
            let n = items.len();
            match resolve_index(i, n) {
                Some(j) => {
                    items[j] = byte;
                    Ok(())
                }
                None => Err(index_error("bytearray index out of range")),
            }
        }
        _ => {
            if call_dunder(vm, v, "__setitem__", &[key.clone(), value])?.is_some() {
                return Ok(());
            }
            Err(type_error(format!(
                "'{}' object does not support item assignment",
                type_name(v)
            )))
        }
    }
}

/// `del v[key]`.
pub fn del_item(vm: &mut Vm, v: &Value, key: &Value) -> PyResult<()> {
    if matches!(key, Value::Instance(_) | Value::Slice(_)) {
        if let Some(k) = index_key(vm, v, key)? {
            return del_item(vm, v, &k);
        }
    }
    match v {
        Value::List(l) => match key {
            Value::Slice(s) => {
                let items = l.snapshot();
                let (start, _, step, count) = slice_indices(s, items.len())?;
                let mut remove = vec![false; items.len()];
                let mut i = start;
                for _ in 0..count {
                    remove[i as usize] = true;
                    i += step;
                }
                let kept = items
                    .into_iter()
                    .zip(remove)
                    .filter(|(_, r)| !r)
                    .map(|(x, _)| x)
                    .collect();
                l.replace(kept);
                Ok(())
            }
            _ => {
                let i = index_i64(key, "list indices")?;
                let mut items = l
                    .try_borrow_mut()
                    .ok_or_else(|| crate::exception::runtime_error("list is being modified"))?;
                let n = items.len();
                match resolve_index(i, n) {
                    Some(j) => {
                        items.remove(j);
                        Ok(())
                    }
                    None => Err(index_error("list assignment index out of range")),
                }
            }
        },
        Value::ByteArray(b) => {
            let mut items = b.snapshot();
            match key {
                Value::Slice(s) => {
                    let (start, _, step, count) = slice_indices(s, items.len())?;
                    let mut remove = vec![false; items.len()];
                    let mut i = start;
                    for _ in 0..count {
                        remove[i as usize] = true;
                        i += step;
                    }
                    let mut r = remove.into_iter();
                    items.retain(|_| !r.next().unwrap_or(false));
                }
                _ => {
                    let i = index_i64(key, "bytearray indices")?;
                    match resolve_index(i, items.len()) {
                        Some(j) => {
                            items.remove(j);
                        }
                        None => return Err(index_error("bytearray index out of range")),
                    }
                }
            }
            b.replace(items);
            Ok(())
        }
        Value::Dict(d) => {
            let h = hash_value(vm, key)?;
            let key = canonical_key_ref(vm, v, key, h)?;
            match d.remove_hashed(&key, h) {
                Some(_) => Ok(()),
                None => Err(key_error(key.into_owned())),
            }
        }
        _ => {
            if lookup_special(v, "__delitem__").is_some() {
                call_dunder(vm, v, "__delitem__", std::slice::from_ref(key))?;
                return Ok(());
            }
            if let Some(base) = crate::instance::base_value(v) {
                return del_item(vm, &base, key);
            }
            Err(type_error(format!(
                "'{}' object doesn't support item deletion",
                type_name(v)
            )))
        }
    }
}

/// `item in container` (CONTAINS_OP; a dict with an int or str item is handled first, as
/// in [`get_item`]).
pub fn contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    if let Value::Dict(d) = container {
        if let Some(h) = plain_key_hash(item) {
            let found = d.contains_hashed(item, h);
            if found || !d.has_user_keys() {
                return Ok(found);
            }
        }
    }
    contains_general(vm, container, item)
}

/// [`contains`] for any container and item.
#[inline(never)]
fn contains_general(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    match container {
        Value::Dict(d) => {
            let h = hash_value(vm, item)?;
            let item = canonical_key_ref(vm, container, item, h)?;
            Ok(d.contains_hashed(&item, h))
        }
        Value::Set(s) | Value::FrozenSet(s) => crate::methods::set::contains(vm, s, item),
        Value::Native(n) => match n
            .as_any()
            .downcast_ref::<crate::methods::dict::dictview::PyDictView>()
        {
            Some(view) => crate::methods::dict::dictview::contains(vm, view, item),
            None => iter_contains(vm, container, item),
        },
        Value::Str(s) => match item {
            Value::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
            _ => Err(type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(item)
            ))),
        },
        Value::Bytes(b) => match item {
            Value::Int(i) => Ok(b.contains(&(*i as u8)) && (0..256).contains(i)),
            Value::Bytes(sub) => Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..])),
            _ => Err(type_error(format!(
                "a bytes-like object is required, not '{}'",
                type_name(item)
            ))),
        },
        Value::Range(r) => match item {
            Value::Int(i) => {
                let i = *i;
                let inside = if r.step > 0 {
                    r.start <= i && i < r.stop
                } else {
                    r.stop < i && i <= r.start
                };
                Ok(inside && (i - r.start) % r.step == 0)
            }
            _ => iter_contains(vm, container, item),
        },
        Value::Instance(_) | Value::Type(_) => {
            match call_dunder(vm, container, "__contains__", std::slice::from_ref(item))? {
                Some(r) => crate::protocols::truth::is_true(vm, &r),
                None => iter_contains(vm, container, item),
            }
        }
        _ => iter_contains(vm, container, item),
    }
}

fn iter_contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    let it = crate::protocols::iter::get_iter(vm, container).map_err(|_| {
        type_error(format!(
            "argument of type '{}' is not iterable",
            type_name(container)
        ))
    })?;
    while let Some(x) = crate::protocols::iter::next(vm, &it)? {
        if x.is(item) || crate::protocols::compare::equal(vm, &x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `d[key]` on a dict subclass with `__missing__` (and no `__getitem__` of its own): a
/// missing key calls `d.__missing__(key)`.
fn dict_subclass_missing(vm: &mut Vm, v: &Value, key: &Value) -> PyResult<Option<Value>> {
    let Some(Value::Dict(d)) = crate::instance::base_value(v) else {
        return Ok(None);
    };
    if lookup_special(v, "__getitem__").is_some() {
        return Ok(None);
    }
    let Some(missing) = lookup_special(v, "__missing__") else {
        return Ok(None);
    };
    let h = crate::protocols::hash::hash_value(vm, key)?;
    if let Some(r) = d.get_hashed(key, h) {
        return Ok(Some(r));
    }
    crate::protocols::call::call(vm, &missing, &[v.clone(), key.clone()], &[]).map(Some)
}
