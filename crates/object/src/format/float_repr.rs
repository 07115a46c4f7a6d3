//! Float to string conversion exactly as CPython 3.11 does it.
//!
//! [`double_to_string`] is a port of CPython's `PyOS_double_to_string` (Python/pystrtod.c):
//! decimal digits are produced the way David Gay's `_Py_dg_dtoa` produces them (shortest
//! round-trip for `'r'`, correctly rounded with round-half-even for `'e'`, `'f'` and `'g'`), and
//! then laid out by a faithful port of `format_float_short`. [`float_repr`] and [`float_str`] are
//! `repr(float)` / `str(float)`, and [`complex_repr`] is `repr(complex)`.
//!
//! The digits come from Rust's `core::fmt` float printing, which is exact: `{:e}` gives the
//! shortest digits that round-trip (choosing the closest candidate, honouring round-half-even
//! boundaries like Gay's mode 0) and `{:.N}` / `{:.Ne}` give correctly rounded digits with ties
//! broken to even, like Gay's modes 2 and 3.

use std::fmt::{self, Write as _};

/// Flags for [`double_to_string`], mirroring CPython's `Py_DTSF_*` constants.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DtoaFlags {
    /// `Py_DTSF_SIGN`: always emit a sign (`+` for non-negative values).
    pub sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: append `.0` when the result would otherwise look like an integer.
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: alternate form (`#`): keep trailing zeros for `g`, keep a trailing `.`.
    pub alt: bool,
    /// `Py_DTSF_NO_NEG_0`: drop the minus sign when the digits are all zero (`z`).
    pub no_neg_0: bool,
}

/// Largest number of significant digits a finite `f64` can have in its exact decimal expansion
/// is 767; asking for more only appends zeros, so digit generation is capped here.
const MAX_SIG_DIGITS: usize = 800;
/// A finite `f64` has at most 1074 digits after the decimal point in its exact expansion.
const MAX_FRAC_DIGITS: usize = 1100;

/// Digits in Gay's convention: no leading zeros, no trailing zeros (except the single digit
/// `"0"` for zero), and `decpt` the position of the decimal point relative to the digits
/// (value = 0.d1d2d3... * 10**decpt).
struct Digits {
    /// ASCII digits.
    digits: Vec<u8>,
    /// Decimal point position.
    decpt: i64,
}

/// A small fixed-size `fmt::Write` target, so the common shortest-repr path does not allocate
/// for Rust's intermediate text (`{:e}` of an `f64` is at most 24 bytes).
struct StackBuf {
    /// Storage.
    buf: [u8; 40],
    /// Bytes used.
    len: usize,
}

impl StackBuf {
    /// An empty buffer.
    fn new() -> StackBuf {
        StackBuf {
            buf: [0; 40],
            len: 0,
        }
    }

    /// The text written so far.
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Parses the output of Rust's `{:e}` / `{:.Ne}` (e.g. `1.2345e-7`, `0e0`) for a non-negative
/// finite value into Gay-style digits.
fn digits_from_exp_str(s: &str) -> Digits {
    let (mant, exp) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (s, 0),
    };
    let mut digits: Vec<u8> = Vec::with_capacity(mant.len());
    digits.extend(mant.bytes().filter(|b| b.is_ascii_digit()));
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() || digits == b"0" {
        // Zero: Gay returns "0" with decpt 1.
        return Digits {
            digits: vec![b'0'],
            decpt: 1,
        };
    }
    Digits {
        digits,
        decpt: exp + 1,
    }
}

/// Gay's mode 0: the shortest digit string that round-trips. `x` must be finite and >= 0.
///
/// Rust's shortest algorithm and Gay's agree except when `x` lies exactly halfway between two
/// shortest candidates (e.g. 999999999999999.25 between ...9.2 and ...9.3): Gay then picks the
/// one with the even last digit, Rust the upper one. [`fix_shortest_tie`] repairs that.
fn shortest_digits(x: f64) -> Digits {
    let mut buf = StackBuf::new();
    let mut d = if write!(buf, "{:e}", x).is_ok() {
        digits_from_exp_str(buf.as_str())
    } else {
        digits_from_exp_str(&format!("{:e}", x))
    };
    if x != 0.0 {
        fix_shortest_tie(x, &mut d);
    }
    d
}

/// If `x` is exactly halfway between the shortest digits `d` and their other neighbour at the
/// same length, and `d` ends in an odd digit, switch to the neighbour (whose last digit is even),
/// provided it round-trips too.
fn fix_shortest_tie(x: f64, d: &mut Digits) {
    let n = d.digits.len() as i64;
    if n > 18 {
        return;
    }
    let last_odd = d.digits.last().is_some_and(|&c| (c - b'0') % 2 == 1);
    if !last_odd {
        return;
    }
    // x = m * 2**e with m odd.
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp_bits == 0 {
        (frac, -1074i64)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    if m == 0 {
        return;
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    e += i64::from(tz);
    // Value of the last digit's place: 10**k.
    let k = d.decpt - n;
    // A tie means 2x == T * 10**k with T odd, which forces e == k - 1.
    if e != k - 1 {
        return;
    }
    let t: u128 = if k <= 0 {
        let mut t = u128::from(m);
        for _ in 0..(-k) {
            match t.checked_mul(5) {
                Some(v) if v < (1u128 << 70) => t = v,
                _ => return,
            }
        }
        t
    } else {
        let mut t = u128::from(m);
        for _ in 0..k {
            if t % 5 != 0 {
                return;
            }
            t /= 5;
        }
        t
    };
    let digits_val: u128 = d
        .digits
        .iter()
        .fold(0u128, |acc, &c| acc * 10 + u128::from(c - b'0'));
    let lo = (t - 1) / 2;
    let hi = t.div_ceil(2);
    let other = if digits_val == hi {
        lo
    } else if digits_val == lo {
        hi
    } else {
        return;
    };
    let other_str = other.to_string();
    if other_str.len() as i64 != n {
        return;
    }
    // The neighbour is as close as `d`; make sure it reads back as x (asymmetric intervals).
    if format!("{}e{}", other_str, k).parse::<f64>() != Ok(x) {
        return;
    }
    let mut digits = other_str.into_bytes();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    d.digits = digits;
}

/// Gay's mode 2: `n >= 1` significant digits, correctly rounded, trailing zeros stripped.
/// `x` must be finite and >= 0.
fn significant_digits(x: f64, n: usize) -> Digits {
    let n = n.clamp(1, MAX_SIG_DIGITS);
    digits_from_exp_str(&format!("{:.*e}", n - 1, x))
}

/// Gay's mode 3: digits up to `p` places after the decimal point, correctly rounded, trailing
/// zeros stripped. A non-zero value that rounds to zero gives no digits and `decpt == -p`.
/// `x` must be finite and >= 0.
fn fixed_digits(x: f64, p: usize) -> Digits {
    if x == 0.0 {
        return Digits {
            digits: vec![b'0'],
            decpt: 1,
        };
    }
    if let Some(d) = fixed_digits_exact(x, p) {
        return d;
    }
    let s = format!("{:.*}", p.min(MAX_FRAC_DIGITS), x);
    let (int_part, frac_part) = s.split_once('.').unwrap_or((s.as_str(), ""));
    let int_len = int_part.len() as i64;
    let mut all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let leading = all.iter().take_while(|&&b| b == b'0').count();
    if leading == all.len() {
        return Digits {
            digits: Vec::new(),
            decpt: -(p.min(i64::MAX as usize) as i64),
        };
    }
    all.drain(..leading);
    while all.last() == Some(&b'0') {
        all.pop();
    }
    Digits {
        digits: all,
        decpt: int_len - leading as i64,
    }
}

/// [`fixed_digits`] when `x * 10**p` is exactly an integer below 2**53 (`f"{i * 0.5:.2f}"`,
/// prices, whole numbers): the digits are that integer's, with no rounding to decide, so
/// the general (and much slower) exact formatting is not needed. `None` otherwise.
fn fixed_digits_exact(x: f64, p: usize) -> Option<Digits> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let scale = *POW10.get(p)?;
    let m = x * scale;
    // The product rounded to an integer below 2**53, and the rounding error (computed
    // exactly by the fused multiply-add) is zero: x * 10**p == m exactly.
    if !(m < 9_007_199_254_740_992.0 && m.fract() == 0.0 && x.mul_add(scale, -m) == 0.0) {
        return None;
    }
    let mut n = m as u64;
    if n == 0 {
        return None;
    }
    let mut rev = Vec::with_capacity(20);
    while n > 0 {
        rev.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    let len = rev.len() as i64;
    // Trailing zeros of the number are leading in `rev`; the number has no leading zeros.
    let zeros = rev.iter().take_while(|&&b| b == b'0').count();
    let digits: Vec<u8> = rev[zeros..].iter().rev().copied().collect();
    Some(Digits {
        digits,
        decpt: len - p as i64,
    })
}

/// Port of CPython's `PyOS_double_to_string(val, format_code, precision, flags, NULL)`.
///
/// `format_code` is one of `e E f F g G r`; any other code is treated as `r`. `precision` is
/// ignored for `r`. Infinities and NaNs give `inf`/`nan` (`INF`/`NAN` for upper-case codes),
/// and a NaN never gets a `-` sign. The exponent has at least two digits (`1e+16`, `1.5e-07`).
pub fn double_to_string(val: f64, format_code: char, precision: usize, flags: DtoaFlags) -> String {
    let upper = format_code.is_ascii_uppercase();
    let (code, mode_precision) = match format_code {
        'e' | 'E' => ('e', precision.saturating_add(1)),
        'f' | 'F' => ('f', precision),
        'g' | 'G' => ('g', precision.max(1)),
        _ => ('r', 0),
    };
    format_float_short(val, code, mode_precision, flags, upper)
}

/// Port of CPython's `format_float_short`.
fn format_float_short(
    d: f64,
    code: char,
    precision: usize,
    flags: DtoaFlags,
    upper: bool,
) -> String {
    let mut out = String::new();
    let mut negative = d.is_sign_negative();
    if d.is_nan() || d.is_infinite() {
        if d.is_nan() {
            negative = false;
        }
        if negative {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        let word = match (d.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        out.push_str(word);
        return out;
    }

    let ax = d.abs();
    let Digits { digits, decpt } = match code {
        'e' | 'g' => significant_digits(ax, precision),
        'f' => fixed_digits(ax, precision),
        _ => shortest_digits(ax),
    };
    let digits_len = digits.len() as i64;
    let mut decpt = decpt;
    // Room for the common cases; longer results simply grow the string.
    out.reserve(digits.len() + 8 + precision.min(64));

    if flags.no_neg_0 && negative && (digits.is_empty() || digits == b"0") {
        negative = false;
    }
    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }

    // Precision as a signed quantity; it is bounded by the callers (<= i32::MAX + 1).
    let precision = precision.min(i64::MAX as usize / 4) as i64;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }

    let mut exp = 0i64;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && flags.add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }

    let push_zeros = |out: &mut String, n: i64| {
        for _ in 0..n.max(0) {
            out.push('0');
        }
    };
    let digit_str = |a: i64, b: i64| -> &str {
        // Digits are ASCII; the slice bounds are within 0..=digits_len.
        let a = a.clamp(0, digits_len) as usize;
        let b = b.clamp(0, digits_len) as usize;
        std::str::from_utf8(&digits[a..b.max(a)]).unwrap_or("")
    };

    // Zero padding on the left of the digit string.
    if decpt <= 0 {
        push_zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        push_zeros(&mut out, -decpt);
    } else {
        push_zeros(&mut out, -vdigits_start);
    }
    // Digits, with the decimal point included when it falls inside them.
    if 0 < decpt && decpt <= digits_len {
        out.push_str(digit_str(0, decpt));
        out.push('.');
        out.push_str(digit_str(decpt, digits_len));
    } else {
        out.push_str(digit_str(0, digits_len));
    }
    // Zeros on the right.
    if digits_len < decpt {
        push_zeros(&mut out, decpt - digits_len);
        out.push('.');
        push_zeros(&mut out, vdigits_end - decpt);
    } else {
        push_zeros(&mut out, vdigits_end - digits_len);
    }
    // Delete a trailing decimal point unless using the alternate form.
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e >= 100 {
            out.push(char::from(b'0' + (e / 100 % 10) as u8));
        }
        out.push(char::from(b'0' + (e / 10 % 10) as u8));
        out.push(char::from(b'0' + (e % 10) as u8));
    }
    out
}

/// `repr(x)` for a Python float: the shortest string that round-trips, in scientific notation
/// when the decimal exponent is < -4 or >= 16, and always containing a `.` or an exponent
/// (`'0.1'`, `'1e+16'`, `'1.5e-07'`, `'-0.0'`, `'inf'`, `'nan'`).
pub fn float_repr(x: f64) -> String {
    double_to_string(
        x,
        'r',
        0,
        DtoaFlags {
            add_dot_0: true,
            ..DtoaFlags::default()
        },
    )
}

/// `str(x)` for a Python float; identical to [`float_repr`] in Python 3.
pub fn float_str(x: f64) -> String {
    float_repr(x)
}

/// `repr(complex(re, im))` (also `str()`): `'1j'`, `'(1+2j)'`, `'(-0-1j)'`, `'(nan+infj)'`.
///
/// The real part is omitted (and no parentheses are used) exactly when it is `+0.0`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let plain = DtoaFlags::default();
    if re == 0.0 && re.is_sign_positive() {
        let mut s = double_to_string(im, 'r', 0, plain);
        s.push('j');
        s
    } else {
        let r = double_to_string(re, 'r', 0, plain);
        let i = double_to_string(
            im,
            'r',
            0,
            DtoaFlags {
                sign: true,
                ..plain
            },
        );
        format!("({}{}j)", r, i)
    }
}
