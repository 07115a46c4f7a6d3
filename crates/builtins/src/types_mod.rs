//! The `types` module: `SimpleNamespace` and the built-in types that have no builtins
//! name (`FunctionType`, `BuiltinFunctionType`, `MethodType`, `ModuleType`, ...).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::repr::repr;
use rpvm_object::typeobj::builtin_types;
use rpvm_object::{Value, Vm};

use crate::functools::{class_of, split, ClassSpec};

thread_local! {
    static REPR_ACTIVE: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn ns_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let Some(Value::Instance(i)) = pos.first() else {
        return Err(type_error("SimpleNamespace.__init__ needs an instance"));
    };
    if pos.len() > 2 {
        return Err(type_error(format!(
            "SimpleNamespace expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    if let Some(Value::Dict(d)) = pos.get(1) {
        for (k, v) in d.items() {
            let h = hash_value(vm, &k)?;
            i.dict.insert_hashed(k, h, v);
        }
    }
    for (k, v) in kws {
        let h = hash_value(vm, &k)?;
        i.dict.insert_hashed(k, h, v);
    }
    Ok(Value::None)
}

fn ns_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Instance(i)) = args.first() else {
        return Err(type_error("SimpleNamespace.__repr__ needs an instance"));
    };
    let cls = i.class.borrow().clone();
    let name = if cls.name == "SimpleNamespace" && cls.module == "types" {
        "namespace".to_string()
    } else {
        cls.name.clone()
    };
    let me = Rc::as_ptr(i) as usize;
    if REPR_ACTIVE.with(|r| r.borrow().contains(&me)) {
        return Ok(Value::string(format!("{name}(...)")));
    }
    REPR_ACTIVE.with(|r| r.borrow_mut().push(me));
    let mut parts = Vec::new();
    let mut result = Ok(());
    for (k, v) in i.dict.items() {
        match repr(vm, &v) {
            Ok(r) => parts.push(format!("{}={r}", k.as_str().unwrap_or("?"))),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    REPR_ACTIVE.with(|r| r.borrow_mut().retain(|p| *p != me));
    result?;
    Ok(Value::string(format!("{name}({})", parts.join(", "))))
}

fn ns_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [Value::Instance(a), Value::Instance(b)] => {
            let ca = a.class.borrow().clone();
            let cb = b.class.borrow().clone();
            let ns = class_of(vm, &SIMPLE_NAMESPACE);
            let sub =
                |c: &Rc<rpvm_object::typeobj::PyType>| c.mro().iter().any(|t| Rc::ptr_eq(t, &ns));
            if !sub(&ca) || !sub(&cb) {
                return Ok(Value::NotImplemented);
            }
            let r = rpvm_object::protocols::compare::rich_compare(
                vm,
                &Value::Dict(a.dict.clone()),
                &Value::Dict(b.dict.clone()),
                rpvm_object::protocols::compare::CompareOp::Eq,
            )?;
            Ok(r)
        }
        _ => Ok(Value::NotImplemented),
    }
}

const SIMPLE_NAMESPACE: ClassSpec = ClassSpec {
    name: "SimpleNamespace",
    module: "types",
    base: None,
    new: None,
    dunders: &[
        ("__init__", ns_init),
        ("__repr__", ns_repr),
        ("__eq__", ns_eq),
    ],
    methods: &[],
    props: &[],
};

/// A `types.SimpleNamespace` with these attributes.
pub fn namespace(vm: &mut Vm, attrs: Vec<(&str, Value)>) -> PyResult<Value> {
    let cls = class_of(vm, &SIMPLE_NAMESPACE);
    let inst = rpvm_object::instance::PyInstance::new(cls, None);
    for (k, v) in attrs {
        inst.dict.set_str(k, v);
    }
    Ok(Value::Instance(inst))
}

/// Creates the `types` module (also registered in `vm.modules`).
pub fn make_types(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("types"));
    d.set_str(
        "SimpleNamespace",
        Value::Type(class_of(vm, &SIMPLE_NAMESPACE)),
    );
    let t = builtin_types();
    let named = [
        ("FunctionType", &t.function),
        ("LambdaType", &t.function),
        ("BuiltinFunctionType", &t.builtin_function),
        ("BuiltinMethodType", &t.builtin_function),
        ("MethodType", &t.method),
        ("CodeType", &t.code),
        ("CellType", &t.cell),
        ("ModuleType", &t.module),
        ("NoneType", &t.none),
        ("NotImplementedType", &t.not_implemented),
        ("EllipsisType", &t.ellipsis),
    ];
    for (n, ty) in named {
        d.set_str(n, Value::Type(ty.clone()));
    }
    for (n, ty) in [
        ("GeneratorType", "generator"),
        ("CoroutineType", "coroutine"),
        ("AsyncGeneratorType", "async_generator"),
        ("FrameType", "frame"),
        ("TracebackType", "traceback"),
    ] {
        d.set_str(n, Value::Type(t.iterator_type(ty)));
    }
    // Descriptor types of C-implemented methods: rpvm's built-in methods are all
    // builtin functions.
    for n in [
        "MethodDescriptorType",
        "WrapperDescriptorType",
        "MethodWrapperType",
        "ClassMethodDescriptorType",
        "GetSetDescriptorType",
        "MemberDescriptorType",
    ] {
        d.set_str(n, Value::Type(t.builtin_function.clone()));
    }
    d.set_str("UnionType", union_type(vm));
    d.set_str(
        "MappingProxyType",
        Value::Type(class_of(vm, &MAPPING_PROXY)),
    );
    d.set_str("GenericAlias", Value::Type(class_of(vm, &GENERIC_ALIAS)));
    if let Some(p) = vm.builtins.get_str("property") {
        d.set_str("DynamicClassAttribute", p);
    }
    for (n, f) in [
        ("new_class", new_class as rpvm_object::function::NativeFn),
        ("prepare_class", prepare_class),
        ("resolve_bases", resolve_bases),
        ("coroutine", coroutine),
    ] {
        d.set_str(n, crate::builtin_fn(n, f));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "types".to_string(),
        dict: d,
    }));
    vm.modules.set_str("types", m.clone());
    m
}

// ---- types.UnionType (`int | str`) ----

/// The members of a `X | Y` union, in order, without duplicates.
#[derive(Debug)]
struct Union(Vec<Value>);

const UNION_TYPE: ClassSpec = ClassSpec {
    name: "UnionType",
    module: "types",
    base: None,
    new: Some(union_new),
    dunders: &[
        ("__repr__", union_repr),
        ("__eq__", union_eq),
        ("__hash__", union_hash),
        ("__or__", union_or),
        ("__ror__", union_ror),
        ("__instancecheck__", union_instancecheck),
        ("__subclasscheck__", union_subclasscheck),
    ],
    methods: &[],
    props: &[
        ("__args__", union_args_prop),
        ("__parameters__", union_params),
    ],
};

fn union_new(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("cannot create 'types.UnionType' instances"))
}

/// The members of `v` if it is a `types.UnionType`.
pub fn union_args(v: &Value) -> Option<Vec<Value>> {
    let n = crate::functools::state_of::<Union>(v)?;
    n.as_any()
        .downcast_ref::<crate::functools::State<Union>>()
        .map(|s| s.0 .0.clone())
}

fn unionable(v: &Value) -> bool {
    matches!(v, Value::None | Value::Type(_)) || union_args(v).is_some()
}

/// `a | b` for classes, `None` and unions; `None` if an operand cannot be a union member
/// (so the other operand's `__ror__` or a TypeError follows).
pub fn type_union(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    if !unionable(a) || !unionable(b) {
        return Ok(None);
    }
    let mut members: Vec<Value> = Vec::new();
    for v in [a, b] {
        let items = union_args(v).unwrap_or_else(|| {
            vec![match v {
                Value::None => Value::Type(builtin_types().none.clone()),
                other => other.clone(),
            }]
        });
        for item in items {
            if !members.iter().any(|m| m.is(&item)) {
                members.push(item);
            }
        }
    }
    if members.len() == 1 {
        return Ok(members.pop());
    }
    let cls = class_of(vm, &UNION_TYPE);
    Ok(Some(crate::functools::new_instance(cls, Union(members))))
}

fn self_args(args: &[Value]) -> PyResult<Vec<Value>> {
    args.first()
        .and_then(union_args)
        .ok_or_else(|| type_error("descriptor requires a 'types.UnionType' object"))
}

fn union_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let members = self_args(args)?;
    let none = builtin_types().none.clone();
    let parts: Vec<String> = members
        .iter()
        .map(|m| match m {
            Value::Type(t) if Rc::ptr_eq(t, &none) => "None".to_string(),
            Value::Type(t) if t.module == "builtins" => t.qualname.clone(),
            Value::Type(t) => format!("{}.{}", t.module, t.qualname),
            _ => "?".to_string(),
        })
        .collect();
    Ok(Value::string(parts.join(" | ")))
}

fn union_eq(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = self_args(args)?;
    let Some(b) = args.get(1).and_then(union_args) else {
        return Ok(Value::NotImplemented);
    };
    let same = a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| x.is(y)));
    Ok(Value::Bool(same))
}

fn union_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut h: i64 = 0x5f3a_91c7;
    for m in self_args(args)? {
        h ^= hash_value(vm, &m)?;
    }
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

fn union_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [a, b] => Ok(type_union(vm, a, b)?.unwrap_or(Value::NotImplemented)),
        _ => Err(type_error("__or__ expected 1 argument")),
    }
}

fn union_ror(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [a, b] => Ok(type_union(vm, b, a)?.unwrap_or(Value::NotImplemented)),
        _ => Err(type_error("__ror__ expected 1 argument")),
    }
}

fn union_instancecheck(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let members = self_args(args)?;
    let obj = args.get(1).cloned().unwrap_or(Value::None);
    for m in &members {
        if crate::introspection::is_instance(vm, &obj, m)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn union_subclasscheck(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let members = self_args(args)?;
    let cls = args.get(1).cloned().unwrap_or(Value::None);
    for m in &members {
        if crate::introspection::is_subclass(vm, &cls, m)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn union_args_prop(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(self_args(args)?))
}

fn union_params(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(vec![]))
}

/// `types.UnionType`.
pub fn union_type(vm: &mut Vm) -> Value {
    Value::Type(class_of(vm, &UNION_TYPE))
}

// ---- MappingProxyType ----

/// A read-only view of a mapping.
#[derive(Debug)]
struct Proxy(Value);

const MAPPING_PROXY: ClassSpec = ClassSpec {
    name: "mappingproxy",
    module: "builtins",
    base: None,
    new: Some(proxy_new),
    dunders: &[
        ("__getitem__", proxy_getitem),
        ("__len__", proxy_len),
        ("__iter__", proxy_iter),
        ("__contains__", proxy_contains),
        ("__repr__", proxy_repr),
        ("__str__", proxy_str),
        ("__eq__", proxy_eq),
        ("__or__", proxy_or),
        ("__reversed__", proxy_reversed),
    ],
    methods: &[
        ("get", proxy_get),
        ("keys", proxy_keys),
        ("values", proxy_values),
        ("items", proxy_items),
        ("copy", proxy_copy),
    ],
    props: &[],
};

fn proxy_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if !kws.is_empty() || pos.len() != 2 {
        return Err(type_error(format!(
            "mappingproxy() takes exactly one argument ({} given)",
            pos.len().saturating_sub(1) + kws.len()
        )));
    }
    let Value::Type(cls) = &pos[0] else {
        return Err(type_error(
            "mappingproxy.__new__(X): X is not a type object",
        ));
    };
    let m = pos[1].clone();
    let is_mapping = matches!(m, Value::Dict(_))
        || (!matches!(m, Value::List(_) | Value::Tuple(_))
            && rpvm_object::protocols::attr::get_attr(vm, &m, "keys").is_ok()
            && rpvm_object::protocols::attr::get_attr(vm, &m, "__getitem__").is_ok());
    if !is_mapping {
        return Err(type_error(format!(
            "mappingproxy() argument must be a mapping, not {}",
            rpvm_object::protocols::type_name(&m)
        )));
    }
    Ok(crate::functools::new_instance(cls.clone(), Proxy(m)))
}

fn target(args: &[Value]) -> PyResult<Value> {
    let n = args
        .first()
        .and_then(crate::functools::state_of::<Proxy>)
        .ok_or_else(|| type_error("descriptor requires a 'mappingproxy' object"))?;
    Ok(n.as_any()
        .downcast_ref::<crate::functools::State<Proxy>>()
        .map(|s| s.0 .0.clone())
        .unwrap_or(Value::None))
}

fn forward(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let m = target(args)?;
    let f = rpvm_object::protocols::attr::get_attr(vm, &m, name)?;
    rpvm_object::protocols::call::call(vm, &f, crate::args::rest(args, 1), &[])
}

fn proxy_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    let key = args.get(1).cloned().unwrap_or(Value::None);
    rpvm_object::protocols::subscript::get_item(vm, &m, &key)
}

fn proxy_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "__len__")
}

fn proxy_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    rpvm_object::protocols::iter::get_iter(vm, &m)
}

fn proxy_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "__reversed__")
}

fn proxy_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, args, "__contains__")
}

fn proxy_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    Ok(Value::string(format!("mappingproxy({})", repr(vm, &m)?)))
}

fn proxy_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    Ok(Value::string(rpvm_object::protocols::repr::str_(vm, &m)?))
}

fn proxy_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    let other = args.get(1).cloned().unwrap_or(Value::None);
    rpvm_object::protocols::compare::rich_compare(
        vm,
        &m,
        &other,
        rpvm_object::protocols::compare::CompareOp::Eq,
    )
}

fn proxy_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = target(args)?;
    let other = args.get(1).cloned().unwrap_or(Value::None);
    let other = match crate::functools::state_of::<Proxy>(&other) {
        Some(_) => target(&[other])?,
        None => other,
    };
    rpvm_object::protocols::arith::binary_op(
        vm,
        rpvm_object::protocols::arith::BinOp::Or,
        &m,
        &other,
        false,
    )
}

fn proxy_get(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, args, "get")
}

fn proxy_keys(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "keys")
}

fn proxy_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "values")
}

fn proxy_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "items")
}

fn proxy_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    forward(vm, crate::args::first(args, 1), "copy")
}

// ---- GenericAlias (list[int] is the class itself in rpvm) ----

const GENERIC_ALIAS: ClassSpec = ClassSpec {
    name: "GenericAlias",
    module: "types",
    base: None,
    new: Some(generic_alias_new),
    dunders: &[],
    methods: &[],
    props: &[],
};

fn generic_alias_new(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [_, origin, _] => Ok(origin.clone()),
        _ => Err(type_error("GenericAlias expected 2 arguments")),
    }
}

// ---- new_class, prepare_class, resolve_bases, coroutine ----

/// `types.resolve_bases(bases)`: `__mro_entries__` of non-class bases.
fn resolve_bases(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("resolve_bases", args, kw, &["bases"], 1, 1)?;
    let bases = a[0].clone().unwrap_or(Value::None);
    resolve(vm, &bases)
}

fn resolve(vm: &mut Vm, bases: &Value) -> PyResult<Value> {
    let items = rpvm_object::protocols::iter::collect(vm, bases)?;
    let mut out = Vec::with_capacity(items.len());
    let mut changed = false;
    for b in &items {
        if matches!(b, Value::Type(_)) {
            out.push(b.clone());
            continue;
        }
        match rpvm_object::protocols::attr::get_attr(vm, b, "__mro_entries__") {
            Ok(f) => {
                let r =
                    rpvm_object::protocols::call::call(vm, &f, std::slice::from_ref(bases), &[])?;
                let Value::Tuple(t) = r else {
                    return Err(type_error("__mro_entries__ must return a tuple"));
                };
                out.extend(t.as_slice().iter().cloned());
                changed = true;
            }
            Err(_) => out.push(b.clone()),
        }
    }
    if !changed {
        if let Value::Tuple(_) = bases {
            return Ok(bases.clone());
        }
    }
    Ok(Value::tuple(out))
}

/// The metaclass, namespace and remaining keywords of a class statement.
fn prepare(
    vm: &mut Vm,
    name: &Value,
    bases: &Value,
    kwds: &Value,
) -> PyResult<(Value, Value, Value)> {
    let kw = Rc::new(PyDict::new());
    if let Value::Dict(d) = kwds {
        for (k, v) in d.items() {
            let h = hash_value(vm, &k)?;
            kw.insert_hashed(k, h, v);
        }
    }
    let explicit = kw.get_str("metaclass");
    let base_items = rpvm_object::protocols::iter::collect(vm, bases)?;
    let mut meta = match &explicit {
        Some(m) => {
            let k = Value::str("metaclass");
            let h = hash_value(vm, &k)?;
            kw.remove_hashed(&k, h);
            m.clone()
        }
        None => match base_items.first() {
            Some(b) => Value::Type(rpvm_object::protocols::type_of(b)),
            None => Value::Type(builtin_types().type_.clone()),
        },
    };
    // The most derived metaclass among the bases' (as `type.__new__` computes it).
    if let Value::Type(m) = &meta {
        let mut winner = m.clone();
        for b in &base_items {
            let bt = rpvm_object::protocols::type_of(b);
            if bt.is_subtype(&winner) {
                winner = bt;
            } else if !winner.is_subtype(&bt) {
                return Err(type_error(
                    "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                ));
            }
        }
        meta = Value::Type(winner);
    }
    let ns = match rpvm_object::protocols::attr::get_attr(vm, &meta, "__prepare__") {
        Ok(p) => {
            let mut cargs = vec![name.clone(), bases.clone()];
            let mut names = Vec::new();
            for (k, v) in kw.items() {
                cargs.push(v);
                names.push(k);
            }
            rpvm_object::protocols::call::call(vm, &p, &cargs, &names)?
        }
        Err(_) => Value::Dict(Rc::new(PyDict::new())),
    };
    Ok((meta, ns, Value::Dict(kw)))
}

fn prepare_class(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("prepare_class", args, kw, &["name", "bases", "kwds"], 0, 1)?;
    let name = a[0].clone().unwrap_or(Value::None);
    let bases = a[1].clone().unwrap_or_else(|| Value::tuple(vec![]));
    let kwds = a[2].clone().unwrap_or(Value::None);
    let (m, ns, k) = prepare(vm, &name, &bases, &kwds)?;
    Ok(Value::tuple(vec![m, ns, k]))
}

/// `types.new_class(name, bases=(), kwds=None, exec_body=None)`.
fn new_class(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "new_class",
        args,
        kw,
        &["name", "bases", "kwds", "exec_body"],
        0,
        1,
    )?;
    let name = a[0].clone().unwrap_or(Value::None);
    let orig_bases = a[1].clone().unwrap_or_else(|| Value::tuple(vec![]));
    let kwds = a[2].clone().unwrap_or(Value::None);
    let resolved = resolve(vm, &orig_bases)?;
    let (meta, ns, kwds) = prepare(vm, &name, &resolved, &kwds)?;
    if let Some(body) = &a[3] {
        if !matches!(body, Value::None) {
            rpvm_object::protocols::call::call(vm, body, std::slice::from_ref(&ns), &[])?;
        }
    }
    if !resolved.is(&orig_bases) {
        rpvm_object::protocols::subscript::set_item(
            vm,
            &ns,
            &Value::str("__orig_bases__"),
            orig_bases.clone(),
        )?;
    }
    let mut cargs = vec![name, resolved, ns];
    let mut names = Vec::new();
    if let Value::Dict(d) = &kwds {
        for (k, v) in d.items() {
            cargs.push(v);
            names.push(k);
        }
    }
    rpvm_object::protocols::call::call(vm, &meta, &cargs, &names)
}

/// `types.coroutine(func)`: generator-based coroutines are awaitable as they are here.
fn coroutine(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("coroutine", args, kw, &["func"], 1, 1)?;
    Ok(a[0].clone().unwrap_or(Value::None))
}
