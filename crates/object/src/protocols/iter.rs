//! Iteration: `iter()` (GET_ITER) and `next()` (FOR_ITER) over built-in and user iterables.

use std::rc::Rc;

use crate::exception::{runtime_error, type_error, PyResult};
use crate::iter::{DictPart, IterState, PyIter};
use crate::protocols::call::{call, call_dunder, lookup_special};
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// `iter(v)`.
pub fn get_iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let state = match v {
        Value::List(l) => IterState::List {
            list: l.clone(),
            index: 0,
        },
        Value::Tuple(t) => IterState::Tuple {
            tuple: t.clone(),
            index: 0,
        },
        Value::Range(r) => IterState::Range {
            next: r.start,
            step: r.step,
            remaining: r.len(),
        },
        Value::Str(s) => IterState::Str {
            s: s.clone(),
            pos: 0,
        },
        Value::Bytes(b) => IterState::Bytes {
            bytes: b.clone(),
            index: 0,
        },
        Value::ByteArray(b) => IterState::Bytes {
            bytes: b.snapshot().into(),
            index: 0,
        },
        Value::Dict(d) => IterState::Dict {
            dict: d.clone(),
            part: DictPart::Keys,
            index: 0,
            len: d.len(),
        },
        Value::Set(s) | Value::FrozenSet(s) => IterState::Set {
            set: s.clone(),
            len: s.len(),
            pos: 0,
        },
        Value::Iter(_) => return Ok(v.clone()),
        Value::Native(n) => {
            if let Some(it) = n.get_attr(vm, v, "__iter__")? {
                return call(vm, &it, &[], &[]);
            }
            return Err(not_iterable(v));
        }
        Value::Type(_) if lookup_special(v, "__iter__").is_some() => {
            return match call_dunder(vm, v, "__iter__", &[])? {
                Some(it) => Ok(it),
                None => Err(not_iterable(v)),
            };
        }
        Value::Instance(_) => {
            if let Some(it) = call_dunder(vm, v, "__iter__", &[])? {
                return Ok(it);
            }
            if lookup_special(v, "__getitem__").is_some() {
                IterState::SeqIndex {
                    seq: v.clone(),
                    index: 0,
                }
            } else {
                return Err(not_iterable(v));
            }
        }
        _ => return Err(not_iterable(v)),
    };
    Ok(PyIter::new_value(state))
}

fn not_iterable(v: &Value) -> crate::exception::PyErr {
    type_error(format!("'{}' object is not iterable", type_name(v)))
}

/// `next(it)`: `Ok(None)` when exhausted.
#[inline]
pub fn next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    match it {
        Value::Iter(i) => next_builtin(vm, i),
        Value::Native(n) => match n.next(vm) {
            Some(r) => r,
            None => Err(type_error(format!(
                "'{}' object is not an iterator",
                type_name(it)
            ))),
        },
        Value::Instance(_) => match lookup_special(it, "__next__") {
            Some(f) => match call(vm, &f, std::slice::from_ref(it), &[]) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_instance_of("StopIteration") => Ok(None),
                Err(e) => Err(e),
            },
            None => Err(type_error(format!(
                "'{}' object is not an iterator",
                type_name(it)
            ))),
        },
        _ => Err(type_error(format!(
            "'{}' object is not an iterator",
            type_name(it)
        ))),
    }
}

fn next_builtin(vm: &mut Vm, it: &Rc<PyIter>) -> PyResult<Option<Value>> {
    let mut state = it.state.borrow_mut();
    let result = match &mut *state {
        IterState::List { list, index } => {
            let item = list.get(*index);
            *index += 1;
            item
        }
        IterState::ListReverse { list, remaining } => {
            if *remaining == 0 {
                None
            } else {
                *remaining -= 1;
                let item = list.get(*remaining);
                if item.is_none() {
                    *remaining = 0;
                }
                item
            }
        }
        IterState::Tuple { tuple, index } => {
            let item = tuple.as_slice().get(*index).cloned();
            *index += 1;
            item
        }
        IterState::Range {
            next,
            step,
            remaining,
        } => {
            if *remaining <= 0 {
                None
            } else {
                let v = *next;
                *remaining -= 1;
                *next = next.wrapping_add(*step);
                Some(Value::Int(v))
            }
        }
        IterState::Str { s, pos } => {
            let text = s.as_str();
            match text[*pos..].chars().next() {
                Some(c) => {
                    *pos += c.len_utf8();
                    Some(Value::string(c.to_string()))
                }
                None => None,
            }
        }
        IterState::Bytes { bytes, index } => {
            let item = bytes.get(*index).map(|&b| Value::Int(b as i64));
            *index += 1;
            item
        }
        IterState::Dict {
            dict,
            part,
            index,
            len,
        } => {
            if dict.len() != *len {
                *len = usize::MAX;
                return Err(runtime_error("dictionary changed size during iteration"));
            }
            let item = dict.item_at(*index);
            *index += 1;
            item.map(|(k, v)| match part {
                DictPart::Keys => k,
                DictPart::Values => v,
                DictPart::Items => Value::tuple(vec![k, v]),
            })
        }
        IterState::Set { set, len, pos } => {
            if *pos == usize::MAX {
                // Exhausted for good, whatever happens to the set later.
                return Ok(None);
            }
            if set.len() != *len {
                // Sticky, as in CPython: every later step raises again.
                *len = usize::MAX;
                return Err(runtime_error("Set changed size during iteration"));
            }
            match set.next_from(*pos) {
                Some((slot, item)) => {
                    *pos = slot + 1;
                    Some(item)
                }
                None => {
                    *pos = usize::MAX;
                    None
                }
            }
        }
        IterState::Exhausted => None,
        // The remaining kinds call back into Python: release the borrow first.
        _ => {
            drop(state);
            return next_calling(vm, it);
        }
    };
    Ok(result)
}

/// Iterators whose step may run Python code (zip, map, filter, ...).
fn next_calling(vm: &mut Vm, it: &Rc<PyIter>) -> PyResult<Option<Value>> {
    let snapshot = {
        let state = it.state.borrow();
        match &*state {
            IterState::Enumerate { inner, count } => (1, vec![inner.clone(), count.clone()]),
            IterState::Zip { iters, strict } => (2, {
                let mut v = iters.clone();
                v.push(Value::Bool(*strict));
                v
            }),
            IterState::Map { func, iters } => (3, {
                let mut v = vec![func.clone()];
                v.extend(iters.iter().cloned());
                v
            }),
            IterState::Filter { func, inner } => (4, vec![func.clone(), inner.clone()]),
            IterState::Callable { func, sentinel } => (5, vec![func.clone(), sentinel.clone()]),
            IterState::SeqReverse { seq, remaining } => {
                (6, vec![seq.clone(), Value::from(*remaining)])
            }
            IterState::SeqIndex { seq, index } => (7, vec![seq.clone(), Value::from(*index)]),
            _ => (0, vec![]),
        }
    };
    let (kind, parts) = snapshot;
    let finish = |it: &Rc<PyIter>| *it.state.borrow_mut() = IterState::Exhausted;
    match kind {
        1 => {
            let Some(item) = next(vm, &parts[0])? else {
                finish(it);
                return Ok(None);
            };
            let count = parts[1].clone();
            let next_count = crate::protocols::arith::binary_op(
                vm,
                crate::protocols::arith::BinOp::Add,
                &count,
                &Value::Int(1),
                false,
            )?;
            if let IterState::Enumerate { count: c, .. } = &mut *it.state.borrow_mut() {
                *c = next_count;
            }
            Ok(Some(Value::tuple(vec![count, item])))
        }
        2 => {
            let n = parts.len() - 1;
            let strict = matches!(parts[n], Value::Bool(true));
            let mut items = Vec::with_capacity(n);
            for (i, sub) in parts[..n].iter().enumerate() {
                match next(vm, sub)? {
                    Some(v) => items.push(v),
                    None => {
                        finish(it);
                        if strict && i > 0 {
                            return Err(crate::exception::value_error(format!(
                                "zip() argument {} is shorter than argument{} 1{}",
                                i + 1,
                                if i > 1 { "s" } else { "" },
                                if i > 1 {
                                    format!("-{i}")
                                } else {
                                    String::new()
                                }
                            )));
                        }
                        if strict && i == 0 {
                            for (j, rest) in parts[1..n].iter().enumerate() {
                                if next(vm, rest)?.is_some() {
                                    return Err(crate::exception::value_error(format!(
                                        "zip() argument {} is longer than argument{} 1{}",
                                        j + 2,
                                        if j > 0 { "s" } else { "" },
                                        if j > 0 {
                                            format!("-{}", j + 1)
                                        } else {
                                            String::new()
                                        }
                                    )));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            if n == 0 {
                finish(it);
                return Ok(None);
            }
            Ok(Some(Value::tuple(items)))
        }
        3 => {
            let mut args = Vec::with_capacity(parts.len() - 1);
            for sub in &parts[1..] {
                match next(vm, sub)? {
                    Some(v) => args.push(v),
                    None => {
                        finish(it);
                        return Ok(None);
                    }
                }
            }
            call(vm, &parts[0], &args, &[]).map(Some)
        }
        4 => loop {
            let Some(item) = next(vm, &parts[1])? else {
                finish(it);
                return Ok(None);
            };
            let keep = if parts[0].is_none() {
                crate::protocols::truth::is_true(vm, &item)?
            } else {
                let r = call(vm, &parts[0], std::slice::from_ref(&item), &[])?;
                crate::protocols::truth::is_true(vm, &r)?
            };
            if keep {
                return Ok(Some(item));
            }
        },
        5 => {
            let r = call(vm, &parts[0], &[], &[])?;
            if crate::protocols::compare::equal(vm, &r, &parts[1])? {
                finish(it);
                return Ok(None);
            }
            Ok(Some(r))
        }
        6 => {
            let remaining = match parts[1] {
                Value::Int(i) => i as usize,
                _ => 0,
            };
            if remaining == 0 {
                finish(it);
                return Ok(None);
            }
            let item =
                crate::protocols::subscript::get_item(vm, &parts[0], &Value::from(remaining - 1))?;
            if let IterState::SeqReverse { remaining: r, .. } = &mut *it.state.borrow_mut() {
                *r = remaining - 1;
            }
            Ok(Some(item))
        }
        7 => {
            let index = match parts[1] {
                Value::Int(i) => i as usize,
                _ => 0,
            };
            match crate::protocols::subscript::get_item(vm, &parts[0], &Value::from(index)) {
                Ok(v) => {
                    if let IterState::SeqIndex { index: i, .. } = &mut *it.state.borrow_mut() {
                        *i = index + 1;
                    }
                    Ok(Some(v))
                }
                Err(e) if e.is_instance_of("IndexError") || e.is_instance_of("StopIteration") => {
                    finish(it);
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
        _ => Ok(None),
    }
}

/// Collects an iterable into a Vec (fast for lists and tuples).
pub fn collect(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    match v {
        Value::List(l) => return Ok(l.snapshot()),
        Value::Tuple(t) => return Ok(t.as_slice().to_vec()),
        _ => {}
    }
    let it = get_iter(vm, v)?;
    let mut out = Vec::new();
    while let Some(x) = next(vm, &it)? {
        out.push(x);
    }
    Ok(out)
}
