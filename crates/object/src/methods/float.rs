//! Methods of `float`: `is_integer`, `hex`, `fromhex` (a classmethod, see
//! [`CLASS_METHODS`]), `as_integer_ratio`, `conjugate`. `hex`/`fromhex` follow
//! `Objects/floatobject.c` exactly (including its rounding of long hex strings).

use num_bigint::BigInt;

use crate::exception::{overflow_error, type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `float`.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("is_integer", is_integer),
    ("hex", hex),
    ("fromhex", fromhex),
    ("as_integer_ratio", as_integer_ratio),
    ("conjugate", conjugate),
];

/// Entries of [`METHODS`] that are classmethods: looked up on the type or an instance,
/// they must be called with the class as `args[0]`.
pub const CLASS_METHODS: &[&str] = &["fromhex"];

/// The float value of `self` (a float or an instance of a `float` subclass).
fn this(args: &[Value]) -> PyResult<f64> {
    match args.first() {
        Some(Value::Float(f)) => Ok(*f),
        Some(Value::Instance(inst)) => match &*inst.builtin_base.borrow() {
            Some(Value::Float(f)) => Ok(*f),
            _ => Err(descriptor_error(&args[0])),
        },
        Some(other) => Err(descriptor_error(other)),
        None => Err(type_error("descriptor needs an argument")),
    }
}

fn descriptor_error(v: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "descriptor requires a 'float' object but received a '{}'",
        type_name(v)
    ))
}

/// `float.is_integer()`.
fn is_integer(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = this(args)?;
    check_args("float.is_integer", &args[1..], kwnames, 0, 0)?;
    Ok(Value::Bool(x.is_finite() && x.floor() == x))
}

/// `float.conjugate()`: the float itself.
fn conjugate(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = this(args)?;
    check_args("float.conjugate", &args[1..], kwnames, 0, 0)?;
    Ok(Value::Float(x))
}

/// `float.hex()`.
fn hex(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = this(args)?;
    check_args("float.hex", &args[1..], kwnames, 0, 0)?;
    Ok(Value::string(float_hex(x)))
}

/// `x.hex()` as CPython formats it: `0x1.8000000000000p+1`, `-0x0.0p+0`, `inf`, `nan`.
pub fn float_hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp_bits == 0 {
        (0, -1022)
    } else {
        (1, exp_bits - 1023)
    };
    let esign = if e < 0 { '-' } else { '+' };
    format!("{sign}0x{lead}.{mant:013x}p{esign}{}", e.abs())
}

/// `float.fromhex(string)` (a classmethod: `args[0]` is the class).
fn fromhex(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let rest = args.get(1..).unwrap_or(&[]);
    check_args("float.fromhex", rest, kwnames, 1, 1)?;
    let f = match &rest[0] {
        Value::Str(s) => float_fromhex(s.as_str())?,
        _ => return Err(type_error("bad argument type for built-in operation")),
    };
    crate::methods::construct_for(vm, args.first(), Value::Float(f))
}

fn parse_error() -> crate::exception::PyErr {
    value_error("invalid hexadecimal floating-point string")
}

fn overflow() -> crate::exception::PyErr {
    overflow_error("hexadecimal value too large to represent as a float")
}

/// C's `isspace` in the "C" locale (`Py_ISSPACE`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// `_Py_parse_inf_or_nan`: an optionally signed `inf`, `infinity` or `nan` (any case) at
/// the start of `s`; returns the value and the number of bytes used.
fn parse_inf_or_nan(s: &[u8]) -> Option<(f64, usize)> {
    let (negate, start) = match s.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let rest = &s[start..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    let (v, n) = if starts(b"infinity") {
        (f64::INFINITY, 8)
    } else if starts(b"inf") {
        (f64::INFINITY, 3)
    } else if starts(b"nan") {
        (f64::NAN, 3)
    } else {
        return None;
    };
    Some((if negate { -v } else { v }, start + n))
}

/// `x * 2**e`, exact whenever the result is representable (CPython's `ldexp` use here is
/// always exact by construction).
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(e)
}

/// Parses a hexadecimal float string exactly as `float.fromhex` does: ValueError
/// `invalid hexadecimal floating-point string`, OverflowError `hexadecimal value too large
/// to represent as a float`.
pub fn float_fromhex(text: &str) -> PyResult<f64> {
    const DBL_MIN_EXP: i64 = -1021;
    const DBL_MAX_EXP: i64 = 1024;
    const DBL_MANT_DIG: i64 = 53;
    let s = text.as_bytes();
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut p = 0usize;
    while is_space(at(p)) {
        p += 1;
    }
    let mut negate = false;
    let x: f64;
    'finished: {
        if let Some((v, n)) = parse_inf_or_nan(&s[p..]) {
            p += n;
            x = v;
            break 'finished;
        }
        if at(p) == b'-' {
            p += 1;
            negate = true;
        } else if at(p) == b'+' {
            p += 1;
        }
        if at(p) == b'0' && matches!(at(p + 1), b'x' | b'X') {
            p += 2;
        }
        // Coefficient: <integer> [. <fraction>], collected most significant digit first.
        let mut digits: Vec<u32> = Vec::new();
        while let Some(d) = hex_value(at(p)) {
            digits.push(d);
            p += 1;
        }
        let mut fdigits = 0i64;
        if at(p) == b'.' {
            p += 1;
            while let Some(d) = hex_value(at(p)) {
                digits.push(d);
                fdigits += 1;
                p += 1;
            }
        }
        let total = digits.len();
        if total == 0 {
            return Err(parse_error());
        }
        // HEX_DIGIT(j): the j-th least significant digit.
        let hd = |j: i64| -> u32 {
            usize::try_from(j)
                .ok()
                .and_then(|j| total.checked_sub(1 + j))
                .and_then(|i| digits.get(i).copied())
                .unwrap_or(0)
        };
        // [p <exponent>], saturating like strtol.
        let mut exp: i64 = 0;
        if matches!(at(p), b'p' | b'P') {
            p += 1;
            let mut neg = false;
            if at(p) == b'-' || at(p) == b'+' {
                neg = at(p) == b'-';
                p += 1;
            }
            if !at(p).is_ascii_digit() {
                return Err(parse_error());
            }
            let mut e: i64 = 0;
            while at(p).is_ascii_digit() {
                let d = (at(p) - b'0') as i64;
                e = e.saturating_mul(10).saturating_add(d);
                p += 1;
            }
            exp = if neg {
                if e == i64::MAX {
                    i64::MIN
                } else {
                    -e
                }
            } else {
                e
            };
        }
        let mut ndigits = total as i64;
        while ndigits > 0 && hd(ndigits - 1) == 0 {
            ndigits -= 1;
        }
        if ndigits == 0 || exp < i64::MIN / 2 {
            x = 0.0;
            break 'finished;
        }
        if exp > i64::MAX / 2 {
            return Err(overflow());
        }
        let exp = exp - 4 * fdigits;
        let mut top_exp = exp + 4 * (ndigits - 1);
        let mut digit = hd(ndigits - 1);
        while digit != 0 {
            top_exp += 1;
            digit /= 2;
        }
        if top_exp < DBL_MIN_EXP - DBL_MANT_DIG {
            x = 0.0;
            break 'finished;
        }
        if top_exp > DBL_MAX_EXP {
            return Err(overflow());
        }
        let lsb = top_exp.max(DBL_MIN_EXP) - DBL_MANT_DIG;
        let mut acc = 0.0f64;
        if exp >= lsb {
            let mut i = ndigits - 1;
            while i >= 0 {
                acc = 16.0 * acc + hd(i) as f64;
                i -= 1;
            }
            x = ldexp(acc, exp);
            break 'finished;
        }
        let half_eps: u32 = 1 << ((lsb - exp - 1) % 4);
        let key_digit = (lsb - exp - 1) / 4;
        let mut i = ndigits - 1;
        while i > key_digit {
            acc = 16.0 * acc + hd(i) as f64;
            i -= 1;
        }
        let digit = hd(key_digit);
        acc = 16.0 * acc + (digit & (16 - 2 * half_eps)) as f64;
        if digit & half_eps != 0 {
            let mut round_up = (digit & (3 * half_eps - 1)) != 0
                || (half_eps == 8 && key_digit + 1 < ndigits && (hd(key_digit + 1) & 1) != 0);
            if !round_up {
                let mut i = key_digit - 1;
                while i >= 0 {
                    if hd(i) != 0 {
                        round_up = true;
                        break;
                    }
                    i -= 1;
                }
            }
            if round_up {
                acc += (2 * half_eps) as f64;
                if top_exp == DBL_MAX_EXP && acc == ldexp((2 * half_eps) as f64, DBL_MANT_DIG) {
                    return Err(overflow());
                }
            }
        }
        x = ldexp(acc, exp + 4 * key_digit);
    }
    while is_space(at(p)) {
        p += 1;
    }
    if p != s.len() {
        return Err(parse_error());
    }
    Ok(if negate { -x } else { x })
}

/// `float.as_integer_ratio()`: OverflowError `cannot convert Infinity to integer ratio`,
/// ValueError `cannot convert NaN to integer ratio`.
fn as_integer_ratio(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = this(args)?;
    check_args("float.as_integer_ratio", &args[1..], kwnames, 0, 0)?;
    let (n, d) = integer_ratio(x)?;
    Ok(Value::tuple(vec![
        Value::from_bigint(n),
        Value::from_bigint(d),
    ]))
}

/// The lowest-terms ratio `(numerator, denominator)` of a finite float.
pub fn integer_ratio(x: f64) -> PyResult<(BigInt, BigInt)> {
    if x.is_infinite() {
        return Err(overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    if x == 0.0 {
        return Ok((BigInt::from(0), BigInt::from(1)));
    }
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut mant, mut e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let tz = mant.trailing_zeros() as i64;
    mant >>= tz;
    e += tz;
    let mut n = BigInt::from(mant);
    if x < 0.0 {
        n = -n;
    }
    if e >= 0 {
        Ok((n << e as usize, BigInt::from(1)))
    } else {
        Ok((n, BigInt::from(1) << (-e) as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: NativeFn, args: &[Value]) -> PyResult<Value> {
        f(&mut Vm::new(), args, &[])
    }

    fn err_of<T: std::fmt::Debug>(r: PyResult<T>) -> String {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => {
                let msg = match e.args().first() {
                    Some(Value::Str(s)) => s.as_str().to_string(),
                    _ => String::new(),
                };
                format!("{}: {}", e.type_name(), msg)
            }
        }
    }

    fn repr(v: &Value) -> String {
        crate::protocols::repr::repr(&mut Vm::new(), v).unwrap()
    }

    #[test]
    fn hex_matches_cpython() {
        let cases: &[(f64, &str)] = &[
            (1.0, "0x1.0000000000000p+0"),
            (0.1, "0x1.999999999999ap-4"),
            (-0.0, "-0x0.0p+0"),
            (0.0, "0x0.0p+0"),
            (5e-324, "0x0.0000000000001p-1022"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1.7976931348623157e308, "0x1.fffffffffffffp+1023"),
            (2.2250738585072014e-308, "0x1.0000000000000p-1022"),
            (1e-310, "0x0.012688b70e62bp-1022"),
            (-3.0, "-0x1.8000000000000p+1"),
        ];
        for (x, want) in cases {
            assert_eq!(float_hex(*x), *want);
            assert_eq!(
                repr(&call(hex, &[Value::Float(*x)]).unwrap()),
                format!("'{want}'")
            );
        }
    }

    #[test]
    fn fromhex_matches_cpython() {
        let ok: &[(&str, f64)] = &[
            ("0x1.8p1", 3.0),
            (" -0x1p-1074 ", -5e-324),
            ("0x1p-1075", 0.0),
            ("0x1.8p-1074", 1e-323),
            ("0x3p-1076", 5e-324),
            ("0x1.fffffffffffff7p1023", 1.7976931348623157e308),
            ("inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
            ("1.0", 1.0),
            (".8", 0.5),
            ("0X1.P+4", 16.0),
            ("0x1.0000000000000800000001p0", 1.0000000000000002),
            ("0x1.00000000000008p0", 1.0),
            ("0x1.00000000000018p0", 1.0000000000000004),
            ("0x0.0000000000001p-1022", 5e-324),
            ("0x1p-99999999999999999999", 0.0),
            ("0x0p99999999999999999999", 0.0),
            (" 0x1.8 ", 1.5),
            ("  infinity  ", f64::INFINITY),
            ("1p-1", 0.5),
            ("0x.8", 0.5),
            ("0x8.", 8.0),
            ("0x1.0000000000000ffffffffffffp0", 1.0000000000000002),
            ("0x1.fffffffffffffp+1023", f64::MAX),
            ("0x1p-1022", 2.2250738585072014e-308),
        ];
        for (s, want) in ok {
            let got = float_fromhex(s).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
        assert_eq!(
            float_fromhex("-0x0.0p0").unwrap().to_bits(),
            (-0.0f64).to_bits()
        );
        assert!(float_fromhex("nan").unwrap().is_nan());
        assert!(float_fromhex("-nan").unwrap().is_nan());
        let long = format!("0x{}1p0", "0".repeat(10000));
        assert_eq!(float_fromhex(&long).unwrap(), 1.0);
        for s in [
            "x", "0x", "0x.p1", "0x1p", "0x1_0", "0x1.8p+", "0xg", "0x1p1e1", "0x1.p", "", " ",
            "1é",
        ] {
            assert_eq!(
                err_of(float_fromhex(s)),
                "ValueError: invalid hexadecimal floating-point string",
                "{s}"
            );
        }
        for s in [
            "0x1p1024",
            "0x1.fffffffffffff8p1023",
            "0x1p99999999999999999999",
        ] {
            assert_eq!(
                err_of(float_fromhex(s)),
                "OverflowError: hexadecimal value too large to represent as a float",
                "{s}"
            );
        }
        assert_eq!(
            err_of(call(fromhex, &[Value::None, Value::Int(1)])),
            "TypeError: bad argument type for built-in operation"
        );
        assert_eq!(
            err_of(call(fromhex, &[Value::None])),
            "TypeError: float.fromhex() takes exactly one argument (0 given)"
        );
        // Round trip through hex().
        for x in [0.1, 1e300, 5e-324, 1e-310, -2.5, 123456.789] {
            assert_eq!(float_fromhex(&float_hex(x)).unwrap().to_bits(), x.to_bits());
        }
    }

    #[test]
    fn ratio_and_predicates() {
        let r = |x: f64| repr(&call(as_integer_ratio, &[Value::Float(x)]).unwrap());
        assert_eq!(r(1.5), "(3, 2)");
        assert_eq!(r(0.1), "(3602879701896397, 36028797018963968)");
        assert_eq!(r(-0.0), "(0, 1)");
        assert_eq!(r(-0.75), "(-3, 4)");
        assert_eq!(r(8.0), "(8, 1)");
        assert_eq!(integer_ratio(1e300).unwrap().1, BigInt::from(1));
        assert_eq!(integer_ratio(5e-324).unwrap().1.bits(), 1075);
        assert_eq!(
            err_of(call(as_integer_ratio, &[Value::Float(f64::INFINITY)])),
            "OverflowError: cannot convert Infinity to integer ratio"
        );
        assert_eq!(
            err_of(call(as_integer_ratio, &[Value::Float(f64::NAN)])),
            "ValueError: cannot convert NaN to integer ratio"
        );
        assert!(matches!(
            call(is_integer, &[Value::Float(1.0)]),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            call(is_integer, &[Value::Float(1.5)]),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            call(is_integer, &[Value::Float(f64::INFINITY)]),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(call(conjugate, &[Value::Float(2.5)]), Ok(Value::Float(f)) if f == 2.5));
        assert_eq!(
            err_of(call(is_integer, &[Value::Float(1.0), Value::Int(1)])),
            "TypeError: float.is_integer() takes no arguments (1 given)"
        );
    }
}
