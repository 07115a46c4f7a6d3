//! `super()`: the zero-argument form reads the calling frame (its first argument and its
//! `__class__` cell), which is why it lives with the eval loop.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::rc::Rc;

use rpvm_object::descriptors::descriptor_get;
use rpvm_object::exception::{attribute_error, runtime_error, type_error, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::type_of;
use rpvm_object::typeobj::{builtin_types, PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::frame::Frame;

/// A `super` object: look attributes up after `class` in the MRO of `obj`'s type.
#[derive(Debug)]
pub struct Super {
    /// The class whose successors are searched.
    pub class: Rc<PyType>,
    /// The bound object (an instance, or a class for classmethods).
    pub obj: Value,
}

/// `super(type, obj)`; the zero-argument form is rewritten by the eval loop into this call.
pub fn super_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if !kwnames.is_empty() {
        return Err(type_error("super() takes no keyword arguments"));
    }
    match args {
        [Value::Type(t), obj] => Ok(Value::Native(NativeRef::new(Super {
            class: t.clone(),
            obj: obj.clone(),
        }))),
        [] => Err(runtime_error("super(): no arguments")),
        [other, ..] if !matches!(other, Value::Type(_)) => Err(type_error(format!(
            "super() argument 1 must be a type, not {}",
            rpvm_object::protocols::type_name(other)
        ))),
        _ => Err(type_error(
            "super() with one argument is not supported by rpvm",
        )),
    }
}

/// The arguments of a zero-argument `super()` call made from `frame`.
pub fn implicit_args(frame: &Frame) -> PyResult<(Value, Value)> {
    let code = &frame.code.code;
    if code.argcount == 0 && code.raw.localsplusnames.is_empty() {
        return Err(runtime_error("super(): no arguments"));
    }
    let first = match frame.locals.first() {
        Some(Value::Cell(c)) => c.get(),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    if first.is_null() {
        return Err(runtime_error("super(): arg[0] deleted"));
    }
    let idx = code
        .raw
        .localsplusnames
        .iter()
        .zip(code.raw.localspluskinds.iter())
        .position(|(n, &k)| &**n == "__class__" && k & rpvm_loader::code::CO_FAST_FREE != 0);
    let class = match idx.and_then(|i| frame.locals.get(i)) {
        Some(Value::Cell(c)) => c.get(),
        _ => return Err(runtime_error("super(): __class__ cell not found")),
    };
    if class.is_null() {
        return Err(runtime_error("super(): empty __class__ cell"));
    }
    Ok((class, first))
}

fn object_init(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn exception_init(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if let Some(Value::Exception(e)) = args.first() {
        let n = args.len() - kwnames.len();
        *e.args.borrow_mut() =
            Rc::new(rpvm_object::tuple::PyTuple::new(args[1..n.max(1)].to_vec()));
    }
    Ok(Value::None)
}

fn builtin_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = args.first().cloned().unwrap_or(Value::None);
    let class = type_of(&v);
    Ok(Value::string(match &v {
        Value::Instance(_) => format!(
            "<{}.{} object at {}>",
            class.module,
            class.qualname,
            rpvm_object::protocols::repr::addr(&v)
        ),
        _ => rpvm_object::protocols::repr::repr(vm, &v)?,
    }))
}

fn builtin_setattr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let [Value::Instance(i), name, value] = args {
        i.dict.set_str(name.as_str().unwrap_or(""), value.clone());
    }
    Ok(Value::None)
}

fn bound(name: &'static str, func: NativeFn, self_value: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: None,
    }))
}

impl NativeObject for Super {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("super")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<super: <class '{}'>, <{} object>>",
            self.class.name,
            type_of(&self.obj).name
        ))
    }

    fn get_attr(&self, vm: &mut Vm, _self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let start = match &self.obj {
            Value::Type(t) if t.is_subtype(&self.class) => t.clone(),
            other => type_of(other),
        };
        let mro = start.mro();
        let pos = mro
            .iter()
            .position(|t| Rc::ptr_eq(t, &self.class))
            .map(|p| p + 1)
            .unwrap_or(mro.len());
        let as_instance = !matches!(&self.obj, Value::Type(t) if t.is_subtype(&self.class));
        for t in &mro[pos..] {
            if let Some(v) = t.dict.get_str(name) {
                let obj = as_instance.then_some(&self.obj);
                return descriptor_get(vm, v, obj, &start).map(Some);
            }
            if t.builtin {
                if let Some((sname, func, binding)) =
                    rpvm_object::subclass::builtin_special(t.kind, name)
                {
                    let bound_self = match binding {
                        rpvm_object::subclass::Binding::Static => None,
                        _ => Some(self.obj.clone()),
                    };
                    return Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
                        name: sname,
                        func,
                        bound_self,
                        owner: None,
                    }))));
                }
                let f: Option<NativeFn> = match (name, t.kind) {
                    ("__init__", TypeKind::Exception) => Some(exception_init),
                    ("__init__", TypeKind::Object) => Some(object_init),
                    ("__repr__", TypeKind::Object) => Some(builtin_repr),
                    ("__setattr__", TypeKind::Object) => Some(builtin_setattr),
                    _ => None,
                };
                if let Some(f) = f {
                    return Ok(Some(bound(
                        match name {
                            "__init__" => "__init__",
                            "__repr__" => "__repr__",
                            _ => "__setattr__",
                        },
                        f,
                        &self.obj,
                    )));
                }
                if let Some(f) = rpvm_object::methods::lookup(t.kind, name) {
                    return Ok(Some(Value::Builtin(Rc::new(BuiltinFunction {
                        name: rpvm_object::methods::static_name(t.kind, name).unwrap_or("method"),
                        func: f,
                        bound_self: Some(
                            rpvm_object::instance::base_value(&self.obj)
                                .unwrap_or_else(|| self.obj.clone()),
                        ),
                        owner: None,
                    }))));
                }
            }
        }
        Err(attribute_error(format!(
            "'super' object has no attribute '{name}'"
        )))
    }
}
