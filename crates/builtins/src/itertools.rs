//! The `itertools` module: lazy native iterators with CPython's algorithms.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::arith::{binary_op, BinOp};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::iter::{collect, get_iter, next};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::args::{index_bigint, kwonly, npos, parse};
use num_traits::ToPrimitive;

#[derive(Debug)]
struct TeeShared {
    it: Value,
    buf: Vec<Value>,
}

#[derive(Debug)]
enum St {
    Count {
        cur: Value,
        step: Value,
    },
    Cycle {
        it: Option<Value>,
        saved: Vec<Value>,
        idx: usize,
    },
    Repeat {
        obj: Value,
        left: Option<i64>,
    },
    Chain {
        its: Value,
        cur: Option<Value>,
    },
    Islice {
        it: Value,
        next_i: usize,
        stop: Option<usize>,
        step: usize,
        pos: usize,
    },
    Accumulate {
        it: Value,
        func: Option<Value>,
        total: Option<Value>,
        initial: Option<Value>,
    },
    Compress {
        data: Value,
        sel: Value,
    },
    DropWhile {
        pred: Value,
        it: Value,
        done: bool,
    },
    TakeWhile {
        pred: Value,
        it: Value,
        done: bool,
    },
    FilterFalse {
        pred: Value,
        it: Value,
    },
    StarMap {
        func: Value,
        it: Value,
    },
    ZipLongest {
        its: Vec<Option<Value>>,
        fill: Value,
        active: usize,
    },
    Pairwise {
        it: Value,
        last: Option<Value>,
    },
    Combi {
        kind: Kind,
        pools: Vec<Vec<Value>>,
        r: usize,
        idx: Vec<usize>,
        cycles: Vec<usize>,
        first: bool,
        done: bool,
    },
    GroupBy {
        it: Value,
        key: Option<Value>,
        pending: Option<(Value, Value)>,
        done: bool,
    },
    Items {
        items: Vec<Value>,
        idx: usize,
    },
    Tee {
        shared: Rc<RefCell<TeeShared>>,
        idx: usize,
    },
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Product,
    Permutations,
    Combinations,
    CombWr,
}

/// An itertools iterator.
#[derive(Debug)]
pub struct ItIter {
    name: &'static str,
    st: RefCell<St>,
}

thread_local! {
    static TYPES: RefCell<HashMap<&'static str, Rc<PyType>>> = RefCell::new(HashMap::new());
}

fn self_iter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn self_next(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let it = args.first().cloned().unwrap_or(Value::None);
    match next(vm, &it)? {
        Some(v) => Ok(v),
        None => Err(rpvm_object::exception::stop_iteration(None)),
    }
}

impl NativeObject for ItIter {
    fn class(&self) -> Rc<PyType> {
        TYPES.with(|t| {
            t.borrow_mut()
                .entry(self.name)
                .or_insert_with(|| crate::random::native_type(self.name, "itertools"))
                .clone()
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, vm: &mut Vm) -> PyResult<String> {
        let st = match &*self.st.borrow() {
            St::Count { cur, step } => Some((cur.clone(), Some(step.clone()))),
            _ => None,
        };
        if let Some((cur, step)) = st {
            let c = repr(vm, &cur)?;
            let step = step.filter(|s| !matches!(s, Value::Int(1)));
            return Ok(match step {
                Some(s) => format!("count({c}, {})", repr(vm, &s)?),
                None => format!("count({c})"),
            });
        }
        let rep = match &*self.st.borrow() {
            St::Repeat { obj, left } => Some((obj.clone(), *left)),
            _ => None,
        };
        if let Some((obj, left)) = rep {
            let o = repr(vm, &obj)?;
            return Ok(match left {
                Some(n) => format!("repeat({o}, {n})"),
                None => format!("repeat({o})"),
            });
        }
        Ok(format!("<itertools.{} object>", self.name))
    }
    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let f: NativeFn = match name {
            "__iter__" => self_iter,
            "__next__" => self_next,
            _ => return Ok(None),
        };
        Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
            name: if name == "__iter__" {
                "__iter__"
            } else {
                "__next__"
            },
            func: f,
            bound_self: Some(self_value.clone()),
            owner: None,
        }))))
    }
    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        Some(self.step(vm))
    }
}

fn mk(name: &'static str, st: St) -> Value {
    Value::Native(NativeRef::new(ItIter {
        name,
        st: RefCell::new(st),
    }))
}

fn tuple_of(pools: &[Vec<Value>], idx: &[usize], single: Option<usize>) -> Value {
    match single {
        Some(p) => Value::tuple(idx.iter().map(|&i| pools[p][i].clone()).collect()),
        None => Value::tuple(
            idx.iter()
                .enumerate()
                .map(|(k, &i)| pools[k][i].clone())
                .collect(),
        ),
    }
}

impl ItIter {
    fn take(&self) -> St {
        std::mem::replace(&mut *self.st.borrow_mut(), St::Done)
    }

    fn put(&self, st: St) {
        *self.st.borrow_mut() = st;
    }

    fn step(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        // The state is moved out while Python code may run (re-entrant use sees an
        // exhausted iterator instead of panicking).
        let mut st = self.take();
        let r = Self::advance(vm, &mut st);
        if r.is_ok() {
            self.put(st);
        }
        r
    }

    fn advance(vm: &mut Vm, st: &mut St) -> PyResult<Option<Value>> {
        match st {
            St::Done => Ok(None),
            St::Count { cur, step } => {
                let v = cur.clone();
                *cur = binary_op(vm, BinOp::Add, cur, step, false)?;
                Ok(Some(v))
            }
            St::Cycle { it, saved, idx } => {
                if let Some(i) = it.clone() {
                    if let Some(v) = next(vm, &i)? {
                        saved.push(v.clone());
                        return Ok(Some(v));
                    }
                    *it = None;
                }
                if saved.is_empty() {
                    return Ok(None);
                }
                let v = saved[*idx % saved.len()].clone();
                *idx = (*idx + 1) % saved.len();
                Ok(Some(v))
            }
            St::Repeat { obj, left } => match left {
                None => Ok(Some(obj.clone())),
                Some(n) if *n > 0 => {
                    *n -= 1;
                    Ok(Some(obj.clone()))
                }
                _ => Ok(None),
            },
            St::Chain { its, cur } => loop {
                if let Some(c) = cur.clone() {
                    if let Some(v) = next(vm, &c)? {
                        return Ok(Some(v));
                    }
                    *cur = None;
                }
                match next(vm, &its.clone())? {
                    Some(iterable) => *cur = Some(get_iter(vm, &iterable)?),
                    None => {
                        *st = St::Done;
                        return Ok(None);
                    }
                }
            },
            St::Islice {
                it,
                next_i,
                stop,
                step,
                pos,
            } => {
                if let Some(s) = stop {
                    if *next_i >= *s {
                        // Consume up to stop like CPython.
                        while *pos < *s {
                            if next(vm, it)?.is_none() {
                                break;
                            }
                            *pos += 1;
                        }
                        *st = St::Done;
                        return Ok(None);
                    }
                }
                while *pos < *next_i {
                    if next(vm, it)?.is_none() {
                        *st = St::Done;
                        return Ok(None);
                    }
                    *pos += 1;
                }
                match next(vm, it)? {
                    Some(v) => {
                        *pos += 1;
                        *next_i += *step;
                        if let Some(s) = stop {
                            if *next_i > *s {
                                *next_i = *s;
                            }
                        }
                        Ok(Some(v))
                    }
                    None => {
                        *st = St::Done;
                        Ok(None)
                    }
                }
            }
            St::Accumulate {
                it,
                func,
                total,
                initial,
            } => {
                if let Some(init) = initial.take() {
                    *total = Some(init.clone());
                    return Ok(Some(init));
                }
                let Some(v) = next(vm, it)? else {
                    return Ok(None);
                };
                let nt = match total.take() {
                    None => v,
                    Some(t) => match func {
                        None => binary_op(vm, BinOp::Add, &t, &v, false)?,
                        Some(f) => call(vm, f, &[t, v], &[])?,
                    },
                };
                *total = Some(nt.clone());
                Ok(Some(nt))
            }
            St::Compress { data, sel } => loop {
                let Some(d) = next(vm, data)? else {
                    return Ok(None);
                };
                let Some(s) = next(vm, sel)? else {
                    return Ok(None);
                };
                if is_true(vm, &s)? {
                    return Ok(Some(d));
                }
            },
            St::DropWhile { pred, it, done } => loop {
                let Some(v) = next(vm, it)? else {
                    return Ok(None);
                };
                if *done {
                    return Ok(Some(v));
                }
                let r = call(vm, pred, std::slice::from_ref(&v), &[])?;
                if !is_true(vm, &r)? {
                    *done = true;
                    return Ok(Some(v));
                }
            },
            St::TakeWhile { pred, it, done } => {
                if *done {
                    return Ok(None);
                }
                let Some(v) = next(vm, it)? else {
                    return Ok(None);
                };
                let r = call(vm, pred, std::slice::from_ref(&v), &[])?;
                if is_true(vm, &r)? {
                    Ok(Some(v))
                } else {
                    *done = true;
                    Ok(None)
                }
            }
            St::FilterFalse { pred, it } => loop {
                let Some(v) = next(vm, it)? else {
                    return Ok(None);
                };
                let r = if pred.is_none() {
                    v.clone()
                } else {
                    call(vm, pred, std::slice::from_ref(&v), &[])?
                };
                if !is_true(vm, &r)? {
                    return Ok(Some(v));
                }
            },
            St::StarMap { func, it } => {
                let Some(v) = next(vm, it)? else {
                    return Ok(None);
                };
                let a = collect(vm, &v)?;
                call(vm, func, &a, &[]).map(Some)
            }
            St::ZipLongest { its, fill, active } => {
                if *active == 0 || its.is_empty() {
                    return Ok(None);
                }
                let mut out = Vec::with_capacity(its.len());
                for slot in its.iter_mut() {
                    match slot.clone() {
                        None => out.push(fill.clone()),
                        Some(i) => match next(vm, &i)? {
                            Some(v) => out.push(v),
                            None => {
                                *slot = None;
                                *active -= 1;
                                if *active == 0 {
                                    *st = St::Done;
                                    return Ok(None);
                                }
                                out.push(fill.clone());
                            }
                        },
                    }
                }
                Ok(Some(Value::tuple(out)))
            }
            St::Pairwise { it, last } => {
                let a = match last.take() {
                    Some(a) => a,
                    None => match next(vm, it)? {
                        Some(a) => a,
                        None => {
                            *st = St::Done;
                            return Ok(None);
                        }
                    },
                };
                match next(vm, it)? {
                    Some(b) => {
                        *last = Some(b.clone());
                        Ok(Some(Value::tuple(vec![a, b])))
                    }
                    None => {
                        *st = St::Done;
                        Ok(None)
                    }
                }
            }
            St::Combi {
                kind,
                pools,
                r,
                idx,
                cycles,
                first,
                done,
            } => {
                if *done {
                    return Ok(None);
                }
                let r = *r;
                if *first {
                    *first = false;
                    let n = pools.first().map_or(0, Vec::len);
                    match kind {
                        Kind::Product => {
                            if pools.iter().any(Vec::is_empty) {
                                *done = true;
                                return Ok(None);
                            }
                            return Ok(Some(tuple_of(pools, idx, None)));
                        }
                        Kind::Permutations | Kind::Combinations => {
                            if r > n {
                                *done = true;
                                return Ok(None);
                            }
                        }
                        Kind::CombWr => {
                            if n == 0 && r > 0 {
                                *done = true;
                                return Ok(None);
                            }
                        }
                    }
                    return Ok(Some(tuple_of(pools, &idx[..r], Some(0))));
                }
                match kind {
                    Kind::Product => {
                        let mut i = pools.len();
                        loop {
                            if i == 0 {
                                *done = true;
                                return Ok(None);
                            }
                            i -= 1;
                            idx[i] += 1;
                            if idx[i] < pools[i].len() {
                                break;
                            }
                            idx[i] = 0;
                        }
                        Ok(Some(tuple_of(pools, idx, None)))
                    }
                    Kind::Combinations => {
                        let n = pools[0].len();
                        let mut i = r;
                        loop {
                            if i == 0 {
                                *done = true;
                                return Ok(None);
                            }
                            i -= 1;
                            if idx[i] != i + n - r {
                                break;
                            }
                        }
                        idx[i] += 1;
                        for j in i + 1..r {
                            idx[j] = idx[j - 1] + 1;
                        }
                        Ok(Some(tuple_of(pools, idx, Some(0))))
                    }
                    Kind::CombWr => {
                        let n = pools[0].len();
                        let mut i = r;
                        loop {
                            if i == 0 {
                                *done = true;
                                return Ok(None);
                            }
                            i -= 1;
                            if idx[i] != n - 1 {
                                break;
                            }
                        }
                        let v = idx[i] + 1;
                        for x in idx[i..r].iter_mut() {
                            *x = v;
                        }
                        Ok(Some(tuple_of(pools, idx, Some(0))))
                    }
                    Kind::Permutations => {
                        let n = pools[0].len();
                        let mut i = r;
                        loop {
                            if i == 0 {
                                *done = true;
                                return Ok(None);
                            }
                            i -= 1;
                            cycles[i] -= 1;
                            if cycles[i] == 0 {
                                let x = idx.remove(i);
                                idx.push(x);
                                cycles[i] = n - i;
                            } else {
                                let j = cycles[i];
                                idx.swap(i, n - j);
                                return Ok(Some(tuple_of(pools, &idx[..r], Some(0))));
                            }
                        }
                    }
                }
            }
            St::GroupBy {
                it,
                key,
                pending,
                done,
            } => {
                if *done {
                    return Ok(None);
                }
                let (k, first) = match pending.take() {
                    Some(p) => p,
                    None => match next(vm, it)? {
                        Some(v) => {
                            let k = match key {
                                Some(f) => call(vm, f, std::slice::from_ref(&v), &[])?,
                                None => v.clone(),
                            };
                            (k, v)
                        }
                        None => {
                            *done = true;
                            return Ok(None);
                        }
                    },
                };
                let mut items = vec![first];
                loop {
                    match next(vm, it)? {
                        Some(v) => {
                            let k2 = match key {
                                Some(f) => call(vm, f, std::slice::from_ref(&v), &[])?,
                                None => v.clone(),
                            };
                            if rpvm_object::protocols::compare::equal(vm, &k, &k2)? {
                                items.push(v);
                            } else {
                                *pending = Some((k2, v));
                                break;
                            }
                        }
                        None => {
                            *done = true;
                            break;
                        }
                    }
                }
                let group = mk("_grouper", St::Items { items, idx: 0 });
                Ok(Some(Value::tuple(vec![k, group])))
            }
            St::Items { items, idx } => {
                let v = items.get(*idx).cloned();
                *idx += 1;
                Ok(v)
            }
            St::Tee { shared, idx } => {
                let buffered = shared.borrow().buf.get(*idx).cloned();
                if let Some(v) = buffered {
                    *idx += 1;
                    return Ok(Some(v));
                }
                let it = shared.borrow().it.clone();
                match next(vm, &it)? {
                    Some(v) => {
                        shared.borrow_mut().buf.push(v.clone());
                        *idx += 1;
                        Ok(Some(v))
                    }
                    None => Ok(None),
                }
            }
        }
    }
}

fn opt_usize(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<Option<usize>> {
    if v.is_none() {
        return Ok(None);
    }
    let b = index_bigint(vm, v).map_err(|_| value_error(msg.to_string()))?;
    match b.to_i64() {
        Some(i) if i >= 0 => Ok(Some(i as usize)),
        Some(_) => Err(value_error(msg.to_string())),
        None => Ok(Some(usize::MAX)),
    }
}

fn i_count(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("count", args, kw, &["start", "step"], 0, 0)?;
    let cur = p[0].clone().unwrap_or(Value::Int(0));
    let step = p[1].clone().unwrap_or(Value::Int(1));
    for v in [&cur, &step] {
        if rpvm_object::protocols::convert::as_f64(v)?.is_none()
            && !matches!(v, Value::Complex(_) | Value::Instance(_))
        {
            return Err(type_error("a number is required"));
        }
    }
    let _ = vm;
    Ok(mk("count", St::Count { cur, step }))
}

fn i_cycle(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("cycle", args, kw, &["iterable"], 1, 1)?;
    let it = get_iter(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    Ok(mk(
        "cycle",
        St::Cycle {
            it: Some(it),
            saved: Vec::new(),
            idx: 0,
        },
    ))
}

fn i_repeat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("repeat", args, kw, &["object", "times"], 0, 1)?;
    let obj = p[0].clone().unwrap_or(Value::None);
    let left = match &p[1] {
        Some(t) => Some(index_bigint(vm, t)?.to_i64().unwrap_or(i64::MAX).max(0)),
        None => None,
    };
    Ok(mk("repeat", St::Repeat { obj, left }))
}

fn i_chain(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("chain", kw)?;
    let its = get_iter(vm, &Value::tuple(args.to_vec()))?;
    Ok(mk("chain", St::Chain { its, cur: None }))
}

fn chain_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    i_chain(vm, args.get(1..).unwrap_or(&[]), kw)
}

const CHAIN: crate::functools::ClassSpec = crate::functools::ClassSpec {
    name: "chain",
    module: "itertools",
    base: None,
    new: Some(chain_new),
    dunders: &[],
    methods: &[],
    props: &[],
};

/// `itertools.chain`: a class whose `__new__` makes the chain iterator, with the
/// `from_iterable` static method.
fn chain_class(vm: &mut Vm) -> Value {
    let t = crate::functools::class_of(vm, &CHAIN);
    t.dict.set_str(
        "from_iterable",
        Value::Native(NativeRef::new(rpvm_object::descriptors::StaticMethod(
            crate::builtin_fn("from_iterable", i_chain_from_iterable),
        ))),
    );
    Value::Type(t)
}

fn i_chain_from_iterable(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::one_arg("from_iterable", args, kw)?;
    let its = get_iter(vm, x)?;
    Ok(mk("chain", St::Chain { its, cur: None }))
}

fn i_islice(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("islice", kw)?;
    crate::args::check_positional("islice", args.len(), 2, 4)?;
    let it = get_iter(vm, &args[0])?;
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, step) = if args.len() == 2 {
        (0, opt_usize(vm, &args[1], stop_msg)?, 1)
    } else {
        let start = opt_usize(vm, &args[1], msg)?.unwrap_or(0);
        let stop = opt_usize(vm, &args[2], msg)?;
        let step = match args.get(3) {
            Some(s) if !s.is_none() => match index_bigint(vm, s).ok().and_then(|b| b.to_i64()) {
                Some(i) if i >= 1 => i as usize,
                _ => {
                    return Err(value_error(
                        "Step for islice() must be a positive integer or None.",
                    ))
                }
            },
            _ => 1,
        };
        (start, stop, step)
    };
    Ok(mk(
        "islice",
        St::Islice {
            it,
            next_i: start,
            stop,
            step,
            pos: 0,
        },
    ))
}

fn i_accumulate(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let mut kwn = Vec::new();
    let mut kwv = Vec::new();
    let mut initial = None;
    for (j, k) in kw.iter().enumerate() {
        if k.as_str() == Some("initial") {
            initial = Some(args[np + j].clone());
        } else {
            kwn.push(k.clone());
            kwv.push(args[np + j].clone());
        }
    }
    let mut a = args[..np].to_vec();
    a.extend(kwv);
    let p = parse("accumulate", &a, &kwn, &["iterable", "func"], 0, 1)?;
    let it = get_iter(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let func = p[1].clone().filter(|f| !f.is_none());
    let initial = initial.filter(|i| !i.is_none());
    Ok(mk(
        "accumulate",
        St::Accumulate {
            it,
            func,
            total: None,
            initial,
        },
    ))
}

fn i_compress(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("compress", args, kw, &["data", "selectors"], 0, 2)?;
    let data = get_iter(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let sel = get_iter(vm, p[1].as_ref().unwrap_or(&Value::None))?;
    Ok(mk("compress", St::Compress { data, sel }))
}

fn pred_it(vm: &mut Vm, name: &str, args: &[Value], kw: &[Value]) -> PyResult<(Value, Value)> {
    crate::args::no_kwargs(name, kw)?;
    crate::args::check_positional(name, args.len(), 2, 2)?;
    Ok((args[0].clone(), get_iter(vm, &args[1])?))
}

fn i_dropwhile(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pred, it) = pred_it(vm, "dropwhile", args, kw)?;
    Ok(mk(
        "dropwhile",
        St::DropWhile {
            pred,
            it,
            done: false,
        },
    ))
}

fn i_takewhile(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pred, it) = pred_it(vm, "takewhile", args, kw)?;
    Ok(mk(
        "takewhile",
        St::TakeWhile {
            pred,
            it,
            done: false,
        },
    ))
}

fn i_filterfalse(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pred, it) = pred_it(vm, "filterfalse", args, kw)?;
    Ok(mk("filterfalse", St::FilterFalse { pred, it }))
}

fn i_starmap(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (func, it) = pred_it(vm, "starmap", args, kw)?;
    Ok(mk("starmap", St::StarMap { func, it }))
}

fn i_zip_longest(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let ko = kwonly("zip_longest", args, kw, &["fillvalue"])?;
    let mut its = Vec::with_capacity(np);
    for a in &args[..np] {
        its.push(Some(get_iter(vm, a)?));
    }
    let active = its.len();
    let fill = ko[0].clone().unwrap_or(Value::None);
    Ok(mk("zip_longest", St::ZipLongest { its, fill, active }))
}

fn i_pairwise(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("pairwise", kw)?;
    crate::args::check_positional("pairwise", args.len(), 1, 1)?;
    let it = get_iter(vm, &args[0])?;
    Ok(mk("pairwise", St::Pairwise { it, last: None }))
}

fn combi(kind: Kind, name: &'static str, pools: Vec<Vec<Value>>, r: usize) -> Value {
    let n = pools.first().map_or(0, Vec::len);
    let (idx, cycles) = match kind {
        Kind::Product => (vec![0; pools.len()], Vec::new()),
        Kind::Permutations => ((0..n).collect(), (0..r.min(n)).map(|i| n - i).collect()),
        Kind::Combinations => ((0..r).collect(), Vec::new()),
        Kind::CombWr => (vec![0; r], Vec::new()),
    };
    mk(
        name,
        St::Combi {
            kind,
            pools,
            r,
            idx,
            cycles,
            first: true,
            done: false,
        },
    )
}

fn r_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(x) if x.is_none() => Ok(None),
        Some(x) => match index_bigint(vm, x)?.to_i64() {
            Some(i) if i >= 0 => Ok(Some(i as usize)),
            _ => Err(value_error("r must be non-negative")),
        },
    }
}

fn i_product(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let ko = kwonly("product", args, kw, &["repeat"])?;
    let repeat = match &ko[0] {
        Some(r) => match index_bigint(vm, r)?.to_i64() {
            Some(i) if i >= 0 => i as usize,
            _ => return Err(value_error("repeat argument cannot be negative")),
        },
        None => 1,
    };
    let mut base = Vec::new();
    for a in &args[..np] {
        base.push(collect(vm, a)?);
    }
    let mut pools = Vec::new();
    for _ in 0..repeat {
        pools.extend(base.iter().cloned());
    }
    Ok(combi(Kind::Product, "product", pools, 0))
}

fn i_permutations(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("permutations", args, kw, &["iterable", "r"], 0, 1)?;
    let pool = collect(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, &p[1])?.unwrap_or(pool.len());
    Ok(combi(Kind::Permutations, "permutations", vec![pool], r))
}

fn i_combinations(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("combinations", args, kw, &["iterable", "r"], 0, 2)?;
    let pool = collect(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, &p[1])?.unwrap_or(0);
    Ok(combi(Kind::Combinations, "combinations", vec![pool], r))
}

fn i_cwr(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse(
        "combinations_with_replacement",
        args,
        kw,
        &["iterable", "r"],
        0,
        2,
    )?;
    let pool = collect(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, &p[1])?.unwrap_or(0);
    Ok(combi(
        Kind::CombWr,
        "combinations_with_replacement",
        vec![pool],
        r,
    ))
}

fn i_groupby(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("groupby", args, kw, &["iterable", "key"], 0, 1)?;
    let it = get_iter(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let key = p[1].clone().filter(|k| !k.is_none());
    Ok(mk(
        "groupby",
        St::GroupBy {
            it,
            key,
            pending: None,
            done: false,
        },
    ))
}

fn i_tee(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("tee", kw)?;
    crate::args::check_positional("tee", args.len(), 1, 2)?;
    let n = match args.get(1) {
        Some(v) => match index_bigint(vm, v)?.to_i64() {
            Some(i) if i >= 0 => i as usize,
            _ => return Err(value_error("n must be >= 0")),
        },
        None => 2,
    };
    let it = get_iter(vm, &args[0])?;
    let shared = Rc::new(RefCell::new(TeeShared {
        it,
        buf: Vec::new(),
    }));
    let items = (0..n)
        .map(|_| {
            mk(
                "_tee",
                St::Tee {
                    shared: shared.clone(),
                    idx: 0,
                },
            )
        })
        .collect();
    Ok(Value::tuple(items))
}

/// Creates the `itertools` module (registered in `vm.modules`).
pub fn make_itertools(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("itertools"));
    d.set_str("__doc__", Value::None);
    let fns: &[(&'static str, NativeFn)] = &[
        ("count", i_count),
        ("cycle", i_cycle),
        ("repeat", i_repeat),
        ("islice", i_islice),
        ("accumulate", i_accumulate),
        ("compress", i_compress),
        ("dropwhile", i_dropwhile),
        ("takewhile", i_takewhile),
        ("filterfalse", i_filterfalse),
        ("starmap", i_starmap),
        ("zip_longest", i_zip_longest),
        ("pairwise", i_pairwise),
        ("product", i_product),
        ("permutations", i_permutations),
        ("combinations", i_combinations),
        ("combinations_with_replacement", i_cwr),
        ("groupby", i_groupby),
        ("tee", i_tee),
    ];
    for (name, f) in fns {
        d.set_str(name, crate::builtin_fn(name, *f));
    }
    d.set_str("chain", chain_class(vm));
    let module = Value::Module(Rc::new(PyModule {
        name: "itertools".to_string(),
        dict: d,
    }));
    vm.modules.set_str("itertools", module.clone());
    module
}
