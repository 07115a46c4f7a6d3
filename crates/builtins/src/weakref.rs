//! The `weakref` module: `ref` (`ReferenceType`), `proxy` (`ProxyType` /
//! `CallableProxyType`), `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet`,
//! `finalize`, `getweakrefcount`, `getweakrefs`.
//!
//! A weak reference holds a Rust [`Weak`] pointer to the referent's `Rc`, so it sees the
//! object die exactly when CPython would (the last strong reference goes away; there is no
//! cycle collector). Callbacks (and `finalize`) cannot run at the moment of death — dropping
//! an `Rc` has no access to the interpreter — so they run at the next *safe point*: any call
//! into this module (creating or calling a ref, any weak container operation, ...),
//! `gc.collect()`, and every step of the `asyncio` event loop.

use rpvm_object::native::NativeRef;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{key_error, type_error, PyErr, PyException, PyResult};
use rpvm_object::function::{BoundMethod, BuiltinFunction, PyCode, PyFunction};
use rpvm_object::instance::{base_value, PyInstance};
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::attr::{del_attr, get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{equal, rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter};
use rpvm_object::protocols::repr::{repr, str_};
use rpvm_object::protocols::subscript::{contains, del_item, get_item, set_item};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::set::PySet;
use rpvm_object::typeobj::{exception_type, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, new_instance, split, state_of, ClassSpec, State};

// ---- weak targets ----

/// A weak pointer to any object CPython lets you weakly reference.
#[derive(Debug, Clone)]
pub(crate) enum WeakTarget {
    Instance(Weak<PyInstance>),
    Function(Weak<PyFunction>),
    Type(Weak<PyType>),
    Method(Weak<BoundMethod>),
    Builtin(Weak<BuiltinFunction>),
    Set(Weak<PySet>),
    FrozenSet(Weak<PySet>),
    Code(Weak<PyCode>),
    Module(Weak<PyModule>),
    Native(Weak<Box<dyn NativeObject>>),
}

fn cannot(v: &Value) -> PyErr {
    type_error(format!(
        "cannot create weak reference to '{}' object",
        type_name(v)
    ))
}

impl WeakTarget {
    /// A weak pointer to `v`, or CPython's TypeError for values without weakref support.
    pub(crate) fn new(v: &Value) -> PyResult<WeakTarget> {
        Ok(match v {
            Value::Instance(i) => {
                // `object()` itself has no `__weakref__` slot.
                if i.class.borrow().builtin {
                    return Err(cannot(v));
                }
                // Subclasses of variable-sized built-ins have no `__weakref__` slot.
                if matches!(
                    base_value(v),
                    Some(
                        Value::Int(_)
                            | Value::BigInt(_)
                            | Value::Bool(_)
                            | Value::Str(_)
                            | Value::Bytes(_)
                            | Value::Tuple(_)
                    )
                ) {
                    return Err(cannot(v));
                }
                WeakTarget::Instance(Rc::downgrade(i))
            }
            Value::Function(f) => WeakTarget::Function(Rc::downgrade(f)),
            Value::Type(t) => WeakTarget::Type(Rc::downgrade(t)),
            Value::BoundMethod(m) => WeakTarget::Method(Rc::downgrade(m)),
            Value::Builtin(b) => WeakTarget::Builtin(Rc::downgrade(b)),
            Value::Set(s) => WeakTarget::Set(Rc::downgrade(s)),
            Value::FrozenSet(s) => WeakTarget::FrozenSet(Rc::downgrade(s)),
            Value::Code(c) => WeakTarget::Code(Rc::downgrade(c)),
            Value::Module(m) => WeakTarget::Module(Rc::downgrade(m)),
            Value::Native(n)
                if matches!(
                    n.class().name.as_str(),
                    "generator" | "coroutine" | "async_generator"
                ) =>
            {
                WeakTarget::Native(NativeRef::downgrade(n))
            }
            _ => return Err(cannot(v)),
        })
    }

    /// The referent if it is still alive.
    pub(crate) fn get(&self) -> Option<Value> {
        Some(match self {
            WeakTarget::Instance(w) => Value::Instance(w.upgrade()?),
            WeakTarget::Function(w) => Value::Function(w.upgrade()?),
            WeakTarget::Type(w) => Value::Type(w.upgrade()?),
            WeakTarget::Method(w) => Value::BoundMethod(w.upgrade()?),
            WeakTarget::Builtin(w) => Value::Builtin(w.upgrade()?),
            WeakTarget::Set(w) => Value::Set(w.upgrade()?),
            WeakTarget::FrozenSet(w) => Value::FrozenSet(w.upgrade()?),
            WeakTarget::Code(w) => Value::Code(w.upgrade()?),
            WeakTarget::Module(w) => Value::Module(w.upgrade()?),
            WeakTarget::Native(w) => Value::Native(NativeRef::upgrade(w)?),
        })
    }

    /// Whether the referent is gone.
    pub(crate) fn is_dead(&self) -> bool {
        match self {
            WeakTarget::Instance(w) => w.strong_count() == 0,
            WeakTarget::Function(w) => w.strong_count() == 0,
            WeakTarget::Type(w) => w.strong_count() == 0,
            WeakTarget::Method(w) => w.strong_count() == 0,
            WeakTarget::Builtin(w) => w.strong_count() == 0,
            WeakTarget::Set(w) | WeakTarget::FrozenSet(w) => w.strong_count() == 0,
            WeakTarget::Code(w) => w.strong_count() == 0,
            WeakTarget::Module(w) => w.strong_count() == 0,
            WeakTarget::Native(w) => w.strong_count() == 0,
        }
    }

    /// The referent's address (the same number `id()` gives while it lives).
    fn addr(&self) -> usize {
        match self {
            WeakTarget::Instance(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Function(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Type(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Method(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Builtin(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Set(w) | WeakTarget::FrozenSet(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Code(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Module(w) => w.as_ptr() as *const u8 as usize,
            WeakTarget::Native(w) => w.as_ptr() as *const u8 as usize,
        }
    }

    /// Whether this points at `v` (alive).
    fn is(&self, v: &Value) -> bool {
        match self.get() {
            Some(t) => t.is(v),
            None => false,
        }
    }
}

// ---- registries and pending callbacks ----

/// One callback to run when its referent dies: a `ref` with a callback or a `finalize`.
#[derive(Debug)]
struct Pending {
    seq: u64,
    target: WeakTarget,
    /// The weakref object (held weakly: a dead weakref's callback never runs) or the
    /// finalize object (held strongly, as CPython's registry does).
    owner: Owner,
}

#[derive(Debug)]
enum Owner {
    Ref(Weak<PyInstance>),
    Finalize(Value),
}

thread_local! {
    /// Every live ref/proxy object, by referent address.
    static REFS: RefCell<HashMap<usize, Vec<Weak<PyInstance>>>> = RefCell::new(HashMap::new());
    static PENDING: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
    static SEQ: Cell<u64> = const { Cell::new(0) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

fn next_seq() -> u64 {
    SEQ.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

/// Runs the callbacks and finalizers of referents that have died since the last safe point
/// (newest registration first for one referent, as CPython's weakref list orders them).
pub fn run_pending(vm: &mut Vm) {
    if RUNNING.with(|r| r.get()) {
        return;
    }
    let has_dead = PENDING.with(|p| p.borrow().iter().any(|e| e.target.is_dead()));
    if !has_dead {
        return;
    }
    RUNNING.with(|r| r.set(true));
    loop {
        let mut fired: Vec<Pending> = PENDING.with(|p| {
            let mut p = p.borrow_mut();
            let (dead, live): (Vec<Pending>, Vec<Pending>) =
                p.drain(..).partition(|e| e.target.is_dead());
            *p = live;
            dead
        });
        if fired.is_empty() {
            break;
        }
        // Group by referent (first registration order), newest callback first within one.
        let mut first: HashMap<usize, u64> = HashMap::new();
        for e in &fired {
            let f = first.entry(e.target.addr()).or_insert(e.seq);
            *f = (*f).min(e.seq);
        }
        fired.sort_by_key(|e| {
            (
                first.get(&e.target.addr()).copied().unwrap_or(0),
                u64::MAX - e.seq,
            )
        });
        for e in fired {
            match e.owner {
                Owner::Ref(w) => {
                    let Some(inst) = w.upgrade() else { continue };
                    let r = Value::Instance(inst);
                    let cb = match ref_state(&r) {
                        Some(st) => st.callback.replace(Value::None),
                        None => Value::None,
                    };
                    if !cb.is_none() {
                        if let Err(err) = call(vm, &cb, std::slice::from_ref(&r), &[]) {
                            report_ignored(vm, &cb, &err);
                        }
                    }
                }
                Owner::Finalize(f) => {
                    if let Err(err) = finalize_fire(vm, &f) {
                        report_ignored(vm, &f, &err);
                    }
                }
            }
        }
    }
    RUNNING.with(|r| r.set(false));
}

fn report_ignored(vm: &mut Vm, what: &Value, err: &PyErr) {
    let what = repr(vm, what).unwrap_or_else(|_| "?".to_string());
    let exc = str_(vm, &Value::Exception(err.clone())).unwrap_or_default();
    let name = err.class.name.clone();
    let line = if exc.is_empty() {
        name
    } else {
        format!("{name}: {exc}")
    };
    vm.stderr
        .write_str(&format!("Exception ignored in: {what}\n{line}\n"));
}

fn register(inst: &Rc<PyInstance>, target: &WeakTarget) {
    REFS.with(|r| {
        let mut r = r.borrow_mut();
        let list = r.entry(target.addr()).or_default();
        list.retain(|w| w.strong_count() > 0);
        list.push(Rc::downgrade(inst));
    });
}

/// The live ref/proxy objects pointing at `v`, oldest first.
fn refs_to(v: &Value) -> Vec<Value> {
    let Some(addr) = v.ptr() else {
        return Vec::new();
    };
    REFS.with(|r| {
        let mut r = r.borrow_mut();
        let Some(list) = r.get_mut(&addr) else {
            return Vec::new();
        };
        list.retain(|w| w.strong_count() > 0);
        let out: Vec<Value> = list
            .iter()
            .filter_map(|w| w.upgrade())
            .map(Value::Instance)
            .filter(|i| ref_state(i).map(|s| s.target.is(v)).unwrap_or(false))
            .collect();
        if list.is_empty() {
            r.remove(&addr);
        }
        out
    })
}

// ---- ref / proxy objects ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ref,
    Proxy,
    CallableProxy,
}

#[derive(Debug)]
struct RefState {
    target: WeakTarget,
    callback: RefCell<Value>,
    hash: Cell<Option<i64>>,
    kind: Kind,
}

fn ref_state(v: &Value) -> Option<Rc<RefState>> {
    let n = state_of::<Rc<RefState>>(v)?;
    let st = n.as_any().downcast_ref::<State<Rc<RefState>>>()?;
    Some(st.0.clone())
}

const REF: ClassSpec = ClassSpec {
    name: "ReferenceType",
    module: "weakref",
    base: None,
    new: Some(ref_new),
    dunders: &[
        ("__init__", ref_init),
        ("__call__", ref_call),
        ("__hash__", ref_hash),
        ("__eq__", ref_eq),
        ("__ne__", ref_ne),
        ("__repr__", ref_repr),
    ],
    methods: &[],
    props: &[("__callback__", ref_callback)],
};

const PROXY_DUNDERS: &[(&str, rpvm_object::function::NativeFn)] = &[
    ("__getattr__", px_getattr),
    ("__setattr__", px_setattr),
    ("__delattr__", px_delattr),
    ("__repr__", px_repr),
    ("__str__", px_str),
    ("__bool__", px_bool),
    ("__len__", px_len),
    ("__getitem__", px_getitem),
    ("__setitem__", px_setitem),
    ("__delitem__", px_delitem),
    ("__contains__", px_contains),
    ("__iter__", px_iter),
    ("__eq__", px_eq),
    ("__ne__", px_ne),
    ("__lt__", px_lt),
    ("__le__", px_le),
    ("__gt__", px_gt),
    ("__ge__", px_ge),
    ("__hash__", px_hash),
];

const PROXY: ClassSpec = ClassSpec {
    name: "ProxyType",
    module: "weakref",
    base: None,
    new: None,
    dunders: PROXY_DUNDERS,
    methods: &[],
    props: &[],
};

const CALLABLE_PROXY: ClassSpec = ClassSpec {
    name: "CallableProxyType",
    module: "weakref",
    base: None,
    new: None,
    dunders: &[
        ("__getattr__", px_getattr),
        ("__setattr__", px_setattr),
        ("__delattr__", px_delattr),
        ("__repr__", px_repr),
        ("__str__", px_str),
        ("__bool__", px_bool),
        ("__len__", px_len),
        ("__getitem__", px_getitem),
        ("__setitem__", px_setitem),
        ("__delitem__", px_delitem),
        ("__contains__", px_contains),
        ("__iter__", px_iter),
        ("__eq__", px_eq),
        ("__ne__", px_ne),
        ("__lt__", px_lt),
        ("__le__", px_le),
        ("__gt__", px_gt),
        ("__ge__", px_ge),
        ("__hash__", px_hash),
        ("__call__", px_call),
    ],
    methods: &[],
    props: &[],
};

/// Creates a ref or proxy object of class `cls` to `obj`.
fn make_ref(
    vm: &mut Vm,
    cls: Rc<PyType>,
    obj: &Value,
    callback: Value,
    kind: Kind,
) -> PyResult<Value> {
    let target = WeakTarget::new(obj)?;
    // `ref(o)` without a callback returns the existing basic ref, as CPython does.
    if callback.is_none() && kind == Kind::Ref && Rc::ptr_eq(&cls, &class_of(vm, &REF)) {
        for r in refs_to(obj) {
            let reuse = match ref_state(&r) {
                Some(s) => s.kind == Kind::Ref && s.callback.borrow().is_none(),
                None => false,
            };
            if reuse && is_exact(&r, &cls) {
                return Ok(r);
            }
        }
    }
    let has_callback = !callback.is_none();
    let v = new_instance(
        cls,
        Rc::new(RefState {
            target: target.clone(),
            callback: RefCell::new(callback),
            hash: Cell::new(None),
            kind,
        }),
    );
    if let Value::Instance(inst) = &v {
        register(inst, &target);
        if has_callback {
            PENDING.with(|p| {
                p.borrow_mut().push(Pending {
                    seq: next_seq(),
                    target,
                    owner: Owner::Ref(Rc::downgrade(inst)),
                })
            });
        }
    }
    Ok(v)
}

fn is_exact(v: &Value, cls: &Rc<PyType>) -> bool {
    match v {
        Value::Instance(i) => Rc::ptr_eq(&i.class.borrow(), cls),
        _ => false,
    }
}

fn ref_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let (pos, kws) = split(args, kw);
    if let Some((k, _)) = kws.first() {
        return Err(type_error(format!(
            "ref() takes no keyword arguments (got '{}')",
            k.as_str().unwrap_or("?")
        )));
    }
    let cls = match pos.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, &REF),
    };
    let rest = &pos[1.min(pos.len())..];
    if rest.is_empty() || rest.len() > 2 {
        return Err(type_error(format!(
            "__new__ expected at most 2 arguments, got {}",
            rest.len()
        )));
    }
    let callback = rest.get(1).cloned().unwrap_or(Value::None);
    make_ref(vm, cls, &rest[0], callback, Kind::Ref)
}

fn ref_init(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn this_ref(v: &Value) -> PyResult<Rc<RefState>> {
    ref_state(v).ok_or_else(|| type_error("descriptor requires a 'weakref.ReferenceType' object"))
}

fn ref_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    if args.len() > 1 || !kw.is_empty() {
        return Err(type_error(format!(
            "weakref() takes exactly 0 arguments ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    let st = this_ref(&a0(args))?;
    Ok(st.target.get().unwrap_or(Value::None))
}

fn ref_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let st = this_ref(&a0(args))?;
    if let Some(h) = st.hash.get() {
        return Ok(Value::Int(h));
    }
    let Some(obj) = st.target.get() else {
        return Err(type_error("weak object has gone away"));
    };
    let h = hash_value(vm, &obj)?;
    st.hash.set(Some(h));
    Ok(Value::Int(h))
}

fn ref_eq_impl(vm: &mut Vm, args: &[Value], negate: bool) -> PyResult<Value> {
    let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
        return Ok(Value::NotImplemented);
    };
    let (Some(sa), Some(sb)) = (ref_state(a), ref_state(b)) else {
        return Ok(Value::NotImplemented);
    };
    if sa.kind != Kind::Ref || sb.kind != Kind::Ref {
        return Ok(Value::NotImplemented);
    }
    let eq = match (sa.target.get(), sb.target.get()) {
        (Some(x), Some(y)) => equal(vm, &x, &y)?,
        _ => a.is(b),
    };
    Ok(Value::Bool(eq != negate))
}

fn ref_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ref_eq_impl(vm, args, false)
}

fn ref_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ref_eq_impl(vm, args, true)
}

/// `'C' at 0x...` plus ` (name)` when the referent has a `__name__`.
fn describe(vm: &mut Vm, obj: &Value) -> String {
    let tname = match obj {
        Value::Instance(_) => type_name(obj),
        _ => rpvm_object::protocols::type_of(obj).name.clone(),
    };
    let name = match obj {
        Value::Function(_) | Value::Builtin(_) | Value::Type(_) | Value::Native(_) => {
            get_attr(vm, obj, "__name__")
                .ok()
                .and_then(|n| n.as_str().map(str::to_string))
        }
        Value::Module(m) => Some(m.name.clone()),
        _ => None,
    };
    let base = format!("'{}' at {:#x}", tname, obj.ptr().unwrap_or(0));
    match name {
        Some(n) => format!("{base} ({n})"),
        None => base,
    }
}

fn ref_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let me = &a0(args);
    let st = this_ref(me)?;
    let at = format!("{:#x}", me.ptr().unwrap_or(0));
    Ok(Value::string(match st.target.get() {
        Some(obj) => format!("<weakref at {at}; to {}>", describe(vm, &obj)),
        None => format!("<weakref at {at}; dead>"),
    }))
}

fn ref_callback(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(this_ref(&a0(args))?.callback.borrow().clone())
}

// ---- proxies ----

fn proxy(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    if !kw.is_empty() {
        return Err(type_error("proxy() takes no keyword arguments"));
    }
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(format!(
            "proxy expected {} 2 arguments, got {}",
            if args.is_empty() {
                "at least"
            } else {
                "at most"
            },
            args.len()
        )));
    }
    let callback = args.get(1).cloned().unwrap_or(Value::None);
    let callable = crate::iterators::is_callable(vm, &a0(args));
    let (spec, kind) = if callable {
        (&CALLABLE_PROXY, Kind::CallableProxy)
    } else {
        (&PROXY, Kind::Proxy)
    };
    let cls = class_of(vm, spec);
    make_ref(vm, cls, &a0(args), callback, kind)
}

fn referent(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    run_pending(vm);
    let st = ref_state(v).ok_or_else(|| type_error("descriptor requires a weakproxy object"))?;
    st.target.get().ok_or_else(|| {
        PyException::with_message(
            "ReferenceError",
            "weakly-referenced object no longer exists",
        )
    })
}

fn arg_str(args: &[Value], i: usize) -> PyResult<String> {
    match args.get(i) {
        Some(Value::Str(s)) => Ok(s.as_str().to_string()),
        Some(other) => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            type_name(other)
        ))),
        None => Err(type_error("expected an attribute name")),
    }
}

/// The first argument (`self`), or None when a method is called unbound without one.
fn a0(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::None)
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::None)
}

fn px_getattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    let name = arg_str(args, 1)?;
    get_attr(vm, &obj, &name)
}

fn px_setattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    let name = arg_str(args, 1)?;
    set_attr(vm, &obj, &name, arg(args, 2))?;
    Ok(Value::None)
}

fn px_delattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    let name = arg_str(args, 1)?;
    del_attr(vm, &obj, &name)?;
    Ok(Value::None)
}

fn px_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let me = &a0(args);
    let st = ref_state(me).ok_or_else(|| type_error("descriptor requires a weakproxy object"))?;
    let at = format!("{:#x}", me.ptr().unwrap_or(0));
    Ok(Value::string(match st.target.get() {
        Some(obj) => format!(
            "<weakproxy at {at} to {} at {:#x}>",
            rpvm_object::protocols::type_of(&obj).name,
            obj.ptr().unwrap_or(0)
        ),
        None => format!("<weakproxy at {at} to NoneType at {:#x}>", 0),
    }))
}

fn px_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    Ok(Value::string(str_(vm, &obj)?))
}

fn px_bool(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    Ok(Value::Bool(is_true(vm, &obj)?))
}

fn px_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    crate::iterators::len(vm, &[obj], &[])
}

fn px_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    get_item(vm, &obj, &arg(args, 1))
}

fn px_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    set_item(vm, &obj, &arg(args, 1), arg(args, 2))?;
    Ok(Value::None)
}

fn px_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    del_item(vm, &obj, &arg(args, 1))?;
    Ok(Value::None)
}

fn px_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    Ok(Value::Bool(contains(vm, &obj, &arg(args, 1))?))
}

fn px_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    get_iter(vm, &obj)
}

fn unwrap_proxy(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match ref_state(v) {
        Some(s) if s.kind != Kind::Ref => referent(vm, v),
        _ => Ok(v.clone()),
    }
}

fn px_cmp(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    let other = unwrap_proxy(vm, &arg(args, 1))?;
    rich_compare(vm, &obj, &other, op)
}

fn px_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Eq)
}
fn px_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Ne)
}
fn px_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Lt)
}
fn px_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Le)
}
fn px_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Gt)
}
fn px_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    px_cmp(vm, args, CompareOp::Ge)
}

fn px_hash(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let name = match ref_state(&a0(args)).map(|s| s.kind) {
        Some(Kind::CallableProxy) => "weakref.CallableProxyType",
        _ => "weakref.ProxyType",
    };
    Err(type_error(format!("unhashable type: '{name}'")))
}

fn px_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let obj = referent(vm, &a0(args))?;
    call(vm, &obj, args.get(1..).unwrap_or(&[]), kw)
}

// ---- module functions ----

fn getweakrefcount(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let obj = crate::args::one_arg("getweakrefcount", args, kw)?;
    Ok(Value::Int(refs_to(obj).len() as i64))
}

fn getweakrefs(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let obj = crate::args::one_arg("getweakrefs", args, kw)?;
    // CPython lists basic refs first, then the others newest first.
    let refs = refs_to(obj);
    let (basic, other): (Vec<Value>, Vec<Value>) = refs.into_iter().partition(|r| {
        ref_state(r)
            .map(|s| s.kind == Kind::Ref && s.callback.borrow().is_none())
            .unwrap_or(false)
    });
    let mut out = basic;
    out.extend(other.into_iter().rev());
    Ok(Value::list(out))
}

// ---- WeakValueDictionary / WeakKeyDictionary / WeakSet ----

/// The storage of a weak container: a dict from key to value where the weak side is a
/// `ref` object (values for WeakValueDictionary, keys for WeakKeyDictionary and WeakSet).
#[derive(Debug)]
struct WeakMap {
    dict: Rc<PyDict>,
}

const WVD: ClassSpec = ClassSpec {
    name: "WeakValueDictionary",
    module: "weakref",
    base: None,
    new: None,
    dunders: &[
        ("__init__", wvd_init),
        ("__getitem__", wvd_getitem),
        ("__setitem__", wvd_setitem),
        ("__delitem__", wvd_delitem),
        ("__contains__", wvd_contains),
        ("__len__", wm_len),
        ("__iter__", wvd_iter),
        ("__repr__", wvd_repr),
    ],
    methods: &[
        ("get", wvd_get),
        ("keys", wvd_keys),
        ("values", wvd_values),
        ("items", wvd_items),
        ("pop", wvd_pop),
        ("setdefault", wvd_setdefault),
        ("update", wvd_update),
        ("clear", wm_clear),
        ("copy", wvd_copy),
        ("valuerefs", wvd_valuerefs),
    ],
    props: &[],
};

const WKD: ClassSpec = ClassSpec {
    name: "WeakKeyDictionary",
    module: "weakref",
    base: None,
    new: None,
    dunders: &[
        ("__init__", wkd_init),
        ("__getitem__", wkd_getitem),
        ("__setitem__", wkd_setitem),
        ("__delitem__", wkd_delitem),
        ("__contains__", wkd_contains),
        ("__len__", wm_len),
        ("__iter__", wkd_iter),
        ("__repr__", wkd_repr),
    ],
    methods: &[
        ("get", wkd_get),
        ("keys", wkd_keys),
        ("values", wkd_values),
        ("items", wkd_items),
        ("pop", wkd_pop),
        ("setdefault", wkd_setdefault),
        ("update", wkd_update),
        ("clear", wm_clear),
        ("copy", wkd_copy),
        ("keyrefs", wkd_keyrefs),
    ],
    props: &[],
};

const WSET: ClassSpec = ClassSpec {
    name: "WeakSet",
    module: "_weakrefset",
    base: None,
    new: None,
    dunders: &[
        ("__init__", ws_init),
        ("__contains__", wkd_contains),
        ("__len__", wm_len),
        ("__iter__", wkd_iter),
    ],
    methods: &[
        ("add", ws_add),
        ("discard", ws_discard),
        ("remove", ws_remove),
        ("pop", ws_pop),
        ("clear", wm_clear),
        ("update", ws_update),
        ("copy", ws_copy),
    ],
    props: &[],
};

fn new_map(v: &Value) -> PyResult<()> {
    let Value::Instance(i) = v else {
        return Err(type_error("descriptor requires a weak container"));
    };
    *i.builtin_base.borrow_mut() = Some(Value::Native(NativeRef::new(State(WeakMap {
        dict: Rc::new(PyDict::new()),
    }))));
    Ok(())
}

/// The storage dict of a weak container, after dropping entries whose referent died.
fn map_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    run_pending(vm);
    let d = match state_of::<WeakMap>(v) {
        Some(n) => match n.as_any().downcast_ref::<State<WeakMap>>() {
            Some(s) => s.0.dict.clone(),
            None => return Err(type_error("descriptor requires a weak container")),
        },
        None => return Err(type_error("descriptor requires a weak container")),
    };
    // Drop dead entries (CPython removes them from the weakref callbacks).
    let dead: Vec<(Value, Value)> = d
        .items()
        .into_iter()
        .filter(|(k, val)| is_dead_ref(k) || is_dead_ref(val))
        .collect();
    for (k, _) in dead {
        let h = match ref_state(&k) {
            Some(s) => s.hash.get(),
            None => builtin_hash_of(vm, &k),
        };
        if let Some(h) = h {
            d.remove_hashed(&k, h);
        }
    }
    Ok(Value::Dict(d))
}

fn builtin_hash_of(vm: &mut Vm, k: &Value) -> Option<i64> {
    hash_value(vm, k).ok()
}

fn is_dead_ref(v: &Value) -> bool {
    match ref_state(v) {
        Some(s) => s.target.is_dead(),
        None => false,
    }
}

fn deref(v: &Value) -> Option<Value> {
    ref_state(v).and_then(|s| s.target.get())
}

fn plain_ref(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let cls = class_of(vm, &REF);
    let r = make_ref(vm, cls, obj, Value::None, Kind::Ref)?;
    // Cache the hash now, so the entry can still be found once the referent is gone.
    if let Some(st) = ref_state(&r) {
        if st.hash.get().is_none() {
            if let Ok(h) = hash_value(vm, obj) {
                st.hash.set(Some(h));
            }
        }
    }
    Ok(r)
}

fn wm_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    crate::iterators::len(vm, &[d], &[])
}

fn wm_clear(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Value::Dict(d) = map_of(vm, &a0(args))? {
        d.clear();
    }
    Ok(Value::None)
}

fn mapping_pairs(vm: &mut Vm, src: &Value) -> PyResult<Vec<(Value, Value)>> {
    if let Value::Dict(d) = src {
        return Ok(d.items());
    }
    if state_of::<WeakMap>(src).is_some() || get_attr(vm, src, "keys").is_ok() {
        let items_v = call_method(vm, src, "items", &[])?;
        let items = collect(vm, &items_v)?;
        let mut out = Vec::new();
        for it in items {
            let kv = collect(vm, &it)?;
            if kv.len() == 2 {
                out.push((kv[0].clone(), kv[1].clone()));
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for it in collect(vm, src)? {
        let kv = collect(vm, &it)?;
        if kv.len() != 2 {
            return Err(PyException::with_message(
                "ValueError",
                format!(
                    "dictionary update sequence element has length {}; 2 is required",
                    kv.len()
                ),
            ));
        }
        out.push((kv[0].clone(), kv[1].clone()));
    }
    Ok(out)
}

fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let m = get_attr(vm, obj, name)?;
    call(vm, &m, args, &[])
}

fn init_from(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    setitem: rpvm_object::function::NativeFn,
) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let me = &a0(&pos);
    new_map(me)?;
    if pos.len() > 2 {
        return Err(type_error(format!(
            "expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    let mut pairs = Vec::new();
    if let Some(src) = pos.get(1) {
        pairs = mapping_pairs(vm, src)?;
    }
    pairs.extend(kws);
    for (k, v) in pairs {
        setitem(vm, &[me.clone(), k, v], &[])?;
    }
    Ok(Value::None)
}

// WeakValueDictionary: key -> ref(value)

fn wvd_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    init_from(vm, args, kw, wvd_setitem)
}

fn wvd_lookup(vm: &mut Vm, me: &Value, key: &Value) -> PyResult<Option<Value>> {
    let d = map_of(vm, me)?;
    if !contains(vm, &d, key)? {
        return Ok(None);
    }
    let r = get_item(vm, &d, key)?;
    Ok(deref(&r))
}

fn wvd_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1);
    match wvd_lookup(vm, &a0(args), &key)? {
        Some(v) => Ok(v),
        None => Err(key_error(key)),
    }
}

fn wvd_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let r = plain_ref(vm, &arg(args, 2))?;
    set_item(vm, &d, &arg(args, 1), r)?;
    Ok(Value::None)
}

fn wvd_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    del_item(vm, &d, &arg(args, 1))?;
    Ok(Value::None)
}

fn wvd_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(
        wvd_lookup(vm, &a0(args), &arg(args, 1))?.is_some(),
    ))
}

fn wvd_pairs(vm: &mut Vm, me: &Value) -> PyResult<Vec<(Value, Value)>> {
    let Value::Dict(d) = map_of(vm, me)? else {
        return Ok(Vec::new());
    };
    Ok(d.items()
        .into_iter()
        .filter_map(|(k, r)| deref(&r).map(|v| (k, v)))
        .collect())
}

fn list_iter(vm: &mut Vm, items: Vec<Value>) -> PyResult<Value> {
    get_iter(vm, &Value::list(items))
}

/// Which part of a weak dictionary's live (key, value) pairs an iteration method yields.
#[derive(Clone, Copy)]
enum Part {
    Keys,
    Values,
    Items,
}

/// An iterator over one part of `pairs` (keys(), values(), items() of both weak dicts).
fn pairs_iter(vm: &mut Vm, pairs: Vec<(Value, Value)>, part: Part) -> PyResult<Value> {
    let items = pairs
        .into_iter()
        .map(|(k, v)| match part {
            Part::Keys => k,
            Part::Values => v,
            Part::Items => Value::tuple(vec![k, v]),
        })
        .collect();
    list_iter(vm, items)
}

fn wvd_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wvd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Keys)
}

fn wvd_keys(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    wvd_iter(vm, args, kw)
}

fn wvd_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wvd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Values)
}

fn wvd_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wvd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Items)
}

fn wvd_valuerefs(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Dict(d) = map_of(vm, &a0(args))? else {
        return Ok(Value::list(vec![]));
    };
    Ok(Value::list(d.values()))
}

fn wvd_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(wvd_lookup(vm, &a0(args), &arg(args, 1))?.unwrap_or_else(|| arg(args, 2)))
}

fn wvd_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1);
    let found = wvd_lookup(vm, &a0(args), &key)?;
    match found {
        Some(v) => {
            let d = map_of(vm, &a0(args))?;
            del_item(vm, &d, &key)?;
            Ok(v)
        }
        None if args.len() > 2 => Ok(crate::args::arg(args, 2)?.clone()),
        None => Err(key_error(key)),
    }
}

fn wvd_setdefault(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let key = arg(args, 1);
    if let Some(v) = wvd_lookup(vm, &a0(args), &key)? {
        return Ok(v);
    }
    let default = arg(args, 2);
    wvd_setitem(vm, &[a0(args), key, default.clone()], &[])?;
    Ok(default)
}

fn wvd_update(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let mut pairs = Vec::new();
    if let Some(src) = pos.get(1) {
        pairs = mapping_pairs(vm, src)?;
    }
    pairs.extend(kws);
    for (k, v) in pairs {
        wvd_setitem(vm, &[a0(&pos), k, v], &[])?;
    }
    Ok(Value::None)
}

fn wvd_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = class_of(vm, &WVD);
    let new = Value::Instance(PyInstance::new(cls, None));
    new_map(&new)?;
    for (k, v) in wvd_pairs(vm, &a0(args))? {
        wvd_setitem(vm, &[new.clone(), k, v], &[])?;
    }
    Ok(new)
}

fn container_repr(name: &str, me: &Value) -> Value {
    Value::string(format!("<{name} at {:#x}>", me.ptr().unwrap_or(0)))
}

fn wvd_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(container_repr("WeakValueDictionary", &a0(args)))
}

fn wkd_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(container_repr("WeakKeyDictionary", &a0(args)))
}

// WeakKeyDictionary: ref(key) -> value; WeakSet: ref(item) -> None

fn wkd_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    init_from(vm, args, kw, wkd_setitem)
}

/// The stored ref key equal to `key` (alive), if any.
fn wkd_find(vm: &mut Vm, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    let Ok(target) = WeakTarget::new(key) else {
        return Ok(None);
    };
    let h = hash_value(vm, key)?;
    let Value::Dict(dict) = d else {
        return Ok(None);
    };
    for cand in dict.candidates(h) {
        if let Some(obj) = deref(&cand) {
            if target.is(&obj) || equal(vm, &obj, key)? {
                return Ok(Some(cand));
            }
        }
    }
    Ok(None)
}

fn wkd_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    match wkd_find(vm, &d, &key)? {
        Some(r) => get_item(vm, &d, &r),
        None => {
            WeakTarget::new(&key)?;
            Err(key_error(key))
        }
    }
}

fn wkd_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    let r = match wkd_find(vm, &d, &key)? {
        Some(r) => r,
        None => plain_ref(vm, &key)?,
    };
    set_item(vm, &d, &r, arg(args, 2))?;
    Ok(Value::None)
}

fn wkd_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    match wkd_find(vm, &d, &key)? {
        Some(r) => {
            del_item(vm, &d, &r)?;
            Ok(Value::None)
        }
        None => {
            WeakTarget::new(&key)?;
            Err(key_error(key))
        }
    }
}

fn wkd_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    Ok(Value::Bool(wkd_find(vm, &d, &arg(args, 1))?.is_some()))
}

fn wkd_pairs(vm: &mut Vm, me: &Value) -> PyResult<Vec<(Value, Value)>> {
    let Value::Dict(d) = map_of(vm, me)? else {
        return Ok(Vec::new());
    };
    Ok(d.items()
        .into_iter()
        .filter_map(|(r, v)| deref(&r).map(|k| (k, v)))
        .collect())
}

fn wkd_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wkd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Keys)
}

fn wkd_keys(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    wkd_iter(vm, args, kw)
}

fn wkd_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wkd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Values)
}

fn wkd_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pairs = wkd_pairs(vm, &a0(args))?;
    pairs_iter(vm, pairs, Part::Items)
}

fn wkd_keyrefs(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Dict(d) = map_of(vm, &a0(args))? else {
        return Ok(Value::list(vec![]));
    };
    Ok(Value::list(d.keys()))
}

fn wkd_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    match wkd_find(vm, &d, &arg(args, 1))? {
        Some(r) => get_item(vm, &d, &r),
        None => Ok(arg(args, 2)),
    }
}

fn wkd_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    match wkd_find(vm, &d, &key)? {
        Some(r) => {
            let v = get_item(vm, &d, &r)?;
            del_item(vm, &d, &r)?;
            Ok(v)
        }
        None if args.len() > 2 => Ok(crate::args::arg(args, 2)?.clone()),
        None => Err(key_error(key)),
    }
}

fn wkd_setdefault(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    if let Some(r) = wkd_find(vm, &d, &key)? {
        return get_item(vm, &d, &r);
    }
    let default = arg(args, 2);
    wkd_setitem(vm, &[a0(args), key, default.clone()], &[])?;
    Ok(default)
}

fn wkd_update(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let mut pairs = Vec::new();
    if let Some(src) = pos.get(1) {
        pairs = mapping_pairs(vm, src)?;
    }
    pairs.extend(kws);
    for (k, v) in pairs {
        wkd_setitem(vm, &[a0(&pos), k, v], &[])?;
    }
    Ok(Value::None)
}

fn wkd_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = class_of(vm, &WKD);
    let new = Value::Instance(PyInstance::new(cls, None));
    new_map(&new)?;
    for (k, v) in wkd_pairs(vm, &a0(args))? {
        wkd_setitem(vm, &[new.clone(), k, v], &[])?;
    }
    Ok(new)
}

fn ws_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, _) = split(args, kw);
    let me = &a0(&pos);
    new_map(me)?;
    if let Some(src) = pos.get(1) {
        for item in collect(vm, src)? {
            ws_add(vm, &[me.clone(), item], &[])?;
        }
    }
    Ok(Value::None)
}

fn ws_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    wkd_setitem(vm, &[a0(args), arg(args, 1), Value::None], &[])
}

fn ws_discard(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    if let Some(r) = wkd_find(vm, &d, &arg(args, 1))? {
        del_item(vm, &d, &r)?;
    }
    Ok(Value::None)
}

fn ws_remove(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let d = map_of(vm, &a0(args))?;
    let key = arg(args, 1);
    match wkd_find(vm, &d, &key)? {
        Some(r) => {
            del_item(vm, &d, &r)?;
            Ok(Value::None)
        }
        None => Err(key_error(key)),
    }
}

fn ws_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Dict(d) = map_of(vm, &a0(args))? else {
        return Err(key_error(Value::str("pop from empty WeakSet")));
    };
    while let Some((r, _)) = d.pop_last() {
        if let Some(v) = deref(&r) {
            return Ok(v);
        }
    }
    Err(key_error(Value::str("pop from empty WeakSet")))
}

fn ws_update(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    for item in collect(vm, &arg(args, 1))? {
        ws_add(vm, &[a0(args), item], &[])?;
    }
    Ok(Value::None)
}

fn ws_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = class_of(vm, &WSET);
    let new = Value::Instance(PyInstance::new(cls, None));
    new_map(&new)?;
    for (k, _) in wkd_pairs(vm, &a0(args))? {
        ws_add(vm, &[new.clone(), k], &[])?;
    }
    Ok(new)
}

// ---- finalize ----

/// `(func, args, kwargs)` of a finalizer.
type FinalizerCall = (Value, Vec<Value>, Vec<(Value, Value)>);

#[derive(Debug)]
struct Finalizer {
    target: WeakTarget,
    func: RefCell<Option<FinalizerCall>>,
    atexit: Cell<bool>,
}

const FINALIZE: ClassSpec = ClassSpec {
    name: "finalize",
    module: "weakref",
    base: None,
    new: Some(fin_new),
    dunders: &[("__init__", ref_init), ("__call__", fin_call)],
    methods: &[("detach", fin_detach), ("peek", fin_peek)],
    props: &[("alive", fin_alive), ("atexit", fin_atexit)],
};

fn fin_state(v: &Value) -> PyResult<Rc<Finalizer>> {
    state_of::<Rc<Finalizer>>(v)
        .and_then(|n| {
            n.as_any()
                .downcast_ref::<State<Rc<Finalizer>>>()
                .map(|s| s.0.clone())
        })
        .ok_or_else(|| type_error("descriptor requires a 'weakref.finalize' object"))
}

fn fin_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let (pos, kws) = split(args, kw);
    if pos.len() < 3 {
        return Err(type_error(format!(
            "finalize.__init__() missing {} required positional argument{}",
            3 - pos.len(),
            if pos.len() == 2 { "" } else { "s" }
        )));
    }
    let cls = match &a0(&pos) {
        Value::Type(t) => t.clone(),
        _ => class_of(vm, &FINALIZE),
    };
    let target = WeakTarget::new(&pos[1])?;
    let f = new_instance(
        cls,
        Rc::new(Finalizer {
            target: target.clone(),
            func: RefCell::new(Some((pos[2].clone(), pos[3..].to_vec(), kws))),
            atexit: Cell::new(true),
        }),
    );
    PENDING.with(|p| {
        p.borrow_mut().push(Pending {
            seq: next_seq(),
            target,
            owner: Owner::Finalize(f.clone()),
        })
    });
    Ok(f)
}

/// Runs a finalizer once (when its referent died, or when called).
fn finalize_fire(vm: &mut Vm, f: &Value) -> PyResult<Value> {
    let taken = fin_state(f)?.func.borrow_mut().take();
    PENDING.with(|p| {
        p.borrow_mut()
            .retain(|e| !matches!(&e.owner, Owner::Finalize(o) if o.is(f)))
    });
    match taken {
        Some((func, mut args, kws)) => {
            let names: Vec<Value> = kws.iter().map(|(k, _)| k.clone()).collect();
            args.extend(kws.into_iter().map(|(_, v)| v));
            call(vm, &func, &args, &names)
        }
        None => Ok(Value::None),
    }
}

fn fin_call(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let f = &a0(args);
    let alive = fin_state(f)?.func.borrow().is_some();
    if !alive {
        return Ok(Value::None);
    }
    finalize_fire(vm, f)
}

fn fin_detach(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let f = &a0(args);
    let st = fin_state(f)?;
    let Some(obj) = st.target.get() else {
        return Ok(Value::None);
    };
    let Some((func, a, kws)) = st.func.borrow_mut().take() else {
        return Ok(Value::None);
    };
    PENDING.with(|p| {
        p.borrow_mut()
            .retain(|e| !matches!(&e.owner, Owner::Finalize(o) if o.is(f)))
    });
    Ok(Value::tuple(vec![
        obj,
        func,
        Value::tuple(a),
        kw_dict(vm, kws)?,
    ]))
}

fn kw_dict(vm: &mut Vm, kws: Vec<(Value, Value)>) -> PyResult<Value> {
    let d = Rc::new(PyDict::new());
    for (k, v) in kws {
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(Value::Dict(d))
}

fn fin_peek(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    let st = fin_state(&a0(args))?;
    let Some(obj) = st.target.get() else {
        return Ok(Value::None);
    };
    let Some((func, a, kws)) = st.func.borrow().clone() else {
        return Ok(Value::None);
    };
    Ok(Value::tuple(vec![
        obj,
        func,
        Value::tuple(a),
        kw_dict(vm, kws)?,
    ]))
}

fn fin_alive(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    run_pending(vm);
    Ok(Value::Bool(fin_state(&a0(args))?.func.borrow().is_some()))
}

fn fin_atexit(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(fin_state(&a0(args))?.atexit.get()))
}

// ---- module ----

/// The `weakref` module.
pub fn make_weakref(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("weakref"));
    let r = Value::Type(class_of(vm, &REF));
    d.set_str("ref", r.clone());
    d.set_str("ReferenceType", r);
    d.set_str("ProxyType", Value::Type(class_of(vm, &PROXY)));
    d.set_str(
        "CallableProxyType",
        Value::Type(class_of(vm, &CALLABLE_PROXY)),
    );
    d.set_str(
        "ProxyTypes",
        Value::tuple(vec![
            Value::Type(class_of(vm, &PROXY)),
            Value::Type(class_of(vm, &CALLABLE_PROXY)),
        ]),
    );
    d.set_str("WeakValueDictionary", Value::Type(class_of(vm, &WVD)));
    d.set_str("WeakKeyDictionary", Value::Type(class_of(vm, &WKD)));
    d.set_str("WeakSet", Value::Type(class_of(vm, &WSET)));
    d.set_str("finalize", Value::Type(class_of(vm, &FINALIZE)));
    d.set_str("proxy", builtin_fn("proxy", proxy));
    d.set_str(
        "getweakrefcount",
        builtin_fn("getweakrefcount", getweakrefcount),
    );
    d.set_str("getweakrefs", builtin_fn("getweakrefs", getweakrefs));
    d.set_str(
        "ReferenceError",
        Value::Type(exception_type("ReferenceError")),
    );
    let m = Value::Module(Rc::new(PyModule {
        name: "weakref".to_string(),
        dict: d,
    }));
    vm.modules.set_str("weakref", m.clone());
    m
}
