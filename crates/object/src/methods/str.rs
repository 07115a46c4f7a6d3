//! Methods of `str`, with CPython 3.11's semantics and error messages.
//!
//! Indexes that methods take or return (`find`, `index`, `count`'s `start`/`end`, ...) are
//! code point indexes, as in Python, even though [`PyStr`] stores UTF-8.
//!
//! Character properties (`isalpha`, `upper`, `title`, `casefold`, ...) come from the tables in
//! [`unicode`], generated from CPython 3.11 itself (Unicode 14.0), so they do not depend on
//! the Unicode version of the Rust toolchain.
//!
//! The argument-parsing helpers here (`clinic`, `positional`, `index_arg`, ...) reproduce the
//! messages of CPython's Argument Clinic and `PyArg_ParseTuple`; `methods::bytes` uses them
//! too.

pub mod unicode;

use std::collections::HashMap;
use std::rc::Rc;

use num_traits::Signed;

use crate::dict::PyDict;
use crate::exception::{
    index_error, key_error, overflow_error, type_error, value_error, PyErr, PyException, PyResult,
};
use crate::function::NativeFn;
use crate::protocols::call::{call_dunder, split_args};
use crate::protocols::type_name;
use crate::str::PyStr;
use crate::typeobj::exception_type;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `str`.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("capitalize", capitalize),
    ("casefold", casefold),
    ("center", center),
    ("count", count),
    ("encode", encode),
    ("endswith", endswith),
    ("expandtabs", expandtabs),
    ("find", find),
    ("format", format),
    ("format_map", format_map),
    ("index", index),
    ("isalnum", isalnum),
    ("isalpha", isalpha),
    ("isascii", isascii),
    ("isdecimal", isdecimal),
    ("isdigit", isdigit),
    ("isidentifier", isidentifier),
    ("islower", islower),
    ("isnumeric", isnumeric),
    ("isprintable", isprintable),
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
    ("__format__", dunder_format),
    ("__ge__", dunder_ge),
    ("__getitem__", dunder_getitem),
    ("__gt__", dunder_gt),
    ("__hash__", dunder_hash),
    ("__iter__", dunder_iter),
    ("__le__", dunder_le),
    ("__len__", dunder_len),
    ("__lt__", dunder_lt),
    ("__mod__", dunder_mod),
    ("__mul__", dunder_mul),
    ("__ne__", dunder_ne),
    ("__repr__", dunder_repr),
    ("__rmod__", dunder_rmod),
    ("__rmul__", dunder_mul),
    ("__str__", dunder_str),
];

/// Static methods of `str`, called without `self` (`str.maketrans(x, y, z)`). Attribute
/// lookup on the type object should look here before [`METHODS`]; through an instance
/// (`"".maketrans(...)`) the [`METHODS`] entry applies, which drops `self`.
pub const STATIC_METHODS: &[(&str, NativeFn)] = &[("maketrans", maketrans)];

// ---------------------------------------------------------------------------------------------
// Argument helpers (shared with `methods::bytes`).
// ---------------------------------------------------------------------------------------------

/// `MemoryError()`.
pub(crate) fn memory_error() -> PyErr {
    PyException::new(exception_type("MemoryError"), vec![])
}

/// Results larger than this many bytes raise MemoryError instead of being attempted.
pub(crate) const MAX_RESULT: usize = 1 << 40;

/// Checks that a result of `n` bytes can be built (MemoryError otherwise) and returns an
/// empty buffer with that capacity.
pub(crate) fn reserve<T>(n: usize) -> PyResult<Vec<T>> {
    let bytes = n
        .checked_mul(std::mem::size_of::<T>().max(1))
        .ok_or_else(memory_error)?;
    if bytes > MAX_RESULT {
        return Err(memory_error());
    }
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| memory_error())?;
    Ok(v)
}

/// A `String` with room for `n` bytes (MemoryError if impossible).
pub(crate) fn reserve_string(n: usize) -> PyResult<String> {
    if n > MAX_RESULT {
        return Err(memory_error());
    }
    let mut s = String::new();
    s.try_reserve_exact(n).map_err(|_| memory_error())?;
    Ok(s)
}

/// A method's qualified name (`str.strip`), formatted only when an error message needs it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Qual<'a>(pub &'a str, pub &'a str);

impl std::fmt::Display for Qual<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// Rejects keyword arguments: `QUAL() takes no keyword arguments` (`qual` is e.g. `str.strip`).
pub(crate) fn no_kw(qual: impl std::fmt::Display + Copy, kwnames: &[Value]) -> PyResult<()> {
    if kwnames.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!("{qual}() takes no keyword arguments")))
    }
}

/// A METH_NOARGS method: `QUAL() takes no arguments (N given)`. `args` excludes self.
pub(crate) fn no_args(
    qual: impl std::fmt::Display + Copy,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<()> {
    no_kw(qual, kwnames)?;
    if args.is_empty() {
        Ok(())
    } else {
        Err(type_error(format!(
            "{qual}() takes no arguments ({} given)",
            args.len()
        )))
    }
}

/// A METH_O method: `QUAL() takes exactly one argument (N given)`. `args` excludes self.
pub(crate) fn one_arg<'a>(
    qual: impl std::fmt::Display + Copy,
    args: &'a [Value],
    kwnames: &[Value],
) -> PyResult<&'a Value> {
    no_kw(qual, kwnames)?;
    match args {
        [x] => Ok(x),
        _ => Err(type_error(format!(
            "{qual}() takes exactly one argument ({} given)",
            args.len()
        ))),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A positional-only Argument Clinic method (`_PyArg_CheckPositional`):
/// `NAME expected at least 1 argument, got 0`. `args` excludes self.
pub(crate) fn positional(
    qual: impl std::fmt::Display + Copy,
    name: &str,
    args: &[Value],
    kwnames: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_kw(qual, kwnames)?;
    let n = args.len();
    if n < min {
        let what = if min == max { "" } else { "at least " };
        return Err(type_error(format!(
            "{name} expected {what}{min} argument{}, got {n}",
            plural(min)
        )));
    }
    if n > max {
        let what = if min == max { "" } else { "at most " };
        return Err(type_error(format!(
            "{name} expected {what}{max} argument{}, got {n}",
            plural(max)
        )));
    }
    Ok(())
}

/// A `PyArg_ParseTuple` method (`find`, `count`, `startswith`...):
/// `NAME() takes at least 1 argument (0 given)`. `args` excludes self.
pub(crate) fn parse_tuple(
    qual: impl std::fmt::Display + Copy,
    name: &str,
    args: &[Value],
    kwnames: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_kw(qual, kwnames)?;
    let n = args.len();
    if n < min || n > max {
        let (what, k) = if min == max {
            ("exactly", min)
        } else if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        return Err(type_error(format!(
            "{name}() takes {what} {k} argument{} ({n} given)",
            plural(k)
        )));
    }
    Ok(())
}

/// An Argument Clinic method with keyword arguments (`_PyArg_UnpackKeywords`, no
/// positional-only parameters): binds `args` (excluding self) to `names`; the first `minpos`
/// are required.
pub(crate) fn clinic(
    fname: &str,
    args: &[Value],
    kwnames: &[Value],
    names: &[&str],
    minpos: usize,
) -> PyResult<Vec<Option<Value>>> {
    let (pos, kw) = split_args(args, kwnames);
    let nargs = pos.len();
    let mut nkw = kw.len();
    let maxargs = names.len();
    if nargs + nkw > maxargs {
        return Err(type_error(format!(
            "{fname}() takes at most {maxargs} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            plural(maxargs),
            nargs + nkw
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; maxargs];
    for (slot, v) in out.iter_mut().zip(pos) {
        *slot = Some(v.clone());
    }
    for (i, name) in names.iter().enumerate().skip(nargs) {
        if nkw == 0 && i >= minpos {
            break;
        }
        let found = kw
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| (*v).clone());
        match found {
            Some(v) => {
                out[i] = Some(v);
                nkw -= 1;
            }
            None if i < minpos => {
                return Err(type_error(format!(
                    "{fname}() missing required argument '{name}' (pos {})",
                    i + 1
                )))
            }
            None => {}
        }
    }
    if nkw > 0 {
        for (i, name) in names.iter().enumerate().take(nargs) {
            if kw.iter().any(|(k, _)| k == name) {
                return Err(type_error(format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
        }
        if let Some((k, _)) = kw.iter().find(|(k, _)| !names.contains(k)) {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for {fname}()"
            )));
        }
    }
    Ok(out)
}

/// The integer value of `v` through `__index__` (TypeError `'T' object cannot be interpreted
/// as an integer` otherwise): `Ok(Ok(i))`, or `Ok(Err(is_negative))` for an int beyond `i64`
/// (each caller reports that overflow with its own message or clamps).
fn index_value(vm: &mut Vm, v: &Value) -> PyResult<Result<i64, bool>> {
    match v {
        Value::Int(i) => Ok(Ok(*i)),
        Value::Bool(b) => Ok(Ok(*b as i64)),
        Value::BigInt(b) => Ok(Err(b.is_negative())),
        Value::Instance(_) => match call_dunder(vm, v, "__index__", &[])? {
            Some(r @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => index_value(vm, &r),
            Some(r) => Err(type_error(format!(
                "__index__ returned non-int (type {})",
                type_name(&r)
            ))),
            None => Err(not_integer(v)),
        },
        _ => Err(not_integer(v)),
    }
}

fn not_integer(v: &Value) -> PyErr {
    type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        type_name(v)
    ))
}

/// A `Py_ssize_t` argument: `'str' object cannot be interpreted as an integer`, OverflowError
/// `Python int too large to convert to C ssize_t`.
pub(crate) fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match index_value(vm, v)? {
        Ok(i) => Ok(i),
        Err(_) => Err(overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// A C `int` argument: OverflowError `Python int too large to convert to C int`.
pub(crate) fn c_int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    if let Value::Float(_) = v {
        return Err(type_error(
            "'float' object cannot be interpreted as an integer",
        ));
    }
    match index_value(vm, v)? {
        Ok(i) => {
            i32::try_from(i).map_err(|_| overflow_error("Python int too large to convert to C int"))
        }
        Err(_) => Err(overflow_error("Python int too large to convert to C int")),
    }
}

/// A slice index (`start`/`end` of `find` and friends): None, or any integer (clamped).
pub(crate) fn slice_index(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<i64>> {
    let Some(v) = v else { return Ok(None) };
    if v.is_none() {
        return Ok(None);
    }
    let r = match v {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Instance(_) => {
            index_value(vm, v).map_err(|e| {
                if e.is_instance_of("TypeError")
                    && !matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
                {
                    type_error("slice indices must be integers or None or have an __index__ method")
                } else {
                    e
                }
            })?
        }
        _ => {
            return Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            ))
        }
    };
    Ok(Some(match r {
        Ok(i) => i,
        Err(true) => i64::MIN,
        Err(false) => i64::MAX,
    }))
}

/// CPython's `ADJUST_INDICES`: resolves optional `start`/`end` against `len`.
pub(crate) fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len = len as i64;
    let mut end = end.unwrap_or(len);
    if end > len {
        end = len;
    } else if end < 0 {
        end = end.saturating_add(len).max(0);
    }
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start = start.saturating_add(len).max(0);
    }
    // `start` may exceed `len`; callers compare it with `end`.
    (start.max(0) as usize, end as usize)
}

/// The `str` inside `v`: a `str`, or an instance of a `str` subclass.
pub(crate) fn as_pystr(v: &Value) -> Option<Rc<PyStr>> {
    match v {
        Value::Str(s) => Some(s.clone()),
        Value::Instance(i) => match &*i.builtin_base.borrow() {
            Some(Value::Str(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `self` of a `str` method, with CPython's errors when called through the type with a
/// wrong or missing first argument.
fn this(args: &[Value], name: &str) -> PyResult<Rc<PyStr>> {
    match args.first() {
        None => Err(type_error(format!(
            "unbound method str.{name}() needs an argument"
        ))),
        Some(v) => as_pystr(v).ok_or_else(|| {
            type_error(format!(
                "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
                type_name(v)
            ))
        }),
    }
}

/// A `str` argument: TypeError `must be str, not int`.
fn str_arg(v: &Value) -> PyResult<Rc<PyStr>> {
    as_pystr(v).ok_or_else(|| type_error(format!("must be str, not {}", type_name(v))))
}

/// A `str` argument of a clinic function: `FNAME() argument N must be str, not int`.
fn str_arg_n(v: &Value, fname: &str, n: usize) -> PyResult<Rc<PyStr>> {
    as_pystr(v).ok_or_else(|| {
        type_error(format!(
            "{fname}() argument {n} must be str, not {}",
            type_name(v)
        ))
    })
}

fn new_str(s: String) -> Value {
    Value::string(s)
}

// ---------------------------------------------------------------------------------------------
// Code point indexing.
// ---------------------------------------------------------------------------------------------

/// A string's text with code point <-> byte offset conversions.
struct Text<'a> {
    s: &'a str,
    ascii: bool,
    len: usize,
}

impl<'a> Text<'a> {
    fn new(p: &'a PyStr) -> Text<'a> {
        Text {
            s: p.as_str(),
            ascii: p.is_ascii(),
            len: p.char_len(),
        }
    }

    /// Byte offset of code point `i` (`i >= len` gives the end).
    fn byte(&self, i: usize) -> usize {
        if self.ascii || i == 0 {
            i.min(self.s.len())
        } else if i >= self.len {
            self.s.len()
        } else {
            self.s
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.s.len())
        }
    }

    /// Byte offsets of code points `a <= b`.
    fn bytes2(&self, a: usize, b: usize) -> (usize, usize) {
        if self.ascii {
            return (a.min(self.s.len()), b.min(self.s.len()));
        }
        let ba = self.byte(a);
        let bb = if b >= self.len {
            self.s.len()
        } else {
            self.s[ba..]
                .char_indices()
                .nth(b - a)
                .map(|(x, _)| ba + x)
                .unwrap_or(self.s.len())
        };
        (ba, bb)
    }

    /// Code point index of byte offset `b` (a char boundary).
    fn cp(&self, b: usize) -> usize {
        if self.ascii {
            b
        } else {
            self.s[..b].chars().count()
        }
    }
}

/// Number of code points of `s`.
fn cp_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

// ---------------------------------------------------------------------------------------------
// Character properties and case mappings (CPython 3.11 / Unicode 14.0).
// ---------------------------------------------------------------------------------------------

/// The property flags (`unicode::ALPHA`, ...) of `c`.
#[inline]
pub fn char_flags(c: char) -> u16 {
    let u = c as u32;
    if u < 128 {
        return unicode::ASCII_FLAGS[u as usize];
    }
    let i = unicode::FLAG_RUNS.partition_point(|&(s, _)| s <= u);
    unicode::FLAG_RUNS[i.saturating_sub(1)].1
}

#[inline]
fn has(c: char, flag: u16) -> bool {
    char_flags(c) & flag != 0
}

/// `c.isspace()` (CPython's `Py_UNICODE_ISSPACE`).
#[inline]
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ')
    } else {
        has(c, unicode::SPACE)
    }
}

/// The decimal digit value of `c` (`Py_UNICODE_TODECIMAL`), for any Unicode decimal digit.
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    if !has(c, unicode::DECIMAL) {
        return None;
    }
    // Decimal digits come in contiguous runs of ten, starting at zero.
    let mut start = c as u32;
    while start > 0 && char::from_u32(start - 1).is_some_and(|p| has(p, unicode::DECIMAL)) {
        start -= 1;
    }
    Some((c as u32 - start) % 10)
}

fn map_runs(runs: &[(u32, u32, u32, i32)], u: u32) -> Option<char> {
    let i = runs.partition_point(|r| r.0 <= u);
    let &(s, e, stride, delta) = runs.get(i.checked_sub(1)?)?;
    if u <= e && (u - s).is_multiple_of(stride.max(1)) {
        char::from_u32((u as i64 + delta as i64) as u32)
    } else {
        None
    }
}

fn map_multi(table: &'static [(u32, &'static str)], u: u32) -> Option<&'static str> {
    table
        .binary_search_by_key(&u, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

fn push_upper(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else if let Some(m) = map_multi(&unicode::UPPER_MULTI, c as u32) {
        out.push_str(m);
    } else {
        out.push(map_runs(&unicode::UPPER_RUNS, c as u32).unwrap_or(c));
    }
}

/// Lowercases `c`, without the final sigma rule.
fn push_lower_plain(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if let Some(m) = map_multi(&unicode::LOWER_MULTI, c as u32) {
        out.push_str(m);
    } else {
        out.push(map_runs(&unicode::LOWER_RUNS, c as u32).unwrap_or(c));
    }
}

fn push_title(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
        return;
    }
    match map_multi(&unicode::TITLE_EXCEPT, c as u32) {
        Some(m) => out.push_str(m),
        None => push_upper(c, out),
    }
}

fn push_casefold(c: char, out: &mut String) {
    match map_multi(&unicode::CASEFOLD_EXCEPT, c as u32) {
        Some(m) => out.push_str(m),
        None => push_lower_plain(c, out),
    }
}

/// Lowercases the character of `s` at byte `b` (CPython's `lower_ucs4`, with the final
/// sigma rule for U+03A3).
fn push_lower_at(s: &str, b: usize, c: char, out: &mut String) {
    if c != '\u{3a3}' {
        push_lower_plain(c, out);
        return;
    }
    let before = s[..b]
        .chars()
        .rev()
        .find(|&p| !has(p, unicode::CASE_IGNORABLE));
    let mut final_sigma = before.is_some_and(|p| has(p, unicode::CASED));
    if final_sigma {
        let after = s[b + c.len_utf8()..]
            .chars()
            .find(|&p| !has(p, unicode::CASE_IGNORABLE));
        final_sigma = after.is_none_or(|p| !has(p, unicode::CASED));
    }
    out.push(if final_sigma { '\u{3c2}' } else { '\u{3c3}' });
}

fn str_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (b, c) in s.char_indices() {
        push_lower_at(s, b, c, &mut out);
    }
    out
}

fn str_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(c, &mut out);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Case methods.
// ---------------------------------------------------------------------------------------------

/// `str.upper()`.
fn upper(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "upper")?;
    no_args("str.upper", &args[1..], kwnames)?;
    Ok(new_str(str_upper(s.as_str())))
}

/// `str.lower()`.
fn lower(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "lower")?;
    no_args("str.lower", &args[1..], kwnames)?;
    Ok(new_str(str_lower(s.as_str())))
}

/// `str.casefold()`.
fn casefold(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "casefold")?;
    no_args("str.casefold", &args[1..], kwnames)?;
    let s = s.as_str();
    if s.is_ascii() {
        return Ok(new_str(s.to_ascii_lowercase()));
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_casefold(c, &mut out);
    }
    Ok(new_str(out))
}

/// `str.swapcase()`.
fn swapcase(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "swapcase")?;
    no_args("str.swapcase", &args[1..], kwnames)?;
    let s = s.as_str();
    let mut out = String::with_capacity(s.len());
    for (b, c) in s.char_indices() {
        let f = char_flags(c);
        if f & unicode::UPPER != 0 {
            push_lower_at(s, b, c, &mut out);
        } else if f & unicode::LOWER != 0 {
            push_upper(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Ok(new_str(out))
}

/// `str.title()`.
fn title(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "title")?;
    no_args("str.title", &args[1..], kwnames)?;
    let s = s.as_str();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (b, c) in s.char_indices() {
        if prev_cased {
            push_lower_at(s, b, c, &mut out);
        } else {
            push_title(c, &mut out);
        }
        prev_cased = has(c, unicode::CASED);
    }
    Ok(new_str(out))
}

/// `str.capitalize()`.
fn capitalize(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "capitalize")?;
    no_args("str.capitalize", &args[1..], kwnames)?;
    let s = s.as_str();
    let mut out = String::with_capacity(s.len());
    for (b, c) in s.char_indices() {
        if b == 0 {
            push_title(c, &mut out);
        } else {
            push_lower_at(s, b, c, &mut out);
        }
    }
    Ok(new_str(out))
}

// ---------------------------------------------------------------------------------------------
// Predicates.
// ---------------------------------------------------------------------------------------------

fn all_chars(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    qual: &str,
    pred: impl Fn(char) -> bool,
) -> PyResult<Value> {
    let s = this(args, name)?;
    no_args(qual, &args[1..], kwnames)?;
    let s = s.as_str();
    Ok(Value::Bool(!s.is_empty() && s.chars().all(pred)))
}

/// `str.isspace()`.
fn isspace(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    all_chars(args, kwnames, "isspace", "str.isspace", is_space)
}

/// `str.isalpha()`.
fn isalpha(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    all_chars(args, kwnames, "isalpha", "str.isalpha", |c| {
        has(c, unicode::ALPHA)
    })
}

/// `str.isdecimal()`.
fn isdecimal(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    all_chars(args, kwnames, "isdecimal", "str.isdecimal", |c| {
        has(c, unicode::DECIMAL)
    })
}

/// `str.isdigit()`.
fn isdigit(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    all_chars(args, kwnames, "isdigit", "str.isdigit", |c| {
        has(c, unicode::DIGIT)
    })
}

/// `str.isnumeric()`.
fn isnumeric(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    all_chars(args, kwnames, "isnumeric", "str.isnumeric", |c| {
        has(c, unicode::NUMERIC)
    })
}

/// `str.isalnum()`.
fn isalnum(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let mask = unicode::ALPHA | unicode::DECIMAL | unicode::DIGIT | unicode::NUMERIC;
    all_chars(args, kwnames, "isalnum", "str.isalnum", |c| has(c, mask))
}

/// `str.isascii()`.
fn isascii(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "isascii")?;
    no_args("str.isascii", &args[1..], kwnames)?;
    Ok(Value::Bool(s.is_ascii()))
}

/// `str.isprintable()`.
fn isprintable(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "isprintable")?;
    no_args("str.isprintable", &args[1..], kwnames)?;
    Ok(Value::Bool(
        s.as_str().chars().all(rpvm_loader::pyrepr::is_printable),
    ))
}

/// `str.isidentifier()`.
fn isidentifier(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "isidentifier")?;
    no_args("str.isidentifier", &args[1..], kwnames)?;
    Ok(Value::Bool(is_identifier(s.as_str())))
}

/// Whether `s` is a valid Python identifier (`str.isidentifier`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if has(c, unicode::XID_START) => chars.all(|c| has(c, unicode::XID_CONTINUE)),
        _ => false,
    }
}

/// `str.islower()`.
fn islower(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "islower")?;
    no_args("str.islower", &args[1..], kwnames)?;
    Ok(Value::Bool(all_cased_as(
        s.as_str(),
        unicode::LOWER,
        unicode::UPPER | unicode::TITLE,
    )))
}

/// `islower`/`isupper`: at least one character has the `want` case flag and none has a
/// `reject` flag (uncased characters are ignored).
fn all_cased_as(text: &str, want: u16, reject: u16) -> bool {
    let mut cased = false;
    for c in text.chars() {
        let f = char_flags(c);
        if f & reject != 0 {
            return false;
        }
        cased |= f & want != 0;
    }
    cased
}

/// `str.isupper()`.
fn isupper(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "isupper")?;
    no_args("str.isupper", &args[1..], kwnames)?;
    Ok(Value::Bool(all_cased_as(
        s.as_str(),
        unicode::UPPER,
        unicode::LOWER | unicode::TITLE,
    )))
}

/// `str.istitle()`.
fn istitle(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "istitle")?;
    no_args("str.istitle", &args[1..], kwnames)?;
    let (mut cased, mut prev_cased) = (false, false);
    for c in s.as_str().chars() {
        let f = char_flags(c);
        if f & (unicode::UPPER | unicode::TITLE) != 0 {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else if f & unicode::LOWER != 0 {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(cased))
}

// ---------------------------------------------------------------------------------------------
// Searching.
// ---------------------------------------------------------------------------------------------

/// Parses `(sub[, start[, end]])` for find/index/count: the string, the substring and the
/// resolved code point window.
fn find_args(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
) -> PyResult<(Rc<PyStr>, Rc<PyStr>, usize, usize)> {
    let s = this(args, name)?;
    parse_tuple(Qual("str", name), name, &args[1..], kwnames, 1, 3)?;
    let sub = str_arg(&args[1])?;
    let start = slice_index(vm, args.get(2))?;
    let end = slice_index(vm, args.get(3))?;
    let (a, b) = adjust_indices(start, end, s.char_len());
    Ok((s, sub, a, b))
}

/// Position (code points) of `sub` in `s[a..b]`, searching from the left or the right.
fn find_in(s: &PyStr, sub: &PyStr, a: usize, b: usize, reverse: bool) -> Option<usize> {
    let n = sub.char_len();
    if b < a || b - a < n {
        return None;
    }
    let t = Text::new(s);
    let (ba, bb) = t.bytes2(a, b);
    let hay = &t.s[ba..bb];
    let found = if reverse {
        hay.rfind(sub.as_str())
    } else {
        hay.find(sub.as_str())
    }?;
    Some(t.cp(ba + found))
}

fn find_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    reverse: bool,
    raise: bool,
) -> PyResult<Value> {
    let (s, sub, a, b) = find_args(vm, args, kwnames, name)?;
    match find_in(&s, &sub, a, b, reverse) {
        Some(i) => Ok(Value::from(i)),
        None if raise => Err(value_error("substring not found")),
        None => Ok(Value::Int(-1)),
    }
}

/// `str.find(sub[, start[, end]])`.
fn find(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "find", false, false)
}

/// `str.rfind(sub[, start[, end]])`.
fn rfind(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "rfind", true, false)
}

/// `str.index(sub[, start[, end]])`.
fn index(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "index", false, true)
}

/// `str.rindex(sub[, start[, end]])`.
fn rindex(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    find_impl(vm, args, kwnames, "rindex", true, true)
}

/// `str.count(sub[, start[, end]])`.
fn count(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, sub, a, b) = find_args(vm, args, kwnames, "count")?;
    if b < a || b - a < sub.char_len() {
        return Ok(Value::Int(0));
    }
    if sub.char_len() == 0 {
        return Ok(Value::from(b - a + 1));
    }
    let t = Text::new(&s);
    let (ba, bb) = t.bytes2(a, b);
    Ok(Value::from(t.s[ba..bb].matches(sub.as_str()).count()))
}

fn affix_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    suffix: bool,
) -> PyResult<Value> {
    let s = this(args, name)?;
    parse_tuple(Qual("str", name), name, &args[1..], kwnames, 1, 3)?;
    let start = slice_index(vm, args.get(2))?;
    let end = slice_index(vm, args.get(3))?;
    let (a, b) = adjust_indices(start, end, s.char_len());
    let t = Text::new(&s);
    let window = if b < a {
        None
    } else {
        let (ba, bb) = t.bytes2(a, b);
        Some(&t.s[ba..bb])
    };
    let test = |p: &PyStr| -> bool {
        // CPython: `end - len(p) < start` fails, even for an empty prefix.
        match window {
            Some(w) if b - a >= p.char_len() => {
                if suffix {
                    w.ends_with(p.as_str())
                } else {
                    w.starts_with(p.as_str())
                }
            }
            _ => false,
        }
    };
    match &args[1] {
        Value::Tuple(items) => {
            for item in items.as_slice() {
                let p = as_pystr(item).ok_or_else(|| {
                    type_error(format!(
                        "tuple for {name} must only contain str, not {}",
                        type_name(item)
                    ))
                })?;
                if test(&p) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => match as_pystr(other) {
            Some(p) => Ok(Value::Bool(test(&p))),
            None => Err(type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                type_name(other)
            ))),
        },
    }
}

/// `str.startswith(prefix[, start[, end]])`.
fn startswith(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    affix_impl(vm, args, kwnames, "startswith", false)
}

/// `str.endswith(suffix[, start[, end]])`.
fn endswith(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    affix_impl(vm, args, kwnames, "endswith", true)
}

/// `str.__contains__(sub)`.
fn dunder_contains(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__contains__")?;
    let x = slot_arg("str.__contains__", &args[1..], kwnames)?;
    match as_pystr(x) {
        Some(sub) => Ok(Value::Bool(s.as_str().contains(sub.as_str()))),
        None => Err(type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            type_name(x)
        ))),
    }
}

/// The argument of a slot wrapper (`__add__`, `__eq__`, ...): `expected 1 argument, got 0`.
pub(crate) fn slot_arg<'a>(
    qual: impl std::fmt::Display + Copy,
    args: &'a [Value],
    kwnames: &[Value],
) -> PyResult<&'a Value> {
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "wrapper {qual}() takes no keyword arguments"
        )));
    }
    match args {
        [x] => Ok(x),
        _ => Err(type_error(format!(
            "expected 1 argument, got {}",
            args.len()
        ))),
    }
}

/// A slot wrapper with no arguments (`__iter__`, `__hash__`, ...).
pub(crate) fn slot_noargs(
    qual: impl std::fmt::Display + Copy,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<()> {
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "wrapper {qual}() takes no keyword arguments"
        )));
    }
    if !args.is_empty() {
        return Err(type_error(format!(
            "expected 0 arguments, got {}",
            args.len()
        )));
    }
    Ok(())
}

/// The repeat count of `__mul__`: `'str' object cannot be interpreted as an integer`,
/// OverflowError `cannot fit 'int' into an index-sized integer`.
pub(crate) fn repeat_count(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match index_value(vm, v)? {
        Ok(i) => Ok(Value::Int(i)),
        Err(_) => Err(overflow_error(format!(
            "cannot fit '{}' into an index-sized integer",
            type_name(v)
        ))),
    }
}

/// `str.__add__(other)`.
fn dunder_add(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__add__")?;
    let other = slot_arg("str.__add__", &args[1..], kwnames)?;
    match as_pystr(other) {
        Some(o) => crate::protocols::arith::binary_op(
            vm,
            crate::protocols::arith::BinOp::Add,
            &Value::Str(s),
            &Value::Str(o),
            false,
        ),
        None => Err(type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            type_name(other)
        ))),
    }
}

/// `str.__mul__(n)` / `str.__rmul__(n)`.
fn dunder_mul(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__mul__")?;
    let n = slot_arg("str.__mul__", &args[1..], kwnames)?;
    let n = repeat_count(vm, n)?;
    crate::protocols::arith::binary_op(
        vm,
        crate::protocols::arith::BinOp::Mul,
        &Value::Str(s),
        &n,
        false,
    )
}

/// `str.__mod__(args)`: printf-style formatting.
fn dunder_mod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__mod__")?;
    let x = slot_arg("str.__mod__", &args[1..], kwnames)?;
    crate::protocols::arith::binary_op(
        vm,
        crate::protocols::arith::BinOp::Mod,
        &Value::Str(s),
        x,
        false,
    )
}

/// `str.__rmod__(other)`: NotImplemented unless `other` is a str.
fn dunder_rmod(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__rmod__")?;
    let x = slot_arg("str.__rmod__", &args[1..], kwnames)?;
    match as_pystr(x) {
        Some(o) => crate::protocols::arith::binary_op(
            vm,
            crate::protocols::arith::BinOp::Mod,
            &Value::Str(o),
            &Value::Str(s),
            false,
        ),
        None => Ok(Value::NotImplemented),
    }
}

/// `str.__getitem__(key)`.
fn dunder_getitem(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__getitem__")?;
    let key = slot_arg("str.__getitem__", &args[1..], kwnames)?;
    crate::protocols::subscript::get_item(vm, &Value::Str(s), key)
}

/// `str.__iter__()`.
fn dunder_iter(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__iter__")?;
    slot_noargs("str.__iter__", &args[1..], kwnames)?;
    crate::protocols::iter::get_iter(vm, &Value::Str(s))
}

/// `str.__hash__()`.
fn dunder_hash(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__hash__")?;
    slot_noargs("str.__hash__", &args[1..], kwnames)?;
    Ok(Value::Int(crate::protocols::hash::hash_value(
        vm,
        &Value::Str(s),
    )?))
}

/// `str.__str__()`.
fn dunder_str(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__str__")?;
    slot_noargs("str.__str__", &args[1..], kwnames)?;
    Ok(Value::Str(s))
}

/// `str.__repr__()`.
fn dunder_repr(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__repr__")?;
    slot_noargs("str.__repr__", &args[1..], kwnames)?;
    Ok(new_str(rpvm_loader::pyrepr::str_repr(s.as_str())))
}

fn compare_impl(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    test: fn(std::cmp::Ordering) -> bool,
) -> PyResult<Value> {
    let s = this(args, name)?;
    let other = slot_arg(Qual("str", name), &args[1..], kwnames)?;
    Ok(match as_pystr(other) {
        Some(o) => Value::Bool(test(s.as_str().cmp(o.as_str()))),
        None => Value::NotImplemented,
    })
}

/// `str.__eq__(other)`.
fn dunder_eq(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__eq__", |o| o.is_eq())
}

/// `str.__ne__(other)`.
fn dunder_ne(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__ne__", |o| o.is_ne())
}

/// `str.__lt__(other)`.
fn dunder_lt(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__lt__", |o| o.is_lt())
}

/// `str.__le__(other)`.
fn dunder_le(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__le__", |o| o.is_le())
}

/// `str.__gt__(other)`.
fn dunder_gt(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__gt__", |o| o.is_gt())
}

/// `str.__ge__(other)`.
fn dunder_ge(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    compare_impl(args, kwnames, "__ge__", |o| o.is_ge())
}

/// `str.__len__()`.
fn dunder_len(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__len__")?;
    slot_noargs("str.__len__", &args[1..], kwnames)?;
    Ok(Value::from(s.char_len()))
}

/// `str.__format__(spec)`.
fn dunder_format(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "__format__")?;
    positional("str.__format__", "__format__", &args[1..], kwnames, 1, 1)?;
    let spec = str_arg_n(&args[1], "__format__", 1)?;
    let r = crate::protocols::format::format_value(vm, &Value::Str(s), spec.as_str())?;
    Ok(new_str(r))
}

// ---------------------------------------------------------------------------------------------
// Splitting and joining.
// ---------------------------------------------------------------------------------------------

/// `maxsplit` as a count (negative: unlimited).
fn maxsplit_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<usize> {
    match v {
        None => Ok(usize::MAX),
        Some(v) => {
            let n = index_arg(vm, v)?;
            Ok(if n < 0 { usize::MAX } else { n as usize })
        }
    }
}

fn split_whitespace(s: &str, mut maxcount: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut i = 0;
    while maxcount > 0 {
        while let Some(&(_, c)) = it.peek() {
            if !is_space(c) {
                break;
            }
            it.next();
        }
        let Some(&(j, _)) = it.peek() else {
            i = s.len();
            break;
        };
        it.next();
        i = s.len();
        while let Some(&(k, c)) = it.peek() {
            if is_space(c) {
                i = k;
                break;
            }
            it.next();
        }
        out.push(&s[j..i]);
        maxcount -= 1;
    }
    if i < s.len() {
        let rest = s[i..].trim_start_matches(is_space);
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

fn rsplit_whitespace(s: &str, mut maxcount: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut it = s.char_indices().rev().peekable();
    // `i` is the exclusive end of the unprocessed prefix.
    let mut i = s.len();
    while maxcount > 0 {
        while let Some(&(_, c)) = it.peek() {
            if !is_space(c) {
                break;
            }
            it.next();
        }
        let Some(&(k, c)) = it.peek() else {
            i = 0;
            break;
        };
        let end = k + c.len_utf8();
        it.next();
        i = 0;
        while let Some(&(k, c)) = it.peek() {
            if is_space(c) {
                i = k + c.len_utf8();
                break;
            }
            it.next();
        }
        out.push(&s[i..end]);
        maxcount -= 1;
    }
    if i > 0 {
        let rest = s[..i].trim_end_matches(is_space);
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out.reverse();
    out
}

fn split_impl(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    reverse: bool,
) -> PyResult<Value> {
    let s = this(args, name)?;
    let a = clinic(name, &args[1..], kwnames, &["sep", "maxsplit"], 0)?;
    let sep = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => Some(
            as_pystr(v)
                .ok_or_else(|| type_error(format!("must be str or None, not {}", type_name(v))))?,
        ),
    };
    let maxcount = maxsplit_arg(vm, a[1].as_ref())?;
    let text = s.as_str();
    let parts: Vec<&str> = match &sep {
        None if reverse => rsplit_whitespace(text, maxcount),
        None => split_whitespace(text, maxcount),
        Some(sep) if sep.as_str().is_empty() => return Err(value_error("empty separator")),
        Some(sep) if reverse => {
            let mut v: Vec<&str> = text
                .rsplitn(maxcount.saturating_add(1), sep.as_str())
                .collect();
            v.reverse();
            v
        }
        Some(sep) => text
            .splitn(maxcount.saturating_add(1), sep.as_str())
            .collect(),
    };
    if parts.len() == 1 && parts[0].len() == text.len() {
        if let Value::Str(_) = &args[0] {
            return Ok(Value::list(vec![args[0].clone()]));
        }
    }
    Ok(Value::list(parts.into_iter().map(Value::str).collect()))
}

/// `str.split(sep=None, maxsplit=-1)`.
fn split(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    split_impl(vm, args, kwnames, "split", false)
}

/// `str.rsplit(sep=None, maxsplit=-1)`.
fn rsplit(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    split_impl(vm, args, kwnames, "rsplit", true)
}

/// Whether `c` ends a line for `str.splitlines`.
fn is_linebreak(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends=False)`.
fn splitlines(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "splitlines")?;
    let a = clinic("splitlines", &args[1..], kwnames, &["keepends"], 0)?;
    let keepends = match &a[0] {
        None => false,
        Some(v) => c_int_arg(vm, v)? != 0,
    };
    let text = s.as_str();
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    let mut start = 0;
    while let Some((b, c)) = it.next() {
        if !is_linebreak(c) {
            continue;
        }
        let mut end = b + c.len_utf8();
        if c == '\r' {
            if let Some(&(_, '\n')) = it.peek() {
                it.next();
                end += 1;
            }
        }
        out.push(Value::str(&text[start..if keepends { end } else { b }]));
        start = end;
    }
    if start < text.len() {
        out.push(Value::str(&text[start..]));
    }
    Ok(Value::list(out))
}

/// `sep.join(iterable)`: the concatenation of the strings of `items` with `sep` between.
pub fn join_strs(sep: &str, items: &[Value]) -> PyResult<String> {
    let mut total = sep.len().saturating_mul(items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(s) => total = total.saturating_add(s.as_str().len()),
            other => match as_pystr(other) {
                Some(s) => total = total.saturating_add(s.as_str().len()),
                None => {
                    return Err(type_error(format!(
                        "sequence item {i}: expected str instance, {} found",
                        type_name(other)
                    )))
                }
            },
        }
    }
    let mut out = reserve_string(total)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        if let Value::Str(s) = item {
            out.push_str(s.as_str());
        } else if let Some(s) = as_pystr(item) {
            out.push_str(s.as_str());
        }
    }
    Ok(out)
}

/// `str.join(iterable)`.
fn join(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "join")?;
    let it = one_arg("str.join", &args[1..], kwnames)?;
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
    if items.len() == 1 {
        if let Value::Str(_) = &items[0] {
            return Ok(items[0].clone());
        }
    }
    Ok(new_str(join_strs(s.as_str(), &items)?))
}

/// `str.partition(sep)` / `str.rpartition(sep)`.
fn partition_impl(args: &[Value], kwnames: &[Value], name: &str, reverse: bool) -> PyResult<Value> {
    let s = this(args, name)?;
    let sep = one_arg(Qual("str", name), &args[1..], kwnames)?;
    let sep = str_arg(sep)?;
    if sep.as_str().is_empty() {
        return Err(value_error("empty separator"));
    }
    let text = s.as_str();
    let found = if reverse {
        text.rfind(sep.as_str())
    } else {
        text.find(sep.as_str())
    };
    Ok(match found {
        Some(i) => Value::tuple(vec![
            Value::str(&text[..i]),
            Value::Str(sep.clone()),
            Value::str(&text[i + sep.as_str().len()..]),
        ]),
        None if reverse => {
            Value::tuple(vec![Value::str(""), Value::str(""), Value::Str(s.clone())])
        }
        None => Value::tuple(vec![Value::Str(s.clone()), Value::str(""), Value::str("")]),
    })
}

/// `str.partition(sep)`.
fn partition(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    partition_impl(args, kwnames, "partition", false)
}

/// `str.rpartition(sep)`.
fn rpartition(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    partition_impl(args, kwnames, "rpartition", true)
}

// ---------------------------------------------------------------------------------------------
// Stripping, replacing, padding.
// ---------------------------------------------------------------------------------------------

/// `strip` (`left`, `right`) with the optional `chars` argument.
fn strip_impl(
    args: &[Value],
    kwnames: &[Value],
    name: &str,
    left: bool,
    right: bool,
) -> PyResult<Value> {
    let s = this(args, name)?;
    positional(Qual("str", name), name, &args[1..], kwnames, 0, 1)?;
    let chars = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => {
            Some(as_pystr(v).ok_or_else(|| type_error(format!("{name} arg must be None or str")))?)
        }
    };
    let text = s.as_str();
    let out = match &chars {
        None => {
            let mut t = text;
            if left {
                t = t.trim_start_matches(is_space);
            }
            if right {
                t = t.trim_end_matches(is_space);
            }
            t
        }
        Some(cs) => {
            let set: Vec<char> = cs.as_str().chars().collect();
            let pred = |c: char| set.contains(&c);
            let mut t = text;
            if left {
                t = t.trim_start_matches(pred);
            }
            if right {
                t = t.trim_end_matches(pred);
            }
            t
        }
    };
    if out.len() == text.len() {
        if let Value::Str(_) = &args[0] {
            return Ok(args[0].clone());
        }
    }
    Ok(Value::str(out))
}

/// `str.strip(chars=None)`.
fn strip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "strip", true, true)
}

/// `str.lstrip(chars=None)`.
fn lstrip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "lstrip", true, false)
}

/// `str.rstrip(chars=None)`.
fn rstrip(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    strip_impl(args, kwnames, "rstrip", false, true)
}

/// `s.replace(old, new, count)` on text (`count`: maximum replacements).
pub fn replace_str(s: &str, old: &str, new: &str, count: usize) -> PyResult<String> {
    if count == 0 {
        return Ok(s.to_string());
    }
    if old.is_empty() {
        let slots = cp_len(s).saturating_add(1).min(count);
        let mut out = reserve_string(s.len().saturating_add(new.len().saturating_mul(slots)))?;
        let mut done = 0;
        for c in s.chars() {
            if done < slots {
                out.push_str(new);
                done += 1;
            }
            out.push(c);
        }
        if done < slots {
            out.push_str(new);
        }
        return Ok(out);
    }
    let n = s.matches(old).take(count).count();
    if n == 0 {
        return Ok(s.to_string());
    }
    let total = (s.len() - n * old.len()).saturating_add(new.len().saturating_mul(n));
    let mut out = reserve_string(total)?;
    let mut last = 0;
    for (i, _) in s.match_indices(old).take(n) {
        out.push_str(&s[last..i]);
        out.push_str(new);
        last = i + old.len();
    }
    out.push_str(&s[last..]);
    Ok(out)
}

/// `str.replace(old, new, count=-1, /)`.
fn replace(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "replace")?;
    positional("str.replace", "replace", &args[1..], kwnames, 2, 3)?;
    let old = str_arg_n(&args[1], "replace", 1)?;
    let new = str_arg_n(&args[2], "replace", 2)?;
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
    let text = s.as_str();
    if count == 0
        || (!old.as_str().is_empty() && !text.contains(old.as_str()))
        || (old.as_str().is_empty() && new.as_str().is_empty())
    {
        if let Value::Str(_) = &args[0] {
            return Ok(args[0].clone());
        }
    }
    Ok(new_str(replace_str(
        text,
        old.as_str(),
        new.as_str(),
        count,
    )?))
}

/// `str.removeprefix(prefix, /)` / `str.removesuffix(suffix, /)`.
fn remove_affix(args: &[Value], kwnames: &[Value], name: &str, suffix: bool) -> PyResult<Value> {
    let s = this(args, name)?;
    let a = one_arg(Qual("str", name), &args[1..], kwnames)?;
    let p = as_pystr(a).ok_or_else(|| {
        type_error(format!(
            "{name}() argument must be str, not {}",
            type_name(a)
        ))
    })?;
    let text = s.as_str();
    let stripped = if suffix {
        text.strip_suffix(p.as_str())
    } else {
        text.strip_prefix(p.as_str())
    };
    match stripped {
        Some(t) if !p.as_str().is_empty() => Ok(Value::str(t)),
        _ => Ok(Value::Str(s.clone())),
    }
}

/// `str.removeprefix(prefix)`.
fn removeprefix(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    remove_affix(args, kwnames, "removeprefix", false)
}

/// `str.removesuffix(suffix)`.
fn removesuffix(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    remove_affix(args, kwnames, "removesuffix", true)
}

/// Pads `s` (of `len` code points) to `width` with `left`/`right` fill counts.
fn pad(s: &str, left: usize, right: usize, fill: char) -> PyResult<String> {
    let total = left
        .saturating_add(right)
        .saturating_mul(fill.len_utf8())
        .saturating_add(s.len());
    let mut out = reserve_string(total)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

/// Parses `(width, fillchar=' ', /)` for center/ljust/rjust.
fn pad_args(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    name: &str,
) -> PyResult<(Rc<PyStr>, i64, char)> {
    let s = this(args, name)?;
    positional(Qual("str", name), name, &args[1..], kwnames, 1, 2)?;
    let width = index_arg(vm, &args[1])?;
    let fill = match args.get(2) {
        None => ' ',
        Some(v) => {
            let f = as_pystr(v).ok_or_else(|| {
                type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    type_name(v)
                ))
            })?;
            let mut cs = f.as_str().chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(type_error(
                        "The fill character must be exactly one character long",
                    ))
                }
            }
        }
    };
    Ok((s, width, fill))
}

fn pad_impl(vm: &mut Vm, args: &[Value], kwnames: &[Value], name: &str) -> PyResult<Value> {
    let (s, width, fill) = pad_args(vm, args, kwnames, name)?;
    let len = s.char_len() as i64;
    if width <= len {
        if let Value::Str(_) = &args[0] {
            return Ok(args[0].clone());
        }
        return Ok(Value::Str(s));
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
    Ok(new_str(pad(s.as_str(), left, right, fill)?))
}

/// `str.center(width, fillchar=' ')`.
fn center(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "center")
}

/// `str.ljust(width, fillchar=' ')`.
fn ljust(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "ljust")
}

/// `str.rjust(width, fillchar=' ')`.
fn rjust(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    pad_impl(vm, args, kwnames, "rjust")
}

/// `str.zfill(width)`.
fn zfill(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "zfill")?;
    let w = one_arg("str.zfill", &args[1..], kwnames)?;
    let width = index_arg(vm, w)?;
    let len = s.char_len() as i64;
    if width <= len {
        if let Value::Str(_) = &args[0] {
            return Ok(args[0].clone());
        }
        return Ok(Value::Str(s));
    }
    let fill = (width - len) as usize;
    let text = s.as_str();
    let mut out = reserve_string(fill.saturating_add(text.len()))?;
    let rest = match text.as_bytes().first() {
        Some(&c @ (b'+' | b'-')) => {
            out.push(c as char);
            &text[1..]
        }
        _ => text,
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(rest);
    Ok(new_str(out))
}

/// `str.expandtabs(tabsize=8)`.
fn expandtabs(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "expandtabs")?;
    let a = clinic("expandtabs", &args[1..], kwnames, &["tabsize"], 0)?;
    let tabsize = match &a[0] {
        None => 8,
        Some(v) => c_int_arg(vm, v)? as i64,
    };
    let text = s.as_str();
    if !text.contains('\t') {
        if let Value::Str(_) = &args[0] {
            return Ok(args[0].clone());
        }
    }
    // First pass: the result's size.
    let (mut col, mut total) = (0u64, 0u64);
    for c in text.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let incr = tabsize as u64 - col % tabsize as u64;
                col += incr;
                total = total.saturating_add(incr);
            }
        } else {
            col += 1;
            total = total.saturating_add(c.len_utf8() as u64);
            if c == '\n' || c == '\r' {
                col = 0;
            }
        }
    }
    if total > isize::MAX as u64 {
        return Err(overflow_error("new string is too long"));
    }
    let mut out = reserve_string(total as usize)?;
    col = 0;
    for c in text.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let incr = tabsize as u64 - col % tabsize as u64;
                col += incr;
                out.extend(std::iter::repeat_n(' ', incr as usize));
            }
        } else {
            col += 1;
            out.push(c);
            if c == '\n' || c == '\r' {
                col = 0;
            }
        }
    }
    Ok(new_str(out))
}

// ---------------------------------------------------------------------------------------------
// Encoding.
// ---------------------------------------------------------------------------------------------

/// `str.encode(encoding='utf-8', errors='strict')`.
fn encode(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "encode")?;
    let a = clinic("encode", &args[1..], kwnames, &["encoding", "errors"], 0)?;
    let encoding = match &a[0] {
        None => None,
        Some(v) => Some(as_pystr(v).ok_or_else(|| {
            type_error(format!(
                "encode() argument 'encoding' must be str, not {}",
                type_name(v)
            ))
        })?),
    };
    let errors = match &a[1] {
        None => None,
        Some(v) => Some(as_pystr(v).ok_or_else(|| {
            type_error(format!(
                "encode() argument 'errors' must be str, not {}",
                type_name(v)
            ))
        })?),
    };
    let bytes = crate::methods::bytes::encode_str(
        s.as_str(),
        encoding.as_ref().map_or("utf-8", |e| e.as_str()),
        errors.as_ref().map_or("strict", |e| e.as_str()),
    )?;
    Ok(Value::Bytes(bytes.into()))
}

// ---------------------------------------------------------------------------------------------
// str.format / str.format_map.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum AutoNumber {
    Init,
    Auto,
    Manual,
}

/// The arguments a format string draws from.
struct FormatArgs<'a> {
    /// Positional arguments; `None` for `format_map`.
    args: Option<&'a [Value]>,
    /// The keyword mapping (a dict for `format`, any mapping for `format_map`).
    kwargs: Option<Value>,
    auto: AutoNumber,
    next_auto: usize,
}

/// CPython's `get_integer`: `Ok(None)` if `s` is not a (Unicode) decimal number.
fn get_integer(s: &str) -> PyResult<Option<usize>> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: usize = 0;
    for c in s.chars() {
        let Some(d) = decimal_value(c) else {
            return Ok(None);
        };
        if acc > (isize::MAX as usize - d as usize) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as usize;
    }
    Ok(Some(acc))
}

/// Resolves a field name (`0`, `name`, `0.attr[key]`, or empty for auto-numbering).
fn get_field_object(vm: &mut Vm, fa: &mut FormatArgs, name: &str) -> PyResult<Value> {
    let split = name.find(['.', '[']).unwrap_or(name.len());
    let (first, rest) = name.split_at(split);
    let mut index = get_integer(first)?;
    let empty = first.is_empty();
    if empty || index.is_some() {
        if fa.auto == AutoNumber::Init {
            fa.auto = if empty {
                AutoNumber::Auto
            } else {
                AutoNumber::Manual
            };
        }
        if fa.auto == AutoNumber::Manual && empty {
            return Err(value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        if fa.auto == AutoNumber::Auto && !empty {
            return Err(value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        if empty {
            index = Some(fa.next_auto);
            fa.next_auto += 1;
        }
    }
    let mut obj = match index {
        None => {
            let key = Value::str(first);
            match &fa.kwargs {
                None => return Err(key_error(key)),
                Some(m) => crate::protocols::subscript::get_item(vm, m, &key)?,
            }
        }
        Some(i) => match fa.args {
            None => return Err(value_error("Format string contains positional fields")),
            Some(args) => args.get(i).cloned().ok_or_else(|| {
                index_error(format!(
                    "Replacement index {i} out of range for positional args tuple"
                ))
            })?,
        },
    };
    let b = rest.as_bytes();
    let mut pos = 0;
    while pos < b.len() {
        let c = b[pos];
        pos += 1;
        let (is_attr, part) = match c {
            b'.' => {
                let start = pos;
                while pos < b.len() && b[pos] != b'.' && b[pos] != b'[' {
                    pos += 1;
                }
                (true, &rest[start..pos])
            }
            b'[' => {
                let start = pos;
                while pos < b.len() && b[pos] != b']' {
                    pos += 1;
                }
                if pos >= b.len() {
                    return Err(value_error("Missing ']' in format string"));
                }
                pos += 1;
                (false, &rest[start..pos - 1])
            }
            _ => {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ))
            }
        };
        if part.is_empty() {
            return Err(value_error("Empty attribute in format string"));
        }
        obj = if is_attr {
            crate::protocols::attr::get_attr(vm, &obj, part)?
        } else {
            let key = match get_integer(part)? {
                Some(i) => Value::from(i),
                None => Value::str(part),
            };
            crate::protocols::subscript::get_item(vm, &obj, &key)?
        };
    }
    Ok(obj)
}

/// One parsed replacement field.
struct Field<'a> {
    name: &'a str,
    conversion: Option<char>,
    spec: &'a str,
    spec_needs_expanding: bool,
}

/// CPython's `parse_field`: parses the field starting at byte `pos` (just after `{`) and
/// returns it with the position just after its closing `}`.
fn parse_field(s: &str, mut pos: usize) -> PyResult<(Field<'_>, usize)> {
    let b = s.as_bytes();
    let n = b.len();
    let start = pos;
    let mut c = 0u8;
    while pos < n {
        c = b[pos];
        pos += 1;
        match c {
            b'{' => return Err(value_error("unexpected '{' in field name")),
            b'[' => {
                while pos < n && b[pos] != b']' {
                    pos += 1;
                }
                continue;
            }
            b'}' | b':' | b'!' => break,
            _ => continue,
        }
    }
    if !matches!(c, b'}' | b':' | b'!') {
        // The input ended inside the field name.
        return Err(value_error("expected '}' before end of string"));
    }
    let name = &s[start..pos - 1];
    let mut field = Field {
        name,
        conversion: None,
        spec: "",
        spec_needs_expanding: false,
    };
    if c == b'!' || c == b':' {
        if c == b'!' {
            let Some(conv) = s[pos..].chars().next() else {
                return Err(value_error(
                    "end of string while looking for conversion specifier",
                ));
            };
            field.conversion = Some(conv);
            pos += conv.len_utf8();
            if pos < n {
                let c2 = b[pos];
                pos += 1;
                if c2 == b'}' {
                    return Ok((field, pos));
                }
                if c2 != b':' {
                    return Err(value_error("expected ':' after conversion specifier"));
                }
            }
        }
        let spec_start = pos;
        let mut depth = 1;
        while pos < n {
            let c = b[pos];
            pos += 1;
            match c {
                b'{' => {
                    field.spec_needs_expanding = true;
                    depth += 1;
                }
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        field.spec = &s[spec_start..pos - 1];
                        return Ok((field, pos));
                    }
                }
                _ => {}
            }
        }
        Err(value_error("unmatched '{' in format spec"))
    } else {
        Ok((field, pos))
    }
}

/// CPython's `build_string`: expands the format string `input`.
fn build_string(vm: &mut Vm, fa: &mut FormatArgs, input: &str, depth: i32) -> PyResult<String> {
    if depth <= 0 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let b = input.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n + 16);
    let mut pos = 0;
    while pos < n {
        let start = pos;
        let mut markup = false;
        let mut c = 0u8;
        while pos < n {
            c = b[pos];
            pos += 1;
            if c == b'{' || c == b'}' {
                markup = true;
                break;
            }
        }
        let at_end = pos >= n;
        let mut len = pos - start;
        if markup && c == b'}' && (at_end || b[pos] != b'}') {
            return Err(value_error("Single '}' encountered in format string"));
        }
        if markup && at_end && c == b'{' {
            return Err(value_error("Single '{' encountered in format string"));
        }
        if !at_end {
            if b[pos] == c {
                pos += 1;
                markup = false;
            } else {
                len -= 1;
            }
        }
        out.push_str(&input[start..start + len]);
        if !markup {
            continue;
        }
        let (field, next) = parse_field(input, pos)?;
        pos = next;
        let mut obj = get_field_object(vm, fa, field.name)?;
        if let Some(conv) = field.conversion {
            obj = new_str(match conv {
                'r' => crate::protocols::repr::repr(vm, &obj)?,
                's' => crate::protocols::repr::str_(vm, &obj)?,
                'a' => crate::protocols::repr::ascii(vm, &obj)?,
                c if (c as u32) > 32 && (c as u32) < 127 => {
                    return Err(value_error(format!("Unknown conversion specifier {c}")))
                }
                c => {
                    return Err(value_error(format!(
                        "Unknown conversion specifier \\x{:x}",
                        c as u32
                    )))
                }
            });
        }
        let expanded;
        let spec = if field.spec_needs_expanding {
            expanded = build_string(vm, fa, field.spec, depth - 1)?;
            expanded.as_str()
        } else {
            field.spec
        };
        let text = match &obj {
            Value::Str(s) if spec.is_empty() => s.as_str().to_string(),
            _ => crate::protocols::format::format_value(vm, &obj, spec)?,
        };
        out.push_str(&text);
    }
    Ok(out)
}

/// Expands `template` as `template.format(*args, **kwargs)` (`kwargs`: a mapping or `None`).
pub fn format_str(
    vm: &mut Vm,
    template: &str,
    args: &[Value],
    kwargs: Option<Value>,
) -> PyResult<String> {
    let mut fa = FormatArgs {
        args: Some(args),
        kwargs,
        auto: AutoNumber::Init,
        next_auto: 0,
    };
    build_string(vm, &mut fa, template, 2)
}

/// `str.format(*args, **kwargs)`.
fn format(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "format")?;
    let (pos, kw) = split_args(&args[1..], kwnames);
    let kwargs = if kw.is_empty() {
        None
    } else {
        let d = PyDict::new();
        for (k, v) in kw {
            d.set_str(k, v.clone());
        }
        Some(Value::Dict(Rc::new(d)))
    };
    Ok(new_str(format_str(vm, s.as_str(), pos, kwargs)?))
}

/// `str.format_map(mapping)`.
fn format_map(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "format_map")?;
    let m = one_arg("str.format_map", &args[1..], kwnames)?;
    let mut fa = FormatArgs {
        args: None,
        kwargs: Some(m.clone()),
        auto: AutoNumber::Init,
        next_auto: 0,
    };
    Ok(new_str(build_string(vm, &mut fa, s.as_str(), 2)?))
}

// ---------------------------------------------------------------------------------------------
// maketrans / translate.
// ---------------------------------------------------------------------------------------------

/// `str.maketrans(x[, y[, z]])` (static: `args` has no `self`).
fn maketrans(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    positional("str.maketrans", "maketrans", args, kwnames, 1, 3)?;
    let d = PyDict::new();
    let put = |vm: &mut Vm, d: &PyDict, k: Value, v: Value| -> PyResult<()> {
        let h = crate::protocols::hash::hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
        Ok(())
    };
    if args.len() == 1 {
        let Value::Dict(src) = &args[0] else {
            return Err(type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        for (k, v) in src.items() {
            let key = match &k {
                Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => k.clone(),
                other => match as_pystr(other) {
                    Some(s) => {
                        let mut cs = s.as_str().chars();
                        match (cs.next(), cs.next()) {
                            (Some(c), None) => Value::Int(c as i64),
                            _ => {
                                return Err(value_error(
                                    "string keys in translate table must be of length 1",
                                ))
                            }
                        }
                    }
                    None => {
                        return Err(type_error(
                            "keys in translate table must be strings or integers",
                        ))
                    }
                },
            };
            put(vm, &d, key, v)?;
        }
        return Ok(Value::Dict(Rc::new(d)));
    }
    let y = str_arg_n(&args[1], "maketrans", 2)?;
    let z = match args.get(2) {
        Some(v) => Some(str_arg_n(v, "maketrans", 3)?),
        None => None,
    };
    let x = as_pystr(&args[0]).ok_or_else(|| {
        type_error("first maketrans argument must be a string if there is a second argument")
    })?;
    if x.char_len() != y.char_len() {
        return Err(value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (a, b) in x.as_str().chars().zip(y.as_str().chars()) {
        put(vm, &d, Value::Int(a as i64), Value::Int(b as i64))?;
    }
    if let Some(z) = z {
        for c in z.as_str().chars() {
            put(vm, &d, Value::Int(c as i64), Value::None)?;
        }
    }
    Ok(Value::Dict(Rc::new(d)))
}

/// `"".maketrans(...)`: the static method reached through an instance.
fn maketrans_bound(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    maketrans(vm, args.get(1..).unwrap_or(&[]), kwnames)
}

/// `str.translate(table)`.
fn translate(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let s = this(args, "translate")?;
    let table = one_arg("str.translate", &args[1..], kwnames)?;
    let mut cache: HashMap<char, Option<Value>> = HashMap::new();
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        let mapped = match cache.get(&c) {
            Some(m) => m.clone(),
            None => {
                let m =
                    match crate::protocols::subscript::get_item(vm, table, &Value::Int(c as i64)) {
                        Ok(v) => Some(v),
                        Err(e) if e.is_instance_of("LookupError") => None,
                        Err(e) => return Err(e),
                    };
                cache.insert(c, m.clone());
                m
            }
        };
        match mapped {
            None => out.push(c),
            Some(Value::None) => {}
            Some(v @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => {
                let code = match v {
                    Value::Int(i) => i,
                    Value::Bool(b) => b as i64,
                    _ => -1,
                };
                match u32::try_from(code).ok().filter(|&u| u < 0x110000) {
                    Some(u) => match char::from_u32(u) {
                        Some(ch) => out.push(ch),
                        None => out.push('\u{fffd}'),
                    },
                    None => {
                        return Err(value_error("character mapping must be in range(0x110000)"))
                    }
                }
            }
            Some(other) => match as_pystr(&other) {
                Some(r) => out.push_str(r.as_str()),
                None => {
                    return Err(type_error(
                        "character mapping must return integer, None or str",
                    ))
                }
            },
        }
    }
    Ok(new_str(out))
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
#[rustfmt::skip]
mod tests_generated;

#[cfg(test)]
mod unit_tests {
    use super::*;
    use crate::methods::str::tests::{call, s};

    #[test]
    fn descriptor_errors_match_cpython() {
        let mut vm = Vm::new();
        let msg = |r: PyResult<Value>| {
            r.err()
                .and_then(|e| {
                    e.args()
                        .first()
                        .and_then(|v| v.as_str().map(str::to_string))
                })
                .unwrap_or_default()
        };
        assert_eq!(
            msg(upper(&mut vm, &[Value::Int(5)], &[])),
            "descriptor 'upper' for 'str' objects doesn't apply to a 'int' object"
        );
        assert_eq!(
            msg(upper(&mut vm, &[], &[])),
            "unbound method str.upper() needs an argument"
        );
        assert_eq!(
            msg(maketrans(&mut vm, &[], &[])),
            "maketrans expected at least 1 argument, got 0"
        );
    }

    #[test]
    fn helpers_agree_with_cpython() {
        assert_eq!(decimal_value('7'), Some(7));
        assert_eq!(decimal_value('\u{663}'), Some(3));
        assert_eq!(decimal_value('\u{1d7d9}'), Some(1));
        assert_eq!(decimal_value('\u{b2}'), None);
        assert!(is_identifier("_x1é"));
        assert!(!is_identifier("1x"));
        assert!(is_space('\u{1c}') && is_space('\u{3000}') && !is_space('\u{200b}'));
        assert_eq!(
            replace_str("aaa", "a", "bb", 2).ok().as_deref(),
            Some("bbbba")
        );
        assert_eq!(
            join_strs(", ", &[s("a"), s("é")]).ok().as_deref(),
            Some("a, é")
        );
        let mut vm = Vm::new();
        let r = format_str(&mut vm, "{0}-{x}", &[Value::Int(1)], None);
        assert_eq!(
            r.err().map(|e| e.type_name().to_string()).as_deref(),
            Some("KeyError")
        );
    }

    #[test]
    fn huge_sizes_raise_instead_of_aborting() {
        let x = s("ab");
        assert_eq!(
            call(&x, "center", &[Value::Int(i64::MAX)], &[]),
            "MemoryError: "
        );
        assert_eq!(
            call(&x, "ljust", &[Value::Int(1 << 62), s("\u{1f600}")], &[]),
            "MemoryError: "
        );
        assert_eq!(
            call(&x, "zfill", &[Value::Int(1 << 62)], &[]),
            "MemoryError: "
        );
    }

    #[test]
    fn non_ascii_indexes_are_code_points() {
        let t = s("日本語\u{1f600}日本語");
        assert_eq!(call(&t, "find", &[s("日"), Value::Int(1)], &[]), "4");
        assert_eq!(call(&t, "rfind", &[s("\u{1f600}")], &[]), "3");
        assert_eq!(call(&t, "index", &[s("語"), Value::Int(-2)], &[]), "6");
        assert_eq!(
            call(&t, "count", &[s(""), Value::Int(2), Value::Int(5)], &[]),
            "4"
        );
        assert_eq!(
            call(&t, "startswith", &[s("\u{1f600}"), Value::Int(3)], &[]),
            "True"
        );
        assert_eq!(
            call(
                &t,
                "endswith",
                &[s("本"), Value::Int(0), Value::Int(-1)],
                &[]
            ),
            "True"
        );
    }
}
