//! The `bisect` module: CPython's `_bisect` algorithms.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{value_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{compare_bool, CompareOp};
use rpvm_object::protocols::subscript::get_item;
use rpvm_object::{Value, Vm};

use crate::args::{index_clamped, parse};
use crate::builtin_fn;

const NAMES: &[&str] = &["a", "x", "lo", "hi", "key"];

struct Args {
    a: Value,
    x: Value,
    lo: i64,
    hi: Option<i64>,
    key: Option<Value>,
}

fn parse_args(vm: &mut Vm, fname: &str, args: &[Value], kw: &[Value]) -> PyResult<Args> {
    // `key` is keyword-only in CPython.
    let np = crate::args::npos(args, kw);
    if np > 4 {
        return Err(rpvm_object::exception::type_error(format!(
            "{fname}() takes at most 4 positional arguments ({np} given)"
        )));
    }
    let p = parse(fname, args, kw, NAMES, 0, 2)?;
    let lo = match &p[2] {
        Some(v) => index_clamped(vm, v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(value_error("lo must be non-negative"));
    }
    let hi = match &p[3] {
        Some(v) if !v.is_none() => Some(index_clamped(vm, v)?),
        _ => None,
    };
    Ok(Args {
        a: p[0].clone().unwrap(),
        x: p[1].clone().unwrap(),
        lo,
        hi,
        key: p[4].clone().filter(|k| !k.is_none()),
    })
}

fn search(
    vm: &mut Vm,
    a: &Value,
    x: &Value,
    mut lo: i64,
    hi: Option<i64>,
    key: Option<&Value>,
    right: bool,
) -> PyResult<i64> {
    let mut hi = match hi {
        Some(h) => h,
        None => crate::iterators::length(vm, a)? as i64,
    };
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let mut item = get_item(vm, a, &Value::Int(mid))?;
        if let Some(k) = key {
            item = call(vm, k, &[item], &[])?;
        }
        if right {
            if compare_bool(vm, x, &item, CompareOp::Lt)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        } else if compare_bool(vm, &item, x, CompareOp::Lt)? {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

fn bisect_gen(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    name: &str,
    right: bool,
) -> PyResult<Value> {
    let a = parse_args(vm, name, args, kw)?;
    let i = search(vm, &a.a, &a.x, a.lo, a.hi, a.key.as_ref(), right)?;
    Ok(Value::Int(i))
}

fn insort_gen(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    name: &str,
    right: bool,
) -> PyResult<Value> {
    let a = parse_args(vm, name, args, kw)?;
    let kx = match &a.key {
        Some(k) => call(vm, k, std::slice::from_ref(&a.x), &[])?,
        None => a.x.clone(),
    };
    let i = search(vm, &a.a, &kx, a.lo, a.hi, a.key.as_ref(), right)?;
    match &a.a {
        Value::List(l) => {
            let mut g = l
                .try_borrow_mut()
                .ok_or_else(|| rpvm_object::exception::runtime_error("list is busy"))?;
            let i = (i.max(0) as usize).min(g.len());
            g.insert(i, a.x.clone());
        }
        other => {
            let f = get_attr(vm, other, "insert")?;
            call(vm, &f, &[Value::Int(i), a.x.clone()], &[])?;
        }
    }
    Ok(Value::None)
}

fn bisect_left(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    bisect_gen(vm, args, kw, "bisect_left", false)
}

fn bisect_right(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    bisect_gen(vm, args, kw, "bisect_right", true)
}

fn insort_left(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    insort_gen(vm, args, kw, "insort_left", false)
}

fn insort_right(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    insort_gen(vm, args, kw, "insort_right", true)
}

/// The `bisect` module.
pub fn make_bisect(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("bisect"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("bisect_left", bisect_left),
        ("bisect_right", bisect_right),
        ("bisect", bisect_right),
        ("insort_left", insort_left),
        ("insort_right", insort_right),
        ("insort", insort_right),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "bisect".to_string(),
        dict: d,
    }));
    vm.modules.set_str("bisect", m.clone());
    m
}
