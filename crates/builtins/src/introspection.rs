//! Introspection builtins: `isinstance`, `issubclass`, `getattr`, `setattr`, `hasattr`,
//! `delattr`, `callable`, `vars`, `dir`, `repr`, `ascii`, `format`, `__import__`.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::protocols::attr::{del_attr, get_attr, set_attr};
use rpvm_object::protocols::call::{call, call_dunder, lookup_special};
use rpvm_object::protocols::iter::collect;
use rpvm_object::protocols::repr::{ascii as ascii_of, repr as repr_of};
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::typeobj::{builtin_types, PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::args::{check_positional, no_kwargs, one_arg, parse};
use crate::dir_tables::builtin_dir;

const ISINSTANCE_ARG2: &str = "isinstance() arg 2 must be a type, a tuple of types, or a union";
const ISSUBCLASS_ARG1: &str = "issubclass() arg 1 must be a class";
const ISSUBCLASS_ARG2: &str = "issubclass() arg 2 must be a class, a tuple of classes, or a union";

/// The metaclass hook `name` (`__instancecheck__`/`__subclasscheck__`) of `t`, when its
/// metaclass is not `type` itself.
fn meta_hook(t: &Rc<PyType>, name: &str) -> Option<Value> {
    let meta = t.metaclass()?;
    if meta.builtin {
        return None;
    }
    meta.lookup(name)
}

fn call_hook(vm: &mut Vm, hook: &Value, t: &Rc<PyType>, arg: &Value, what: &str) -> PyResult<bool> {
    vm.enter(what)?;
    let r = call(vm, hook, &[Value::Type(t.clone()), arg.clone()], &[]);
    vm.leave();
    let r = r?;
    rpvm_object::protocols::truth::is_true(vm, &r)
}

fn isinstance_of(vm: &mut Vm, obj: &Value, cls: &Rc<PyType>, classinfo: &Value) -> PyResult<bool> {
    match classinfo {
        Value::Type(t) => {
            if cls.is_subtype(t) || Rc::ptr_eq(t, &builtin_types().object) {
                return Ok(true);
            }
            match meta_hook(t, "__instancecheck__") {
                Some(hook) => call_hook(vm, &hook, t, obj, " in __instancecheck__"),
                None => Ok(false),
            }
        }
        Value::Tuple(items) => {
            vm.enter(" in __instancecheck__")?;
            let mut result = Ok(false);
            for item in items.as_slice() {
                match isinstance_of(vm, obj, cls, item) {
                    Ok(false) => {}
                    other => {
                        result = other;
                        break;
                    }
                }
            }
            vm.leave();
            result
        }
        other => match crate::types_mod::union_args(other) {
            Some(members) => {
                for m in &members {
                    if isinstance_of(vm, obj, cls, m)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            None => Err(type_error(ISINSTANCE_ARG2)),
        },
    }
}

/// `isinstance(obj, class_or_tuple)` as a bool.
pub fn is_instance(vm: &mut Vm, obj: &Value, classinfo: &Value) -> PyResult<bool> {
    let cls = type_of(obj);
    isinstance_of(vm, obj, &cls, classinfo)
}

/// `isinstance(obj, class_or_tuple)`.
pub fn isinstance(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("isinstance", kwnames)?;
    check_positional("isinstance", args.len(), 2, 2)?;
    is_instance(vm, crate::args::arg(args, 0)?, crate::args::arg(args, 1)?).map(Value::Bool)
}

fn issubclass_of(vm: &mut Vm, derived: &Value, classinfo: &Value) -> PyResult<bool> {
    match classinfo {
        Value::Type(t) => {
            if let Value::Type(d) = derived {
                if d.is_subtype(t) || Rc::ptr_eq(t, &builtin_types().object) {
                    return Ok(true);
                }
            }
            match meta_hook(t, "__subclasscheck__") {
                Some(hook) => call_hook(vm, &hook, t, derived, " in __subclasscheck__"),
                None if matches!(derived, Value::Type(_)) => Ok(false),
                None => Err(type_error(ISSUBCLASS_ARG1)),
            }
        }
        Value::Tuple(items) => {
            vm.enter(" in __subclasscheck__")?;
            let mut result = Ok(false);
            for item in items.as_slice() {
                match issubclass_of(vm, derived, item) {
                    Ok(false) => {}
                    other => {
                        result = other;
                        break;
                    }
                }
            }
            vm.leave();
            result
        }
        other => {
            if !matches!(derived, Value::Type(_)) {
                return Err(type_error(ISSUBCLASS_ARG1));
            }
            if let Some(members) = crate::types_mod::union_args(other) {
                for m in &members {
                    if issubclass_of(vm, derived, m)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
            Err(type_error(ISSUBCLASS_ARG2))
        }
    }
}

/// `issubclass(cls, class_or_tuple)` as a bool.
pub fn is_subclass(vm: &mut Vm, derived: &Value, classinfo: &Value) -> PyResult<bool> {
    issubclass_of(vm, derived, classinfo)
}

/// `issubclass(cls, class_or_tuple)`.
pub fn issubclass(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("issubclass", kwnames)?;
    check_positional("issubclass", args.len(), 2, 2)?;
    issubclass_of(vm, crate::args::arg(args, 0)?, crate::args::arg(args, 1)?).map(Value::Bool)
}

fn attr_name(v: &Value) -> PyResult<&str> {
    v.as_str().ok_or_else(|| {
        type_error(format!(
            "attribute name must be string, not '{}'",
            type_name(v)
        ))
    })
}

/// `getattr(object, name[, default])`.
pub fn getattr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("getattr", kwnames)?;
    check_positional("getattr", args.len(), 2, 3)?;
    let name = attr_name(crate::args::arg(args, 1)?)?;
    match get_attr(vm, crate::args::arg(args, 0)?, name) {
        Err(e) if args.len() == 3 && e.is_instance_of("AttributeError") => {
            Ok(crate::args::arg(args, 2)?.clone())
        }
        other => other,
    }
}

/// `setattr(object, name, value)`.
pub fn setattr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("setattr", kwnames)?;
    check_positional("setattr", args.len(), 3, 3)?;
    let name = attr_name(crate::args::arg(args, 1)?)?;
    set_attr(
        vm,
        crate::args::arg(args, 0)?,
        name,
        crate::args::arg(args, 2)?.clone(),
    )?;
    Ok(Value::None)
}

/// `hasattr(object, name)`.
pub fn hasattr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("hasattr", kwnames)?;
    check_positional("hasattr", args.len(), 2, 2)?;
    let name = attr_name(crate::args::arg(args, 1)?)?;
    match get_attr(vm, crate::args::arg(args, 0)?, name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if e.is_instance_of("AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

/// `delattr(object, name)`.
pub fn delattr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("delattr", kwnames)?;
    check_positional("delattr", args.len(), 2, 2)?;
    let name = attr_name(crate::args::arg(args, 1)?)?;
    del_attr(vm, crate::args::arg(args, 0)?, name)?;
    Ok(Value::None)
}

/// `callable(object)`.
pub fn callable(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("callable", args, kwnames)?;
    Ok(Value::Bool(crate::iterators::is_callable(vm, x)))
}

/// `repr(object)`.
pub fn repr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("repr", args, kwnames)?;
    repr_of(vm, x).map(Value::string)
}

/// `ascii(object)`.
pub fn ascii(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("ascii", args, kwnames)?;
    ascii_of(vm, x).map(Value::string)
}

/// `format(value, format_spec='')`.
pub fn format(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("format", kwnames)?;
    check_positional("format", args.len(), 1, 2)?;
    let spec = match args.get(1) {
        None => "",
        Some(Value::Str(s)) => s.as_str(),
        Some(other) => {
            return Err(type_error(format!(
                "format() argument 2 must be str, not {}",
                type_name(other)
            )))
        }
    };
    let value = crate::args::arg(args, 0)?;
    // `str.__format__(s, '')` returns `s` itself.
    if spec.is_empty() && matches!(value, Value::Str(_)) {
        return Ok(value.clone());
    }
    rpvm_object::protocols::format::format_value(vm, value, spec).map(Value::string)
}

/// Calls the `locals` builtin (installed by the eval crate) for `vars()` / `dir()`.
fn call_locals(vm: &mut Vm) -> PyResult<Value> {
    match vm.builtins.get_str("locals") {
        Some(f) => call(vm, &f, &[], &[]),
        None => Err(rpvm_object::exception::system_error(
            "vars()/dir() without arguments need the eval loop's locals()",
        )),
    }
}

/// `vars([object])`.
pub fn vars(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("vars", kwnames)?;
    check_positional("vars", args.len(), 0, 1)?;
    let Some(obj) = args.first() else {
        return call_locals(vm);
    };
    match get_attr(vm, obj, "__dict__") {
        Ok(d) => Ok(d),
        Err(e) if e.is_instance_of("AttributeError") => {
            Err(type_error("vars() argument must have __dict__ attribute"))
        }
        Err(e) => Err(e),
    }
}

fn push_keys(names: &mut Vec<String>, d: &PyDict) {
    for k in d.keys() {
        if let Value::Str(s) = k {
            names.push(s.as_str().to_string());
        }
    }
}

fn class_names(names: &mut Vec<String>, t: &Rc<PyType>) {
    for c in t.mro() {
        if c.builtin {
            names.extend(builtin_dir(c.kind).iter().map(|s| s.to_string()));
        } else {
            push_keys(names, &c.dict);
            names.extend(
                ["__dict__", "__module__", "__weakref__", "__doc__"]
                    .iter()
                    .map(|s| s.to_string()),
            );
        }
    }
}

/// The names `dir(obj)` lists, sorted and deduplicated.
pub fn dir_names(vm: &mut Vm, obj: &Value) -> PyResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    match obj {
        Value::Module(m) => push_keys(&mut names, &m.dict),
        Value::Type(t) => {
            class_names(&mut names, t);
            if !t.builtin {
                names.retain(|n| n != "__qualname__");
            }
        }
        Value::Instance(inst) => {
            push_keys(&mut names, &inst.dict);
            let class = inst.class.borrow().clone();
            class_names(&mut names, &class);
            names.push("__class__".into());
        }
        Value::Exception(e) => {
            if let Some(d) = e.dict.borrow().as_ref() {
                push_keys(&mut names, d);
            }
            class_names(&mut names, &e.class);
        }
        Value::Function(f) => {
            if let Some(d) = f.dict.borrow().as_ref() {
                push_keys(&mut names, d);
            }
            names.extend(
                builtin_dir(TypeKind::Function)
                    .iter()
                    .map(|s| s.to_string()),
            );
        }
        _ => {
            let kind = type_of(obj).kind;
            names.extend(builtin_dir(kind).iter().map(|s| s.to_string()));
        }
    }
    let _ = vm;
    names.sort();
    names.dedup();
    Ok(names)
}

/// `dir([object])`.
pub fn dir(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("dir", kwnames)?;
    check_positional("dir", args.len(), 0, 1)?;
    let Some(obj) = args.first() else {
        let locals = call_locals(vm)?;
        let mut keys: Vec<Value> = collect(vm, &locals)?;
        let mut strs: Vec<String> = keys
            .drain(..)
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect();
        strs.sort();
        return Ok(Value::list(strs.into_iter().map(Value::string).collect()));
    };
    if matches!(obj, Value::Instance(_)) && lookup_special(obj, "__dir__").is_some() {
        let r = call_dunder(vm, obj, "__dir__", &[])?.unwrap_or(Value::None);
        let mut items = collect(vm, &r)?;
        let mut err = None;
        items.sort_by(|a, b| match (a.as_str(), b.as_str()) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => {
                err = Some(());
                std::cmp::Ordering::Equal
            }
        });
        if err.is_some() {
            return Err(type_error(
                "'<' not supported between instances of non-str values",
            ));
        }
        return Ok(Value::list(items));
    }
    let names = dir_names(vm, obj)?;
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn import(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = parse(
        "__import__",
        args,
        kwnames,
        &["name", "globals", "locals", "fromlist", "level"],
        0,
        1,
    )?;
    let name = match &a[0] {
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(other) => {
            return Err(type_error(format!(
                "__import__() argument 1 must be str, not {}",
                type_name(other)
            )))
        }
        None => String::new(),
    };
    let globals = match &a[1] {
        Some(Value::Dict(d)) => d.clone(),
        _ => Rc::new(PyDict::new()),
    };
    let fromlist = a[3].clone().unwrap_or_else(|| Value::tuple(vec![]));
    let level = match &a[4] {
        Some(v) => crate::args::index_clamped(vm, v)?,
        None => 0,
    };
    if level < 0 {
        return Err(rpvm_object::exception::value_error("level must be >= 0"));
    }
    if name.is_empty() && level == 0 {
        return Err(rpvm_object::exception::value_error("Empty module name"));
    }
    let hook = vm.hooks.import;
    hook(vm, &name, &fromlist, level, &globals)
}
