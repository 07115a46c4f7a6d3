//! Argument checking for native functions, with CPython's messages.

use crate::exception::{type_error, PyResult};
use crate::protocols::call::split_args;
use crate::value::Value;

/// Rejects keyword arguments: `NAME() takes no keyword arguments`.
pub fn no_kwargs(name: &str, kwnames: &[Value]) -> PyResult<()> {
    if kwnames.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!("{name}() takes no keyword arguments")))
    }
}

/// Checks a method's positional count (excluding self) with CPython's wording for
/// METH_O / METH_NOARGS / METH_VARARGS methods.
pub fn check_args(
    name: &str,
    args: &[Value],
    kwnames: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_kwargs(name, kwnames)?;
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    Err(type_error(if min == max && max == 0 {
        format!("{name}() takes no arguments ({n} given)")
    } else if min == max && max == 1 {
        format!("{name}() takes exactly one argument ({n} given)")
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    }))
}

/// Positional and keyword arguments by name: returns `[Option<Value>; N]` in `names` order.
pub fn bind<'a>(
    fname: &str,
    args: &'a [Value],
    kwnames: &'a [Value],
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let (pos, kw) = split_args(args, kwnames);
    if pos.len() > names.len() {
        return Err(type_error(format!(
            "{fname}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in kw {
        match names.iter().position(|n| *n == k) {
            Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
            Some(_) => {
                return Err(type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position"
                )))
            }
            None => {
                return Err(type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    for (i, slot) in out.iter().enumerate().take(required) {
        if slot.is_none() {
            return Err(type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    Ok(out)
}
