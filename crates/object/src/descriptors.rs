//! The built-in descriptors `property`, `classmethod` and `staticmethod`, and the
//! descriptor step of attribute lookup that gives them meaning.

use crate::native::NativeRef;
use std::any::Any;
use std::rc::Rc;

use crate::exception::{attribute_error, type_error, PyErr, PyResult};
use crate::function::{BoundMethod, BuiltinFunction, NativeFn};
use crate::methods::args::bind;
use crate::native::NativeObject;
use crate::protocols::call::call;
use crate::typeobj::{builtin_types, PyType};
use crate::value::Value;
use crate::vm::Vm;
use rpvm_loader::pyrepr::str_repr;
use std::cell::RefCell;

/// A `property` object.
#[derive(Debug, Clone)]
pub struct Property {
    /// The getter.
    pub fget: Value,
    /// The setter.
    pub fset: Value,
    /// The deleter.
    pub fdel: Value,
    /// `__doc__`.
    pub doc: Value,
    /// The attribute name given by `__set_name__` (kept by `setter()` & co.), for messages.
    pub name: RefCell<Option<Value>>,
    /// Made by `property()`: a failed access is worded as CPython's `property` does
    /// (`property 'x' of 'C' object has no setter`); the native modules' read-only
    /// attributes say `can't set attribute`.
    pub python: bool,
}

impl Property {
    /// CPython's `AttributeError` for a missing accessor (`what`: "getter", "setter" or
    /// "deleter") of this property, used on an instance of `obj`'s type.
    pub fn missing(&self, obj: &Value, what: &str) -> PyErr {
        if !self.python {
            return attribute_error(match what {
                "deleter" => "can't delete attribute",
                "getter" => "unreadable attribute",
                _ => "can't set attribute",
            });
        }
        let owner = str_repr(&crate::protocols::type_of(obj).qualname);
        match self.name.borrow().as_ref().and_then(Value::as_str) {
            Some(name) => attribute_error(format!(
                "property {} of {owner} object has no {what}",
                str_repr(name)
            )),
            None => attribute_error(format!("property of {owner} object has no {what}")),
        }
    }
}

/// A `classmethod` wrapper.
#[derive(Debug)]
pub struct ClassMethod(pub Value);

/// A `staticmethod` wrapper.
#[derive(Debug)]
pub struct StaticMethod(pub Value);

fn prop_copy(vm: &mut Vm, args: &[Value], which: usize) -> PyResult<Value> {
    let _ = vm;
    let Some(p) = args.first().and_then(as_property) else {
        return Err(type_error("descriptor requires a property"));
    };
    let mut q = p.clone();
    let f = args.get(1).cloned().unwrap_or(Value::None);
    match which {
        0 => q.fget = f,
        1 => q.fset = f,
        _ => q.fdel = f,
    }
    Ok(Value::Native(NativeRef::new(q)))
}

fn prop_getter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop_copy(vm, args, 0)
}

fn prop_setter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop_copy(vm, args, 1)
}

fn prop_deleter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop_copy(vm, args, 2)
}

fn prop_set_name(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Some(p) = args.first().and_then(as_property) else {
        return Err(type_error("descriptor requires a property"));
    };
    crate::methods::args::check_args("__set_name__", &args[1..], kw, 2, 2)?;
    *p.name.borrow_mut() = Some(args[2].clone());
    Ok(Value::None)
}

/// A property (by weak reference) and the `__doc__` assigned to it.
type AssignedDoc = (std::rc::Weak<Box<dyn NativeObject>>, Value);

thread_local! {
    /// `__doc__`s assigned to properties after they were made (`P.x.__doc__ = '...'`, as
    /// `namedtuple` users in the standard library do), by property; the weak reference
    /// tells a freed property from a new one at the same address.
    static ASSIGNED_DOCS: RefCell<Vec<AssignedDoc>> =
        const { RefCell::new(Vec::new()) };
}

/// `prop.__doc__ = value` for a `property` object `prop`; false if it is not one.
pub fn set_property_doc(prop: &Value, value: Value) -> bool {
    let Value::Native(n) = prop else { return false };
    if n.as_any().downcast_ref::<Property>().is_none() {
        return false;
    }
    ASSIGNED_DOCS.with(|d| {
        let mut d = d.borrow_mut();
        d.retain(|(w, _)| w.strong_count() > 0);
        let me = NativeRef::as_ptr(n);
        d.retain(|(w, _)| NativeRef::upgrade(w).map(|r| NativeRef::as_ptr(&r)) != Some(me));
        d.push((NativeRef::downgrade(n), value));
    });
    true
}

fn assigned_doc(self_value: &Value) -> Option<Value> {
    let Value::Native(n) = self_value else {
        return None;
    };
    let me = NativeRef::as_ptr(n);
    ASSIGNED_DOCS.with(|d| {
        d.borrow()
            .iter()
            .find(|(w, _)| NativeRef::upgrade(w).map(|r| NativeRef::as_ptr(&r)) == Some(me))
            .map(|(_, v)| v.clone())
    })
}

fn bound(name: &'static str, func: NativeFn, self_value: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: None,
    }))
}

impl NativeObject for Property {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("property")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(Some(match name {
            "getter" => bound("getter", prop_getter, self_value),
            "setter" => bound("setter", prop_setter, self_value),
            "deleter" => bound("deleter", prop_deleter, self_value),
            "fget" => self.fget.clone(),
            "fset" => self.fset.clone(),
            "fdel" => self.fdel.clone(),
            "__doc__" => assigned_doc(self_value).unwrap_or_else(|| self.doc.clone()),
            "__set_name__" => bound("__set_name__", prop_set_name, self_value),
            _ => return Ok(None),
        }))
    }
}

impl NativeObject for ClassMethod {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("classmethod")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _vm: &mut Vm, _s: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok((name == "__func__").then(|| self.0.clone()))
    }
}

impl NativeObject for StaticMethod {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("staticmethod")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn get_attr(&self, _vm: &mut Vm, _s: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok((name == "__func__").then(|| self.0.clone()))
    }
}

/// The property behind a value, if it is one.
pub fn as_property(v: &Value) -> Option<&Property> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<Property>(),
        _ => None,
    }
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn property_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = bind(
        "property",
        args,
        kwnames,
        &["fget", "fset", "fdel", "doc"],
        0,
    )?;
    let get = |i: usize| a[i].clone().unwrap_or(Value::None);
    Ok(Value::Native(NativeRef::new(Property {
        fget: get(0),
        fset: get(1),
        fdel: get(2),
        doc: get(3),
        name: RefCell::new(None),
        python: true,
    })))
}

/// `classmethod(f)`.
pub fn classmethod_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    crate::methods::args::check_args("classmethod", args, kwnames, 1, 1)?;
    Ok(Value::Native(NativeRef::new(ClassMethod(args[0].clone()))))
}

/// `staticmethod(f)`.
pub fn staticmethod_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    crate::methods::args::check_args("staticmethod", args, kwnames, 1, 1)?;
    Ok(Value::Native(NativeRef::new(StaticMethod(args[0].clone()))))
}

/// The descriptor step for an attribute found on a class: `obj` is the instance (or `None`
/// when looked up on the class itself), `owner` the class. Returns the value to use.
pub fn descriptor_get(
    vm: &mut Vm,
    attr: Value,
    obj: Option<&Value>,
    owner: &Rc<PyType>,
) -> PyResult<Value> {
    if let Value::Native(n) = &attr {
        let any = n.as_any();
        if let Some(p) = any.downcast_ref::<Property>() {
            return match obj {
                None => Ok(attr.clone()),
                Some(o) => {
                    if p.fget.is_none() {
                        return Err(p.missing(o, "getter"));
                    }
                    call(vm, &p.fget, std::slice::from_ref(o), &[])
                }
            };
        }
        if let Some(c) = any.downcast_ref::<ClassMethod>() {
            return Ok(Value::BoundMethod(Rc::new(BoundMethod {
                func: c.0.clone(),
                self_: Value::Type(owner.clone()),
            })));
        }
        if let Some(s) = any.downcast_ref::<StaticMethod>() {
            return Ok(s.0.clone());
        }
    }
    if let Some(o) = obj {
        // A method of a native class (`owner` set, not yet bound) binds like CPython's
        // method descriptors, so `inst.__len__()` and `super().__setitem__(k, v)` work.
        let native_method =
            matches!(&attr, Value::Builtin(b) if b.owner.is_some() && b.bound_self.is_none());
        if native_method || matches!(attr, Value::Function(_)) {
            return Ok(Value::BoundMethod(Rc::new(BoundMethod {
                func: attr,
                self_: o.clone(),
            })));
        }
    }
    // A user-defined descriptor: a class attribute whose type defines __get__.
    if let Value::Instance(_) = &attr {
        if let Some(get) = crate::protocols::call::lookup_special(&attr, "__get__") {
            let o = obj.cloned().unwrap_or(Value::None);
            return call(
                vm,
                &get,
                &[attr.clone(), o, Value::Type(owner.clone())],
                &[],
            );
        }
    }
    Ok(attr)
}

/// Whether a class attribute is a data descriptor (takes precedence over the instance dict).
pub fn is_data_descriptor(attr: &Value) -> bool {
    if as_property(attr).is_some() {
        return true;
    }
    matches!(attr, Value::Instance(_))
        && (crate::protocols::call::lookup_special(attr, "__set__").is_some()
            || crate::protocols::call::lookup_special(attr, "__delete__").is_some())
}

/// The setter step: `Some(result)` if `attr` is a data descriptor that handled the store.
pub fn descriptor_set(vm: &mut Vm, attr: &Value, obj: &Value, value: Value) -> PyResult<bool> {
    if let Some(p) = as_property(attr) {
        if p.fset.is_none() {
            return Err(p.missing(obj, "setter"));
        }
        call(vm, &p.fset, &[obj.clone(), value], &[])?;
        return Ok(true);
    }
    if let Some(set) = crate::protocols::call::lookup_special(attr, "__set__") {
        call(vm, &set, &[attr.clone(), obj.clone(), value], &[])?;
        return Ok(true);
    }
    Ok(false)
}
