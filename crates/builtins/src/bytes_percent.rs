//! `bytes % args` and `bytearray % args`: printf-style formatting of bytes, a port of
//! CPython's `_PyBytes_FormatEx`. The format is handled as Latin-1 text (one char per byte)
//! so the object crate's `format::percent` building blocks parse and pad it; numeric
//! conversions go through [`crate::percent::format_percent`] with a rebuilt one-conversion
//! format, so they share its argument conversion and error messages.

use num_bigint::BigInt;

use rpvm_object::exception::{overflow_error, type_error, PyResult};
use rpvm_object::format::percent::{
    parse_percent_spec, percent_format_str, PercentDirective, PercentSpec,
};
use rpvm_object::protocols::call::{call_dunder, lookup_special};
use rpvm_object::protocols::convert::as_bigint;
use rpvm_object::protocols::format::format_error;
use rpvm_object::protocols::repr::ascii;
use rpvm_object::protocols::subscript::get_item;
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::builtin_base;
use crate::memoryview::memoryview_bytes;

/// Installs [`bytes_percent_format`] as the object crate's `bytes % args` hook.
pub fn install() {
    rpvm_object::protocols::arith::set_bytes_percent_format_hook(bytes_percent_format);
}

/// `Py_TYPE(args)->tp_as_mapping->mp_subscript && !tuple && !bytes`.
fn is_mapping(v: &Value) -> bool {
    match v {
        Value::Dict(_) | Value::List(_) | Value::Str(_) | Value::ByteArray(_) | Value::Range(_) => {
            true
        }
        Value::Instance(_) => lookup_special(v, "__getitem__").is_some(),
        Value::Native(_) => memoryview_bytes(v).is_some(),
        _ => false,
    }
}

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

fn star_arg(args: &mut Args) -> PyResult<BigInt> {
    let v = args.next()?;
    as_bigint(&v).ok_or_else(|| type_error("* wants int"))
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn single(key: Value) -> Args {
    Args {
        args: key,
        arglen: -1,
        argidx: -2,
    }
}

/// `format_obj`: the bytes `%s` / `%b` insert.
fn bytes_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Bytes(b) => return Ok(b.to_vec()),
        Value::ByteArray(b) => return Ok(b.snapshot()),
        _ => {}
    }
    if let Some(b) = memoryview_bytes(v) {
        return Ok(b);
    }
    if let Some(r) = call_dunder(vm, v, "__bytes__", &[])? {
        return match r {
            Value::Bytes(b) => Ok(b.to_vec()),
            other => Err(type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                type_name(&other)
            ))),
        };
    }
    if let Some(b) = builtin_base(v) {
        if matches!(b, Value::Bytes(_) | Value::ByteArray(_)) {
            return bytes_of(vm, &b);
        }
    }
    Err(type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        type_name(v)
    )))
}

/// `%c`: an int in `range(256)` or a single byte.
fn byte_char(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    match v {
        Value::Bytes(b) if b.len() == 1 => return Ok(b[0]),
        Value::ByteArray(b) if b.len() == 1 => return Ok(b.snapshot()[0]),
        _ => {}
    }
    let n = match as_bigint(v) {
        Some(n) => n,
        None if lookup_special(v, "__index__").is_some() => {
            let r = call_dunder(vm, v, "__index__", &[])?.unwrap_or(Value::None);
            as_bigint(&r).ok_or_else(|| {
                type_error("%c requires an integer in range(256) or a single byte")
            })?
        }
        None => {
            return Err(type_error(
                "%c requires an integer in range(256) or a single byte",
            ))
        }
    };
    u8::try_from(n).map_err(|_| overflow_error("%c arg not in range(256)"))
}

/// The one-conversion `str` format equivalent to a numeric `spec` (key and `*` resolved).
fn numeric_format(spec: &PercentSpec) -> String {
    let mut f = String::from("%");
    let fl = spec.flags;
    for (on, c) in [
        (fl.left, '-'),
        (fl.sign, '+'),
        (fl.blank, ' '),
        (fl.alt, '#'),
        (fl.zero, '0'),
    ] {
        if on {
            f.push(c);
        }
    }
    if let Some(w) = spec.width {
        f.push_str(&w.to_string());
    }
    if let Some(p) = spec.precision {
        f.push('.');
        f.push_str(&p.to_string());
    }
    f.push(spec.conversion);
    f
}

/// `fmt % args` for bytes: the bytes of the result.
pub fn bytes_percent_format(vm: &mut Vm, fmt_bytes: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    let fmt = latin1(fmt_bytes);
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
        let mut spec = match parse_percent_spec(&fmt, start, dict) {
            Ok(PercentDirective::Literal { end }) => {
                out.push('%');
                i = end;
                continue;
            }
            Ok(PercentDirective::Spec(s)) => s,
            Err(e) => {
                for _ in 0..e.stars_before {
                    star_arg(&mut cursor)?;
                }
                return Err(format_error(e.error));
            }
        };
        if let Some(key) = &spec.key {
            let k: Vec<u8> = key.chars().map(|c| c as u32 as u8).collect();
            let v = get_item(vm, args, &Value::Bytes(k.into()))?;
            cursor = single(v);
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
            's' | 'b' => {
                let b = bytes_of(vm, &v)?;
                percent_format_str(&latin1(&b), &spec).map_err(format_error)?
            }
            'r' | 'a' => percent_format_str(&ascii(vm, &v)?, &spec).map_err(format_error)?,
            'c' => {
                let c = byte_char(vm, &v)?;
                percent_format_str(&latin1(&[c]), &spec).map_err(format_error)?
            }
            'i' | 'd' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = numeric_format(&spec);
                crate::percent::format_percent(vm, &f, &Value::tuple(vec![v]))?
            }
            _ => return Err(format_error(spec.unsupported_error(&fmt))),
        };
        out.push_str(&piece);
        i = spec.end;
    }
    out.push_str(&fmt[i..]);
    if cursor.argidx < cursor.arglen && !dict {
        return Err(type_error(
            "not all arguments converted during bytes formatting",
        ));
    }
    Ok(out.chars().map(|c| c as u32 as u8).collect())
}
