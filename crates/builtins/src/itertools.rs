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

/// The state a `groupby` shares with its `_grouper`s (CPython's `groupbyobject`).
#[derive(Debug)]
struct GroupShared {
    it: Value,
    key: Option<Value>,
    tgtkey: Option<Value>,
    currkey: Option<Value>,
    currvalue: Option<Value>,
    /// Bumped on every `next(groupby)`: only the grouper made then may still yield.
    gen: u64,
}

/// CPython's `groupby_step`: reads the next value and its key; `false` at the end.
fn groupby_step(vm: &mut Vm, sh: &Rc<RefCell<GroupShared>>) -> PyResult<bool> {
    let it = sh.borrow().it.clone();
    let Some(v) = next(vm, &it)? else {
        return Ok(false);
    };
    let key = sh.borrow().key.clone();
    let k = match key {
        Some(f) => call(vm, &f, std::slice::from_ref(&v), &[])?,
        None => v.clone(),
    };
    let mut s = sh.borrow_mut();
    s.currvalue = Some(v);
    s.currkey = Some(k);
    Ok(true)
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
        sh: Rc<RefCell<GroupShared>>,
    },
    Grouper {
        sh: Rc<RefCell<GroupShared>>,
        tgtkey: Value,
        gen: u64,
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
        let (name, f): (&'static str, NativeFn) = match name {
            "__iter__" => ("__iter__", self_iter),
            "__next__" => ("__next__", self_next),
            "__copy__" if self.name == "_tee" => ("__copy__", tee_copy),
            _ => return Ok(None),
        };
        Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
            name,
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
            St::GroupBy { sh } => {
                let sh = sh.clone();
                sh.borrow_mut().gen += 1;
                loop {
                    let (ck, tk) = {
                        let g = sh.borrow();
                        (g.currkey.clone(), g.tgtkey.clone())
                    };
                    match (ck, tk) {
                        (None, _) => {}
                        (Some(_), None) => break,
                        (Some(c), Some(t)) => {
                            if !rpvm_object::protocols::compare::equal(vm, &t, &c)? {
                                break;
                            }
                        }
                    }
                    if !groupby_step(vm, &sh)? {
                        return Ok(None);
                    }
                }
                let (k, gen) = {
                    let mut g = sh.borrow_mut();
                    let k = g.currkey.clone().unwrap_or(Value::None);
                    g.tgtkey = Some(k.clone());
                    (k, g.gen)
                };
                let group = mk(
                    "_grouper",
                    St::Grouper {
                        sh,
                        tgtkey: k.clone(),
                        gen,
                    },
                );
                Ok(Some(Value::tuple(vec![k, group])))
            }
            St::Grouper { sh, tgtkey, gen } => {
                if sh.borrow().gen != *gen {
                    return Ok(None);
                }
                if sh.borrow().currvalue.is_none() && !groupby_step(vm, sh)? {
                    return Ok(None);
                }
                let ck = sh.borrow().currkey.clone().unwrap_or(Value::None);
                if !rpvm_object::protocols::compare::equal(vm, tgtkey, &ck)? {
                    return Ok(None);
                }
                let mut g = sh.borrow_mut();
                g.currkey = None;
                Ok(g.currvalue.take())
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
    crate::args::no_kwargs("cycle", kw)?;
    crate::args::check_positional("cycle", args.len(), 1, 1)?;
    let it = get_iter(vm, crate::args::arg(args, 0)?)?;
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

/// `__new__(cls, *args)` of an itertools class: the iterator made by its function.
macro_rules! new_of {
    ($new:ident, $f:ident) => {
        fn $new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            // `accumulate.__new__(initial=1)`: no class, and the keyword values must
            // not be taken for positional arguments.
            if npos(args, kw) == 0 {
                return Err(type_error("__new__(): not enough arguments"));
            }
            $f(vm, args.get(1..).unwrap_or(&[]), kw)
        }
    };
}

new_of!(count_new, i_count);
new_of!(cycle_new, i_cycle);
new_of!(repeat_new, i_repeat);
new_of!(islice_new, i_islice);
new_of!(accumulate_new, i_accumulate);
new_of!(compress_new, i_compress);
new_of!(dropwhile_new, i_dropwhile);
new_of!(takewhile_new, i_takewhile);
new_of!(filterfalse_new, i_filterfalse);
new_of!(starmap_new, i_starmap);
new_of!(zip_longest_new, i_zip_longest);
new_of!(pairwise_new, i_pairwise);
new_of!(product_new, i_product);
new_of!(permutations_new, i_permutations);
new_of!(combinations_new, i_combinations);
new_of!(cwr_new, i_cwr);
new_of!(groupby_new, i_groupby);
new_of!(chain_new, i_chain);

/// The public iterator types of `itertools`, which are classes as in CPython: calling one
/// makes the iterator, and the iterators are instances of it.
const CLASSES: &[(&str, NativeFn)] = &[
    ("count", count_new),
    ("cycle", cycle_new),
    ("repeat", repeat_new),
    ("islice", islice_new),
    ("accumulate", accumulate_new),
    ("compress", compress_new),
    ("dropwhile", dropwhile_new),
    ("takewhile", takewhile_new),
    ("filterfalse", filterfalse_new),
    ("starmap", starmap_new),
    ("zip_longest", zip_longest_new),
    ("pairwise", pairwise_new),
    ("product", product_new),
    ("permutations", permutations_new),
    ("combinations", combinations_new),
    ("combinations_with_replacement", cwr_new),
    ("groupby", groupby_new),
    ("chain", chain_new),
];

/// The class `itertools.name`, also recorded as the type of its iterators.
fn iter_class(vm: &mut Vm, name: &'static str, new: NativeFn) -> Rc<PyType> {
    let spec = crate::functools::ClassSpec {
        name,
        module: "itertools",
        base: None,
        new: Some(new),
        dunders: &[],
        methods: &[],
        props: &[],
    };
    let t = crate::functools::class_of(vm, &spec);
    TYPES.with(|m| m.borrow_mut().insert(name, t.clone()));
    t
}

fn i_chain_from_iterable(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    // Called as a class method: `crate::args::arg(args, 0)?` is the class.
    crate::args::no_kwargs("chain.from_iterable", kw)?;
    let args = args.get(1..).unwrap_or(&[]);
    if args.len() != 1 {
        return Err(type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    let x = crate::args::arg(args, 0)?;
    let its = get_iter(vm, x)?;
    Ok(mk("chain", St::Chain { its, cur: None }))
}

/// An islice index as CPython reads it (`PyNumber_AsSsize_t`, errors cleared): `-1` for
/// anything that is not an int in range.
fn islice_index(vm: &mut Vm, v: &Value) -> i64 {
    match index_bigint(vm, v) {
        Ok(b) => b.to_i64().unwrap_or(-1),
        Err(_) => -1,
    }
}

fn i_islice(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("islice", kw)?;
    crate::args::check_positional("islice", args.len(), 2, 4)?;
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (mut start, mut stop, mut step) = (0i64, -1i64, 1i64);
    if args.len() == 2 {
        if !crate::args::arg(args, 1)?.is_none() {
            stop = islice_index(vm, crate::args::arg(args, 1)?);
            if stop == -1 {
                return Err(value_error(stop_msg));
            }
        }
    } else {
        if !crate::args::arg(args, 1)?.is_none() {
            start = islice_index(vm, crate::args::arg(args, 1)?);
        }
        if !crate::args::arg(args, 2)?.is_none() {
            stop = islice_index(vm, crate::args::arg(args, 2)?);
            if stop == -1 {
                return Err(value_error(stop_msg));
            }
        }
    }
    if start < 0 || stop < -1 {
        return Err(value_error(
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        ));
    }
    if let Some(s) = args.get(3) {
        if !s.is_none() {
            step = islice_index(vm, s);
        }
    }
    if step < 1 {
        return Err(value_error(
            "Step for islice() must be a positive integer or None.",
        ));
    }
    let it = get_iter(vm, crate::args::arg(args, 0)?)?;
    Ok(mk(
        "islice",
        St::Islice {
            it,
            next_i: start as usize,
            stop: (stop >= 0).then_some(stop as usize),
            step: step as usize,
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
    if np + kw.len() > 3 {
        return Err(type_error(format!(
            "accumulate() takes at most 3 arguments ({} given)",
            np + kw.len()
        )));
    }
    if np > 2 {
        return Err(type_error(format!(
            "accumulate() takes at most 2 positional arguments ({np} given)"
        )));
    }
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
    Ok((
        crate::args::arg(args, 0)?.clone(),
        get_iter(vm, crate::args::arg(args, 1)?)?,
    ))
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
    if kw.iter().any(|k| k.as_str() != Some("fillvalue")) {
        return Err(type_error(
            "zip_longest() got an unexpected keyword argument",
        ));
    }
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
    let it = get_iter(vm, crate::args::arg(args, 0)?)?;
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

/// A `Py_ssize_t` argument: `__index__`, `OverflowError` beyond 64 bits.
fn ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    index_bigint(vm, v)?.to_i64().ok_or_else(|| {
        rpvm_object::exception::overflow_error("Python int too large to convert to C ssize_t")
    })
}

/// The `r` of `combinations`/`combinations_with_replacement` (a required `Py_ssize_t`).
fn r_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    match ssize(vm, v)? {
        i if i >= 0 => Ok(i as usize),
        _ => Err(value_error("r must be non-negative")),
    }
}

fn i_product(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let ko = kwonly("product", args, kw, &["repeat"])?;
    let repeat = match &ko[0] {
        Some(r) => match ssize(vm, r)? {
            i if i >= 0 => i as usize,
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
    let r = match &p[1] {
        Some(r) if !r.is_none() => {
            if !matches!(r, Value::Int(_) | Value::BigInt(_) | Value::Bool(_)) {
                return Err(type_error("Expected int as r"));
            }
            r_arg(vm, r)?
        }
        _ => pool.len(),
    };
    Ok(combi(Kind::Permutations, "permutations", vec![pool], r))
}

fn i_combinations(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("combinations", args, kw, &["iterable", "r"], 0, 2)?;
    let pool = collect(vm, p[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, p[1].as_ref().unwrap_or(&Value::None))?;
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
    let r = r_arg(vm, p[1].as_ref().unwrap_or(&Value::None))?;
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
    let sh = Rc::new(RefCell::new(GroupShared {
        it,
        key,
        tgtkey: None,
        currkey: None,
        currvalue: None,
        gen: 0,
    }));
    Ok(mk("groupby", St::GroupBy { sh }))
}

/// `_tee.__copy__`: a new tee at the same position over the same buffer.
fn tee_copy(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Native(n)) = args.first() else {
        return Err(type_error("__copy__ expects a _tee"));
    };
    let Some(t) = n.as_any().downcast_ref::<ItIter>() else {
        return Err(type_error("__copy__ expects a _tee"));
    };
    let st = match &*t.st.borrow() {
        St::Tee { shared, idx } => St::Tee {
            shared: shared.clone(),
            idx: *idx,
        },
        _ => St::Done,
    };
    Ok(mk("_tee", st))
}

/// `tee(iterable, n=2)` as CPython: an iterator with `__copy__` (such as a `_tee`) is
/// used as the first result and copied for the others.
fn i_tee(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("itertools.tee", kw)?;
    crate::args::check_positional("tee", args.len(), 1, 2)?;
    let n = match args.get(1) {
        Some(v) => match ssize(vm, v)? {
            i if i >= 0 => i as usize,
            _ => return Err(value_error("n must be >= 0")),
        },
        None => 2,
    };
    if n == 0 {
        return Ok(Value::tuple(Vec::new()));
    }
    let it = get_iter(vm, crate::args::arg(args, 0)?)?;
    let copyfunc = match rpvm_object::protocols::attr::get_attr(vm, &it, "__copy__") {
        Ok(f) => Some(f),
        Err(e) if e.is_instance_of("AttributeError") => None,
        Err(e) => return Err(e),
    };
    let (first, copyfunc) = match copyfunc {
        Some(f) => (it, f),
        None => {
            let shared = Rc::new(RefCell::new(TeeShared {
                it,
                buf: Vec::new(),
            }));
            let t = mk("_tee", St::Tee { shared, idx: 0 });
            let f = rpvm_object::protocols::attr::get_attr(vm, &t, "__copy__")?;
            (t, f)
        }
    };
    let mut items = vec![first];
    for _ in 1..n {
        items.push(call(vm, &copyfunc, &[], &[])?);
    }
    Ok(Value::tuple(items))
}

/// Creates the `itertools` module (registered in `vm.modules`).
pub fn make_itertools(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("itertools"));
    d.set_str("__doc__", Value::None);
    for (name, new) in CLASSES {
        let t = iter_class(vm, name, *new);
        if *name == "chain" {
            t.dict.set_str(
                "from_iterable",
                Value::Native(NativeRef::new(rpvm_object::descriptors::ClassMethod(
                    crate::builtin_fn("from_iterable", i_chain_from_iterable),
                ))),
            );
        }
        d.set_str(name, Value::Type(t));
    }
    d.set_str("tee", crate::builtin_fn("tee", i_tee));
    let module = Value::Module(Rc::new(PyModule {
        name: "itertools".to_string(),
        dict: d,
    }));
    vm.modules.set_str("itertools", module.clone());
    module
}
