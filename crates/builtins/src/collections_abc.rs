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
use rpvm_object::exception::{type_error, value_error, PyException, PyResult};
use rpvm_object::function::{BoundMethod, BuiltinFunction, NativeFn};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::equal;
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::iter::{collect, next};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::subscript::get_item;
use rpvm_object::protocols::subscript::{contains, del_item, set_item};
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

// ---- Mapping / MutableMapping mixins and the mapping views (`_collections_abc.py`) ----

fn abc_class(vm: &mut Vm, name: &str) -> PyResult<Value> {
    match vm.modules.get_str("collections.abc") {
        Some(Value::Module(m)) => m
            .dict
            .get_str(name)
            .ok_or_else(|| type_error("collections.abc is incomplete")),
        _ => Err(type_error("collections.abc is not loaded")),
    }
}

fn make_view(vm: &mut Vm, args: &[Value], kind: &str) -> PyResult<Value> {
    let m = self_arg(args)?;
    let cls = abc_class(vm, kind)?;
    call(vm, &cls, &[m], &[])
}

fn map_keys(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    make_view(vm, args, "KeysView")
}

fn map_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    make_view(vm, args, "ItemsView")
}

fn map_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    make_view(vm, args, "ValuesView")
}

/// `Mapping.__eq__`: `dict(self.items()) == dict(other.items())` for another Mapping.
fn map_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [a, b] = args else {
        return Err(type_error("__eq__ expected 1 argument"));
    };
    let mapping = abc_class(vm, "Mapping")?;
    if !crate::introspection::is_instance(vm, b, &mapping)? {
        return Ok(Value::NotImplemented);
    }
    let dict = Value::Type(rpvm_object::typeobj::builtin_types().dict.clone());
    let mut ds = Vec::new();
    for m in [a, b] {
        let items = call_method(vm, m, "items", &[])?;
        ds.push(call(vm, &dict, &[items], &[])?);
    }
    Ok(Value::Bool(equal(vm, &ds[0], &ds[1])?))
}

fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = get_attr(vm, obj, name)?;
    call(vm, &f, args, &[])
}

fn mapping_of(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    get_attr(vm, &self_arg(args)?, "_mapping")
}

fn view_init(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [me, m] = args else {
        return Err(type_error(
            "__init__() takes exactly one argument (the mapping)",
        ));
    };
    set_attr(vm, me, "_mapping", m.clone())?;
    Ok(Value::None)
}

fn view_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    Ok(Value::from(crate::iterators::length(vm, &m)?))
}

fn view_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let me = self_arg(args)?;
    let m = mapping_of(vm, args)?;
    let r = repr(vm, &m)?;
    let name = rpvm_object::protocols::type_of(&me).name.clone();
    Ok(Value::string(format!("{name}({r})")))
}

fn keys_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    let k = crate::args::arg(args, 1)?.clone();
    Ok(Value::Bool(contains(vm, &m, &k)?))
}

fn keys_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    get_iter(vm, &m)
}

/// The `(key, value)` pairs of the mapping, in its iteration order.
fn mapping_items(vm: &mut Vm, m: &Value) -> PyResult<Vec<(Value, Value)>> {
    let mut out = Vec::new();
    for k in collect(vm, m)? {
        let v = get_item(vm, m, &k)?;
        out.push((k, v));
    }
    Ok(out)
}

fn items_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    let Value::Tuple(t) = crate::args::arg(args, 1)? else {
        return Ok(Value::Bool(false));
    };
    let [k, v] = t.as_slice() else {
        return Ok(Value::Bool(false));
    };
    match get_item(vm, &m, k) {
        Ok(found) => Ok(Value::Bool(found.is(v) || equal(vm, &found, v)?)),
        Err(e) if e.is_instance_of("KeyError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn items_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    let items = mapping_items(vm, &m)?
        .into_iter()
        .map(|(k, v)| Value::tuple(vec![k, v]))
        .collect();
    get_iter(vm, &Value::list(items))
}

fn values_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    let x = crate::args::arg(args, 1)?.clone();
    for (_, v) in mapping_items(vm, &m)? {
        if v.is(&x) || equal(vm, &v, &x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn values_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = mapping_of(vm, args)?;
    let values = mapping_items(vm, &m)?.into_iter().map(|(_, v)| v).collect();
    get_iter(vm, &Value::list(values))
}

/// `MutableMapping.pop(key[, default])`.
fn mm_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (m, k, default) = match args {
        [m, k] => (m, k, None),
        [m, k, d] => (m, k, Some(d.clone())),
        _ => return Err(type_error("pop expected 1 or 2 arguments")),
    };
    match get_item(vm, m, k) {
        Ok(v) => {
            del_item(vm, m, k)?;
            Ok(v)
        }
        Err(e) if e.is_instance_of("KeyError") => default.ok_or(e),
        Err(e) => Err(e),
    }
}

/// `MutableMapping.popitem()`: the first key in iteration order.
fn mm_popitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = self_arg(args)?;
    let it = get_iter(vm, &m)?;
    let Some(k) = next(vm, &it)? else {
        return Err(PyException::new(exception_type("KeyError"), vec![]));
    };
    let v = get_item(vm, &m, &k)?;
    del_item(vm, &m, &k)?;
    Ok(Value::tuple(vec![k, v]))
}

fn mm_clear(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    loop {
        match mm_popitem(vm, args, &[]) {
            Ok(_) => {}
            Err(e) if e.is_instance_of("KeyError") => return Ok(Value::None),
            Err(e) => return Err(e),
        }
    }
}

/// `MutableMapping.update(other=(), /, **kwds)`.
fn mm_update(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = crate::args::npos(args, kw);
    let m = self_arg(args)?;
    if np > 2 {
        return Err(type_error(format!(
            "update expected at most 1 argument, got {}",
            np - 1
        )));
    }
    if np == 2 {
        let other = args[1].clone();
        let mapping = abc_class(vm, "Mapping")?;
        if crate::introspection::is_instance(vm, &other, &mapping)? {
            for k in collect(vm, &other)? {
                let v = get_item(vm, &other, &k)?;
                set_item(vm, &m, &k, v)?;
            }
        } else if has_attr(vm, &other, "keys")? {
            let keys = call_method(vm, &other, "keys", &[])?;
            for k in collect(vm, &keys)? {
                let v = get_item(vm, &other, &k)?;
                set_item(vm, &m, &k, v)?;
            }
        } else {
            for pair in collect(vm, &other)? {
                let kv = collect(vm, &pair)?;
                let [k, v] = kv.as_slice() else {
                    return Err(value_error("too many values to unpack (expected 2)"));
                };
                set_item(vm, &m, k, v.clone())?;
            }
        }
    }
    for (name, v) in kw.iter().zip(&args[np..]) {
        set_item(vm, &m, name, v.clone())?;
    }
    Ok(Value::None)
}

fn has_attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<bool> {
    match get_attr(vm, obj, name) {
        Ok(_) => Ok(true),
        Err(e) if e.is_instance_of("AttributeError") => Ok(false),
        Err(e) => Err(e),
    }
}

fn mm_setdefault(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (m, k, default) = match args {
        [m, k] => (m, k, Value::None),
        [m, k, d] => (m, k, d.clone()),
        _ => return Err(type_error("setdefault expected 1 or 2 arguments")),
    };
    match get_item(vm, m, k) {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("KeyError") => {
            set_item(vm, m, k, default.clone())?;
            Ok(default)
        }
        Err(e) => Err(e),
    }
}

// ---- MutableSequence mixins ----

fn ms_append(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, v] = args else {
        return Err(type_error("append expected 1 argument"));
    };
    let n = crate::iterators::length(vm, s)?;
    call_method(vm, s, "insert", &[Value::from(n), v.clone()])?;
    Ok(Value::None)
}

fn ms_extend(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, values] = args else {
        return Err(type_error("extend expected 1 argument"));
    };
    // `if values is self: values = list(values)`; every other iterable is read lazily in
    // CPython, read up front here.
    for v in collect(vm, values)? {
        call_method(vm, s, "append", &[v])?;
    }
    Ok(Value::None)
}

fn ms_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (s, i) = match args {
        [s] => (s, Value::Int(-1)),
        [s, i] => (s, i.clone()),
        _ => return Err(type_error("pop expected at most 1 argument")),
    };
    let v = get_item(vm, s, &i)?;
    del_item(vm, s, &i)?;
    Ok(v)
}

fn ms_remove(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, v] = args else {
        return Err(type_error("remove expected 1 argument"));
    };
    let i = call_method(vm, s, "index", std::slice::from_ref(v))?;
    del_item(vm, s, &i)?;
    Ok(Value::None)
}

fn ms_clear(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    loop {
        match call_method(vm, &s, "pop", &[]) {
            Ok(_) => {}
            Err(e) if e.is_instance_of("IndexError") => return Ok(Value::None),
            Err(e) => return Err(e),
        }
    }
}

fn ms_reverse(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = crate::iterators::length(vm, &s)? as i64;
    for i in 0..n / 2 {
        let a = get_item(vm, &s, &Value::Int(i))?;
        let b = get_item(vm, &s, &Value::Int(n - i - 1))?;
        set_item(vm, &s, &Value::Int(i), b)?;
        set_item(vm, &s, &Value::Int(n - i - 1), a)?;
    }
    Ok(Value::None)
}

fn ms_iadd(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [s, values] = args else {
        return Err(type_error("__iadd__ expected 1 argument"));
    };
    call_method(vm, s, "extend", std::slice::from_ref(values))?;
    Ok(s.clone())
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
        &[("__contains__", map_contains), ("__eq__", map_eq)],
        &[
            ("get", map_get),
            ("keys", map_keys),
            ("items", map_items),
            ("values", map_values),
        ],
    ),
    (
        "MutableMapping",
        &["Mapping"],
        &[],
        &[
            ("pop", mm_pop),
            ("popitem", mm_popitem),
            ("clear", mm_clear),
            ("update", mm_update),
            ("setdefault", mm_setdefault),
        ],
    ),
    (
        "MappingView",
        &["Sized"],
        &[
            ("__init__", view_init),
            ("__len__", view_len),
            ("__repr__", view_repr),
        ],
        &[],
    ),
    (
        "KeysView",
        &["MappingView", "Set"],
        &[("__contains__", keys_contains), ("__iter__", keys_iter)],
        &[],
    ),
    (
        "ItemsView",
        &["MappingView", "Set"],
        &[("__contains__", items_contains), ("__iter__", items_iter)],
        &[],
    ),
    (
        "ValuesView",
        &["MappingView", "Collection"],
        &[("__contains__", values_contains), ("__iter__", values_iter)],
        &[],
    ),
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
    (
        "MutableSequence",
        &["Sequence"],
        &[("__iadd__", ms_iadd)],
        &[
            ("append", ms_append),
            ("extend", ms_extend),
            ("pop", ms_pop),
            ("remove", ms_remove),
            ("clear", ms_clear),
            ("reverse", ms_reverse),
        ],
    ),
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
