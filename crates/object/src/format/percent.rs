//! Building blocks for printf-style `str % args` formatting, as CPython 3.11's
//! `PyUnicode_Format` does it (Objects/unicodeobject.c).
//!
//! # How the VM drives these
//!
//! ```text
//! dict  = args if it is a mapping and not a tuple or str, else None
//! items = args if it is a tuple, else (args,)          # "the argument list"
//! i = 0; out = ""
//! scan fmt; copy text up to each '%'; then, at byte offset p just after the '%':
//!     d = parse_percent_spec(fmt, p, dict is not None)
//!         on Err(e): first fetch e.stars_before arguments (each may raise
//!         "not enough arguments for format string" / "* wants int"), then raise e.error
//!     Literal{end}            -> out += "%"; continue at end
//!     Spec(s):
//!         if s.key is Some(k): items = (dict[k],) ; i = 0 and remember "dict mode"
//!                              (CPython sets arglen = -1, argidx = -2: the looked-up
//!                              object itself is the one argument, re-used by every
//!                              later `*` and conversion until the next key)
//!         if s.width_star:     w = next arg; not int -> TypeError("* wants int");
//!                              s.set_star_width(&w)?
//!         if s.precision_star: p = next arg; not int -> TypeError("* wants int");
//!                              s.set_star_precision(&p)?
//!         v = next arg         # "not enough arguments for format string" when exhausted
//!         match s.conversion:
//!             's' 'r' 'a' -> out += percent_format_str(&str(v) / repr(v) / ascii(v), &s)
//!             'c'         -> ch = v if str of length 1, else percent_char_from_int(int v)
//!                            (TypeError "%c requires int or char" otherwise);
//!                            out += percent_format_str(ch, &s)
//!             'd' 'i' 'u' 'o' 'x' 'X' -> convert v to int (o/x/X: __index__ only, others
//!                            int(v), e.g. 3.7 -> 3; TypeError "%d format: a real number is
//!                            required, not str" / "%x format: an integer is required, not
//!                            float"); out += percent_format_int(&n, &s)?
//!             'e' 'E' 'f' 'F' 'g' 'G' -> x = float(v) (TypeError "must be real number, not
//!                            str"); out += percent_format_float(x, &s)?
//!             _           -> raise s.unsupported_error(fmt)
//!         if dict is not None and i < len(items): TypeError("not all arguments converted
//!                                                            during string formatting")
//! at the end: if dict is None and i < len(items): the same TypeError
//! ```
//!
//! Note the order CPython uses: the argument is fetched *before* the conversion character is
//! checked, so `'%q' % ()` raises "not enough arguments", while `'%q' % 1` raises
//! "unsupported format character".

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::{Signed, ToPrimitive};

use super::error::FormatError;
use super::float_repr::{double_to_string, DtoaFlags};

/// The flag characters of a `%` conversion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PercentFlags {
    /// `-`: left-justify.
    pub left: bool,
    /// `+`: always show a sign for numbers.
    pub sign: bool,
    /// ` `: a space before non-negative numbers.
    pub blank: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero-pad numbers.
    pub zero: bool,
}

/// One parsed `%` conversion specifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentSpec {
    /// `%(key)s`: the mapping key, without parentheses.
    pub key: Option<String>,
    /// Flags.
    pub flags: PercentFlags,
    /// Minimum width, when given as digits or after [`PercentSpec::set_star_width`].
    pub width: Option<usize>,
    /// The width was `*`: the VM must fetch it (see [`PercentSpec::set_star_width`]).
    pub width_star: bool,
    /// Precision, when given (`%.f` gives `Some(0)`) or after
    /// [`PercentSpec::set_star_precision`].
    pub precision: Option<usize>,
    /// The precision was `*`: the VM must fetch it.
    pub precision_star: bool,
    /// The conversion character (any character; unsupported ones are reported by the VM with
    /// [`PercentSpec::unsupported_error`] after fetching the argument).
    pub conversion: char,
    /// Byte offset of the conversion character in the format string.
    pub conversion_pos: usize,
    /// Byte offset just past the conversion character: where scanning resumes.
    pub end: usize,
}

/// What [`parse_percent_spec`] found after a `%`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentDirective {
    /// `%%`: a literal percent sign; no argument is consumed. Scanning resumes at `end`.
    Literal {
        /// Byte offset just past the second `%`.
        end: usize,
    },
    /// A conversion specifier.
    Spec(PercentSpec),
}

/// A parse failure, with the number of `*` fields seen before it: CPython fetches those
/// arguments while parsing, so their errors ("not enough arguments for format string",
/// "* wants int") take precedence and must be raised first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentParseError {
    /// The error to raise.
    pub error: FormatError,
    /// How many `*` arguments CPython would have fetched before raising `error`.
    pub stars_before: usize,
}

/// Parses the conversion specifier that starts at byte offset `start` of `fmt`, just after a
/// `%`. `has_mapping` tells whether the right operand is a mapping (needed for `%(key)`, which
/// otherwise raises `TypeError: format requires a mapping`).
///
/// A `start` past the end (or not on a character boundary) reads as an incomplete format.
pub fn parse_percent_spec(
    fmt: &str,
    start: usize,
    has_mapping: bool,
) -> Result<PercentDirective, PercentParseError> {
    let err = |error: FormatError, stars_before: usize| PercentParseError {
        error,
        stars_before,
    };
    let rest = match fmt.get(start..) {
        Some(r) => r,
        None => return Err(err(FormatError::IncompleteFormat, 0)),
    };
    let mut it = rest.char_indices().map(|(i, c)| (start + i, c)).peekable();
    if let Some(&(i, '%')) = it.peek() {
        return Ok(PercentDirective::Literal { end: i + 1 });
    }

    let mut key = None;
    if let Some(&(_, '(')) = it.peek() {
        if !has_mapping {
            return Err(err(FormatError::FormatRequiresMapping, 0));
        }
        it.next();
        let key_start = start + 1;
        let mut depth = 1usize;
        let mut key_end = None;
        for (i, c) in it.by_ref() {
            if c == ')' {
                depth -= 1;
                if depth == 0 {
                    key_end = Some(i);
                    break;
                }
            } else if c == '(' {
                depth += 1;
            }
        }
        match key_end {
            Some(e) => key = Some(fmt[key_start..e].to_string()),
            None => return Err(err(FormatError::IncompleteFormatKey, 0)),
        }
    }

    let mut flags = PercentFlags::default();
    let mut stars = 0usize;
    // The current character (CPython's arg->ch) and whether the string ran out (fmtcnt < 0).
    let mut cur: Option<(usize, char)> = None;
    for (i, c) in it.by_ref() {
        match c {
            '-' => flags.left = true,
            '+' => flags.sign = true,
            ' ' => flags.blank = true,
            '#' => flags.alt = true,
            '0' => flags.zero = true,
            _ => {
                cur = Some((i, c));
                break;
            }
        }
    }
    let incomplete = |stars| err(FormatError::IncompleteFormat, stars);
    let Some((_, mut ch)) = cur else {
        return Err(incomplete(stars));
    };

    let mut width = None;
    let mut width_star = false;
    if ch == '*' {
        width_star = true;
        stars += 1;
        cur = it.next();
        match cur {
            Some((_, c)) => ch = c,
            None => return Err(incomplete(stars)),
        }
    } else if ch.is_ascii_digit() {
        let mut w = (ch as u8 - b'0') as usize;
        cur = None;
        for (i, c) in it.by_ref() {
            if !c.is_ascii_digit() {
                cur = Some((i, c));
                break;
            }
            let d = (c as u8 - b'0') as usize;
            if w > (isize::MAX as usize - d) / 10 {
                return Err(err(FormatError::WidthTooBig, stars));
            }
            w = w * 10 + d;
        }
        width = Some(w);
        match cur {
            Some((_, c)) => ch = c,
            None => return Err(incomplete(stars)),
        }
    }

    let mut precision = None;
    let mut precision_star = false;
    if ch == '.' {
        precision = Some(0);
        cur = it.next();
        match cur {
            Some((_, c)) => ch = c,
            None => return Err(incomplete(stars)),
        }
        if ch == '*' {
            precision_star = true;
            stars += 1;
            cur = it.next();
            match cur {
                Some((_, c)) => ch = c,
                None => return Err(incomplete(stars)),
            }
        } else if ch.is_ascii_digit() {
            let mut p = (ch as u8 - b'0') as usize;
            cur = None;
            for (i, c) in it.by_ref() {
                if !c.is_ascii_digit() {
                    cur = Some((i, c));
                    break;
                }
                let d = (c as u8 - b'0') as usize;
                if p > (i32::MAX as usize - d) / 10 {
                    return Err(err(FormatError::PrecisionTooBig, stars));
                }
                p = p * 10 + d;
            }
            precision = Some(p);
            match cur {
                Some((_, c)) => ch = c,
                None => return Err(incomplete(stars)),
            }
        }
    }

    if matches!(ch, 'h' | 'l' | 'L') {
        cur = it.next();
        if cur.is_none() {
            return Err(incomplete(stars));
        }
    }
    let Some((pos, conversion)) = cur else {
        return Err(incomplete(stars));
    };
    Ok(PercentDirective::Spec(PercentSpec {
        key,
        flags,
        width,
        width_star,
        precision,
        precision_star,
        conversion,
        conversion_pos: pos,
        end: pos + conversion.len_utf8(),
    }))
}

impl PercentSpec {
    /// Applies a `*` width argument (an int): negative values left-justify, like CPython.
    /// Fails with `OverflowError` when it does not fit a C `ssize_t`.
    pub fn set_star_width(&mut self, w: &BigInt) -> Result<(), FormatError> {
        let v = w.to_i64().ok_or(FormatError::IntTooLargeForSsize)?;
        if v < 0 {
            self.flags.left = true;
        }
        self.width = Some(v.unsigned_abs().min(isize::MAX as u64) as usize);
        Ok(())
    }

    /// Applies a `*` precision argument (an int): negative values mean 0, like CPython.
    /// Fails with `OverflowError` when it does not fit a C `int`.
    pub fn set_star_precision(&mut self, p: &BigInt) -> Result<(), FormatError> {
        let v = p.to_i32().ok_or(FormatError::IntTooLargeForCInt)?;
        self.precision = Some(v.max(0) as usize);
        Ok(())
    }

    /// The `ValueError` for an unsupported conversion character; `fmt` must be the format
    /// string this spec was parsed from (the index is reported in code points).
    pub fn unsupported_error(&self, fmt: &str) -> FormatError {
        let index = fmt
            .get(..self.conversion_pos)
            .map_or(0, |prefix| prefix.chars().count());
        FormatError::UnsupportedFormatChar {
            ch: self.conversion,
            index,
        }
    }
}

/// Converts the argument of `%c` (an int) to a character, like CPython's `formatchar`:
/// `OverflowError("%c arg not in range(0x110000)")` outside `0..=0x10FFFF`. Lone surrogates
/// (which a Rust string cannot hold) become U+FFFD.
pub fn percent_char_from_int(v: &BigInt) -> Result<char, FormatError> {
    match v.to_u32() {
        Some(x) if x <= 0x10ffff => Ok(char::from_u32(x).unwrap_or('\u{fffd}')),
        _ => Err(FormatError::CharArgNotInRange),
    }
}

/// Appends `n` copies of `c`.
fn push_n(s: &mut String, c: char, n: usize) {
    for _ in 0..n {
        s.push(c);
    }
}

/// Port of `unicode_format_arg_output`: pads/truncates the converted text `body` according to
/// the spec. `numeric` is CPython's `arg->sign` (true for integer and float conversions).
fn output(body: &str, spec: &PercentSpec, numeric: bool) -> Result<String, FormatError> {
    let conv = spec.conversion;
    let flags = spec.flags;
    let fill = if numeric && flags.zero { '0' } else { ' ' };
    let chars: Vec<char> = body.chars().collect();
    let mut len = chars.len();
    if matches!(conv, 's' | 'r' | 'a') {
        if let Some(p) = spec.precision {
            len = len.min(p);
        }
    }
    let mut pindex = 0usize;
    let mut sign = numeric;
    let mut signchar = '\0';
    if sign {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                signchar = c;
                len = len.saturating_sub(1);
                pindex += 1;
            }
            _ if flags.sign => signchar = '+',
            _ if flags.blank => signchar = ' ',
            _ => sign = false,
        }
    }
    let mut width = spec.width.unwrap_or(0).max(len);
    let mut out = String::new();
    out.try_reserve(width.saturating_add(body.len()))
        .map_err(|_| FormatError::OutOfMemory)?;
    if sign {
        if fill != ' ' {
            out.push(signchar);
        }
        if width > len {
            width -= 1;
        }
    }
    let alt_prefix = flags.alt && matches!(conv, 'o' | 'x' | 'X') && len >= 2;
    if alt_prefix {
        if fill != ' ' {
            out.push('0');
            out.push(conv);
            pindex += 2;
        }
        width = width.saturating_sub(2);
        len -= 2;
    }
    if width > len && !flags.left {
        push_n(&mut out, fill, width - len);
        width = len;
    }
    if fill == ' ' {
        if sign {
            out.push(signchar);
        }
        if alt_prefix {
            out.push('0');
            out.push(conv);
            pindex += 2;
        }
    }
    out.extend(chars.iter().skip(pindex).take(len));
    if width > len {
        push_n(&mut out, ' ', width - len);
    }
    Ok(out)
}

/// Formats an int for `%d %i %u %o %x %X` (any other conversion is treated as `d`), applying
/// flags, width and precision (minimum number of digits). The VM converts the operand to an
/// int first (`int(v)` for d/i/u, `v.__index__()` for o/x/X).
pub fn percent_format_int(value: &BigInt, spec: &PercentSpec) -> Result<String, FormatError> {
    let conv = match spec.conversion {
        c @ ('o' | 'x' | 'X') => c,
        _ => 'd',
    };
    let prec = spec.precision.unwrap_or(0);
    if prec > (i32::MAX - 3) as usize {
        return Err(FormatError::PrecisionTooLarge);
    }
    let (base, prefix) = match conv {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = value.abs().to_str_radix(base);
    if conv == 'X' {
        digits.make_ascii_uppercase();
    }
    let mut body = String::new();
    body.try_reserve(prec.max(digits.len()) + 3)
        .map_err(|_| FormatError::OutOfMemory)?;
    if value.sign() == BigSign::Minus {
        body.push('-');
    }
    if spec.flags.alt {
        body.push_str(prefix);
    }
    if prec > digits.len() {
        push_n(&mut body, '0', prec - digits.len());
    }
    body.push_str(&digits);
    let mut s = spec.clone();
    s.conversion = conv;
    output(&body, &s, true)
}

/// Formats a float for `%e %E %f %F %g %G` (any other conversion is treated as `g`): precision
/// defaults to 6, `#` keeps the decimal point / trailing zeros, and flags and width apply.
pub fn percent_format_float(value: f64, spec: &PercentSpec) -> Result<String, FormatError> {
    let conv = match spec.conversion {
        c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G') => c,
        _ => 'g',
    };
    let prec = spec.precision.unwrap_or(6);
    if prec > i32::MAX as usize {
        return Err(FormatError::PrecisionTooBig);
    }
    let body = double_to_string(
        value,
        conv,
        prec,
        DtoaFlags {
            alt: spec.flags.alt,
            ..DtoaFlags::default()
        },
    );
    let mut s = spec.clone();
    s.conversion = conv;
    output(&body, &s, true)
}

/// Pads (and, for `%s %r %a`, truncates to the precision) already converted text: use it for
/// `%s` (`str(v)`), `%r` (`repr(v)`), `%a` (`ascii(v)`) and `%c` (the one character).
/// Signs and zero padding do not apply to these conversions.
pub fn percent_format_str(text: &str, spec: &PercentSpec) -> Result<String, FormatError> {
    output(text, spec, false)
}
