//! Parser for the format-spec mini-language used by `format()`, `str.format` and f-strings:
//!
//! ```text
//! [[fill]align][sign][z][#][0][width][grouping][.precision][type]
//! ```
//!
//! A port of CPython 3.11's `parse_internal_render_format_spec` (Python/formatter_unicode.c),
//! including its quirks: the width and precision accept any Unicode decimal digit, a `0` before
//! the width sets the fill to `'0'` (and, for numbers without an explicit alignment, the
//! alignment to `'='`), and the grouping/type compatibility checks happen at parse time.

use super::error::FormatError;

/// Text alignment within the field width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    /// `<`: pad on the right.
    Left,
    /// `>`: pad on the left.
    Right,
    /// `^`: pad on both sides (the extra character goes on the right).
    Center,
    /// `=`: pad between the sign/prefix and the digits (numbers only).
    AfterSign,
}

impl Align {
    /// The alignment a spec character stands for, if any.
    fn from_char(c: char) -> Option<Align> {
        match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        }
    }
}

/// The sign option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sign {
    /// No sign option given (behaves like `-` for numbers).
    Unspecified,
    /// `-`: sign only negative numbers.
    Minus,
    /// `+`: always sign.
    Plus,
    /// ` `: a space for non-negative numbers.
    Space,
}

/// The grouping (thousands separator) option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// No separator.
    None,
    /// `,`: a comma every 3 digits.
    Comma,
    /// `_`: an underscore every 3 digits (decimal types).
    Underscore,
    /// `_` with a `b`, `o`, `x` or `X` type: an underscore every 4 digits.
    UnderscoreFour,
}

/// Which built-in `__format__` a spec is parsed for; this fixes the default type and alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecKind {
    /// `str.__format__`: default type `s`, default alignment `<`.
    Str,
    /// `int.__format__` (also `bool`): default type `d`, default alignment `>`.
    Int,
    /// `float.__format__`: no default type, default alignment `>`.
    Float,
    /// `complex.__format__`: no default type, default alignment `>`.
    Complex,
}

/// A parsed format spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// Fill character (default `' '`; `'0'` when the `0` flag is given without an explicit fill).
    pub fill: char,
    /// Alignment (defaults depend on [`SpecKind`]).
    pub align: Align,
    /// Sign option.
    pub sign: Sign,
    /// `z`: coerce negative zero to positive zero (floats only).
    pub no_neg_zero: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// Minimum field width in code points, if given.
    pub width: Option<usize>,
    /// Grouping option.
    pub grouping: Grouping,
    /// Precision, if given.
    pub precision: Option<usize>,
    /// Presentation type. `None` means "no type" (CPython's `'\0'`); for [`SpecKind::Str`] and
    /// [`SpecKind::Int`] an absent type is filled in as `s` / `d`. A literal NUL type character
    /// also reads as `None`.
    pub ty: Option<char>,
}

/// Unicode code points whose decimal value is 0, each starting a run of ten consecutive decimal
/// digits 0..=9 (Unicode 14.0, as used by CPython 3.11's `Py_UNICODE_TODECIMAL`).
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The decimal digit value of `c` (any Unicode decimal digit, like `Py_UNICODE_TODECIMAL`).
pub fn unicode_decimal_value(c: char) -> Option<u32> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(cp - 0x30);
    }
    if cp < 0x660 {
        return None;
    }
    // Index of the last run starting at or before cp.
    let idx = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    if idx == 0 {
        return None;
    }
    let zero = DECIMAL_ZEROS[idx - 1];
    let v = cp - zero;
    if v < 10 {
        Some(v)
    } else {
        None
    }
}

/// Port of CPython's `get_integer`: reads decimal digits starting at `*pos`. Returns the number
/// of digits consumed and the value (0 when none).
fn get_integer(chars: &[char], pos: &mut usize) -> Result<(usize, usize), FormatError> {
    let mut acc: usize = 0;
    let mut n = 0usize;
    const MAX: usize = isize::MAX as usize;
    while let Some(d) = chars.get(*pos).and_then(|&c| unicode_decimal_value(c)) {
        let d = d as usize;
        if acc > (MAX - d) / 10 {
            return Err(FormatError::TooManyDecimalDigits);
        }
        acc = acc * 10 + d;
        *pos += 1;
        n += 1;
    }
    Ok((n, acc))
}

impl FormatSpec {
    /// Parses `spec` for an object of the given kind; `type_name` (`type(obj).__name__`) is used
    /// only in error messages.
    ///
    /// This does not treat the empty spec specially: callers implementing `format(obj, '')`
    /// should produce `str(obj)` themselves (the `*_spec` helpers in [`super::apply`] do that
    /// for exact built-in types).
    pub fn parse(spec: &str, kind: SpecKind, type_name: &str) -> Result<FormatSpec, FormatError> {
        // Specs are short: collect the code points on the stack when they fit.
        let mut small = ['\0'; 16];
        let heap: Vec<char>;
        let chars: &[char] = if spec.len() <= small.len() {
            let mut n = 0;
            for c in spec.chars() {
                small[n] = c;
                n += 1;
            }
            &small[..n]
        } else {
            heap = spec.chars().collect();
            &heap
        };
        let end = chars.len();
        let (default_type, default_align) = match kind {
            SpecKind::Str => (Some('s'), Align::Left),
            SpecKind::Int => (Some('d'), Align::Right),
            SpecKind::Float | SpecKind::Complex => (None, Align::Right),
        };
        let mut f = FormatSpec {
            fill: ' ',
            align: default_align,
            sign: Sign::Unspecified,
            no_neg_zero: false,
            alternate: false,
            width: None,
            grouping: Grouping::None,
            precision: None,
            ty: default_type,
        };
        let mut pos = 0usize;
        let mut align_specified = false;
        let mut fill_specified = false;

        if end - pos >= 2 {
            if let Some(a) = Align::from_char(chars[pos + 1]) {
                f.align = a;
                f.fill = chars[pos];
                fill_specified = true;
                align_specified = true;
                pos += 2;
            }
        }
        if !align_specified && end - pos >= 1 {
            if let Some(a) = Align::from_char(chars[pos]) {
                f.align = a;
                align_specified = true;
                pos += 1;
            }
        }
        if pos < end {
            let s = match chars[pos] {
                '+' => Some(Sign::Plus),
                '-' => Some(Sign::Minus),
                ' ' => Some(Sign::Space),
                _ => None,
            };
            if let Some(s) = s {
                f.sign = s;
                pos += 1;
            }
        }
        if pos < end && chars[pos] == 'z' {
            f.no_neg_zero = true;
            pos += 1;
        }
        if pos < end && chars[pos] == '#' {
            f.alternate = true;
            pos += 1;
        }
        if !fill_specified && pos < end && chars[pos] == '0' {
            f.fill = '0';
            if !align_specified && default_align == Align::Right {
                f.align = Align::AfterSign;
            }
            pos += 1;
        }
        let (consumed, width) = get_integer(chars, &mut pos)?;
        if consumed > 0 {
            f.width = Some(width);
        }
        if pos < end && chars[pos] == ',' {
            f.grouping = Grouping::Comma;
            pos += 1;
        }
        if pos < end && chars[pos] == '_' {
            if f.grouping != Grouping::None {
                return Err(FormatError::CommaAndUnderscore);
            }
            f.grouping = Grouping::Underscore;
            pos += 1;
        }
        if pos < end && chars[pos] == ',' && f.grouping == Grouping::Underscore {
            return Err(FormatError::CommaAndUnderscore);
        }
        if pos < end && chars[pos] == '.' {
            pos += 1;
            let (consumed, prec) = get_integer(chars, &mut pos)?;
            if consumed == 0 {
                return Err(FormatError::MissingPrecision);
            }
            f.precision = Some(prec);
        }
        if end - pos > 1 {
            return Err(FormatError::InvalidFormatSpecifier {
                spec: spec.to_string(),
                type_name: type_name.to_string(),
            });
        }
        if end - pos == 1 {
            let c = chars[pos];
            f.ty = if c == '\0' { None } else { Some(c) };
        }

        if f.grouping != Grouping::None {
            let separator = if f.grouping == Grouping::Comma {
                ','
            } else {
                '_'
            };
            match f.ty {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
                Some('b' | 'o' | 'x' | 'X') if f.grouping == Grouping::Underscore => {
                    f.grouping = Grouping::UnderscoreFour;
                }
                Some(code) => return Err(FormatError::CannotSpecifyWith { separator, code }),
            }
        }
        Ok(f)
    }

    /// The type code as CPython stores it (`'\0'` for none).
    pub fn type_char(&self) -> char {
        self.ty.unwrap_or('\0')
    }
}
