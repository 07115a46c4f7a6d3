//! Numeric builtins: `abs`, `round`, `divmod`, `pow`, `sum`, `min`, `max`, `hex`, `oct`,
//! `bin`, `chr`, `ord`, `hash`, `id`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Pow, Signed, ToPrimitive, Zero};

use rpvm_object::exception::{
    overflow_error, type_error, value_error, zero_division, PyException, PyResult,
};
use rpvm_object::protocols::arith::{binary_op, float_divmod, BinOp};
use rpvm_object::protocols::call::{call, call_dunder, lookup_special};
use rpvm_object::protocols::compare::{compare_bool, CompareOp};
use rpvm_object::protocols::convert::{as_bigint, as_f64};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{get_iter, next};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::{
    builtin_base, check_positional, index_bigint, index_clamped, kwonly, no_kwargs, not_integer,
    npos, one_arg, parse,
};

/// `abs(x)`.
pub fn abs(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("abs", args, kwnames)?;
    Ok(match x {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        },
        Value::BigInt(b) => Value::from_bigint(b.abs()),
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Float(f) => Value::Float(f.abs()),
        Value::Complex(c) => {
            let r = c.0.hypot(c.1);
            if r.is_infinite() && c.0.is_finite() && c.1.is_finite() {
                return Err(overflow_error("absolute value too large"));
            }
            Value::Float(r)
        }
        _ => match call_dunder(vm, x, "__abs__", &[])? {
            Some(r) => r,
            None => match builtin_base(x) {
                Some(b) => return abs(vm, &[b], &[]),
                None => {
                    return Err(type_error(format!(
                        "bad operand type for abs(): '{}'",
                        type_name(x)
                    )))
                }
            },
        },
    })
}

/// A float with an integral value as an int (OverflowError / ValueError for inf / nan).
pub(crate) fn float_to_int(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(overflow_error("cannot convert float infinity to integer"));
    }
    if f.abs() < 9.0e18 {
        return Ok(Value::Int(f as i64));
    }
    let b: Option<BigInt> = num_traits::FromPrimitive::from_f64(f);
    Ok(Value::from_bigint(b.unwrap_or_default()))
}

/// Rounds `num / den` (den > 0) to the nearest integer, ties to even.
fn div_round_half_even(num: &BigInt, den: &BigInt) -> BigInt {
    let (q, r) = num.div_mod_floor(den);
    let twice = &r * 2u32;
    match twice.cmp(den) {
        std::cmp::Ordering::Greater => q + 1u32,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1u32,
        _ => q,
    }
}

/// CPython's `double_round`: `x` rounded to `ndigits` decimal digits, correctly rounded.
pub(crate) fn round_float(x: f64, ndigits: i64) -> PyResult<f64> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    // x = mantissa * 2**exp exactly.
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mantissa, exp) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    let mut num = BigInt::from(mantissa);
    let mut den = BigInt::one();
    if ndigits >= 0 {
        num *= Pow::pow(BigInt::from(10u32), ndigits as u64);
    } else {
        den *= Pow::pow(BigInt::from(10u32), ndigits.unsigned_abs());
    }
    if exp >= 0 {
        num <<= exp as u64;
    } else {
        den <<= exp.unsigned_abs();
    }
    let q = div_round_half_even(&num, &den);
    let text = format!("{}{}e{}", if negative { "-" } else { "" }, q, -ndigits);
    let r: f64 = text.parse().unwrap_or(f64::INFINITY);
    if r.is_infinite() {
        return Err(overflow_error("rounded value too large to represent"));
    }
    Ok(r)
}

/// `round(number, ndigits=None)`.
pub fn round(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = parse("round", args, kwnames, &["number", "ndigits"], 0, 1)?;
    let x = a[0].clone().unwrap_or(Value::None);
    let nd = a[1].clone().filter(|v| !v.is_none());
    match (&x, nd) {
        (Value::Int(_) | Value::BigInt(_), None) => Ok(x),
        (Value::Bool(b), None) => Ok(Value::Int(*b as i64)),
        (Value::Float(f), None) => {
            let mut r = f.round();
            if (f - r).abs() == 0.5 {
                r = 2.0 * (f / 2.0).round();
            }
            float_to_int(r)
        }
        (Value::Int(_) | Value::BigInt(_) | Value::Bool(_), Some(nd)) => {
            let n = index_bigint(vm, &nd)?;
            let v = as_bigint(&x).unwrap_or_default();
            if !n.is_negative() {
                return Ok(Value::from_bigint(v));
            }
            // Rounding to 10**k with k beyond the number of digits gives 0.
            let k = n.abs();
            let digits = (v.bits() as f64 * std::f64::consts::LOG10_2) as u64 + 2;
            match k.to_u64() {
                Some(k) if k <= digits => {
                    let p = Pow::pow(BigInt::from(10u32), k);
                    Ok(Value::from_bigint(div_round_half_even(&v, &p) * p))
                }
                _ => Ok(Value::Int(0)),
            }
        }
        (Value::Float(f), Some(nd)) => {
            let n = index_clamped(vm, &nd)?;
            round_float(*f, n).map(Value::Float)
        }
        (_, nd) => {
            if lookup_special(&x, "__round__").is_some() {
                let extra: Vec<Value> = nd.into_iter().collect();
                return Ok(call_dunder(vm, &x, "__round__", &extra)?.unwrap_or(Value::None));
            }
            if let Some(b) = builtin_base(&x) {
                let mut full = vec![b];
                full.extend(nd);
                return round(vm, &full, &[]);
            }
            Err(type_error(format!(
                "type {} doesn't define __round__ method",
                type_name(&x)
            )))
        }
    }
}

fn is_intlike(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
}

fn is_real(v: &Value) -> bool {
    is_intlike(v) || matches!(v, Value::Float(_))
}

/// `divmod(a, b)`.
pub fn divmod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("divmod", kwnames)?;
    check_positional("divmod", args.len(), 2, 2)?;
    let (a, b) = (crate::args::arg(args, 0)?, crate::args::arg(args, 1)?);
    if is_intlike(a) && is_intlike(b) {
        let q = binary_op(vm, BinOp::FloorDiv, a, b, false)?;
        let r = binary_op(vm, BinOp::Mod, a, b, false)?;
        return Ok(Value::tuple(vec![q, r]));
    }
    if is_real(a) && is_real(b) {
        let x = as_f64(a)?.unwrap_or(0.0);
        let y = as_f64(b)?.unwrap_or(0.0);
        if y == 0.0 {
            return Err(zero_division("float divmod()"));
        }
        let (q, r) = float_divmod(x, y);
        return Ok(Value::tuple(vec![Value::Float(q), Value::Float(r)]));
    }
    if let Some(r) = call_dunder(vm, a, "__divmod__", std::slice::from_ref(b))? {
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    if let Some(r) = call_dunder(vm, b, "__rdivmod__", std::slice::from_ref(a))? {
        if !matches!(r, Value::NotImplemented) {
            return Ok(r);
        }
    }
    Err(type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        type_name(a),
        type_name(b)
    )))
}

/// Modular inverse of `a` modulo `m` (m > 0), if it exists.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let e = a.mod_floor(m).extended_gcd(m);
    if !e.gcd.is_one() {
        return None;
    }
    Some(e.x.mod_floor(m))
}

/// `pow(base, exp, mod)` on ints.
fn int_pow_mod(base: &BigInt, exp: &BigInt, modulus: &BigInt) -> PyResult<BigInt> {
    if modulus.is_zero() {
        return Err(value_error("pow() 3rd argument cannot be 0"));
    }
    let negative_output = modulus.is_negative();
    let m = modulus.abs();
    let mut b = base.mod_floor(&m);
    let mut e = exp.clone();
    if e.is_negative() {
        b = mod_inverse(&b, &m)
            .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
        e = -e;
    }
    let mut r = if m.is_one() {
        BigInt::zero()
    } else {
        b.modpow(&e, &m)
    };
    if negative_output && !r.is_zero() {
        r -= &m;
    }
    Ok(r)
}

/// `pow(base, exp, mod=None)`.
pub fn pow(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = parse("pow", args, kwnames, &["base", "exp", "mod"], 0, 2)?;
    let base = a[0].clone().unwrap_or(Value::None);
    let exp = a[1].clone().unwrap_or(Value::None);
    let modulus = a[2].clone().unwrap_or(Value::None);
    if modulus.is_none() {
        return binary_op(vm, BinOp::Pow, &base, &exp, false);
    }
    if let (Some(b), Some(e), Some(m)) = (as_bigint(&base), as_bigint(&exp), as_bigint(&modulus)) {
        return int_pow_mod(&b, &e, &m).map(Value::from_bigint);
    }
    if lookup_special(&base, "__pow__").is_some() {
        if let Some(r) = call_dunder(vm, &base, "__pow__", &[exp.clone(), modulus.clone()])? {
            if !matches!(r, Value::NotImplemented) {
                return Ok(r);
            }
        }
    }
    if is_real(&base) && is_real(&exp) && is_real(&modulus) {
        return Err(type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    }
    if matches!(base, Value::Complex(_)) || matches!(exp, Value::Complex(_)) {
        return Err(value_error("complex modulo"));
    }
    Err(type_error(format!(
        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
        type_name(&base),
        type_name(&exp),
        type_name(&modulus)
    )))
}

/// `sum(iterable, /, start=0)`: left-to-right addition (CPython 3.11 has no compensated
/// float summation), with i64 and f64 fast paths.
pub fn sum(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let a = parse("sum", args, kwnames, &["iterable", "start"], 1, 1)?;
    let iterable = a[0].clone().unwrap_or(Value::None);
    let start = a[1].clone().unwrap_or(Value::Int(0));
    match &start {
        Value::Str(_) => {
            return Err(type_error(
                "sum() can't sum strings [use ''.join(seq) instead]",
            ))
        }
        Value::Bytes(_) => {
            return Err(type_error(
                "sum() can't sum bytes [use b''.join(seq) instead]",
            ))
        }
        Value::ByteArray(_) => {
            return Err(type_error(
                "sum() can't sum bytearray [use b''.join(seq) instead]",
            ))
        }
        _ => {}
    }
    let it = get_iter(vm, &iterable)?;
    let mut acc = start;
    while let Some(item) = next(vm, &it)? {
        acc = match (&acc, &item) {
            (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                Some(s) => Value::Int(s),
                None => binary_op(vm, BinOp::Add, &acc, &item, false)?,
            },
            (Value::Float(x), Value::Float(y)) => Value::Float(x + y),
            (Value::Float(x), Value::Int(y)) => Value::Float(x + *y as f64),
            _ => binary_op(vm, BinOp::Add, &acc, &item, false)?,
        };
    }
    Ok(acc)
}

/// `min(...)` / `max(...)`.
fn min_max(vm: &mut Vm, args: &[Value], kwnames: &[Value], is_min: bool) -> PyResult<Value> {
    let name = if is_min { "min" } else { "max" };
    let np = npos(args, kwnames);
    let kw = kwonly(name, args, kwnames, &["key", "default"])?;
    let positional = &args[..np];
    if positional.is_empty() {
        return Err(type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    }
    let multiple = positional.len() > 1;
    let default = kw[1].clone();
    if multiple && default.is_some() {
        return Err(type_error(format!(
            "Cannot specify a default for {name}() with multiple positional arguments"
        )));
    }
    let key = kw[0].clone().filter(|k| !k.is_none());
    let op = if is_min { CompareOp::Lt } else { CompareOp::Gt };
    let source = if multiple {
        Value::tuple(positional.to_vec())
    } else {
        positional[0].clone()
    };
    let it = get_iter(vm, &source)?;
    let mut best: Option<(Value, Value)> = None;
    while let Some(item) = next(vm, &it)? {
        let val = match &key {
            Some(k) => call(vm, k, std::slice::from_ref(&item), &[])?,
            None => item.clone(),
        };
        best = match best {
            None => Some((item, val)),
            Some((bi, bv)) => {
                if compare_bool(vm, &val, &bv, op)? {
                    Some((item, val))
                } else {
                    Some((bi, bv))
                }
            }
        };
    }
    match best {
        Some((item, _)) => Ok(item),
        None => default.ok_or_else(|| value_error(format!("{name}() arg is an empty sequence"))),
    }
}

/// `min(iterable, *[, default, key])` / `min(a, b, *args[, key])`.
pub fn min(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    min_max(vm, args, kwnames, true)
}

/// `max(iterable, *[, default, key])` / `max(a, b, *args[, key])`.
pub fn max(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    min_max(vm, args, kwnames, false)
}

fn to_base(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kwnames: &[Value],
    radix: u32,
    prefix: &str,
) -> PyResult<Value> {
    let x = one_arg(fname, args, kwnames)?;
    let n = index_bigint(vm, x)?;
    let digits = n.abs().to_str_radix(radix);
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(Value::string(format!("{sign}{prefix}{digits}")))
}

/// `hex(x)`.
pub fn hex(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    to_base(vm, "hex", args, kwnames, 16, "0x")
}

/// `oct(x)`.
pub fn oct(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    to_base(vm, "oct", args, kwnames, 8, "0o")
}

/// `bin(x)`.
pub fn bin(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    to_base(vm, "bin", args, kwnames, 2, "0b")
}

/// `chr(i)`. Lone surrogates (U+D800..U+DFFF) cannot be held by rpvm's UTF-8 strings and
/// become U+FFFD.
pub fn chr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("chr", args, kwnames)?;
    let n = match x {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => return Err(overflow_error("Python int too large to convert to C int")),
        Value::Instance(_) => {
            let b = index_bigint(vm, x)?;
            b.to_i64()
                .ok_or_else(|| overflow_error("Python int too large to convert to C int"))?
        }
        _ => return Err(not_integer(x)),
    };
    if i32::try_from(n).is_err() {
        return Err(overflow_error("Python int too large to convert to C int"));
    }
    if !(0..0x110000).contains(&n) {
        return Err(value_error("chr() arg not in range(0x110000)"));
    }
    let c = char::from_u32(n as u32).unwrap_or('\u{fffd}');
    Ok(Value::string(c.to_string()))
}

/// `ord(c)`.
pub fn ord(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("ord", args, kwnames)?;
    let wrong_len = |n: usize| {
        type_error(format!(
            "ord() expected a character, but string of length {n} found"
        ))
    };
    match x {
        Value::Str(s) => {
            let mut it = s.as_str().chars();
            match (it.next(), it.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(wrong_len(s.char_len())),
            }
        }
        Value::Bytes(b) if b.len() == 1 => Ok(Value::Int(b[0] as i64)),
        Value::Bytes(b) => Err(wrong_len(b.len())),
        Value::ByteArray(b) => {
            let v = b.snapshot();
            if v.len() == 1 {
                Ok(Value::Int(v[0] as i64))
            } else {
                Err(wrong_len(v.len()))
            }
        }
        _ => Err(type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name(x)
        ))),
    }
}

/// `hash(obj)`.
pub fn hash(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("hash", args, kwnames)?;
    hash_value(vm, x).map(Value::Int)
}

/// `id(obj)`: the object's address for boxed values; a stable value-derived odd number
/// (never an `Rc` address, which is even) for unboxed ones.
pub fn id(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one_arg("id", args, kwnames)?;
    Ok(Value::Int(id_of(x)))
}

/// The `id()` of a value.
pub fn id_of(x: &Value) -> i64 {
    if let Some(p) = x.ptr() {
        return (p as u64 & (i64::MAX as u64)) as i64;
    }
    let (tag, payload): (u64, u64) = match x {
        Value::None | Value::Null => (1, 0),
        Value::NotImplemented => (2, 0),
        Value::Ellipsis => (3, 0),
        Value::Bool(b) => (4, *b as u64),
        Value::Int(i) => (5, *i as u64),
        Value::Float(f) => (6, f.to_bits()),
        _ => (7, 0),
    };
    let mixed = payload.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ (tag << 56);
    (((mixed >> 2) | 1) & (i64::MAX as u64)) as i64
}

/// Raises `StopIteration()` (used by `next`).
pub(crate) fn stop_iteration() -> rpvm_object::PyErr {
    PyException::new(
        rpvm_object::typeobj::exception_type("StopIteration"),
        vec![],
    )
}
