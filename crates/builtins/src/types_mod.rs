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
    let m = Value::Module(Rc::new(PyModule {
        name: "types".to_string(),
        dict: d,
    }));
    vm.modules.set_str("types", m.clone());
    m
}
