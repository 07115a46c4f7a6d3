//! A reader for CPython 3.11's marshal format (Python/marshal.c, `r_object`).
//!
//! Every length is checked against the bytes that remain before anything is allocated,
//! nesting is limited as CPython limits it, and back-references are checked, so hostile data
//! yields a [`LoadError`] naming the byte offset instead of a panic or a huge allocation.

use std::rc::Rc;

use num_bigint::BigInt;

use crate::code::{CodeObject, RawCode};
use crate::constant::Constant;
use crate::error::LoadError;

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
pub const MAX_DEPTH: usize = 2000;

/// `FLAG_REF`: the object is appended to the back-reference table.
const FLAG_REF: u8 = 0x80;

/// Reads one object from `data`, which starts at byte `base` of the file (for error offsets).
/// Returns the object and the number of bytes consumed.
pub fn read_object(data: &[u8], base: usize) -> Result<(Constant, usize), LoadError> {
    let mut reader = Reader {
        data,
        base,
        pos: 0,
        refs: Vec::new(),
        depth: 0,
    };
    let obj = reader.object()?;
    Ok((obj, reader.pos))
}

/// Reads a whole marshal stream that must hold exactly one object.
pub fn loads(data: &[u8], base: usize) -> Result<Constant, LoadError> {
    let (obj, used) = read_object(data, base)?;
    if used != data.len() {
        return Err(LoadError::TrailingData {
            offset: base + used,
        });
    }
    Ok(obj)
}

struct Reader<'a> {
    data: &'a [u8],
    base: usize,
    pos: usize,
    /// The back-reference table; `None` marks a slot reserved by an object still being read.
    refs: Vec<Option<Constant>>,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn offset(&self) -> usize {
        self.base + self.pos
    }

    fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], LoadError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        match end {
            Some(end) => {
                let s = &self.data[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(LoadError::Truncated {
                offset: self.offset(),
                what,
            }),
        }
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, LoadError> {
        Ok(self.bytes(1, what)?[0])
    }

    fn i32(&mut self, what: &'static str) -> Result<i32, LoadError> {
        let b = self.bytes(4, what)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f64(&mut self, what: &'static str) -> Result<f64, LoadError> {
        let b = self.bytes(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }

    /// Reads an int32 length and checks that at least `len * min_item_size` bytes remain.
    fn length(&mut self, min_item_size: usize, what: &'static str) -> Result<usize, LoadError> {
        let at = self.offset();
        let n = self.i32(what)?;
        self.check_length(at, n as i64, min_item_size)
    }

    fn check_length(&self, at: usize, n: i64, min_item_size: usize) -> Result<usize, LoadError> {
        let remaining = (self.data.len() - self.pos) as i64;
        if n < 0 || n.saturating_mul(min_item_size as i64) > remaining {
            return Err(LoadError::BadLength { offset: at, len: n });
        }
        Ok(n as usize)
    }

    fn reserve_ref(&mut self, flag: bool) -> Option<usize> {
        flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        })
    }

    fn fill_ref(&mut self, slot: Option<usize>, obj: &Constant) {
        if let Some(i) = slot {
            self.refs[i] = Some(obj.clone());
        }
    }

    fn object(&mut self) -> Result<Constant, LoadError> {
        if self.depth >= MAX_DEPTH {
            return Err(LoadError::TooDeep {
                offset: self.offset(),
            });
        }
        self.depth += 1;
        let result = self.object_inner();
        self.depth -= 1;
        result
    }

    fn object_inner(&mut self) -> Result<Constant, LoadError> {
        let at = self.offset();
        let byte = self.u8("an object's type code")?;
        let flag = byte & FLAG_REF != 0;
        let code = byte & !FLAG_REF;
        // Containers reserve their slot before their children (CPython's pre-order numbering).
        let slot = match code {
            b'(' | b')' | b'[' | b'{' | b'<' | b'>' | b'c' => self.reserve_ref(flag),
            _ => None,
        };
        let obj = match code {
            b'N' => Constant::None,
            b'F' => Constant::Bool(false),
            b'T' => Constant::Bool(true),
            b'S' => Constant::StopIteration,
            b'.' => Constant::Ellipsis,
            b'i' => Constant::Int(self.i32("an int")? as i64),
            b'I' => {
                let b = self.bytes(8, "an int64")?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                Constant::Int(i64::from_le_bytes(a))
            }
            b'l' => self.long(at)?,
            b'g' => Constant::Float(self.f64("a float")?),
            b'f' => Constant::Float(self.text_float(at)?),
            b'y' => {
                let re = self.f64("a complex")?;
                let im = self.f64("a complex")?;
                Constant::Complex(re, im)
            }
            b'x' => {
                let re = self.text_float(at)?;
                let im = self.text_float(at)?;
                Constant::Complex(re, im)
            }
            b's' => {
                let n = self.length(1, "a bytes object")?;
                Constant::Bytes(Rc::from(self.bytes(n, "a bytes object")?))
            }
            b'a' | b'A' => {
                let n = self.length(1, "a str")?;
                self.ascii(n, at)?
            }
            b'z' | b'Z' => {
                let n = self.u8("a str")? as usize;
                self.ascii(n, at)?
            }
            b'u' | b't' => {
                let n = self.length(1, "a str")?;
                let raw = self.bytes(n, "a str")?;
                Constant::Str(decode_surrogatepass(raw))
            }
            b'(' => {
                let n = self.length(1, "a tuple")?;
                Constant::Tuple(self.items(n)?.into())
            }
            b')' => {
                let at_len = self.offset();
                let n = self.u8("a tuple")? as usize;
                self.check_length(at_len, n as i64, 1)?;
                Constant::Tuple(self.items(n)?.into())
            }
            b'[' => {
                let n = self.length(1, "a list")?;
                Constant::List(self.items(n)?.into())
            }
            b'<' | b'>' => {
                let n = self.length(1, "a set")?;
                let items: Rc<[Constant]> = self.items(n)?.into();
                if code == b'<' {
                    Constant::Set(items)
                } else {
                    Constant::FrozenSet(items)
                }
            }
            b'{' => self.dict()?,
            b'c' => Constant::Code(Rc::new(self.code(at)?)),
            b'r' => {
                let index = self.i32("a reference")? as i64;
                return match usize::try_from(index).ok().and_then(|i| self.refs.get(i)) {
                    Some(Some(obj)) => Ok(obj.clone()),
                    _ => Err(LoadError::BadReference { offset: at, index }),
                };
            }
            b'0' => {
                return Err(LoadError::BadValue {
                    offset: at,
                    message: "NULL object outside a dict".into(),
                })
            }
            _ => return Err(LoadError::UnknownType { offset: at, code }),
        };
        match slot {
            Some(_) => self.fill_ref(slot, &obj),
            None if flag => self.refs.push(Some(obj.clone())),
            None => {}
        }
        Ok(obj)
    }

    fn items(&mut self, n: usize) -> Result<Vec<Constant>, LoadError> {
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.object()?);
        }
        Ok(items)
    }

    fn dict(&mut self) -> Result<Constant, LoadError> {
        let mut pairs = Vec::new();
        loop {
            if self.data.get(self.pos) == Some(&b'0') {
                self.pos += 1;
                break;
            }
            let key = self.object()?;
            let value = self.object()?;
            pairs.push((key, value));
        }
        Ok(Constant::Dict(pairs.into()))
    }

    fn ascii(&mut self, n: usize, at: usize) -> Result<Constant, LoadError> {
        let raw = self.bytes(n, "a str")?;
        match std::str::from_utf8(raw) {
            Ok(s) if s.is_ascii() => Ok(Constant::Str(Rc::from(s))),
            _ => Err(LoadError::BadValue {
                offset: at,
                message: "non-ASCII byte in an ASCII string".into(),
            }),
        }
    }

    fn text_float(&mut self, at: usize) -> Result<f64, LoadError> {
        let n = self.u8("a float")? as usize;
        let raw = self.bytes(n, "a float")?;
        std::str::from_utf8(raw)
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .ok_or_else(|| LoadError::BadValue {
                offset: at,
                message: "a text float that does not parse".into(),
            })
    }

    /// TYPE_LONG: a signed count of 15-bit digits, least significant first.
    fn long(&mut self, at: usize) -> Result<Constant, LoadError> {
        let len_at = self.offset();
        let n = self.i32("a long")? as i64;
        let count = self.check_length(len_at, n.abs(), 2)?;
        let raw = self.bytes(count * 2, "a long")?;
        let mut digits = Vec::with_capacity(count);
        for pair in raw.chunks_exact(2) {
            let d = u16::from_le_bytes([pair[0], pair[1]]);
            if d >= 1 << 15 {
                return Err(LoadError::BadValue {
                    offset: at,
                    message: "digit out of range in long".into(),
                });
            }
            digits.push(d);
        }
        if digits.last() == Some(&0) {
            return Err(LoadError::BadValue {
                offset: at,
                message: "unnormalized long data".into(),
            });
        }
        let mut magnitude = BigInt::from(0u8);
        for &d in digits.iter().rev() {
            magnitude = (magnitude << 15u32) + BigInt::from(d);
        }
        let value = if n < 0 { -magnitude } else { magnitude };
        Ok(match i64::try_from(&value) {
            Ok(small) => Constant::Int(small),
            Err(_) => Constant::BigInt(Rc::new(value)),
        })
    }

    fn code(&mut self, at: usize) -> Result<CodeObject, LoadError> {
        let argcount = self.i32("a code object")?;
        let posonlyargcount = self.i32("a code object")?;
        let kwonlyargcount = self.i32("a code object")?;
        let stacksize = self.i32("a code object")?;
        let flags = self.i32("a code object")?;
        let code = self.field_bytes(at, "co_code")?;
        let consts = self.field_tuple(at, "co_consts")?;
        let names = self.field_strs(at, "co_names")?;
        let localsplusnames = self.field_strs(at, "co_localsplusnames")?;
        let localspluskinds = self.field_bytes(at, "co_localspluskinds")?;
        let filename = self.field_str(at, "co_filename")?;
        let name = self.field_str(at, "co_name")?;
        let qualname = self.field_str(at, "co_qualname")?;
        let firstlineno = self.i32("a code object")?;
        let linetable = self.field_bytes(at, "co_linetable")?;
        let exceptiontable = self.field_bytes(at, "co_exceptiontable")?;
        let raw = RawCode {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            stacksize,
            flags,
            code,
            consts,
            names,
            localsplusnames,
            localspluskinds,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
        };
        CodeObject::new(raw).map_err(|message| LoadError::BadValue {
            offset: at,
            message,
        })
    }

    fn wrong_type(at: usize, field: &str, want: &str, got: &Constant) -> LoadError {
        LoadError::BadValue {
            offset: at,
            message: format!(
                "code object field {field} is a {}, not {want}",
                got.type_name()
            ),
        }
    }

    fn field_bytes(&mut self, at: usize, field: &str) -> Result<Rc<[u8]>, LoadError> {
        match self.object()? {
            Constant::Bytes(b) => Ok(b),
            other => Err(Self::wrong_type(at, field, "bytes", &other)),
        }
    }

    fn field_tuple(&mut self, at: usize, field: &str) -> Result<Rc<[Constant]>, LoadError> {
        match self.object()? {
            Constant::Tuple(t) => Ok(t),
            other => Err(Self::wrong_type(at, field, "a tuple", &other)),
        }
    }

    fn field_str(&mut self, at: usize, field: &str) -> Result<Rc<str>, LoadError> {
        match self.object()? {
            Constant::Str(s) => Ok(s),
            other => Err(Self::wrong_type(at, field, "a str", &other)),
        }
    }

    fn field_strs(&mut self, at: usize, field: &str) -> Result<Rc<[Rc<str>]>, LoadError> {
        let items = self.field_tuple(at, field)?;
        items
            .iter()
            .map(|c| match c {
                Constant::Str(s) => Ok(s.clone()),
                other => Err(Self::wrong_type(at, field, "a str", other)),
            })
            .collect()
    }
}

/// Decodes UTF-8 that may contain encoded surrogates (CPython's "surrogatepass"). Rust strings
/// cannot hold lone surrogates, so each one (the three bytes `ED A0..BF 80..BF`) becomes one
/// U+FFFD; any other invalid byte also becomes U+FFFD.
fn decode_surrogatepass(raw: &[u8]) -> Rc<str> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Rc::from(out);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                // `good` is valid UTF-8 by construction.
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let is_surrogate = matches!(bad, [0xed, 0xa0..=0xbf, 0x80..=0xbf, ..]);
                let skip = if is_surrogate {
                    3
                } else {
                    e.error_len().unwrap_or(bad.len())
                };
                rest = &bad[skip.min(bad.len())..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_values() {
        assert!(matches!(loads(b"N", 0), Ok(Constant::None)));
        assert!(matches!(
            loads(b"i\x05\x00\x00\x00", 0),
            Ok(Constant::Int(5))
        ));
        assert!(matches!(
            loads(b"\xe9\x05\x00\x00\x00", 0),
            Ok(Constant::Int(5))
        ));
        assert!(matches!(loads(b"z\x02hi", 0), Ok(Constant::Str(s)) if &*s == "hi"));
    }

    #[test]
    fn lone_surrogates_become_one_replacement_character_each() {
        // '\ud800\udc02x' as marshal writes it (surrogatepass), then a stray byte.
        let s = decode_surrogatepass(b"a\xed\xa0\x80\xed\xb0\x82x\xff");
        assert_eq!(&*s, "a\u{fffd}\u{fffd}x\u{fffd}");
    }

    #[test]
    fn long_digits() {
        // 2**15 = digits [0, 1]
        let c = loads(b"l\x02\x00\x00\x00\x00\x00\x01\x00", 0).unwrap();
        assert!(matches!(c, Constant::Int(32768)));
        let neg = loads(b"l\xfe\xff\xff\xff\x00\x00\x01\x00", 0).unwrap();
        assert!(matches!(neg, Constant::Int(-32768)));
    }

    #[test]
    fn refs_are_shared_and_checked() {
        // A tuple holding a FLAG_REF'd string and a reference back to it.
        let ok = b")\x02\xda\x01xr\x00\x00\x00\x00";
        match loads(ok, 0).unwrap() {
            Constant::Tuple(t) => assert!(matches!(&t[1], Constant::Str(s) if &**s == "x")),
            other => panic!("{other:?}"),
        }
        let bad = b")\x02\xda\x01xr\x05\x00\x00\x00";
        assert!(matches!(
            loads(bad, 0),
            Err(LoadError::BadReference { index: 5, .. })
        ));
        // A reference to the tuple's own (unfilled) slot.
        let own = b"\xa9\x01r\x00\x00\x00\x00";
        assert!(matches!(
            loads(own, 0),
            Err(LoadError::BadReference { index: 0, .. })
        ));
    }

    #[test]
    fn hostile_lengths_and_depth() {
        assert!(matches!(
            loads(b"(\xff\xff\xff\x7f", 0),
            Err(LoadError::BadLength { .. })
        ));
        assert!(matches!(
            loads(b"s\xff\xff\xff\xff", 0),
            Err(LoadError::BadLength { .. })
        ));
        let deep = vec![b'['; 100_000]
            .into_iter()
            .flat_map(|b| [b, 1, 0, 0, 0])
            .collect::<Vec<u8>>();
        assert!(matches!(loads(&deep, 0), Err(LoadError::TooDeep { .. })));
        assert!(matches!(loads(b"?", 0), Err(LoadError::UnknownType { .. })));
    }
}
