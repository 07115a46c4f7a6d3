//! `str`: an immutable Unicode string, indexed by code point.

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};

/// The storage of a Python `str`.
///
/// Keeps the UTF-8 text, its length in code points (so `len()` is O(1) and ASCII strings
/// index by byte), and a lazily computed hash (so dict lookups of names hash once).
#[derive(Debug)]
pub struct PyStr {
    text: String,
    char_len: usize,
    hash: Cell<i64>,
}

/// Marks a hash that has not been computed yet (-1 is never a Python hash).
const NO_HASH: i64 = -1;

impl PyStr {
    /// A new string from a slice.
    pub fn new(s: &str) -> PyStr {
        PyStr::from_string(s.to_owned())
    }

    /// A new string taking ownership of `s`.
    pub fn from_string(s: String) -> PyStr {
        let char_len = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            text: s,
            char_len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// Appends `other` in place. Only called on a string nobody else references (the eval
    /// loop's `s += t` fast path), so the immutability of `str` is not observable.
    pub fn push_str_unique(&mut self, other: &PyStr) {
        self.text.push_str(other.as_str());
        self.char_len += other.char_len;
        self.hash.set(NO_HASH);
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points (`len(s)`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Whether every code point is ASCII (then byte and code-point indexes agree).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.text.len()
    }

    /// The code point at index `i` (0-based, already bounds-checked by the caller).
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.is_ascii() {
            self.text.as_bytes().get(i).map(|&b| b as char)
        } else {
            self.text.chars().nth(i)
        }
    }

    /// Byte offset of code point index `i` (`i == char_len` gives the end).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i.min(self.text.len())
        } else {
            self.text
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.text.len())
        }
    }

    /// The substring between code point indexes `start..end`.
    pub fn slice_chars(&self, start: usize, end: usize) -> &str {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        &self.text[a..b.max(a)]
    }

    /// The string's hash. CPython randomises str hashes per run, so any good hash will do;
    /// it is computed once and cached.
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != NO_HASH {
            return h;
        }
        let h = hash_str(&self.text);
        self.hash.set(h);
        h
    }
}

/// Hash of a string's text (a fixed-key aHash, folded so it is never -1).
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let state = ahash::RandomState::with_seeds(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344);
    let mut hasher = state.build_hasher();
    hasher.write(s.as_bytes());
    let h = hasher.finish() as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

impl PartialEq for PyStr {
    fn eq(&self, other: &PyStr) -> bool {
        self.text == other.text
    }
}
