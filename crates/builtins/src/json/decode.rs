//! JSON decoding: `loads`/`load`, `JSONDecoder` and `JSONDecodeError`, following CPython's
//! C scanner (`Modules/_json.c`) step by step so results, error messages and positions match.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyErr, PyException, PyResult};
use rpvm_object::methods::constructors::{int_new, parse_float};
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::subscript::set_item;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::args::{arg, kwonly, npos};
use crate::functools::{class_of, ClassSpec};

/// Why a scan stopped: CPython's `StopIteration(idx)` ("Expecting value" at `idx`) or an
/// exception.
enum Fail {
    Stop(usize),
    Err(PyErr),
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Fail {
        Fail::Err(e)
    }
}

type Scan<T> = Result<T, Fail>;

/// The decoder's options (`JSONDecoder` attributes); `None` hooks use the defaults.
#[derive(Default, Clone)]
struct Options {
    object_hook: Option<Value>,
    pairs_hook: Option<Value>,
    parse_float: Option<Value>,
    parse_int: Option<Value>,
    parse_constant: Option<Value>,
    strict: bool,
}

/// One scan over a document.
struct Scanner<'a> {
    s: Vec<char>,
    doc: &'a Value,
    opts: &'a Options,
}

const ARRAY_DEPTH: &str = " while decoding a JSON array from a unicode string";
const OBJECT_DEPTH: &str = " while decoding a JSON object from a unicode string";

/// The `json.decoder.JSONDecodeError` class (a `ValueError` subclass, made once per thread).
pub fn decode_error_class(vm: &mut Vm) -> Rc<PyType> {
    let base = builtin_types().exception("ValueError");
    class_of(
        vm,
        &ClassSpec {
            name: "JSONDecodeError",
            module: "json.decoder",
            base,
            new: None,
            dunders: &[("__init__", decode_error_init)],
            methods: &[],
            props: &[],
        },
    )
}

/// Fills in `msg`, `doc`, `pos`, `lineno`, `colno` and the message argument.
fn fill_error(vm: &mut Vm, e: &Value, msg: &str, doc: &Value, pos: usize) -> PyResult<()> {
    let (lineno, colno) = match doc.as_str() {
        Some(text) => {
            let before: Vec<char> = text.chars().take(pos).collect();
            let lineno = before.iter().filter(|c| **c == '\n').count() + 1;
            let colno = match before.iter().rposition(|c| *c == '\n') {
                Some(i) => pos - i,
                None => pos + 1,
            };
            (lineno, colno)
        }
        None => (1, pos + 1),
    };
    let errmsg = format!("{msg}: line {lineno} column {colno} (char {pos})");
    if let Value::Exception(x) = e {
        *x.args.borrow_mut() = Rc::new(rpvm_object::tuple::PyTuple::new(vec![Value::string(
            errmsg,
        )]));
    }
    set_attr(vm, e, "msg", Value::str(msg))?;
    set_attr(vm, e, "doc", doc.clone())?;
    set_attr(vm, e, "pos", Value::Int(pos as i64))?;
    set_attr(vm, e, "lineno", Value::Int(lineno as i64))?;
    set_attr(vm, e, "colno", Value::Int(colno as i64))?;
    Ok(())
}

/// `JSONDecodeError(msg, doc, pos)`.
fn decode_error_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "JSONDecodeError",
        args,
        kw,
        &["self", "msg", "doc", "pos"],
        4,
        4,
    )?;
    let this = a[0].clone().unwrap_or(Value::None);
    let msg = a[1].clone().unwrap_or(Value::None);
    let msg = rpvm_object::protocols::repr::str_(vm, &msg)?;
    let pos = crate::args::index_clamped(vm, a[3].as_ref().unwrap_or(&Value::Int(0)))?;
    fill_error(
        vm,
        &this,
        &msg,
        a[2].as_ref().unwrap_or(&Value::None),
        pos.max(0) as usize,
    )?;
    Ok(Value::None)
}

/// A `JSONDecodeError` for `msg` at character `pos` of `doc`.
fn decode_error(vm: &mut Vm, msg: &str, doc: &Value, pos: usize) -> PyErr {
    let cls = decode_error_class(vm);
    let e = PyException::new(cls, vec![]);
    let v = Value::Exception(e.clone());
    match fill_error(vm, &v, msg, doc, pos) {
        Ok(()) => e,
        Err(err) => err,
    }
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    fn err(&self, vm: &mut Vm, msg: &str, pos: usize) -> Fail {
        Fail::Err(decode_error(vm, msg, self.doc, pos))
    }

    /// `scan_once_unicode`: the value starting at `idx` and the index after it.
    fn scan(&self, vm: &mut Vm, idx: usize) -> Scan<(Value, usize)> {
        let Some(c) = self.at(idx) else {
            return Err(Fail::Stop(idx));
        };
        match c {
            '"' => self.string(vm, idx + 1),
            '{' => {
                vm.enter(OBJECT_DEPTH)?;
                let r = self.object(vm, idx + 1);
                vm.leave();
                r
            }
            '[' => {
                vm.enter(ARRAY_DEPTH)?;
                let r = self.array(vm, idx + 1);
                vm.leave();
                r
            }
            'n' if self.word(idx, "null") => Ok((Value::None, idx + 4)),
            't' if self.word(idx, "true") => Ok((Value::Bool(true), idx + 4)),
            'f' if self.word(idx, "false") => Ok((Value::Bool(false), idx + 5)),
            'N' if self.word(idx, "NaN") => self.constant(vm, "NaN", idx + 3),
            'I' if self.word(idx, "Infinity") => self.constant(vm, "Infinity", idx + 8),
            '-' if self.word(idx, "-Infinity") => self.constant(vm, "-Infinity", idx + 9),
            _ => self.number(vm, idx),
        }
    }

    fn word(&self, idx: usize, w: &str) -> bool {
        w.chars()
            .enumerate()
            .all(|(k, c)| self.at(idx + k) == Some(c))
    }

    fn constant(&self, vm: &mut Vm, name: &str, end: usize) -> Scan<(Value, usize)> {
        let v = match &self.opts.parse_constant {
            Some(f) => call(vm, f, &[Value::str(name)], &[])?,
            None => Value::Float(match name {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                _ => f64::NEG_INFINITY,
            }),
        };
        Ok((v, end))
    }

    fn digits(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    }

    /// `_match_number_unicode`.
    fn number(&self, vm: &mut Vm, start: usize) -> Scan<(Value, usize)> {
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('1'..='9') => i = self.digits(i + 1),
            Some('0') => i += 1,
            _ => return Err(Fail::Stop(start)),
        }
        let mut is_float = false;
        if self.at(i) == Some('.') && self.at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            is_float = true;
            i = self.digits(i + 2);
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let e_start = i;
            i += 1;
            if matches!(self.at(i), Some('+' | '-')) {
                i += 1;
            }
            let end = self.digits(i);
            if end > i {
                is_float = true;
                i = end;
            } else {
                i = e_start;
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let v = if is_float {
            match &self.opts.parse_float {
                Some(f) => call(vm, f, &[Value::string(text)], &[])?,
                None => Value::Float(
                    parse_float(&text).ok_or_else(|| value_error("invalid float literal"))?,
                ),
            }
        } else {
            match &self.opts.parse_int {
                Some(f) => call(vm, f, &[Value::string(text)], &[])?,
                None => match text.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => int_new(vm, &[Value::string(text)], &[])?,
                },
            }
        };
        Ok((v, i))
    }

    /// `scanstring_unicode`: the string whose body starts at `end` (after the quote).
    fn string(&self, vm: &mut Vm, mut end: usize) -> Scan<(Value, usize)> {
        let begin = end - 1;
        let len = self.s.len();
        let mut out = String::new();
        loop {
            let mut next = end;
            let mut c = '\0';
            while next < len {
                c = self.s[next];
                if c == '"' || c == '\\' {
                    break;
                }
                if (c as u32) <= 0x1f && self.opts.strict {
                    return Err(self.err(vm, "Invalid control character at", next));
                }
                next += 1;
            }
            if !(c == '"' || c == '\\') || next >= len {
                return Err(self.err(vm, "Unterminated string starting at", begin));
            }
            out.extend(&self.s[end..next]);
            next += 1;
            if c == '"' {
                end = next;
                break;
            }
            let Some(e) = self.at(next) else {
                return Err(self.err(vm, "Unterminated string starting at", begin));
            };
            if e != 'u' {
                end = next + 1;
                let ch = match e {
                    '"' | '\\' | '/' => e,
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => return Err(self.err(vm, "Invalid \\escape", end - 2)),
                };
                out.push(ch);
                continue;
            }
            next += 1;
            end = next + 4;
            if end >= len {
                return Err(self.err(vm, "Invalid \\uXXXX escape", next - 1));
            }
            let Some(mut cp) = self.hex4(next) else {
                return Err(self.err(vm, "Invalid \\uXXXX escape", end - 5));
            };
            if (0xd800..0xdc00).contains(&cp)
                && end + 6 < len
                && self.at(end) == Some('\\')
                && self.at(end + 1) == Some('u')
            {
                let Some(c2) = self.hex4(end + 2) else {
                    return Err(self.err(vm, "Invalid \\uXXXX escape", end + 1));
                };
                if (0xdc00..0xe000).contains(&c2) {
                    cp = 0x10000 + (((cp - 0xd800) << 10) | (c2 - 0xdc00));
                    end += 6;
                }
            }
            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
        }
        Ok((Value::string(out), end))
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let mut v = 0;
        for k in 0..4 {
            v = v * 16 + self.at(i + k)?.to_digit(16)?;
        }
        Some(v)
    }

    /// `_parse_object_unicode`: the object whose body starts at `idx` (after `{`).
    fn object(&self, vm: &mut Vm, idx: usize) -> Scan<(Value, usize)> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        let mut idx = self.skip_ws(idx);
        if self.at(idx) != Some('}') {
            loop {
                if self.at(idx) != Some('"') {
                    return Err(self.err(
                        vm,
                        "Expecting property name enclosed in double quotes",
                        idx,
                    ));
                }
                let (key, next) = self.string(vm, idx + 1)?;
                idx = self.skip_ws(next);
                if self.at(idx) != Some(':') {
                    return Err(self.err(vm, "Expecting ':' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
                let (val, next) = self.scan(vm, idx)?;
                pairs.push((key, val));
                idx = self.skip_ws(next);
                if self.at(idx) == Some('}') {
                    break;
                }
                if self.at(idx) != Some(',') {
                    return Err(self.err(vm, "Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        let v = if let Some(hook) = &self.opts.pairs_hook {
            let list = pairs
                .into_iter()
                .map(|(k, v)| Value::tuple(vec![k, v]))
                .collect();
            call(vm, hook, &[Value::list(list)], &[])?
        } else {
            let d = Value::Dict(Rc::new(PyDict::new()));
            for (k, v) in pairs {
                set_item(vm, &d, &k, v)?;
            }
            match &self.opts.object_hook {
                Some(hook) => call(vm, hook, &[d], &[])?,
                None => d,
            }
        };
        Ok((v, idx + 1))
    }

    /// `_parse_array_unicode`: the array whose body starts at `idx` (after `[`).
    fn array(&self, vm: &mut Vm, idx: usize) -> Scan<(Value, usize)> {
        let mut items = Vec::new();
        let mut idx = self.skip_ws(idx);
        if self.at(idx) != Some(']') {
            loop {
                let (val, next) = self.scan(vm, idx)?;
                items.push(val);
                idx = self.skip_ws(next);
                if self.at(idx) == Some(']') {
                    break;
                }
                if self.at(idx) != Some(',') {
                    return Err(self.err(vm, "Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        Ok((Value::list(items), idx + 1))
    }
}

/// `JSONDecoder.raw_decode(s, idx)`: the value at `idx` and the index after it.
fn raw_decode(vm: &mut Vm, opts: &Options, doc: &Value, idx: usize) -> PyResult<(Value, usize)> {
    let text = doc.as_str().unwrap_or("");
    let sc = Scanner {
        s: text.chars().collect(),
        doc,
        opts,
    };
    match sc.scan(vm, idx) {
        Ok(r) => Ok(r),
        Err(Fail::Stop(i)) => Err(decode_error(vm, "Expecting value", doc, i)),
        Err(Fail::Err(e)) => Err(e),
    }
}

/// `JSONDecoder.decode(s)`: one value, surrounded only by whitespace.
fn decode_doc(vm: &mut Vm, opts: &Options, doc: &Value) -> PyResult<Value> {
    let text = doc.as_str().unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let skip = |mut i: usize| {
        while chars.get(i).copied().is_some_and(is_ws) {
            i += 1;
        }
        i
    };
    let (v, end) = raw_decode(vm, opts, doc, skip(0))?;
    let end = skip(end);
    if end != chars.len() {
        return Err(decode_error(vm, "Extra data", doc, end));
    }
    Ok(v)
}

/// `detect_encoding(b)` of `json/__init__.py`.
fn detect_encoding(b: &[u8]) -> &'static str {
    if b.starts_with(&[0, 0, 0xfe, 0xff]) || b.starts_with(&[0xff, 0xfe, 0, 0]) {
        return "utf-32";
    }
    if b.starts_with(&[0xfe, 0xff]) || b.starts_with(&[0xff, 0xfe]) {
        return "utf-16";
    }
    if b.starts_with(&[0xef, 0xbb, 0xbf]) {
        return "utf-8-sig";
    }
    if b.len() >= 4 {
        if b[0] == 0 {
            return if b[1] != 0 { "utf-16-be" } else { "utf-32-be" };
        }
        if b[1] == 0 {
            return if b[2] != 0 || b[3] != 0 {
                "utf-16-le"
            } else {
                "utf-32-le"
            };
        }
    } else if b.len() == 2 {
        if b[0] == 0 {
            return "utf-16-be";
        }
        if b[1] == 0 {
            return "utf-16-le";
        }
    }
    "utf-8"
}

/// The str to decode: a str as is (a leading BOM is an error), bytes decoded as `loads`
/// does.
fn document(vm: &mut Vm, s: &Value) -> PyResult<Value> {
    let base = crate::args::builtin_base(s).unwrap_or_else(|| s.clone());
    match &base {
        Value::Str(t) => {
            if t.as_str().starts_with('\u{feff}') {
                return Err(decode_error(
                    vm,
                    "Unexpected UTF-8 BOM (decode using utf-8-sig)",
                    &base,
                    0,
                ));
            }
            Ok(base.clone())
        }
        Value::Bytes(_) | Value::ByteArray(_) => {
            let bytes: Vec<u8> = match &base {
                Value::Bytes(b) => b.to_vec(),
                Value::ByteArray(b) => b.snapshot(),
                _ => Vec::new(),
            };
            let mut enc = detect_encoding(&bytes);
            let mut base = base.clone();
            if enc == "utf-8-sig" {
                // Decoded here: the BOM is dropped, the rest is UTF-8.
                base = Value::Bytes(Rc::new(bytes[3..].to_vec()));
                enc = "utf-8";
            }
            let decode = get_attr(vm, &base, "decode")?;
            call(
                vm,
                &decode,
                &[Value::str(enc), Value::str("surrogatepass")],
                &[],
            )
        }
        _ => Err(type_error(format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            type_name(s)
        ))),
    }
}

const DECODER_OPTIONS: &[&str] = &[
    "object_hook",
    "parse_float",
    "parse_int",
    "parse_constant",
    "strict",
    "object_pairs_hook",
];

/// Options from [`DECODER_OPTIONS`] values; the built-in `float`/`int` parsers count as
/// the defaults.
fn options_from(vm: &mut Vm, o: &[Option<Value>]) -> PyResult<Options> {
    let get = |i: usize| o.get(i).cloned().flatten().filter(|v| !v.is_none());
    let t = builtin_types();
    let not_type = |v: Option<Value>, ty: &Rc<PyType>| match v {
        Some(Value::Type(x)) if Rc::ptr_eq(&x, ty) => None,
        v => v,
    };
    Ok(Options {
        object_hook: get(0),
        parse_float: not_type(get(1), &t.float),
        parse_int: not_type(get(2), &t.int),
        parse_constant: get(3),
        strict: match get(4) {
            Some(v) => is_true(vm, &v)?,
            None => true,
        },
        pairs_hook: get(5),
    })
}

/// `json.loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
/// parse_constant=None, object_pairs_hook=None, **kw)`.
pub fn loads(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    match np {
        1 => loads_impl(vm, &args[0], args, kw),
        0 => Err(type_error(
            "loads() missing 1 required positional argument: 's'",
        )),
        n => Err(type_error(format!(
            "loads() takes 1 positional argument but {n} were given"
        ))),
    }
}

fn loads_impl(vm: &mut Vm, s: &Value, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let doc = document(vm, s)?;
    let np = npos(args, kw);
    let mut known: Vec<Option<Value>> = vec![None; DECODER_OPTIONS.len()];
    let mut cls = None;
    let mut names = Vec::new();
    let mut vals = Vec::new();
    for (name, val) in kw.iter().zip(&args[np..]) {
        let n = name.as_str().unwrap_or("");
        if n == "cls" {
            cls = Some(val.clone()).filter(|v| !v.is_none());
            continue;
        }
        if let Some(i) = DECODER_OPTIONS.iter().position(|o| *o == n) {
            known[i] = Some(val.clone());
            // `loads` forwards its own hook parameters to `cls` only when not None.
            if n != "strict" && val.is_none() {
                continue;
            }
        }
        names.push(name.clone());
        vals.push(val.clone());
    }
    match cls {
        None => {
            if let Some(bad) = names
                .iter()
                .find(|n| !DECODER_OPTIONS.contains(&n.as_str().unwrap_or("")))
            {
                return Err(unexpected_kw("JSONDecoder.__init__", bad));
            }
            let opts = options_from(vm, &known)?;
            decode_doc(vm, &opts, &doc)
        }
        Some(cls) => {
            let decoder = call(vm, &cls, &vals, &names)?;
            let decode = get_attr(vm, &decoder, "decode")?;
            call(vm, &decode, &[doc], &[])
        }
    }
}

fn unexpected_kw(fname: &str, name: &Value) -> PyErr {
    type_error(format!(
        "{fname}() got an unexpected keyword argument '{}'",
        name.as_str().unwrap_or("")
    ))
}

/// `json.load(fp, **kw)`: `loads(fp.read(), **kw)`.
pub fn load(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    if np != 1 {
        return Err(type_error(if np == 0 {
            "load() missing 1 required positional argument: 'fp'".to_string()
        } else {
            format!("load() takes 1 positional argument but {np} were given")
        }));
    }
    let read = get_attr(vm, &args[0], "read")?;
    let text = call(vm, &read, &[], &[])?;
    loads_impl(vm, &text, args, kw)
}

// ---- JSONDecoder ----

/// `JSONDecoder.__init__(self, *, object_hook=None, ..., object_pairs_hook=None)`.
fn decoder_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let np = npos(args, kw);
    if np > 1 {
        return Err(type_error(format!(
            "JSONDecoder.__init__() takes 1 positional argument but {np} were given"
        )));
    }
    if let Some(bad) = kw
        .iter()
        .find(|n| !DECODER_OPTIONS.contains(&n.as_str().unwrap_or("")))
    {
        return Err(unexpected_kw("JSONDecoder.__init__", bad));
    }
    let o = kwonly("JSONDecoder.__init__", args, kw, DECODER_OPTIONS)?;
    let t = builtin_types();
    let or = |i: usize, d: Value| o[i].clone().filter(|v| !v.is_none()).unwrap_or(d);
    set_attr(vm, &this, "object_hook", or(0, Value::None))?;
    set_attr(
        vm,
        &this,
        "parse_float",
        or(1, Value::Type(t.float.clone())),
    )?;
    set_attr(vm, &this, "parse_int", or(2, Value::Type(t.int.clone())))?;
    set_attr(vm, &this, "parse_constant", or(3, Value::None))?;
    set_attr(vm, &this, "strict", or(4, Value::Bool(true)))?;
    set_attr(vm, &this, "object_pairs_hook", or(5, Value::None))?;
    Ok(Value::None)
}

fn decoder_options(vm: &mut Vm, this: &Value) -> PyResult<Options> {
    let mut o = Vec::new();
    for name in DECODER_OPTIONS {
        o.push(Some(get_attr(vm, this, name)?));
    }
    options_from(vm, &o)
}

fn str_doc(s: &Value) -> PyResult<Value> {
    match crate::args::builtin_base(s).unwrap_or_else(|| s.clone()) {
        v @ Value::Str(_) => Ok(v),
        _ => Err(type_error(format!(
            "first argument must be a string, not {}",
            type_name(s)
        ))),
    }
}

/// `JSONDecoder.decode(self, s)`.
fn decoder_decode(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let doc = str_doc(arg(args, 1)?)?;
    let opts = decoder_options(vm, &this)?;
    decode_doc(vm, &opts, &doc)
}

/// `JSONDecoder.raw_decode(self, s, idx=0)`: `(value, end)`.
fn decoder_raw_decode(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let doc = str_doc(arg(args, 1)?)?;
    let idx = match args.get(2) {
        Some(i) => crate::args::index_clamped(vm, i)?,
        None => 0,
    };
    if idx < 0 {
        return Err(value_error("idx cannot be negative"));
    }
    let opts = decoder_options(vm, &this)?;
    let (v, end) = raw_decode(vm, &opts, &doc, idx as usize)?;
    Ok(Value::tuple(vec![v, Value::Int(end as i64)]))
}

/// The `JSONDecoder` class (made once per thread).
pub fn decoder_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(
        vm,
        &ClassSpec {
            name: "JSONDecoder",
            module: "json.decoder",
            base: None,
            new: None,
            dunders: &[
                ("__init__", decoder_init),
                ("decode", decoder_decode),
                ("raw_decode", decoder_raw_decode),
            ],
            methods: &[],
            props: &[],
        },
    )
}
