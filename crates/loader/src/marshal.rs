//! A reader for CPython 3.11's marshal format (Python/marshal.c, `r_object`).
//!
//! Every length is checked against the bytes that remain before anything is allocated,
//! nesting is limited as CPython limits it, and back-references are checked, so hostile data
//! yields a [`LoadError`] naming the byte offset instead of a panic or a huge allocation.
//!
//! The reader is iterative: containers being read live on an explicit stack, not the Rust
//! call stack, so its stack use does not grow with the nesting of the input. Nesting is still
//! limited to [`MAX_DEPTH`], counting what back-references bring in, so the values it returns
//! are at most that deep (dropping them recurses once per level).

use std::rc::Rc;

use num_bigint::{BigInt, BigUint, Sign};

use crate::code::{CodeError, CodeObject, RawCode};
use crate::constant::Constant;
use crate::error::LoadError;

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
pub const MAX_DEPTH: usize = 2000;

/// `FLAG_REF`: the object is appended to the back-reference table.
const FLAG_REF: u8 = 0x80;

/// Containers reserve room for at most this many items up front; bigger ones grow as their
/// items arrive. (A count only has to fit in the rest of the file, and 2000 nested containers
/// each claiming a megabyte of items must not reserve gigabytes.)
const PREALLOC_LIMIT: usize = 128;

/// Reads one object from `data`, which starts at byte `base` of the file (for error offsets).
/// Returns the object and the number of bytes consumed.
pub fn read_object(data: &[u8], base: usize) -> Result<(Constant, usize), LoadError> {
    let mut reader = Reader {
        data,
        base,
        pos: 0,
        refs: Vec::new(),
        // Code objects share their fields only through back-references; bound what sharing
        // can multiply (see `Reader::charge`). Real files use at most `data.len()`.
        budget: data.len().saturating_mul(2).saturating_add(1 << 16),
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
    /// The back-reference table: each object with its height (how many levels of nesting it
    /// spans, 1 for a scalar). `None` marks a slot reserved by an object still being read.
    refs: Vec<Option<(Constant, usize)>>,
    /// What code objects may still decode, in bytes of their tables (see `charge`).
    budget: usize,
}

/// The kinds of object that are read as a sequence of `n` items.
#[derive(Clone, Copy)]
enum SeqKind {
    Tuple,
    List,
    Set,
    FrozenSet,
}

/// What a container still being read has collected so far.
enum Partial {
    Seq {
        kind: SeqKind,
        len: usize,
        items: Vec<Constant>,
    },
    Dict {
        pairs: Vec<(Constant, Constant)>,
        key: Option<Constant>,
    },
    /// `step` counts the object fields received (0..=10); `firstlineno`, an int32 between
    /// the 8th and 9th, is read when `step` reaches 8 and `lineno_read` is still false.
    Code {
        raw: Box<RawCode>,
        step: u8,
        lineno_read: bool,
    },
}

/// A container on the reader's stack.
struct Open {
    partial: Partial,
    /// Offset of its type byte.
    at: usize,
    /// Its back-reference slot, if it has FLAG_REF.
    slot: Option<usize>,
    /// The greatest height among the items read so far.
    height: usize,
}

/// What starting to read an object gives.
enum Started {
    /// A complete object and its height.
    Done(Constant, usize),
    /// A container whose items come next.
    Open(Open),
}

/// The code object fields read as objects, in marshal order.
const CODE_FIELDS: [&str; 10] = [
    "co_code",
    "co_consts",
    "co_names",
    "co_localsplusnames",
    "co_localspluskinds",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_linetable",
    "co_exceptiontable",
];

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

    /// Reads one object. Containers are kept on an explicit stack (see the module docs).
    fn object(&mut self) -> Result<Constant, LoadError> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            let mut finished = match self.start(stack.len())? {
                Started::Done(obj, height) => Some((obj, height)),
                Started::Open(open) => {
                    stack.push(open);
                    None
                }
            };
            // Hand each finished object to its container, and close every container that has
            // all its items, until one needs another item or the outermost object is done.
            while let Some(top) = stack.last_mut() {
                if let Some((obj, height)) = finished.take() {
                    top.height = top.height.max(height);
                    self.accept(top, obj)?;
                }
                if !self.is_complete(top)? {
                    break;
                }
                let Some(open) = stack.pop() else { break };
                let height = open.height + 1;
                let slot = open.slot;
                let obj = self.close(open)?;
                if let Some(i) = slot {
                    self.refs[i] = Some((obj.clone(), height));
                }
                finished = Some((obj, height));
            }
            if stack.is_empty() {
                if let Some((obj, _)) = finished {
                    return Ok(obj);
                }
            }
        }
    }

    /// Starts reading the object at the current position, `depth` containers deep.
    fn start(&mut self, depth: usize) -> Result<Started, LoadError> {
        if depth >= MAX_DEPTH {
            return Err(LoadError::TooDeep {
                offset: self.offset(),
            });
        }
        let at = self.offset();
        let byte = self.u8("an object's type code")?;
        let flag = byte & FLAG_REF != 0;
        let code = byte & !FLAG_REF;
        let seq = |kind: SeqKind, len: usize| Partial::Seq {
            kind,
            len,
            items: Vec::with_capacity(len.min(PREALLOC_LIMIT)),
        };
        let partial = match code {
            b'(' => seq(SeqKind::Tuple, self.length(1, "a tuple")?),
            b')' => {
                let at_len = self.offset();
                let n = self.u8("a tuple")? as usize;
                seq(SeqKind::Tuple, self.check_length(at_len, n as i64, 1)?)
            }
            b'[' => seq(SeqKind::List, self.length(1, "a list")?),
            b'<' => seq(SeqKind::Set, self.length(1, "a set")?),
            b'>' => seq(SeqKind::FrozenSet, self.length(1, "a set")?),
            b'{' => Partial::Dict {
                pairs: Vec::new(),
                key: None,
            },
            b'c' => Partial::Code {
                raw: Box::new(RawCode {
                    argcount: self.i32("a code object")?,
                    posonlyargcount: self.i32("a code object")?,
                    kwonlyargcount: self.i32("a code object")?,
                    stacksize: self.i32("a code object")?,
                    flags: self.i32("a code object")?,
                    code: Rc::from(&[][..]),
                    consts: Rc::from(&[][..]),
                    names: Rc::from(&[][..]),
                    localsplusnames: Rc::from(&[][..]),
                    localspluskinds: Rc::from(&[][..]),
                    filename: Rc::from(""),
                    name: Rc::from(""),
                    qualname: Rc::from(""),
                    firstlineno: 0,
                    linetable: Rc::from(&[][..]),
                    exceptiontable: Rc::from(&[][..]),
                }),
                step: 0,
                lineno_read: false,
            },
            b'r' => {
                let index = self.i32("a reference")? as i64;
                let target = usize::try_from(index).ok().and_then(|i| self.refs.get(i));
                return match target {
                    // What a reference brings in counts towards the nesting limit, or chains
                    // of references could build values of any depth.
                    Some(Some((_, height))) if depth + height > MAX_DEPTH => {
                        Err(LoadError::TooDeep { offset: at })
                    }
                    Some(Some((obj, height))) => Ok(Started::Done(obj.clone(), *height)),
                    _ => Err(LoadError::BadReference { offset: at, index }),
                };
            }
            _ => {
                let obj = self.scalar(code, at)?;
                if flag {
                    self.refs.push(Some((obj.clone(), 1)));
                }
                return Ok(Started::Done(obj, 1));
            }
        };
        // Containers take their slot before their items (CPython's pre-order numbering).
        let slot = flag.then(|| {
            self.refs.push(None);
            self.refs.len() - 1
        });
        Ok(Started::Open(Open {
            partial,
            at,
            slot,
            height: 0,
        }))
    }

    /// Reads an object that holds no other objects.
    fn scalar(&mut self, code: u8, at: usize) -> Result<Constant, LoadError> {
        Ok(match code {
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
            b'0' => {
                return Err(LoadError::BadValue {
                    offset: at,
                    message: "NULL object outside a dict".into(),
                })
            }
            _ => return Err(LoadError::UnknownType { offset: at, code }),
        })
    }

    /// Gives the finished object `obj` to the container `open`.
    fn accept(&mut self, open: &mut Open, obj: Constant) -> Result<(), LoadError> {
        match &mut open.partial {
            Partial::Seq { items, .. } => items.push(obj),
            Partial::Dict { pairs, key } => match key.take() {
                None => *key = Some(obj),
                Some(k) => pairs.push((k, obj)),
            },
            Partial::Code { raw, step, .. } => {
                let at = open.at;
                let field = CODE_FIELDS[usize::from(*step).min(CODE_FIELDS.len() - 1)];
                let wrong = |want: &str, got: &Constant| LoadError::BadValue {
                    offset: at,
                    message: format!(
                        "code object field {field} is a {}, not {want}",
                        got.type_name()
                    ),
                };
                let bytes = |c: Constant| match c {
                    Constant::Bytes(b) => Ok(b),
                    other => Err(wrong("bytes", &other)),
                };
                let string = |c: Constant| match c {
                    Constant::Str(s) => Ok(s),
                    other => Err(wrong("a str", &other)),
                };
                let tuple = |c: Constant| match c {
                    Constant::Tuple(t) => Ok(t),
                    other => Err(wrong("a tuple", &other)),
                };
                let strings = |c: Constant| -> Result<Rc<[Rc<str>]>, LoadError> {
                    tuple(c)?
                        .iter()
                        .map(|item| match item {
                            Constant::Str(s) => Ok(s.clone()),
                            other => Err(wrong("a str", other)),
                        })
                        .collect()
                };
                match *step {
                    0 => raw.code = bytes(obj)?,
                    1 => raw.consts = tuple(obj)?,
                    2 => raw.names = strings(obj)?,
                    3 => raw.localsplusnames = strings(obj)?,
                    4 => raw.localspluskinds = bytes(obj)?,
                    5 => raw.filename = string(obj)?,
                    6 => raw.name = string(obj)?,
                    7 => raw.qualname = string(obj)?,
                    8 => raw.linetable = bytes(obj)?,
                    _ => raw.exceptiontable = bytes(obj)?,
                }
                *step += 1;
            }
        }
        Ok(())
    }

    /// Whether `open` has all its items; if not, the next object read is its next item.
    fn is_complete(&mut self, open: &mut Open) -> Result<bool, LoadError> {
        Ok(match &mut open.partial {
            Partial::Seq { len, items, .. } => items.len() == *len,
            Partial::Dict { key: Some(_), .. } => false,
            Partial::Dict { key: None, .. } => {
                // A NULL where a key would be ends the dict.
                let end = self.data.get(self.pos) == Some(&b'0');
                if end {
                    self.pos += 1;
                }
                end
            }
            Partial::Code {
                raw,
                step,
                lineno_read,
            } => {
                if *step == 8 && !*lineno_read {
                    raw.firstlineno = self.i32("a code object")?;
                    *lineno_read = true;
                }
                usize::from(*step) == CODE_FIELDS.len()
            }
        })
    }

    /// Builds the object from a complete container.
    fn close(&mut self, open: Open) -> Result<Constant, LoadError> {
        Ok(match open.partial {
            Partial::Seq { kind, items, .. } => {
                let items: Rc<[Constant]> = items.into();
                match kind {
                    SeqKind::Tuple => Constant::Tuple(items),
                    SeqKind::List => Constant::List(items),
                    SeqKind::Set => Constant::Set(items),
                    SeqKind::FrozenSet => Constant::FrozenSet(items),
                }
            }
            Partial::Dict { pairs, .. } => Constant::Dict(pairs.into()),
            Partial::Code { raw, .. } => {
                self.charge(&raw, open.at)?;
                let name = raw.name.clone();
                let code = CodeObject::new(*raw).map_err(|e| match e {
                    CodeError::Invalid(message) => LoadError::BadValue {
                        offset: open.at,
                        message,
                    },
                    CodeError::Bytecode { offset, message } => LoadError::BadBytecode {
                        code_name: name.to_string(),
                        offset,
                        message,
                    },
                })?;
                Constant::Code(Rc::new(code))
            }
        })
    }

    /// Charges the work and memory of decoding a code object against the budget. Each code
    /// object decodes its own bytecode, exception table and name tuples; in a real file each of
    /// those is stored once, but back-references let many code objects share one big table,
    /// which would multiply the work and memory far beyond the file's size.
    fn charge(&mut self, raw: &RawCode, at: usize) -> Result<(), LoadError> {
        let cost = raw.code.len()
            + raw.linetable.len()
            + raw.exceptiontable.len()
            + raw.names.len()
            + raw.localsplusnames.len();
        match self.budget.checked_sub(cost) {
            Some(rest) => {
                self.budget = rest;
                Ok(())
            }
            None => Err(LoadError::BadValue {
                offset: at,
                message: "code objects share more bytecode and tables through references \
                          than the file holds"
                    .into(),
            }),
        }
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
        // Pack the 15-bit digits into 32-bit words in one pass (shifting a growing BigInt
        // digit by digit takes quadratic time).
        let mut words: Vec<u32> = Vec::with_capacity(count * 15 / 32 + 1);
        let mut acc: u64 = 0;
        let mut bits = 0u32;
        let mut top = 0u16;
        for pair in raw.chunks_exact(2) {
            let d = u16::from_le_bytes([pair[0], pair[1]]);
            if d >= 1 << 15 {
                return Err(LoadError::BadValue {
                    offset: at,
                    message: "digit out of range in long".into(),
                });
            }
            acc |= u64::from(d) << bits;
            bits += 15;
            if bits >= 32 {
                words.push(acc as u32);
                acc >>= 32;
                bits -= 32;
            }
            top = d;
        }
        if count > 0 && top == 0 {
            return Err(LoadError::BadValue {
                offset: at,
                message: "unnormalized long data".into(),
            });
        }
        words.push(acc as u32);
        let sign = if n < 0 { Sign::Minus } else { Sign::Plus };
        let value = BigInt::from_biguint(sign, BigUint::new(words));
        Ok(match i64::try_from(&value) {
            Ok(small) => Constant::Int(small),
            Err(_) => Constant::BigInt(Rc::new(value)),
        })
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
