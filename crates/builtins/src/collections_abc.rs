//! The `collections.abc` module: the abstract collection classes as plain (subclassable)
//! classes with CPython's bases and a few of the mixin methods (`Iterator.__iter__`,
//! `Sequence.__iter__`/`__contains__`/`__reversed__`/`index`/`count`, `Mapping.get`/
//! `__contains__`). Their metaclass is `abc.ABCMeta`: the one-trick ABCs (`Iterable`,
//! `Sized`, `Hashable`, ...) answer `isinstance`/`issubclass` by the methods a class defines
//! (CPython's `__subclasshook__`s), and the built-in types are registered as CPython
//! registers them (`list` is a `MutableSequence`, `dict` a `MutableMapping`, ...).

use rpvm_object::native::NativeRef;
use std::rc::Rc;

use rpvm_object::descriptors::Property;
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::function::{BoundMethod, BuiltinFunction, NativeFn};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::compare::equal;
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::subscript::get_item;
use rpvm_object::typeobj::{exception_type, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

fn method_getter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::BoundMethod(Rc::new(BoundMethod {
        func: crate::args::arg(args, 0)?.clone(),
        self_: crate::args::arg(args, 1)?.clone(),
    })))
}

/// A class attribute that binds the built-in `f` to the instance on access.
pub(crate) fn method(name: &'static str, f: NativeFn) -> Value {
    let getter = Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func: method_getter,
        bound_self: Some(builtin_fn(name, f)),
        owner: None,
    }));
    Value::Native(NativeRef::new(Property {
        fget: getter,
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
        name: std::cell::RefCell::new(None),
        python: false,
    }))
}

fn iter_self(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    args.first()
        .cloned()
        .ok_or_else(|| type_error("__iter__ needs an argument"))
}

/// The items of a sequence, by indexing from 0 until `IndexError`.
fn seq_items(vm: &mut Vm, s: &Value) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    let mut i = 0i64;
    loop {
        match get_item(vm, s, &Value::Int(i)) {
            Ok(v) => out.push(v),
            Err(e) if e.is_instance_of("IndexError") => return Ok(out),
            Err(e) => return Err(e),
        }
        i += 1;
    }
}

fn self_arg(args: &[Value]) -> PyResult<Value> {
    args.first()
        .cloned()
        .ok_or_else(|| type_error("method needs an argument"))
}

fn seq_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = seq_items(vm, &self_arg(args)?)?;
    get_iter(vm, &Value::list(items))
}

fn seq_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut items = seq_items(vm, &self_arg(args)?)?;
    items.reverse();
    get_iter(vm, &Value::list(items))
}

fn seq_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, x] = args else {
        return Err(type_error("__contains__ expected 1 argument"));
    };
    for v in seq_items(vm, s)? {
        if equal(vm, &v, x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn seq_index(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, x] = args else {
        return Err(type_error("index expected 1 argument"));
    };
    for (i, v) in seq_items(vm, s)?.into_iter().enumerate() {
        if equal(vm, &v, x)? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(PyException::new(exception_type("ValueError"), vec![]))
}

fn seq_count(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, x] = args else {
        return Err(type_error("count expected 1 argument"));
    };
    let mut n = 0i64;
    for v in seq_items(vm, s)? {
        if equal(vm, &v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn map_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (m, k, default) = match args {
        [m, k] => (m, k, Value::None),
        [m, k, d] => (m, k, d.clone()),
        _ => return Err(type_error("get expected 1 or 2 arguments")),
    };
    match get_item(vm, m, k) {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("KeyError") => Ok(default),
        Err(e) => Err(e),
    }
}

fn map_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [m, k] = args else {
        return Err(type_error("__contains__ expected 1 argument"));
    };
    match get_item(vm, m, k) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.is_instance_of("KeyError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

/// The methods whose presence makes a class a virtual subclass of a one-trick ABC.
const HOOKS: &[(&str, &[&str])] = &[
    ("Hashable", &["__hash__"]),
    ("Awaitable", &["__await__"]),
    ("Coroutine", &["__await__", "send", "throw", "close"]),
    ("AsyncIterable", &["__aiter__"]),
    ("AsyncIterator", &["__anext__", "__aiter__"]),
    (
        "AsyncGenerator",
        &["__aiter__", "__anext__", "asend", "athrow", "aclose"],
    ),
    ("Iterable", &["__iter__"]),
    ("Iterator", &["__iter__", "__next__"]),
    ("Reversible", &["__reversed__", "__iter__"]),
    (
        "Generator",
        &["__iter__", "__next__", "send", "throw", "close"],
    ),
    ("Sized", &["__len__"]),
    ("Container", &["__contains__"]),
    ("Collection", &["__len__", "__iter__", "__contains__"]),
    ("Callable", &["__call__"]),
];

/// (name, bases, dunders, methods).
type Spec = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, NativeFn)],
    &'static [(&'static str, NativeFn)],
);

const CLASSES: &[Spec] = &[
    ("Hashable", &[], &[], &[]),
    ("Awaitable", &[], &[], &[]),
    ("Coroutine", &["Awaitable"], &[], &[]),
    ("AsyncIterable", &[], &[], &[]),
    ("AsyncIterator", &["AsyncIterable"], &[], &[]),
    ("AsyncGenerator", &["AsyncIterator"], &[], &[]),
    ("Iterable", &[], &[], &[]),
    ("Iterator", &["Iterable"], &[("__iter__", iter_self)], &[]),
    ("Reversible", &["Iterable"], &[], &[]),
    ("Generator", &["Iterator"], &[], &[]),
    ("Sized", &[], &[], &[]),
    ("Container", &[], &[], &[]),
    ("Collection", &["Sized", "Iterable", "Container"], &[], &[]),
    ("Callable", &[], &[], &[]),
    ("Set", &["Collection"], &[], &[]),
    ("MutableSet", &["Set"], &[], &[]),
    (
        "Mapping",
        &["Collection"],
        &[("__contains__", map_contains)],
        &[("get", map_get)],
    ),
    ("MutableMapping", &["Mapping"], &[], &[]),
    ("MappingView", &["Sized"], &[], &[]),
    ("KeysView", &["MappingView", "Set"], &[], &[]),
    ("ItemsView", &["MappingView", "Set"], &[], &[]),
    ("ValuesView", &["MappingView", "Collection"], &[], &[]),
    (
        "Sequence",
        &["Reversible", "Collection"],
        &[
            ("__iter__", seq_iter),
            ("__contains__", seq_contains),
            ("__reversed__", seq_reversed),
        ],
        &[("index", seq_index), ("count", seq_count)],
    ),
    ("MutableSequence", &["Sequence"], &[], &[]),
    ("ByteString", &["Sequence"], &[], &[]),
];

fn make_class(
    vm: &mut Vm,
    meta: &Rc<PyType>,
    spec: &Spec,
    made: &[(String, Rc<PyType>)],
) -> Option<Rc<PyType>> {
    let (name, bases, dunders, methods) = *spec;
    let ns = Rc::new(PyDict::new());
    if let Some((_, hook)) = HOOKS.iter().find(|(n, _)| *n == name) {
        ns.set_str(
            "_abc_hook_methods",
            Value::tuple(hook.iter().map(|m| Value::str(m)).collect()),
        );
    }
    ns.set_str("__module__", Value::str("collections.abc"));
    ns.set_str("__qualname__", Value::str(name));
    for (n, f) in dunders {
        ns.set_str(n, builtin_fn(n, *f));
    }
    for (n, f) in methods {
        ns.set_str(n, method(n, *f));
    }
    let bases: Vec<Value> = bases
        .iter()
        .filter_map(|b| made.iter().find(|(n, _)| n == b))
        .map(|(_, t)| Value::Type(t.clone()))
        .collect();
    match rpvm_object::subclass::new_class(
        vm,
        Some(meta.clone()),
        &[Value::str(name), Value::tuple(bases), Value::Dict(ns)],
        &[],
    ) {
        Ok(Value::Type(t)) => Some(t),
        _ => None,
    }
}

/// The type of the value `expr` evaluates to (for types only reachable from a value).
fn type_of_value(vm: &mut Vm, v: PyResult<Value>) -> Option<Value> {
    let _ = vm;
    v.ok()
        .map(|v| Value::Type(rpvm_object::protocols::type_of(&v)))
}

/// CPython's registrations of built-in types with the collection ABCs.
fn register_builtins(vm: &mut Vm, made: &[(String, Rc<PyType>)]) {
    let t = rpvm_object::typeobj::builtin_types();
    let ty = |x: &Rc<PyType>| Value::Type(x.clone());
    let d = Value::Dict(Rc::new(PyDict::new()));
    let view = |vm: &mut Vm, name: &str| -> Option<Value> {
        let m = rpvm_object::protocols::attr::get_attr(vm, &d, name);
        let v = m.and_then(|m| rpvm_object::protocols::call::call(vm, &m, &[], &[]));
        type_of_value(vm, v)
    };
    let mv = crate::memoryview::memoryview(vm, &[Value::Bytes(Rc::from(Vec::<u8>::new()))], &[]);
    let mv = type_of_value(vm, mv);
    let regs: Vec<(&str, Option<Value>)> = vec![
        ("Set", Some(ty(&t.frozenset))),
        ("MutableSet", Some(ty(&t.set))),
        ("MutableMapping", Some(ty(&t.dict))),
        ("KeysView", view(vm, "keys")),
        ("ItemsView", view(vm, "items")),
        ("ValuesView", view(vm, "values")),
        ("Sequence", Some(ty(&t.tuple))),
        ("Sequence", Some(ty(&t.str_))),
        ("Sequence", Some(ty(&t.range))),
        ("Sequence", mv),
        ("MutableSequence", Some(ty(&t.list))),
        ("MutableSequence", Some(ty(&t.bytearray))),
        ("ByteString", Some(ty(&t.bytes))),
        ("ByteString", Some(ty(&t.bytearray))),
    ];
    for (abc, sub) in regs {
        let Some(sub) = sub else { continue };
        if let Some((_, cls)) = made.iter().find(|(n, _)| n == abc) {
            crate::abc::register_type(cls, sub);
        }
    }
}

/// Creates the `collections.abc` module (registered in `vm.modules`, and as the `abc`
/// attribute of `collections`, importing that first).
pub fn make_collections_abc(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("collections.abc"));
    let mut made: Vec<(String, Rc<PyType>)> = Vec::new();
    let meta = crate::abc::abc_meta(vm);
    for spec in CLASSES {
        let Some(t) = make_class(vm, &meta, spec, &made) else {
            continue;
        };
        d.set_str(spec.0, Value::Type(t.clone()));
        made.push((spec.0.to_string(), t));
    }
    register_builtins(vm, &made);
    let m = Value::Module(Rc::new(PyModule {
        name: "collections.abc".to_string(),
        dict: d,
    }));
    vm.modules.set_str("collections.abc", m.clone());
    // `import collections.abc` binds `collections`, which must then be loaded too.
    let parent = match vm.modules.get_str("collections") {
        Some(p) => p,
        None => {
            let p = crate::make_collections(vm);
            vm.modules.set_str("collections", p.clone());
            p
        }
    };
    if let Value::Module(pm) = &parent {
        pm.dict.set_str("abc", m.clone());
        if let (Some(dq), Some((_, ms))) = (
            pm.dict.get_str("deque"),
            made.iter().find(|(n, _)| n == "MutableSequence"),
        ) {
            crate::abc::register_type(ms, dq);
        }
        // CPython's UserDict/UserList/UserString derive from these ABCs.
        for (abc, name) in [
            ("MutableMapping", "UserDict"),
            ("MutableSequence", "UserList"),
            ("Sequence", "UserString"),
        ] {
            if let (Some(cls), Some((_, a))) =
                (pm.dict.get_str(name), made.iter().find(|(n, _)| n == abc))
            {
                crate::abc::register_type(a, cls);
            }
        }
    }
    m
}
