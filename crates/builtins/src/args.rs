//! Argument checking with the exact messages CPython's builtins produce (Argument Clinic,
//! `METH_O`, `_PyArg_CheckPositional`, `PyArg_ParseTupleAndKeywords`).

use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::protocols::call::call_dunder;
use rpvm_object::protocols::convert::as_bigint;
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use num_bigint::BigInt;

/// The number of positional arguments in a vectorcall argument slice.
#[inline]
pub fn npos(args: &[Value], kwnames: &[Value]) -> usize {
    args.len().saturating_sub(kwnames.len())
}

/// `NAME() takes no keyword arguments`.
pub fn no_kwargs(fname: &str, kwnames: &[Value]) -> PyResult<()> {
    if kwnames.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!("{fname}() takes no keyword arguments")))
    }
}

/// A `METH_O` function: exactly one positional argument and no keywords.
pub fn one_arg<'a>(fname: &str, args: &'a [Value], kwnames: &[Value]) -> PyResult<&'a Value> {
    no_kwargs(fname, kwnames)?;
    match args {
        [x] => Ok(x),
        _ => Err(type_error(format!(
            "{fname}() takes exactly one argument ({} given)",
            args.len()
        ))),
    }
}

/// `_PyArg_CheckPositional`: `NAME expected [at least|at most ]N argument[s], got M`.
pub fn check_positional(fname: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n < min {
        return Err(type_error(format!(
            "{fname} expected {}{min} argument{}, got {n}",
            if min == max { "" } else { "at least " },
            if min == 1 { "" } else { "s" }
        )));
    }
    if n > max {
        return Err(type_error(format!(
            "{fname} expected {}{max} argument{}, got {n}",
            if min == max { "" } else { "at most " },
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// Argument Clinic style binding: `names` in order, the first `posonly` positional-only, the
/// first `required` required. Returns one slot per name.
pub fn parse(
    fname: &str,
    args: &[Value],
    kwnames: &[Value],
    names: &[&str],
    posonly: usize,
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let np = npos(args, kwnames);
    if np + kwnames.len() > names.len() {
        // Adding "keyword" when no positional argument was given, as CPython's
        // `_PyArg_UnpackKeywords` does.
        return Err(type_error(format!(
            "{fname}() takes at most {} {}argument{} ({} given)",
            names.len(),
            if np == 0 { "keyword " } else { "" },
            if names.len() == 1 { "" } else { "s" },
            np + kwnames.len()
        )));
    }
    let min_pos = posonly.min(required);
    if np < min_pos {
        return Err(type_error(format!(
            "{fname}() takes {} {min_pos} positional argument{} ({np} given)",
            if min_pos == names.len() {
                "exactly"
            } else {
                "at least"
            },
            if min_pos == 1 { "" } else { "s" }
        )));
    }
    let mut out: Vec<Option<Value>> = args[..np].iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    let mut used = vec![false; kwnames.len()];
    for (i, name) in names.iter().enumerate().skip(np.max(posonly)) {
        for (j, k) in kwnames.iter().enumerate() {
            if k.as_str() == Some(name) {
                out[i] = Some(args.get(np + j).cloned().unwrap_or(Value::None));
                used[j] = true;
                break;
            }
        }
        if out[i].is_none() && i < required {
            return Err(type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    if let Some(j) = used.iter().position(|u| !u) {
        return Err(invalid_keyword(fname, &kwnames[j]));
    }
    Ok(out)
}

/// `'NAME' is an invalid keyword argument for FNAME()`.
pub fn invalid_keyword(fname: &str, key: &Value) -> rpvm_object::PyErr {
    type_error(format!(
        "'{}' is an invalid keyword argument for {fname}()",
        key.as_str().unwrap_or("?")
    ))
}

/// Keyword-only arguments from `kwnames` by name; unknown names raise CPython's
/// `'x' is an invalid keyword argument for f()`.
pub fn kwonly(
    fname: &str,
    args: &[Value],
    kwnames: &[Value],
    names: &[&str],
) -> PyResult<Vec<Option<Value>>> {
    let np = npos(args, kwnames);
    let mut out = vec![None; names.len()];
    for (j, k) in kwnames.iter().enumerate() {
        match names.iter().position(|n| k.as_str() == Some(n)) {
            Some(i) => out[i] = Some(args.get(np + j).cloned().unwrap_or(Value::None)),
            None => return Err(invalid_keyword(fname, k)),
        }
    }
    Ok(out)
}

/// `operator.index(v)`: ints (and bools) as BigInt, `__index__` for instances, else
/// `TypeError: 'T' object cannot be interpreted as an integer`.
pub fn index_bigint(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    if let Some(r) = call_dunder(vm, v, "__index__", &[])? {
        if let Some(b) = as_bigint(&r) {
            return Ok(b);
        }
        return Err(type_error(format!(
            "__index__ returned non-int (type {})",
            type_name(&r)
        )));
    }
    if let Some(b) = builtin_base(v).as_ref().and_then(as_bigint) {
        return Ok(b);
    }
    Err(not_integer(v))
}

/// For an instance of a user subclass of a built-in type (`class C(int)`), the built-in
/// value it wraps.
pub fn builtin_base(v: &Value) -> Option<Value> {
    match v {
        Value::Instance(i) => i.builtin_base.borrow().clone(),
        _ => None,
    }
}

/// `'T' object cannot be interpreted as an integer`.
pub fn not_integer(v: &Value) -> rpvm_object::PyErr {
    type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        type_name(v)
    ))
}

/// `operator.index(v)` as an int value (bools become plain ints).
pub fn index_value(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => index_bigint(vm, v).map(Value::from_bigint),
    }
}

/// `PyNumber_AsSsize_t(v, NULL)`: an index clamped to the `i64` range.
pub fn index_clamped(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let b = index_bigint(vm, v)?;
    Ok(
        i64::try_from(&b).unwrap_or(if b.sign() == num_bigint::Sign::Minus {
            i64::MIN
        } else {
            i64::MAX
        }),
    )
}

/// The arguments of a native method as a fixed-size array (the instance first): exactly
/// `N - 1` arguments after it, else CPython's `NAME() takes exactly one argument (0 given)`
/// / `NAME() takes exactly N arguments (M given)` / `NAME() takes no arguments (M given)`.
pub fn method_args<'a, const N: usize>(fname: &str, args: &'a [Value]) -> PyResult<&'a [Value; N]> {
    <&[Value; N]>::try_from(args).map_err(|_| {
        let given = args.len().saturating_sub(1);
        let want = N.saturating_sub(1);
        match want {
            0 => type_error(format!("{fname}() takes no arguments ({given} given)")),
            1 => type_error(format!(
                "{fname}() takes exactly one argument ({given} given)"
            )),
            _ => type_error(format!(
                "{fname}() takes exactly {want} arguments ({given} given)"
            )),
        }
    })
}

/// The arguments of a native method (the instance first) when `min..=max` arguments may
/// follow the instance: `_PyArg_CheckPositional`'s `NAME expected at least N arguments,
/// got M`.
pub fn method_range<'a>(
    fname: &str,
    args: &'a [Value],
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    if args.is_empty() {
        return Err(type_error(format!(
            "descriptor '{fname}' needs an argument"
        )));
    }
    check_positional(fname, args.len() - 1, min, max)?;
    Ok(args)
}

/// `args[i]` for a native function, or a TypeError when the caller passed too few
/// arguments (counting the instance for a method, like CPython's messages for Python
/// methods) instead of an index panic.
#[inline]
pub fn arg(args: &[Value], i: usize) -> PyResult<&Value> {
    args.get(i).ok_or_else(|| {
        type_error(format!(
            "function takes at least {} positional argument{} ({} given)",
            i + 1,
            if i == 0 { "" } else { "s" },
            args.len()
        ))
    })
}

/// `&args[from..]`, empty when there are fewer arguments (the caller checks the ones it
/// needs with [`arg`]).
#[inline]
pub fn rest(args: &[Value], from: usize) -> &[Value] {
    args.get(from..).unwrap_or(&[])
}

/// `&args[..to]`, shorter when there are fewer arguments.
#[inline]
pub fn first(args: &[Value], to: usize) -> &[Value] {
    &args[..to.min(args.len())]
}
