//! `str`: an immutable Unicode string, indexed by code point.

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};

/// The storage of a Python `str`.
///
/// Keeps the UTF-8 text, its length in code points (so `len()` is O(1) and ASCII strings
/// index by byte), and a lazily computed hash (so dict lookups of names hash once). Short
/// texts (up to [`INLINE_CAP`] bytes: digits, words, most f-string results) live inside the
/// object itself, so making one costs one allocation (the `Rc`) instead of two.
#[derive(Debug)]
pub struct PyStr {
    text: Text,
    char_len: usize,
    hash: Cell<i64>,
}

/// Longest text (in bytes) stored inline in a [`PyStr`].
pub const INLINE_CAP: usize = 30;

/// The bytes of a [`PyStr`]: inline when short, else a heap `String`.
#[derive(Debug)]
enum Text {
    /// `buf[..len]` is the text (valid UTF-8: only ever copied from a `&str`); the bytes
    /// after it are always zero, so two inline texts are equal exactly when their `len` and
    /// whole `buf` are (see [`PyStr::same_text`]).
    Inline { len: u8, buf: [u8; INLINE_CAP] },
    /// A longer text, or one handed over as an owned `String`.
    Heap(String),
}

/// "00" to "99", for writing decimal digits two at a time.
const DIGIT_PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// Marks a hash that has not been computed yet (-1 is never a Python hash).
const NO_HASH: i64 = -1;

impl Text {
    /// The text copied inline, if it fits.
    #[inline]
    fn inline(s: &str) -> Option<Text> {
        if s.len() > INLINE_CAP {
            return None;
        }
        let mut buf = [0u8; INLINE_CAP];
        buf[..s.len()].copy_from_slice(s.as_bytes());
        Some(Text::Inline {
            len: s.len() as u8,
            buf,
        })
    }

    #[inline]
    fn as_str(&self) -> &str {
        match self {
            // SAFETY: `buf[..len]` was copied from a `&str` (see `Text::inline` and
            // `PyStr::push_str_unique`), so it is valid UTF-8, and `len <= INLINE_CAP`.
            Text::Inline { len, buf } => unsafe {
                std::str::from_utf8_unchecked(buf.get_unchecked(..*len as usize))
            },
            Text::Heap(s) => s,
        }
    }
}

impl PyStr {
    /// A new string from a slice (copied inline when short).
    pub fn new(s: &str) -> PyStr {
        let char_len = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            text: Text::inline(s).unwrap_or_else(|| Text::Heap(s.to_owned())),
            char_len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// A new string from ASCII text (the caller guarantees `s.is_ascii()`; digits of a
    /// number, say), without scanning it again.
    pub fn from_ascii(s: &str) -> PyStr {
        debug_assert!(s.is_ascii());
        PyStr {
            text: Text::inline(s).unwrap_or_else(|| Text::Heap(s.to_owned())),
            char_len: s.len(),
            hash: Cell::new(NO_HASH),
        }
    }

    /// `str(v)` for an int: its decimal digits, written straight into the inline buffer
    /// two at a time.
    pub fn from_i64(v: i64) -> PyStr {
        let mut n = v.unsigned_abs();
        let negative = v < 0;
        // At most 19 digits and a sign, well within INLINE_CAP.
        let len = n.checked_ilog10().unwrap_or(0) as usize + 1 + negative as usize;
        let mut buf = [0u8; INLINE_CAP];
        let mut pos = len;
        while n >= 100 {
            let r = (n % 100) as usize * 2;
            n /= 100;
            pos -= 2;
            buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
        }
        if n >= 10 {
            let r = n as usize * 2;
            pos -= 2;
            buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
        } else {
            pos -= 1;
            buf[pos] = b'0' + n as u8;
        }
        if negative {
            buf[0] = b'-';
        }
        PyStr {
            text: Text::Inline {
                len: len as u8,
                buf,
            },
            char_len: len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// `a + b`, allocating the text once (or not at all when it fits inline).
    pub fn concat(a: &PyStr, b: &PyStr) -> PyStr {
        let (x, y) = (a.as_str(), b.as_str());
        let n = x.len() + y.len();
        let text = if n <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            buf[..x.len()].copy_from_slice(x.as_bytes());
            buf[x.len()..n].copy_from_slice(y.as_bytes());
            Text::Inline { len: n as u8, buf }
        } else {
            let mut s = String::with_capacity(n);
            s.push_str(x);
            s.push_str(y);
            Text::Heap(s)
        };
        PyStr {
            text,
            char_len: a.char_len + b.char_len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// The concatenation of the `str` values among `parts` (others count as empty), for
    /// BUILD_STRING (f-strings): the length is summed first, so the text is allocated once
    /// with its exact size, or not at all when it fits inline, and no part is rescanned for
    /// its code-point count.
    pub fn from_parts(parts: &[crate::value::Value]) -> PyStr {
        let text_of = Self::text_of_part;
        let (mut n, mut char_len) = (0, 0);
        for p in parts.iter().filter_map(text_of) {
            n += p.as_str().len();
            char_len += p.char_len;
        }
        let text = if n <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            let mut at = 0;
            for p in parts.iter().filter_map(text_of) {
                let b = p.as_str().as_bytes();
                buf[at..at + b.len()].copy_from_slice(b);
                at += b.len();
            }
            Text::Inline { len: n as u8, buf }
        } else {
            let mut s = String::with_capacity(n);
            for p in parts.iter().filter_map(text_of) {
                s.push_str(p.as_str());
            }
            Text::Heap(s)
        };
        PyStr {
            text,
            char_len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// `self * k` (the caller has checked that the size is sane): inline when it fits, and
    /// the code-point count is multiplied rather than recounted.
    pub fn repeat(&self, k: usize) -> PyStr {
        let part = self.as_str();
        let n = part.len() * k;
        let text = if n <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            // An empty part repeats to nothing however large `k` is: no loop over `k` then.
            for i in 0..if n == 0 { 0 } else { k } {
                buf[i * part.len()..(i + 1) * part.len()].copy_from_slice(part.as_bytes());
            }
            Text::Inline { len: n as u8, buf }
        } else {
            Text::Heap(part.repeat(k))
        };
        PyStr {
            text,
            char_len: self.char_len * k,
            hash: Cell::new(NO_HASH),
        }
    }

    /// The text of a BUILD_STRING part (`None` for a non-`str`).
    fn text_of_part(v: &crate::value::Value) -> Option<&PyStr> {
        match v {
            crate::value::Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A new string taking ownership of `s`.
    pub fn from_string(s: String) -> PyStr {
        let char_len = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            text: Text::Heap(s),
            char_len,
            hash: Cell::new(NO_HASH),
        }
    }

    /// Appends `other` in place. Only called on a string nobody else references (the eval
    /// loop's `s += t` fast path), so the immutability of `str` is not observable.
    pub fn push_str_unique(&mut self, other: &PyStr) {
        let add = other.as_str();
        if let Text::Inline { len, buf } = &mut self.text {
            let old = *len as usize;
            let n = old + add.len();
            if n <= INLINE_CAP {
                buf[old..n].copy_from_slice(add.as_bytes());
                *len = n as u8;
            } else {
                // Leave room to keep growing: `s += t` usually comes in a loop.
                let mut s = String::with_capacity(n.max(2 * INLINE_CAP));
                s.push_str(self.text.as_str());
                s.push_str(add);
                self.text = Text::Heap(s);
            }
        } else if let Text::Heap(s) = &mut self.text {
            s.push_str(add);
        }
        self.char_len += other.char_len;
        self.hash.set(NO_HASH);
    }

    /// Whether two strings have the same text: a pointer comparison for the same object,
    /// a fixed-size comparison (no `memcmp` call) for two short texts (attribute names,
    /// which are not shared between code objects), else a byte comparison.
    #[inline]
    pub fn same_text(&self, other: &PyStr) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        match (&self.text, &other.text) {
            (Text::Inline { len: a, buf: x }, Text::Inline { len: b, buf: y }) => a == b && x == y,
            _ => self.as_str() == other.as_str(),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.text.as_str()
    }

    /// Length in code points (`len(s)`).
    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Whether every code point is ASCII (then byte and code-point indexes agree).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.as_str().len()
    }

    /// The code point at index `i` (0-based, already bounds-checked by the caller).
    pub fn char_at(&self, i: usize) -> Option<char> {
        if self.is_ascii() {
            self.as_str().as_bytes().get(i).map(|&b| b as char)
        } else {
            self.as_str().chars().nth(i)
        }
    }

    /// Byte offset of code point index `i` (`i == char_len` gives the end).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i.min(self.as_str().len())
        } else {
            let text = self.as_str();
            text.char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(text.len())
        }
    }

    /// The substring between code point indexes `start..end`.
    pub fn slice_chars(&self, start: usize, end: usize) -> &str {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        &self.as_str()[a..b.max(a)]
    }

    /// The string's hash. CPython randomises str hashes per run, so any good hash will do;
    /// it is computed once and cached.
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != NO_HASH {
            return h;
        }
        let h = hash_str(self.as_str());
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
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::PyStr;

    #[test]
    fn from_i64_matches_display() {
        for v in [
            0,
            7,
            9,
            10,
            42,
            99,
            100,
            101,
            999,
            1000,
            12345,
            -1,
            -9,
            -10,
            -99,
            -100,
            -12345,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            let s = PyStr::from_i64(v);
            assert_eq!(s.as_str(), v.to_string());
            assert_eq!(s.char_len(), v.to_string().len());
        }
    }

    #[test]
    fn from_parts_joins_strs() {
        use crate::value::Value;
        let short = [Value::str("item-"), Value::str("12"), Value::str(":é,")];
        let s = PyStr::from_parts(&short);
        assert_eq!(s.as_str(), "item-12:é,");
        assert_eq!(s.char_len(), 10);
        let long = [
            Value::str("0123456789abcdefghij"),
            Value::str("0123456789abcdefghij"),
        ];
        let s = PyStr::from_parts(&long);
        assert_eq!(s.as_str(), "0123456789abcdefghij".repeat(2));
        assert!(s.is_ascii());
        assert_eq!(PyStr::from_parts(&[]).as_str(), "");
    }

    #[test]
    fn repeat_inline_and_heap() {
        assert_eq!(PyStr::new("x").repeat(0).as_str(), "");
        assert_eq!(PyStr::new("").repeat(1000).as_str(), "");
        let r = PyStr::new("aé").repeat(10);
        assert_eq!(r.as_str(), "aé".repeat(10));
        assert_eq!(r.char_len(), 20);
        let r = PyStr::new("ab").repeat(15);
        assert_eq!(r.as_str(), "ab".repeat(15));
        assert!(r.is_ascii());
    }

    #[test]
    fn inline_text_grows_onto_the_heap() {
        let mut s = PyStr::new("ab");
        let piece = PyStr::new("é0123456789");
        for _ in 0..5 {
            s.push_str_unique(&piece);
        }
        assert_eq!(s.as_str(), format!("ab{}", "é0123456789".repeat(5)));
        assert_eq!(s.char_len(), 2 + 11 * 5);
        let c = PyStr::concat(&PyStr::new("x"), &s);
        assert_eq!(c.as_str(), format!("x{}", s.as_str()));
        assert_eq!(c.char_len(), s.char_len() + 1);
        assert!(!c.is_ascii());
    }
}
