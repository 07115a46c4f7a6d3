//! Struct sequences (`sys.version_info`, `sys.float_info`, `time.struct_time`, ...): tuple
//! subclasses whose items are also named attributes, with CPython's `module.name(f=v, ...)`
//! repr. Fields past the sequence part (`tm_zone`, `tm_gmtoff`) are attributes only.

use rpvm_object::native::NativeRef;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rpvm_object::descriptors::{Property, StaticMethod};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{index_error, type_error, PyResult};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::instance::{base_value, PyInstance};
use rpvm_object::protocols::repr::repr;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

thread_local! {
    static TYPES: RefCell<HashMap<String, Rc<PyType>>> = RefCell::new(HashMap::new());
}

/// The description of a struct sequence type.
pub struct Spec {
    /// `__module__`.
    pub module: &'static str,
    /// `__name__`.
    pub name: &'static str,
    /// Every field; the first `n_sequence` are the tuple items.
    pub fields: &'static [&'static str],
    /// How many fields are tuple items.
    pub n_sequence: usize,
    /// Whether Python code may create instances (`time.struct_time(seq)`).
    pub constructible: bool,
}

struct Info {
    module: String,
    name: String,
    fields: Vec<String>,
    n_sequence: usize,
    constructible: bool,
}

fn info_of(cls: &Rc<PyType>) -> Option<Info> {
    let get = |n: &str| cls.dict.get_str(n);
    let fields: Vec<String> = match get("_rpvm_fields")? {
        Value::Tuple(t) => t
            .as_slice()
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => return None,
    };
    let Some(Value::Int(n)) = get("n_sequence_fields") else {
        return None;
    };
    Some(Info {
        module: cls.module.clone(),
        name: cls.name.clone(),
        fields,
        n_sequence: n as usize,
        constructible: matches!(get("_rpvm_constructible"), Some(Value::Bool(true))),
    })
}

fn readonly(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(rpvm_object::exception::PyException::with_message(
        "AttributeError",
        "readonly attribute".to_string(),
    ))
}

fn prop(fget: Value) -> Value {
    Value::Native(NativeRef::new(Property {
        fget,
        fset: builtin_fn("readonly", readonly),
        fdel: builtin_fn("readonly", readonly),
        doc: Value::None,
        name: std::cell::RefCell::new(None),
        python: false,
    }))
}

/// The class for `spec` (created once per thread).
pub fn class(vm: &mut Vm, spec: &Spec) -> PyResult<Rc<PyType>> {
    let key = format!("{}.{}", spec.module, spec.name);
    if let Some(t) = TYPES.with(|t| t.borrow().get(&key).cloned()) {
        return Ok(t);
    }
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str(spec.module));
    ns.set_str("__qualname__", Value::str(spec.name));
    ns.set_str(
        "_rpvm_fields",
        Value::tuple(spec.fields.iter().map(|f| Value::str(f)).collect()),
    );
    ns.set_str("_rpvm_constructible", Value::Bool(spec.constructible));
    ns.set_str("n_sequence_fields", Value::Int(spec.n_sequence as i64));
    ns.set_str("n_fields", Value::Int(spec.fields.len() as i64));
    ns.set_str("n_unnamed_fields", Value::Int(0));
    ns.set_str(
        "__match_args__",
        Value::tuple(
            spec.fields[..spec.n_sequence]
                .iter()
                .map(|f| Value::str(f))
                .collect(),
        ),
    );
    ns.set_str(
        "__new__",
        Value::Native(NativeRef::new(StaticMethod(builtin_fn("__new__", seq_new)))),
    );
    ns.set_str("__repr__", builtin_fn("__repr__", seq_repr));
    ns.set_str("__setattr__", builtin_fn("__setattr__", seq_setattr));
    ns.set_str("__reduce__", builtin_fn("__reduce__", seq_reduce));
    for (i, f) in spec.fields.iter().enumerate() {
        let getter = Value::Builtin(Rc::new(BuiltinFunction {
            name: "structseq_field",
            func: seq_field,
            bound_self: Some(Value::Int(i as i64)),
            owner: None,
        }));
        ns.set_str(f, prop(getter));
    }
    let t = match rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::str(spec.name),
            Value::tuple(vec![Value::Type(builtin_types().tuple.clone())]),
            Value::Dict(ns),
        ],
        &[],
    )? {
        Value::Type(t) => t,
        _ => return Err(type_error("cannot create a struct sequence type")),
    };
    TYPES.with(|m| m.borrow_mut().insert(key, t.clone()));
    Ok(t)
}

/// A new instance of `spec` holding `values` (one per field; missing ones are `None`).
pub fn make(vm: &mut Vm, spec: &Spec, mut values: Vec<Value>) -> PyResult<Value> {
    let cls = class(vm, spec)?;
    values.resize(spec.fields.len(), Value::None);
    let extra = values.split_off(spec.n_sequence);
    Ok(instance(cls, values, extra))
}

fn instance(cls: Rc<PyType>, items: Vec<Value>, extra: Vec<Value>) -> Value {
    let inst = PyInstance::new(cls, Some(Value::tuple(items)));
    for (i, v) in extra.into_iter().enumerate() {
        inst.dict.set_str(&format!("_rpvm_extra{i}"), v);
    }
    Value::Instance(inst)
}

/// The tuple items of a struct sequence (or of a plain tuple).
pub fn items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Tuple(t) => Some(t.as_slice().to_vec()),
        Value::Instance(_) => match base_value(v) {
            Some(Value::Tuple(t)) => Some(t.as_slice().to_vec()),
            _ => None,
        },
        _ => None,
    }
}

fn seq_field(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (Some(Value::Int(i)), Some(this)) = (args.first(), args.get(1)) else {
        return Err(type_error("structseq field needs an instance"));
    };
    let i = *i as usize;
    let items = items(this).unwrap_or_default();
    if let Some(v) = items.get(i) {
        return Ok(v.clone());
    }
    let n_seq = items.len();
    if let Value::Instance(inst) = this {
        if let Some(v) = inst.dict.get_str(&format!("_rpvm_extra{}", i - n_seq)) {
            return Ok(v);
        }
        return Ok(Value::None);
    }
    Err(index_error("tuple index out of range"))
}

fn seq_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Type(cls)) = args.first() else {
        return Err(type_error("structseq.__new__(X): X is not a type object"));
    };
    let Some(info) = info_of(cls) else {
        return Err(type_error(
            "structseq.__new__(X): X is not a struct sequence",
        ));
    };
    let qual = format!("{}.{}", info.module, info.name);
    if !info.constructible {
        return Err(type_error(format!("cannot create '{qual}' instances")));
    }
    let a = crate::args::parse(
        &qual,
        crate::args::rest(args, 1),
        kw,
        &["sequence", "dict"],
        0,
        1,
    )?;
    let seq = a[0].clone().unwrap_or(Value::None);
    let values = rpvm_object::protocols::iter::collect(vm, &seq)?;
    let (n_seq, n_all) = (info.n_sequence, info.fields.len());
    let k = values.len();
    if k < n_seq {
        return Err(type_error(if n_seq == n_all {
            format!("{qual}() takes a {n_seq}-sequence ({k}-sequence given)")
        } else {
            format!("{qual}() takes an at least {n_seq}-sequence ({k}-sequence given)")
        }));
    }
    if k > n_all {
        return Err(type_error(if n_seq == n_all {
            format!("{qual}() takes a {n_seq}-sequence ({k}-sequence given)")
        } else {
            format!("{qual}() takes an at most {n_all}-sequence ({k}-sequence given)")
        }));
    }
    let mut values = values;
    let mut extra = values.split_off(n_seq);
    if let Some(Value::Dict(d)) = &a[1] {
        for f in info.fields.iter().skip(n_seq + extra.len()) {
            extra.push(d.get_str(f).unwrap_or(Value::None));
        }
    }
    Ok(instance(cls.clone(), values, extra))
}

fn seq_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = args.first().cloned().unwrap_or(Value::None);
    let cls = rpvm_object::protocols::type_of(&this);
    let Some(info) = info_of(&cls) else {
        return Err(type_error("structseq.__repr__ needs a struct sequence"));
    };
    let items = items(&this).unwrap_or_default();
    let mut parts = Vec::with_capacity(items.len());
    for (f, v) in info.fields.iter().zip(items.iter()) {
        parts.push(format!("{f}={}", repr(vm, v)?));
    }
    Ok(Value::string(format!(
        "{}.{}({})",
        info.module,
        info.name,
        parts.join(", ")
    )))
}

fn seq_setattr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = args.first().cloned().unwrap_or(Value::None);
    let name = args.get(1).and_then(|n| n.as_str()).unwrap_or("");
    let cls = rpvm_object::protocols::type_of(&this);
    let is_field = info_of(&cls).is_some_and(|i| i.fields.iter().any(|f| f == name));
    Err(rpvm_object::exception::PyException::with_message(
        "AttributeError",
        if is_field {
            "readonly attribute".to_string()
        } else {
            format!("'{}' object has no attribute '{name}'", cls.qualname)
        },
    ))
}

fn seq_reduce(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = args.first().cloned().unwrap_or(Value::None);
    let cls = rpvm_object::protocols::type_of(&this);
    let items = items(&this).unwrap_or_default();
    Ok(Value::tuple(vec![
        Value::Type(cls),
        Value::tuple(vec![
            Value::tuple(items),
            Value::Dict(Rc::new(PyDict::new())),
        ]),
    ]))
}
