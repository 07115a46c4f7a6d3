//! The `heapq` module: CPython's `_heapq` algorithms (same comparison order).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{index_error, runtime_error, type_error, PyResult};
use rpvm_object::list::PyList;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::compare::{compare_bool, CompareOp};
use rpvm_object::protocols::iter::{collect, get_iter};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::{kwonly, npos, parse};
use crate::builtin_fn;

fn lt(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    compare_bool(vm, a, b, CompareOp::Lt)
}

fn heap_arg<'a>(fname: &str, v: &'a Value) -> PyResult<&'a Rc<PyList<Value>>> {
    match v {
        Value::List(l) => Ok(l),
        _ => Err(type_error(format!(
            "{fname}() argument 1 must be list, not {}",
            type_name(v)
        ))),
    }
}

fn get(l: &PyList<Value>, i: usize) -> PyResult<Value> {
    l.get(i)
        .ok_or_else(|| runtime_error("list changed size during iteration"))
}

fn set(l: &PyList<Value>, i: usize, v: Value) -> PyResult<()> {
    let mut g = l
        .try_borrow_mut()
        .ok_or_else(|| runtime_error("list changed size during iteration"))?;
    match g.get_mut(i) {
        Some(slot) => {
            *slot = v;
            Ok(())
        }
        None => Err(runtime_error("list changed size during iteration")),
    }
}

fn swap(l: &PyList<Value>, i: usize, j: usize) -> PyResult<()> {
    let mut g = l
        .try_borrow_mut()
        .ok_or_else(|| runtime_error("list changed size during iteration"))?;
    if i >= g.len() || j >= g.len() {
        return Err(runtime_error("list changed size during iteration"));
    }
    g.swap(i, j);
    Ok(())
}

/// `_siftdown`: follow the path to the root, moving parents down until `newitem` fits.
fn siftdown(vm: &mut Vm, l: &PyList<Value>, startpos: usize, mut pos: usize) -> PyResult<()> {
    let size = l.len();
    if pos >= size {
        return Err(index_error("list index out of range"));
    }
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        let newitem = get(l, pos)?;
        let parent = get(l, parentpos)?;
        let c = lt(vm, &newitem, &parent)?;
        if size != l.len() {
            return Err(runtime_error("list changed size during iteration"));
        }
        if !c {
            break;
        }
        swap(l, pos, parentpos)?;
        pos = parentpos;
    }
    Ok(())
}

/// `_siftup`: bubble the smaller child up until hitting a leaf, then `_siftdown`.
fn siftup(vm: &mut Vm, l: &PyList<Value>, mut pos: usize) -> PyResult<()> {
    let endpos = l.len();
    let startpos = pos;
    if pos >= endpos {
        return Err(index_error("list index out of range"));
    }
    let limit = endpos >> 1;
    while pos < limit {
        let mut childpos = 2 * pos + 1;
        if childpos + 1 < endpos {
            let a = get(l, childpos)?;
            let b = get(l, childpos + 1)?;
            let c = lt(vm, &a, &b)?;
            if !c {
                childpos += 1;
            }
            if endpos != l.len() {
                return Err(runtime_error("list changed size during iteration"));
            }
        }
        swap(l, pos, childpos)?;
        pos = childpos;
    }
    siftdown(vm, l, startpos, pos)
}

fn heappush(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("heappush", args, kw, &["heap", "item"], 2, 2)?;
    let l = heap_arg("heappush", a[0].as_ref().unwrap())?;
    l.push(a[1].clone().unwrap());
    let n = l.len();
    siftdown(vm, l, 0, n - 1)?;
    Ok(Value::None)
}

fn heappop(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("heappop", args, kw, &["heap"], 1, 1)?;
    let l = heap_arg("heappop", a[0].as_ref().unwrap())?;
    let last = {
        let mut g = l
            .try_borrow_mut()
            .ok_or_else(|| runtime_error("list changed size during iteration"))?;
        match g.pop() {
            Some(v) => v,
            None => return Err(index_error("index out of range")),
        }
    };
    if l.is_empty() {
        return Ok(last);
    }
    let ret = get(l, 0)?;
    set(l, 0, last)?;
    siftup(vm, l, 0)?;
    Ok(ret)
}

fn heapreplace(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("heapreplace", args, kw, &["heap", "item"], 2, 2)?;
    let l = heap_arg("heapreplace", a[0].as_ref().unwrap())?;
    if l.is_empty() {
        return Err(index_error("index out of range"));
    }
    let ret = get(l, 0)?;
    set(l, 0, a[1].clone().unwrap())?;
    siftup(vm, l, 0)?;
    Ok(ret)
}

fn heappushpop(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("heappushpop", args, kw, &["heap", "item"], 2, 2)?;
    let l = heap_arg("heappushpop", a[0].as_ref().unwrap())?;
    let item = a[1].clone().unwrap();
    if l.is_empty() {
        return Ok(item);
    }
    let top = get(l, 0)?;
    if !lt(vm, &top, &item)? {
        return Ok(item);
    }
    if l.is_empty() {
        return Err(index_error("index out of range"));
    }
    let ret = get(l, 0)?;
    set(l, 0, item)?;
    siftup(vm, l, 0)?;
    Ok(ret)
}

fn heapify(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("heapify", args, kw, &["heap"], 1, 1)?;
    let l = heap_arg("heapify", a[0].as_ref().unwrap())?;
    let n = l.len();
    for i in (0..n / 2).rev() {
        siftup(vm, l, i)?;
    }
    Ok(Value::None)
}

fn n_best(vm: &mut Vm, args: &[Value], kw: &[Value], name: &str, reverse: bool) -> PyResult<Value> {
    let a = parse(name, args, kw, &["n", "iterable", "key"], 2, 2)?;
    let n = crate::args::index_clamped(vm, a[0].as_ref().unwrap())?;
    let items = collect(vm, a[1].as_ref().unwrap())?;
    let key = a[2].clone().filter(|k| !k.is_none());
    if n <= 0 {
        return Ok(Value::list(vec![]));
    }
    let list = PyList::new(items);
    rpvm_object::methods::list::sort_list(vm, &list, key.as_ref(), reverse)?;
    let mut v = list.snapshot();
    v.truncate(n as usize);
    Ok(Value::list(v))
}

fn nlargest(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    n_best(vm, args, kw, "nlargest", true)
}

fn nsmallest(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    n_best(vm, args, kw, "nsmallest", false)
}

/// `merge(*iterables, key=None, reverse=False)`: a stable k-way merge (ties go to the
/// earlier iterable), computed eagerly.
fn merge(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let o = kwonly("merge", args, kw, &["key", "reverse"])?;
    let key = o[0].clone().filter(|k| !k.is_none());
    let reverse = match &o[1] {
        Some(v) => rpvm_object::protocols::truth::is_true(vm, v)?,
        None => false,
    };
    let mut its = Vec::new();
    for it in &args[..np] {
        its.push(get_iter(vm, it)?);
    }
    // heads[i] = (key, value) of iterator i.
    let mut heads: Vec<Option<(Value, Value)>> = Vec::new();
    for it in &its {
        let h = match rpvm_object::protocols::iter::next(vm, it)? {
            Some(v) => {
                let k = match &key {
                    Some(f) => {
                        rpvm_object::protocols::call::call(vm, f, std::slice::from_ref(&v), &[])?
                    }
                    None => v.clone(),
                };
                Some((k, v))
            }
            None => None,
        };
        heads.push(h);
    }
    let mut out = Vec::new();
    loop {
        let mut best: Option<usize> = None;
        for i in 0..heads.len() {
            let Some((k, _)) = &heads[i] else { continue };
            match best {
                None => best = Some(i),
                Some(b) => {
                    let bk = heads[b].as_ref().unwrap().0.clone();
                    let k = k.clone();
                    let better = if reverse {
                        lt(vm, &bk, &k)?
                    } else {
                        lt(vm, &k, &bk)?
                    };
                    if better {
                        best = Some(i);
                    }
                }
            }
        }
        let Some(b) = best else { break };
        let (_, v) = heads[b].take().unwrap();
        out.push(v);
        if let Some(nv) = rpvm_object::protocols::iter::next(vm, &its[b])? {
            let k = match &key {
                Some(f) => {
                    rpvm_object::protocols::call::call(vm, f, std::slice::from_ref(&nv), &[])?
                }
                None => nv.clone(),
            };
            heads[b] = Some((k, nv));
        }
    }
    get_iter(vm, &Value::list(out))
}

/// The `heapq` module.
pub fn make_heapq(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("heapq"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("heappush", heappush),
        ("heappop", heappop),
        ("heapify", heapify),
        ("heapreplace", heapreplace),
        ("heappushpop", heappushpop),
        ("nlargest", nlargest),
        ("nsmallest", nsmallest),
        ("merge", merge),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "heapq".to_string(),
        dict: d,
    }));
    vm.modules.set_str("heapq", m.clone());
    m
}
