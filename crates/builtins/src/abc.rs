//! The `abc` module: `ABC` (whose `__new__` refuses to instantiate a class that still has
//! abstract methods, with CPython's message), `abstractmethod`, and `ABCMeta`, a native
//! metaclass with `register`, `__instancecheck__` and `__subclasscheck__` (subclass, then
//! `__subclasshook__`, then the registry, then the registries of subclasses, as CPython's
//! `_abc` does; answers are cached until the next `register`). `collections.abc` gives its
//! classes built-in hooks (`_abc_hook_methods`: the methods a class must define).
//! A class using `ABCMeta` directly (without `ABC`) gets no abstract-method check.

use rpvm_object::native::NativeRef;
use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{runtime_error, type_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::typeobj::{builtin_types, PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, ClassSpec};

fn is_abstract(vm: &mut Vm, v: &Value) -> bool {
    match get_attr(vm, v, "__isabstractmethod__") {
        Ok(x) => is_true(vm, &x).unwrap_or(false),
        Err(_) => false,
    }
}

fn abc_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Type(cls)) = args.first() else {
        return Err(type_error("ABC.__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let mut names: Vec<String> = Vec::new();
    for t in cls.mro() {
        for k in t.dict.keys() {
            let Some(name) = k.as_str() else { continue };
            if names.iter().any(|n| n == name) {
                continue;
            }
            if let Some(v) = cls.lookup(name) {
                if is_abstract(vm, &v) {
                    names.push(name.to_string());
                }
            }
        }
    }
    if !names.is_empty() {
        names.sort();
        let s = if names.len() == 1 { "" } else { "s" };
        return Err(type_error(format!(
            "Can't instantiate abstract class {} with abstract method{s} {}",
            cls.name,
            names.join(", ")
        )));
    }
    let _ = kw;
    rpvm_object::subclass::default_new(vm, &cls, &[], &[], true)
}

fn abstractmethod(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [f] = args else {
        return Err(type_error("abstractmethod() takes exactly one argument"));
    };
    // Some callables (built-ins) refuse new attributes; they are returned unmarked.
    let _ = set_attr(vm, f, "__isabstractmethod__", Value::Bool(true));
    Ok(f.clone())
}

// ---- ABCMeta ----

/// A cached answer of `__subclasscheck__` (the classes are kept alive so their addresses
/// cannot be reused).
type CacheEntry = (Rc<PyType>, Rc<PyType>, bool);

thread_local! {
    static CACHE: RefCell<Vec<CacheEntry>> = const { RefCell::new(Vec::new()) };
}

fn cached(cls: &Rc<PyType>, sub: &Rc<PyType>) -> Option<bool> {
    CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(a, b, _)| Rc::ptr_eq(a, cls) && Rc::ptr_eq(b, sub))
            .map(|e| e.2)
    })
}

fn remember(cls: &Rc<PyType>, sub: &Rc<PyType>, answer: bool) {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 4096 {
            c.clear();
        }
        c.push((cls.clone(), sub.clone(), answer));
    });
}

/// Whether instances of the built-in type `t` have the special method `name`
/// (`Some(false)`: it is set to `None`, as `list.__hash__` is).
fn builtin_has(t: &PyType, name: &str) -> Option<bool> {
    const SIZED: &[&str] = &[
        "str",
        "bytes",
        "bytearray",
        "tuple",
        "list",
        "dict",
        "set",
        "frozenset",
        "range",
        "memoryview",
        "dict_keys",
        "dict_values",
        "dict_items",
    ];
    let n = t.name.as_str();
    let is_iter = (t.kind == TypeKind::Iterator || n.ends_with("iterator"))
        && !matches!(
            n,
            "coroutine" | "async_generator" | "memoryview" | "generator"
        );
    let gen = n == "generator";
    let yes = match name {
        "__hash__" => {
            if matches!(
                n,
                "list" | "dict" | "set" | "bytearray" | "slice" | "dict_keys" | "dict_items"
            ) {
                return Some(false);
            }
            true
        }
        "__iter__" => SIZED.contains(&n) || is_iter || gen,
        "__next__" => is_iter || gen,
        "__len__" => SIZED.contains(&n),
        "__contains__" => SIZED.contains(&n) && !matches!(n, "memoryview" | "dict_values"),
        "__reversed__" => matches!(
            n,
            "list" | "dict" | "range" | "dict_keys" | "dict_values" | "dict_items"
        ),
        "__call__" => matches!(
            n,
            "function" | "builtin_function_or_method" | "method" | "type"
        ),
        "send" | "throw" | "close" => gen || n == "coroutine",
        "__await__" => n == "coroutine",
        "__aiter__" | "__anext__" | "asend" | "athrow" | "aclose" => n == "async_generator",
        _ => false,
    };
    yes.then_some(true)
}

/// CPython's `_check_methods(C, *methods)`: every method is defined (not as `None`) along
/// the MRO of `sub`.
fn check_methods(sub: &Rc<PyType>, methods: &[Value]) -> bool {
    'outer: for m in methods {
        let Some(name) = m.as_str() else { continue };
        for t in sub.mro() {
            if t.builtin {
                match builtin_has(&t, name) {
                    Some(true) => continue 'outer,
                    Some(false) => return false,
                    None => {
                        if t.kind == TypeKind::Object && name == "__hash__" {
                            continue 'outer;
                        }
                        continue;
                    }
                }
            }
            match t.dict.get_str(name) {
                Some(Value::None) => return false,
                Some(_) => continue 'outer,
                None => {
                    // A class defining `__eq__` without `__hash__` is unhashable.
                    if name == "__hash__" && t.dict.get_str("__eq__").is_some() {
                        return false;
                    }
                }
            }
        }
        return false;
    }
    true
}

fn type_arg(v: Option<&Value>, what: &str) -> PyResult<Rc<PyType>> {
    match v {
        Some(Value::Type(t)) => Ok(t.clone()),
        _ => Err(type_error(what.to_string())),
    }
}

/// The `__subclasshook__` answer: `Some(bool)`, or `None` for `NotImplemented`.
fn subclass_hook(vm: &mut Vm, cls: &Rc<PyType>, sub: &Rc<PyType>) -> PyResult<Option<bool>> {
    if let Some(Value::Tuple(methods)) = cls.dict.get_str("_abc_hook_methods") {
        return Ok(check_methods(sub, methods.as_slice()).then_some(true));
    }
    if cls.lookup("__subclasshook__").is_none() {
        return Ok(None);
    }
    let hook = get_attr(vm, &Value::Type(cls.clone()), "__subclasshook__")?;
    let r = rpvm_object::protocols::call::call(vm, &hook, &[Value::Type(sub.clone())], &[])?;
    match r {
        Value::NotImplemented => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        other => Err(type_error(format!(
            "__subclasshook__ must return either False, True, or NotImplemented, not {}",
            rpvm_object::protocols::type_name(&other)
        ))),
    }
}

fn registry(cls: &Rc<PyType>) -> Vec<Value> {
    match cls.dict.get_str("_abc_registry") {
        Some(Value::List(l)) => l.snapshot(),
        _ => Vec::new(),
    }
}

/// `ABCMeta.__subclasscheck__(cls, sub)` as a bool.
pub(crate) fn abc_subclass_check(
    vm: &mut Vm,
    cls: &Rc<PyType>,
    sub: &Rc<PyType>,
) -> PyResult<bool> {
    if let Some(b) = cached(cls, sub) {
        return Ok(b);
    }
    vm.enter(" in __subclasscheck__")?;
    let r = subclass_check_uncached(vm, cls, sub);
    vm.leave();
    let r = r?;
    remember(cls, sub, r);
    Ok(r)
}

fn subclass_check_uncached(vm: &mut Vm, cls: &Rc<PyType>, sub: &Rc<PyType>) -> PyResult<bool> {
    if sub.is_subtype(cls) {
        return Ok(true);
    }
    if let Some(b) = subclass_hook(vm, cls, sub)? {
        return Ok(b);
    }
    let subv = Value::Type(sub.clone());
    for r in registry(cls) {
        if crate::introspection::is_subclass(vm, &subv, &r)? {
            return Ok(true);
        }
    }
    for s in cls.subclasses() {
        if crate::introspection::is_subclass(vm, &subv, &Value::Type(s))? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn meta_subclasscheck(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = type_arg(args.first(), "__subclasscheck__ needs a class")?;
    let sub = type_arg(args.get(1), "issubclass() arg 1 must be a class")?;
    abc_subclass_check(vm, &cls, &sub).map(Value::Bool)
}

fn meta_instancecheck(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = type_arg(args.first(), "__instancecheck__ needs a class")?;
    let Some(inst) = args.get(1) else {
        return Err(type_error("__instancecheck__ expected 1 argument"));
    };
    let sub = rpvm_object::protocols::type_of(inst);
    abc_subclass_check(vm, &cls, &sub).map(Value::Bool)
}

/// Adds `sub` to the registry of `cls` (no checks).
pub(crate) fn register_type(cls: &Rc<PyType>, sub: Value) {
    match cls.dict.get_str("_abc_registry") {
        Some(Value::List(l)) => l.push(sub),
        _ => cls.dict.set_str("_abc_registry", Value::list(vec![sub])),
    }
    CACHE.with(|c| c.borrow_mut().clear());
}

fn meta_register(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let cls = type_arg(args.first(), "register needs a class")?;
    let a = crate::args::parse(
        "register",
        crate::args::rest(args, 1),
        kw,
        &["subclass"],
        0,
        1,
    )?;
    let subv = a[0].clone().unwrap_or(Value::None);
    let Value::Type(sub) = &subv else {
        return Err(type_error("Can only register classes"));
    };
    if crate::introspection::is_subclass(vm, &subv, &Value::Type(cls.clone()))? {
        return Ok(subv);
    }
    if crate::introspection::is_subclass(vm, &Value::Type(cls.clone()), &subv)? {
        return Err(runtime_error("Refusing to create an inheritance cycle"));
    }
    let _ = sub;
    register_type(&cls, subv.clone());
    Ok(subv)
}

const ABCMETA: ClassSpec = ClassSpec {
    name: "ABCMeta",
    module: "abc",
    base: None,
    new: None,
    dunders: &[
        ("__instancecheck__", meta_instancecheck),
        ("__subclasscheck__", meta_subclasscheck),
    ],
    methods: &[("register", meta_register)],
    props: &[],
};

/// The `ABCMeta` metaclass (created once per thread).
pub(crate) fn abc_meta(vm: &mut Vm) -> Rc<PyType> {
    class_of(
        vm,
        &ClassSpec {
            base: Some(builtin_types().type_.clone()),
            ..ABCMETA
        },
    )
}

thread_local! {
    static ABC_CLASS: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
}

/// `abc.ABC`: a class with metaclass `ABCMeta` whose `__new__` checks abstract methods.
fn abc_class(vm: &mut Vm) -> Value {
    if let Some(t) = ABC_CLASS.with(|c| c.borrow().clone()) {
        return Value::Type(t);
    }
    let meta = abc_meta(vm);
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("abc"));
    ns.set_str("__qualname__", Value::str("ABC"));
    ns.set_str(
        "__new__",
        Value::Native(NativeRef::new(rpvm_object::descriptors::StaticMethod(
            builtin_fn("__new__", abc_new),
        ))),
    );
    match rpvm_object::subclass::new_class(
        vm,
        Some(meta),
        &[Value::str("ABC"), Value::tuple(vec![]), Value::Dict(ns)],
        &[],
    ) {
        Ok(Value::Type(t)) => {
            ABC_CLASS.with(|c| *c.borrow_mut() = Some(t.clone()));
            Value::Type(t)
        }
        Ok(other) => other,
        Err(_) => Value::None,
    }
}

/// Creates the `abc` module (also registered in `vm.modules`).
pub fn make_abc(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("abc"));
    let abc = abc_class(vm);
    d.set_str("ABC", abc);
    d.set_str("ABCMeta", Value::Type(abc_meta(vm)));
    d.set_str(
        "abstractmethod",
        builtin_fn("abstractmethod", abstractmethod),
    );
    let m = Value::Module(Rc::new(PyModule {
        name: "abc".to_string(),
        dict: d,
    }));
    vm.modules.set_str("abc", m.clone());
    m
}
