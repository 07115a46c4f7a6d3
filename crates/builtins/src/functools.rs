//! The `functools` module, plus helpers shared by the native modules that need
//! Python-visible classes (callable objects, comparison dunders): such classes are built
//! as ordinary (heap) classes whose dunders are built-in functions, and the Rust state of
//! an instance is kept in its `builtin_base` slot as a native object.

use rpvm_object::native::NativeRef;
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
    static CACHE_INFO: RefCell<Option<Value>> = const { RefCell::new(None) };
    static CLASSES: RefCell<HashMap<String, Rc<PyType>>> = RefCell::new(HashMap::new());
}

fn method_getter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [func, self_] => Ok(Value::BoundMethod(Rc::new(BoundMethod {
            func: func.clone(),
            self_: self_.clone(),
        }))),
        _ => Err(type_error(format!(
            "expected 1 argument, got {}",
            args.len().saturating_sub(1)
        ))),
    }
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
    // The implementations take the instance (the class for `__new__`) as `crate::args::arg(args, 0)?`: the
    // owner makes a call through the class without one a TypeError (protocols::call).
    let owner = qualified_name(spec);
    let method = |name: &'static str, func: NativeFn| {
        Value::Builtin(Rc::new(BuiltinFunction {
            name,
            func,
            bound_self: None,
            owner: Some(owner),
        }))
    };
    if let Some(f) = spec.new {
        ns.set_str(
            "__new__",
            Value::Native(NativeRef::new(StaticMethod(method("__new__", f)))),
        );
    }
    for (n, f) in spec.dunders {
        // Implicit class methods are called without an instance.
        if matches!(
            *n,
            "__init_subclass__" | "__class_getitem__" | "__subclasshook__"
        ) {
            ns.set_str(n, builtin_fn(n, *f));
        } else {
            ns.set_str(n, method(n, *f));
        }
    }
    for (n, f) in spec.methods {
        let getter = Value::Builtin(Rc::new(BuiltinFunction {
            name: n,
            func: method_getter,
            bound_self: Some(method(n, *f)),
            owner: None,
        }));
        ns.set_str(n, prop(getter));
    }
    for (n, f) in spec.props {
        ns.set_str(n, prop(method(n, *f)));
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

/// Whether the class `module.name` has been made by [`class_of`] on this thread.
pub(crate) fn class_made(key: &str) -> bool {
    CLASSES.with(|c| c.borrow().contains_key(key))
}

/// `module.name` as a `&'static str` (CPython's `tp_name`, used in argument errors), made
/// once per class for the whole process.
fn qualified_name(spec: &ClassSpec) -> &'static str {
    use std::sync::Mutex;
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let name = if spec.module == "builtins" {
        spec.name.to_string()
    } else {
        format!("{}.{}", spec.module, spec.name)
    };
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| **n == name) {
        return n;
    }
    let n: &'static str = Box::leak(name.into_boxed_str());
    names.push(n);
    n
}

fn prop(fget: Value) -> Value {
    Value::Native(NativeRef::new(Property {
        fget,
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
        name: std::cell::RefCell::new(None),
        python: false,
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
        Some(Value::Native(NativeRef::new(State(state)))),
    ))
}

/// The state of an instance made by [`new_instance`].
pub(crate) fn state_of<T: std::fmt::Debug + 'static>(v: &Value) -> Option<NativeRef> {
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
    let func = crate::args::arg(args, 0)?;
    let it = match get_iter(vm, crate::args::arg(args, 1)?) {
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
    let (func, mut pargs, mut pkw) =
        with_state::<Partial, _>(crate::args::arg(args, 0)?, "partial", |p| {
            (p.func.clone(), p.args.clone(), p.kw.clone())
        })?;
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    pargs.extend(pos);
    merge_kw(&mut pkw, kws);
    let names: Vec<Value> = pkw.iter().map(|(k, _)| k.clone()).collect();
    pargs.extend(pkw.into_iter().map(|(_, v)| v));
    call(vm, &func, &pargs, &names)
}

fn partial_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (func, pargs, pkw) =
        with_state::<Partial, _>(crate::args::arg(args, 0)?, "partial", |p| {
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
    with_state::<Partial, _>(crate::args::arg(args, 0)?, "partial", |p| p.func.clone())
}

fn partial_args(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Partial, _>(crate::args::arg(args, 0)?, "partial", |p| {
        Value::tuple(p.args.clone())
    })
}

fn partial_keywords(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let kw = with_state::<Partial, _>(crate::args::arg(args, 0)?, "partial", |p| p.kw.clone())?;
    let d = Rc::new(PyDict::new());
    for (k, v) in kw {
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(Value::Dict(d))
}

// ---- partialmethod ----

#[derive(Debug)]
struct PartialMethod {
    func: Value,
    args: Vec<Value>,
    kw: Vec<(Value, Value)>,
}

const PARTIALMETHOD: ClassSpec = ClassSpec {
    name: "partialmethod",
    module: "functools",
    base: None,
    new: Some(pm_new),
    dunders: &[("__get__", pm_get), ("__repr__", pm_repr)],
    methods: &[],
    props: &[
        ("func", pm_func),
        ("args", pm_args),
        ("keywords", pm_keywords),
        ("__isabstractmethod__", pm_isabstract),
    ],
};

/// The unbound method a partialmethod of a non-descriptor callable gives (CPython's
/// `_make_unbound_method()._method`): calls `func(cls_or_self, *args, ...)`.
const PM_UNBOUND: ClassSpec = ClassSpec {
    name: "_method",
    module: "functools",
    base: None,
    new: None,
    dunders: &[("__call__", pm_unbound_call), ("__get__", pm_unbound_get)],
    methods: &[],
    props: &[("_partialmethod", pm_unbound_owner)],
};

/// A partialmethod's (func, args, keywords).
type PmParts = (Value, Vec<Value>, Vec<(Value, Value)>);

fn pm_state(v: &Value) -> PyResult<PmParts> {
    with_state::<PartialMethod, _>(v, "partialmethod", |p| {
        (p.func.clone(), p.args.clone(), p.kw.clone())
    })
}

fn pm_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let Some(func) = pos.get(1).cloned() else {
        return Err(type_error(
            "partialmethod.__init__() missing 1 required positional argument: 'func'",
        ));
    };
    let native_descriptor = matches!(&func, Value::Native(n)
        if n.as_any().is::<rpvm_object::descriptors::ClassMethod>()
            || n.as_any().is::<StaticMethod>()
            || n.as_any().is::<Property>());
    let has_get = native_descriptor
        || match get_attr(vm, &func, "__get__") {
            Ok(_) => true,
            Err(e) if e.is_instance_of("AttributeError") => false,
            Err(e) => return Err(e),
        };
    if !crate::iterators::is_callable(vm, &func) && !has_get {
        return Err(type_error(format!(
            "{} is not callable or a descriptor",
            repr(vm, &func)?
        )));
    }
    let (func, mut pargs, mut pkw) = match state_of::<PartialMethod>(&func) {
        Some(_) => pm_state(&func)?,
        None => (func, Vec::new(), Vec::new()),
    };
    pargs.extend_from_slice(pos.get(2..).unwrap_or(&[]));
    merge_kw(&mut pkw, kws);
    let cls = match pos.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, &PARTIALMETHOD),
    };
    Ok(new_instance(
        cls,
        PartialMethod {
            func,
            args: pargs,
            kw: pkw,
        },
    ))
}

fn pm_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let (func, pargs, pkw) = pm_state(this)?;
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    let module = get_attr(vm, &cls, "__module__")?;
    let module = rpvm_object::protocols::repr::str_(vm, &module)?;
    let qualname = get_attr(vm, &cls, "__qualname__")?;
    let qualname = rpvm_object::protocols::repr::str_(vm, &qualname)?;
    let mut a = Vec::new();
    for v in &pargs {
        a.push(repr(vm, v)?);
    }
    let mut k = Vec::new();
    for (n, v) in &pkw {
        k.push(format!("{}={}", n.as_str().unwrap_or("?"), repr(vm, v)?));
    }
    Ok(Value::string(format!(
        "{module}.{qualname}({}, {}, {})",
        repr(vm, &func)?,
        a.join(", "),
        k.join(", ")
    )))
}

fn pm_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let obj = args.get(1).cloned().unwrap_or(Value::None);
    let cls = args.get(2).cloned().unwrap_or(Value::None);
    let (func, pargs, pkw) = pm_state(this)?;
    let owner = match &cls {
        Value::Type(t) => t.clone(),
        _ => rpvm_object::protocols::type_of(&obj),
    };
    let o = if obj.is_none() { None } else { Some(&obj) };
    let new_func = rpvm_object::descriptors::descriptor_get(vm, func.clone(), o, &owner)?;
    let same = new_func.ptr().is_none() || new_func.ptr() == func.ptr();
    if !same {
        let mut cargs = vec![new_func.clone()];
        cargs.extend(pargs);
        let names: Vec<Value> = pkw.iter().map(|(k, _)| k.clone()).collect();
        cargs.extend(pkw.into_iter().map(|(_, v)| v));
        let ptype = Value::Type(class_of(vm, &PARTIAL));
        let result = call(vm, &ptype, &cargs, &names)?;
        if let Ok(s) = get_attr(vm, &new_func, "__self__") {
            let _ = set_attr(vm, &result, "__self__", s);
        }
        return Ok(result);
    }
    let unbound = new_instance(class_of(vm, &PM_UNBOUND), this.clone());
    if obj.is_none() {
        Ok(unbound)
    } else {
        Ok(Value::BoundMethod(Rc::new(BoundMethod {
            func: unbound,
            self_: obj,
        })))
    }
}

fn pm_func(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(pm_state(crate::args::arg(args, 0)?)?.0)
}

fn pm_args(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(pm_state(crate::args::arg(args, 0)?)?.1))
}

fn pm_keywords(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let kw = pm_state(crate::args::arg(args, 0)?)?.2;
    let d = Rc::new(PyDict::new());
    for (k, v) in kw {
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(Value::Dict(d))
}

fn pm_isabstract(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let func = pm_state(crate::args::arg(args, 0)?)?.0;
    match get_attr(vm, &func, "__isabstractmethod__") {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn pm_unbound_owner(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Value, _>(crate::args::arg(args, 0)?, "_method", |p| p.clone())
}

fn pm_unbound_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let pm = pm_unbound_owner(vm, crate::args::first(args, 1), &[])?;
    let (func, mut pargs, mut pkw) = pm_state(&pm)?;
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let Some(first) = pos.first().cloned() else {
        return Err(type_error(
            "_method() missing 1 required positional argument: 'cls_or_self'",
        ));
    };
    pargs.insert(0, first);
    pargs.extend(pos.into_iter().skip(1));
    merge_kw(&mut pkw, kws);
    let names: Vec<Value> = pkw.iter().map(|(k, _)| k.clone()).collect();
    pargs.extend(pkw.into_iter().map(|(_, v)| v));
    call(vm, &func, &pargs, &names)
}

fn pm_unbound_get(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    match args.get(1) {
        Some(obj) if !obj.is_none() => Ok(Value::BoundMethod(Rc::new(BoundMethod {
            func: this,
            self_: obj.clone(),
        }))),
        _ => Ok(this),
    }
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
    let a = crate::args::parse("K", crate::args::rest(args, 1), kw, &["obj"], 0, 1)?;
    let cmp =
        with_state::<KeyWrapper, _>(crate::args::arg(args, 0)?, "functools.KeyWrapper", |k| {
            k.cmp.clone()
        })?;
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
    with_state::<KeyWrapper, _>(crate::args::arg(args, 0)?, "functools.KeyWrapper", |k| {
        k.obj.clone().unwrap_or(Value::None)
    })
}

fn kw_compare(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let (cmp, a) =
        with_state::<KeyWrapper, _>(crate::args::arg(args, 0)?, "functools.KeyWrapper", |k| {
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
    let Value::Tuple(cfg) = crate::args::arg(args, 0)? else {
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
        with_state::<Lru, _>(crate::args::arg(args, 0)?, "_lru_cache_wrapper", |l| {
            (l.func.clone(), l.maxsize, l.typed, l.cache.clone())
        })?;
    let st = state_of::<Lru>(crate::args::arg(args, 0)?).unwrap();
    let lru = &st.as_any().downcast_ref::<State<Lru>>().unwrap().0;
    let rest = crate::args::rest(args, 1);
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
    let t = with_state::<Lru, _>(crate::args::arg(args, 0)?, "_lru_cache_wrapper", |l| {
        vec![
            Value::Int(l.hits.get()),
            Value::Int(l.misses.get()),
            l.maxsize.map(Value::Int).unwrap_or(Value::None),
            Value::Int(l.cache.len() as i64),
        ]
    })?;
    let cls = match CACHE_INFO.with(|c| c.borrow().clone()) {
        Some(c) => c,
        None => {
            let fields = ["hits", "misses", "maxsize", "currsize"];
            let c = crate::collections::namedtuple(
                vm,
                &[
                    Value::str("CacheInfo"),
                    Value::list(fields.iter().map(|f| Value::str(f)).collect()),
                    Value::str("functools"),
                ],
                &[Value::str("module")],
            )?;
            CACHE_INFO.with(|ci| *ci.borrow_mut() = Some(c.clone()));
            c
        }
    };
    call(vm, &cls, &t, &[])
}

fn lru_cache_clear(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<Lru, _>(crate::args::arg(args, 0)?, "_lru_cache_wrapper", |l| {
        l.cache.clear();
        l.hits.set(0);
        l.misses.set(0);
    })?;
    Ok(Value::None)
}

fn lru_cache_parameters(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (m, t) = with_state::<Lru, _>(crate::args::arg(args, 0)?, "_lru_cache_wrapper", |l| {
        (l.maxsize, l.typed)
    })?;
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

// ---- total_ordering ----

/// The four comparisons, in CPython's preference order for the root (`max` of the names).
const ORDER_OPS: [&str; 4] = ["__lt__", "__le__", "__gt__", "__ge__"];

/// Calls `type(self).<root>(self, other)`.
fn call_root(vm: &mut Vm, root: &str, args: &[Value]) -> PyResult<Value> {
    let [this, other] = args else {
        return Err(type_error(format!(
            "expected 1 argument, got {}",
            args.len().saturating_sub(1)
        )));
    };
    let cls = rpvm_object::protocols::type_of(this);
    let Some(f) = cls.lookup(root) else {
        return Ok(Value::NotImplemented);
    };
    call(vm, &f, &[this.clone(), other.clone()], &[])
}

/// The derived comparison: `(root result negated?) (and|or) (self ==|!= other)`, or just the
/// negation (CPython's `_gt_from_lt` and friends).
fn derived(
    vm: &mut Vm,
    args: &[Value],
    root: &str,
    negate: bool,
    combine: Option<(bool, bool)>,
) -> PyResult<Value> {
    // CPython's `_gt_from_lt(self, other, NotImplemented=NotImplemented)`.
    if args.len() < 2 {
        let missing = ["'self'", "'other'"][args.len()..].join(" and ");
        return Err(type_error(format!(
            "_derived() missing {} required positional argument{}: {missing}",
            2 - args.len(),
            if args.len() == 1 { "" } else { "s" }
        )));
    }
    if args.len() > 3 {
        return Err(type_error(format!(
            "_derived() takes from 2 to 3 positional arguments but {} were given",
            args.len()
        )));
    }
    let r = call_root(vm, root, crate::args::first(args, 2))?;
    if matches!(r, Value::NotImplemented) {
        return Ok(r);
    }
    let t = rpvm_object::protocols::truth::is_true(vm, &r)?;
    let first = if negate { Value::Bool(!t) } else { r };
    let first_true = if negate { !t } else { t };
    let Some((is_and, eq)) = combine else {
        return Ok(first);
    };
    // `a and b` returns a when falsy; `a or b` returns a when truthy.
    if is_and != first_true {
        return Ok(first);
    }
    let op = if eq { CompareOp::Eq } else { CompareOp::Ne };
    rich_compare(
        vm,
        crate::args::arg(args, 0)?,
        crate::args::arg(args, 1)?,
        op,
    )
}

macro_rules! derived_fn {
    ($name:ident, $root:expr, $neg:expr, $comb:expr) => {
        fn $name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
            derived(vm, args, $root, $neg, $comb)
        }
    };
}

// (is_and, eq): `and self != other` is (true, false); `or self == other` is (false, true).
derived_fn!(gt_from_lt, "__lt__", true, Some((true, false)));
derived_fn!(le_from_lt, "__lt__", false, Some((false, true)));
derived_fn!(ge_from_lt, "__lt__", true, None);
derived_fn!(ge_from_le, "__le__", true, Some((false, true)));
derived_fn!(lt_from_le, "__le__", false, Some((true, false)));
derived_fn!(gt_from_le, "__le__", true, None);
derived_fn!(lt_from_gt, "__gt__", true, Some((true, false)));
derived_fn!(ge_from_gt, "__gt__", false, Some((false, true)));
derived_fn!(le_from_gt, "__gt__", true, None);
derived_fn!(le_from_ge, "__ge__", true, Some((false, true)));
derived_fn!(gt_from_ge, "__ge__", false, Some((true, false)));
derived_fn!(lt_from_ge, "__ge__", true, None);

fn total_ordering(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("total_ordering", args, kw, &["cls"], 0, 1)?;
    let clsv = a[0].clone().unwrap_or(Value::None);
    let Value::Type(cls) = &clsv else {
        return Err(rpvm_object::exception::attribute_error(format!(
            "'{}' object has no attribute '__lt__'",
            rpvm_object::protocols::type_name(&clsv)
        )));
    };
    let defined = |op: &str| -> bool {
        cls.mro().iter().any(|t| {
            if t.builtin {
                return !matches!(t.kind, rpvm_object::typeobj::TypeKind::Object)
                    && !matches!(
                        t.kind,
                        rpvm_object::typeobj::TypeKind::Instance
                            | rpvm_object::typeobj::TypeKind::Exception
                    );
            }
            t.dict.get_str(op).is_some()
        })
    };
    let roots: Vec<&str> = ORDER_OPS.iter().copied().filter(|op| defined(op)).collect();
    let Some(root) = roots.iter().copied().max() else {
        return Err(rpvm_object::exception::value_error(
            "must define at least one ordering operation: < > <= >=",
        ));
    };
    let table: [(&str, NativeFn); 3] = match root {
        "__lt__" => [
            ("__gt__", gt_from_lt),
            ("__le__", le_from_lt),
            ("__ge__", ge_from_lt),
        ],
        "__le__" => [
            ("__ge__", ge_from_le),
            ("__lt__", lt_from_le),
            ("__gt__", gt_from_le),
        ],
        "__gt__" => [
            ("__lt__", lt_from_gt),
            ("__ge__", ge_from_gt),
            ("__le__", le_from_gt),
        ],
        _ => [
            ("__le__", le_from_ge),
            ("__gt__", gt_from_ge),
            ("__lt__", lt_from_ge),
        ],
    };
    for (name, f) in table {
        if !roots.contains(&name) {
            let name: &'static str = ORDER_OPS
                .iter()
                .copied()
                .find(|o| *o == name)
                .unwrap_or("__lt__");
            set_attr(vm, &clsv, name, crate::builtin_fn(name, f))?;
        }
    }
    Ok(clsv)
}

// ---- cached_property ----

fn cp_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "cached_property",
        crate::args::rest(args, 1),
        kw,
        &["func"],
        0,
        1,
    )?;
    let func = a[0].clone().unwrap_or(Value::None);
    let this = crate::args::arg(args, 0)?;
    set_attr(vm, this, "func", func.clone())?;
    set_attr(vm, this, "attrname", Value::None)?;
    let doc = get_attr(vm, &func, "__doc__").unwrap_or(Value::None);
    set_attr(vm, this, "__doc__", doc)?;
    Ok(Value::None)
}

fn cp_set_name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, _owner, name] = args else {
        return Err(type_error("__set_name__ expected 2 arguments"));
    };
    let cur = get_attr(vm, this, "attrname")?;
    if cur.is_none() {
        set_attr(vm, this, "attrname", name.clone())?;
    } else if !rpvm_object::protocols::compare::equal(vm, &cur, name)? {
        return Err(type_error(format!(
            "Cannot assign the same cached_property to two different names ({} and {}).",
            repr(vm, &cur)?,
            repr(vm, name)?
        )));
    }
    Ok(Value::None)
}

fn cp_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let inst = args.get(1).cloned().unwrap_or(Value::None);
    if inst.is_none() {
        return Ok(this.clone());
    }
    let name = get_attr(vm, this, "attrname")?;
    if name.is_none() {
        return Err(type_error(
            "Cannot use cached_property instance without calling __set_name__ on it.",
        ));
    }
    let dict = match get_attr(vm, &inst, "__dict__") {
        Ok(Value::Dict(d)) => d,
        _ => {
            return Err(type_error(format!(
                "No '__dict__' attribute on {} instance to cache {} property.",
                repr(vm, &Value::str(&rpvm_object::protocols::type_name(&inst)))?,
                repr(vm, &name)?
            )))
        }
    };
    let h = hash_value(vm, &name)?;
    if let Some(v) = dict.get_hashed(&name, h) {
        return Ok(v);
    }
    let func = get_attr(vm, this, "func")?;
    let v = call(vm, &func, &[inst], &[])?;
    dict.insert_hashed(name, h, v.clone());
    Ok(v)
}

const CACHED_PROPERTY: ClassSpec = ClassSpec {
    name: "cached_property",
    module: "functools",
    base: None,
    new: None,
    dunders: &[
        ("__init__", cp_init),
        ("__set_name__", cp_set_name),
        ("__get__", cp_get),
    ],
    methods: &[],
    props: &[],
};

// ---- singledispatch ----

#[derive(Debug)]
struct Dispatch {
    registry: Rc<PyDict>,
    name: String,
}

const SINGLEDISPATCH: ClassSpec = ClassSpec {
    name: "_SingleDispatchFunction",
    module: "functools",
    base: None,
    new: None,
    dunders: &[("__call__", sd_call)],
    methods: &[("register", sd_register), ("dispatch", sd_dispatch)],
    props: &[("registry", sd_registry)],
};

fn singledispatch(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("singledispatch", args, kw, &["func"], 0, 1)?;
    let func = a[0].clone().unwrap_or(Value::None);
    let registry = Rc::new(PyDict::new());
    let object = Value::Type(rpvm_object::typeobj::builtin_types().object.clone());
    let h = hash_value(vm, &object)?;
    registry.insert_hashed(object, h, func.clone());
    let name = match get_attr(vm, &func, "__name__") {
        Ok(n) => rpvm_object::protocols::repr::str_(vm, &n)?,
        Err(_) => "singledispatch function".to_string(),
    };
    let cls = class_of(vm, &SINGLEDISPATCH);
    let w = new_instance(cls, Dispatch { registry, name });
    update_wrapper_impl(vm, &w, &func)?;
    Ok(w)
}

fn sd_state(v: &Value) -> PyResult<(Rc<PyDict>, String)> {
    with_state::<Dispatch, _>(v, "singledispatch", |d| {
        (d.registry.clone(), d.name.clone())
    })
}

/// The implementation for class `cls`: the first registered class along its MRO, else the
/// most specific registered ABC it is a (virtual) subclass of, else `object`'s.
fn dispatch_impl(vm: &mut Vm, registry: &PyDict, cls: &Rc<PyType>) -> PyResult<Value> {
    let object = rpvm_object::typeobj::builtin_types().object.clone();
    for t in cls.mro() {
        if Rc::ptr_eq(&t, &object) {
            break;
        }
        let k = Value::Type(t.clone());
        let h = hash_value(vm, &k)?;
        if let Some(f) = registry.get_hashed(&k, h) {
            return Ok(f);
        }
    }
    let clsv = Value::Type(cls.clone());
    let mut candidates: Vec<Value> = Vec::new();
    for k in registry.keys() {
        if matches!(&k, Value::Type(t) if Rc::ptr_eq(t, &object)) {
            continue;
        }
        if crate::introspection::is_subclass(vm, &clsv, &k)? {
            candidates.push(k);
        }
    }
    let mut best: Option<Value> = None;
    for c in &candidates {
        best = match best {
            None => Some(c.clone()),
            Some(b) => {
                if crate::introspection::is_subclass(vm, c, &b)? {
                    Some(c.clone())
                } else if crate::introspection::is_subclass(vm, &b, c)? {
                    Some(b)
                } else {
                    return Err(rpvm_object::exception::runtime_error(format!(
                        "Ambiguous dispatch: {} or {}",
                        repr(vm, &b)?,
                        repr(vm, c)?
                    )));
                }
            }
        };
    }
    let key = best.unwrap_or(Value::Type(object));
    let h = hash_value(vm, &key)?;
    Ok(registry.get_hashed(&key, h).unwrap_or(Value::None))
}

fn sd_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (registry, name) = sd_state(crate::args::arg(args, 0)?)?;
    let np = npos(args, kw);
    if np < 2 {
        return Err(type_error(format!(
            "{name} requires at least 1 positional argument"
        )));
    }
    let cls = rpvm_object::protocols::type_of(crate::args::arg(args, 1)?);
    let f = dispatch_impl(vm, &registry, &cls)?;
    call(vm, &f, crate::args::rest(args, 1), kw)
}

fn sd_dispatch(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (registry, _) = sd_state(crate::args::arg(args, 0)?)?;
    let a = crate::args::parse("dispatch", crate::args::rest(args, 1), kw, &["cls"], 0, 1)?;
    match a[0].clone() {
        Some(Value::Type(t)) => dispatch_impl(vm, &registry, &t),
        _ => Err(type_error("dispatch() argument must be a class")),
    }
}

fn sd_registry(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (registry, _) = sd_state(crate::args::arg(args, 0)?)?;
    Ok(Value::Dict(registry))
}

fn sd_add(vm: &mut Vm, registry: &PyDict, cls: Value, func: Value) -> PyResult<Value> {
    let h = hash_value(vm, &cls)?;
    registry.insert_hashed(cls, h, func.clone());
    Ok(func)
}

/// `register(cls)` returned as a decorator: `bound_self` is `(wrapper, cls)`.
fn sd_register_later(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Tuple(t) = crate::args::arg(args, 0)? else {
        return Err(type_error("bad register state"));
    };
    let Some(func) = args.get(1) else {
        return Err(type_error(
            "register() missing 1 required positional argument: 'func'",
        ));
    };
    let (registry, _) = sd_state(&t.as_slice()[0])?;
    sd_add(vm, &registry, t.as_slice()[1].clone(), func.clone())
}

fn is_union(v: &Value) -> bool {
    rpvm_object::protocols::type_name(v) == "UnionType"
}

fn sd_register(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (registry, _) = sd_state(crate::args::arg(args, 0)?)?;
    let a = crate::args::parse(
        "register",
        crate::args::rest(args, 1),
        kw,
        &["cls", "func"],
        0,
        1,
    )?;
    let cls = a[0].clone().unwrap_or(Value::None);
    let func = a[1].clone().filter(|f| !f.is_none());
    if matches!(cls, Value::Type(_)) || is_union(&cls) {
        return match func {
            Some(f) => register_types(vm, &registry, &cls, f),
            None => Ok(Value::Builtin(Rc::new(BuiltinFunction {
                name: "register",
                func: sd_register_later,
                bound_self: Some(Value::tuple(vec![crate::args::arg(args, 0)?.clone(), cls])),
                owner: None,
            }))),
        };
    }
    if func.is_some() {
        return Err(type_error(format!(
            "Invalid first argument to `register()`. {} is not a class or union type.",
            repr(vm, &cls)?
        )));
    }
    let mut ann_v = get_attr(vm, &cls, "__annotations__");
    if ann_v.is_err() {
        // classmethod/staticmethod objects forward their function's annotations.
        if let Ok(inner) = get_attr(vm, &cls, "__func__") {
            ann_v = get_attr(vm, &inner, "__annotations__");
        }
    }
    let ann = match ann_v {
        Ok(Value::Dict(d)) if !d.is_empty() => d,
        _ => {
            return Err(type_error(format!(
                "Invalid first argument to `register()`: {}. Use either `@register(some_class)` or plain `@register` on an annotated function.",
                repr(vm, &cls)?
            )))
        }
    };
    let Some((argname, mut t)) = ann.item_at(0) else {
        return Err(type_error("no annotations"));
    };
    // A string annotation names a global or builtin (as `get_type_hints` resolves it).
    if let Some(name) = t.as_str().map(str::to_string) {
        let globals = match get_attr(vm, &cls, "__globals__") {
            Ok(Value::Dict(g)) => g.get_str(&name),
            _ => None,
        };
        if let Some(v) = globals.or_else(|| vm.builtins.get_str(&name)) {
            t = v;
        }
    }
    if !matches!(t, Value::Type(_)) && !is_union(&t) {
        return Err(type_error(format!(
            "Invalid annotation for {}. {} is not a class.",
            repr(vm, &argname)?,
            repr(vm, &t)?
        )));
    }
    register_types(vm, &registry, &t, cls)
}

fn register_types(vm: &mut Vm, registry: &PyDict, cls: &Value, func: Value) -> PyResult<Value> {
    if is_union(cls) {
        if let Ok(Value::Tuple(parts)) = get_attr(vm, cls, "__args__") {
            for p in parts.as_slice() {
                sd_add(vm, registry, p.clone(), func.clone())?;
            }
            return Ok(func);
        }
    }
    sd_add(vm, registry, cls.clone(), func)
}

// ---- singledispatchmethod ----

fn sdm_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "singledispatchmethod",
        crate::args::rest(args, 1),
        kw,
        &["func"],
        0,
        1,
    )?;
    let func = a[0].clone().unwrap_or(Value::None);
    let dispatcher = singledispatch(vm, std::slice::from_ref(&func), &[])?;
    set_attr(vm, crate::args::arg(args, 0)?, "dispatcher", dispatcher)?;
    set_attr(vm, crate::args::arg(args, 0)?, "func", func)?;
    Ok(Value::None)
}

fn sdm_register(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let d = get_attr(vm, crate::args::arg(args, 0)?, "dispatcher")?;
    let mut full = vec![d];
    full.extend_from_slice(crate::args::rest(args, 1));
    let kw: Vec<Value> = kw
        .iter()
        .map(|k| {
            if k.as_str() == Some("method") {
                Value::str("func")
            } else {
                k.clone()
            }
        })
        .collect();
    sd_register(vm, &full, &kw)
}

fn sdm_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = get_attr(vm, crate::args::arg(args, 0)?, "dispatcher")?;
    let obj = args.get(1).cloned().unwrap_or(Value::None);
    let owner = args.get(2).cloned().unwrap_or(Value::None);
    Ok(Value::Builtin(Rc::new(BuiltinFunction {
        name: "_method",
        func: sdm_method,
        bound_self: Some(Value::tuple(vec![d, obj, owner])),
        owner: None,
    })))
}

fn sdm_method(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Value::Tuple(t) = crate::args::arg(args, 0)? else {
        return Err(type_error("bad singledispatchmethod state"));
    };
    let [d, obj, owner] = t.as_slice() else {
        return Err(type_error("bad singledispatchmethod state"));
    };
    let Some(first) = args.get(1).filter(|_| npos(args, kw) > 1) else {
        return Err(type_error(
            "_method requires at least 1 positional argument",
        ));
    };
    let (registry, _) = sd_state(d)?;
    let cls = rpvm_object::protocols::type_of(first);
    let f = dispatch_impl(vm, &registry, &cls)?;
    let owner = match owner {
        Value::Type(o) => o.clone(),
        _ => rpvm_object::protocols::type_of(obj),
    };
    let o = if obj.is_none() { None } else { Some(obj) };
    let bound = rpvm_object::descriptors::descriptor_get(vm, f, o, &owner)?;
    call(vm, &bound, crate::args::rest(args, 1), kw)
}

const SINGLEDISPATCHMETHOD: ClassSpec = ClassSpec {
    name: "singledispatchmethod",
    module: "functools",
    base: None,
    new: None,
    dunders: &[("__init__", sdm_init), ("__get__", sdm_get)],
    methods: &[("register", sdm_register)],
    props: &[],
};

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
    update_wrapper_impl(vm, wrapper, crate::args::arg(args, 0)?)?;
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
        ("total_ordering", total_ordering),
        ("singledispatch", singledispatch),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let p = class_of(vm, &PARTIAL);
    d.set_str("partial", Value::Type(p));
    d.set_str("partialmethod", Value::Type(class_of(vm, &PARTIALMETHOD)));
    d.set_str(
        "singledispatchmethod",
        Value::Type(class_of(vm, &SINGLEDISPATCHMETHOD)),
    );
    d.set_str(
        "cached_property",
        Value::Type(class_of(vm, &CACHED_PROPERTY)),
    );
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
