//! The error type shared by every formatting routine.
//!
//! Each variant's `Display` output is, byte for byte, the message CPython 3.11 attaches to the
//! corresponding exception; [`FormatError::kind`] says which exception class that is.

use std::fmt;

/// The Python exception class a [`FormatError`] must be raised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ValueError`.
    ValueError,
    /// `OverflowError`.
    OverflowError,
    /// `TypeError`.
    TypeError,
    /// `MemoryError` (the result would be too large to allocate).
    MemoryError,
}

impl ErrorKind {
    /// The Python name of the exception class, e.g. `"ValueError"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ValueError => "ValueError",
            ErrorKind::OverflowError => "OverflowError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::MemoryError => "MemoryError",
        }
    }
}

/// A formatting failure, carrying everything needed to render CPython's exact message.
///
/// Use [`FormatError::kind`] for the exception class and `to_string()` for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    // ----- format-spec mini-language (`format()`, `str.format`, f-strings) -----
    /// More than one character left where only the type code may stand.
    /// `Invalid format specifier '<spec>' for object of type '<type>'`.
    InvalidFormatSpecifier {
        /// The whole format spec as given.
        spec: String,
        /// `type(obj).__name__`.
        type_name: String,
    },
    /// The type code is not supported by the object's type.
    /// `Unknown format code 'x' for object of type '<type>'`.
    UnknownFormatCode {
        /// The offending type code.
        code: char,
        /// `type(obj).__name__`.
        type_name: String,
    },
    /// A grouping option used with a type code that does not allow it.
    /// `Cannot specify ',' with 'x'.`
    CannotSpecifyWith {
        /// `','` or `'_'`.
        separator: char,
        /// The type code.
        code: char,
    },
    /// `Cannot specify both ',' and '_'.`
    CommaAndUnderscore,
    /// `Format specifier missing precision`
    MissingPrecision,
    /// `Too many decimal digits in format string`
    TooManyDecimalDigits,
    /// `Sign not allowed in string format specifier`
    SignNotAllowedInString,
    /// `Space not allowed in string format specifier`
    SpaceNotAllowedInString,
    /// `Negative zero coercion (z) not allowed in string format specifier`
    NegZeroNotAllowedInString,
    /// `Alternate form (#) not allowed in string format specifier`
    AlternateNotAllowedInString,
    /// `'=' alignment not allowed in string format specifier`
    EqualsAlignNotAllowedInString,
    /// `Precision not allowed in integer format specifier`
    PrecisionNotAllowedInInt,
    /// `Negative zero coercion (z) not allowed in integer format specifier`
    NegZeroNotAllowedInInt,
    /// `Sign not allowed with integer format specifier 'c'`
    SignNotAllowedWithC,
    /// `Alternate form (#) not allowed with integer format specifier 'c'`
    AlternateNotAllowedWithC,
    /// `Zero padding is not allowed in complex format specifier`
    ZeroPaddingInComplex,
    /// `'=' alignment flag is not allowed in complex format specifier`
    EqualsAlignInComplex,
    /// OverflowError `%c arg not in range(0x110000)`
    CharArgNotInRange,
    /// OverflowError `Python int too large to convert to C long`
    IntTooLargeForCLong,
    /// OverflowError `int too large to convert to float`
    IntTooLargeForFloat,
    /// ValueError `precision too big`
    PrecisionTooBig,

    // ----- printf-style `%` formatting -----
    /// ValueError `incomplete format`
    IncompleteFormat,
    /// ValueError `incomplete format key`
    IncompleteFormatKey,
    /// TypeError `format requires a mapping`
    FormatRequiresMapping,
    /// ValueError `width too big`
    WidthTooBig,
    /// OverflowError `precision too large` (integer conversions with a precision near `INT_MAX`).
    PrecisionTooLarge,
    /// ValueError `unsupported format character 'q' (0x71) at index 1`.
    UnsupportedFormatChar {
        /// The conversion character.
        ch: char,
        /// Its index, in code points, within the format string.
        index: usize,
    },
    /// TypeError `* wants int`
    StarWantsInt,
    /// OverflowError `Python int too large to convert to C ssize_t` (a `*` width).
    IntTooLargeForSsize,
    /// OverflowError `Python int too large to convert to C int` (a `*` precision).
    IntTooLargeForCInt,

    /// MemoryError with an empty message: the result would not fit in memory.
    OutOfMemory,
}

impl FormatError {
    /// The Python exception class this error is raised as.
    pub fn kind(&self) -> ErrorKind {
        use FormatError::*;
        match self {
            CharArgNotInRange | IntTooLargeForCLong | IntTooLargeForFloat | PrecisionTooLarge
            | IntTooLargeForSsize | IntTooLargeForCInt => ErrorKind::OverflowError,
            FormatRequiresMapping | StarWantsInt => ErrorKind::TypeError,
            OutOfMemory => ErrorKind::MemoryError,
            _ => ErrorKind::ValueError,
        }
    }
}

/// Truncates a type name to 200 bytes like CPython's `%.200s`, never splitting a character.
fn truncate_200(s: &str) -> &str {
    if s.len() <= 200 {
        return s;
    }
    let mut end = 200;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Writes a presentation type the way CPython's error messages do: the character itself when it
/// is printable ASCII (33..=127 exclusive of 127), else `\x<hex>`.
fn write_code(f: &mut fmt::Formatter<'_>, code: char) -> fmt::Result {
    let c = code as u32;
    if c > 32 && c < 128 {
        write!(f, "{}", code)
    } else {
        write!(f, "\\x{:x}", c)
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FormatError::*;
        match self {
            InvalidFormatSpecifier { spec, type_name } => write!(
                f,
                "Invalid format specifier '{}' for object of type '{}'",
                spec,
                truncate_200(type_name)
            ),
            UnknownFormatCode { code, type_name } => {
                f.write_str("Unknown format code '")?;
                write_code(f, *code)?;
                write!(f, "' for object of type '{}'", truncate_200(type_name))
            }
            CannotSpecifyWith { separator, code } => {
                write!(f, "Cannot specify '{}' with '", separator)?;
                write_code(f, *code)?;
                f.write_str("'.")
            }
            CommaAndUnderscore => f.write_str("Cannot specify both ',' and '_'."),
            MissingPrecision => f.write_str("Format specifier missing precision"),
            TooManyDecimalDigits => f.write_str("Too many decimal digits in format string"),
            SignNotAllowedInString => f.write_str("Sign not allowed in string format specifier"),
            SpaceNotAllowedInString => f.write_str("Space not allowed in string format specifier"),
            NegZeroNotAllowedInString => {
                f.write_str("Negative zero coercion (z) not allowed in string format specifier")
            }
            AlternateNotAllowedInString => {
                f.write_str("Alternate form (#) not allowed in string format specifier")
            }
            EqualsAlignNotAllowedInString => {
                f.write_str("'=' alignment not allowed in string format specifier")
            }
            PrecisionNotAllowedInInt => {
                f.write_str("Precision not allowed in integer format specifier")
            }
            NegZeroNotAllowedInInt => {
                f.write_str("Negative zero coercion (z) not allowed in integer format specifier")
            }
            SignNotAllowedWithC => {
                f.write_str("Sign not allowed with integer format specifier 'c'")
            }
            AlternateNotAllowedWithC => {
                f.write_str("Alternate form (#) not allowed with integer format specifier 'c'")
            }
            ZeroPaddingInComplex => {
                f.write_str("Zero padding is not allowed in complex format specifier")
            }
            EqualsAlignInComplex => {
                f.write_str("'=' alignment flag is not allowed in complex format specifier")
            }
            CharArgNotInRange => f.write_str("%c arg not in range(0x110000)"),
            IntTooLargeForCLong => f.write_str("Python int too large to convert to C long"),
            IntTooLargeForFloat => f.write_str("int too large to convert to float"),
            PrecisionTooBig => f.write_str("precision too big"),
            IncompleteFormat => f.write_str("incomplete format"),
            IncompleteFormatKey => f.write_str("incomplete format key"),
            FormatRequiresMapping => f.write_str("format requires a mapping"),
            WidthTooBig => f.write_str("width too big"),
            PrecisionTooLarge => f.write_str("precision too large"),
            UnsupportedFormatChar { ch, index } => {
                let c = *ch as u32;
                let shown = if (31..=126).contains(&c) { *ch } else { '?' };
                write!(
                    f,
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    shown, c, index
                )
            }
            StarWantsInt => f.write_str("* wants int"),
            IntTooLargeForSsize => f.write_str("Python int too large to convert to C ssize_t"),
            IntTooLargeForCInt => f.write_str("Python int too large to convert to C int"),
            OutOfMemory => Ok(()),
        }
    }
}

impl std::error::Error for FormatError {}
