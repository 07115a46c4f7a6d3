//! Methods of `complex`.

use std::rc::Rc;

use crate::exception::PyResult;
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `complex`.
pub const METHODS: &[(&str, NativeFn)] = &[("conjugate", conjugate)];

/// `complex.conjugate()`.
fn conjugate(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("conjugate", &args[1..], kwnames, 0, 0)?;
    match &args[0] {
        Value::Complex(c) => Ok(Value::Complex(Rc::new((c.0, -c.1)))),
        other => Ok(other.clone()),
    }
}
