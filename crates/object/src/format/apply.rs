//! Applying a parsed [`FormatSpec`] to ints, floats, strs and complex numbers, exactly as
//! CPython 3.11's `int.__format__`, `float.__format__`, `str.__format__` and
//! `complex.__format__` do (ports of `format_long_internal`, `format_float_internal`,
//! `format_string_internal`, `format_complex_internal`, `calc_number_widths`, `fill_number` and
//! `_PyUnicode_InsertThousandsGrouping`).
//!
//! The `n` type uses the C locale (no grouping, `.` as decimal point), which is what CPython does
//! unless the program calls `locale.setlocale(LC_NUMERIC, ...)`.

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::ToPrimitive;

use super::error::FormatError;
use super::float_repr::{complex_repr, double_to_string, float_repr, DtoaFlags};
use super::spec::{Align, FormatSpec, Grouping, Sign, SpecKind};

/// Pre-computed pieces of a number, as CPython's `NumberFieldWidths` describes them:
/// `[lpad][sign][prefix][spad][grouped digits][decimal][remainder][rpad]`.
struct NumberParts<'a> {
    /// `true` when the formatted value starts with `-`.
    negative: bool,
    /// `0x`-style prefix (already in final case).
    prefix: &'a str,
    /// Integer digits (ASCII, already in final case).
    digits: &'a str,
    /// Whether a decimal point follows the digits.
    has_decimal: bool,
    /// Everything after the decimal point (or after the digits if there is none).
    remainder: &'a str,
}

/// Reserves room for `n` more characters, mapping allocation failure to `MemoryError`.
fn reserve(s: &mut String, n: usize) -> Result<(), FormatError> {
    s.try_reserve(n).map_err(|_| FormatError::OutOfMemory)
}

/// Appends `n` copies of `c`, failing with `MemoryError` rather than aborting.
fn push_fill(s: &mut String, c: char, n: usize) -> Result<(), FormatError> {
    if n == 0 {
        return Ok(());
    }
    let bytes = n
        .checked_mul(c.len_utf8())
        .ok_or(FormatError::OutOfMemory)?;
    reserve(s, bytes)?;
    for _ in 0..n {
        s.push(c);
    }
    Ok(())
}

/// Port of `_PyUnicode_InsertThousandsGrouping`: groups `digits` (ASCII) from the right with
/// `sep` every `group` digits (`None` = no grouping), left-padding with `'0'` (grouped too) to
/// reach `min_width` characters where possible.
fn insert_grouping(
    digits: &str,
    min_width: i64,
    sep: Option<(char, usize)>,
) -> Result<String, FormatError> {
    let digits = digits.as_bytes();
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    let mut digits_pos = digits.len();
    // Built back to front, then reversed. Reserving the final size up front turns an absurd
    // zero-padding width into a MemoryError before any work is done.
    let mut rev: Vec<u8> = Vec::new();
    let estimate = (min_width.max(remaining) as u64).saturating_mul(5) / 4 + 2;
    let estimate = usize::try_from(estimate).map_err(|_| FormatError::OutOfMemory)?;
    rev.try_reserve(estimate)
        .map_err(|_| FormatError::OutOfMemory)?;
    let mut fill =
        |rev: &mut Vec<u8>, n_chars: i64, n_zeros: i64, use_sep: bool| -> Result<(), FormatError> {
            let extra = (n_chars.max(0) + n_zeros.max(0) + 1) as usize;
            rev.try_reserve(extra)
                .map_err(|_| FormatError::OutOfMemory)?;
            if use_sep {
                if let Some((c, _)) = sep {
                    rev.push(c as u8);
                }
            }
            let n = n_chars.max(0) as usize;
            for i in 0..n {
                rev.push(digits[digits_pos - 1 - i]);
            }
            digits_pos -= n;
            for _ in 0..n_zeros.max(0) {
                rev.push(b'0');
            }
            Ok(())
        };
    let mut use_sep = false;
    let mut loop_broken = false;
    if let Some((_, group)) = sep {
        let group = group as i64;
        loop {
            let len = group.min(remaining.max(min_width).max(1));
            let n_zeros = (len - remaining).max(0);
            let n_chars = remaining.min(len).max(0);
            fill(&mut rev, n_chars, n_zeros, use_sep)?;
            use_sep = true;
            remaining -= n_chars;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                loop_broken = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !loop_broken {
        let len = remaining.max(min_width).max(1);
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0);
        fill(&mut rev, n_chars, n_zeros, use_sep)?;
    }
    rev.reverse();
    // Only ASCII digits, '0', ',' and '_' were pushed.
    Ok(String::from_utf8(rev).unwrap_or_default())
}

/// Port of `calc_number_widths` + `fill_number`. `sep` is the grouping (separator, group size).
fn layout_number(
    parts: &NumberParts<'_>,
    spec: &FormatSpec,
    sep: Option<(char, usize)>,
) -> Result<String, FormatError> {
    let sign_char = match spec.sign {
        Sign::Plus => Some(if parts.negative { '-' } else { '+' }),
        Sign::Space => Some(if parts.negative { '-' } else { ' ' }),
        Sign::Unspecified | Sign::Minus => {
            if parts.negative {
                Some('-')
            } else {
                None
            }
        }
    };
    let n_sign = sign_char.is_some() as i64;
    let n_prefix = parts.prefix.chars().count() as i64;
    let n_decimal = parts.has_decimal as i64;
    let n_remainder = parts.remainder.chars().count() as i64;
    let n_non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let width: i64 = match spec.width {
        Some(w) => w.min(i64::MAX as usize / 2) as i64,
        None => -1,
    };
    let min_width = if spec.fill == '0' && spec.align == Align::AfterSign {
        width - n_non_digit
    } else {
        0
    };
    let grouped: std::borrow::Cow<'_, str> = if parts.digits.is_empty() {
        "".into()
    } else if sep.is_none() && min_width <= parts.digits.len() as i64 {
        // No separators and no zero padding: the grouping would copy the digits as they are.
        parts.digits.into()
    } else {
        insert_grouping(parts.digits, min_width, sep)?.into()
    };
    let n_grouped = grouped.len() as i64;
    let n_padding = width - (n_non_digit + n_grouped);
    let (mut lpad, mut spad, mut rpad) = (0i64, 0i64, 0i64);
    if n_padding > 0 {
        match spec.align {
            Align::Left => rpad = n_padding,
            Align::Center => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            Align::AfterSign => spad = n_padding,
            Align::Right => lpad = n_padding,
        }
    }
    let mut out = String::new();
    reserve(&mut out, (n_non_digit + n_grouped) as usize * 4)?;
    push_fill(&mut out, spec.fill, lpad as usize)?;
    if let Some(c) = sign_char {
        out.push(c);
    }
    out.push_str(parts.prefix);
    push_fill(&mut out, spec.fill, spad as usize)?;
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    push_fill(&mut out, spec.fill, rpad as usize)?;
    Ok(out)
}

/// Splits an ASCII number string (without sign) into integer digits, decimal flag and
/// remainder, like CPython's `parse_number`.
fn split_number(s: &str) -> (&str, bool, &str) {
    let n = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    let (digits, rest) = s.split_at(n);
    match rest.strip_prefix('.') {
        Some(r) => (digits, true, r),
        None => (digits, false, rest),
    }
}

/// The grouping to use for a spec and type: `(separator, group size)`.
fn grouping_for(spec: &FormatSpec, ty: Option<char>) -> Option<(char, usize)> {
    if ty == Some('n') {
        // C locale: no thousands separator.
        return None;
    }
    match spec.grouping {
        Grouping::None => None,
        Grouping::Comma => Some((',', 3)),
        Grouping::Underscore => Some(('_', 3)),
        Grouping::UnderscoreFour => Some(('_', 4)),
    }
}

/// Pads `len` code points of content to the spec's width (CPython's `calc_padding`).
/// Returns `(left, right)` padding counts.
fn calc_padding(len: usize, width: Option<usize>, align: Align) -> (usize, usize) {
    let total = match width {
        Some(w) if w > len => w,
        _ => len,
    };
    let extra = total - len;
    let left = match align {
        Align::Right => extra,
        Align::Center => extra / 2,
        Align::Left | Align::AfterSign => 0,
    };
    (left, extra - left)
}

/// Converts an int to the nearest float (round-half-even), like `PyLong_AsDouble`.
///
/// Fails with `OverflowError("int too large to convert to float")` when the rounded magnitude
/// reaches 2**1024.
pub fn bigint_to_f64(value: &BigInt) -> Result<f64, FormatError> {
    let mag = value.magnitude();
    let bits = mag.bits();
    let abs = if bits <= 64 {
        mag.to_u64().unwrap_or(0) as f64
    } else {
        let shift = bits - 64;
        let top = (mag >> shift).to_u64().unwrap_or(u64::MAX);
        // Sticky bit: any non-zero bit shifted out makes an exact tie impossible.
        let lost_nonzero = mag.trailing_zeros().is_some_and(|tz| tz < shift);
        let m = (top | lost_nonzero as u64) as f64;
        if shift > 2000 {
            f64::INFINITY
        } else {
            // Multiplying by a power of two is exact unless it overflows.
            let mut r = m;
            let mut s = shift as i32;
            while s > 0 {
                let step = s.min(1000);
                r *= 2f64.powi(step);
                s -= step;
            }
            r
        }
    };
    if abs.is_infinite() {
        return Err(FormatError::IntTooLargeForFloat);
    }
    Ok(if value.sign() == BigSign::Minus {
        -abs
    } else {
        abs
    })
}

/// The text of `value` in `base` (2, 8, 10 or 16; anything else in 2..=36 is also accepted,
/// anything outside that range is treated as 10), with a `-` sign and, when `alternate` is set,
/// the prefix `0b`/`0o`/`0x` for bases 2/8/16: `int_to_base_string(-31, 16, true) == "-0x1f"`.
///
/// This is what `bin()`, `oct()` and `hex()` return (with `alternate = true`).
pub fn int_to_base_string(value: &BigInt, base: u32, alternate: bool) -> String {
    let base = if (2..=36).contains(&base) { base } else { 10 };
    let digits = value.magnitude().to_str_radix(base);
    let prefix = match (alternate, base) {
        (true, 2) => "0b",
        (true, 8) => "0o",
        (true, 16) => "0x",
        _ => "",
    };
    let mut s = String::with_capacity(digits.len() + 3);
    if value.sign() == BigSign::Minus {
        s.push('-');
    }
    s.push_str(prefix);
    s.push_str(&digits);
    s
}

/// `int.__format__` with an already parsed spec (parse it with [`SpecKind::Int`]).
///
/// Types `b c d o x X n` format the integer; `e E f F g G %` convert it to float first (which
/// may fail with `OverflowError`) and format that; anything else (including no type, which only
/// arises from a literal NUL type character) is `Unknown format code`. `type_name` is
/// `type(obj).__name__` for error messages.
pub fn format_int(
    value: &BigInt,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    match spec.ty {
        Some('b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') => format_int_internal(value, spec),
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let f = bigint_to_f64(value)?;
            format_float_internal(f, spec)
        }
        other => Err(FormatError::UnknownFormatCode {
            code: other.unwrap_or('\0'),
            type_name: type_name.to_string(),
        }),
    }
}

/// Port of `format_long_internal`.
fn format_int_internal(value: &BigInt, spec: &FormatSpec) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::PrecisionNotAllowedInInt);
    }
    if spec.no_neg_zero {
        return Err(FormatError::NegZeroNotAllowedInInt);
    }
    let ty = spec.ty.unwrap_or('d');
    if ty == 'c' {
        if spec.sign != Sign::Unspecified {
            return Err(FormatError::SignNotAllowedWithC);
        }
        if spec.alternate {
            return Err(FormatError::AlternateNotAllowedWithC);
        }
        let x = value.to_i64().ok_or(FormatError::IntTooLargeForCLong)?;
        if !(0..=0x10ffff).contains(&x) {
            return Err(FormatError::CharArgNotInRange);
        }
        // Lone surrogates cannot be represented in a Rust string: U+FFFD stands in for them.
        let ch = char::from_u32(x as u32).unwrap_or('\u{fffd}');
        let mut buf = [0u8; 4];
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: "",
            has_decimal: false,
            remainder: ch.encode_utf8(&mut buf),
        };
        return layout_number(&parts, spec, grouping_for(spec, spec.ty));
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = value.magnitude().to_str_radix(base);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: value.sign() == BigSign::Minus,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    layout_number(&parts, spec, grouping_for(spec, spec.ty))
}

/// `float.__format__` with an already parsed spec (parse it with [`SpecKind::Float`]).
///
/// Types `e E f F g G n %` and no type are supported; no type means `repr()`-style output
/// without a precision, and `g`-like output that keeps at least one digit after the point with
/// one. Anything else is `Unknown format code`.
pub fn format_float(value: f64, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_internal(value, spec)
        }
        Some(code) => Err(FormatError::UnknownFormatCode {
            code,
            type_name: type_name.to_string(),
        }),
    }
}

/// Largest precision CPython accepts for floats (`INT_MAX`).
const MAX_FLOAT_PRECISION: usize = i32::MAX as usize;

/// Port of `format_float_internal`.
fn format_float_internal(value: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    if let Some(p) = spec.precision {
        if p > MAX_FLOAT_PRECISION {
            return Err(FormatError::PrecisionTooBig);
        }
    }
    let mut flags = DtoaFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..DtoaFlags::default()
    };
    let mut ty = spec.ty.unwrap_or('\0');
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    if ty == 'n' {
        ty = 'g';
    }
    let mut val = value;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let precision = match spec.precision {
        Some(p) => {
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
        None => default_precision,
    };
    let mut buf = double_to_string(val, ty, precision, flags);
    if add_pct {
        buf.push('%');
    }
    let (negative, body) = match buf.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, buf.as_str()),
    };
    let (digits, has_decimal, remainder) = split_number(body);
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    layout_number(&parts, spec, grouping_for(spec, spec.ty))
}

/// `str.__format__` with an already parsed spec (parse it with [`SpecKind::Str`]).
///
/// Only type `s` is supported. The precision truncates to that many code points and the width
/// counts code points.
pub fn format_str(value: &str, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    if spec.ty != Some('s') {
        return Err(FormatError::UnknownFormatCode {
            code: spec.ty.unwrap_or('\0'),
            type_name: type_name.to_string(),
        });
    }
    match spec.sign {
        Sign::Unspecified => {}
        Sign::Space => return Err(FormatError::SpaceNotAllowedInString),
        Sign::Plus | Sign::Minus => return Err(FormatError::SignNotAllowedInString),
    }
    if spec.no_neg_zero {
        return Err(FormatError::NegZeroNotAllowedInString);
    }
    if spec.alternate {
        return Err(FormatError::AlternateNotAllowedInString);
    }
    if spec.align == Align::AfterSign {
        return Err(FormatError::EqualsAlignNotAllowedInString);
    }
    let (body, len) = match spec.precision {
        Some(p) => match value.char_indices().nth(p) {
            Some((i, _)) => (&value[..i], p),
            None => (value, value.chars().count()),
        },
        None => (value, value.chars().count()),
    };
    let (left, right) = calc_padding(len, spec.width, spec.align);
    let mut out = String::new();
    reserve(&mut out, body.len())?;
    push_fill(&mut out, spec.fill, left)?;
    out.push_str(body);
    push_fill(&mut out, spec.fill, right)?;
    Ok(out)
}

/// `complex.__format__` with an already parsed spec (parse it with [`SpecKind::Complex`]).
///
/// Types `e E f F g G n` and no type are supported. With no type the output looks like
/// `repr()` (`(1+2j)`, or `2j` when the real part is `+0.0`), with a precision it is `g`-like.
/// Zero padding and `=` alignment are rejected like in CPython.
pub fn format_complex(
    re: f64,
    im: f64,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, FormatError> {
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {}
        Some(code) => {
            return Err(FormatError::UnknownFormatCode {
                code,
                type_name: type_name.to_string(),
            })
        }
    }
    if let Some(p) = spec.precision {
        if p > MAX_FLOAT_PRECISION {
            return Err(FormatError::PrecisionTooBig);
        }
    }
    if spec.fill == '0' {
        return Err(FormatError::ZeroPaddingInComplex);
    }
    if spec.align == Align::AfterSign {
        return Err(FormatError::EqualsAlignInComplex);
    }
    let flags = DtoaFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_zero,
        ..DtoaFlags::default()
    };
    let mut ty = spec.ty.unwrap_or('\0');
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut add_parens = false;
    if ty == '\0' {
        ty = 'r';
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    if ty == 'n' {
        ty = 'g';
    }
    let precision = match spec.precision {
        Some(p) => {
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
        None => default_precision,
    };
    let re_buf = double_to_string(re, ty, precision, flags);
    let im_buf = double_to_string(im, ty, precision, flags);
    let sep = grouping_for(spec, spec.ty);

    // Both parts are laid out without padding; padding is applied to the whole afterwards.
    let mut tmp = spec.clone();
    tmp.fill = '\0';
    tmp.align = Align::Left;
    tmp.width = None;
    let piece = |buf: &str, tmp: &FormatSpec| -> Result<String, FormatError> {
        let (negative, body) = match buf.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, buf),
        };
        let (digits, has_decimal, remainder) = split_number(body);
        let parts = NumberParts {
            negative,
            prefix: "",
            digits,
            has_decimal,
            remainder,
        };
        layout_number(&parts, tmp, sep)
    };
    let re_str = if skip_re {
        String::new()
    } else {
        piece(&re_buf, &tmp)?
    };
    if !skip_re {
        tmp.sign = Sign::Plus;
    }
    let im_str = piece(&im_buf, &tmp)?;

    let n_body = re_str.chars().count() + im_str.chars().count() + 1 + 2 * add_parens as usize;
    let (left, right) = calc_padding(n_body, spec.width, spec.align);
    let mut out = String::new();
    push_fill(&mut out, spec.fill, left)?;
    if add_parens {
        out.push('(');
    }
    out.push_str(&re_str);
    out.push_str(&im_str);
    out.push('j');
    if add_parens {
        out.push(')');
    }
    push_fill(&mut out, spec.fill, right)?;
    Ok(out)
}

/// `format(value, spec)` for an exact `int` (or `bool` with `type_name == "bool"`): parses the
/// spec and formats. An empty spec gives `str(value)`; for `bool` and int subclasses the caller
/// must produce `str(obj)` itself in that case (e.g. `format(True, '') == 'True'`).
pub fn format_int_spec(value: &BigInt, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let s = FormatSpec::parse(spec, SpecKind::Int, type_name)?;
    format_int(value, &s, type_name)
}

/// [`format_int_spec`] for an int that fits in an `i64`: the common `d` presentation
/// (`f"{i:>6}"`, `f"{n:,}"`) takes its digits straight from the machine integer instead of
/// a temporary `BigInt`; every other spec goes through [`format_int`] unchanged.
pub fn format_i64_spec(value: i64, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let s = FormatSpec::parse(spec, SpecKind::Int, type_name)?;
    // What `format_int_internal` does for `d` when it raises nothing: base 10, no prefix.
    if s.ty == Some('d') && s.precision.is_none() && !s.no_neg_zero {
        let digits = value.unsigned_abs().to_string();
        let parts = NumberParts {
            negative: value < 0,
            prefix: "",
            digits: &digits,
            has_decimal: false,
            remainder: "",
        };
        return layout_number(&parts, &s, grouping_for(&s, s.ty));
    }
    format_int(&BigInt::from(value), &s, type_name)
}

/// `format(value, spec)` for a float. An empty spec gives `str(value)` (callers handling float
/// subclasses with a custom `__str__` must call it themselves).
pub fn format_float_spec(value: f64, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(float_repr(value));
    }
    let s = FormatSpec::parse(spec, SpecKind::Float, type_name)?;
    format_float(value, &s, type_name)
}

/// `format(value, spec)` for a str. An empty spec returns the string unchanged.
pub fn format_str_spec(value: &str, spec: &str, type_name: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let s = FormatSpec::parse(spec, SpecKind::Str, type_name)?;
    format_str(value, &s, type_name)
}

/// `format(complex(re, im), spec)`. An empty spec gives `str()` of the complex number.
pub fn format_complex_spec(
    re: f64,
    im: f64,
    spec: &str,
    type_name: &str,
) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(complex_repr(re, im));
    }
    let s = FormatSpec::parse(spec, SpecKind::Complex, type_name)?;
    format_complex(re, im, &s, type_name)
}
