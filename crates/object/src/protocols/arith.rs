//! Arithmetic and bitwise operators (BINARY_OP, UNARY_*), with the `i64` fast path first,
//! transparent overflow into BigInt, float semantics as CPython's, sequence concatenation
//! and repetition, and user `__add__`/`__radd__`/`__iadd__` fallbacks.

use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Pow, Signed, ToPrimitive, Zero};

use crate::exception::{overflow_error, type_error, value_error, zero_division, PyResult};
use crate::protocols::call::{call_dunder, lookup_special};
use crate::protocols::convert::{as_bigint, as_f64, bigint_to_f64};
use crate::protocols::type_name;
use crate::value::Value;
use crate::vm::Vm;

/// A binary operator, numbered as BINARY_OP's argument (`NB_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum BinOp {
    /// `+`
    Add = 0,
    /// `&`
    And = 1,
    /// `//`
    FloorDiv = 2,
    /// `<<`
    LShift = 3,
    /// `@`
    MatMul = 4,
    /// `*`
    Mul = 5,
    /// `%`
    Mod = 6,
    /// `|`
    Or = 7,
    /// `**`
    Pow = 8,
    /// `>>`
    RShift = 9,
    /// `-`
    Sub = 10,
    /// `/`
    TrueDiv = 11,
    /// `^`
    Xor = 12,
}

const OPS: [BinOp; 13] = [
    BinOp::Add,
    BinOp::And,
    BinOp::FloorDiv,
    BinOp::LShift,
    BinOp::MatMul,
    BinOp::Mul,
    BinOp::Mod,
    BinOp::Or,
    BinOp::Pow,
    BinOp::RShift,
    BinOp::Sub,
    BinOp::TrueDiv,
    BinOp::Xor,
];

impl BinOp {
    /// The operator for BINARY_OP's argument (in-place forms map to their base operator);
    /// also returns whether it was the in-place form.
    pub fn from_arg(arg: u32) -> Option<(BinOp, bool)> {
        let a = arg as usize;
        if a < 13 {
            Some((OPS[a], false))
        } else {
            OPS.get(a - 13).map(|&op| (op, true))
        }
    }

    /// The operator's symbol (`+`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::And => "&",
            BinOp::FloorDiv => "//",
            BinOp::LShift => "<<",
            BinOp::MatMul => "@",
            BinOp::Mul => "*",
            BinOp::Mod => "%",
            BinOp::Or => "|",
            BinOp::Pow => "** or pow()",
            BinOp::RShift => ">>",
            BinOp::Sub => "-",
            BinOp::TrueDiv => "/",
            BinOp::Xor => "^",
        }
    }

    /// The special method names: (`__add__`, `__radd__`, `__iadd__`).
    pub fn dunders(self) -> (&'static str, &'static str, &'static str) {
        match self {
            BinOp::Add => ("__add__", "__radd__", "__iadd__"),
            BinOp::And => ("__and__", "__rand__", "__iand__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
            BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
            BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
            BinOp::Or => ("__or__", "__ror__", "__ior__"),
            BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
            BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
            BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
            BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
        }
    }
}

/// The hook `str % args` uses (installed by the builtins crate, which owns formatting).
pub type PercentFormatHook = fn(&mut Vm, &str, &Value) -> PyResult<Value>;

thread_local! {
    static PERCENT_FORMAT: std::cell::Cell<Option<PercentFormatHook>> = const { std::cell::Cell::new(None) };
}

/// Installs the implementation of `str % args`.
pub fn set_percent_format_hook(hook: PercentFormatHook) {
    PERCENT_FORMAT.with(|c| c.set(Some(hook)));
}

/// The hook `bytes % args` uses (installed by the builtins crate): formats `fmt % args`
/// into the bytes of the result.
pub type BytesPercentFormatHook = fn(&mut Vm, &[u8], &Value) -> PyResult<Vec<u8>>;

thread_local! {
    static BYTES_PERCENT_FORMAT: std::cell::Cell<Option<BytesPercentFormatHook>> = const { std::cell::Cell::new(None) };
}

/// Installs the implementation of `bytes % args` (and `bytearray % args`).
pub fn set_bytes_percent_format_hook(hook: BytesPercentFormatHook) {
    BYTES_PERCENT_FORMAT.with(|c| c.set(Some(hook)));
}

/// Whether `v` is a built-in sequence that repeats with `*` (CPython's `sq_repeat`).
fn repeatable(v: &Value) -> bool {
    let v = crate::instance::base_value(v).unwrap_or_else(|| v.clone());
    matches!(
        v,
        Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_) | Value::List(_) | Value::Tuple(_)
    )
}

fn unsupported(op: BinOp, a: &Value, b: &Value, inplace: bool) -> crate::exception::PyErr {
    if op == BinOp::Mul {
        // `[1] * 'a'`: the sequence's repeat refuses the other operand.
        let other = if repeatable(a) {
            Some(b)
        } else if repeatable(b) {
            Some(a)
        } else {
            None
        };
        if let Some(other) = other {
            return type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name(other)
            ));
        }
    }
    let sym = if inplace && op != BinOp::Pow {
        format!("{}=", op.symbol())
    } else if inplace {
        "**=".to_string()
    } else {
        op.symbol().to_string()
    };
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        sym,
        type_name(a),
        type_name(b)
    ))
}

/// `a OP b` (or `a OP= b` when `inplace`).
#[inline]
pub fn binary_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
    // The hot path: two small ints.
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        if let Some(v) = int_op_fast(op, *x, *y) {
            return Ok(v);
        }
    }
    if let (Value::Float(x), Value::Float(y)) = (a, b) {
        if let Some(v) = float_op_fast(op, *x, *y) {
            return Ok(v);
        }
    }
    // `str + str` (the user-class and numeric checks of the slow path never apply).
    if let (BinOp::Add, Value::Str(x), Value::Str(y)) = (op, a, b) {
        return Ok(Value::Str(std::rc::Rc::new(crate::str::PyStr::concat(
            x, y,
        ))));
    }
    binary_op_slow(vm, op, a, b, inplace)
}

#[inline]
fn int_op_fast(op: BinOp, x: i64, y: i64) -> Option<Value> {
    Some(Value::Int(match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mul => x.checked_mul(y)?,
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => Integer::div_floor(&x, &y),
        BinOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => Integer::mod_floor(&x, &y),
        BinOp::TrueDiv
            if y != 0 && x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) =>
        {
            return Some(Value::Float(x as f64 / y as f64))
        }
        BinOp::RShift if (0..64).contains(&y) => x >> y,
        BinOp::RShift if y >= 64 => {
            if x < 0 {
                -1
            } else {
                0
            }
        }
        BinOp::LShift if (0..63).contains(&y) => {
            let r = x.checked_shl(y as u32)?;
            if (r >> y) != x {
                return None;
            }
            r
        }
        BinOp::Pow if (0..64).contains(&y) => x.checked_pow(y as u32)?,
        _ => return None,
    }))
}

#[inline]
fn float_op_fast(op: BinOp, x: f64, y: f64) -> Option<Value> {
    Some(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv if y != 0.0 => x / y,
        _ => return None,
    }))
}

fn is_intlike(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
}

fn is_number(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_)
    )
}

fn binary_op_slow(vm: &mut Vm, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
    // `int | str`: type.__or__ / type.__ror__ (a metaclass's own `__or__` comes first).
    if op == BinOp::Or
        && (matches!(a, Value::Type(_)) || matches!(b, Value::Type(_)))
        && lookup_special(a, "__or__").is_none()
    {
        if let Some(v) = (vm.hooks.type_union)(vm, a, b)? {
            return Ok(v);
        }
    }
    // User classes first: __iop__, then __op__ / __rop__ (subclass-first rule simplified).
    if lookup_special(a, "__class__").is_some()
        || matches!(a, Value::Instance(_))
        || matches!(b, Value::Instance(_))
    {
        if let Some(v) = user_binary(vm, op, a, b, inplace)? {
            return Ok(v);
        }
        // A built-in left operand whose operation accepts any right operand
        // (`"%s" % obj`, `b"%s" % obj`).
        if matches!(
            (op, a),
            (
                BinOp::Mod,
                Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_)
            )
        ) {
            if let Some(v) = sequence_op(vm, op, a, b, inplace)? {
                return Ok(v);
            }
        }
        return Err(unsupported(op, a, b, inplace));
    }
    if is_intlike(a) && is_intlike(b) {
        return int_op(op, a, b);
    }
    if is_number(a) && is_number(b) {
        let x = as_f64(a)?.unwrap_or(0.0);
        let y = as_f64(b)?.unwrap_or(0.0);
        return float_op(op, x, y);
    }
    if let (Some(x), Some(y)) = (as_complex(a), as_complex(b)) {
        if let Some(r) = complex_op(op, x, y)? {
            return Ok(r);
        }
    }
    if let Some(v) = sequence_op(vm, op, a, b, inplace)? {
        return Ok(v);
    }
    if matches!(a, Value::Native(_)) || matches!(b, Value::Native(_)) {
        if let Some(v) = crate::methods::dict::dictview::binary_op(vm, op, a, b)? {
            return Ok(v);
        }
    }
    Err(unsupported(op, a, b, inplace))
}

fn user_binary(
    vm: &mut Vm,
    op: BinOp,
    a: &Value,
    b: &Value,
    inplace: bool,
) -> PyResult<Option<Value>> {
    let (name, rname, iname) = op.dunders();
    if inplace {
        if let Some(r) = call_dunder(vm, a, iname, std::slice::from_ref(b))? {
            if !matches!(r, Value::NotImplemented) {
                return Ok(Some(r));
            }
        }
    }
    if let Some(r) = call_dunder(vm, a, name, std::slice::from_ref(b))? {
        if !matches!(r, Value::NotImplemented) {
            return Ok(Some(r));
        }
    } else if !matches!(a, Value::Instance(_)) {
        // A built-in left operand: try the built-in operation unless it does not apply.
        if !matches!(b, Value::Instance(_)) {
            return Ok(None);
        }
    }
    if let Some(r) = call_dunder(vm, b, rname, std::slice::from_ref(a))? {
        if !matches!(r, Value::NotImplemented) {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

fn as_complex(v: &Value) -> Option<(f64, f64)> {
    match v {
        Value::Complex(c) => Some((c.0, c.1)),
        Value::Float(f) => Some((*f, 0.0)),
        Value::Int(i) => Some((*i as f64, 0.0)),
        Value::Bool(b) => Some((*b as i64 as f64, 0.0)),
        Value::BigInt(b) => b.to_f64().map(|f| (f, 0.0)),
        _ => None,
    }
}

fn complex_op(op: BinOp, (ar, ai): (f64, f64), (br, bi): (f64, f64)) -> PyResult<Option<Value>> {
    let c = |r: f64, i: f64| Some(Value::Complex(Rc::new((r, i))));
    Ok(match op {
        BinOp::Add => c(ar + br, ai + bi),
        BinOp::Sub => c(ar - br, ai - bi),
        BinOp::Mul => c(ar * br - ai * bi, ar * bi + ai * br),
        BinOp::TrueDiv => {
            if br == 0.0 && bi == 0.0 {
                return Err(zero_division("complex division by zero"));
            }
            // Smith's algorithm, as CPython's _Py_c_quot.
            let (abs_br, abs_bi) = (br.abs(), bi.abs());
            if abs_br >= abs_bi {
                let ratio = bi / br;
                let denom = br + bi * ratio;
                c((ar + ai * ratio) / denom, (ai - ar * ratio) / denom)
            } else {
                let ratio = br / bi;
                let denom = br * ratio + bi;
                c((ar * ratio + ai) / denom, (ai * ratio - ar) / denom)
            }
        }
        BinOp::Pow => {
            if br == 0.0 && bi == 0.0 {
                return Ok(c(1.0, 0.0));
            }
            if ar == 0.0 && ai == 0.0 {
                if bi != 0.0 || br < 0.0 {
                    return Err(zero_division("0.0 to a negative or complex power"));
                }
                return Ok(c(0.0, 0.0));
            }
            let vabs = ar.hypot(ai);
            let mut len = vabs.powf(br);
            let at = ai.atan2(ar);
            let mut phase = at * br;
            if bi != 0.0 {
                len /= (at * bi).exp();
                phase += bi * vabs.ln();
            }
            c(len * phase.cos(), len * phase.sin())
        }
        _ => None,
    })
}

/// Integer arithmetic on arbitrary-precision values.
fn int_op(op: BinOp, a: &Value, b: &Value) -> PyResult<Value> {
    if let (Some(x), Some(y)) = (small_int(a), small_int(b)) {
        if let Some(v) = int_op_fast(op, x, y) {
            return Ok(v);
        }
    }
    let x = as_bigint(a).unwrap_or_default();
    let y = as_bigint(b).unwrap_or_default();
    Ok(match op {
        BinOp::Add => Value::from_bigint(x + y),
        BinOp::Sub => Value::from_bigint(x - y),
        BinOp::Mul => Value::from_bigint(x * y),
        BinOp::And => Value::from_bigint(x & y),
        BinOp::Or => Value::from_bigint(x | y),
        BinOp::Xor => Value::from_bigint(x ^ y),
        BinOp::FloorDiv => {
            if y.is_zero() {
                return Err(zero_division("integer division or modulo by zero"));
            }
            Value::from_bigint(x.div_floor(&y))
        }
        BinOp::Mod => {
            if y.is_zero() {
                return Err(zero_division("integer modulo by zero"));
            }
            Value::from_bigint(x.mod_floor(&y))
        }
        BinOp::TrueDiv => {
            if y.is_zero() {
                return Err(zero_division("division by zero"));
            }
            Value::Float(int_true_div(&x, &y)?)
        }
        BinOp::LShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            let n = y
                .to_u64()
                .filter(|&n| n < (1 << 32))
                .ok_or_else(|| overflow_error("too many digits in integer"))?;
            if x.is_zero() {
                return Ok(Value::Int(0));
            }
            Value::from_bigint(x << n)
        }
        BinOp::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            match y.to_u64() {
                Some(n) if n < (1 << 32) => Value::from_bigint(x >> n),
                _ => Value::Int(if x.is_negative() { -1 } else { 0 }),
            }
        }
        BinOp::Pow => {
            if y.is_negative() {
                let fx = bigint_to_f64(&x)?;
                let fy = bigint_to_f64(&y)?;
                return float_op(BinOp::Pow, fx, fy);
            }
            let e = y
                .to_u32()
                .ok_or_else(|| overflow_error("exponent too large"))?;
            if x.bits() as u128 * e as u128 > 64_000_000 {
                return Err(overflow_error(
                    "integer exponentiation result would be too large for rpvm",
                ));
            }
            Value::from_bigint(Pow::pow(&x, e))
        }
        BinOp::MatMul => return Err(unsupported(op, a, b, false)),
    })
}

fn small_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// Correctly rounded int / int for values beyond 2**53.
fn int_true_div(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64()) {
        if a.unsigned_abs() < (1 << 53) && b.unsigned_abs() < (1 << 53) {
            return Ok(a as f64 / b as f64);
        }
    }
    // Scale so the quotient has 55+ significant bits, then round once.
    let negative = x.is_negative() != y.is_negative();
    let (ax, ay) = (x.abs(), y.abs());
    let shift = ay.bits() as i64 - ax.bits() as i64 + 55;
    let (num, den) = if shift >= 0 {
        (ax << shift as u64, ay)
    } else {
        (ax, ay << (-shift) as u64)
    };
    let (q, r) = num.div_rem(&den);
    let mut q = q;
    if !r.is_zero() {
        q |= BigInt::from(1u8); // sticky bit
    }
    let qf = q.to_f64().unwrap_or(f64::INFINITY);
    let result = libm_ldexp(qf, -shift);
    if result.is_infinite() {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(if negative { -result } else { result })
}

fn libm_ldexp(x: f64, exp: i64) -> f64 {
    let mut x = x;
    let mut e = exp;
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e as i32)
}

/// Float arithmetic with CPython's semantics and messages.
pub fn float_op(op: BinOp, x: f64, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_division("float modulo"));
            }
            float_divmod(x, y).1
        }
        BinOp::Pow => return float_pow(x, y),
        _ => {
            return Err(unsupported(op, &Value::Float(x), &Value::Float(y), false));
        }
    }))
}

/// CPython's float_divmod: (floor quotient, remainder with the divisor's sign).
pub fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn float_pow(x: f64, y: f64) -> PyResult<Value> {
    if y == 0.0 {
        return Ok(Value::Float(1.0));
    }
    if x.is_nan() {
        return Ok(Value::Float(if y == 0.0 { 1.0 } else { x }));
    }
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
        // A negative base to a fractional power is complex in Python 3.
        return complex_op(BinOp::Pow, (x, 0.0), (y, 0.0)).map(|v| v.unwrap_or(Value::None));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(overflow_error("(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(r))
}

fn bytes_of(v: &Value) -> Vec<u8> {
    match v {
        Value::Bytes(b) => b.to_vec(),
        Value::ByteArray(b) => b.snapshot(),
        _ => Vec::new(),
    }
}

fn repeat_count(n: &Value) -> PyResult<Option<i64>> {
    Ok(match n {
        Value::Int(i) => Some((*i).max(0)),
        Value::Bool(b) => Some(*b as i64),
        Value::BigInt(b) => {
            if b.is_negative() {
                Some(0)
            } else {
                return Err(overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        }
        _ => None,
    })
}

fn checked_total(len: usize, n: i64) -> PyResult<usize> {
    (len as u128 * n as u128 <= (1u128 << 34))
        .then(|| len * n as usize)
        .ok_or_else(|| crate::exception::PyException::with_message("MemoryError", ""))
}

fn sequence_op(
    vm: &mut Vm,
    op: BinOp,
    a: &Value,
    b: &Value,
    inplace: bool,
) -> PyResult<Option<Value>> {
    Ok(Some(match (op, a, b) {
        (BinOp::Add, Value::Str(x), Value::Str(y)) => {
            Value::Str(std::rc::Rc::new(crate::str::PyStr::concat(x, y)))
        }
        (BinOp::Add, Value::Str(_), other) => {
            return Err(type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                type_name(other)
            )))
        }
        (BinOp::Add, Value::List(x), Value::List(y)) => {
            if inplace {
                let items = y.snapshot();
                if let Some(mut v) = x.try_borrow_mut() {
                    v.extend(items);
                }
                return Ok(Some(a.clone()));
            }
            let mut v = x.snapshot();
            v.extend(y.snapshot());
            Value::list(v)
        }
        (BinOp::Add, Value::List(x), other) if inplace => {
            let items = crate::protocols::iter::collect(vm, other)?;
            if let Some(mut v) = x.try_borrow_mut() {
                v.extend(items);
            }
            return Ok(Some(a.clone()));
        }
        (BinOp::Add, Value::List(_), other) => {
            return Err(type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                type_name(other)
            )))
        }
        (BinOp::Add, Value::Tuple(x), Value::Tuple(y)) => {
            let mut v = x.as_slice().to_vec();
            v.extend_from_slice(y.as_slice());
            Value::tuple(v)
        }
        (BinOp::Add, Value::Tuple(_), other) => {
            return Err(type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                type_name(other)
            )))
        }
        (
            BinOp::Add,
            Value::Bytes(_) | Value::ByteArray(_),
            Value::Bytes(_) | Value::ByteArray(_),
        ) => {
            let x = bytes_of(a);
            let y = bytes_of(b);
            if let (Value::ByteArray(target), true) = (a, inplace) {
                if let Some(mut t) = target.try_borrow_mut() {
                    t.extend_from_slice(&y);
                }
                return Ok(Some(a.clone()));
            }
            let mut v = x;
            v.extend_from_slice(&y);
            match a {
                Value::ByteArray(_) => Value::ByteArray(Rc::new(crate::list::PyList::new(v))),
                _ => Value::Bytes(v.into()),
            }
        }
        (BinOp::Add, Value::Bytes(_) | Value::ByteArray(_), other) => {
            return Err(type_error(format!(
                "can't concat {} to {}",
                type_name(other),
                type_name(a)
            )))
        }
        (BinOp::Mul, Value::ByteArray(bb), n) | (BinOp::Mul, n, Value::ByteArray(bb)) => {
            match repeat_count(n)? {
                Some(k) => {
                    let data = bb.snapshot();
                    checked_total(data.len(), k)?;
                    let v = data.repeat(k as usize);
                    if inplace && matches!(a, Value::ByteArray(_)) {
                        bb.replace(v);
                        return Ok(Some(a.clone()));
                    }
                    Value::ByteArray(Rc::new(crate::list::PyList::new(v)))
                }
                None => return Ok(None),
            }
        }
        (BinOp::Mul, Value::Str(s), n) | (BinOp::Mul, n, Value::Str(s)) => match repeat_count(n)? {
            Some(k) => {
                checked_total(s.as_str().len(), k)?;
                Value::Str(std::rc::Rc::new(s.repeat(k as usize)))
            }
            None => return Ok(None),
        },
        (BinOp::Mul, Value::List(l), n) | (BinOp::Mul, n, Value::List(l)) => match repeat_count(n)?
        {
            Some(k) => {
                let items = l.snapshot();
                let total = checked_total(items.len(), k)?;
                let mut v = Vec::with_capacity(total);
                for _ in 0..k {
                    v.extend_from_slice(&items);
                }
                if inplace && matches!(a, Value::List(_)) {
                    l.replace(v);
                    return Ok(Some(a.clone()));
                }
                Value::list(v)
            }
            None => return Ok(None),
        },
        (BinOp::Mul, Value::Tuple(t), n) | (BinOp::Mul, n, Value::Tuple(t)) => {
            match repeat_count(n)? {
                Some(k) => {
                    let total = checked_total(t.len(), k)?;
                    let mut v = Vec::with_capacity(total);
                    for _ in 0..k {
                        v.extend_from_slice(t.as_slice());
                    }
                    Value::tuple(v)
                }
                None => return Ok(None),
            }
        }
        (BinOp::Mul, Value::Bytes(b), n) | (BinOp::Mul, n, Value::Bytes(b)) => {
            match repeat_count(n)? {
                Some(k) => {
                    checked_total(b.len(), k)?;
                    Value::Bytes(b.repeat(k as usize).into())
                }
                None => return Ok(None),
            }
        }
        (BinOp::Mod, Value::Str(s), args) => {
            let hook = PERCENT_FORMAT.with(|c| c.get());
            match hook {
                Some(f) => return f(vm, s.as_str(), args).map(Some),
                None => return Ok(None),
            }
        }
        (BinOp::Mod, Value::Bytes(s), args) => match BYTES_PERCENT_FORMAT.with(|c| c.get()) {
            Some(f) => Value::Bytes(f(vm, s, args)?.into()),
            None => return Ok(None),
        },
        (BinOp::Mod, Value::ByteArray(s), args) => match BYTES_PERCENT_FORMAT.with(|c| c.get()) {
            Some(f) => {
                let fmt = s.snapshot();
                Value::ByteArray(Rc::new(crate::list::PyList::new(f(vm, &fmt, args)?)))
            }
            None => return Ok(None),
        },
        (BinOp::Or, Value::Dict(x), Value::Dict(y)) => {
            let d = if inplace {
                x.clone()
            } else {
                Rc::new(x.copy())
            };
            for (k, v) in y.items() {
                let h = crate::protocols::hash::hash_value(vm, &k)?;
                d.insert_hashed(k, h, v);
            }
            Value::Dict(d)
        }
        (
            BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor,
            Value::Set(_) | Value::FrozenSet(_),
            Value::Set(_) | Value::FrozenSet(_),
        ) => {
            return crate::methods::set_binary_op(vm, op, a, b, inplace).map(Some);
        }
        _ => return Ok(None),
    }))
}

/// `-v`.
pub fn negative(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(i) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::from_bigint(-BigInt::from(*i)),
        },
        Value::Bool(b) => Value::Int(-(*b as i64)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone()),
        Value::Float(f) => Value::Float(-f),
        Value::Complex(c) => Value::Complex(Rc::new((-c.0, -c.1))),
        _ => match call_dunder(vm, v, "__neg__", &[])? {
            Some(r) => r,
            None => {
                return Err(type_error(format!(
                    "bad operand type for unary -: '{}'",
                    type_name(v)
                )))
            }
        },
    })
}

/// `+v`.
pub fn positive(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(_) | Value::BigInt(_) | Value::Float(_) | Value::Complex(_) => v.clone(),
        Value::Bool(b) => Value::Int(*b as i64),
        _ => match call_dunder(vm, v, "__pos__", &[])? {
            Some(r) => r,
            None => {
                return Err(type_error(format!(
                    "bad operand type for unary +: '{}'",
                    type_name(v)
                )))
            }
        },
    })
}

/// `~v`.
pub fn invert(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Int(i) => Value::Int(!i),
        Value::Bool(b) => Value::Int(!(*b as i64)),
        Value::BigInt(b) => Value::from_bigint(-(**b).clone() - 1),
        _ => match call_dunder(vm, v, "__invert__", &[])? {
            Some(r) => r,
            None => {
                return Err(type_error(format!(
                    "bad operand type for unary ~: '{}'",
                    type_name(v)
                )))
            }
        },
    })
}
