//! The `functools` module, plus helpers shared by the native modules that need
//! Python-visible classes (callable objects, comparison dunders): such classes are built
//! as ordinary (heap) classes whose dunders are built-in functions, and the Rust state of
//! an instance is kept in its `builtin_base` slot as a native object.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use rpvm_object::descriptors::{Property, StaticMethod};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::function::{BoundMethod, BuiltinFunction, NativeFn};
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{get_iter, next};
use rpvm_object::protocols::repr::repr;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::args::npos;
use crate::builtin_fn;

thread_local! {
    static CLASSES: RefCell<HashMap<String, Rc<PyType>>> = RefCell::new(HashMap::new());
}

fn method_getter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::BoundMethod(Rc::new(BoundMethod {
        func: args[0].clone(),
        self_: args[1].clone(),
    })))
}

/// The description of a native-backed class.
pub(crate) struct ClassSpec {
    pub name: &'static str,
    pub module: &'static str,
    pub base: Option<Rc<PyType>>,
    /// `__new__` (called as `__new__(cls, *args)`).
    pub new: Option<NativeFn>,
    /// Special methods (looked up on the type, called with the instance first).
    pub dunders: &'static [(&'static str, NativeFn)],
    /// Ordinary methods (bound on attribute access).
    pub methods: &'static [(&'static str, NativeFn)],
    /// Read-only attributes (getter called with the instance).
    pub props: &'static [(&'static str, NativeFn)],
}

/// The class described by `spec`, created once per thread.
pub(crate) fn class_of(vm: &mut Vm, spec: &ClassSpec) -> Rc<PyType> {
    let key = format!("{}.{}", spec.module, spec.name);
    if let Some(t) = CLASSES.with(|c| c.borrow().get(&key).cloned()) {
        return t;
    }
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str(spec.module));
    ns.set_str("__qualname__", Value::str(spec.name));
    if let Some(f) = spec.new {
        ns.set_str(
            "__new__",
            Value::Native(Rc::new(StaticMethod(builtin_fn("__new__", f)))),
        );
    }
    for (n, f) in spec.dunders {
        ns.set_str(n, builtin_fn(n, *f));
    }
    for (n, f) in spec.methods {
        let getter = Value::Builtin(Rc::new(BuiltinFunction {
            name: n,
            func: method_getter,
            bound_self: Some(builtin_fn(n, *f)),
            owner: None,
        }));
        ns.set_str(n, prop(getter));
    }
    for (n, f) in spec.props {
        ns.set_str(n, prop(builtin_fn(n, *f)));
    }
    let bases = match &spec.base {
        Some(b) => Value::tuple(vec![Value::Type(b.clone())]),
        None => Value::tuple(vec![]),
    };
    let t = match rpvm_object::subclass::new_class(
        vm,
        None,
        &[Value::str(spec.name), bases, Value::Dict(ns)],
        &[],
    ) {
        Ok(Value::Type(t)) => t,
        _ => panic!("cannot create class {key}"),
    };
    CLASSES.with(|c| c.borrow_mut().insert(key, t.clone()));
    t
}

fn prop(fget: Value) -> Value {
    Value::Native(Rc::new(Property {
        fget,
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
    }))
}

/// A native state object kept in an instance's `builtin_base` slot.
#[derive(Debug)]
pub(crate) struct State<T: std::fmt::Debug + 'static>(pub T);

impl<T: std::fmt::Debug + 'static> NativeObject for State<T> {
    fn class(&self) -> Rc<PyType> {
        rpvm_object::typeobj::builtin_types().object.clone()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A new instance of `cls` holding `state`.
pub(crate) fn new_instance<T: std::fmt::Debug + 'static>(cls: Rc<PyType>, state: T) -> Value {
    Value::Instance(PyInstance::new(
        cls,
        Some(Value::Native(Rc::new(State(state)))),
    ))
}

/// The state of an instance made by [`new_instance`].
pub(crate) fn state_of<T: std::fmt::Debug + 'static>(v: &Value) -> Option<Rc<dyn NativeObject>> {
    let Value::Instance(i) = v else { return None };
    let b = i.builtin_base.borrow().clone()?;
    let Value::Native(n) = b else { return None };
    if n.as_any().downcast_ref::<State<T>>().is_some() {
        Some(n)
    } else {
        None
    }
}

/// Runs `f` on the state of `v` (an error naming `what` if `v` is not such an instance).
pub(crate) fn with_state<T: std::fmt::Debug + 'static, R>(
    v: &Value,
    what: &str,
    f: impl FnOnce(&T) -> R,
) -> PyResult<R> {
    match state_of::<T>(v) {
        Some(n) => Ok(f(&n.as_any().downcast_ref::<State<T>>().unwrap().0)),
        None => Err(type_error(format!("descriptor requires a '{what}' object"))),
    }
}

/// Splits call arguments into positional values and (name, value) pairs.
pub(crate) fn split(args: &[Value], kw: &[Value]) -> (Vec<Value>, Vec<(Value, Value)>) {
    let np = npos(args, kw);
    let pos = args[..np].to_vec();
    let kws = kw.iter().cloned().zip(args[np..].iter().cloned()).collect();
    (pos, kws)
}

// ---- reduce ----

fn reduce(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(type_error("reduce() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error(format!(
            "reduce expected at least 2 arguments, got {}",
            args.len()
        )));
    }
    if args.len() > 3 {
        return Err(type_error(format!(
            "reduce expected at most 3 arguments, got {}",
            args.len()
        )));
    }
    let func = &args[0];
    let it = match get_iter(vm, &args[1]) {
        Ok(it) => it,
        Err(e) => {
            if e.is_instance_of("TypeError") {
                return Err(type_error(
                    "reduce() arg 2 must support iteration".to_string(),
                ));
            }
            return Err(e);
        }
    };
    let mut acc = args.get(2).cloned();
    while let Some(v) = next(vm, &it)? {
        acc = Some(match acc {
            None => v,
            Some(a) => call(vm, func, &[a, v], &[])?,
        });
    }
    acc.ok_or_else(|| type_error("reduce() of empty iterable with no initial value"))
}

// ---- partial ----

#[derive(Debug)]
struct Partial {
    func: Value,
    args: Vec<Value>,
    kw: Vec<(Value, Value)>,
}

const PARTIAL: ClassSpec = ClassSpec {
    name: "partial",
    module: "functools",
    base: None,
    new: Some(partial_new),
    dunders: &[("__call__", partial_call), ("__repr__", partial_repr)],
    methods: &[],
    props: &[
        ("func", partial_func),
        ("args", partial_args),
        ("keywords", partial_keywords),
    ],
};

fn partial_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if pos.len() < 2 {
        return Err(type_error("type 'partial' takes at least one argument"));
    }
    let mut func = pos[1].clone();
    if !crate::iterators::is_callable(vm, &func) {
        return Err(type_error("the first argument must be callable"));
    }
    let mut pargs = Vec::new();
    let mut pkw: Vec<(Value, Value)> = Vec::new();
    if let Some(n) = state_of::<Partial>(&func) {
        let p = &n.as_any().downcast_ref::<State<Partial>>().unwrap().0;
        pargs = p.args.clone();
        pkw = p.kw.clone();
        func = p.func.clone();
    }
    pargs.extend_from_slice(&pos[2..]);
    merge_kw(&mut pkw, kws);
    let cls = match &pos[0] {
        Value::Type(t) => t.clone(),
        _ => class_of(vm, &PARTIAL),
    };
    Ok(new_instance(
        cls,
        Partial {
            func,
            args: pargs,
            kw: pkw,
        },
    ))
}

fn merge_kw(base: &mut Vec<(Value, Value)>, extra: Vec<(Value, Value)>) {
    for (k, v) in extra {
        match base.iter_mut().find(|(bk, _)| bk.as_str() == k.as_str()) {
            Some(slot) => slot.1 = v,
            None => base.push((k, v)),
        }
    }
}

fn partial_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (func, mut pargs, mut pkw) = with_state::<Partial, _>(&args[0], "partial", |p| {
        (p.func.clone(), p.args.clone(), p.kw.clone())
    })?;
    let (pos, kws) = split(&args[1..], kw);
    pargs.extend(pos);
    merge_kw(&mut pkw, kws);
    let names: Vec<Value> = pkw.iter().map(|(k, _)| k.clone()).collect();
    pargs.extend(pkw.into_iter().map(|(_, v)| v));
    call(vm, &func, &pargs, &names)
}

fn partial_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (func, pargs, pkw) = with_state::<Partial, _>(&args[0], "partial", |p| {
        (p.func.clone(), p.args.clone(), p.kw.clone())
    })?;
    let mut parts = vec![repr(vm, &func)?];
    for a in &pargs {
        parts.push(repr(vm, a)?);
    }
    for (k, v) in &pkw {
        parts.push(format!("{}={}", k.as_str().unwrap_or("?"), repr(vm, v)?));
    }
    Ok(Value::str(&format!(
        "functools.partial({})",
        parts.join(", ")
    )))
}

fn partial_func(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Partial, _>(&args[0], "partial", |p| p.func.clone())
}

fn partial_args(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Partial, _>(&args[0], "partial", |p| Value::tuple(p.args.clone()))
}

fn partial_keywords(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let kw = with_state::<Partial, _>(&args[0], "partial", |p| p.kw.clone())?;
    let d = Rc::new(PyDict::new());
    for (k, v) in kw {
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(Value::Dict(d))
}

// ---- cmp_to_key ----

#[derive(Debug)]
struct KeyWrapper {
    cmp: Value,
    obj: Option<Value>,
}

const KEYWRAPPER: ClassSpec = ClassSpec {
    name: "KeyWrapper",
    module: "functools",
    base: None,
    new: None,
    dunders: &[
        ("__call__", kw_call),
        ("__lt__", kw_lt),
        ("__le__", kw_le),
        ("__eq__", kw_eq),
        ("__ne__", kw_ne),
        ("__gt__", kw_gt),
        ("__ge__", kw_ge),
    ],
    methods: &[],
    props: &[("obj", kw_obj)],
};

fn cmp_to_key(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("cmp_to_key", args, kw, &["mycmp"], 0, 1)?;
    let cls = class_of(vm, &KEYWRAPPER);
    Ok(new_instance(
        cls,
        KeyWrapper {
            cmp: a[0].clone().unwrap(),
            obj: None,
        },
    ))
}

fn kw_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("K", &args[1..], kw, &["obj"], 0, 1)?;
    let cmp = with_state::<KeyWrapper, _>(&args[0], "functools.KeyWrapper", |k| k.cmp.clone())?;
    let cls = class_of(vm, &KEYWRAPPER);
    Ok(new_instance(
        cls,
        KeyWrapper {
            cmp,
            obj: a[0].clone(),
        },
    ))
}

fn kw_obj(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<KeyWrapper, _>(&args[0], "functools.KeyWrapper", |k| {
        k.obj.clone().unwrap_or(Value::None)
    })
}

fn kw_compare(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let (cmp, a) = with_state::<KeyWrapper, _>(&args[0], "functools.KeyWrapper", |k| {
        (k.cmp.clone(), k.obj.clone().unwrap_or(Value::None))
    })?;
    let Some(b) = args.get(1).and_then(state_of::<KeyWrapper>).map(|n| {
        n.as_any()
            .downcast_ref::<State<KeyWrapper>>()
            .unwrap()
            .0
            .obj
            .clone()
            .unwrap_or(Value::None)
    }) else {
        return Err(type_error("other argument must be K instance"));
    };
    let r = call(vm, &cmp, &[a, b], &[])?;
    rich_compare(vm, &r, &Value::Int(0), op)
}

fn kw_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Lt)
}
fn kw_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Le)
}
fn kw_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Eq)
}
fn kw_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Ne)
}
fn kw_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Gt)
}
fn kw_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    kw_compare(vm, args, CompareOp::Ge)
}

// ---- lru_cache ----

#[derive(Debug)]
struct Lru {
    func: Value,
    maxsize: Option<i64>,
    typed: bool,
    cache: Rc<PyDict>,
    hits: Cell<i64>,
    misses: Cell<i64>,
}

const LRU: ClassSpec = ClassSpec {
    name: "_lru_cache_wrapper",
    module: "functools",
    base: None,
    new: None,
    dunders: &[("__call__", lru_call)],
    methods: &[
        ("cache_info", lru_cache_info),
        ("cache_clear", lru_cache_clear),
        ("cache_parameters", lru_cache_parameters),
    ],
    props: &[],
};

const CACHEINFO: ClassSpec = ClassSpec {
    name: "CacheInfo",
    module: "functools",
    base: None,
    new: None,
    dunders: &[("__repr__", ci_repr)],
    methods: &[],
    props: &[
        ("hits", ci_hits),
        ("misses", ci_misses),
        ("maxsize", ci_maxsize),
        ("currsize", ci_currsize),
    ],
};

fn lru_cache(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("lru_cache", args, kw, &["maxsize", "typed"], 0, 0)?;
    let typed = match &a[1] {
        Some(v) => rpvm_object::protocols::truth::is_true(vm, v)?,
        None => false,
    };
    let maxsize = a[0].clone().unwrap_or(Value::Int(128));
    let cfg = |m: Value| Value::tuple(vec![m, Value::Bool(typed)]);
    match &maxsize {
        Value::Int(_) | Value::Bool(_) | Value::None => {}
        Value::BigInt(_) => {}
        v if crate::iterators::is_callable(vm, v) => {
            return make_lru(vm, v.clone(), Some(128), typed);
        }
        _ => {
            return Err(type_error(
                "Expected first argument to be an integer, a callable, or None",
            ))
        }
    }
    Ok(Value::Builtin(Rc::new(BuiltinFunction {
        name: "decorating_function",
        func: lru_decorate,
        bound_self: Some(cfg(maxsize)),
        owner: None,
    })))
}

fn lru_decorate(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Tuple(cfg) = &args[0] else {
        return Err(type_error("bad lru_cache configuration"));
    };
    let cfg = cfg.as_slice();
    let maxsize = match &cfg[0] {
        Value::None => None,
        v => Some(crate::args::index_clamped(vm, v)?.max(0)),
    };
    let typed = matches!(cfg[1], Value::Bool(true));
    let Some(f) = args.get(1) else {
        return Err(type_error(
            "decorating_function() missing 1 required positional argument: 'user_function'",
        ));
    };
    make_lru(vm, f.clone(), maxsize, typed)
}

fn make_lru(vm: &mut Vm, func: Value, maxsize: Option<i64>, typed: bool) -> PyResult<Value> {
    let cls = class_of(vm, &LRU);
    let w = new_instance(
        cls,
        Lru {
            func: func.clone(),
            maxsize,
            typed,
            cache: Rc::new(PyDict::new()),
            hits: Cell::new(0),
            misses: Cell::new(0),
        },
    );
    update_wrapper_impl(vm, &w, &func)?;
    Ok(w)
}

fn lru_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (func, maxsize, typed, cache) =
        with_state::<Lru, _>(&args[0], "_lru_cache_wrapper", |l| {
            (l.func.clone(), l.maxsize, l.typed, l.cache.clone())
        })?;
    let st = state_of::<Lru>(&args[0]).unwrap();
    let lru = &st.as_any().downcast_ref::<State<Lru>>().unwrap().0;
    let rest = &args[1..];
    if maxsize == Some(0) {
        lru.misses.set(lru.misses.get() + 1);
        return call(vm, &func, rest, kw);
    }
    let (pos, kws) = split(rest, kw);
    let mut key_items = pos.clone();
    if !kws.is_empty() {
        key_items.push(Value::str("\u{0}functools.kwd_mark"));
        for (k, v) in &kws {
            key_items.push(k.clone());
            key_items.push(v.clone());
        }
    }
    if typed {
        for v in &pos {
            key_items.push(Value::Type(rpvm_object::protocols::type_of(v)));
        }
        for (_, v) in &kws {
            key_items.push(Value::Type(rpvm_object::protocols::type_of(v)));
        }
    }
    let key = Value::tuple(key_items);
    let h = hash_value(vm, &key)?;
    if let Some(v) = cache.get_hashed(&key, h) {
        lru.hits.set(lru.hits.get() + 1);
        if maxsize.is_some() {
            // Move to the most recently used end.
            cache.remove_hashed(&key, h);
            cache.insert_hashed(key, h, v.clone());
        }
        return Ok(v);
    }
    lru.misses.set(lru.misses.get() + 1);
    let result = call(vm, &func, rest, kw)?;
    if cache.get_hashed(&key, h).is_some() {
        return Ok(result);
    }
    if let Some(m) = maxsize {
        if cache.len() as i64 >= m {
            if let Some((old, _)) = cache.item_at(0) {
                let oh = hash_value(vm, &old)?;
                cache.remove_hashed(&old, oh);
            }
        }
    }
    cache.insert_hashed(key, h, result.clone());
    Ok(result)
}

fn lru_cache_info(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let t = with_state::<Lru, _>(&args[0], "_lru_cache_wrapper", |l| {
        vec![
            Value::Int(l.hits.get()),
            Value::Int(l.misses.get()),
            l.maxsize.map(Value::Int).unwrap_or(Value::None),
            Value::Int(l.cache.len() as i64),
        ]
    })?;
    let cls = class_of(vm, &CACHEINFO);
    Ok(new_instance(cls, t))
}

fn ci_field(args: &[Value], i: usize) -> PyResult<Value> {
    with_state::<Vec<Value>, _>(&args[0], "CacheInfo", |t| t[i].clone())
}
fn ci_hits(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ci_field(args, 0)
}
fn ci_misses(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ci_field(args, 1)
}
fn ci_maxsize(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ci_field(args, 2)
}
fn ci_currsize(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ci_field(args, 3)
}

fn ci_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let t = with_state::<Vec<Value>, _>(&args[0], "CacheInfo", |t| t.clone())?;
    let names = ["hits", "misses", "maxsize", "currsize"];
    let mut parts = Vec::new();
    for (n, v) in names.iter().zip(t.iter()) {
        parts.push(format!("{n}={}", repr(vm, v)?));
    }
    Ok(Value::str(&format!("CacheInfo({})", parts.join(", "))))
}

fn lru_cache_clear(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Lru, _>(&args[0], "_lru_cache_wrapper", |l| {
        l.cache.clear();
        l.hits.set(0);
        l.misses.set(0);
    })?;
    Ok(Value::None)
}

fn lru_cache_parameters(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (m, t) = with_state::<Lru, _>(&args[0], "_lru_cache_wrapper", |l| (l.maxsize, l.typed))?;
    let d = Rc::new(PyDict::new());
    for (k, v) in [
        ("maxsize", m.map(Value::Int).unwrap_or(Value::None)),
        ("typed", Value::Bool(t)),
    ] {
        let k = Value::str(k);
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(Value::Dict(d))
}

fn cache(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("cache", args, kw, &["user_function"], 0, 1)?;
    make_lru(vm, a[0].clone().unwrap(), None, false)
}

// ---- wraps / update_wrapper ----

const ASSIGNED: [&str; 5] = [
    "__module__",
    "__name__",
    "__qualname__",
    "__doc__",
    "__annotations__",
];

fn update_wrapper_impl(vm: &mut Vm, wrapper: &Value, wrapped: &Value) -> PyResult<()> {
    for name in ASSIGNED {
        match get_attr(vm, wrapped, name) {
            Ok(v) => set_attr(vm, wrapper, name, v)?,
            Err(e) if e.is_instance_of("AttributeError") => {}
            Err(e) => return Err(e),
        }
    }
    if let Ok(Value::Dict(src)) = get_attr(vm, wrapped, "__dict__") {
        if let Ok(Value::Dict(dst)) = get_attr(vm, wrapper, "__dict__") {
            for (k, v) in src.items() {
                let h = hash_value(vm, &k)?;
                dst.insert_hashed(k, h, v);
            }
        }
    }
    set_attr(vm, wrapper, "__wrapped__", wrapped.clone())
}

fn update_wrapper(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "update_wrapper",
        args,
        kw,
        &["wrapper", "wrapped", "assigned", "updated"],
        0,
        2,
    )?;
    let wrapper = a[0].clone().unwrap();
    update_wrapper_impl(vm, &wrapper, a[1].as_ref().unwrap())?;
    Ok(wrapper)
}

fn wraps_apply(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(wrapper) = args.get(1) else {
        return Err(type_error(
            "update_wrapper() missing 1 required positional argument: 'wrapper'",
        ));
    };
    update_wrapper_impl(vm, wrapper, &args[0])?;
    Ok(wrapper.clone())
}

fn wraps(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("wraps", args, kw, &["wrapped", "assigned", "updated"], 0, 1)?;
    Ok(Value::Builtin(Rc::new(BuiltinFunction {
        name: "partial",
        func: wraps_apply,
        bound_self: a[0].clone(),
        owner: None,
    })))
}

/// The `functools` module.
pub fn make_functools(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("functools"));
    let fns: &[(&'static str, NativeFn)] = &[
        ("reduce", reduce),
        ("cmp_to_key", cmp_to_key),
        ("lru_cache", lru_cache),
        ("cache", cache),
        ("update_wrapper", update_wrapper),
        ("wraps", wraps),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let p = class_of(vm, &PARTIAL);
    d.set_str("partial", Value::Type(p));
    d.set_str(
        "WRAPPER_ASSIGNMENTS",
        Value::tuple(ASSIGNED.iter().map(|s| Value::str(s)).collect()),
    );
    d.set_str(
        "WRAPPER_UPDATES",
        Value::tuple(vec![Value::str("__dict__")]),
    );
    let m = Value::Module(Rc::new(PyModule {
        name: "functools".to_string(),
        dict: d,
    }));
    vm.modules.set_str("functools", m.clone());
    m
}
