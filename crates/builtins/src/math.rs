//! The `math` module (`make_math`): CPython 3.11's functions, constants and error rules
//! ("math domain error" / "math range error"), with `fsum`, `hypot`/`dist`, `ldexp`,
//! `frexp` and the integer functions done exactly as CPython does them.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, value_error, zero_division, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::arith::{binary_op, BinOp};
use rpvm_object::protocols::call::{call_dunder, lookup_special};
use rpvm_object::protocols::convert::as_bigint;
use rpvm_object::protocols::iter::{collect, get_iter, next};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::args::{builtin_base, index_bigint, kwonly, no_kwargs, npos};
use crate::numeric::float_to_int;

fn domain_error() -> rpvm_object::PyErr {
    value_error("math domain error")
}

fn range_error() -> rpvm_object::PyErr {
    overflow_error("math range error")
}

/// `PyFloat_AsDouble`: float, int (OverflowError when too large), `__float__`, `__index__`.
pub fn to_f64(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => return Ok(*f),
        Value::Int(i) => return Ok(*i as f64),
        Value::Bool(b) => return Ok(*b as i64 as f64),
        Value::BigInt(b) => return rpvm_object::protocols::convert::bigint_to_f64(b),
        _ => {}
    }
    if lookup_special(v, "__float__").is_some() {
        match call_dunder(vm, v, "__float__", &[])? {
            Some(Value::Float(f)) => return Ok(f),
            Some(other) => {
                return Err(type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    type_name(v),
                    type_name(&other)
                )))
            }
            None => {}
        }
    }
    if lookup_special(v, "__index__").is_some() {
        let b = index_bigint(vm, v)?;
        return rpvm_object::protocols::convert::bigint_to_f64(&b);
    }
    if let Some(b) = builtin_base(v) {
        return to_f64(vm, &b);
    }
    Err(type_error(format!(
        "must be real number, not {}",
        type_name(v)
    )))
}

fn one<'a>(qual: &str, args: &'a [Value], kwnames: &[Value]) -> PyResult<&'a Value> {
    no_kwargs(qual, kwnames)?;
    match args {
        [x] => Ok(x),
        _ => Err(type_error(format!(
            "{qual}() takes exactly one argument ({} given)",
            args.len()
        ))),
    }
}

fn two<'a>(qual: &str, args: &'a [Value], kwnames: &[Value]) -> PyResult<(&'a Value, &'a Value)> {
    no_kwargs(qual, kwnames)?;
    match args {
        [x, y] => Ok((x, y)),
        _ => Err(type_error(format!(
            "{qual} expected 2 arguments, got {}",
            args.len()
        ))),
    }
}

/// CPython's `math_1`: NaN from a non-NaN is a domain error; infinity from a finite value is
/// a range error (`can_overflow`) or a domain error.
fn math_1(
    vm: &mut Vm,
    qual: &str,
    args: &[Value],
    kwnames: &[Value],
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    let x = to_f64(vm, one(qual, args, kwnames)?)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error()
        } else {
            domain_error()
        });
    }
    Ok(Value::Float(r))
}

macro_rules! float_fns {
    ($(($fname:ident, $qual:literal, $f:expr, $overflow:expr)),* $(,)?) => {
        $(
            fn $fname(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
                math_1(vm, $qual, args, kwnames, $f, $overflow)
            }
        )*
    };
}

/// The C library's math functions: CPython calls these, and Rust's own implementations of
/// some (`cbrt`...) round differently.
mod libm {
    extern "C" {
        pub fn acos(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn asin(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn atan(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn exp2(x: f64) -> f64;
        pub fn expm1(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log1p(x: f64) -> f64;
        pub fn log2(x: f64) -> f64;
        pub fn log10(x: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn sin(x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
    }
}

macro_rules! libm_fns {
    ($($name:ident),* $(,)?) => {
        $(
            pub(super) fn $name(x: f64) -> f64 {
                // SAFETY: a pure C math function of one double, always linked with std.
                unsafe { libm::$name(x) }
            }
        )*
    };
}

mod c {
    use super::libm;
    libm_fns!(
        acos, acosh, asin, asinh, atan, atanh, cos, cosh, erf, erfc, exp, exp2, expm1, log, log1p,
        log2, log10, sin, sinh, tan, tanh
    );

    pub(super) fn atan2(y: f64, x: f64) -> f64 {
        // SAFETY: as above.
        unsafe { libm::atan2(y, x) }
    }

    /// glibc's `cbrt` (sysdeps/ieee754/dbl-64/s_cbrt.c), which CPython calls; Rust's runtime
    /// ships its own `cbrt` symbol that rounds differently and shadows libm's.
    #[allow(clippy::excessive_precision)] // the constants exactly as glibc writes them
    pub(super) fn cbrt(x: f64) -> f64 {
        const CBRT2: f64 = 1.259_921_049_894_873_164_8;
        const SQR_CBRT2: f64 = 1.587_401_051_968_199_474_8;
        const FACTOR: [f64; 5] = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];
        if x == 0.0 || !x.is_finite() {
            return x + x;
        }
        let (xm, xe) = super::frexp(x.abs());
        let u = 0.354_895_765_043_919_86
            + (1.508_191_937_815_848_96
                + (-2.114_994_941_673_712_87
                    + (2.446_931_225_635_344_3
                        + (-1.834_692_774_836_130_86
                            + (0.784_932_344_976_639_262 - 0.145_263_899_385_486_377 * xm) * xm)
                            * xm)
                        * xm)
                    * xm)
                * xm;
        let t2 = u * u * u;
        let ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[(2 + xe % 3) as usize];
        super::ldexp(if x > 0.0 { ym } else { -ym }, xe / 3).unwrap_or(f64::NAN)
    }

    pub(super) fn pow(x: f64, y: f64) -> f64 {
        // SAFETY: as above.
        unsafe { libm::pow(x, y) }
    }
}

float_fns!(
    (m_acos, "math.acos", c::acos, false),
    (m_acosh, "math.acosh", c::acosh, false),
    (m_asin, "math.asin", c::asin, false),
    (m_asinh, "math.asinh", c::asinh, false),
    (m_atan, "math.atan", c::atan, false),
    (m_atanh, "math.atanh", c::atanh, false),
    (m_cbrt, "math.cbrt", c::cbrt, false),
    (m_cos, "math.cos", c::cos, false),
    (m_cosh, "math.cosh", c::cosh, true),
    (m_erf, "math.erf", c::erf, false),
    (m_erfc, "math.erfc", c::erfc, false),
    (m_exp, "math.exp", c::exp, true),
    (m_exp2, "math.exp2", c::exp2, true),
    (m_expm1, "math.expm1", c::expm1, true),
    (m_fabs, "math.fabs", f64::abs, false),
    (m_sin, "math.sin", c::sin, false),
    (m_sinh, "math.sinh", c::sinh, true),
    (m_sqrt, "math.sqrt", f64::sqrt, false),
    (m_tan, "math.tan", c::tan, false),
    (m_tanh, "math.tanh", c::tanh, false),
    (m_log1p, "math.log1p", log1p_checked, false),
);

fn log1p_checked(x: f64) -> f64 {
    if x == -1.0 {
        f64::NEG_INFINITY
    } else if x < -1.0 {
        f64::NAN
    } else {
        c::log1p(x)
    }
}

/// `log` of a positive value that may be an int too large for a float (CPython's
/// `loghelper`): `func(m) + func(2) * e` for `x = m * 2**e`.
fn loghelper(vm: &mut Vm, x: &Value, func: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(b) = as_bigint(x).or_else(|| builtin_base(x).as_ref().and_then(as_bigint)) {
        if !b.is_positive() {
            return Err(domain_error());
        }
        if let Some(f) = b.to_f64().filter(|f| f.is_finite()) {
            return Ok(func(f));
        }
        let bits = b.bits();
        let shift = bits.saturating_sub(64);
        let top = (&b >> shift).to_f64().unwrap_or(1.0);
        // b ~= top * 2**shift with top < 2**64.
        return Ok(func(top) + func(2.0) * shift as f64);
    }
    let f = to_f64(vm, x)?;
    if f.is_nan() {
        return Ok(f);
    }
    if f <= 0.0 {
        return Err(domain_error());
    }
    Ok(func(f))
}

fn m_log(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("log", kwnames)?;
    if args.is_empty() || args.len() > 2 {
        return Err(type_error("math.log requires 1 to 2 arguments"));
    }
    let num = loghelper(vm, crate::args::arg(args, 0)?, c::log)?;
    if args.len() == 1 {
        return Ok(Value::Float(num));
    }
    let den = loghelper(vm, crate::args::arg(args, 1)?, c::log)?;
    if den == 0.0 {
        return Err(zero_division("float division by zero"));
    }
    Ok(Value::Float(num / den))
}

fn m_log2(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one("math.log2", args, kwnames)?;
    loghelper(vm, x, c::log2).map(Value::Float)
}

fn m_log10(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one("math.log10", args, kwnames)?;
    loghelper(vm, x, c::log10).map(Value::Float)
}

fn round_to_int(
    vm: &mut Vm,
    qual: &str,
    dunder: &str,
    args: &[Value],
    kwnames: &[Value],
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    let x = one(qual, args, kwnames)?;
    match x {
        Value::Int(_) | Value::BigInt(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(v) => return float_to_int(f(*v)),
        _ => {}
    }
    if lookup_special(x, dunder).is_some() {
        return Ok(call_dunder(vm, x, dunder, &[])?.unwrap_or(Value::None));
    }
    let v = to_f64(vm, x)?;
    float_to_int(f(v))
}

fn m_floor(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    round_to_int(vm, "math.floor", "__floor__", args, kwnames, f64::floor)
}

fn m_ceil(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    round_to_int(vm, "math.ceil", "__ceil__", args, kwnames, f64::ceil)
}

fn m_trunc(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one("math.trunc", args, kwnames)?;
    match x {
        Value::Int(_) | Value::BigInt(_) => Ok(x.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(v) => float_to_int(v.trunc()),
        _ if lookup_special(x, "__trunc__").is_some() => {
            Ok(call_dunder(vm, x, "__trunc__", &[])?.unwrap_or(Value::None))
        }
        _ => Err(type_error(format!(
            "type {} doesn't define __trunc__ method",
            type_name(x)
        ))),
    }
}

fn m_copysign(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("copysign", args, kwnames)?;
    let (x, y) = (to_f64(vm, a)?, to_f64(vm, b)?);
    Ok(Value::Float(x.copysign(y)))
}

fn m_atan2(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("atan2", args, kwnames)?;
    let (y, x) = (to_f64(vm, a)?, to_f64(vm, b)?);
    Ok(Value::Float(c::atan2(y, x)))
}

fn m_fmod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("fmod", args, kwnames)?;
    let (x, y) = (to_f64(vm, a)?, to_f64(vm, b)?);
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error());
    }
    Ok(Value::Float(r))
}

fn m_remainder(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("remainder", args, kwnames)?;
    let (x, y) = (to_f64(vm, a)?, to_f64(vm, b)?);
    // CPython's m_remainder.
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if y.is_nan() {
        return Ok(Value::Float(y));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error());
    }
    if y.is_infinite() {
        return Ok(Value::Float(x));
    }
    let absx = x.abs();
    let absy = y.abs();
    let m = absx % absy;
    let c = absy - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        m - 2.0 * ((0.5 * (absx - m)) % absy)
    };
    Ok(Value::Float(1.0f64.copysign(x) * r))
}

fn m_pow(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("pow", args, kwnames)?;
    let (x, y) = (to_f64(vm, a)?, to_f64(vm, b)?);
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
        return Ok(Value::Float(r));
    }
    let r = c::pow(x, y);
    if r.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() {
        return Err(if x == 0.0 {
            domain_error()
        } else {
            range_error()
        });
    }
    Ok(Value::Float(r))
}

fn m_degrees(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.degrees", args, kwnames)?)?;
    Ok(Value::Float(x * (180.0 / std::f64::consts::PI)))
}

fn m_radians(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.radians", args, kwnames)?)?;
    Ok(Value::Float(x * (std::f64::consts::PI / 180.0)))
}

fn m_isnan(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.isnan", args, kwnames)?)?;
    Ok(Value::Bool(x.is_nan()))
}

fn m_isinf(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.isinf", args, kwnames)?)?;
    Ok(Value::Bool(x.is_infinite()))
}

fn m_isfinite(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.isfinite", args, kwnames)?)?;
    Ok(Value::Bool(x.is_finite()))
}

/// `frexp`: `x == m * 2**e` with `0.5 <= |m| < 1` (`(x, 0)` for zeros, infinities, NaN).
pub fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, biased - 1022)
}

/// `ldexp`: `x * 2**e`, rounded once (OverflowError "math range error" on overflow).
pub fn ldexp(x: f64, e: i64) -> PyResult<f64> {
    if x == 0.0 || !x.is_finite() {
        return Ok(x);
    }
    let (m, fe) = frexp(x);
    let total = fe.saturating_add(e);
    if total > 1024 {
        return Err(range_error());
    }
    if total < -1080 {
        return Ok(0.0f64.copysign(x));
    }
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    let r = if total >= -1021 {
        // m * 2**total with 2**(total - 1) a normal power of two.
        m * 2.0 * pow2(total - 1)
    } else {
        // Subnormal result: scale exactly to an integer multiple of 2**-1074, round once.
        m * pow2(total + 1074) * f64::from_bits(1)
    };
    if r.is_infinite() {
        return Err(range_error());
    }
    Ok(r)
}

fn m_frexp(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.frexp", args, kwnames)?)?;
    let (m, e) = frexp(x);
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn m_ldexp(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("ldexp", args, kwnames)?;
    let x = to_f64(vm, a)?;
    let e = match as_bigint(b) {
        Some(e) => e,
        None => return Err(type_error("Expected an int as second argument to ldexp.")),
    };
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX });
    ldexp(x, e).map(Value::Float)
}

fn m_modf(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.modf", args, kwnames)?)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let i = x.trunc();
        ((x - i).copysign(x), i)
    };
    Ok(Value::tuple(vec![Value::Float(frac), Value::Float(int)]))
}

/// CPython 3.11's `vector_norm` (accurate hypot of many coordinates).
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134_217_729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    if max_e >= -1023 {
        let scale = ldexp(1.0, -max_e).unwrap_or(1.0);
        for v in vec.iter() {
            let x = v * scale;
            let t = x * T27;
            let hi = t - (t - x);
            let lo = x - hi;
            let x = hi * hi;
            let old = csum;
            csum += x;
            frac1 += (old - csum) + x;
            let x = 2.0 * hi * lo;
            let old = csum;
            csum += x;
            frac2 += (old - csum) + x;
            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
        let x = h;
        let t = x * T27;
        let hi = t - (t - x);
        let lo = x - hi;
        let x = -hi * hi;
        let old = csum;
        csum += x;
        frac1 += (old - csum) + x;
        let x = -2.0 * hi * lo;
        let old = csum;
        csum += x;
        frac2 += (old - csum) + x;
        let x = -lo * lo;
        let old = csum;
        csum += x;
        frac3 += (old - csum) + x;
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    for v in vec.iter() {
        let x = v / max;
        let x = x * x;
        let old = csum;
        csum += x;
        frac1 += (old - csum) + x;
    }
    max * (csum - 1.0 + frac1).sqrt()
}

fn m_hypot(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("hypot", kwnames)?;
    let mut coords = Vec::with_capacity(args.len());
    let (mut max, mut found_nan) = (0.0f64, false);
    for a in args {
        let x = to_f64(vm, a)?.abs();
        coords.push(x);
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
    }
    Ok(Value::Float(vector_norm(&mut coords, max, found_nan)))
}

fn m_dist(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (p, q) = two("dist", args, kwnames)?;
    let p = collect(vm, p)?;
    let q = collect(vm, q)?;
    if p.len() != q.len() {
        return Err(value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let mut diffs = Vec::with_capacity(p.len());
    let (mut max, mut found_nan) = (0.0f64, false);
    for (a, b) in p.iter().zip(&q) {
        let x = (to_f64(vm, a)? - to_f64(vm, b)?).abs();
        diffs.push(x);
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
    }
    Ok(Value::Float(vector_norm(&mut diffs, max, found_nan)))
}

/// `fsum`: Shewchuk's exact summation with CPython's special-value and rounding rules.
fn m_fsum(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let seq = one("math.fsum", args, kwnames)?;
    let it = get_iter(vm, seq)?;
    let mut p: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    while let Some(item) = next(vm, &it)? {
        let mut x = to_f64(vm, &item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special_sum));
    }
    let mut hi = 0.0f64;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0f64;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

/// Lanczos approximation constants of CPython's `m_tgamma` / `m_lgamma` (written as CPython
/// writes them).
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];

fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0f64, 0.0f64);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

fn sinpi(x: f64) -> f64 {
    let pi = std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i64;
    let r = match n {
        0 => c::sin(pi * y),
        1 => c::cos(pi * (y - 0.5)),
        2 => c::sin(pi * (1.0 - y)),
        3 => -c::cos(pi * (y - 1.5)),
        _ => c::sin(pi * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

/// The outcome of a C math function: a value, or errno EDOM / ERANGE.
enum Errno {
    Ok(f64),
    Dom,
    Range(f64),
}

fn tgamma(x: f64) -> Errno {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 {
            Errno::Ok(x)
        } else {
            Errno::Dom
        };
    }
    if x == 0.0 {
        return Errno::Dom;
    }
    if x == x.floor() {
        if x < 0.0 {
            return Errno::Dom;
        }
        if x <= 23.0 {
            return Errno::Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Errno::Range(r)
        } else {
            Errno::Ok(r)
        };
    }
    if absx > 200.0 {
        return if x < 0.0 {
            Errno::Ok(0.0 / sinpi(x))
        } else {
            Errno::Range(f64::INFINITY)
        };
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -std::f64::consts::PI / sinpi(absx) / absx * c::exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= c::pow(y, absx - 0.5);
        } else {
            let sqrtpow = c::pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / c::exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= c::pow(y, absx - 0.5);
        } else {
            let sqrtpow = c::pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        Errno::Range(r)
    } else {
        Errno::Ok(r)
    }
}

fn lgamma(x: f64) -> Errno {
    const LOGPI: f64 = 1.144_729_885_849_400_2;
    if !x.is_finite() {
        return Errno::Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        return if x <= 0.0 { Errno::Dom } else { Errno::Ok(0.0) };
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Errno::Ok(-c::log(absx));
    }
    let mut r = c::log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (c::log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        r = LOGPI - c::log(sinpi(absx).abs()) - c::log(absx) - r;
    }
    if r.is_infinite() {
        Errno::Range(r)
    } else {
        Errno::Ok(r)
    }
}

/// CPython's `math_1a` error rules for gamma / lgamma.
fn errno_result(r: Errno) -> PyResult<Value> {
    match r {
        Errno::Ok(v) => Ok(Value::Float(v)),
        Errno::Dom => Err(domain_error()),
        Errno::Range(v) if v.abs() < 1.5 => Ok(Value::Float(v)),
        Errno::Range(_) => Err(range_error()),
    }
}

fn m_gamma(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.gamma", args, kwnames)?)?;
    errno_result(tgamma(x))
}

fn m_lgamma(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.lgamma", args, kwnames)?)?;
    errno_result(lgamma(x))
}

fn m_isclose(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    if np != 2 {
        return Err(type_error(format!(
            "isclose() takes exactly 2 positional arguments ({np} given)"
        )));
    }
    let kw = kwonly("isclose", args, kwnames, &["rel_tol", "abs_tol"])?;
    let a = to_f64(vm, crate::args::arg(args, 0)?)?;
    let b = to_f64(vm, crate::args::arg(args, 1)?)?;
    let rel_tol = match &kw[0] {
        Some(v) => to_f64(vm, v)?,
        None => 1e-9,
    };
    let abs_tol = match &kw[1] {
        Some(v) => to_f64(vm, v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Value::Bool(
        (diff <= (rel_tol * b).abs()) || (diff <= (rel_tol * a).abs()) || (diff <= abs_tol),
    ))
}

fn m_prod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    if np != 1 {
        return Err(type_error(format!(
            "prod() takes exactly 1 positional argument ({np} given)"
        )));
    }
    let kw = kwonly("prod", args, kwnames, &["start"])?;
    let mut acc = kw[0].clone().unwrap_or(Value::Int(1));
    let it = get_iter(vm, crate::args::arg(args, 0)?)?;
    while let Some(item) = next(vm, &it)? {
        acc = binary_op(vm, BinOp::Mul, &acc, &item, false)?;
    }
    Ok(acc)
}

fn int_args(vm: &mut Vm, args: &[Value]) -> PyResult<Vec<BigInt>> {
    args.iter().map(|a| index_bigint(vm, a)).collect()
}

fn m_gcd(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("gcd", kwnames)?;
    let nums = int_args(vm, args)?;
    let mut g = BigInt::zero();
    for n in nums {
        g = g.gcd(&n);
    }
    Ok(Value::from_bigint(g))
}

fn m_lcm(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("lcm", kwnames)?;
    let nums = int_args(vm, args)?;
    let mut l = BigInt::one();
    for n in nums {
        if n.is_zero() {
            l = BigInt::zero();
        } else if !l.is_zero() {
            l = l.lcm(&n);
        }
    }
    Ok(Value::from_bigint(l.abs()))
}

/// Product of the integers in `lo..=hi` (balanced, for big factorials).
fn range_product(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut p = BigInt::one();
        for k in lo..=hi {
            p *= k;
        }
        return p;
    }
    let mid = lo + (hi - lo) / 2;
    range_product(lo, mid) * range_product(mid + 1, hi)
}

fn small_nonneg(n: &BigInt, what: &str) -> PyResult<u64> {
    n.to_u64()
        .ok_or_else(|| overflow_error(format!("{what} must not exceed {}", i64::MAX)))
}

fn m_factorial(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one("math.factorial", args, kwnames)?;
    let n = index_bigint(vm, x)?;
    if n.is_negative() {
        return Err(value_error("factorial() not defined for negative values"));
    }
    let n = n
        .to_u64()
        .filter(|&n| n <= 1_000_000)
        .ok_or_else(|| overflow_error("factorial() argument should not exceed 1000000 in rpvm"))?;
    Ok(Value::from_bigint(range_product(1, n)))
}

fn m_comb(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("comb", args, kwnames)?;
    let n = index_bigint(vm, a)?;
    let k = index_bigint(vm, b)?;
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = {
        let other = &n - &k;
        if other < k {
            other
        } else {
            k
        }
    };
    let k = small_nonneg(&k, "min(n - k, k)")?;
    let mut r = BigInt::one();
    for i in 0..k {
        r = r * (&n - i) / (i + 1);
    }
    Ok(Value::from_bigint(r))
}

fn m_perm(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("perm", kwnames)?;
    if args.is_empty() || args.len() > 2 {
        return Err(type_error(format!(
            "perm expected at most 2 arguments, got {}",
            args.len()
        )));
    }
    let n = index_bigint(vm, crate::args::arg(args, 0)?)?;
    if n.is_negative() {
        return Err(value_error("n must be a non-negative integer"));
    }
    let k = match args.get(1) {
        None | Some(Value::None) => n.clone(),
        Some(v) => index_bigint(vm, v)?,
    };
    if k.is_negative() {
        return Err(value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = small_nonneg(&k, "k")?;
    let mut r = BigInt::one();
    for i in 0..k {
        r *= &n - i;
    }
    Ok(Value::from_bigint(r))
}

fn m_isqrt(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = one("math.isqrt", args, kwnames)?;
    let n = index_bigint(vm, x)?;
    if n.is_negative() {
        return Err(value_error("isqrt() argument must be nonnegative"));
    }
    Ok(Value::from_bigint(n.sqrt()))
}

fn m_nextafter(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (a, b) = two("nextafter", args, kwnames)?;
    let (x, y) = (to_f64(vm, a)?, to_f64(vm, b)?);
    Ok(Value::Float(nextafter(x, y)))
}

fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn m_ulp(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = to_f64(vm, one("math.ulp", args, kwnames)?)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let x2 = nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        let x2 = nextafter(x, -f64::INFINITY);
        return Ok(Value::Float(x - x2));
    }
    Ok(Value::Float(x2 - x))
}

/// Creates the `math` module (and registers it in `vm.modules`).
pub fn make_math(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("math"));
    d.set_str("__doc__", Value::None);
    d.set_str("pi", Value::Float(std::f64::consts::PI));
    d.set_str("e", Value::Float(std::f64::consts::E));
    d.set_str("tau", Value::Float(std::f64::consts::TAU));
    d.set_str("inf", Value::Float(f64::INFINITY));
    d.set_str("nan", Value::Float(f64::NAN));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("acos", m_acos),
        ("acosh", m_acosh),
        ("asin", m_asin),
        ("asinh", m_asinh),
        ("atan", m_atan),
        ("atan2", m_atan2),
        ("atanh", m_atanh),
        ("cbrt", m_cbrt),
        ("ceil", m_ceil),
        ("comb", m_comb),
        ("copysign", m_copysign),
        ("cos", m_cos),
        ("cosh", m_cosh),
        ("degrees", m_degrees),
        ("dist", m_dist),
        ("erf", m_erf),
        ("erfc", m_erfc),
        ("exp", m_exp),
        ("exp2", m_exp2),
        ("expm1", m_expm1),
        ("fabs", m_fabs),
        ("factorial", m_factorial),
        ("floor", m_floor),
        ("fmod", m_fmod),
        ("frexp", m_frexp),
        ("fsum", m_fsum),
        ("gamma", m_gamma),
        ("gcd", m_gcd),
        ("hypot", m_hypot),
        ("isclose", m_isclose),
        ("isfinite", m_isfinite),
        ("isinf", m_isinf),
        ("isnan", m_isnan),
        ("isqrt", m_isqrt),
        ("lcm", m_lcm),
        ("lgamma", m_lgamma),
        ("ldexp", m_ldexp),
        ("log", m_log),
        ("log10", m_log10),
        ("log1p", m_log1p),
        ("log2", m_log2),
        ("modf", m_modf),
        ("nextafter", m_nextafter),
        ("perm", m_perm),
        ("pow", m_pow),
        ("prod", m_prod),
        ("radians", m_radians),
        ("remainder", m_remainder),
        ("sin", m_sin),
        ("sinh", m_sinh),
        ("sqrt", m_sqrt),
        ("tan", m_tan),
        ("tanh", m_tanh),
        ("trunc", m_trunc),
        ("ulp", m_ulp),
    ];
    for (name, f) in fns {
        d.set_str(name, crate::builtin_fn(name, *f));
    }
    let module = Value::Module(Rc::new(PyModule {
        name: "math".to_string(),
        dict: d,
    }));
    vm.modules.set_str("math", module.clone());
    module
}
