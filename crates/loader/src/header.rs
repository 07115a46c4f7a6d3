//! The 16-byte `.pyc` header (PEP 552) and the table of CPython magic numbers.

use crate::error::LoadError;

/// The magic number of CPython 3.11 final, the only bytecode rpvm executes.
pub const MAGIC_3_11: u16 = 3495;

/// Ranges of magic numbers by the CPython release that writes them (Lib/importlib/_bootstrap_external.py).
const MAGIC_RANGES: &[(u16, u16, &str)] = &[
    (3000, 3131, "3.0"),
    (3141, 3151, "3.1"),
    (3160, 3180, "3.2"),
    (3190, 3230, "3.3"),
    (3250, 3310, "3.4"),
    (3320, 3351, "3.5"),
    (3360, 3379, "3.6"),
    (3390, 3399, "3.7"),
    (3400, 3419, "3.8"),
    (3420, 3429, "3.9"),
    (3430, 3449, "3.10"),
    (3450, 3494, "a 3.11 pre-release"),
    (3495, 3499, "3.11"),
    (3500, 3549, "3.12"),
    (3550, 3599, "3.13"),
    (3600, 3649, "3.14"),
    (3650, 3699, "3.15"),
    (20121, 62211, "2.x"),
];

/// The CPython version that writes `magic`, if it is a known magic number.
pub fn version_of_magic(magic: u16) -> Option<&'static str> {
    MAGIC_RANGES
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&magic))
        .map(|(_, _, v)| *v)
}

/// How the interpreter is told whether the `.pyc` is still current (PEP 552).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalidation {
    /// Flags 0: the source's modification time and size.
    Timestamp {
        /// Source mtime, seconds since the epoch.
        mtime: u32,
        /// Source size in bytes (mod 2**32).
        source_size: u32,
    },
    /// Flags bit 0: a SipHash of the source; `check_source` is flags bit 1.
    Hash {
        /// The 8-byte source hash.
        hash: [u8; 8],
        /// Whether the importer should re-hash the source to validate the file.
        check_source: bool,
    },
}

/// The decoded 16-byte header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PycHeader {
    /// The magic number (3495 for 3.11).
    pub magic: u16,
    /// The raw flags word.
    pub flags: u32,
    /// How the file is validated against its source.
    pub invalidation: Invalidation,
}

impl PycHeader {
    /// Size of the header in bytes; marshal data starts here.
    pub const SIZE: usize = 16;

    /// Reads and validates the header: it must be a 3.11 `.pyc` with known flags.
    pub fn parse(data: &[u8]) -> Result<PycHeader, LoadError> {
        if data.len() < 4 {
            return Err(LoadError::TooShort { len: data.len() });
        }
        let found = [data[0], data[1], data[2], data[3]];
        let magic = u16::from_le_bytes([data[0], data[1]]);
        let version = if data[2..4] == [b'\r', b'\n'] {
            version_of_magic(magic)
        } else {
            None
        };
        let Some(version) = version else {
            return Err(LoadError::NotPyc { found });
        };
        if magic != MAGIC_3_11 {
            return Err(LoadError::WrongVersion { magic, version });
        }
        if data.len() < Self::SIZE {
            return Err(LoadError::TooShort { len: data.len() });
        }
        let word = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
        let flags = word(4);
        if flags & !0b11 != 0 {
            return Err(LoadError::BadFlags { flags });
        }
        let invalidation = if flags & 1 == 0 {
            if flags != 0 {
                return Err(LoadError::BadFlags { flags });
            }
            Invalidation::Timestamp {
                mtime: word(8),
                source_size: word(12),
            }
        } else {
            let mut hash = [0u8; 8];
            hash.copy_from_slice(&data[8..16]);
            Invalidation::Hash {
                hash,
                check_source: flags & 2 != 0,
            }
        };
        Ok(PycHeader {
            magic,
            flags,
            invalidation,
        })
    }

    /// The CPython version this header's magic number belongs to.
    pub fn version(&self) -> &'static str {
        version_of_magic(self.magic).unwrap_or("unknown")
    }
}
