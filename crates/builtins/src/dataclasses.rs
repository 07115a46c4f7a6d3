//! The `dataclasses` module: `dataclass`, `field`, `fields`, `asdict`, `astuple`,
//! `replace`, `is_dataclass`, `FrozenInstanceError`, `MISSING`, `InitVar`, `KW_ONLY`.
//!
//! `__dataclass_fields__` holds the `Field`s of the class with CPython's `_field_type`
//! (`_FIELD`, `_FIELD_INITVAR`, `_FIELD_CLASSVAR`); `fields()` returns the first kind.
//!
//! The decorator installs built-in functions as dunders; they find the field list through
//! `type(self).__dataclass_fields__` and the options through `__dataclass_params__`.

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyErr, PyException, PyResult};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{generic_set_attr, get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_of;
use rpvm_object::typeobj::{exception_type, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, split, ClassSpec};

thread_local! {
    static MISSING: RefCell<Option<Value>> = const { RefCell::new(None) };
    static FROZEN_ERR: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
    static REPR_ACTIVE: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

const FIELD: ClassSpec = ClassSpec {
    name: "Field",
    module: "dataclasses",
    base: None,
    new: None,
    dunders: &[("__repr__", field_repr)],
    methods: &[],
    props: &[],
};

const MISSING_TYPE: ClassSpec = ClassSpec {
    name: "_MISSING_TYPE",
    module: "dataclasses",
    base: None,
    new: None,
    dunders: &[],
    methods: &[],
    props: &[],
};

const PARAMS: ClassSpec = ClassSpec {
    name: "_DataclassParams",
    module: "dataclasses",
    base: None,
    new: None,
    dunders: &[("__repr__", params_repr)],
    methods: &[],
    props: &[],
};

fn field_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 0)?;
    let mut out = String::from("Field(");
    for n in [
        "name",
        "type",
        "default",
        "default_factory",
        "init",
        "repr",
        "hash",
        "compare",
        "metadata",
        "kw_only",
    ] {
        let v = fattr(f, n);
        let r = repr(vm, &v)?;
        if n == "metadata" {
            out.push_str(&format!("{n}=mappingproxy({r}),"));
        } else {
            out.push_str(&format!("{n}={r},"));
        }
    }
    let ft = fattr(f, "_field_type");
    out.push_str(&format!("_field_type={})", ft.as_str().unwrap_or("_FIELD")));
    Ok(Value::string(out))
}

const INITVAR: ClassSpec = ClassSpec {
    name: "InitVar",
    module: "dataclasses",
    base: None,
    new: None,
    dunders: &[
        ("__init__", initvar_init),
        ("__repr__", initvar_repr),
        ("__class_getitem__", initvar_getitem),
    ],
    methods: &[],
    props: &[],
};

fn initvar_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("InitVar", crate::args::rest(args, 1), kw, &["type"], 0, 1)?;
    set_attr(
        vm,
        crate::args::arg(args, 0)?,
        "type",
        a[0].clone().unwrap_or(Value::None),
    )?;
    Ok(Value::None)
}

fn initvar_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let t = get_attr(vm, crate::args::arg(args, 0)?, "type")?;
    let name = match &t {
        Value::Type(t) => t.name.clone(),
        other => repr(vm, other)?,
    };
    Ok(Value::string(format!("dataclasses.InitVar[{name}]")))
}

fn initvar_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = class_of(vm, &INITVAR);
    call(
        vm,
        &Value::Type(cls),
        crate::args::first(crate::args::rest(args, 1), 1),
        &[],
    )
}

const KW_ONLY_TYPE: ClassSpec = ClassSpec {
    name: "_KW_ONLY_TYPE",
    module: "dataclasses",
    base: None,
    new: None,
    dunders: &[],
    methods: &[],
    props: &[],
};

thread_local! {
    static KW_ONLY: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn kw_only_marker(vm: &mut Vm) -> Value {
    if let Some(m) = KW_ONLY.with(|m| m.borrow().clone()) {
        return m;
    }
    let cls = class_of(vm, &KW_ONLY_TYPE);
    let v = Value::Instance(PyInstance::new(cls, None));
    KW_ONLY.with(|m| *m.borrow_mut() = Some(v.clone()));
    v
}

fn is_kw_only_ann(vm: &mut Vm, ann: &Value) -> bool {
    if let Some(s) = ann.as_str() {
        let s = s.trim();
        return s == "KW_ONLY" || s == "dataclasses.KW_ONLY";
    }
    let m = kw_only_marker(vm);
    matches!((ann, &m), (Value::Instance(a), Value::Instance(b)) if Rc::ptr_eq(a, b))
}

fn is_initvar_ann(vm: &mut Vm, ann: &Value) -> bool {
    if let Some(s) = ann.as_str() {
        let s = s.trim();
        return s == "InitVar"
            || s.starts_with("InitVar[")
            || s == "dataclasses.InitVar"
            || s.starts_with("dataclasses.InitVar[");
    }
    let cls = class_of(vm, &INITVAR);
    match ann {
        Value::Type(t) => Rc::ptr_eq(t, &cls),
        other => type_of(other).is_subtype(&cls),
    }
}

fn params_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut parts = Vec::new();
    for n in ["init", "repr", "eq", "order", "unsafe_hash", "frozen"] {
        let v = fattr(crate::args::arg(args, 0)?, n);
        parts.push(format!("{n}={}", repr(vm, &v)?));
    }
    Ok(Value::str(&format!(
        "_DataclassParams({})",
        parts.join(",")
    )))
}

fn missing(vm: &mut Vm) -> Value {
    if let Some(m) = MISSING.with(|m| m.borrow().clone()) {
        return m;
    }
    let cls = class_of(vm, &MISSING_TYPE);
    let v = Value::Instance(PyInstance::new(cls, None));
    MISSING.with(|m| *m.borrow_mut() = Some(v.clone()));
    v
}

fn is_missing(vm: &mut Vm, v: &Value) -> bool {
    let m = missing(vm);
    match (v, &m) {
        (Value::Instance(a), Value::Instance(b)) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

fn frozen_error_class() -> Rc<PyType> {
    if let Some(t) = FROZEN_ERR.with(|f| f.borrow().clone()) {
        return t;
    }
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("dataclasses"));
    let t = rpvm_object::subclass::make_class(
        "FrozenInstanceError",
        vec![exception_type("AttributeError")],
        ns,
        None,
    )
    .expect("FrozenInstanceError");
    FROZEN_ERR.with(|f| *f.borrow_mut() = Some(t.clone()));
    t
}

fn frozen_error(msg: String) -> PyErr {
    PyException::new(frozen_error_class(), vec![Value::str(&msg)])
}

/// `_FIELD`, `_FIELD_INITVAR` or `_FIELD_CLASSVAR`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Field,
    InitVar,
    ClassVar,
}

/// What the generated methods need to know about one field.
struct FieldInfo {
    name: String,
    kind: Kind,
    kw_only: bool,
    default: Option<Value>,
    factory: Option<Value>,
    init: bool,
    repr: bool,
    compare: bool,
    hash: Value,
}

fn is_field(vm: &mut Vm, v: &Value) -> bool {
    let cls = class_of(vm, &FIELD);
    matches!(v, Value::Instance(i) if Rc::ptr_eq(&i.class.borrow(), &cls))
}

fn new_field(vm: &mut Vm, items: &[(&str, Value)]) -> Value {
    let cls = class_of(vm, &FIELD);
    let inst = PyInstance::new(cls, None);
    for (k, v) in items {
        inst.dict.set_str(k, v.clone());
    }
    Value::Instance(inst)
}

fn fattr(v: &Value, name: &str) -> Value {
    match v {
        Value::Instance(i) => i.dict.get_str(name).unwrap_or(Value::None),
        _ => Value::None,
    }
}

fn field_info(vm: &mut Vm, f: &Value) -> PyResult<FieldInfo> {
    let name = fattr(f, "name").as_str().unwrap_or("").to_string();
    let d = fattr(f, "default");
    let fac = fattr(f, "default_factory");
    let default = if is_missing(vm, &d) { None } else { Some(d) };
    let factory = if is_missing(vm, &fac) {
        None
    } else {
        Some(fac)
    };
    let kind = match fattr(f, "_field_type").as_str() {
        Some("_FIELD_INITVAR") => Kind::InitVar,
        Some("_FIELD_CLASSVAR") => Kind::ClassVar,
        _ => Kind::Field,
    };
    let ko = fattr(f, "kw_only");
    let kw_only = !is_missing(vm, &ko) && is_true(vm, &ko)?;
    Ok(FieldInfo {
        name,
        kind,
        kw_only,
        default,
        factory,
        init: is_true(vm, &fattr(f, "init"))?,
        repr: is_true(vm, &fattr(f, "repr"))?,
        compare: is_true(vm, &fattr(f, "compare"))?,
        hash: fattr(f, "hash"),
    })
}

/// The `Field` objects of a dataclass (type), or `None` if it is not one.
fn field_values(cls: &Rc<PyType>) -> Option<Vec<Value>> {
    match cls.lookup("__dataclass_fields__") {
        Some(Value::Dict(d)) => Some(d.values()),
        _ => None,
    }
}

/// The real fields (no `InitVar`/`ClassVar` pseudo-fields) of `this`'s class.
fn infos_of(vm: &mut Vm, this: &Value) -> PyResult<Vec<FieldInfo>> {
    Ok(all_infos(vm, &type_of(this))?
        .into_iter()
        .filter(|f| f.kind == Kind::Field)
        .collect())
}

fn all_infos(vm: &mut Vm, cls: &Rc<PyType>) -> PyResult<Vec<FieldInfo>> {
    let mut out = Vec::new();
    for f in field_values(cls).unwrap_or_default() {
        out.push(field_info(vm, &f)?);
    }
    Ok(out)
}

fn param(vm: &mut Vm, cls: &Rc<PyType>, name: &str) -> PyResult<bool> {
    match cls.lookup("__dataclass_params__") {
        Some(p) => is_true(vm, &fattr(&p, name)),
        None => Ok(false),
    }
}

// ---- generated methods ----

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn join_names(names: &[String]) -> String {
    let n = names.len();
    match n {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        _ => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn dc_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let cls = type_of(&this);
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let infos: Vec<FieldInfo> = all_infos(vm, &cls)?
        .into_iter()
        .filter(|f| f.kind != Kind::ClassVar)
        .collect();
    let q = format!("{}.__init__()", cls.qualname);
    // Parameters in signature order: positional-or-keyword, then keyword-only.
    let mut params: Vec<&FieldInfo> = infos.iter().filter(|f| f.init && !f.kw_only).collect();
    let n_std = params.len();
    params.extend(infos.iter().filter(|f| f.init && f.kw_only));
    let has_default = |f: &FieldInfo| f.default.is_some() || f.factory.is_some();
    if pos.len() > n_std {
        let required = params[..n_std].iter().filter(|f| !has_default(f)).count();
        let total = n_std + 1;
        let takes = if required == n_std {
            format!("{total} positional argument{}", plural(total))
        } else {
            format!("from {} to {total} positional arguments", required + 1)
        };
        let given = pos.len() + 1;
        let kwonly_given = kws
            .iter()
            .filter(|(k, _)| params[n_std..].iter().any(|f| k.as_str() == Some(&f.name)))
            .count();
        let extra = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {kwonly_given} keyword-only argument{})",
                plural(given),
                plural(kwonly_given)
            )
        } else {
            String::new()
        };
        return Err(type_error(format!(
            "{q} takes {takes} but {given}{extra} {} given",
            if given == 1 && kwonly_given == 0 {
                "was"
            } else {
                "were"
            }
        )));
    }
    let mut slots: Vec<Option<Value>> = vec![None; params.len()];
    for (i, v) in pos.into_iter().enumerate() {
        slots[i] = Some(v);
    }
    for (k, v) in kws {
        let name = k.as_str().unwrap_or("");
        match params.iter().position(|f| f.name == name) {
            Some(i) if slots[i].is_some() => {
                return Err(type_error(format!(
                    "{q} got multiple values for argument '{name}'"
                )))
            }
            Some(i) => slots[i] = Some(v),
            None => {
                return Err(type_error(format!(
                    "{q} got an unexpected keyword argument '{name}'"
                )))
            }
        }
    }
    for (lo, hi, what) in [
        (0, n_std, "positional"),
        (n_std, params.len(), "keyword-only"),
    ] {
        let missing: Vec<String> = params[lo..hi]
            .iter()
            .zip(slots[lo..hi].iter())
            .filter(|(f, s)| s.is_none() && !has_default(f))
            .map(|(f, _)| format!("'{}'", f.name))
            .collect();
        if !missing.is_empty() {
            let n = missing.len();
            return Err(type_error(format!(
                "{q} missing {n} required {what} argument{}: {}",
                plural(n),
                join_names(&missing)
            )));
        }
    }
    let frozen = param(vm, &cls, "frozen")?;
    let slotted = param(vm, &cls, "_slots")?;
    let mut init_vars: Vec<Value> = Vec::new();
    for f in &infos {
        let value = if f.init {
            let i = params.iter().position(|p| p.name == f.name);
            let s = i.and_then(|i| slots[i].take());
            match s {
                Some(v) => v,
                None => match (&f.factory, &f.default) {
                    (Some(fac), _) => call(vm, fac, &[], &[])?,
                    (None, Some(d)) => d.clone(),
                    (None, None) => Value::None,
                },
            }
        } else {
            match (&f.factory, &f.default) {
                (Some(fac), _) => call(vm, fac, &[], &[])?,
                (None, Some(d)) if slotted => d.clone(),
                _ => continue,
            }
        };
        if f.kind == Kind::InitVar {
            init_vars.push(value);
            continue;
        }
        if frozen {
            generic_set_attr(vm, &this, &f.name, value)?;
        } else {
            set_attr(vm, &this, &f.name, value)?;
        }
    }
    if cls.lookup("__post_init__").is_some() {
        let m = get_attr(vm, &this, "__post_init__")?;
        call(vm, &m, &init_vars, &[])?;
    }
    Ok(Value::None)
}

fn dc_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let key = this.ptr().unwrap_or(0);
    if REPR_ACTIVE.with(|r| r.borrow().contains(&key)) {
        return Ok(Value::str("..."));
    }
    REPR_ACTIVE.with(|r| r.borrow_mut().push(key));
    let res = repr_fields(vm, this);
    REPR_ACTIVE.with(|r| {
        let mut r = r.borrow_mut();
        if let Some(i) = r.iter().rposition(|k| *k == key) {
            r.remove(i);
        }
    });
    res
}

fn repr_fields(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let cls = type_of(this);
    let mut parts = Vec::new();
    for f in infos_of(vm, this)? {
        if f.repr {
            let v = get_attr(vm, this, &f.name)?;
            parts.push(format!("{}={}", f.name, repr(vm, &v)?));
        }
    }
    Ok(Value::str(&format!(
        "{}({})",
        cls.qualname,
        parts.join(", ")
    )))
}

fn cmp_tuple(vm: &mut Vm, this: &Value, pred: fn(&FieldInfo) -> bool) -> PyResult<Value> {
    let mut items = Vec::new();
    for f in infos_of(vm, this)? {
        if pred(&f) {
            items.push(get_attr(vm, this, &f.name)?);
        }
    }
    Ok(Value::tuple(items))
}

fn same_class(a: &Value, b: &Value) -> bool {
    Rc::ptr_eq(&type_of(a), &type_of(b))
}

fn compare(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let (a, b) = (crate::args::arg(args, 0)?, crate::args::arg(args, 1)?);
    if !same_class(a, b) {
        return Ok(Value::NotImplemented);
    }
    let ta = cmp_tuple(vm, a, |f| f.compare)?;
    let tb = cmp_tuple(vm, b, |f| f.compare)?;
    rich_compare(vm, &ta, &tb, op)
}

fn dc_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Eq)
}
fn dc_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Lt)
}
fn dc_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Le)
}
fn dc_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Gt)
}
fn dc_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Ge)
}

fn dc_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let mut items = Vec::new();
    for f in infos_of(vm, this)? {
        let use_it = match &f.hash {
            Value::None => f.compare,
            h => is_true(vm, h)?,
        };
        if use_it {
            items.push(get_attr(vm, this, &f.name)?);
        }
    }
    Ok(Value::Int(hash_value(vm, &Value::tuple(items))?))
}

fn frozen_applies(vm: &mut Vm, this: &Value, name: &str) -> PyResult<bool> {
    let cls = type_of(this);
    if cls.dict.get_str("__dataclass_fields__").is_some() && param(vm, &cls, "frozen")? {
        return Ok(true);
    }
    Ok(infos_of(vm, this)?.iter().any(|f| f.name == name))
}

fn dc_setattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let name = crate::args::arg(args, 1)?
        .as_str()
        .unwrap_or("")
        .to_string();
    if frozen_applies(vm, crate::args::arg(args, 0)?, &name)? {
        return Err(frozen_error(format!("cannot assign to field '{name}'")));
    }
    generic_set_attr(
        vm,
        crate::args::arg(args, 0)?,
        &name,
        crate::args::arg(args, 2)?.clone(),
    )?;
    Ok(Value::None)
}

fn dc_delattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let name = crate::args::arg(args, 1)?
        .as_str()
        .unwrap_or("")
        .to_string();
    if frozen_applies(vm, crate::args::arg(args, 0)?, &name)? {
        return Err(frozen_error(format!("cannot delete field '{name}'")));
    }
    if let Value::Instance(i) = crate::args::arg(args, 0)? {
        if i.dict
            .remove_hashed(
                crate::args::arg(args, 1)?,
                rpvm_object::str::hash_str(&name),
            )
            .is_some()
        {
            return Ok(Value::None);
        }
    }
    Err(rpvm_object::exception::attribute_error(format!(
        "'{}' object has no attribute '{name}'",
        type_of(crate::args::arg(args, 0)?).name
    )))
}

// ---- the decorator ----

struct Params {
    init: bool,
    repr: bool,
    eq: bool,
    order: bool,
    unsafe_hash: bool,
    frozen: bool,
    match_args: bool,
    kw_only: bool,
    slots: bool,
}

fn is_classvar(vm: &mut Vm, ann: &Value) -> PyResult<bool> {
    if let Some(s) = ann.as_str() {
        let s = s.trim();
        return Ok(s == "ClassVar"
            || s.starts_with("ClassVar[")
            || s == "typing.ClassVar"
            || s.starts_with("typing.ClassVar["));
    }
    let r = repr(vm, ann)?;
    Ok(r == "typing.ClassVar" || r.starts_with("typing.ClassVar["))
}

fn cannot_overwrite(name: &str, cls: &Rc<PyType>, hint: &str) -> PyErr {
    type_error(format!(
        "Cannot overwrite attribute {name} in class {}{hint}",
        cls.name
    ))
}

fn process_class(vm: &mut Vm, cls_v: &Value, p: &Params) -> PyResult<Value> {
    let Value::Type(cls) = cls_v else {
        return Err(type_error("dataclass() should be called on a class"));
    };
    let cls = cls.clone();
    // Inherited fields, from the most basic class on.
    let fields = Rc::new(PyDict::new());
    for base in cls.mro_tail.iter().rev() {
        if let Some(Value::Dict(d)) = base.dict.get_str("__dataclass_fields__") {
            for (k, v) in d.items() {
                if let Some(s) = k.as_str() {
                    fields.set_str(s, v);
                }
            }
        }
    }
    let anns = match cls.dict.get_str("__annotations__") {
        Some(Value::Dict(d)) => d.items(),
        _ => Vec::new(),
    };
    let miss = missing(vm);
    let mut kw_only_seen: Option<String> = None;
    for (k, ty) in anns {
        let Some(name) = k.as_str().map(str::to_string) else {
            continue;
        };
        if is_kw_only_ann(vm, &ty) {
            if let Some(prev) = &kw_only_seen {
                let _ = prev;
                return Err(type_error(format!(
                    "'{name}' is KW_ONLY, but KW_ONLY has already been specified"
                )));
            }
            kw_only_seen = Some(name);
            continue;
        }
        let kind = if is_classvar(vm, &ty)? {
            "_FIELD_CLASSVAR"
        } else if is_initvar_ann(vm, &ty) {
            "_FIELD_INITVAR"
        } else {
            "_FIELD"
        };
        let class_kw_only = p.kw_only || kw_only_seen.is_some();
        let default = cls.dict.get_str(&name);
        let f = match &default {
            Some(d) if is_field(vm, d) => {
                if let Value::Instance(i) = d {
                    i.dict.set_str("name", Value::str(&name));
                    i.dict.set_str("type", ty.clone());
                }
                let fd = fattr(d, "default");
                if is_missing(vm, &fd) {
                    cls.dict
                        .remove_hashed(&k, rpvm_object::str::hash_str(&name));
                } else {
                    cls.dict.set_str(&name, fd);
                }
                d.clone()
            }
            _ => new_field(
                vm,
                &[
                    ("name", Value::str(&name)),
                    ("type", ty.clone()),
                    ("default", default.clone().unwrap_or_else(|| miss.clone())),
                    ("default_factory", miss.clone()),
                    ("init", Value::Bool(true)),
                    ("repr", Value::Bool(true)),
                    ("hash", Value::None),
                    ("compare", Value::Bool(true)),
                    ("metadata", Value::Dict(Rc::new(PyDict::new()))),
                    ("kw_only", miss.clone()),
                ],
            ),
        };
        if let Value::Instance(i) = &f {
            i.dict.set_str("_field_type", Value::str(kind));
            let ko = fattr(&f, "kw_only");
            if kind != "_FIELD_CLASSVAR" {
                if is_missing(vm, &ko) {
                    i.dict.set_str("kw_only", Value::Bool(class_kw_only));
                }
            } else if !is_missing(vm, &ko) {
                return Err(type_error(format!(
                    "field {name} is a ClassVar but specifies kw_only"
                )));
            }
        }
        if kind != "_FIELD" {
            let fac = fattr(&f, "default_factory");
            if !is_missing(vm, &fac) {
                return Err(type_error(format!(
                    "field {name} cannot have a default factory"
                )));
            }
        }
        let fd = fattr(&f, "default");
        if kind == "_FIELD" && !is_missing(vm, &fd) {
            let dt = type_of(&fd);
            let mutable = matches!(fd, Value::List(_) | Value::Dict(_) | Value::Set(_))
                || matches!(dt.lookup("__hash__"), Some(Value::None));
            if mutable {
                let tr = repr(vm, &Value::Type(dt))?;
                return Err(value_error(format!(
                    "mutable default {tr} for field {name} is not allowed: use default_factory"
                )));
            }
        }
        fields.set_str(&name, f);
    }
    let params = Value::Instance(PyInstance::new(class_of(vm, &PARAMS), None));
    if let Value::Instance(i) = &params {
        for (n, b) in [
            ("init", p.init),
            ("repr", p.repr),
            ("eq", p.eq),
            ("order", p.order),
            ("unsafe_hash", p.unsafe_hash),
            ("frozen", p.frozen),
            ("_slots", p.slots),
        ] {
            i.dict.set_str(n, Value::Bool(b));
        }
    }
    cls.dict.set_str("__dataclass_params__", params);
    cls.dict
        .set_str("__dataclass_fields__", Value::Dict(fields.clone()));
    let mut infos = Vec::new();
    for f in fields.values() {
        let info = field_info(vm, &f)?;
        if info.kind != Kind::ClassVar {
            infos.push(info);
        }
    }
    let has = |n: &str| cls.dict.get_str(n).is_some();
    let class_hash = cls.dict.get_str("__hash__");
    let has_explicit_hash = match &class_hash {
        None => false,
        Some(Value::None) => !has("__eq__"),
        Some(_) => true,
    };
    if p.init {
        let mut seen_default = false;
        for f in infos.iter().filter(|f| f.init && !f.kw_only) {
            if f.default.is_some() || f.factory.is_some() {
                seen_default = true;
            } else if seen_default {
                return Err(type_error(format!(
                    "non-default argument '{}' follows default argument",
                    f.name
                )));
            }
        }
        if !has("__init__") {
            cls.dict
                .set_str("__init__", builtin_fn("__init__", dc_init));
        }
    }
    if p.repr && !has("__repr__") {
        cls.dict
            .set_str("__repr__", builtin_fn("__repr__", dc_repr));
    }
    if p.eq && !has("__eq__") {
        cls.dict.set_str("__eq__", builtin_fn("__eq__", dc_eq));
    }
    if p.order {
        if !p.eq {
            return Err(value_error("eq must be true if order is true"));
        }
        for (n, f) in [
            ("__lt__", dc_lt as rpvm_object::function::NativeFn),
            ("__le__", dc_le),
            ("__gt__", dc_gt),
            ("__ge__", dc_ge),
        ] {
            if has(n) {
                return Err(cannot_overwrite(
                    n,
                    &cls,
                    ". Consider using functools.total_ordering",
                ));
            }
            cls.dict.set_str(n, builtin_fn(n, f));
        }
    }
    if p.frozen {
        for (n, f) in [
            ("__setattr__", dc_setattr as rpvm_object::function::NativeFn),
            ("__delattr__", dc_delattr),
        ] {
            if has(n) {
                return Err(cannot_overwrite(n, &cls, ""));
            }
            cls.dict.set_str(n, builtin_fn(n, f));
        }
    }
    // The `__hash__` action table of dataclasses._hash_action.
    if p.unsafe_hash {
        if has_explicit_hash {
            return Err(cannot_overwrite("__hash__", &cls, ""));
        }
        cls.dict
            .set_str("__hash__", builtin_fn("__hash__", dc_hash));
    } else if p.eq && !has_explicit_hash {
        if p.frozen {
            cls.dict
                .set_str("__hash__", builtin_fn("__hash__", dc_hash));
        } else {
            cls.dict.set_str("__hash__", Value::None);
        }
    }
    if p.match_args && !has("__match_args__") {
        let names = infos
            .iter()
            .filter(|f| f.init && !f.kw_only)
            .map(|f| Value::str(&f.name))
            .collect();
        cls.dict.set_str("__match_args__", Value::tuple(names));
    }
    if p.slots {
        return add_slots(vm, &cls, &infos);
    }
    Ok(cls_v.clone())
}

/// `slots=True`: a new class with `__slots__` naming the fields (CPython's `_add_slots`).
fn add_slots(vm: &mut Vm, cls: &Rc<PyType>, infos: &[FieldInfo]) -> PyResult<Value> {
    if cls.dict.get_str("__slots__").is_some() {
        return Err(type_error(format!(
            "{} already specifies __slots__",
            cls.name
        )));
    }
    let mut inherited: Vec<String> = Vec::new();
    for b in cls.mro_tail.iter().filter(|b| !b.builtin) {
        match b.dict.get_str("__slots__") {
            Some(Value::Str(s)) => inherited.push(s.as_str().to_string()),
            Some(other) => {
                for x in rpvm_object::protocols::iter::collect(vm, &other)? {
                    if let Some(s) = x.as_str() {
                        inherited.push(s.to_string());
                    }
                }
            }
            None => {}
        }
    }
    let names: Vec<&str> = infos
        .iter()
        .filter(|f| f.kind == Kind::Field)
        .map(|f| f.name.as_str())
        .collect();
    let ns = Rc::new(cls.dict.copy());
    ns.set_str(
        "__slots__",
        Value::tuple(
            names
                .iter()
                .filter(|n| !inherited.iter().any(|i| i == *n))
                .map(|n| Value::str(n))
                .collect(),
        ),
    );
    for n in names.iter().copied().chain(["__dict__", "__weakref__"]) {
        ns.remove_hashed(&Value::str(n), rpvm_object::str::hash_str(n));
    }
    ns.set_str("__qualname__", Value::string(cls.qualname.clone()));
    let bases = Value::tuple(cls.bases.iter().cloned().map(Value::Type).collect());
    rpvm_object::subclass::new_class(
        vm,
        cls.metaclass(),
        &[Value::string(cls.name.clone()), bases, Value::Dict(ns)],
        &[],
    )
}

const DC_NAMES: &[&str] = &[
    "init",
    "repr",
    "eq",
    "order",
    "unsafe_hash",
    "frozen",
    "match_args",
    "kw_only",
    "slots",
];

fn params_from(vm: &mut Vm, v: &Value) -> PyResult<Params> {
    let items = match v {
        Value::Tuple(t) => t.as_slice().to_vec(),
        _ => Vec::new(),
    };
    let mut b = Vec::new();
    for x in &items {
        b.push(is_true(vm, x)?);
    }
    Ok(Params {
        init: b[0],
        repr: b[1],
        eq: b[2],
        order: b[3],
        unsafe_hash: b[4],
        frozen: b[5],
        match_args: b[6],
        kw_only: b[7],
        slots: b[8],
    })
}

fn dc_wrap(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let p = params_from(vm, crate::args::arg(args, 0)?)?;
    match args.get(1) {
        Some(c) => process_class(vm, c, &p),
        None => Err(type_error(
            "wrap() missing 1 required positional argument: 'cls'",
        )),
    }
}

fn dataclass(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if pos.len() > 1 {
        return Err(type_error(format!(
            "dataclass() takes from 0 to 1 positional arguments but {} were given",
            pos.len()
        )));
    }
    let mut vals: Vec<Value> = vec![
        Value::Bool(true),
        Value::Bool(true),
        Value::Bool(true),
        Value::Bool(false),
        Value::Bool(false),
        Value::Bool(false),
        Value::Bool(true),
        Value::Bool(false),
        Value::Bool(false),
    ];
    for (k, v) in kws {
        let name = k.as_str().unwrap_or("");
        match DC_NAMES.iter().position(|n| *n == name) {
            Some(i) => vals[i] = v,
            None => {
                if name != "weakref_slot" {
                    return Err(type_error(format!(
                        "dataclass() got an unexpected keyword argument '{name}'"
                    )));
                }
                if is_true(vm, &v)? {
                    return Err(type_error(format!(
                        "dataclass() option '{name}' is not supported"
                    )));
                }
            }
        }
    }
    let ptuple = Value::tuple(vals);
    match pos.first() {
        Some(c) if !matches!(c, Value::None) => {
            let p = params_from(vm, &ptuple)?;
            process_class(vm, c, &p)
        }
        _ => Ok(Value::Builtin(Rc::new(BuiltinFunction {
            name: "wrap",
            func: dc_wrap,
            bound_self: Some(ptuple),
            owner: None,
        }))),
    }
}

// ---- module functions ----

const FIELD_NAMES: &[&str] = &[
    "default",
    "default_factory",
    "init",
    "repr",
    "hash",
    "compare",
    "metadata",
    "kw_only",
];

fn field(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if !pos.is_empty() {
        return Err(type_error(format!(
            "field() takes 0 positional arguments but {} {} given",
            pos.len(),
            if pos.len() == 1 { "was" } else { "were" }
        )));
    }
    let miss = missing(vm);
    let mut vals: Vec<Value> = vec![
        miss.clone(),
        miss.clone(),
        Value::Bool(true),
        Value::Bool(true),
        Value::None,
        Value::Bool(true),
        Value::None,
        miss,
    ];
    for (k, v) in kws {
        let name = k.as_str().unwrap_or("");
        match FIELD_NAMES.iter().position(|n| *n == name) {
            Some(i) => vals[i] = v,
            None => {
                return Err(type_error(format!(
                    "field() got an unexpected keyword argument '{name}'"
                )))
            }
        }
    }
    if !is_missing(vm, &vals[0]) && !is_missing(vm, &vals[1]) {
        return Err(value_error(
            "cannot specify both default and default_factory",
        ));
    }
    if matches!(vals[6], Value::None) {
        vals[6] = Value::Dict(Rc::new(PyDict::new()));
    }
    let mut items: Vec<(&str, Value)> = vec![("name", Value::None), ("type", Value::None)];
    items.extend(FIELD_NAMES.iter().copied().zip(vals));
    Ok(new_field(vm, &items))
}

fn dataclass_type(v: &Value) -> Option<Rc<PyType>> {
    let cls = match v {
        Value::Type(t) => t.clone(),
        other => type_of(other),
    };
    field_values(&cls).map(|_| cls)
}

fn fields_fn(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::one_arg("fields", args, kw)?;
    match dataclass_type(x).and_then(|c| field_values(&c)) {
        Some(fs) => Ok(Value::tuple(
            fs.into_iter()
                .filter(|f| matches!(fattr(f, "_field_type").as_str(), Some("_FIELD") | None))
                .collect(),
        )),
        None => Err(type_error(
            "must be called with a dataclass type or instance",
        )),
    }
}

fn is_dataclass(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::one_arg("is_dataclass", args, kw)?;
    Ok(Value::Bool(dataclass_type(x).is_some()))
}

fn is_dc_instance(v: &Value) -> bool {
    !matches!(v, Value::Type(_)) && dataclass_type(v).is_some()
}

fn deepcopy(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let m = match vm.modules.get_str("copy") {
        Some(m) => m,
        None => crate::copy::make_copy(vm),
    };
    let f = get_attr(vm, &m, "deepcopy")?;
    call(vm, &f, std::slice::from_ref(v), &[])
}

fn convert(vm: &mut Vm, v: &Value, as_dict: bool) -> PyResult<Value> {
    if is_dc_instance(v) {
        let mut names = Vec::new();
        for f in infos_of(vm, v)? {
            names.push(f.name);
        }
        let mut vals = Vec::new();
        for n in &names {
            let x = get_attr(vm, v, n)?;
            vals.push(convert(vm, &x, as_dict)?);
        }
        if as_dict {
            let d = Rc::new(PyDict::new());
            for (n, x) in names.iter().zip(vals) {
                d.set_str(n, x);
            }
            return Ok(Value::Dict(d));
        }
        return Ok(Value::tuple(vals));
    }
    match v {
        Value::List(l) => {
            let mut out = Vec::new();
            for x in l.snapshot().iter() {
                out.push(convert(vm, x, as_dict)?);
            }
            Ok(Value::list(out))
        }
        Value::Tuple(t) => {
            let mut out = Vec::new();
            for x in t.as_slice() {
                out.push(convert(vm, x, as_dict)?);
            }
            Ok(Value::tuple(out))
        }
        Value::Dict(d) => {
            let out = Value::Dict(Rc::new(PyDict::new()));
            for (k, x) in d.items() {
                let k2 = convert(vm, &k, as_dict)?;
                let x2 = convert(vm, &x, as_dict)?;
                rpvm_object::protocols::subscript::set_item(vm, &out, &k2, x2)?;
            }
            Ok(out)
        }
        _ => deepcopy(vm, v),
    }
}

fn asdict(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::one_arg("asdict", args, kw)?;
    if !is_dc_instance(x) {
        return Err(type_error(
            "asdict() should be called on dataclass instances",
        ));
    }
    convert(vm, x, true)
}

fn astuple(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::one_arg("astuple", args, kw)?;
    if !is_dc_instance(x) {
        return Err(type_error(
            "astuple() should be called on dataclass instances",
        ));
    }
    convert(vm, x, false)
}

fn replace(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if pos.len() != 1 {
        return Err(type_error(format!(
            "replace() takes 1 positional argument but {} were given",
            pos.len()
        )));
    }
    let obj = &pos[0];
    if !is_dc_instance(obj) {
        return Err(type_error(
            "replace() should be called on dataclass instances",
        ));
    }
    let mut names: Vec<Value> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for (k, v) in &kws {
        names.push(k.clone());
        vals.push(v.clone());
    }
    let infos: Vec<FieldInfo> = all_infos(vm, &type_of(obj))?
        .into_iter()
        .filter(|f| f.kind != Kind::ClassVar)
        .collect();
    for f in infos {
        let given = kws.iter().any(|(k, _)| k.as_str() == Some(f.name.as_str()));
        if !f.init {
            if given {
                return Err(value_error(format!(
                    "field {} is declared with init=False, it cannot be specified with replace()",
                    f.name
                )));
            }
            continue;
        }
        if !given {
            if f.kind == Kind::InitVar && f.default.is_none() {
                return Err(value_error(format!(
                    "InitVar '{}' must be specified with replace()",
                    f.name
                )));
            }
            names.push(Value::str(&f.name));
            vals.push(get_attr(vm, obj, &f.name)?);
        }
    }
    let cls = Value::Type(type_of(obj));
    call(vm, &cls, &vals, &names)
}

/// The `dataclasses` module.
pub fn make_dataclasses(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("dataclasses"));
    d.set_str("dataclass", builtin_fn("dataclass", dataclass));
    d.set_str("field", builtin_fn("field", field));
    d.set_str("fields", builtin_fn("fields", fields_fn));
    d.set_str("asdict", builtin_fn("asdict", asdict));
    d.set_str("astuple", builtin_fn("astuple", astuple));
    d.set_str("replace", builtin_fn("replace", replace));
    d.set_str("is_dataclass", builtin_fn("is_dataclass", is_dataclass));
    d.set_str("FrozenInstanceError", Value::Type(frozen_error_class()));
    d.set_str("Field", Value::Type(class_of(vm, &FIELD)));
    d.set_str("MISSING", missing(vm));
    d.set_str("InitVar", Value::Type(class_of(vm, &INITVAR)));
    let ko = kw_only_marker(vm);
    d.set_str("KW_ONLY", ko);
    let m = Value::Module(Rc::new(PyModule {
        name: "dataclasses".to_string(),
        dict: d,
    }));
    vm.modules.set_str("dataclasses", m.clone());
    m
}
