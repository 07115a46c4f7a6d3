//! Classes: creating them (`type(name, bases, ns)`, metaclasses, `__init_subclass__`,
//! `__set_name__`), instantiating them (`__new__` then `__init__`), and the special methods
//! of built-in types that subclasses reach through `super()` or `Base.method(self, ...)`
//! (`object.__new__`, `tuple.__new__`, `dict.__init__`, `type.__call__`, ...).

use crate::native::NativeRef;
use std::rc::Rc;

use crate::descriptors::{ClassMethod, StaticMethod};
use crate::dict::PyDict;
use crate::exception::{type_error, PyException, PyResult};
use crate::function::NativeFn;
use crate::instance::PyInstance;
use crate::protocols::call::{call, split_args};
use crate::protocols::{type_name, type_of};
use crate::typeobj::{builtin_types, PyType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// The C3 linearisation of `bases` (the MRO without the class itself).
pub fn c3_mro_tail(bases: &[Rc<PyType>]) -> PyResult<Vec<Rc<PyType>>> {
    let mut seqs: Vec<Vec<Rc<PyType>>> = bases.iter().map(|b| b.mro()).collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<PyType>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|c| !seqs.iter().any(|s| s[1..].iter().any(|t| Rc::ptr_eq(t, c))));
        let Some(c) = candidate else {
            let names: Vec<String> = bases.iter().map(|b| b.name.clone()).collect();
            return Err(type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// Creates a class object (no `__set_name__` / `__init_subclass__`; see [`new_class`]).
pub fn make_class(
    name: &str,
    bases: Vec<Rc<PyType>>,
    ns: Rc<PyDict>,
    metaclass: Option<Rc<PyType>>,
) -> PyResult<Rc<PyType>> {
    let types = builtin_types();
    let bases = if bases.is_empty() {
        vec![types.object.clone()]
    } else {
        bases
    };
    for b in &bases {
        if !b.subclassable {
            return Err(type_error(format!(
                "type '{}' is not an acceptable base type",
                b.name
            )));
        }
    }
    let kind = if bases.iter().any(|b| b.kind == TypeKind::Exception) {
        TypeKind::Exception
    } else {
        TypeKind::Instance
    };
    let mro_tail = c3_mro_tail(&bases)?;
    let qualname = ns
        .get_str("__qualname__")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| name.to_string());
    let module = ns
        .get_str("__module__")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "__main__".to_string());
    if ns.get_str("__qualname__").is_some() {
        ns.remove_hashed(
            &Value::str("__qualname__"),
            crate::str::hash_str("__qualname__"),
        );
    }
    // `__new__` is implicitly a staticmethod, `__init_subclass__` a classmethod.
    if let Some(f @ Value::Function(_)) = ns.get_str("__new__") {
        ns.set_str("__new__", Value::Native(NativeRef::new(StaticMethod(f))));
    }
    if let Some(f @ Value::Function(_)) = ns.get_str("__init_subclass__") {
        ns.set_str(
            "__init_subclass__",
            Value::Native(NativeRef::new(ClassMethod(f))),
        );
    }
    // A class that defines `__eq__` but not `__hash__` is unhashable (CPython's
    // `type_ready_set_hash`), even if a base defines `__hash__`.
    if ns.get_str("__eq__").is_some() && ns.get_str("__hash__").is_none() {
        ns.set_str("__hash__", Value::None);
    }
    // The metaclass is inherited from the bases when not given.
    let metaclass = metaclass
        .filter(|m| !Rc::ptr_eq(m, &types.type_))
        .or_else(|| bases.iter().find_map(|b| b.metaclass()));
    ns.mark_type_dict();
    let class = Rc::new(PyType {
        name: name.to_string(),
        qualname,
        module,
        kind,
        bases,
        mro_tail,
        dict: ns,
        builtin: false,
        subclassable: true,
        extra: Default::default(),
    });
    *class.extra.metaclass.borrow_mut() = metaclass;
    for b in &class.bases {
        b.extra.subclasses.borrow_mut().push(Rc::downgrade(&class));
    }
    Ok(class)
}

/// `type.__new__(meta, name, bases, ns, **kwargs)`: creates the class, calls `__set_name__`
/// on its attributes and the parent's `__init_subclass__(**kwargs)`.
pub fn new_class(
    vm: &mut Vm,
    meta: Option<Rc<PyType>>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    let (pos, _) = split_args(args, kwnames);
    let [name, bases, ns] = pos else {
        return Err(type_error("type() takes 1 or 3 arguments"));
    };
    let Some(name) = name.as_str() else {
        return Err(type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            type_name(name)
        )));
    };
    let Value::Tuple(bases) = bases else {
        return Err(type_error(format!(
            "type.__new__() argument 2 must be tuple, not {}",
            type_name(bases)
        )));
    };
    let Value::Dict(ns) = ns else {
        return Err(type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            type_name(ns)
        )));
    };
    let mut base_types = Vec::new();
    for b in bases.as_slice() {
        match b {
            Value::Type(t) => base_types.push(t.clone()),
            other => {
                return Err(type_error(format!(
                    "bases must be types, not {}",
                    type_name(other)
                )))
            }
        }
    }
    // The class gets a copy of the namespace, as in CPython.
    let dict = Rc::new(PyDict::new());
    for k in crate::protocols::iter::collect(vm, &Value::Dict(ns.clone()))? {
        if let Some(s) = k.as_str() {
            if let Some(v) = ns.get_str(s) {
                dict.set_str(s, v);
            }
        }
    }
    let class = make_class(name, base_types, dict, meta)?;
    init_class(vm, &class, args, kwnames)?;
    Ok(Value::Type(class))
}

/// `__set_name__` on the new class's attributes, then `super(cls).__init_subclass__(**kw)`.
pub fn init_class(
    vm: &mut Vm,
    class: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<()> {
    let cls = Value::Type(class.clone());
    let keys = crate::protocols::iter::collect(vm, &Value::Dict(class.dict.clone()))?;
    for k in keys {
        let Some(name) = k.as_str() else { continue };
        let Some(attr) = class.dict.get_str(name) else {
            continue;
        };
        if let Some(p) = crate::descriptors::as_property(&attr) {
            *p.name.borrow_mut() = Some(k.clone());
        } else if let Some(f) = crate::protocols::call::lookup_special(&attr, "__set_name__") {
            call(vm, &f, &[attr.clone(), cls.clone(), k.clone()], &[])?;
        }
    }
    let npos = args.len() - kwnames.len();
    let kwargs = &args[npos..];
    for t in &class.mro_tail {
        if let Some(f) = t.dict.get_str("__init_subclass__") {
            let f = crate::descriptors::descriptor_get(vm, f, None, class)?;
            call(vm, &f, kwargs, kwnames)?;
            return Ok(());
        }
    }
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            class.name
        )));
    }
    Ok(())
}

fn is_mutable_kind(kind: TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::List | TypeKind::Dict | TypeKind::Set | TypeKind::ByteArray
    )
}

/// Creates a bare instance of the user class `cls` as `object.__new__` / `tuple.__new__`...
/// would: the built-in base value is built from `args` for immutable bases, empty for mutable
/// ones when `__init__` will fill it.
pub fn default_new(
    vm: &mut Vm,
    cls: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
    init_fills: bool,
) -> PyResult<Value> {
    if cls.builtin {
        return crate::protocols::call::type_call(vm, cls, args, kwnames);
    }
    if cls.kind == TypeKind::Exception {
        let positional = &args[..args.len() - kwnames.len()];
        if crate::exception_group::is_group_type(cls) {
            return crate::exception_group::new_group(vm, cls, positional, &[]);
        }
        return Ok(Value::Exception(PyException::new(
            cls.clone(),
            positional.to_vec(),
        )));
    }
    let Some(solid) = cls.solid_base() else {
        return Ok(Value::Instance(PyInstance::new(cls.clone(), None)));
    };
    if solid.kind == TypeKind::Type {
        return new_class(vm, Some(cls.clone()), args, kwnames);
    }
    let Some(ctor) = crate::methods::constructor(solid.kind) else {
        return Err(type_error(format!(
            "cannot create '{}' instances",
            cls.name
        )));
    };
    let base = if is_mutable_kind(solid.kind) && init_fills {
        ctor(vm, &[], &[])?
    } else {
        ctor(vm, args, kwnames)?
    };
    Ok(Value::Instance(PyInstance::new(cls.clone(), Some(base))))
}

/// How a special method of a built-in type binds when found through `super()` or a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    /// Never bound (`__new__`).
    Static,
    /// Bound to the instance.
    Instance,
    /// Bound to the class.
    Class,
}

/// `X.__new__(cls, *args)` for a built-in `X`.
fn builtin_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(cls)) => {
            let cls = cls.clone();
            default_new(vm, &cls, &args[1..], kwnames, true)
        }
        Some(other) => Err(type_error(format!(
            "__new__(X): X is not a type object ({})",
            type_name(other)
        ))),
        None => Err(type_error("__new__(): not enough arguments")),
    }
}

/// `X.__init__(self, *args)` for a built-in `X`: refills a mutable built-in base.
fn builtin_init(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let Some(base) = args.first().and_then(crate::instance::base_value) else {
        return Ok(Value::None);
    };
    let kind = type_of(&base).kind;
    if !is_mutable_kind(kind) {
        return Ok(Value::None);
    }
    let method = |name: &str| crate::methods::lookup(kind, name);
    let rest = &args[1..];
    match kind {
        TypeKind::Dict => {
            if let Some(update) = method("update") {
                let mut full = vec![base.clone()];
                full.extend_from_slice(rest);
                update(vm, &full, kwnames)?;
            }
        }
        _ => {
            if let Some(ctor) = crate::methods::constructor(kind) {
                // Validates the arguments as the constructor does.
                let fresh = ctor(vm, rest, kwnames)?;
                if let Some(clear) = method("clear") {
                    clear(vm, std::slice::from_ref(&base), &[])?;
                }
                let extend = method("extend").or_else(|| method("update"));
                if let Some(extend) = extend {
                    extend(vm, &[base.clone(), fresh], &[])?;
                }
            }
        }
    }
    Ok(Value::None)
}

/// `type.__call__(cls, *args)`: `__new__` then `__init__`, skipping the metaclass.
fn type_call_fn(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(cls)) => {
            let cls = cls.clone();
            crate::protocols::call::type_call(vm, &cls, &args[1..], kwnames)
        }
        _ => Err(type_error("descriptor '__call__' requires a 'type' object")),
    }
}

fn noop(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn object_init_subclass(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if !kwnames.is_empty() {
        let name = match args.first() {
            Some(Value::Type(t)) => t.name.clone(),
            _ => "object".to_string(),
        };
        return Err(type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [obj, name] => match name.as_str() {
            Some(n) => crate::protocols::attr::generic_get_attr(vm, obj, n),
            None => Err(type_error(format!(
                "attribute name must be string, not '{}'",
                type_name(name)
            ))),
        },
        _ => Err(type_error("expected 1 argument")),
    }
}

fn object_setattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [obj, name, value] => {
            let n = name.as_str().unwrap_or("");
            crate::protocols::attr::generic_set_attr(vm, obj, n, value.clone())?;
            Ok(Value::None)
        }
        _ => Err(type_error("expected 2 arguments")),
    }
}

fn object_delattr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args {
        [Value::Instance(i), name] => {
            let n = name.as_str().unwrap_or("");
            match i.dict.remove_hashed(name, crate::str::hash_str(n)) {
                Some(_) => Ok(Value::None),
                None => Err(crate::exception::attribute_error(format!(
                    "'{}' object has no attribute '{}'",
                    type_name(&args[0]),
                    n
                ))),
            }
        }
        [obj, name] => {
            crate::protocols::attr::del_attr(vm, obj, name.as_str().unwrap_or(""))?;
            Ok(Value::None)
        }
        _ => Err(type_error("expected 1 argument")),
    }
}

fn type_subclasses(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(t)) => Ok(Value::list(
            t.subclasses().into_iter().map(Value::Type).collect(),
        )),
        _ => Err(type_error(
            "descriptor '__subclasses__' requires a 'type' object",
        )),
    }
}

fn type_mro(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Type(t)) => Ok(Value::list(t.mro().into_iter().map(Value::Type).collect())),
        _ => Err(type_error("descriptor 'mro' requires a 'type' object")),
    }
}

/// A special method of built-in type `kind` that classes reach by inheritance: its
/// `'static` name, implementation and binding.
pub fn builtin_special(kind: TypeKind, name: &str) -> Option<(&'static str, NativeFn, Binding)> {
    if kind == TypeKind::Exception {
        return None;
    }
    Some(match name {
        "__new__" => ("__new__", builtin_new as NativeFn, Binding::Static),
        "__init__" if is_mutable_kind(kind) => ("__init__", builtin_init, Binding::Instance),
        "__init__" => ("__init__", noop, Binding::Instance),
        "__call__" if kind == TypeKind::Type => ("__call__", type_call_fn, Binding::Instance),
        "__subclasses__" if kind == TypeKind::Type => {
            ("__subclasses__", type_subclasses, Binding::Instance)
        }
        "mro" if kind == TypeKind::Type => ("mro", type_mro, Binding::Instance),
        "__init_subclass__" if kind == TypeKind::Object => {
            ("__init_subclass__", object_init_subclass, Binding::Class)
        }
        "__getattribute__" if kind == TypeKind::Object => {
            ("__getattribute__", object_getattribute, Binding::Instance)
        }
        "__setattr__" if kind == TypeKind::Object => {
            ("__setattr__", object_setattr, Binding::Instance)
        }
        "__delattr__" if kind == TypeKind::Object => {
            ("__delattr__", object_delattr, Binding::Instance)
        }
        _ => return None,
    })
}
