//! Constructors of the built-in types (`int(x)`, `list(it)`, ...) and the data attributes of
//! built-in values (`x.real`, `f.__name__`, `r.start`, ...).

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::{Num, ToPrimitive, Zero};

use crate::dict::PyDict;
use crate::exception::{overflow_error, type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::list::PyList;
use crate::methods::args::{bind, check_args};
use crate::misc::{PyRange, PySlice};
use crate::protocols::call::{call_dunder, split_args};
use crate::protocols::hash::hash_value;
use crate::protocols::iter::collect;
use crate::protocols::repr::str_;
use crate::protocols::truth::is_true;
use crate::protocols::type_name;
use crate::set::PySet;
use crate::typeobj::TypeKind;
use crate::value::Value;
use crate::vm::Vm;

/// The constructor of a built-in type.
pub fn constructor(kind: TypeKind) -> Option<NativeFn> {
    Some(match kind {
        TypeKind::Int => int_new,
        TypeKind::Bool => bool_new,
        TypeKind::Float => float_new,
        TypeKind::Str => str_new,
        TypeKind::List => list_new,
        TypeKind::Tuple => tuple_new,
        TypeKind::Dict => dict_new,
        TypeKind::Set => set_new,
        TypeKind::FrozenSet => frozenset_new,
        TypeKind::Range => range_new,
        TypeKind::Slice => slice_new,
        TypeKind::Object => object_new,
        TypeKind::Bytes => bytes_new,
        TypeKind::ByteArray => bytearray_new,
        TypeKind::Complex => complex_new,
        TypeKind::Module => module_new,
        TypeKind::Method => method_new,
        _ => return None,
    })
}

/// `types.MethodType(function, instance)`: a bound method.
fn method_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if !kwnames.is_empty() {
        return Err(type_error("method() takes no keyword arguments"));
    }
    let [func, self_] = args else {
        return Err(type_error(format!(
            "method expected 2 arguments, got {}",
            args.len()
        )));
    };
    if matches!(self_, Value::None) {
        return Err(type_error("instance must not be None"));
    }
    Ok(Value::BoundMethod(std::rc::Rc::new(
        crate::function::BoundMethod {
            func: func.clone(),
            self_: self_.clone(),
        },
    )))
}

/// `types.ModuleType(name, doc=None)`.
fn module_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    if !kwnames.is_empty() {
        return Err(type_error("module() takes no keyword arguments"));
    }
    let name = match args {
        [n] | [n, _] => n.clone(),
        _ => {
            return Err(type_error(format!(
                "module() takes at most 2 arguments ({} given)",
                args.len()
            )))
        }
    };
    let Some(s) = name.as_str().map(str::to_string) else {
        return Err(type_error(format!(
            "module.__init__() argument 'name' must be str, not {}",
            crate::protocols::type_name(&name)
        )));
    };
    let dict = Rc::new(PyDict::new());
    dict.set_str("__name__", name);
    dict.set_str("__doc__", args.get(1).cloned().unwrap_or(Value::None));
    dict.set_str("__package__", Value::None);
    dict.set_str("__loader__", Value::None);
    dict.set_str("__spec__", Value::None);
    Ok(Value::Module(Rc::new(crate::module::PyModule {
        name: s,
        dict,
    })))
}

fn object_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("object", args, kwnames, 0, 0)
        .map_err(|_| type_error("object() takes no arguments"))?;
    let t = crate::typeobj::builtin_types();
    Ok(Value::Instance(Rc::new(crate::instance::PyInstance {
        class: std::cell::RefCell::new(t.object.clone()),
        dict: Rc::new(PyDict::new()),
        builtin_base: std::cell::RefCell::new(None),
    })))
}

/// Parses an int literal as `int(s, base)` does (underscores, whitespace, sign, prefixes).
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits) = match base {
        0 => {
            if let Some(r) = lower.strip_prefix("0x") {
                (16, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0o") {
                (8, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0b") {
                (2, r.to_string())
            } else {
                if lower.len() > 1
                    && lower.starts_with('0')
                    && lower.chars().any(|c| c != '0' && c != '_')
                {
                    return None;
                }
                (10, lower.clone())
            }
        }
        16 => (16, lower.strip_prefix("0x").unwrap_or(&lower).to_string()),
        8 => (8, lower.strip_prefix("0o").unwrap_or(&lower).to_string()),
        2 => (2, lower.strip_prefix("0b").unwrap_or(&lower).to_string()),
        b => (b, lower.clone()),
    };
    let digits = digits.strip_prefix('_').unwrap_or(&digits).to_string();
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let v = BigInt::from_str_radix(&clean, base).ok()?;
    Some(if neg { -v } else { v })
}

fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(Value::from_bigint(num_bigint::BigInt::from_f64_exact(t)))
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

/// `int(x=0)` / `int(s, base)`.
pub fn int_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = bind("int", args, kwnames, &["x", "base"], 0)?;
    let base = match &a[1] {
        None => None,
        Some(b) => match crate::protocols::convert::as_i64(b)? {
            Some(b) if b == 0 || (2..=36).contains(&b) => Some(b as u32),
            Some(_) => return Err(value_error("int() base must be >= 2 and <= 36, or 0")),
            None => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(b)
                )))
            }
        },
    };
    let Some(x) = &a[0] else {
        if base.is_some() {
            return Err(type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    let text = match x {
        Value::Str(s) => Some(s.as_str().to_string()),
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::ByteArray(b) => Some(String::from_utf8_lossy(&b.snapshot()).into_owned()),
        _ => None,
    };
    if let Some(text) = text {
        let b = base.unwrap_or(10);
        return match parse_int(&text, b) {
            Some(v) => {
                if v.bits() > 14_300 {
                    let digits = v.to_string().trim_start_matches('-').len();
                    if digits > crate::protocols::repr::INT_MAX_STR_DIGITS && b == 10 {
                        return Err(value_error(format!("Exceeds the limit (4300 digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit")));
                    }
                }
                Ok(Value::from_bigint(v))
            }
            None => Err(value_error(format!(
                "invalid literal for int() with base {}: {}",
                b,
                match x {
                    Value::Str(s) => rpvm_loader::pyrepr::str_repr(s.as_str()),
                    Value::Bytes(bb) => rpvm_loader::pyrepr::bytes_repr(bb),
                    _ => String::new(),
                }
            ))),
        };
    }
    if base.is_some() {
        return Err(type_error(
            "int() can't convert non-string with explicit base",
        ));
    }
    match x {
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        _ => {
            for name in ["__int__", "__index__", "__trunc__"] {
                if let Some(r) = call_dunder(vm, x, name, &[])? {
                    return Ok(r);
                }
            }
            Err(type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                type_name(x)
            )))
        }
    }
}

fn bool_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("bool", args, kwnames, 0, 1)?;
    match args.first() {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(is_true(vm, v)?)),
    }
}

/// Parses a float literal as `float(s)` does.
pub fn parse_float(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, &lower[1..]),
        Some(b'+') => (1.0, &lower[1..]),
        _ => (1.0, &lower[..]),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN.copysign(sign)),
        _ => {}
    }
    if body.is_empty() || body.contains("__") || body.starts_with('_') || body.ends_with('_') {
        return None;
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '-' | '+' | '_'))
    {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().ok().map(|f| sign * f)
}

fn float_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("float", args, kwnames, 0, 1)?;
    let Some(x) = args.first() else {
        return Ok(Value::Float(0.0));
    };
    match x {
        Value::Float(_) => Ok(x.clone()),
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => Ok(Value::Float(
            crate::protocols::convert::as_f64(x)?.unwrap_or(0.0),
        )),
        Value::Str(s) => parse_float(s.as_str()).map(Value::Float).ok_or_else(|| {
            value_error(format!(
                "could not convert string to float: {}",
                rpvm_loader::pyrepr::str_repr(s.as_str())
            ))
        }),
        _ => {
            if let Some(r) = call_dunder(vm, x, "__float__", &[])? {
                return Ok(r);
            }
            Err(type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                type_name(x)
            )))
        }
    }
}

fn str_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    // `str(x)`, by far the usual call: no argument binding. An exact str is returned
    // itself, as CPython does.
    if let ([v], []) = (args, kwnames) {
        return match v {
            Value::Int(i) => Ok(Value::Str(Rc::new(crate::str::PyStr::from_i64(*i)))),
            Value::Str(_) => Ok(v.clone()),
            _ => Ok(Value::string(str_(vm, v)?)),
        };
    }
    let a = bind("str", args, kwnames, &["object", "encoding", "errors"], 0)?;
    let text_arg = |v: &Option<Value>, default: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.as_str().to_string()),
            Some(other) => Err(type_error(format!(
                "str() argument 'encoding' must be str, not {}",
                type_name(other)
            ))),
        }
    };
    match (&a[0], a[1].is_some() || a[2].is_some()) {
        (None, _) => Ok(Value::str("")),
        (Some(v), true) => {
            let encoding = text_arg(&a[1], "utf-8")?;
            let errors = text_arg(&a[2], "strict")?;
            let bytes = match v {
                Value::Bytes(b) => b.to_vec(),
                Value::ByteArray(b) => b.snapshot(),
                Value::Str(_) => return Err(type_error("decoding str is not supported")),
                other => {
                    return Err(type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        type_name(other)
                    )))
                }
            };
            Ok(Value::string(crate::methods::bytes::decode_bytes(
                &bytes, &encoding, &errors,
            )?))
        }
        (Some(v), false) => Ok(Value::string(str_(vm, v)?)),
    }
}

fn list_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("list", args, kwnames, 0, 1)?;
    match args.first() {
        None => Ok(Value::list(vec![])),
        Some(v) => Ok(Value::list(collect(vm, v)?)),
    }
}

fn tuple_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("tuple", args, kwnames, 0, 1)?;
    match args.first() {
        None => Ok(Value::tuple(vec![])),
        Some(Value::Tuple(_)) => Ok(args[0].clone()),
        Some(v) => Ok(Value::tuple(collect(vm, v)?)),
    }
}

/// Adds the items of a mapping or an iterable of pairs to `d` (dict(x) / d.update(x)).
pub fn dict_update_from(vm: &mut Vm, d: &PyDict, src: &Value) -> PyResult<()> {
    if let Value::Dict(s) = src {
        for (k, v) in s.items() {
            let h = hash_value(vm, &k)?;
            d.insert_hashed(k, h, v);
        }
        return Ok(());
    }
    if let Ok(keys) = crate::protocols::attr::get_attr(vm, src, "keys") {
        let keys = crate::protocols::call::call(vm, &keys, &[], &[])?;
        for k in collect(vm, &keys)? {
            let v = crate::protocols::subscript::get_item(vm, src, &k)?;
            let h = hash_value(vm, &k)?;
            d.insert_hashed(k, h, v);
        }
        return Ok(());
    }
    for (i, item) in collect(vm, src)?.into_iter().enumerate() {
        let pair = collect(vm, &item).map_err(|_| {
            type_error(format!(
                "cannot convert dictionary update sequence element #{i} to a sequence"
            ))
        })?;
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let h = hash_value(vm, &pair[0])?;
        d.insert_hashed(pair[0].clone(), h, pair[1].clone());
    }
    Ok(())
}

fn dict_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (pos, kw) = split_args(args, kwnames);
    if pos.len() > 1 {
        return Err(type_error(format!(
            "dict expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    let d = PyDict::new();
    if let Some(src) = pos.first() {
        crate::methods::dict::update_from(vm, &d, src)?;
    }
    for (k, v) in kw {
        d.set_str(k, v.clone());
    }
    Ok(Value::Dict(Rc::new(d)))
}

fn set_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("set", args, kwnames, 0, 1)?;
    match args.first() {
        None => Ok(Value::Set(Rc::new(PySet::new()))),
        Some(v) => Ok(Value::Set(Rc::new(crate::methods::set::set_from_iterable(
            vm, v,
        )?))),
    }
}

fn frozenset_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("frozenset", args, kwnames, 0, 1)?;
    match args.first() {
        None => Ok(Value::FrozenSet(Rc::new(PySet::new()))),
        Some(Value::FrozenSet(_)) => Ok(args[0].clone()),
        Some(v) => Ok(Value::FrozenSet(Rc::new(
            crate::methods::set::set_from_iterable(vm, v)?,
        ))),
    }
}

fn range_arg(v: &Value) -> PyResult<i64> {
    match crate::protocols::convert::as_i64(v) {
        Ok(Some(i)) => Ok(i),
        Ok(None) => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(v)
        ))),
        Err(_) => Err(overflow_error(
            "range() bounds beyond 64 bits are not supported by rpvm",
        )),
    }
}

fn range_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    crate::methods::args::no_kwargs("range", kwnames)?;
    let (start, stop, step) = match args.len() {
        1 => (0, range_arg(&args[0])?, 1),
        2 => (range_arg(&args[0])?, range_arg(&args[1])?, 1),
        3 => (
            range_arg(&args[0])?,
            range_arg(&args[1])?,
            range_arg(&args[2])?,
        ),
        0 => return Err(type_error("range expected at least 1 argument, got 0")),
        n => {
            return Err(type_error(format!(
                "range expected at most 3 arguments, got {n}"
            )))
        }
    };
    if step == 0 {
        return Err(value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(Rc::new(PyRange { start, stop, step })))
}

fn slice_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("slice", args, kwnames, 1, 3)?;
    let (start, stop, step) = match args.len() {
        1 => (Value::None, args[0].clone(), Value::None),
        2 => (args[0].clone(), args[1].clone(), Value::None),
        _ => (args[0].clone(), args[1].clone(), args[2].clone()),
    };
    Ok(Value::Slice(Rc::new(PySlice { start, stop, step })))
}

fn bytes_from(vm: &mut Vm, x: &Value, what: &str) -> PyResult<Vec<u8>> {
    match x {
        Value::Int(n) if *n >= 0 => Ok(vec![0; *n as usize]),
        Value::Int(_) => Err(value_error("negative count")),
        Value::Bytes(b) => Ok(b.to_vec()),
        Value::ByteArray(b) => Ok(b.snapshot()),
        Value::Str(_) => Err(type_error(
            "string argument without an encoding".to_string(),
        )),
        _ => {
            let items = collect(vm, x).map_err(|_| {
                type_error(format!(
                    "cannot convert '{}' object to {what}",
                    type_name(x)
                ))
            })?;
            items
                .iter()
                .map(|v| match v {
                    Value::Int(i) if (0..256).contains(i) => Ok(*i as u8),
                    Value::Int(_) => Err(value_error("bytes must be in range(0, 256)")),
                    other => Err(type_error(format!(
                        "'{}' object cannot be interpreted as an integer",
                        type_name(other)
                    ))),
                })
                .collect()
        }
    }
}

fn encode_arg(a: &[Option<Value>]) -> PyResult<Option<Vec<u8>>> {
    match (&a[0], &a[1]) {
        (Some(Value::Str(s)), Some(enc)) => {
            let encoding = enc.as_str().unwrap_or("utf-8");
            let errors = a
                .get(2)
                .and_then(|e| e.as_ref())
                .and_then(|e| e.as_str())
                .unwrap_or("strict");
            Ok(Some(crate::methods::bytes::encode_str(
                s.as_str(),
                encoding,
                errors,
            )?))
        }
        (Some(Value::Str(_)), None) => Err(type_error("string argument without an encoding")),
        _ => Ok(None),
    }
}

fn bytes_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = bind("bytes", args, kwnames, &["source", "encoding", "errors"], 0)?;
    if let Some(b) = encode_arg(&a)? {
        return Ok(Value::Bytes(b.into()));
    }
    match &a[0] {
        None => Ok(Value::Bytes(Vec::new().into())),
        Some(x) => Ok(Value::Bytes(bytes_from(vm, x, "bytes")?.into())),
    }
}

fn bytearray_new(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = bind(
        "bytearray",
        args,
        kwnames,
        &["source", "encoding", "errors"],
        0,
    )?;
    let data = if let Some(b) = encode_arg(&a)? {
        b
    } else {
        match &a[0] {
            None => Vec::new(),
            Some(x) => bytes_from(vm, x, "bytearray")?,
        }
    };
    Ok(Value::ByteArray(Rc::new(PyList::new(data))))
}

/// Parses `complex("1+2j")` forms: `a`, `bj`, `a+bj`, `a-bj`, optionally in parentheses.
fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let t = text.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    if t.is_empty() {
        return None;
    }
    let Some(body) = t.strip_suffix(['j', 'J']) else {
        return parse_float(t).map(|re| (re, 0.0));
    };
    // Split at the last sign that is not part of an exponent.
    let bytes = body.as_bytes();
    let mut split = None;
    for i in (1..bytes.len()).rev() {
        if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
            split = Some(i);
            break;
        }
    }
    let imag = |s: &str| -> Option<f64> {
        match s {
            "" | "+" => Some(1.0),
            "-" => Some(-1.0),
            _ => parse_float(s),
        }
    };
    match split {
        Some(i) => Some((parse_float(&body[..i])?, imag(&body[i..])?)),
        None => Some((0.0, imag(body)?)),
    }
}

fn complex_new(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = bind("complex", args, kwnames, &["real", "imag"], 0)?;
    if let Some(Value::Str(s)) = &a[0] {
        if a[1].is_some() {
            return Err(type_error(
                "complex() can't take second arg if first is a string",
            ));
        }
        return match parse_complex(s.as_str()) {
            Some((re, im)) => Ok(Value::Complex(Rc::new((re, im)))),
            None => Err(value_error("complex() arg is a malformed string")),
        };
    }
    let part = |v: &Option<Value>, which: &str| -> PyResult<(f64, f64)> {
        match v {
            None => Ok((0.0, 0.0)),
            Some(Value::Complex(c)) => Ok((c.0, c.1)),
            Some(x) => match crate::protocols::convert::as_f64(x)? {
                Some(f) => Ok((f, 0.0)),
                None => Err(type_error(format!(
                    "complex() {which} argument must be a string or a number, not '{}'",
                    type_name(x)
                ))),
            },
        }
    };
    let (r1, i1) = part(&a[0], "first")?;
    let (r2, i2) = part(&a[1], "second")?;
    Ok(Value::Complex(Rc::new((r1 - i2, i1 + r2))))
}

/// Data attributes of built-in values.
pub fn get_property(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    let _ = vm;
    Ok(match (obj, name) {
        (Value::Int(_) | Value::BigInt(_), "real" | "numerator") => Some(obj.clone()),
        (Value::Bool(b), "real" | "numerator") => Some(Value::Int(*b as i64)),
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "imag") => Some(Value::Int(0)),
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), "denominator") => Some(Value::Int(1)),
        (Value::Float(_), "real") => Some(obj.clone()),
        (Value::Float(_), "imag") => Some(Value::Float(0.0)),
        (Value::Complex(c), "real") => Some(Value::Float(c.0)),
        (Value::Complex(c), "imag") => Some(Value::Float(c.1)),
        (Value::Range(r), "start") => Some(Value::Int(r.start)),
        (Value::Range(r), "stop") => Some(Value::Int(r.stop)),
        (Value::Range(r), "step") => Some(Value::Int(r.step)),
        (Value::Slice(s), "start") => Some(s.start.clone()),
        (Value::Slice(s), "stop") => Some(s.stop.clone()),
        (Value::Slice(s), "step") => Some(s.step.clone()),
        (Value::Function(f), "__name__") => Some(f.name.borrow().clone()),
        (Value::Function(f), "__qualname__") => Some(f.qualname.borrow().clone()),
        (Value::Function(f), "__doc__") => Some(f.doc.borrow().clone()),
        (Value::Function(f), "__module__") => Some(f.module.clone()),
        (Value::Function(f), "__code__") => Some(Value::Code(f.code.clone())),
        (Value::Function(f), "__globals__") => Some(Value::Dict(f.globals.clone())),
        (Value::Function(f), "__defaults__") => {
            Some(f.defaults.clone().map(Value::Tuple).unwrap_or(Value::None))
        }
        (Value::Function(f), "__kwdefaults__") => {
            Some(f.kwdefaults.clone().map(Value::Dict).unwrap_or(Value::None))
        }
        (Value::Function(f), "__closure__") => {
            Some(f.closure.clone().map(Value::Tuple).unwrap_or(Value::None))
        }
        (Value::Function(f), "__annotations__") => Some(f.annotations.borrow().clone()),
        (Value::Function(f), "__dict__") => {
            let mut d = f.dict.borrow_mut();
            Some(Value::Dict(
                d.get_or_insert_with(|| Rc::new(PyDict::new())).clone(),
            ))
        }
        (Value::Function(f), _) => f.dict.borrow().as_ref().and_then(|d| d.get_str(name)),
        (Value::Builtin(b), "__name__" | "__qualname__") => Some(Value::str(b.name)),
        (Value::Builtin(b), "__self__") => Some(b.bound_self.clone().unwrap_or(Value::None)),
        (Value::Builtin(_), "__doc__") => Some(Value::None),
        (Value::BoundMethod(m), "__self__") => Some(m.self_.clone()),
        (Value::BoundMethod(m), "__func__") => Some(m.func.clone()),
        (Value::BoundMethod(m), "__name__" | "__qualname__" | "__doc__" | "__module__") => {
            return crate::protocols::attr::get_attr(vm, &m.func.clone(), name).map(Some)
        }
        (Value::Exception(e), "args") => Some(Value::Tuple(e.args.borrow().clone())),
        (Value::Exception(e), "errno" | "strerror" | "filename" | "filename2")
            if e.is_instance_of("OSError") =>
        {
            if let Some(v) = e.get_attr(name) {
                return Ok(Some(v));
            }
            let args = e.args();
            let i = match name {
                "errno" => 0,
                "strerror" => 1,
                "filename" => 2,
                _ => 4,
            };
            Some(if (2..=5).contains(&args.len()) {
                args.get(i).cloned().unwrap_or(Value::None)
            } else {
                Value::None
            })
        }
        (Value::Exception(e), "message") if e.is_instance_of("BaseExceptionGroup") => {
            Some(crate::exception_group::message(e))
        }
        (Value::Exception(e), "exceptions") if e.is_instance_of("BaseExceptionGroup") => {
            Some(Value::tuple(crate::exception_group::exceptions(vm, e)?))
        }
        (Value::Exception(e), "__cause__") => Some(e.cause.borrow().clone()),
        (Value::Exception(e), "__context__") => Some(e.context.borrow().clone()),
        (Value::Exception(e), "__suppress_context__") => {
            Some(Value::Bool(e.suppress_context.get()))
        }
        (Value::Exception(e), "__traceback__") => Some(crate::exception::PyTraceback::of(e)),
        (Value::Exception(e), "value") if e.is_instance_of("StopIteration") => Some(
            e.get_attr("value")
                .unwrap_or_else(|| e.args().first().cloned().unwrap_or(Value::None)),
        ),
        (Value::Exception(e), "code") if e.is_instance_of("SystemExit") => {
            Some(e.get_attr("code").unwrap_or_else(|| {
                let args = e.args();
                match args.len() {
                    0 => Value::None,
                    1 => args[0].clone(),
                    _ => Value::tuple(args),
                }
            }))
        }
        (Value::Code(c), "co_name") => Some(Value::str(c.code.name())),
        (Value::Code(c), "co_filename") => Some(Value::str(c.code.filename())),
        (Value::Code(c), "co_firstlineno") => Some(Value::Int(c.code.firstlineno() as i64)),
        (Value::Code(c), "co_argcount") => Some(Value::from(c.code.argcount)),
        (Value::Code(c), "co_varnames") => Some(names_tuple(&c.code.varnames)),
        (Value::Code(c), "co_cellvars") => Some(names_tuple(&c.code.cellvars)),
        (Value::Code(c), "co_freevars") => Some(names_tuple(&c.code.freevars)),
        (Value::Code(c), "co_names") => Some(names_tuple(&c.code.raw.names)),
        (Value::Code(c), "co_consts") => Some(Value::tuple(c.consts.to_vec())),
        (Value::Code(c), "co_qualname") => Some(Value::str(c.code.qualname())),
        (Value::Code(c), "co_posonlyargcount") => Some(Value::from(c.code.posonlyargcount)),
        (Value::Code(c), "co_kwonlyargcount") => Some(Value::from(c.code.kwonlyargcount)),
        (Value::Code(c), "co_nlocals") => Some(Value::from(c.code.nlocals)),
        (Value::Code(c), "co_flags") => Some(Value::Int(c.code.flags as i64)),
        (Value::Code(c), "co_stacksize") => Some(Value::Int(c.code.raw.stacksize as i64)),
        (Value::Code(c), "co_code") => Some(Value::Bytes(Rc::new(c.code.raw.code.to_vec()))),
        (Value::Cell(c), "cell_contents") => {
            let v = c.get();
            if v.is_null() {
                return Err(value_error("Cell is empty"));
            }
            Some(v)
        }
        (Value::Module(m), "__name__") => Some(Value::str(&m.name)),
        (Value::Float(f), _) if name == "__int__" => Some(float_to_int(*f)?),
        (Value::Int(i), _) if name == "__zero__" => Some(Value::Bool(i.is_zero())),
        (Value::BigInt(b), _) if name == "__bits__" => {
            Some(Value::from(b.bits().to_usize().unwrap_or(0)))
        }
        _ => None,
    })
}

fn names_tuple(names: &[Rc<str>]) -> Value {
    Value::tuple(names.iter().map(|n| Value::str(n)).collect())
}
