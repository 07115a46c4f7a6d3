//! Methods of `slice` and `range`.

use crate::exception::{type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::protocols::subscript::slice_indices;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `slice`.
pub const SLICE_METHODS: &[(&str, NativeFn)] = &[("indices", indices)];

/// The method table of `range`.
pub const RANGE_METHODS: &[(&str, NativeFn)] = &[("index", range_index), ("count", range_count)];

/// `slice.indices(length)`.
fn indices(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("indices", &args[1..], kwnames, 1, 1)?;
    let Value::Slice(s) = &args[0] else {
        return Err(type_error("descriptor 'indices' requires a 'slice' object"));
    };
    let len = match crate::protocols::convert::as_i64(&args[1])? {
        Some(n) if n >= 0 => n as usize,
        Some(_) => return Err(value_error("length should not be negative")),
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                crate::protocols::type_name(&args[1])
            )))
        }
    };
    let (start, stop, step, _) = slice_indices(s, len)?;
    Ok(Value::tuple(vec![
        Value::Int(start),
        Value::Int(stop),
        Value::Int(step),
    ]))
}

fn range_position(args: &[Value]) -> Option<i64> {
    let (Value::Range(r), Some(Value::Int(x))) = (&args[0], args.get(1)) else {
        return None;
    };
    let x = *x;
    let inside = if r.step > 0 {
        r.start <= x && x < r.stop
    } else {
        r.stop < x && x <= r.start
    };
    (inside && (x - r.start) % r.step == 0).then(|| (x - r.start) / r.step)
}

/// `range.index(x)`.
fn range_index(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("index", &args[1..], kwnames, 1, 1)?;
    match range_position(args) {
        Some(i) => Ok(Value::Int(i)),
        None => Err(value_error(format!(
            "{} is not in range",
            crate::protocols::repr::repr(_vm, &args[1])?
        ))),
    }
}

/// `range.count(x)`.
fn range_count(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("count", &args[1..], kwnames, 1, 1)?;
    Ok(Value::Int(range_position(args).is_some() as i64))
}
