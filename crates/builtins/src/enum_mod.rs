//! The `enum` module: `EnumMeta` (alias `EnumType`), `Enum`, `IntEnum`, `StrEnum`, `auto` and
//! `unique`. A class statement deriving from `Enum` runs its body and then `EnumMeta`,
//! which turns the plain attributes into member singletons (instances of the new class
//! holding `_name_` and `_value_`; for `IntEnum`/`StrEnum` the instance's built-in base is
//! the int or str).
//! Members are kept in definition order in `_member_names_`, and with aliases in
//! `_member_map_` / `__members__` (a plain dict here, a mappingproxy in CPython).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{key_error, type_error, value_error, PyResult};
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::compare::{equal, rich_compare, CompareOp};
use rpvm_object::protocols::format::format_value;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::repr::{repr, str_};
use rpvm_object::protocols::type_of;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{new_instance, state_of};

/// The marker held by `auto()` instances.
#[derive(Debug)]
struct AutoValue;

fn is_dunder(k: &str) -> bool {
    k.len() > 4 && k.starts_with("__") && k.ends_with("__")
}

fn is_sunder(k: &str) -> bool {
    k.len() > 2 && k.starts_with('_') && k.ends_with('_') && !k.starts_with("__")
}

fn is_descriptor(v: &Value) -> bool {
    matches!(
        v,
        Value::Function(_) | Value::Builtin(_) | Value::Native(_) | Value::Type(_)
    )
}

fn cls_arg(v: Option<&Value>) -> PyResult<Rc<PyType>> {
    match v {
        Some(Value::Type(t)) => Ok(t.clone()),
        _ => Err(type_error("expected an enum class")),
    }
}

/// The members of `cls` in definition order (aliases excluded).
fn members(cls: &Rc<PyType>) -> Vec<Value> {
    let Some(Value::List(names)) = cls.lookup("_member_names_") else {
        return Vec::new();
    };
    let Some(Value::Dict(map)) = cls.lookup("_member_map_") else {
        return Vec::new();
    };
    names
        .snapshot()
        .iter()
        .filter_map(|n| n.as_str().and_then(|s| map.get_str(s)))
        .collect()
}

fn next_auto(vm: &mut Vm, values: &[Value]) -> PyResult<Value> {
    for v in values.iter().rev() {
        if let Value::Int(_) | Value::Bool(_) = v {
            return rpvm_object::protocols::arith::binary_op(
                vm,
                rpvm_object::protocols::arith::BinOp::Add,
                v,
                &Value::Int(1),
                false,
            );
        }
    }
    Ok(Value::Int(1))
}

/// `EnumMeta.__new__(mcls, name, bases, ns)`.
fn meta_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let npos = args.len() - kw.len();
    let [mcls, name, bases, Value::Dict(ns)] = &args[..npos] else {
        return Err(type_error("EnumMeta.__new__() takes 3 arguments"));
    };
    let Value::Type(mcls) = mcls else {
        return Err(type_error("EnumMeta.__new__(X): X is not a type object"));
    };
    let str_based = match bases {
        Value::Tuple(t) => t
            .as_slice()
            .iter()
            .any(|b| matches!(b, Value::Type(b) if b.is_subtype(&builtin_types().str_))),
        _ => false,
    };
    let mut member_defs: Vec<(String, Value)> = Vec::new();
    let body = Rc::new(PyDict::new());
    let mut values: Vec<Value> = Vec::new();
    for (k, v) in ns.items() {
        let Some(key) = k.as_str() else { continue };
        if is_dunder(key) || is_sunder(key) || is_descriptor(&v) {
            body.set_str(key, v);
            continue;
        }
        let v = if state_of::<AutoValue>(&v).is_some() {
            if str_based {
                Value::string(key.to_lowercase())
            } else {
                next_auto(vm, &values)?
            }
        } else {
            v
        };
        values.push(v.clone());
        member_defs.push((key.to_string(), v));
    }
    let class = rpvm_object::subclass::new_class(
        vm,
        Some(mcls.clone()),
        &[name.clone(), bases.clone(), Value::Dict(body)],
        &[],
    )?;
    let Value::Type(cls) = &class else {
        return Ok(class);
    };
    let int_based = cls.is_subtype(&builtin_types().int);
    let str_based = cls.is_subtype(&builtin_types().str_);
    let names: Vec<Value> = Vec::new();
    let names_list = Value::list(names);
    let map = Rc::new(PyDict::new());
    let mut created: Vec<(Value, Value)> = Vec::new();
    for (key, v) in member_defs {
        let mut alias = None;
        for (val, m) in &created {
            if equal(vm, val, &v)? {
                alias = Some(m.clone());
                break;
            }
        }
        let member = match alias {
            Some(m) => m,
            None => {
                let base = if int_based {
                    match &v {
                        Value::Int(_) | Value::BigInt(_) => Some(v.clone()),
                        Value::Bool(b) => Some(Value::Int(i64::from(*b))),
                        other => {
                            return Err(value_error(format!(
                                "invalid literal for int() with base 10: {}",
                                repr(vm, other)?
                            )))
                        }
                    }
                } else if str_based {
                    match &v {
                        Value::Str(_) => Some(v.clone()),
                        other => {
                            return Err(type_error(format!("{} is not a string", repr(vm, other)?)))
                        }
                    }
                } else {
                    None
                };
                let m = Value::Instance(PyInstance::new(cls.clone(), base));
                set_attr(vm, &m, "_name_", Value::string(key.clone()))?;
                set_attr(vm, &m, "_value_", v.clone())?;
                if let Value::List(l) = &names_list {
                    l.push(Value::string(key.clone()));
                }
                created.push((v, m.clone()));
                m
            }
        };
        map.set_str(&key, member.clone());
        cls.dict.set_str(&key, member);
    }
    cls.dict.set_str("_member_names_", names_list);
    cls.dict.set_str("_member_map_", Value::Dict(map.clone()));
    cls.dict.set_str("__members__", Value::Dict(map));
    Ok(class)
}

/// `Color(value)`: the member with that value.
fn meta_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    if !kw.is_empty() || args.len() != 2 {
        return Err(type_error(
            "rpvm: only EnumClass(value) lookups are supported (no functional API)",
        ));
    }
    let value = &args[1];
    if type_of(value).is_subtype(&cls) {
        return Ok(value.clone());
    }
    for m in members(&cls) {
        let v = get_attr(vm, &m, "_value_")?;
        if equal(vm, &v, value)? {
            return Ok(m);
        }
    }
    Err(value_error(format!(
        "{} is not a valid {}",
        repr(vm, value)?,
        cls.qualname
    )))
}

fn meta_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(members(&cls_arg(args.first())?).len() as i64))
}

fn meta_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = members(&cls_arg(args.first())?);
    get_iter(vm, &Value::list(items))
}

fn meta_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut items = members(&cls_arg(args.first())?);
    items.reverse();
    get_iter(vm, &Value::list(items))
}

fn meta_contains(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let Some(x) = args.get(1) else {
        return Err(type_error("__contains__ expected 1 argument"));
    };
    Ok(Value::Bool(type_of(x).is_subtype(&cls)))
}

fn meta_getitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let Some(key) = args.get(1) else {
        return Err(type_error("__getitem__ expected 1 argument"));
    };
    let found = match (cls.lookup("_member_map_"), key.as_str()) {
        (Some(Value::Dict(map)), Some(k)) => map.get_str(k),
        _ => None,
    };
    found.ok_or_else(|| key_error(key.clone()))
}

fn meta_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    Ok(Value::string(format!("<enum '{}'>", cls.name)))
}

fn self_arg(args: &[Value]) -> PyResult<&Value> {
    args.first()
        .ok_or_else(|| type_error("method needs an argument"))
}

fn class_name(v: &Value) -> String {
    type_of(v).name.clone()
}

fn enum_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    let name = str_(vm, &n)?;
    let value = get_attr(vm, s, "_value_")?;
    let vr = repr(vm, &value)?;
    Ok(Value::string(format!(
        "<{}.{}: {}>",
        class_name(s),
        name,
        vr
    )))
}

fn enum_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    let name = str_(vm, &n)?;
    Ok(Value::string(format!("{}.{}", class_name(s), name)))
}

fn enum_format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = enum_str(vm, &args[..1.min(args.len())], &[])?;
    let spec = args.get(1).and_then(|v| v.as_str()).unwrap_or("");
    Ok(Value::string(format_value(vm, &s, spec)?))
}

fn enum_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let name = get_attr(vm, s, "_name_")?;
    Ok(Value::Int(hash_value(vm, &name)?))
}

fn enum_name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_name_")
}

fn enum_value(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_value_")
}

fn enum_class_getitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    meta_getitem(vm, args, kw)
}

fn int_value(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_value_")
}

fn intenum_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    Ok(Value::string(str_(vm, &v)?))
}

fn intenum_format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    let spec = args.get(1).and_then(|v| v.as_str()).unwrap_or("");
    Ok(Value::string(format_value(vm, &v, spec)?))
}

fn intenum_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    Ok(Value::Int(hash_value(vm, &v)?))
}

fn intenum_cmp(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    let Some(other) = args.get(1) else {
        return Err(type_error("comparison expected 1 argument"));
    };
    rich_compare(vm, &v, other, op)
}

fn intenum_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    intenum_cmp(vm, args, CompareOp::Eq)
}

fn intenum_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    intenum_cmp(vm, args, CompareOp::Ne)
}

fn auto_new(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    Ok(new_instance(cls, AutoValue))
}

/// `unique(cls)`: `ValueError` when some member names are aliases.
fn unique(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let mut details = Vec::new();
    if let Some(Value::Dict(map)) = cls.lookup("_member_map_") {
        for (k, m) in map.items() {
            let Some(key) = k.as_str() else { continue };
            let n = get_attr(vm, &m, "_name_")?;
            let name = str_(vm, &n)?;
            if name != key {
                details.push(format!("{key} -> {name}"));
            }
        }
    }
    if !details.is_empty() {
        return Err(value_error(format!(
            "duplicate values found in <enum '{}'>: {}",
            cls.name,
            details.join(", ")
        )));
    }
    Ok(args[0].clone())
}

fn make_type(
    vm: &mut Vm,
    meta: Option<Rc<PyType>>,
    name: &str,
    bases: Vec<Rc<PyType>>,
    ns: Rc<PyDict>,
) -> Rc<PyType> {
    ns.set_str("__module__", Value::str("enum"));
    ns.set_str("__qualname__", Value::string(name.to_string()));
    let bases = Value::tuple(bases.into_iter().map(Value::Type).collect());
    match rpvm_object::subclass::new_class(
        vm,
        meta,
        &[Value::string(name.to_string()), bases, Value::Dict(ns)],
        &[],
    ) {
        Ok(Value::Type(t)) => t,
        _ => panic!("cannot create enum.{name}"),
    }
}

fn static_new(f: rpvm_object::function::NativeFn) -> Value {
    Value::Native(Rc::new(rpvm_object::descriptors::StaticMethod(builtin_fn(
        "__new__", f,
    ))))
}

/// Creates the `enum` module (also registered in `vm.modules`).
pub fn make_enum(vm: &mut Vm) -> Value {
    let types = builtin_types();
    let ns = Rc::new(PyDict::new());
    ns.set_str("__new__", static_new(meta_new));
    for (n, f) in [
        ("__call__", meta_call as rpvm_object::function::NativeFn),
        ("__len__", meta_len),
        ("__iter__", meta_iter),
        ("__reversed__", meta_reversed),
        ("__contains__", meta_contains),
        ("__getitem__", meta_getitem),
        ("__repr__", meta_repr),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    let meta = make_type(vm, None, "EnumType", vec![types.type_.clone()], ns);

    let ns = Rc::new(PyDict::new());
    for (n, f) in [
        ("__repr__", enum_repr as rpvm_object::function::NativeFn),
        ("__str__", enum_str),
        ("__format__", enum_format),
        ("__hash__", enum_hash),
        ("__class_getitem__", enum_class_getitem),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    ns.set_str("name", method_prop("name", enum_name));
    ns.set_str("value", method_prop("value", enum_value));
    let enum_ = make_type(vm, Some(meta.clone()), "Enum", vec![], ns);
    enum_.dict.set_str("_member_names_", Value::list(vec![]));
    enum_
        .dict
        .set_str("_member_map_", Value::Dict(Rc::new(PyDict::new())));

    let ns = Rc::new(PyDict::new());
    let repr_enum = make_type(vm, Some(meta.clone()), "ReprEnum", vec![enum_.clone()], ns);

    let ns = Rc::new(PyDict::new());
    for (n, f) in [
        ("__str__", intenum_str as rpvm_object::function::NativeFn),
        ("__format__", intenum_format),
        ("__hash__", intenum_hash),
        ("__eq__", intenum_eq),
        ("__ne__", intenum_ne),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    let int_enum = make_type(
        vm,
        Some(meta.clone()),
        "IntEnum",
        vec![types.int.clone(), repr_enum.clone()],
        ns,
    );

    let ns = Rc::new(PyDict::new());
    for (n, f) in [
        ("__str__", intenum_str as rpvm_object::function::NativeFn),
        ("__format__", intenum_format),
        ("__hash__", intenum_hash),
        ("__eq__", intenum_eq),
        ("__ne__", intenum_ne),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    let str_enum = make_type(
        vm,
        Some(meta.clone()),
        "StrEnum",
        vec![types.str_.clone(), repr_enum.clone()],
        ns,
    );

    let ns = Rc::new(PyDict::new());
    ns.set_str("__new__", static_new(auto_new));
    let auto = make_type(vm, None, "auto", vec![], ns);

    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("enum"));
    d.set_str("EnumType", Value::Type(meta.clone()));
    d.set_str("EnumMeta", Value::Type(meta));
    d.set_str("Enum", Value::Type(enum_));
    d.set_str("ReprEnum", Value::Type(repr_enum));
    d.set_str("IntEnum", Value::Type(int_enum));
    d.set_str("StrEnum", Value::Type(str_enum));
    d.set_str("auto", Value::Type(auto));
    d.set_str("unique", builtin_fn("unique", unique));
    let m = Value::Module(Rc::new(PyModule {
        name: "enum".to_string(),
        dict: d,
    }));
    vm.modules.set_str("enum", m.clone());
    m
}

fn method_prop(name: &'static str, f: rpvm_object::function::NativeFn) -> Value {
    Value::Native(Rc::new(rpvm_object::descriptors::Property {
        fget: builtin_fn(name, f),
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
    }))
}
