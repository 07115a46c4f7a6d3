//! Iteration builtins: `len`, `iter`, `next`, `enumerate`, `zip`, `map`, `filter`,
//! `reversed`, `sorted`, `all`, `any`.

use std::rc::Rc;

use rpvm_object::exception::{type_error, value_error, PyResult};
use rpvm_object::iter::{IterState, PyIter};
use rpvm_object::list::PyList;
use rpvm_object::methods;
use rpvm_object::protocols::call::{call, call_dunder, lookup_special};
use rpvm_object::protocols::compare::{compare_bool, CompareOp};
use rpvm_object::protocols::iter::{collect, get_iter, next as iter_next};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::TypeKind;
use rpvm_object::{Value, Vm};

use crate::args::{
    check_positional, index_value, invalid_keyword, no_kwargs, npos, one_arg, parse,
};

/// `len(obj)` as a number.
pub fn length(vm: &mut Vm, x: &Value) -> PyResult<usize> {
    Ok(match x {
        Value::Str(s) => s.char_len(),
        Value::Bytes(b) => b.len(),
        Value::ByteArray(b) => b.len(),
        Value::Tuple(t) => t.len(),
        Value::List(l) => l.len(),
        Value::Dict(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Range(r) => r.len().max(0) as usize,
        Value::Type(_) if lookup_special(x, "__len__").is_some() => {
            let r = call_dunder(vm, x, "__len__", &[])?.unwrap_or(Value::Int(0));
            return len_result(vm, &r);
        }
        Value::Module(_) | Value::Type(_) => return Err(no_len(x)),
        Value::Instance(inst) => {
            if lookup_special(x, "__len__").is_none() {
                let base = inst.builtin_base.borrow().clone();
                return match base {
                    Some(b) => length(vm, &b),
                    None => Err(no_len(x)),
                };
            }
            let r = call_dunder(vm, x, "__len__", &[])?.unwrap_or(Value::Int(0));
            return len_result(vm, &r);
        }
        Value::Native(n) => match n.get_attr(vm, x, "__len__")? {
            Some(f) => {
                let r = call(vm, &f, &[], &[])?;
                return len_result(vm, &r);
            }
            None => return Err(no_len(x)),
        },
        _ => return Err(no_len(x)),
    })
}

fn len_result(vm: &mut Vm, r: &Value) -> PyResult<usize> {
    let v = index_value(vm, r)?;
    match v {
        Value::Int(i) if i >= 0 => Ok(i as usize),
        Value::Int(_) => Err(value_error("__len__() should return >= 0")),
        _ => {
            if matches!(&v, Value::BigInt(b) if b.sign() == num_bigint::Sign::Minus) {
                Err(value_error("__len__() should return >= 0"))
            } else {
                Err(rpvm_object::exception::overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
        }
    }
}

fn no_len(x: &Value) -> rpvm_object::PyErr {
    type_error(format!("object of type '{}' has no len()", type_name(x)))
}

/// `len(obj)`.
pub fn len(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    // `len(s)` of an exact str, list or tuple: no trip through the general dispatch.
    if let ([x], []) = (args, kwnames) {
        let n = match x {
            Value::Str(s) => s.char_len(),
            Value::List(l) => l.len(),
            Value::Tuple(t) => t.len(),
            _ => return length(vm, x).map(Value::from),
        };
        return Ok(Value::from(n));
    }
    let x = one_arg("len", args, kwnames)?;
    length(vm, x).map(Value::from)
}

/// Whether a value can be called.
pub fn is_callable(vm: &mut Vm, x: &Value) -> bool {
    match x {
        Value::Function(_) | Value::Builtin(_) | Value::BoundMethod(_) | Value::Type(_) => true,
        Value::Instance(_) | Value::Exception(_) => lookup_special(x, "__call__").is_some(),
        Value::Native(n) => matches!(n.get_attr(vm, x, "__call__"), Ok(Some(_))),
        _ => false,
    }
}

/// `iter(obj)` / `iter(callable, sentinel)`.
pub fn iter(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("iter", kwnames)?;
    check_positional("iter", args.len(), 1, 2)?;
    if args.len() == 1 {
        let it = get_iter(vm, crate::args::arg(args, 0)?)?;
        if !is_iterator(&it) {
            return Err(type_error(format!(
                "iter() returned non-iterator of type '{}'",
                type_name(&it)
            )));
        }
        return Ok(it);
    }
    if !is_callable(vm, crate::args::arg(args, 0)?) {
        return Err(type_error("iter(v, w): v must be callable"));
    }
    Ok(PyIter::new_value(IterState::Callable {
        func: crate::args::arg(args, 0)?.clone(),
        sentinel: crate::args::arg(args, 1)?.clone(),
    }))
}

/// Whether `v` is an iterator (has `__next__`). Rust-implemented objects are assumed to be.
pub fn is_iterator(v: &Value) -> bool {
    match v {
        Value::Iter(_) | Value::Native(_) => true,
        Value::Instance(_) | Value::Exception(_) => lookup_special(v, "__next__").is_some(),
        _ => false,
    }
}

/// `next(iterator[, default])`.
pub fn next(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("next", kwnames)?;
    check_positional("next", args.len(), 1, 2)?;
    let it = crate::args::arg(args, 0)?;
    if !is_iterator(it) {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            type_name(it)
        )));
    }
    // Call `__next__` itself where there is one, so that a StopIteration carrying a value
    // (a generator's return value) propagates unchanged.
    let method = match it {
        Value::Instance(_) | Value::Exception(_) => {
            lookup_special(it, "__next__").map(|f| (f, true))
        }
        Value::Native(n) => n.get_attr(vm, it, "__next__")?.map(|f| (f, false)),
        _ => None,
    };
    let result = match method {
        Some((f, unbound)) => {
            let r = if unbound {
                call(vm, &f, std::slice::from_ref(it), &[])
            } else {
                call(vm, &f, &[], &[])
            };
            match r {
                Ok(v) => Ok(Some(v)),
                Err(e) if args.len() > 1 && e.is_instance_of("StopIteration") => Ok(None),
                Err(e) => Err(e),
            }
        }
        None => iter_next(vm, it),
    };
    match result? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(crate::numeric::stop_iteration()),
        },
    }
}

/// `enumerate(iterable, start=0)`.
pub fn enumerate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if npos(args, kwnames) == 0 && kwnames.is_empty() {
        return Err(type_error(
            "enumerate() missing required argument 'iterable'",
        ));
    }
    let a = parse("enumerate", args, kwnames, &["iterable", "start"], 0, 1)?;
    let iterable = a[0].clone().unwrap_or(Value::None);
    let inner = get_iter(vm, &iterable)?;
    let count = match &a[1] {
        None => Value::Int(0),
        Some(s) => index_value(vm, s)?,
    };
    Ok(PyIter::new_value(IterState::Enumerate { inner, count }))
}

/// `zip(*iterables, strict=False)`.
pub fn zip(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    let mut strict = false;
    for (j, k) in kwnames.iter().enumerate() {
        if k.as_str() == Some("strict") {
            strict = is_true(vm, args.get(np + j).unwrap_or(&Value::None))?;
        } else {
            return Err(invalid_keyword("zip", k));
        }
    }
    let mut iters = Vec::with_capacity(np);
    for a in &args[..np] {
        iters.push(get_iter(vm, a)?);
    }
    Ok(PyIter::new_value(IterState::Zip { iters, strict }))
}

/// `map(function, iterable, *iterables)`.
pub fn map(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("map", kwnames)?;
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let mut iters = Vec::with_capacity(args.len() - 1);
    for a in crate::args::rest(args, 1) {
        iters.push(get_iter(vm, a)?);
    }
    Ok(PyIter::new_value(IterState::Map {
        func: crate::args::arg(args, 0)?.clone(),
        iters,
    }))
}

/// `filter(function or None, iterable)`.
pub fn filter(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("filter", kwnames)?;
    check_positional("filter", args.len(), 2, 2)?;
    let inner = get_iter(vm, crate::args::arg(args, 1)?)?;
    Ok(PyIter::new_value(IterState::Filter {
        func: crate::args::arg(args, 0)?.clone(),
        inner,
    }))
}

/// `reversed(sequence)`.
pub fn reversed(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("reversed", kwnames)?;
    check_positional("reversed", args.len(), 1, 1)?;
    let seq = crate::args::arg(args, 0)?;
    let not_reversible = || type_error(format!("'{}' object is not reversible", type_name(seq)));
    let state = match seq {
        Value::List(l) => IterState::ListReverse {
            list: l.clone(),
            remaining: l.len(),
        },
        Value::Range(r) => {
            let n = r.len();
            IterState::Range {
                next: r.start.wrapping_add(r.step.wrapping_mul((n - 1).max(0))),
                step: r.step.wrapping_neg(),
                remaining: n,
            }
        }
        Value::Dict(d) => IterState::ListReverse {
            list: Rc::new(PyList::new(d.keys())),
            remaining: d.len(),
        },
        Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_) => {
            IterState::SeqReverse {
                seq: seq.clone(),
                remaining: length(vm, seq)?,
            }
        }
        Value::Type(_) if lookup_special(seq, "__reversed__").is_some() => {
            return Ok(call_dunder(vm, seq, "__reversed__", &[])?.unwrap_or(Value::None));
        }
        Value::Instance(inst) => {
            match lookup_special(seq, "__reversed__") {
                Some(Value::None) => return Err(not_reversible()),
                Some(_) => {
                    return Ok(call_dunder(vm, seq, "__reversed__", &[])?.unwrap_or(Value::None))
                }
                None => {}
            }
            if lookup_special(seq, "__getitem__").is_some() {
                IterState::SeqReverse {
                    seq: seq.clone(),
                    remaining: length(vm, seq)?,
                }
            } else {
                let base = inst.builtin_base.borrow().clone();
                match base {
                    Some(b) => return reversed(vm, &[b], &[]),
                    None => return Err(not_reversible()),
                }
            }
        }
        Value::Native(n) => match n.get_attr(vm, seq, "__reversed__")? {
            Some(f) => return call(vm, &f, &[], &[]),
            None => return Err(not_reversible()),
        },
        _ => return Err(not_reversible()),
    };
    Ok(PyIter::new_value(state))
}

/// `all(iterable)`.
pub fn all(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("all", args, kwnames)?;
    let it = get_iter(vm, x)?;
    while let Some(item) = iter_next(vm, &it)? {
        if !is_true(vm, &item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `any(iterable)`.
pub fn any(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("any", args, kwnames)?;
    let it = get_iter(vm, x)?;
    while let Some(item) = iter_next(vm, &it)? {
        if is_true(vm, &item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// `sorted(iterable, /, *, key=None, reverse=False)`: a new list sorted by `list.sort`.
pub fn sorted(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    check_positional("sorted", np, 1, 1)?;
    let items = collect(vm, crate::args::arg(args, 0)?)?;
    let list = Value::List(Rc::new(PyList::new(items)));
    let mut call_args = Vec::with_capacity(1 + kwnames.len());
    call_args.push(list.clone());
    call_args.extend_from_slice(&args[np..]);
    match methods::lookup(TypeKind::List, "sort") {
        Some(sort) => {
            sort(vm, &call_args, kwnames)?;
        }
        None => {
            list_sort(vm, &call_args, kwnames)?;
        }
    }
    Ok(list)
}

/// A stable sort with `list.sort`'s arguments (`self, *, key=None, reverse=False`), used
/// while the object crate's `list.sort` is not available. Like CPython's timsort it finds
/// natural runs and binary-inserts short ones, comparing with `<` only.
pub fn list_sort(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    if np > 1 {
        return Err(type_error("sort() takes no positional arguments"));
    }
    let Some(Value::List(list)) = args.first() else {
        return Err(type_error("descriptor 'sort' needs a 'list' object"));
    };
    let kw = crate::args::kwonly("sort", args, kwnames, &["key", "reverse"])?;
    let key = kw[0].clone().filter(|k| !k.is_none());
    let reverse = match &kw[1] {
        None => false,
        Some(r) => {
            let v = index_value(vm, r)?;
            !matches!(v, Value::Int(0))
        }
    };
    let mut items = list.snapshot();
    list.replace(Vec::new());
    let result = (|| -> PyResult<Vec<Value>> {
        let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
        for item in items.drain(..) {
            let k = match &key {
                Some(f) => call(vm, f, std::slice::from_ref(&item), &[])?,
                None => item.clone(),
            };
            keyed.push((k, item));
        }
        if reverse {
            keyed.reverse();
        }
        stable_sort(vm, &mut keyed)?;
        if reverse {
            keyed.reverse();
        }
        Ok(keyed.into_iter().map(|(_, v)| v).collect())
    })();
    match result {
        Ok(sorted) => {
            let modified = !list.is_empty();
            list.replace(sorted);
            if modified {
                return Err(value_error("list modified during sort"));
            }
            Ok(Value::None)
        }
        Err(e) => {
            list.replace(items);
            Err(e)
        }
    }
}

fn lt(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, a, b, CompareOp::Lt)
}

/// Timsort's run detection and binary insertion, then a stable merge of the runs.
fn stable_sort(vm: &mut Vm, v: &mut Vec<(Value, Value)>) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let minrun = {
        let mut n = n;
        let mut r = 0;
        while n >= 64 {
            r |= n & 1;
            n >>= 1;
        }
        n + r
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        // count_run
        let mut run = 1;
        if lo + 1 < n {
            run = 2;
            if lt(vm, &v[lo + 1].0, &v[lo].0)? {
                while lo + run < n && lt(vm, &v[lo + run].0, &v[lo + run - 1].0)? {
                    run += 1;
                }
                v[lo..lo + run].reverse();
            } else {
                while lo + run < n && !lt(vm, &v[lo + run].0, &v[lo + run - 1].0)? {
                    run += 1;
                }
            }
        }
        let force = if run < minrun {
            minrun.min(n - lo)
        } else {
            run
        };
        // binarysort(lo, lo + force, lo + run)
        for start in lo + run..lo + force {
            let mut l = lo;
            let mut r = start;
            while l < r {
                let p = l + ((r - l) >> 1);
                if lt(vm, &v[start].0, &v[p].0)? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            let item = v.remove(start);
            v.insert(l, item);
        }
        runs.push((lo, lo + force));
        lo += force;
    }
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len().div_ceil(2));
        let mut i = 0;
        while i < runs.len() {
            if i + 1 < runs.len() {
                let (a, m) = runs[i];
                let (_, b) = runs[i + 1];
                merge(vm, v, a, m, b)?;
                merged.push((a, b));
                i += 2;
            } else {
                merged.push(runs[i]);
                i += 1;
            }
        }
        runs = merged;
    }
    Ok(())
}

fn merge(vm: &mut Vm, v: &mut [(Value, Value)], a: usize, m: usize, b: usize) -> PyResult<()> {
    let left: Vec<(Value, Value)> = v[a..m].to_vec();
    let right: Vec<(Value, Value)> = v[m..b].to_vec();
    let (mut i, mut j, mut k) = (0, 0, a);
    let mut out: Vec<(Value, Value)> = Vec::with_capacity(b - a);
    let res = (|| -> PyResult<()> {
        while i < left.len() && j < right.len() {
            if lt(vm, &right[j].0, &left[i].0)? {
                out.push(right[j].clone());
                j += 1;
            } else {
                out.push(left[i].clone());
                i += 1;
            }
        }
        Ok(())
    })();
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    for item in out {
        v[k] = item;
        k += 1;
    }
    res
}
