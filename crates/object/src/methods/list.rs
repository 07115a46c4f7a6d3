//! Methods of `list`.

use crate::exception::PyResult;
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `list`.
pub const METHODS: &[(&str, NativeFn)] = &[("append", append)];

fn this(args: &[Value]) -> &std::rc::Rc<crate::list::PyList<Value>> {
    match &args[0] {
        Value::List(l) => l,
        _ => unreachable!("list method called on a non-list"),
    }
}

/// `list.append(x)`.
fn append(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("append", &args[1..], kwnames, 1, 1)?;
    this(args).push(args[1].clone());
    Ok(Value::None)
}
