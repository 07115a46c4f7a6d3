//! Calling values: Python functions (through the eval hook), Rust functions, bound
//! methods, and types (construction).

use std::rc::Rc;

use crate::exception::{type_error, PyException, PyResult};
use crate::protocols::type_name;
use crate::str::PyStr;
use crate::typeobj::{PyType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Calls `callable(*args)` where the last `kwnames.len()` args are keyword arguments.
pub fn call(vm: &mut Vm, callable: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    match callable {
        Value::Function(f) => (vm.hooks.call_function)(vm, f, args, kwnames),
        Value::Builtin(b) => match &b.bound_self {
            // A method of a native class called through the class with no instance
            // (`deque.__copy__()`): CPython's method-descriptor error, before the
            // implementation (which takes `args[0]` as the instance) runs.
            None if args.len() <= kwnames.len() && b.owner.is_some() => {
                let owner = b.owner.unwrap_or("object");
                Err(type_error(
                    if b.name.starts_with("__") && b.name.ends_with("__") {
                        format!(
                            "descriptor '{}' of '{owner}' object needs an argument",
                            b.name
                        )
                    } else {
                        format!("unbound method {owner}.{}() needs an argument", b.name)
                    },
                ))
            }
            None => (b.func)(vm, args, kwnames),
            Some(s) => with_prepended(s.clone(), args, |full| (b.func)(vm, full, kwnames)),
        },
        Value::BoundMethod(m) => with_prepended(m.self_.clone(), args, |full| {
            call(vm, &m.func, full, kwnames)
        }),
        Value::Type(t) => call_type(vm, t, args, kwnames),
        Value::Instance(_) => match lookup_special(callable, "__call__") {
            Some(f) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(callable.clone());
                full.extend_from_slice(args);
                call(vm, &f, &full, kwnames)
            }
            None => Err(not_callable(callable)),
        },
        _ => Err(not_callable(callable)),
    }
}

fn not_callable(v: &Value) -> crate::exception::PyErr {
    type_error(format!("'{}' object is not callable", type_name(v)))
}

/// A special method defined by a user class on the type of `v` (not on the instance).
pub fn lookup_special(v: &Value, name: &str) -> Option<Value> {
    let class = match v {
        Value::Instance(i) => i.class.borrow().clone(),
        Value::Exception(e) if !e.class.builtin => e.class.clone(),
        // A class whose metaclass is a user class: the metaclass's special methods apply
        // (`len(Color)`, `for m in Color` for enums).
        Value::Type(t) => match t.metaclass() {
            Some(m) if !m.builtin => m,
            _ => return None,
        },
        _ => return None,
    };
    class.lookup(name)
}

/// Calls the special method `name` of a user-class instance `v` with `args`; `Ok(None)` if
/// `v` is not such an instance or its class does not define it.
pub fn call_dunder(vm: &mut Vm, v: &Value, name: &str, args: &[Value]) -> PyResult<Option<Value>> {
    let Some(f) = lookup_special(v, name) else {
        // A subclass of a built-in type that does not override `name`: the built-in's.
        if let Some(base) = crate::instance::base_value(v) {
            if let Some(f) = crate::methods::lookup(crate::protocols::type_of(&base).kind, name) {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(base);
                full.extend_from_slice(args);
                return f(vm, &full, &[]).map(Some);
            }
        }
        return Ok(None);
    };
    let mut full = Vec::with_capacity(args.len() + 1);
    full.push(v.clone());
    full.extend_from_slice(args);
    call(vm, &f, &full, &[]).map(Some)
}

/// Calls a type: through its metaclass's `__call__` if it has one, else [`type_call`].
pub fn call_type(
    vm: &mut Vm,
    t: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    // `str(x)`, `int(x)`, `list(it)`...: a built-in type without a metaclass goes straight
    // to its constructor (what `type_call` would do, minus its other checks).
    if t.builtin
        && !matches!(t.kind, TypeKind::Exception | TypeKind::Type)
        && t.extra.metaclass.borrow().is_none()
    {
        if let Some(ctor) = crate::methods::constructor(t.kind) {
            return ctor(vm, args, kwnames);
        }
    }
    if let Some(meta) = t.metaclass() {
        if let Some(f) = meta.lookup("__call__") {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(Value::Type(t.clone()));
            full.extend_from_slice(args);
            return call(vm, &f, &full, kwnames);
        }
    }
    type_call(vm, t, args, kwnames)
}

/// `OSError(errno, strerror, ...)` makes the subclass for `errno` (`OSError(2, 'x')` is a
/// `FileNotFoundError`), as CPython's `OSError.__new__` does for 2 to 5 arguments.
fn os_error_subclass(t: &Rc<PyType>, args: &[Value]) -> Rc<PyType> {
    if t.name != "OSError" || !(2..=5).contains(&args.len()) {
        return t.clone();
    }
    let Value::Int(errno) = args[0] else {
        return t.clone();
    };
    let name = i32::try_from(errno).map_or("OSError", crate::exception::os_error_class);
    crate::typeobj::builtin_types()
        .exception(name)
        .unwrap_or_else(|| t.clone())
}

/// For calling a user class whose instances are made the default way (no metaclass
/// `__call__`, no `__new__` along the MRO) and initialised by a Python `__init__` that
/// `inline_ok` accepts: the new instance, not yet initialised, and that `__init__`, so the
/// eval loop can run `__init__` in place instead of through [`type_call`]. `None` when
/// anything else applies (nothing has been created then).
pub fn plain_class_init(
    vm: &mut Vm,
    t: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
    inline_ok: fn(&crate::function::PyFunction) -> bool,
) -> PyResult<Option<(Value, Rc<crate::function::PyFunction>)>> {
    if t.builtin {
        return Ok(None);
    }
    if let Some(meta) = t.metaclass() {
        if meta.lookup("__call__").is_some() {
            return Ok(None);
        }
    }
    let stamp = t.mro_stamp();
    let (init, new) =
        DUNDER_INIT_NEW.with(|(i, n)| (t.lookup_key(i, stamp), t.lookup_key(n, stamp)));
    match (init, new) {
        (Some(Value::Function(f)), None) if inline_ok(&f) => {
            let instance = crate::subclass::default_new(vm, t, args, kwnames, true)?;
            Ok(Some((instance, f)))
        }
        _ => Ok(None),
    }
}

/// The TypeError for an `__init__` that returned something other than None.
pub fn init_returned_error(result: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "__init__() should return None, not '{}'",
        type_name(result)
    ))
}

/// `type.__call__(t, *args)`: built-in constructors, exception classes, and user classes
/// (`__new__` then `__init__`).
pub fn type_call(
    vm: &mut Vm,
    t: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    if t.builtin {
        if t.kind == TypeKind::Exception {
            if !kwnames.is_empty() {
                return Err(type_error(format!(
                    "{}() takes no keyword arguments",
                    t.name
                )));
            }
            if crate::exception_group::is_group_type(t) {
                return crate::exception_group::new_group(vm, t, args, kwnames);
            }
            return Ok(Value::Exception(PyException::new(
                os_error_subclass(t, args),
                args.to_vec(),
            )));
        }
        if t.kind == TypeKind::Type {
            if args.len() == 1 && kwnames.is_empty() {
                return Ok(Value::Type(crate::protocols::type_of(&args[0])));
            }
            if args.len() - kwnames.len() == 3 {
                return crate::subclass::new_class(vm, None, args, kwnames);
            }
            return Err(type_error("type() takes 1 or 3 arguments"));
        }
        return match crate::methods::constructor(t.kind) {
            Some(ctor) => ctor(vm, args, kwnames),
            None => Err(type_error(format!("cannot create '{}' instances", t.name))),
        };
    }
    // A user class. `__init__` and `__new__` are looked up with shared name strings, so the
    // type's lookup cache answers with one pointer comparison each.
    let stamp = t.mro_stamp();
    let (init, new) =
        DUNDER_INIT_NEW.with(|(i, n)| (t.lookup_key(i, stamp), t.lookup_key(n, stamp)));
    let instance = match &new {
        Some(f) => {
            let f = crate::descriptors::descriptor_get(vm, f.clone(), None, t)?;
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(Value::Type(t.clone()));
            full.extend_from_slice(args);
            let r = call(vm, &f, &full, kwnames)?;
            if !crate::protocols::type_of(&r).is_subtype(t) {
                return Ok(r);
            }
            r
        }
        None => crate::subclass::default_new(vm, t, args, kwnames, init.is_some())?,
    };
    if let Some(init) = init {
        let r = with_prepended(instance.clone(), args, |full| {
            call(vm, &init, full, kwnames)
        })?;
        if !r.is_none() {
            return Err(init_returned_error(&r));
        }
    } else if !args.is_empty()
        && new.is_none()
        && t.kind != TypeKind::Exception
        && t.solid_base().is_none()
    {
        return Err(type_error(format!("{}() takes no arguments", t.name)));
    }
    Ok(instance)
}

thread_local! {
    /// `"__init__"` and `"__new__"` as shared strings for [`PyType::lookup_key`].
    static DUNDER_INIT_NEW: (Rc<PyStr>, Rc<PyStr>) =
        (Rc::new(PyStr::new("__init__")), Rc::new(PyStr::new("__new__")));
}

/// Calls `f` with `first` followed by `args`, built on the stack when there are few
/// arguments (a method call with `self` prepended), so the common call does not allocate.
#[inline]
pub fn with_prepended<R>(first: Value, args: &[Value], f: impl FnOnce(&[Value]) -> R) -> R {
    const N: usize = 6;
    if args.len() < N {
        let mut buf: [Value; N] = [const { Value::Null }; N];
        buf[0] = first;
        buf[1..=args.len()].clone_from_slice(args);
        f(&buf[..=args.len()])
    } else {
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(first);
        full.extend_from_slice(args);
        f(&full)
    }
}

/// Splits vectorcall arguments into positional values and (name, value) keyword pairs.
pub fn split_args<'a>(
    args: &'a [Value],
    kwnames: &'a [Value],
) -> (&'a [Value], Vec<(&'a str, &'a Value)>) {
    let npos = args.len().saturating_sub(kwnames.len());
    let kw = kwnames
        .iter()
        .zip(&args[npos..])
        .map(|(k, v)| (k.as_str().unwrap_or(""), v))
        .collect();
    (&args[..npos], kw)
}
