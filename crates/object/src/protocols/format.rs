//! `format(value, spec)`: the format-spec mini-language dispatched by type, `__format__` for
//! user classes.

use num_bigint::BigInt;

use crate::exception::{type_error, PyErr, PyException, PyResult};
use crate::format::error::FormatError;
use crate::format::{
    format_complex_spec, format_float_spec, format_i64_spec, format_int_spec, format_str_spec,
};
use crate::protocols::call::call_dunder;
use crate::protocols::repr::str_;
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// Converts a formatting error into the Python exception CPython raises.
pub fn format_error(e: FormatError) -> PyErr {
    PyException::with_message(e.kind().name(), e.to_string())
}

/// `format(v, spec)`.
pub fn format_value(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    // The type names (for error messages) of the exact built-in types are constants; the
    // others are looked up only when needed.
    match v {
        Value::Int(i) => format_i64_spec(*i, spec, "int").map_err(format_error),
        Value::BigInt(b) => format_int_spec(b, spec, "int").map_err(format_error),
        Value::Bool(b) => {
            if spec.is_empty() {
                Ok(if *b { "True".into() } else { "False".into() })
            } else {
                format_int_spec(&BigInt::from(*b as i64), spec, "bool").map_err(format_error)
            }
        }
        Value::Float(f) => format_float_spec(*f, spec, "float").map_err(format_error),
        Value::Complex(c) => format_complex_spec(c.0, c.1, spec, "complex").map_err(format_error),
        Value::Str(s) => format_str_spec(s.as_str(), spec, "str").map_err(format_error),
        _ => {
            // `int/float/complex/str.__format__(self, '')` is `str(self)`: a subclass's own
            // `__str__`/`__repr__` shows in `f"{x}"`.
            if spec.is_empty()
                && is_number_or_str_subclass(v)
                && crate::protocols::call::lookup_special(v, "__format__").is_none()
            {
                return str_(vm, v);
            }
            if let Some(r) = call_dunder(vm, v, "__format__", &[Value::str(spec)])? {
                return match r {
                    Value::Str(s) => Ok(s.as_str().to_string()),
                    other => Err(type_error(format!(
                        "__format__ must return a str, not {}",
                        type_name(&other)
                    ))),
                };
            }
            if spec.is_empty() {
                return str_(vm, v);
            }
            Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                type_name(v)
            )))
        }
    }
}

/// An instance of a user subclass of `int`, `float`, `complex` or `str`.
fn is_number_or_str_subclass(v: &Value) -> bool {
    match v {
        Value::Instance(i) => matches!(
            &*i.builtin_base.borrow(),
            Some(
                Value::Int(_)
                    | Value::BigInt(_)
                    | Value::Bool(_)
                    | Value::Float(_)
                    | Value::Complex(_)
                    | Value::Str(_)
            )
        ),
        _ => false,
    }
}
