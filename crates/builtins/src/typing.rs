//! The `typing` module, enough for annotations evaluated at run time: the special forms
//! and generic aliases (`List`, `Optional`, ...) are subscriptable placeholders,
//! `TypeVar` / `ParamSpec` are callable, `Generic` / `Protocol` are subclassable (and
//! `Generic[T]` is `Generic` itself), `TypedDict` is a `dict` subclass, and the
//! decorators (`overload`, `final`, ...) return their argument.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::repr::repr;
use rpvm_object::typeobj::builtin_types;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, new_instance, split, with_state, ClassSpec};

/// `typing.X` and `typing.X[args]`: a named, subscriptable placeholder.
#[derive(Debug)]
struct Form(String);

const SPECIAL_FORM: ClassSpec = ClassSpec {
    name: "_SpecialForm",
    module: "typing",
    base: None,
    new: None,
    dunders: &[
        ("__getitem__", form_getitem),
        ("__repr__", form_repr),
        ("__call__", form_call),
        ("__or__", form_or),
        ("__ror__", form_ror),
    ],
    methods: &[],
    props: &[("_name", form_name)],
};

/// How a type argument is shown in an alias's repr (as `typing._type_repr` does).
fn type_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Type(t) if t.module == "builtins" => Ok(t.qualname.clone()),
        Value::Type(t) => Ok(format!("{}.{}", t.module, t.qualname)),
        Value::None => Ok("None".to_string()),
        Value::Ellipsis => Ok("...".to_string()),
        Value::List(l) => {
            let mut parts = Vec::new();
            for x in l.snapshot() {
                parts.push(type_repr(vm, &x)?);
            }
            Ok(format!("[{}]", parts.join(", ")))
        }
        _ => repr(vm, v),
    }
}

fn form_str(v: &Value) -> PyResult<String> {
    with_state::<Form, _>(v, "_SpecialForm", |f| f.0.clone())
}

fn form(vm: &mut Vm, name: String) -> Value {
    let cls = class_of(vm, &SPECIAL_FORM);
    new_instance(cls, Form(name))
}

fn form_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, key] = args else {
        return Err(type_error("__getitem__ expected 1 argument"));
    };
    let name = form_str(this)?;
    let items = match key {
        Value::Tuple(t) => t.as_slice().to_vec(),
        other => vec![other.clone()],
    };
    let mut parts = Vec::new();
    for x in &items {
        parts.push(type_repr(vm, x)?);
    }
    let inner = if parts.is_empty() {
        "()".to_string()
    } else {
        parts.join(", ")
    };
    Ok(form(vm, format!("{name}[{inner}]")))
}

fn form_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::string(form_str(crate::args::arg(args, 0)?)?))
}

fn form_name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = form_str(crate::args::arg(args, 0)?)?;
    let s = s.strip_prefix("typing.").unwrap_or(&s);
    Ok(Value::string(s.split('[').next().unwrap_or("").to_string()))
}

fn form_call(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error(format!(
        "Cannot instantiate {}",
        form_str(crate::args::arg(args, 0)?)?
    )))
}

fn form_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = type_repr(vm, crate::args::arg(args, 0)?)?;
    let b = type_repr(vm, crate::args::arg(args, 1)?)?;
    Ok(form(vm, format!("typing.Union[{a}, {b}]")))
}

fn form_ror(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = type_repr(vm, crate::args::arg(args, 1)?)?;
    let b = type_repr(vm, crate::args::arg(args, 0)?)?;
    Ok(form(vm, format!("typing.Union[{a}, {b}]")))
}

// ---- TypeVar / ParamSpec ----

#[derive(Debug)]
struct TypeVarState {
    name: String,
    prefix: char,
    bound: Value,
    constraints: Vec<Value>,
}

const TYPEVAR: ClassSpec = ClassSpec {
    name: "TypeVar",
    module: "typing",
    base: None,
    new: Some(typevar_new),
    dunders: &[
        ("__repr__", typevar_repr),
        ("__or__", form_or),
        ("__ror__", form_ror),
    ],
    methods: &[],
    props: &[
        ("__name__", typevar_name),
        ("__bound__", typevar_bound),
        ("__constraints__", typevar_constraints),
    ],
};

const PARAMSPEC: ClassSpec = ClassSpec {
    name: "ParamSpec",
    module: "typing",
    base: None,
    new: Some(typevar_new),
    dunders: &[("__repr__", typevar_repr)],
    methods: &[],
    props: &[("__name__", typevar_name)],
};

fn typevar_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let cls = match pos.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, &TYPEVAR),
    };
    let name = match pos.get(1).and_then(|v| v.as_str()) {
        Some(s) => s.to_string(),
        None => {
            return Err(type_error(
                "TypeVar.__init__() missing 1 required positional argument: 'name'",
            ))
        }
    };
    let mut prefix = '~';
    let mut bound = Value::None;
    for (k, v) in &kws {
        let truthy = matches!(v, Value::Bool(true));
        match k.as_str() {
            Some("covariant") if truthy => prefix = '+',
            Some("contravariant") if truthy => prefix = '-',
            Some("bound") => bound = v.clone(),
            _ => {}
        }
    }
    let constraints = pos[2..].to_vec();
    Ok(new_instance(
        cls,
        TypeVarState {
            name,
            prefix,
            bound,
            constraints,
        },
    ))
}

fn typevar_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<TypeVarState, _>(crate::args::arg(args, 0)?, "TypeVar", |t| {
        Value::string(format!("{}{}", t.prefix, t.name))
    })
}

fn typevar_name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<TypeVarState, _>(crate::args::arg(args, 0)?, "TypeVar", |t| {
        Value::string(t.name.clone())
    })
}

fn typevar_bound(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<TypeVarState, _>(crate::args::arg(args, 0)?, "TypeVar", |t| t.bound.clone())
}

fn typevar_constraints(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<TypeVarState, _>(crate::args::arg(args, 0)?, "TypeVar", |t| {
        Value::tuple(t.constraints.clone())
    })
}

// ---- NewType ----

#[derive(Debug)]
struct NewTypeState {
    name: String,
    supertype: Value,
}

const NEWTYPE: ClassSpec = ClassSpec {
    name: "NewType",
    module: "typing",
    base: None,
    new: Some(newtype_new),
    dunders: &[("__call__", newtype_call), ("__repr__", newtype_repr)],
    methods: &[],
    props: &[("__name__", newtype_name), ("__supertype__", newtype_super)],
};

fn newtype_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, _) = split(args, kw);
    let cls = match pos.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, &NEWTYPE),
    };
    let name = pos
        .get(1)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let supertype = pos.get(2).cloned().unwrap_or(Value::None);
    Ok(new_instance(cls, NewTypeState { name, supertype }))
}

fn newtype_call(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [_, x] => Ok(x.clone()),
        _ => Err(type_error("NewType.__call__() takes exactly one argument")),
    }
}

fn newtype_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<NewTypeState, _>(crate::args::arg(args, 0)?, "NewType", |t| {
        Value::string(format!("__main__.{}", t.name))
    })
}

fn newtype_name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<NewTypeState, _>(crate::args::arg(args, 0)?, "NewType", |t| {
        Value::string(t.name.clone())
    })
}

fn newtype_super(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<NewTypeState, _>(crate::args::arg(args, 0)?, "NewType", |t| {
        t.supertype.clone()
    })
}

// ---- Generic / Protocol / TypedDict ----

fn class_getitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn init_subclass(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

const GENERIC: ClassSpec = ClassSpec {
    name: "Generic",
    module: "typing",
    base: None,
    new: None,
    dunders: &[
        ("__class_getitem__", class_getitem),
        ("__init_subclass__", init_subclass),
    ],
    methods: &[],
    props: &[],
};

const PROTOCOL: ClassSpec = ClassSpec {
    name: "Protocol",
    module: "typing",
    base: None,
    new: None,
    dunders: &[
        ("__class_getitem__", class_getitem),
        ("__init_subclass__", init_subclass),
    ],
    methods: &[],
    props: &[],
};

// ---- NamedTuple ----

const NT_PROHIBITED: &[&str] = &[
    "__new__",
    "__init__",
    "__slots__",
    "__getnewargs__",
    "_fields",
    "_field_defaults",
    "_make",
    "_replace",
    "_asdict",
    "_source",
];

/// `collections.namedtuple(name, fields, defaults=..., module=...)`.
fn make_nt(
    vm: &mut Vm,
    name: Value,
    fields: Vec<Value>,
    defaults: Vec<Value>,
    module: Value,
) -> PyResult<Value> {
    crate::collections::namedtuple(
        vm,
        &[name, Value::list(fields), Value::list(defaults), module],
        &[Value::str("defaults"), Value::str("module")],
    )
}

/// `NamedTupleMeta.__new__(mcls, name, bases, ns)`: `class P(NamedTuple)` becomes a
/// `collections.namedtuple` class with the annotated fields, their defaults, and the
/// other attributes of the body.
fn nt_meta_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let npos = args.len() - kw.len();
    let [_, name, _, Value::Dict(ns)] = &args[..npos] else {
        return Err(type_error("NamedTupleMeta.__new__() takes 3 arguments"));
    };
    let ann = match ns.get_str("__annotations__") {
        Some(Value::Dict(d)) => d,
        _ => Rc::new(PyDict::new()),
    };
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut default_names: Vec<String> = Vec::new();
    for k in ann.keys() {
        let Some(f) = k.as_str() else { continue };
        match ns.get_str(f) {
            Some(v) => {
                default_names.push(f.to_string());
                defaults.push(v);
            }
            None => {
                if !default_names.is_empty() {
                    let s = if default_names.len() > 1 { "s" } else { "" };
                    return Err(type_error(format!(
                        "Non-default namedtuple field {f} cannot follow default field{s} {}",
                        default_names.join(", ")
                    )));
                }
            }
        }
        fields.push(k.clone());
    }
    let module = ns.get_str("__module__").unwrap_or(Value::str("__main__"));
    let cls = make_nt(vm, name.clone(), fields.clone(), defaults, module)?;
    for (k, v) in ns.items() {
        let Some(key) = k.as_str() else { continue };
        if NT_PROHIBITED.contains(&key) {
            return Err(rpvm_object::exception::PyException::with_message(
                "AttributeError",
                format!("Cannot overwrite NamedTuple attribute {key}"),
            ));
        }
        if matches!(key, "__module__" | "__name__" | "__annotations__")
            || fields.iter().any(|f| f.as_str() == Some(key))
        {
            continue;
        }
        rpvm_object::protocols::attr::set_attr(vm, &cls, key, v)?;
    }
    rpvm_object::protocols::attr::set_attr(vm, &cls, "__annotations__", Value::Dict(ann))?;
    Ok(cls)
}

/// `NamedTuple('P', [('x', int), ...])` or `NamedTuple('P', x=int)`.
fn nt_meta_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let Some(name) = pos.first().cloned() else {
        return Err(type_error(
            "NamedTuple.__new__() missing 1 required positional argument: 'typename'",
        ));
    };
    let mut fields = Vec::new();
    let ann = Rc::new(PyDict::new());
    let mut add = |vm: &mut Vm, f: Value, t: Value| -> PyResult<()> {
        let h = rpvm_object::protocols::hash::hash_value(vm, &f)?;
        ann.insert_hashed(f.clone(), h, t);
        fields.push(f);
        Ok(())
    };
    match pos.get(1) {
        Some(spec) if !spec.is_none() => {
            for item in rpvm_object::protocols::iter::collect(vm, spec)? {
                let pair = rpvm_object::protocols::iter::collect(vm, &item)?;
                let [f, t] = &pair[..] else {
                    return Err(type_error("NamedTuple fields must be (name, type) pairs"));
                };
                add(vm, f.clone(), t.clone())?;
            }
        }
        _ => {
            for (k, v) in kws {
                add(vm, k, v)?;
            }
        }
    }
    let cls = make_nt(vm, name, fields, Vec::new(), Value::str("__main__"))?;
    rpvm_object::protocols::attr::set_attr(vm, &cls, "__annotations__", Value::Dict(ann))?;
    Ok(cls)
}

const NT_META: ClassSpec = ClassSpec {
    name: "NamedTupleMeta",
    module: "typing",
    base: None,
    new: Some(nt_meta_new),
    dunders: &[("__call__", nt_meta_call)],
    methods: &[],
    props: &[],
};

fn named_tuple_class(vm: &mut Vm) -> Value {
    let meta = class_of(
        vm,
        &ClassSpec {
            base: Some(builtin_types().type_.clone()),
            ..NT_META
        },
    );
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("typing"));
    ns.set_str("__qualname__", Value::str("NamedTuple"));
    match rpvm_object::subclass::new_class(
        vm,
        Some(meta),
        &[
            Value::str("NamedTuple"),
            Value::tuple(vec![]),
            Value::Dict(ns),
        ],
        &[],
    ) {
        Ok(v) => v,
        Err(_) => Value::None,
    }
}

// ---- functions ----

fn identity(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(v) => Ok(v.clone()),
        None => Err(type_error("expected 1 argument")),
    }
}

fn cast(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if let Some(v) = pos.get(1) {
        return Ok(v.clone());
    }
    for (k, v) in kws {
        if k.as_str() == Some("val") {
            return Ok(v);
        }
    }
    Err(type_error(
        "cast() missing 1 required positional argument: 'val'",
    ))
}

fn get_type_hints(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(obj) = args.first() else {
        return Err(type_error("get_type_hints() missing 1 required argument"));
    };
    match get_attr(vm, obj, "__annotations__") {
        Ok(Value::Dict(d)) => Ok(Value::Dict(Rc::new(d.copy()))),
        _ => Ok(Value::Dict(Rc::new(PyDict::new()))),
    }
}

fn get_origin(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn get_args(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(vec![]))
}

fn assert_never(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let r = match args.first() {
        Some(v) => repr(vm, v)?,
        None => String::new(),
    };
    Err(rpvm_object::exception::PyException::with_message(
        "AssertionError",
        format!("Expected code to be unreachable, but got: {r}"),
    ))
}

const FORMS: &[&str] = &[
    "Any",
    "Optional",
    "Union",
    "List",
    "Dict",
    "Tuple",
    "Set",
    "FrozenSet",
    "Callable",
    "Iterable",
    "Iterator",
    "Generator",
    "Sequence",
    "MutableSequence",
    "Mapping",
    "MutableMapping",
    "AbstractSet",
    "MutableSet",
    "Type",
    "Literal",
    "Final",
    "ClassVar",
    "NoReturn",
    "Never",
    "Self",
    "LiteralString",
    "Awaitable",
    "Coroutine",
    "AsyncIterator",
    "AsyncIterable",
    "AsyncGenerator",
    "IO",
    "TextIO",
    "BinaryIO",
    "Collection",
    "Container",
    "Hashable",
    "Sized",
    "Reversible",
    "DefaultDict",
    "OrderedDict",
    "Counter",
    "Deque",
    "ChainMap",
    "Annotated",
    "Concatenate",
    "TypeAlias",
    "TypeGuard",
    "Required",
    "NotRequired",
    "Unpack",
    "Pattern",
    "Match",
    "KeysView",
    "ValuesView",
    "ItemsView",
    "MappingView",
    "ContextManager",
    "AsyncContextManager",
    "SupportsInt",
    "SupportsFloat",
    "SupportsComplex",
    "SupportsBytes",
    "SupportsIndex",
    "SupportsAbs",
    "SupportsRound",
    "ByteString",
];

/// Creates the `typing` module (also registered in `vm.modules`).
pub fn make_typing(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("typing"));
    for name in FORMS {
        let f = form(vm, format!("typing.{name}"));
        d.set_str(name, f);
    }
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("cast", cast),
        ("overload", identity),
        ("final", identity),
        ("no_type_check", identity),
        ("runtime_checkable", identity),
        ("dataclass_transform", identity),
        ("reveal_type", identity),
        ("assert_type", identity),
        ("get_type_hints", get_type_hints),
        ("get_origin", get_origin),
        ("get_args", get_args),
        ("assert_never", assert_never),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let tv = class_of(vm, &TYPEVAR);
    d.set_str("TypeVar", Value::Type(tv.clone()));
    d.set_str("ParamSpec", Value::Type(class_of(vm, &PARAMSPEC)));
    d.set_str("TypeVarTuple", Value::Type(class_of(vm, &PARAMSPEC)));
    d.set_str("NewType", Value::Type(class_of(vm, &NEWTYPE)));
    d.set_str("Generic", Value::Type(class_of(vm, &GENERIC)));
    d.set_str("Protocol", Value::Type(class_of(vm, &PROTOCOL)));
    let nt = named_tuple_class(vm);
    d.set_str("NamedTuple", nt);
    let typed_dict = ClassSpec {
        name: "TypedDict",
        module: "typing",
        base: Some(builtin_types().dict.clone()),
        new: None,
        dunders: &[("__init_subclass__", init_subclass)],
        methods: &[],
        props: &[],
    };
    d.set_str("TypedDict", Value::Type(class_of(vm, &typed_dict)));
    let t = builtin_types();
    d.set_str("Text", Value::Type(t.str_.clone()));
    d.set_str("TYPE_CHECKING", Value::Bool(false));
    let any_str = new_instance(
        tv,
        TypeVarState {
            name: "AnyStr".to_string(),
            prefix: '~',
            bound: Value::None,
            constraints: vec![Value::Type(t.bytes.clone()), Value::Type(t.str_.clone())],
        },
    );
    d.set_str("AnyStr", any_str);
    let m = Value::Module(Rc::new(PyModule {
        name: "typing".to_string(),
        dict: d,
    }));
    vm.modules.set_str("typing", m.clone());
    m
}
