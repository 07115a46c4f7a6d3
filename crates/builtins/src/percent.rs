//! `str % args`: printf-style formatting. The argument handling is a port of CPython's
//! `PyUnicode_Format`; parsing and padding use the object crate's `format::percent`.

use num_bigint::BigInt;

use rpvm_object::exception::{overflow_error, type_error, value_error, PyResult};
use rpvm_object::format::percent::{
    parse_percent_spec, percent_char_from_int, percent_format_float, percent_format_int,
    percent_format_str, PercentDirective,
};
use rpvm_object::protocols::call::{call_dunder, lookup_special};
use rpvm_object::protocols::convert::{as_bigint, as_f64};
use rpvm_object::protocols::format::format_error;
use rpvm_object::protocols::repr::{ascii, repr, str_};
use rpvm_object::protocols::subscript::get_item;
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::builtin_base;

/// `PyMapping_Check(args) && !tuple && !str`: whether `%(key)s` may look keys up in `args`.
fn is_mapping(v: &Value) -> bool {
    match v {
        Value::Dict(_)
        | Value::List(_)
        | Value::Bytes(_)
        | Value::ByteArray(_)
        | Value::Range(_) => true,
        Value::Instance(_) => lookup_special(v, "__getitem__").is_some(),
        _ => false,
    }
}

/// CPython's argument cursor: a tuple is consumed item by item; any other value (and the
/// value a `%(key)` looked up) is the single argument (`arglen == -1`, `argidx == -2`).
struct Args {
    args: Value,
    arglen: isize,
    argidx: isize,
}

impl Args {
    fn next(&mut self) -> PyResult<Value> {
        if self.argidx < self.arglen {
            let i = self.argidx;
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.args.clone());
            }
            if let Value::Tuple(t) = &self.args {
                if let Some(v) = t.as_slice().get(i as usize) {
                    return Ok(v.clone());
                }
            }
        }
        Err(type_error("not enough arguments for format string"))
    }
}

/// A `*` width or precision argument: must be an int.
fn star_arg(args: &mut Args) -> PyResult<BigInt> {
    let v = args.next()?;
    as_bigint(&v).ok_or_else(|| type_error("* wants int"))
}

/// Formats `fmt % args` (the hook installed with `set_percent_format_hook`).
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<Value> {
    format_percent(vm, fmt, args).map(Value::string)
}

/// `fmt % args` as a Rust string: CPython's `PyUnicode_Format` argument handling driving the
/// object crate's `format::percent` building blocks.
pub fn format_percent(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let (arglen, argidx) = match args {
        Value::Tuple(t) => (t.len() as isize, 0),
        _ => (-1, -2),
    };
    let dict = !matches!(args, Value::Tuple(_)) && is_mapping(args);
    let mut cursor = Args {
        args: args.clone(),
        arglen,
        argidx,
    };
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut i = 0;
    while let Some(rel) = fmt[i..].find('%') {
        out.push_str(&fmt[i..i + rel]);
        let start = i + rel + 1;
        let mut spec = match parse_percent_spec(fmt, start, dict) {
            Ok(PercentDirective::Literal { end }) => {
                out.push('%');
                i = end;
                continue;
            }
            Ok(PercentDirective::Spec(s)) => s,
            Err(e) => {
                // CPython looks a complete `%(key)` up, and fetches `*` arguments, while
                // parsing: their errors come first.
                if dict && fmt[start..].starts_with('(') {
                    if let Some(key) = complete_key(&fmt[start..]) {
                        let v = get_item(vm, args, &Value::str(key))?;
                        cursor = Args {
                            args: v,
                            arglen: -1,
                            argidx: -2,
                        };
                    }
                }
                for _ in 0..e.stars_before {
                    star_arg(&mut cursor)?;
                }
                return Err(format_error(e.error));
            }
        };
        if let Some(key) = &spec.key {
            let v = get_item(vm, args, &Value::str(key))?;
            cursor = Args {
                args: v,
                arglen: -1,
                argidx: -2,
            };
        }
        if spec.width_star {
            let w = star_arg(&mut cursor)?;
            spec.set_star_width(&w).map_err(format_error)?;
        }
        if spec.precision_star {
            let p = star_arg(&mut cursor)?;
            spec.set_star_precision(&p).map_err(format_error)?;
        }
        let v = cursor.next()?;
        let piece = match spec.conversion {
            's' => percent_format_str(&str_(vm, &v)?, &spec),
            'r' => percent_format_str(&repr(vm, &v)?, &spec),
            'a' => percent_format_str(&ascii(vm, &v)?, &spec),
            'c' => {
                let c = format_char(vm, &v)?;
                percent_format_str(c.encode_utf8(&mut [0; 4]), &spec)
            }
            ch @ ('i' | 'd' | 'u' | 'o' | 'x' | 'X') => {
                let n = int_arg(vm, &v, ch)?;
                percent_format_int(&n, &spec)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = float_arg(vm, &v)?;
                percent_format_float(x, &spec)
            }
            _ => Err(spec.unsupported_error(fmt)),
        };
        out.push_str(&piece.map_err(format_error)?);
        i = spec.end;
    }
    out.push_str(&fmt[i..]);
    if cursor.argidx < cursor.arglen && !dict {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

/// The key of a complete `(key)` at the start of `s` (parentheses nest).
fn complete_key(s: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[1..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `PyNumber_Check`: int, float, complex, or an instance with `__index__`/`__int__`/`__float__`.
fn is_number(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_) | Value::Complex(_) => {
            true
        }
        Value::Instance(_) => {
            ["__index__", "__int__", "__float__"]
                .iter()
                .any(|n| lookup_special(v, n).is_some())
                || builtin_base(v).is_some_and(|b| is_number(&b))
        }
        _ => false,
    }
}

/// The int a `%d %i %u` (`int(v)`) or `%o %x %X` (`v.__index__()`) conversion formats.
fn int_arg(vm: &mut Vm, v: &Value, ch: char) -> PyResult<BigInt> {
    let index_only = matches!(ch, 'o' | 'x' | 'X');
    let wrong = || {
        if index_only {
            type_error(format!(
                "%{ch} format: an integer is required, not {}",
                type_name(v)
            ))
        } else {
            type_error(format!(
                "%{ch} format: a real number is required, not {}",
                type_name(v)
            ))
        }
    };
    if !is_number(v) {
        return Err(wrong());
    }
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    if let (Value::Float(x), false) = (v, index_only) {
        return float_to_bigint(*x);
    }
    let methods: &[&str] = if index_only {
        &["__index__"]
    } else {
        &["__int__", "__index__"]
    };
    for name in methods {
        if lookup_special(v, name).is_some() {
            let r = call_dunder(vm, v, name, &[])?.unwrap_or(Value::None);
            return as_bigint(&r).ok_or_else(|| {
                type_error(format!("{name} returned non-int (type {})", type_name(&r)))
            });
        }
    }
    match builtin_base(v) {
        Some(b) => int_arg(vm, &b, ch),
        None => Err(wrong()),
    }
}

fn float_to_bigint(x: f64) -> PyResult<BigInt> {
    if x.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    Ok(num_traits::FromPrimitive::from_f64(x.trunc()).unwrap_or_default())
}

/// `PyFloat_AsDouble` with `%f`'s message.
fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(x) = as_f64(v)? {
        return Ok(x);
    }
    for name in ["__float__", "__index__"] {
        if let Some(r) = call_dunder(vm, v, name, &[])? {
            if let Some(x) = as_f64(&r)? {
                return Ok(x);
            }
        }
    }
    if let Some(b) = builtin_base(v) {
        if let Some(x) = as_f64(&b)? {
            return Ok(x);
        }
    }
    Err(type_error(format!(
        "must be real number, not {}",
        type_name(v)
    )))
}

/// The character of a `%c` conversion: a 1-character str or an int code point.
fn format_char(vm: &mut Vm, v: &Value) -> PyResult<char> {
    if let Value::Str(s) = v {
        let mut it = s.as_str().chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(type_error("%c requires int or char")),
        };
    }
    let n = match as_bigint(v) {
        Some(b) => b,
        None if lookup_special(v, "__index__").is_some() => {
            let r = call_dunder(vm, v, "__index__", &[])?.unwrap_or(Value::None);
            as_bigint(&r).ok_or_else(|| type_error("%c requires int or char"))?
        }
        None => return Err(type_error("%c requires int or char")),
    };
    percent_char_from_int(&n).map_err(format_error)
}
