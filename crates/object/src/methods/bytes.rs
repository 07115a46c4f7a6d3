//! Methods of `bytes` and `bytearray`, and the text codecs (`str.encode`, `bytes.decode`)
//! with CPython 3.11's semantics and error messages.
//!
//! Codecs: UTF-8, ASCII, Latin-1, UTF-16 and UTF-32 (each with its `-le`/`-be` variants and
//! CPython's aliases). Error handlers: `strict`, `ignore`, `replace`, `backslashreplace`,
//! and for encoding `xmlcharrefreplace`; an unknown handler raises LookupError when it is
//! first needed, as in CPython.

use std::ops::Deref;
use std::rc::Rc;

use crate::exception::{index_error, type_error, value_error, PyErr, PyException, PyResult};
use crate::function::NativeFn;
use crate::list::PyList;
use crate::methods::str::{
    adjust_indices, as_pystr, c_int_arg, clinic, index_arg, no_args, one_arg, parse_tuple,
    positional, repeat_count, reserve, slice_index, slot_arg, slot_noargs, Qual,
};
use crate::protocols::type_name;
use crate::typeobj::exception_type;
use crate::value::Value;
use crate::vm::Vm;

macro_rules! common_methods {
    ($($extra:expr),* $(,)?) => {
        &[
            ("capitalize", capitalize),
            ("center", center),
            ("count", count),
            ("decode", decode),
            ("endswith", endswith),
            ("expandtabs", expandtabs),
            ("find", find),
            ("fromhex", fromhex_bound),
            ("hex", hex),
            ("index", index),
            ("isalnum", isalnum),
            ("isalpha", isalpha),
            ("isascii", isascii),
            ("isdigit", isdigit),
            ("islower", islower),
            ("isspace", isspace),
            ("istitle", istitle),
            ("isupper", isupper),
            ("join", join),
            ("ljust", ljust),
            ("lower", lower),
            ("lstrip", lstrip),
            ("maketrans", maketrans_bound),
            ("partition", partition),
            ("removeprefix", removeprefix),
            ("removesuffix", removesuffix),
            ("replace", replace),
            ("rfind", rfind),
            ("rindex", rindex),
            ("rjust", rjust),
            ("rpartition", rpartition),
            ("rsplit", rsplit),
            ("rstrip", rstrip),
            ("split", split),
            ("splitlines", splitlines),
            ("startswith", startswith),
            ("strip", strip),
            ("swapcase", swapcase),
            ("title", title),
            ("translate", translate),
            ("upper", upper),
            ("zfill", zfill),
            ("__add__", dunder_add),
            ("__contains__", dunder_contains),
            ("__eq__", dunder_eq),
            ("__ge__", dunder_ge),
            ("__getitem__", dunder_getitem),
            ("__gt__", dunder_gt),
            ("__iter__", dunder_iter),
            ("__le__", dunder_le),
            ("__len__", dunder_len),
            ("__lt__", dunder_lt),
            ("__mod__", dunder_mod),
            ("__mul__", dunder_mul),
            ("__ne__", dunder_ne),
            ("__repr__", dunder_repr),
            ("__rmul__", dunder_mul),
            $($extra,)*
        ]
    };
}

/// The method table of `bytes`.
pub const BYTES_METHODS: &[(&str, NativeFn)] =
    common_methods!(("__hash__", dunder_hash as NativeFn));

/// The method table of `bytearray`.
pub const BYTEARRAY_METHODS: &[(&str, NativeFn)] = common_methods!(
    ("append", append as NativeFn),
    ("clear", clear as NativeFn),
    ("copy", copy as NativeFn),
    ("extend", extend as NativeFn),
    ("insert", insert as NativeFn),
    ("pop", pop as NativeFn),
    ("remove", remove as NativeFn),
    ("reverse", reverse as NativeFn),
);

/// Static and class methods of `bytes`, called without `self` (`bytes.fromhex(s)`,
/// `bytes.maketrans(a, b)`). Attribute lookup on the type object should look here before
/// [`BYTES_METHODS`].
pub const BYTES_STATIC_METHODS: &[(&str, NativeFn)] =
    &[("fromhex", bytes_fromhex), ("maketrans", maketrans)];

/// Static and class methods of `bytearray` (see [`BYTES_STATIC_METHODS`]).
pub const BYTEARRAY_STATIC_METHODS: &[(&str, NativeFn)] =
    &[("fromhex", bytearray_fromhex), ("maketrans", maketrans)];

// ---------------------------------------------------------------------------------------------
// Codecs.
// ---------------------------------------------------------------------------------------------

/// A supported codec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// ASCII.
    Ascii,
    /// Latin-1 (ISO-8859-1).
    Latin1,
    /// UTF-16 with a byte order mark (little-endian when writing).
    Utf16,
    /// UTF-16, little-endian, no BOM.
    Utf16Le,
    /// UTF-16, big-endian, no BOM.
    Utf16Be,
    /// UTF-32 with a byte order mark (little-endian when writing).
    Utf32,
    /// UTF-32, little-endian, no BOM.
    Utf32Le,
    /// UTF-32, big-endian, no BOM.
    Utf32Be,
}

impl Codec {
    /// The codec's name as error messages quote it.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16 => "utf-16",
            Codec::Utf16Le => "utf-16-le",
            Codec::Utf16Be => "utf-16-be",
            Codec::Utf32 => "utf-32",
            Codec::Utf32Le => "utf-32-le",
            Codec::Utf32Be => "utf-32-be",
        }
    }

    /// Looks up an encoding name as CPython's codec registry does (case-insensitive, with
    /// punctuation normalised and the usual aliases): LookupError `unknown encoding: X`.
    pub fn lookup(encoding: &str) -> PyResult<Codec> {
        // encodings.normalize_encoding: runs of characters other than alphanumerics and '.'
        // become one '_'; leading and trailing ones are dropped.
        let mut norm = String::with_capacity(encoding.len());
        let mut punct = false;
        for c in encoding.chars() {
            if c.is_ascii_alphanumeric() || c == '.' {
                if punct && !norm.is_empty() {
                    norm.push('_');
                }
                punct = false;
                norm.push(c.to_ascii_lowercase());
            } else {
                punct = true;
            }
        }
        Ok(match norm.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Codec::Utf8,
            "ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "cp367"
            | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
            | "us_ascii" => Codec::Ascii,
            "latin_1" | "latin1" | "latin" | "l1" | "8859" | "cp819" | "csisolatin1" | "ibm819"
            | "iso8859" | "iso8859_1" | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" => {
                Codec::Latin1
            }
            "utf_16" | "utf16" | "u16" => Codec::Utf16,
            "utf_16_le" | "utf_16le" | "unicodelittleunmarked" => Codec::Utf16Le,
            "utf_16_be" | "utf_16be" | "unicodebigunmarked" => Codec::Utf16Be,
            "utf_32" | "utf32" | "u32" => Codec::Utf32,
            "utf_32_le" | "utf_32le" => Codec::Utf32Le,
            "utf_32_be" | "utf_32be" => Codec::Utf32Be,
            _ => {
                return Err(PyException::with_message(
                    "LookupError",
                    format!("unknown encoding: {encoding}"),
                ))
            }
        })
    }
}

fn unknown_handler(errors: &str) -> PyErr {
    PyException::with_message(
        "LookupError",
        format!("unknown error handler name '{errors}'"),
    )
}

/// A `UnicodeEncodeError` with CPython's arguments `(encoding, object, start, end, reason)`
/// (`start`/`end` in code points).
pub fn unicode_encode_error(
    codec: &str,
    object: &str,
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = vec![
        Value::str(codec),
        Value::str(object),
        Value::from(start),
        Value::from(end),
        Value::str(reason),
    ];
    let e = PyException::new(exception_type("UnicodeEncodeError"), args.clone());
    for (name, v) in ["encoding", "object", "start", "end", "reason"]
        .iter()
        .zip(args)
    {
        e.set_attr(name, v);
    }
    e
}

/// A `UnicodeDecodeError` with CPython's arguments `(encoding, object, start, end, reason)`.
pub fn unicode_decode_error(
    codec: &str,
    object: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let args = vec![
        Value::str(codec),
        Value::Bytes(Rc::new(object.to_vec())),
        Value::from(start),
        Value::from(end),
        Value::str(reason),
    ];
    let e = PyException::new(exception_type("UnicodeDecodeError"), args.clone());
    for (name, v) in ["encoding", "object", "start", "end", "reason"]
        .iter()
        .zip(args)
    {
        e.set_attr(name, v);
    }
    e
}

/// `str()` of a UnicodeEncodeError / UnicodeDecodeError built with the standard five
/// arguments, as CPython formats it (`'utf-8' codec can't decode byte 0xff in position 0:
/// invalid start byte`); `None` for other exceptions or other argument shapes.
pub fn unicode_error_str(e: &PyException) -> Option<String> {
    let args = e.args();
    let [Value::Str(enc), obj, Value::Int(start), Value::Int(end), Value::Str(reason)] =
        args.as_slice()
    else {
        return None;
    };
    let (enc, reason, start, end) = (enc.as_str(), reason.as_str(), *start, *end);
    if e.is_instance_of("UnicodeEncodeError") {
        let Value::Str(s) = obj else { return None };
        let ch = usize::try_from(start).ok().and_then(|i| s.char_at(i));
        match ch {
            Some(c) if end == start + 1 && (start as usize) < s.char_len() => {
                let u = c as u32;
                let shown = if u <= 0xff {
                    format!("\\x{u:02x}")
                } else if u <= 0xffff {
                    format!("\\u{u:04x}")
                } else {
                    format!("\\U{u:08x}")
                };
                Some(format!(
                    "'{enc}' codec can't encode character '{shown}' in position {start}: {reason}"
                ))
            }
            _ => Some(format!(
                "'{enc}' codec can't encode characters in position {start}-{}: {reason}",
                end - 1
            )),
        }
    } else if e.is_instance_of("UnicodeDecodeError") {
        let bytes: Vec<u8> = match obj {
            Value::Bytes(b) => b.to_vec(),
            Value::ByteArray(b) => b.snapshot(),
            _ => return None,
        };
        match usize::try_from(start).ok().and_then(|i| bytes.get(i)) {
            Some(b) if end == start + 1 => Some(format!(
                "'{enc}' codec can't decode byte 0x{b:02x} in position {start}: {reason}"
            )),
            _ => Some(format!(
                "'{enc}' codec can't decode bytes in position {start}-{}: {reason}",
                end - 1
            )),
        }
    } else {
        None
    }
}

fn push_backslash_char(out: &mut Vec<u8>, c: char) {
    let u = c as u32;
    let s = if u <= 0xff {
        format!("\\x{u:02x}")
    } else if u <= 0xffff {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    };
    out.extend_from_slice(s.as_bytes());
}

/// `s.encode(encoding, errors)`.
pub fn encode_str(s: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = Codec::lookup(encoding)?;
    let limit: u32 = match codec {
        Codec::Utf8 => return Ok(s.as_bytes().to_vec()),
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
        Codec::Utf16 | Codec::Utf16Le | Codec::Utf16Be => {
            let mut out = Vec::with_capacity(s.len() * 2 + 2);
            let be = codec == Codec::Utf16Be;
            if codec == Codec::Utf16 {
                out.extend_from_slice(&[0xff, 0xfe]);
            }
            for unit in s.encode_utf16() {
                out.extend_from_slice(&if be {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            return Ok(out);
        }
        Codec::Utf32 | Codec::Utf32Le | Codec::Utf32Be => {
            let mut out = Vec::with_capacity(s.len() * 4 + 4);
            let be = codec == Codec::Utf32Be;
            if codec == Codec::Utf32 {
                out.extend_from_slice(&[0xff, 0xfe, 0, 0]);
            }
            for c in s.chars() {
                let u = c as u32;
                out.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            return Ok(out);
        }
    };
    if s.is_ascii() {
        return Ok(s.as_bytes().to_vec());
    }
    let reason = if limit == 0x80 {
        "ordinal not in range(128)"
    } else {
        "ordinal not in range(256)"
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        // The run of unencodable characters goes to the error handler at once.
        let mut j = i + 1;
        while j < chars.len() && chars[j] as u32 >= limit {
            j += 1;
        }
        match errors {
            "strict" | "surrogateescape" | "surrogatepass" => {
                return Err(unicode_encode_error(codec.name(), s, i, j, reason))
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', j - i)),
            "backslashreplace" => chars[i..j]
                .iter()
                .for_each(|&c| push_backslash_char(&mut out, c)),
            "xmlcharrefreplace" => chars[i..j]
                .iter()
                .for_each(|&c| out.extend_from_slice(format!("&#{};", c as u32).as_bytes())),
            other => return Err(unknown_handler(other)),
        }
        i = j;
    }
    Ok(out)
}

/// Applies the decode error handler `errors` to the bytes `b[start..end]`.
fn decode_error(
    out: &mut String,
    errors: &str,
    codec: Codec,
    b: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<()> {
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => {
            Err(unicode_decode_error(codec.name(), b, start, end, reason))
        }
        "ignore" => Ok(()),
        "replace" => {
            out.push('\u{fffd}');
            Ok(())
        }
        "backslashreplace" => {
            for x in &b[start..end] {
                out.push_str(&format!("\\x{x:02x}"));
            }
            Ok(())
        }
        other => Err(unknown_handler(other)),
    }
}

fn decode_utf8(b: &[u8], errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    let mut base = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let start = base + good;
                let (end, reason) = match e.error_len() {
                    None => (b.len(), "unexpected end of data"),
                    Some(n) => {
                        let first = rest[good];
                        let reason = if (0x80..0xc2).contains(&first) || first >= 0xf5 {
                            "invalid start byte"
                        } else {
                            "invalid continuation byte"
                        };
                        (start + n, reason)
                    }
                };
                decode_error(&mut out, errors, Codec::Utf8, b, start, end, reason)?;
                rest = &b[end..];
                base = end;
                if rest.is_empty() {
                    return Ok(out);
                }
            }
        }
    }
}

fn decode_utf16(b: &[u8], errors: &str, codec: Codec) -> PyResult<String> {
    let (mut pos, be) = match codec {
        Codec::Utf16Be => (0, true),
        Codec::Utf16Le => (0, false),
        _ => match b {
            [0xff, 0xfe, ..] => (2, false),
            [0xfe, 0xff, ..] => (2, true),
            _ => (0, false),
        },
    };
    let name_codec = if codec == Codec::Utf16 {
        if be {
            Codec::Utf16Be
        } else {
            Codec::Utf16Le
        }
    } else {
        codec
    };
    let unit = |i: usize| -> u16 {
        let pair = [b[i], b[i + 1]];
        if be {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    };
    let mut out = String::with_capacity(b.len() / 2);
    while pos < b.len() {
        if b.len() - pos < 2 {
            decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                b.len(),
                "truncated data",
            )?;
            break;
        }
        let u = unit(pos);
        if !(0xd800..0xe000).contains(&u) {
            out.push(char::from_u32(u as u32).unwrap_or('\u{fffd}'));
            pos += 2;
        } else if u >= 0xdc00 {
            decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                pos + 2,
                "illegal encoding",
            )?;
            pos += 2;
        } else if b.len() - pos < 4 {
            decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                b.len(),
                "unexpected end of data",
            )?;
            break;
        } else {
            let u2 = unit(pos + 2);
            if (0xdc00..0xe000).contains(&u2) {
                let c = 0x10000 + (((u as u32) - 0xd800) << 10) + ((u2 as u32) - 0xdc00);
                out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                pos += 4;
            } else {
                decode_error(
                    &mut out,
                    errors,
                    name_codec,
                    b,
                    pos,
                    pos + 2,
                    "illegal UTF-16 surrogate",
                )?;
                pos += 2;
            }
        }
    }
    Ok(out)
}

fn decode_utf32(b: &[u8], errors: &str, codec: Codec) -> PyResult<String> {
    let (mut pos, be) = match codec {
        Codec::Utf32Be => (0, true),
        Codec::Utf32Le => (0, false),
        _ => match b {
            [0xff, 0xfe, 0, 0, ..] => (4, false),
            [0, 0, 0xfe, 0xff, ..] => (4, true),
            _ => (0, false),
        },
    };
    let name_codec = if codec == Codec::Utf32 {
        if be {
            Codec::Utf32Be
        } else {
            Codec::Utf32Le
        }
    } else {
        codec
    };
    let mut out = String::with_capacity(b.len() / 4);
    while pos < b.len() {
        if b.len() - pos < 4 {
            decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                b.len(),
                "truncated data",
            )?;
            break;
        }
        let quad = [b[pos], b[pos + 1], b[pos + 2], b[pos + 3]];
        let u = if be {
            u32::from_be_bytes(quad)
        } else {
            u32::from_le_bytes(quad)
        };
        match char::from_u32(u) {
            Some(c) => out.push(c),
            None if u >= 0x110000 => decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                pos + 4,
                "code point not in range(0x110000)",
            )?,
            None => decode_error(
                &mut out,
                errors,
                name_codec,
                b,
                pos,
                pos + 4,
                "code point in surrogate code point range(0xd800, 0xe000)",
            )?,
        }
        pos += 4;
    }
    Ok(out)
}

/// `b.decode(encoding, errors)`.
pub fn decode_bytes(b: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let codec = Codec::lookup(encoding)?;
    match codec {
        Codec::Utf8 => decode_utf8(b, errors),
        Codec::Latin1 => Ok(b.iter().map(|&x| x as char).collect()),
        Codec::Ascii => {
            if b.is_ascii() {
                return Ok(b.iter().map(|&x| x as char).collect());
            }
            let mut out = String::with_capacity(b.len());
            for (i, &x) in b.iter().enumerate() {
                if x < 0x80 {
                    out.push(x as char);
                } else {
                    decode_error(
                        &mut out,
                        errors,
                        codec,
                        b,
                        i,
                        i + 1,
                        "ordinal not in range(128)",
                    )?;
                }
            }
            Ok(out)
        }
        Codec::Utf16 | Codec::Utf16Le | Codec::Utf16Be => decode_utf16(b, errors, codec),
        Codec::Utf32 | Codec::Utf32Le | Codec::Utf32Be => decode_utf32(b, errors, codec),
    }
}

// ---------------------------------------------------------------------------------------------
// Receivers and arguments.
// ---------------------------------------------------------------------------------------------

/// Bytes read from a `bytes` (shared) or a `bytearray` (copied).
enum Buf {
    Shared(Rc<Vec<u8>>),
    Owned(Vec<u8>),
}

impl Deref for Buf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Buf::Shared(b) => b,
            Buf::Owned(v) => v,
        }
    }
}

/// The receiver of a method: its bytes and whether it is a `bytearray`.
struct This {
    data: Buf,
    bytearray: bool,
}

impl This {
    /// A result of the receiver's type.
    fn make(&self, v: Vec<u8>) -> Value {
        make(self.bytearray, v)
    }
}

fn make(bytearray: bool, v: Vec<u8>) -> Value {
    if bytearray {
        Value::ByteArray(Rc::new(PyList::new(v)))
    } else {
        Value::Bytes(v.into())
    }
}

/// The bytes of a bytes-like value (`bytes`, `bytearray`, or a subclass instance of either).
fn bytes_like(v: &Value) -> Option<Buf> {
    match v {
        Value::Bytes(b) => Some(Buf::Shared(b.clone())),
        Value::ByteArray(b) => Some(Buf::Owned(b.snapshot())),
        Value::Instance(i) => match &*i.builtin_base.borrow() {
            Some(inner @ (Value::Bytes(_) | Value::ByteArray(_))) => bytes_like(inner),
            _ => None,
        },
        _ => None,
    }
}

/// A bytes-like argument: TypeError `a bytes-like object is required, not 'str'`.
fn buffer_arg(v: &Value) -> PyResult<Buf> {
    bytes_like(v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(v)
        ))
    })
}

fn this(args: &[Value], name: &str, bytearray: bool) -> PyResult<This> {
    let tname = if bytearray { "bytearray" } else { "bytes" };
    let Some(v) = args.first() else {
        return Err(type_error(format!(
            "unbound method {tname}.{name}() needs an argument"
        )));
    };
    let wrong = || {
        type_error(format!(
            "descriptor '{name}' for '{tname}' objects doesn't apply to a '{}' object",
            type_name(v)
        ))
    };
    match v {
        Value::Bytes(b) => Ok(This {
            data: Buf::Shared(b.clone()),
            bytearray: false,
        }),
        Value::ByteArray(b) => Ok(This {
            data: Buf::Owned(b.snapshot()),
            bytearray: true,
        }),
        Value::Instance(i) => match &*i.builtin_base.borrow() {
            Some(Value::Bytes(b)) => Ok(This {
                data: Buf::Shared(b.clone()),
                bytearray: false,
            }),
            Some(Value::ByteArray(b)) => Ok(This {
                data: Buf::Owned(b.snapshot()),
                bytearray: true,
            }),
            _ => Err(wrong()),
        },
        _ => Err(wrong()),
    }
}

/// The receiver of a method that works on both types (and its qualified name for messages).
fn recv<'a>(args: &[Value], name: &'a str) -> PyResult<(This, Qual<'a>)> {
    let bytearray = matches!(args.first(), Some(Value::ByteArray(_)));
    let t = this(args, name, bytearray)?;
    let qual = Qual(if t.bytearray { "bytearray" } else { "bytes" }, name);
    Ok((t, qual))
}

/// A byte value (`append`, `insert`, `remove`, and int arguments of `find`...):
/// ValueError `byte must be in range(0, 256)`.
fn byte_arg(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    let i = match index_arg(vm, v) {
        Ok(i) => i,
        Err(e) if e.is_instance_of("OverflowError") => -1,
        Err(e) => return Err(e),
    };
    u8::try_from(i).map_err(|_| value_error("byte must be in range(0, 256)"))
}

/// Search-byte-or-subsequence argument of find/count/index.
fn sub_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => Ok(vec![byte_arg(vm, v)?]),
        _ => match bytes_like(v) {
            Some(b) => Ok(b.to_vec()),
            None => Err(type_error(format!(
                "argument should be integer or bytes-like object, not '{}'",
                type_name(v)
            ))),
        },
    }
}

/// First index of `needle` in `hay`.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(0),
        1 => hay.iter().position(|&x| x == needle[0]),
        n if n > hay.len() => None,
        n => hay.windows(n).position(|w| w == needle),
    }
}

/// Last index of `needle` in `hay`.
fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(hay.len()),
        1 => hay.iter().rposition(|&x| x == needle[0]),
        n if n > hay.len() => None,
        n => hay.windows(n).rposition(|w| w == needle),
    }
}

/// Non-overlapping occurrences of `needle` (non-empty) in `hay`, at most `max`.
fn match_indices(hay: &[u8], needle: &[u8], max: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while out.len() < max && i + needle.len() <= hay.len() {
        match find_bytes(&hay[i..], needle) {
            Some(k) => {
                out.push(i + k);
                i += k + needle.len();
            }
            None => break,
        }
    }
    out
}

/// ASCII whitespace as `bytes` methods see it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

// ---------------------------------------------------------------------------------------------
// decode, hex, fromhex.
// ---------------------------------------------------------------------------------------------

/// `bytes.decode(encoding='utf-8', errors='strict')`.
fn decode(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "decode")?;
    let a = clinic("decode", &args[1..], kwnames, &["encoding", "errors"], 0)?;
    let get = |v: &Option<Value>, what: &str, default: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) => as_pystr(v).map(|s| s.as_str().to_string()).ok_or_else(|| {
                type_error(format!(
                    "decode() argument '{what}' must be str, not {}",
                    type_name(v)
                ))
            }),
        }
    };
    let encoding = get(&a[0], "encoding", "utf-8")?;
    let errors = get(&a[1], "errors", "strict")?;
    Ok(Value::string(decode_bytes(&t.data, &encoding, &errors)?))
}

/// `bytes.hex(sep=<unset>, bytes_per_sep=1)`.
fn hex(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "hex")?;
    let a = clinic("hex", &args[1..], kwnames, &["sep", "bytes_per_sep"], 0)?;
    let sep = match &a[0] {
        None => None,
        Some(v) => {
            let chars: Vec<u32> = if let Some(s) = as_pystr(v) {
                s.as_str().chars().map(|c| c as u32).collect()
            } else if let Some(b) = bytes_like(v) {
                b.iter().map(|&x| x as u32).collect()
            } else {
                return Err(type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(v)
                )));
            };
            if chars.len() != 1 {
                return Err(value_error("sep must be length 1."));
            }
            if chars[0] >= 0x80 {
                return Err(value_error("sep must be ASCII."));
            }
            Some(chars[0] as u8 as char)
        }
    };
    let per = match &a[1] {
        None => 1,
        Some(v) => index_arg(vm, v)?,
    };
    Ok(Value::string(hex_string(&t.data, sep, per)))
}

/// Lowercase hex of `data`, with `sep` every `per` bytes (counted from the right if `per`
/// is positive, from the left if negative).
pub fn hex_string(data: &[u8], sep: Option<char>, per: i64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(data.len() * 3);
    let group = per.unsigned_abs() as usize;
    let n = data.len();
    for (i, &x) in data.iter().enumerate() {
        if let Some(sep) = sep {
            if group > 0 && i > 0 {
                let boundary = if per > 0 {
                    (n - i).is_multiple_of(group)
                } else {
                    i.is_multiple_of(group)
                };
                if boundary {
                    out.push(sep);
                }
            }
        }
        out.push(DIGITS[(x >> 4) as usize] as char);
        out.push(DIGITS[(x & 15) as usize] as char);
    }
    out
}

/// Parses `bytes.fromhex(string)`.
fn parse_fromhex(v: &Value) -> PyResult<Vec<u8>> {
    let s = as_pystr(v).ok_or_else(|| {
        type_error(format!(
            "fromhex() argument must be str, not {}",
            type_name(v)
        ))
    })?;
    let chars: Vec<char> = s.as_str().chars().collect();
    let digit = |i: usize| {
        chars
            .get(i)
            .and_then(|c| c.to_digit(16))
            .filter(|_| chars[i].is_ascii())
    };
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii() && is_space(chars[i] as u8) {
            i += 1;
            continue;
        }
        let err = |p: usize| {
            value_error(format!(
                "non-hexadecimal number found in fromhex() arg at position {p}"
            ))
        };
        let hi = digit(i).ok_or_else(|| err(i))?;
        let lo = digit(i + 1).ok_or_else(|| err(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    Ok(out)
}

/// `bytes.fromhex(string)` called on the type (no `self`).
fn bytes_fromhex(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let v = one_arg("fromhex", args, kwnames)?;
    Ok(make(false, parse_fromhex(v)?))
}

/// `bytearray.fromhex(string)` called on the type (no `self`).
fn bytearray_fromhex(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let v = one_arg("fromhex", args, kwnames)?;
    Ok(make(true, parse_fromhex(v)?))
}

/// `b"".fromhex(string)`: the class method reached through an instance.
fn fromhex_bound(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "fromhex")?;
    let v = one_arg("fromhex", &args[1..], kwnames)?;
    Ok(t.make(parse_fromhex(v)?))
}

// ---------------------------------------------------------------------------------------------
// Searching.
// ---------------------------------------------------------------------------------------------

fn find_args(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
) -> PyResult<(This, Vec<u8>, usize, usize)> {
    let (t, qual) = recv(args, name)?;
    parse_tuple(qual, name, &args[1..], kwnames, 1, 3)?;
    let sub = sub_arg(vm, &args[1])?;
    let start = slice_index(vm, args.get(2))?;
    let end = slice_index(vm, args.get(3))?;
    let (a, b) = adjust_indices(start, end, t.data.len());
    Ok((t, sub, a, b))
}

fn find_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    reverse: bool,
    raise: bool,
) -> PyResult<Value> {
    let (t, sub, a, b) = find_args(vm, args, kwnames, name)?;
    let found = if b < a || b - a < sub.len() {
        None
    } else if reverse {
        rfind_bytes(&t.data[a..b], &sub).map(|i| i + a)
    } else {
        find_bytes(&t.data[a..b], &sub).map(|i| i + a)
    };
    match found {
        Some(i) => Ok(Value::from(i)),
        None if raise => Err(value_error("subsection not found")),
        None => Ok(Value::Int(-1)),
    }
}

/// `bytes.find(sub[, start[, end]])`.
fn find(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "find", false, false)
}

/// `bytes.rfind(sub[, start[, end]])`.
fn rfind(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "rfind", true, false)
}

/// `bytes.index(sub[, start[, end]])`.
fn index(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "index", false, true)
}

/// `bytes.rindex(sub[, start[, end]])`.
fn rindex(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "rindex", true, true)
}

/// `bytes.count(sub[, start[, end]])`.
fn count(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, sub, a, b) = find_args(vm, args, kwnames, "count")?;
    if b < a || b - a < sub.len() {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::from(b - a + 1));
    }
    Ok(Value::from(
        match_indices(&t.data[a..b], &sub, usize::MAX).len(),
    ))
}

fn affix_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    suffix: bool,
) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    parse_tuple(qual, name, &args[1..], kwnames, 1, 3)?;
    let start = slice_index(vm, args.get(2))?;
    let end = slice_index(vm, args.get(3))?;
    let (a, b) = adjust_indices(start, end, t.data.len());
    let test = |p: &[u8]| -> bool {
        if b < a || b - a < p.len() {
            return false;
        }
        let w = &t.data[a..b];
        if suffix {
            w.ends_with(p)
        } else {
            w.starts_with(p)
        }
    };
    match &args[1] {
        Value::Tuple(items) => {
            for item in items.as_slice() {
                if test(&buffer_arg(item)?) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => match bytes_like(other) {
            Some(p) => Ok(Value::Bool(test(&p))),
            None => Err(type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                type_name(other)
            ))),
        },
    }
}

/// `bytes.startswith(prefix[, start[, end]])`.
fn startswith(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    affix_impl(vm, args, kwnames, "startswith", false)
}

/// `bytes.endswith(suffix[, start[, end]])`.
fn endswith(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    affix_impl(vm, args, kwnames, "endswith", true)
}

/// `bytes.__len__()`.
fn dunder_len(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__len__")?;
    slot_noargs(qual, &args[1..], kwnames)?;
    Ok(Value::from(t.data.len()))
}

/// `bytes.__add__(other)`.
fn dunder_add(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__add__")?;
    let other = slot_arg(qual, &args[1..], kwnames)?;
    let o = bytes_like(other).ok_or_else(|| {
        type_error(format!(
            "can't concat {} to {}",
            type_name(other),
            if t.bytearray { "bytearray" } else { "bytes" }
        ))
    })?;
    let mut out = reserve::<u8>(t.data.len().saturating_add(o.len()))?;
    out.extend_from_slice(&t.data);
    out.extend_from_slice(&o);
    Ok(t.make(out))
}

/// `bytes.__mul__(n)` / `bytes.__rmul__(n)`.
fn dunder_mul(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__mul__")?;
    let n = slot_arg(qual, &args[1..], kwnames)?;
    let n = match repeat_count(vm, n)? {
        Value::Int(i) => i.max(0) as usize,
        _ => 0,
    };
    let total = t
        .data
        .len()
        .checked_mul(n)
        .ok_or_else(crate::methods::str::memory_error)?;
    let mut out = reserve::<u8>(total)?;
    for _ in 0..n {
        out.extend_from_slice(&t.data);
    }
    Ok(t.make(out))
}

/// `bytes.__mod__(args)`: printf-style formatting.
fn dunder_mod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (_, qual) = recv(args, "__mod__")?;
    let x = slot_arg(qual, &args[1..], kwnames)?;
    crate::protocols::arith::binary_op(vm, crate::protocols::arith::BinOp::Mod, &args[0], x, false)
}

/// `bytes.__getitem__(key)`.
fn dunder_getitem(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (_, qual) = recv(args, "__getitem__")?;
    let key = slot_arg(qual, &args[1..], kwnames)?;
    crate::protocols::subscript::get_item(vm, &args[0], key)
}

/// `bytes.__contains__(x)`.
fn dunder_contains(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__contains__")?;
    let x = slot_arg(qual, &args[1..], kwnames)?;
    let sub = match x {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => vec![byte_arg(vm, x)?],
        _ => buffer_arg(x)?.to_vec(),
    };
    Ok(Value::Bool(find_bytes(&t.data, &sub).is_some()))
}

/// `bytes.__iter__()`.
fn dunder_iter(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (_, qual) = recv(args, "__iter__")?;
    slot_noargs(qual, &args[1..], kwnames)?;
    crate::protocols::iter::get_iter(vm, &args[0])
}

/// `bytes.__hash__()`.
fn dunder_hash(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__hash__")?;
    slot_noargs(qual, &args[1..], kwnames)?;
    Ok(Value::Int(crate::protocols::hash::hash_value(
        vm,
        &Value::Bytes(t.data.to_vec().into()),
    )?))
}

/// `bytes.__repr__()`.
fn dunder_repr(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "__repr__")?;
    slot_noargs(qual, &args[1..], kwnames)?;
    let v = t.make(t.data.to_vec());
    Ok(Value::string(crate::protocols::repr::repr(vm, &v)?))
}

fn compare_impl(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    test: fn(std::cmp::Ordering) -> bool,
) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    let other = slot_arg(qual, &args[1..], kwnames)?;
    // bytes compares only with bytes; bytearray with any bytes-like object.
    let o = match other {
        Value::ByteArray(_) if !t.bytearray => None,
        _ => bytes_like(other),
    };
    Ok(match o {
        Some(o) => Value::Bool(test(t.data[..].cmp(&o[..]))),
        None => Value::NotImplemented,
    })
}

/// `bytes.__eq__(other)`.
fn dunder_eq(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__eq__", |o| o.is_eq())
}

/// `bytes.__ne__(other)`.
fn dunder_ne(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__ne__", |o| o.is_ne())
}

/// `bytes.__lt__(other)`.
fn dunder_lt(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__lt__", |o| o.is_lt())
}

/// `bytes.__le__(other)`.
fn dunder_le(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__le__", |o| o.is_le())
}

/// `bytes.__gt__(other)`.
fn dunder_gt(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__gt__", |o| o.is_gt())
}

/// `bytes.__ge__(other)`.
fn dunder_ge(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__ge__", |o| o.is_ge())
}

// ---------------------------------------------------------------------------------------------
// Splitting and joining.
// ---------------------------------------------------------------------------------------------

fn split_whitespace(s: &[u8], mut maxcount: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let n = s.len();
    let mut i = 0;
    while maxcount > 0 {
        while i < n && is_space(s[i]) {
            i += 1;
        }
        if i == n {
            break;
        }
        let j = i;
        i += 1;
        while i < n && !is_space(s[i]) {
            i += 1;
        }
        out.push(&s[j..i]);
        maxcount -= 1;
    }
    if i < n {
        while i < n && is_space(s[i]) {
            i += 1;
        }
        if i != n {
            out.push(&s[i..]);
        }
    }
    out
}

fn rsplit_whitespace(s: &[u8], mut maxcount: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = s.len();
    while maxcount > 0 {
        while i > 0 && is_space(s[i - 1]) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let j = i;
        i -= 1;
        while i > 0 && !is_space(s[i - 1]) {
            i -= 1;
        }
        out.push(&s[i..j]);
        maxcount -= 1;
    }
    if i > 0 {
        while i > 0 && is_space(s[i - 1]) {
            i -= 1;
        }
        if i != 0 {
            out.push(&s[..i]);
        }
    }
    out.reverse();
    out
}

fn split_sep<'a>(s: &'a [u8], sep: &[u8], maxcount: usize, reverse: bool) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    if reverse {
        let mut end = s.len();
        let mut left = maxcount;
        while left > 0 {
            match rfind_bytes(&s[..end], sep) {
                Some(i) => {
                    out.push(&s[i + sep.len()..end]);
                    end = i;
                    left -= 1;
                }
                None => break,
            }
        }
        out.push(&s[..end]);
        out.reverse();
    } else {
        let mut start = 0;
        for i in match_indices(s, sep, maxcount) {
            out.push(&s[start..i]);
            start = i + sep.len();
        }
        out.push(&s[start..]);
    }
    out
}

fn split_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    reverse: bool,
) -> PyResult<Value> {
    let (t, _) = recv(args, name)?;
    let a = clinic(name, &args[1..], kwnames, &["sep", "maxsplit"], 0)?;
    let sep = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer_arg(v)?),
    };
    let maxcount = match &a[1] {
        None => usize::MAX,
        Some(v) => {
            let n = index_arg(vm, v)?;
            if n < 0 {
                usize::MAX
            } else {
                n as usize
            }
        }
    };
    let parts = match &sep {
        None if reverse => rsplit_whitespace(&t.data, maxcount),
        None => split_whitespace(&t.data, maxcount),
        Some(sep) if sep.is_empty() => return Err(value_error("empty separator")),
        Some(sep) => split_sep(&t.data, sep, maxcount, reverse),
    };
    Ok(Value::list(
        parts.into_iter().map(|p| t.make(p.to_vec())).collect(),
    ))
}

/// `bytes.split(sep=None, maxsplit=-1)`.
fn split(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    split_impl(vm, args, kwnames, "split", false)
}

/// `bytes.rsplit(sep=None, maxsplit=-1)`.
fn rsplit(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    split_impl(vm, args, kwnames, "rsplit", true)
}

/// `bytes.splitlines(keepends=False)`.
fn splitlines(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "splitlines")?;
    let a = clinic("splitlines", &args[1..], kwnames, &["keepends"], 0)?;
    let keepends = match &a[0] {
        None => false,
        Some(v) => c_int_arg(vm, v)? != 0,
    };
    let s = &t.data[..];
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let j = i;
        while i < s.len() && s[i] != b'\n' && s[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < s.len() {
            if s[i] == b'\r' && i + 1 < s.len() && s[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        out.push(t.make(s[j..eol].to_vec()));
    }
    Ok(Value::list(out))
}

/// `bytes.join(iterable_of_bytes)`.
fn join(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "join")?;
    let it = one_arg(qual, &args[1..], kwnames)?;
    let items = match it {
        Value::List(_) | Value::Tuple(_) => crate::protocols::iter::collect(vm, it)?,
        _ => {
            let iter = crate::protocols::iter::get_iter(vm, it).map_err(|e| {
                if e.is_instance_of("TypeError") {
                    type_error("can only join an iterable")
                } else {
                    e
                }
            })?;
            let mut items = Vec::new();
            while let Some(x) = crate::protocols::iter::next(vm, &iter)? {
                items.push(x);
            }
            items
        }
    };
    let mut parts = Vec::with_capacity(items.len());
    let mut total = t.data.len().saturating_mul(items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        let b = bytes_like(item).ok_or_else(|| {
            type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_name(item)
            ))
        })?;
        total = total.saturating_add(b.len());
        parts.push(b);
    }
    let mut out = reserve::<u8>(total)?;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&t.data);
        }
        out.extend_from_slice(p);
    }
    Ok(t.make(out))
}

fn partition_impl(args: &[Value], kwnames: &[Value], name: &str, reverse: bool) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    let sep = buffer_arg(one_arg(qual, &args[1..], kwnames)?)?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let s = &t.data[..];
    let found = if reverse {
        rfind_bytes(s, &sep)
    } else {
        find_bytes(s, &sep)
    };
    Ok(Value::tuple(match found {
        Some(i) => vec![
            t.make(s[..i].to_vec()),
            t.make(sep.to_vec()),
            t.make(s[i + sep.len()..].to_vec()),
        ],
        None if reverse => vec![t.make(vec![]), t.make(vec![]), t.make(s.to_vec())],
        None => vec![t.make(s.to_vec()), t.make(vec![]), t.make(vec![])],
    }))
}

/// `bytes.partition(sep)`.
fn partition(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    partition_impl(args, kwnames, "partition", false)
}

/// `bytes.rpartition(sep)`.
fn rpartition(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    partition_impl(args, kwnames, "rpartition", true)
}

// ---------------------------------------------------------------------------------------------
// Transformations.
// ---------------------------------------------------------------------------------------------

fn strip_impl(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    positional(qual, name, &args[1..], kwnames, 0, 1)?;
    let chars = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(buffer_arg(v)?),
    };
    let strip_it = |b: u8| match &chars {
        None => is_space(b),
        Some(cs) => cs.contains(&b),
    };
    let s = &t.data[..];
    let mut a = 0;
    let mut b = s.len();
    if left {
        while a < b && strip_it(s[a]) {
            a += 1;
        }
    }
    if right {
        while b > a && strip_it(s[b - 1]) {
            b -= 1;
        }
    }
    if a == 0 && b == s.len() && !t.bytearray {
        if let Value::Bytes(_) = &args[0] {
            return Ok(args[0].clone());
        }
    }
    Ok(t.make(s[a..b].to_vec()))
}

/// `bytes.strip(bytes=None)`.
fn strip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "strip", true, true)
}

/// `bytes.lstrip(bytes=None)`.
fn lstrip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "lstrip", true, false)
}

/// `bytes.rstrip(bytes=None)`.
fn rstrip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "rstrip", false, true)
}

/// `bytes.replace(old, new, count=-1, /)`.
fn replace(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "replace")?;
    positional(qual, "replace", &args[1..], kwnames, 2, 3)?;
    let old = buffer_arg(&args[1])?;
    let new = buffer_arg(&args[2])?;
    let count = match args.get(3) {
        None => usize::MAX,
        Some(v) => {
            let n = index_arg(vm, v)?;
            if n < 0 {
                usize::MAX
            } else {
                n as usize
            }
        }
    };
    let s = &t.data[..];
    if count == 0 {
        return Ok(t.make(s.to_vec()));
    }
    if old.is_empty() {
        let slots = s.len().saturating_add(1).min(count);
        let mut out = reserve::<u8>(s.len().saturating_add(new.len().saturating_mul(slots)))?;
        for (i, &x) in s.iter().enumerate() {
            if i < slots {
                out.extend_from_slice(&new);
            }
            out.push(x);
        }
        if slots > s.len() {
            out.extend_from_slice(&new);
        }
        return Ok(t.make(out));
    }
    let hits = match_indices(s, &old, count);
    let total =
        (s.len() - hits.len() * old.len()).saturating_add(new.len().saturating_mul(hits.len()));
    let mut out = reserve::<u8>(total)?;
    let mut last = 0;
    for i in hits {
        out.extend_from_slice(&s[last..i]);
        out.extend_from_slice(&new);
        last = i + old.len();
    }
    out.extend_from_slice(&s[last..]);
    Ok(t.make(out))
}

fn remove_affix(args: &[Value], kwnames: &[Value], name: &str, suffix: bool) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    let p = buffer_arg(one_arg(qual, &args[1..], kwnames)?)?;
    let s = &t.data[..];
    let out = if suffix {
        s.strip_suffix(&p[..])
    } else {
        s.strip_prefix(&p[..])
    };
    Ok(t.make(out.unwrap_or(s).to_vec()))
}

/// `bytes.removeprefix(prefix, /)`.
fn removeprefix(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    remove_affix(args, kwnames, "removeprefix", false)
}

/// `bytes.removesuffix(suffix, /)`.
fn removesuffix(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    remove_affix(args, kwnames, "removesuffix", true)
}

fn map_bytes(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    f: impl Fn(&[u8]) -> Vec<u8>,
) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    no_args(qual, &args[1..], kwnames)?;
    Ok(t.make(f(&t.data)))
}

/// `bytes.upper()`.
fn upper(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    map_bytes(args, kwnames, "upper", |s| s.to_ascii_uppercase())
}

/// `bytes.lower()`.
fn lower(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    map_bytes(args, kwnames, "lower", |s| s.to_ascii_lowercase())
}

/// `bytes.swapcase()`.
fn swapcase(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    map_bytes(args, kwnames, "swapcase", |s| {
        s.iter()
            .map(|&b| {
                if b.is_ascii_uppercase() {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                }
            })
            .collect()
    })
}

/// `bytes.capitalize()`.
fn capitalize(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    map_bytes(args, kwnames, "capitalize", |s| {
        s.iter()
            .enumerate()
            .map(|(i, &b)| {
                if i == 0 {
                    b.to_ascii_uppercase()
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

/// `bytes.title()`.
fn title(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    map_bytes(args, kwnames, "title", |s| {
        let mut prev_cased = false;
        s.iter()
            .map(|&b| {
                let r = if prev_cased {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                };
                prev_cased = b.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

/// Parses `(width, fillchar=b' ', /)` and pads.
fn pad_impl(vm: &mut Vm, args: &[Value], kwnames: &[Value], name: &str) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    positional(qual, name, &args[1..], kwnames, 1, 2)?;
    let width = index_arg(vm, &args[1])?;
    let fill = match args.get(2) {
        None => b' ',
        Some(v) => match bytes_like(v) {
            Some(b) if b.len() == 1 => b[0],
            _ => {
                return Err(type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    type_name(v)
                )))
            }
        },
    };
    let s = &t.data[..];
    let len = s.len() as i64;
    if width <= len {
        return Ok(t.make(s.to_vec()));
    }
    let marg = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & (width as usize) & 1);
            (left, marg - left)
        }
    };
    let mut out = reserve::<u8>(width as usize)?;
    out.resize(left, fill);
    out.extend_from_slice(s);
    out.resize(left + s.len() + right, fill);
    Ok(t.make(out))
}

/// `bytes.center(width, fillchar=b' ')`.
fn center(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "center")
}

/// `bytes.ljust(width, fillchar=b' ')`.
fn ljust(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "ljust")
}

/// `bytes.rjust(width, fillchar=b' ')`.
fn rjust(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "rjust")
}

/// `bytes.zfill(width)`.
fn zfill(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, qual) = recv(args, "zfill")?;
    let w = one_arg(qual, &args[1..], kwnames)?;
    let width = index_arg(vm, w)?;
    let s = &t.data[..];
    if width <= s.len() as i64 {
        return Ok(t.make(s.to_vec()));
    }
    let fill = width as usize - s.len();
    let mut out = reserve::<u8>(width as usize)?;
    let rest = match s.first() {
        Some(&c @ (b'+' | b'-')) => {
            out.push(c);
            &s[1..]
        }
        _ => s,
    };
    out.resize(out.len() + fill, b'0');
    out.extend_from_slice(rest);
    Ok(t.make(out))
}

/// `bytes.expandtabs(tabsize=8)`.
fn expandtabs(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "expandtabs")?;
    let a = clinic("expandtabs", &args[1..], kwnames, &["tabsize"], 0)?;
    let tabsize = match &a[0] {
        None => 8u64,
        Some(v) => c_int_arg(vm, v)?.max(0) as u64,
    };
    let s = &t.data[..];
    let (mut col, mut total) = (0u64, 0u64);
    for &b in s {
        if b == b'\t' {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                total = total.saturating_add(incr);
            }
        } else {
            col += 1;
            total += 1;
            if b == b'\n' || b == b'\r' {
                col = 0;
            }
        }
    }
    if total > isize::MAX as u64 {
        return Err(crate::exception::overflow_error("result too long"));
    }
    let mut out = reserve::<u8>(total as usize)?;
    col = 0;
    for &b in s {
        if b == b'\t' {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                out.resize(out.len() + incr as usize, b' ');
            }
        } else {
            col += 1;
            out.push(b);
            if b == b'\n' || b == b'\r' {
                col = 0;
            }
        }
    }
    Ok(t.make(out))
}

/// `bytes.translate(table, /, delete=b'')`.
fn translate(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (t, _) = recv(args, "translate")?;
    let (pos, kw) = crate::protocols::call::split_args(&args[1..], kwnames);
    if pos.is_empty() {
        return Err(type_error(format!(
            "translate() takes at least 1 positional argument ({} given)",
            pos.len()
        )));
    }
    let a = clinic("translate", &args[2..], kwnames, &["delete"], 0).map_err(|e| {
        if kw.is_empty() && pos.len() > 2 {
            type_error(format!(
                "translate() takes at most 2 arguments ({} given)",
                pos.len()
            ))
        } else {
            e
        }
    })?;
    let table = match &pos[0] {
        Value::None => None,
        v => {
            let b = buffer_arg(v)?;
            if b.len() != 256 {
                return Err(value_error("translation table must be 256 characters long"));
            }
            Some(b)
        }
    };
    let delete = match &a[0] {
        None => None,
        Some(v) => Some(buffer_arg(v)?),
    };
    let mut out = Vec::with_capacity(t.data.len());
    for &b in t.data.iter() {
        if delete.as_ref().is_some_and(|d| d.contains(&b)) {
            continue;
        }
        out.push(match &table {
            Some(tb) => tb[b as usize],
            None => b,
        });
    }
    Ok(t.make(out))
}

/// `bytes.maketrans(frm, to)` (static: no `self`).
fn maketrans(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    positional("maketrans", "maketrans", args, kwnames, 2, 2)?;
    let frm = buffer_arg(&args[0])?;
    let to = buffer_arg(&args[1])?;
    if frm.len() != to.len() {
        return Err(value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&a, &b) in frm.iter().zip(to.iter()) {
        table[a as usize] = b;
    }
    Ok(Value::Bytes(table.into()))
}

/// `b"".maketrans(frm, to)` through an instance.
fn maketrans_bound(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    maketrans(vm, args.get(1..).unwrap_or(&[]), kwnames)
}

// ---------------------------------------------------------------------------------------------
// Predicates (ASCII semantics).
// ---------------------------------------------------------------------------------------------

fn predicate(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    f: impl Fn(&[u8]) -> bool,
) -> PyResult<Value> {
    let (t, qual) = recv(args, name)?;
    no_args(qual, &args[1..], kwnames)?;
    Ok(Value::Bool(f(&t.data)))
}

/// `bytes.isalnum()`.
fn isalnum(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isalnum", |s| {
        !s.is_empty() && s.iter().all(|b| b.is_ascii_alphanumeric())
    })
}

/// `bytes.isalpha()`.
fn isalpha(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isalpha", |s| {
        !s.is_empty() && s.iter().all(|b| b.is_ascii_alphabetic())
    })
}

/// `bytes.isascii()`.
fn isascii(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isascii", |s| s.is_ascii())
}

/// `bytes.isdigit()`.
fn isdigit(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isdigit", |s| {
        !s.is_empty() && s.iter().all(|b| b.is_ascii_digit())
    })
}

/// `bytes.isspace()`.
fn isspace(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isspace", |s| {
        !s.is_empty() && s.iter().all(|&b| is_space(b))
    })
}

/// `bytes.islower()`.
fn islower(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "islower", |s| {
        s.iter().any(|b| b.is_ascii_lowercase()) && !s.iter().any(|b| b.is_ascii_uppercase())
    })
}

/// `bytes.isupper()`.
fn isupper(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "isupper", |s| {
        s.iter().any(|b| b.is_ascii_uppercase()) && !s.iter().any(|b| b.is_ascii_lowercase())
    })
}

/// `bytes.istitle()`.
fn istitle(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    predicate(args, kwnames, "istitle", |s| {
        let (mut cased, mut prev_cased) = (false, false);
        for &b in s {
            if b.is_ascii_uppercase() {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else if b.is_ascii_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                cased = true;
            } else {
                prev_cased = false;
            }
        }
        cased
    })
}

// ---------------------------------------------------------------------------------------------
// bytearray mutators.
// ---------------------------------------------------------------------------------------------

fn bytearray_this(args: &[Value], name: &str) -> PyResult<Rc<PyList<u8>>> {
    let wrong = |v: &Value| {
        type_error(format!(
            "descriptor '{name}' for 'bytearray' objects doesn't apply to a '{}' object",
            type_name(v)
        ))
    };
    match args.first() {
        None => Err(type_error(format!(
            "unbound method bytearray.{name}() needs an argument"
        ))),
        Some(Value::ByteArray(b)) => Ok(b.clone()),
        Some(v @ Value::Instance(i)) => match &*i.builtin_base.borrow() {
            Some(Value::ByteArray(b)) => Ok(b.clone()),
            _ => Err(wrong(v)),
        },
        Some(v) => Err(wrong(v)),
    }
}

fn busy() -> PyErr {
    PyException::with_message(
        "BufferError",
        "Existing exports of data: object cannot be re-sized",
    )
}

/// `bytearray.append(item)`.
fn append(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "append")?;
    let x = one_arg("bytearray.append", &args[1..], kwnames)?;
    let byte = byte_arg(vm, x)?;
    b.try_borrow_mut().ok_or_else(busy)?.push(byte);
    Ok(Value::None)
}

/// `bytearray.extend(iterable_of_ints)`.
fn extend(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "extend")?;
    let src = one_arg("bytearray.extend", &args[1..], kwnames)?;
    let data = match bytes_like(src) {
        Some(d) => d.to_vec(),
        None => {
            let it = crate::protocols::iter::get_iter(vm, src).map_err(|e| {
                if e.is_instance_of("TypeError") {
                    type_error(format!("can't extend bytearray with {}", type_name(src)))
                } else {
                    e
                }
            })?;
            let mut data = Vec::new();
            while let Some(x) = crate::protocols::iter::next(vm, &it)? {
                data.push(byte_arg(vm, &x)?);
            }
            data
        }
    };
    b.try_borrow_mut()
        .ok_or_else(busy)?
        .extend_from_slice(&data);
    Ok(Value::None)
}

/// `bytearray.pop(index=-1, /)`.
fn pop(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "pop")?;
    positional("bytearray.pop", "pop", &args[1..], kwnames, 0, 1)?;
    let i = match args.get(1) {
        None => -1,
        Some(v) => index_arg(vm, v)?,
    };
    let mut items = b.try_borrow_mut().ok_or_else(busy)?;
    if items.is_empty() {
        return Err(index_error("pop from empty bytearray"));
    }
    match crate::protocols::convert::resolve_index(i, items.len()) {
        Some(j) => Ok(Value::Int(items.remove(j) as i64)),
        None => Err(index_error("pop index out of range")),
    }
}

/// `bytearray.insert(index, item, /)`.
fn insert(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "insert")?;
    positional("bytearray.insert", "insert", &args[1..], kwnames, 2, 2)?;
    let i = index_arg(vm, &args[1])?;
    let byte = byte_arg(vm, &args[2])?;
    let mut items = b.try_borrow_mut().ok_or_else(busy)?;
    let j = crate::protocols::convert::clamp_index(i, items.len());
    items.insert(j, byte);
    Ok(Value::None)
}

/// `bytearray.remove(value, /)`.
fn remove(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "remove")?;
    let x = one_arg("bytearray.remove", &args[1..], kwnames)?;
    let byte = byte_arg(vm, x)?;
    let mut items = b.try_borrow_mut().ok_or_else(busy)?;
    match items.iter().position(|&y| y == byte) {
        Some(j) => {
            items.remove(j);
            Ok(Value::None)
        }
        None => Err(value_error("value not found in bytearray")),
    }
}

/// `bytearray.clear()`.
fn clear(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "clear")?;
    no_args("bytearray.clear", &args[1..], kwnames)?;
    b.try_borrow_mut().ok_or_else(busy)?.clear();
    Ok(Value::None)
}

/// `bytearray.copy()`.
fn copy(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "copy")?;
    no_args("bytearray.copy", &args[1..], kwnames)?;
    Ok(make(true, b.snapshot()))
}

/// `bytearray.reverse()`.
fn reverse(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let b = bytearray_this(args, "reverse")?;
    no_args("bytearray.reverse", &args[1..], kwnames)?;
    b.try_borrow_mut().ok_or_else(busy)?.reverse();
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods::str::tests::{b, ba, call, s};

    fn contents(v: &Value) -> Vec<u8> {
        match v {
            Value::ByteArray(b) => b.snapshot(),
            Value::Bytes(b) => b.to_vec(),
            _ => vec![],
        }
    }

    #[test]
    fn bytearray_mutators_change_the_receiver() {
        let x = ba(b"mutable");
        assert_eq!(call(&x, "append", &[Value::Int(33)], &[]), "None");
        assert_eq!(call(&x, "extend", &[b(b"??")], &[]), "None");
        assert_eq!(contents(&x), b"mutable!??");
        assert_eq!(call(&x, "pop", &[], &[]), "63");
        assert_eq!(
            call(&x, "insert", &[Value::Int(0), Value::Int(62)], &[]),
            "None"
        );
        assert_eq!(
            call(&x, "insert", &[Value::Int(-100), Value::Int(60)], &[]),
            "None"
        );
        assert_eq!(
            call(&x, "insert", &[Value::Int(100), Value::Int(35)], &[]),
            "None"
        );
        assert_eq!(contents(&x), b"<>mutable!?#");
        assert_eq!(call(&x, "remove", &[Value::Int(b't' as i64)], &[]), "None");
        assert_eq!(call(&x, "reverse", &[], &[]), "None");
        assert_eq!(contents(&x), b"#?!elbaum><");
        assert_eq!(call(&x, "pop", &[Value::Int(0)], &[]), "35");
        let y = ba(b"xy");
        assert_eq!(
            call(
                &y,
                "extend",
                &[Value::list(vec![Value::Int(1), Value::Int(2)])],
                &[]
            ),
            "None"
        );
        assert_eq!(call(&y, "extend", std::slice::from_ref(&y), &[]), "None");
        assert_eq!(contents(&y), b"xy\x01\x02xy\x01\x02");
        let c = call(&y, "copy", &[], &[]);
        assert_eq!(c, "bytearray(b'xy\\x01\\x02xy\\x01\\x02')");
        assert_eq!(call(&y, "clear", &[], &[]), "None");
        assert_eq!(contents(&y), b"");
    }

    #[test]
    fn bytearray_mutator_errors_match_cpython() {
        let x = ba(b"a");
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            (
                "append",
                vec![Value::Int(256)],
                "ValueError: byte must be in range(0, 256)",
            ),
            (
                "append",
                vec![s("a")],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                "append",
                vec![Value::Int(-1)],
                "ValueError: byte must be in range(0, 256)",
            ),
            (
                "append",
                vec![],
                "TypeError: bytearray.append() takes exactly one argument (0 given)",
            ),
            (
                "pop",
                vec![Value::Int(5)],
                "IndexError: pop index out of range",
            ),
            (
                "pop",
                vec![s("x")],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                "pop",
                vec![Value::Int(1), Value::Int(2)],
                "TypeError: pop expected at most 1 argument, got 2",
            ),
            (
                "remove",
                vec![Value::Int(5)],
                "ValueError: value not found in bytearray",
            ),
            (
                "remove",
                vec![Value::Int(300)],
                "ValueError: byte must be in range(0, 256)",
            ),
            (
                "insert",
                vec![Value::Int(0)],
                "TypeError: insert expected 2 arguments, got 1",
            ),
            (
                "insert",
                vec![s("a"), Value::Int(1)],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                "insert",
                vec![Value::Int(1), Value::Int(300)],
                "ValueError: byte must be in range(0, 256)",
            ),
            (
                "extend",
                vec![Value::Int(1)],
                "TypeError: can't extend bytearray with int",
            ),
            (
                "extend",
                vec![Value::list(vec![Value::Int(300)])],
                "ValueError: byte must be in range(0, 256)",
            ),
            (
                "extend",
                vec![s("ab")],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                "extend",
                vec![Value::list(vec![Value::Float(1.5)])],
                "TypeError: 'float' object cannot be interpreted as an integer",
            ),
            (
                "copy",
                vec![Value::Int(1)],
                "TypeError: bytearray.copy() takes no arguments (1 given)",
            ),
            (
                "clear",
                vec![Value::Int(1)],
                "TypeError: bytearray.clear() takes no arguments (1 given)",
            ),
        ];
        for (name, args, expected) in cases {
            assert_eq!(
                call(&x, name, &args, &[]),
                expected,
                "bytearray.{name}{args:?}"
            );
        }
        assert_eq!(contents(&x), b"a");
        assert_eq!(
            call(&ba(b""), "pop", &[], &[]),
            "IndexError: pop from empty bytearray"
        );
    }

    #[test]
    fn codecs_round_trip_and_report_errors() {
        let text = "aé€\u{1f600}";
        for enc in [
            "utf-8",
            "utf-16",
            "utf-16-le",
            "utf-16-be",
            "utf-32",
            "UTF-32LE",
            "utf_32_be",
        ] {
            let bytes = encode_str(text, enc, "strict").unwrap_or_default();
            assert_eq!(
                decode_bytes(&bytes, enc, "strict").ok().as_deref(),
                Some(text),
                "{enc}"
            );
        }
        let e = decode_bytes(b"\xff", "utf-8", "strict")
            .err()
            .unwrap_or_else(|| unknown_handler("x"));
        assert_eq!(
            unicode_error_str(&e).as_deref(),
            Some("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")
        );
        assert_eq!(e.type_name(), "UnicodeDecodeError");
        assert_eq!(
            e.get_attr("start").map(|v| matches!(v, Value::Int(0))),
            Some(true)
        );
        let e = encode_str("a\u{1f600}", "latin-1", "strict")
            .err()
            .unwrap_or_else(|| unknown_handler("x"));
        assert_eq!(
            unicode_error_str(&e).as_deref(),
            Some("'latin-1' codec can't encode character '\\U0001f600' in position 1: ordinal not in range(256)")
        );
        let e = Codec::lookup("utf-9")
            .err()
            .unwrap_or_else(|| unknown_handler("x"));
        assert_eq!(e.type_name(), "LookupError");
        assert_eq!(
            unicode_error_str(&PyException::with_message("ValueError", "x")),
            None
        );
    }

    #[test]
    fn hex_groups_from_the_right_or_left() {
        assert_eq!(
            hex_string(b"\x01\x02\x03\x04\x05", Some(':'), 2),
            "01:0203:0405"
        );
        assert_eq!(
            hex_string(b"\x01\x02\x03\x04\x05", Some(':'), -2),
            "0102:0304:05"
        );
        assert_eq!(hex_string(b"\x01\x02\x03", Some(':'), 10), "010203");
        assert_eq!(hex_string(b"", Some(':'), 1), "");
        assert_eq!(hex_string(b"\xab", None, 1), "ab");
        assert_eq!(hex_string(b"\x01\x02\x03", Some('-'), i64::MIN), "010203");
    }

    #[test]
    fn descriptor_errors_name_the_type() {
        let mut vm = Vm::new();
        let r = upper(&mut vm, &[Value::Int(1)], &[])
            .err()
            .map(|e| e.args());
        assert_eq!(
            r.and_then(|a| a.first().and_then(|v| v.as_str().map(str::to_string)))
                .as_deref(),
            Some("descriptor 'upper' for 'bytes' objects doesn't apply to a 'int' object")
        );
        let r = append(&mut vm, &[b(b"x"), Value::Int(1)], &[])
            .err()
            .map(|e| e.args());
        assert_eq!(
            r.and_then(|a| a.first().and_then(|v| v.as_str().map(str::to_string)))
                .as_deref(),
            Some("descriptor 'append' for 'bytearray' objects doesn't apply to a 'bytes' object")
        );
    }

    #[test]
    fn huge_sizes_raise_instead_of_aborting() {
        let x = b(b"ab");
        assert_eq!(
            call(&x, "center", &[Value::Int(i64::MAX)], &[]),
            "MemoryError: "
        );
        assert_eq!(
            call(&x, "__mul__", &[Value::Int(i64::MAX)], &[]),
            "MemoryError: "
        );
        assert_eq!(
            call(&x, "zfill", &[Value::Int(1 << 62)], &[]),
            "MemoryError: "
        );
    }
}
