//! Errors of the loader layer: everything that can be wrong with a `.pyc` file.

use std::fmt;

/// What is wrong with a `.pyc` file. Offsets are byte offsets into the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Fewer than 16 bytes: there is no complete header.
    TooShort {
        /// The file's length in bytes.
        len: usize,
    },
    /// The first four bytes are not a CPython magic number at all.
    NotPyc {
        /// The four bytes found.
        found: [u8; 4],
    },
    /// A real CPython magic number, but not 3.11's.
    WrongVersion {
        /// The magic number found.
        magic: u16,
        /// The CPython version that writes it, e.g. "3.12".
        version: &'static str,
    },
    /// The flags word has bits that PEP 552 does not define.
    BadFlags {
        /// The flags word found.
        flags: u32,
    },
    /// The marshal data ended in the middle of an object.
    Truncated {
        /// Where the read started.
        offset: usize,
        /// What was being read.
        what: &'static str,
    },
    /// A marshal type byte that CPython never writes.
    UnknownType {
        /// Offset of the type byte.
        offset: usize,
        /// The type byte (with FLAG_REF removed).
        code: u8,
    },
    /// A length or count that is negative or larger than the rest of the file could hold.
    BadLength {
        /// Offset of the length field.
        offset: usize,
        /// The length as read.
        len: i64,
    },
    /// A back-reference to a slot that does not exist or is not filled yet.
    BadReference {
        /// Offset of the `r` object.
        offset: usize,
        /// The slot index it names.
        index: i64,
    },
    /// Objects nested deeper than CPython's marshal allows (2000).
    TooDeep {
        /// Offset where the limit was hit.
        offset: usize,
    },
    /// A value of the right marshal type in the wrong place, or out of range.
    BadValue {
        /// Offset of the object.
        offset: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// Bytes left over after the module's code object.
    TrailingData {
        /// Offset of the first extra byte.
        offset: usize,
    },
    /// A code object whose bytecode cannot be decoded.
    BadBytecode {
        /// The code object's name.
        code_name: String,
        /// Byte offset inside `co_code`.
        offset: usize,
        /// What is wrong, in words.
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TooShort { len } => write!(
                f,
                "not a .pyc file: {len} bytes is shorter than the 16-byte header"
            ),
            LoadError::NotPyc { found } => write!(
                f,
                "not a .pyc file: the first bytes {:02x} {:02x} {:02x} {:02x} are not a CPython magic number",
                found[0], found[1], found[2], found[3]
            ),
            LoadError::WrongVersion { magic, version } => write!(
                f,
                "compiled by CPython {version} (magic {magic}); rpvm runs CPython 3.11 bytecode"
            ),
            LoadError::BadFlags { flags } => {
                write!(f, "bad .pyc header: unknown flags {flags:#x}")
            }
            LoadError::Truncated { offset, what } => {
                write!(f, "bad marshal data at byte {offset}: file ends inside {what}")
            }
            LoadError::UnknownType { offset, code } => write!(
                f,
                "bad marshal data at byte {offset}: unknown type code {:?} ({code:#04x})",
                *code as char
            ),
            LoadError::BadLength { offset, len } => {
                write!(f, "bad marshal data at byte {offset}: impossible length {len}")
            }
            LoadError::BadReference { offset, index } => write!(
                f,
                "bad marshal data at byte {offset}: invalid reference to slot {index}"
            ),
            LoadError::TooDeep { offset } => write!(
                f,
                "bad marshal data at byte {offset}: objects nested too deeply"
            ),
            LoadError::BadValue { offset, message } => {
                write!(f, "bad marshal data at byte {offset}: {message}")
            }
            LoadError::TrailingData { offset } => write!(
                f,
                "bad marshal data at byte {offset}: unexpected data after the module code object"
            ),
            LoadError::BadBytecode {
                code_name,
                offset,
                message,
            } => write!(
                f,
                "bad bytecode in code object {code_name:?} at offset {offset}: {message}"
            ),
        }
    }
}

impl std::error::Error for LoadError {}
