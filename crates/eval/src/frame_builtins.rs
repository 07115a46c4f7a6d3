//! Builtins that read the calling frame: `globals()`, `locals()`, and `vars()` / `dir()`
//! without arguments. The CALL instruction routes zero-argument calls of them here.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{system_error, PyResult};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::{Value, Vm};

use crate::frame::Frame;

/// `locals()` of `frame`: the namespace dict at module and class level, a fresh snapshot of
/// the bound fast locals (cells and free variables included) in a function.
pub fn locals_of(frame: &Frame) -> Rc<PyDict> {
    if let Some(ns) = &frame.locals_dict {
        return ns.clone();
    }
    let d = PyDict::new();
    let code = &frame.code;
    for (i, name) in code.localsplus_names.iter().enumerate() {
        let v = match frame.locals.get(i) {
            Some(Value::Cell(c)) => c.get(),
            Some(v) => v.clone(),
            None => Value::Null,
        };
        if !v.is_null() {
            d.insert_hashed(Value::Str(name.clone()), name.hash(), v);
        }
    }
    Rc::new(d)
}

/// Runs the zero-argument form of the frame builtin `name` for `frame`.
pub fn call(vm: &mut Vm, frame: &Frame, name: &str) -> PyResult<Value> {
    match name {
        "globals" => Ok(Value::Dict(frame.globals.clone())),
        "locals" | "vars" => Ok(Value::Dict(locals_of(frame))),
        "dir" => {
            let mut keys: Vec<String> = locals_of(frame)
                .keys()
                .iter()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
            keys.sort();
            let _ = vm;
            Ok(Value::list(keys.into_iter().map(Value::string).collect()))
        }
        _ => Err(system_error(format!("{name}() needs a frame"))),
    }
}

fn needs_frame(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(rpvm_object::exception::type_error(
        "globals()/locals() take no arguments and must be called directly",
    ))
}

/// Installs `globals` and `locals` into the builtins (their zero-argument calls never reach
/// these bodies; CALL handles them with the frame in hand).
pub fn install(vm: &mut Vm) {
    for name in ["globals", "locals"] {
        vm.builtins.set_str(
            name,
            Value::Builtin(Rc::new(BuiltinFunction {
                name,
                func: needs_frame,
                bound_self: None,
                owner: None,
            })),
        );
    }
}
