//! The `abc` module: `ABC` (whose `__new__` refuses to instantiate a class that still has
//! abstract methods, with CPython's message), `abstractmethod`, and `ABCMeta` (an alias
//! of `type`: a class using it directly gets no abstract-method check).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::typeobj::builtin_types;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, ClassSpec};

fn is_abstract(vm: &mut Vm, v: &Value) -> bool {
    match get_attr(vm, v, "__isabstractmethod__") {
        Ok(x) => is_true(vm, &x).unwrap_or(false),
        Err(_) => false,
    }
}

fn abc_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Type(cls)) = args.first() else {
        return Err(type_error("ABC.__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let mut names: Vec<String> = Vec::new();
    for t in cls.mro() {
        for k in t.dict.keys() {
            let Some(name) = k.as_str() else { continue };
            if names.iter().any(|n| n == name) {
                continue;
            }
            if let Some(v) = cls.lookup(name) {
                if is_abstract(vm, &v) {
                    names.push(name.to_string());
                }
            }
        }
    }
    if !names.is_empty() {
        names.sort();
        let s = if names.len() == 1 { "" } else { "s" };
        return Err(type_error(format!(
            "Can't instantiate abstract class {} with abstract method{s} {}",
            cls.name,
            names.join(", ")
        )));
    }
    let _ = kw;
    rpvm_object::subclass::default_new(vm, &cls, &[], &[], true)
}

fn abstractmethod(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [f] = args else {
        return Err(type_error("abstractmethod() takes exactly one argument"));
    };
    // Some callables (built-ins) refuse new attributes; they are returned unmarked.
    let _ = set_attr(vm, f, "__isabstractmethod__", Value::Bool(true));
    Ok(f.clone())
}

const ABC: ClassSpec = ClassSpec {
    name: "ABC",
    module: "abc",
    base: None,
    new: Some(abc_new),
    dunders: &[],
    methods: &[],
    props: &[],
};

/// Creates the `abc` module (also registered in `vm.modules`).
pub fn make_abc(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("abc"));
    d.set_str("ABC", Value::Type(class_of(vm, &ABC)));
    d.set_str("ABCMeta", Value::Type(builtin_types().type_.clone()));
    d.set_str(
        "abstractmethod",
        builtin_fn("abstractmethod", abstractmethod),
    );
    let m = Value::Module(Rc::new(PyModule {
        name: "abc".to_string(),
        dict: d,
    }));
    vm.modules.set_str("abc", m.clone());
    m
}
