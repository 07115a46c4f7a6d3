//! The `re` module: `compile`, `search`, `match`, `fullmatch`, `findall`, `finditer`,
//! `sub`, `subn`, `split`, `escape`, `purge`, `error`, the flags, `Pattern` and `Match`.
//!
//! Matching is done by the `fancy-regex` crate rather than a hand-written engine: it is a
//! maintained backtracking engine (backreferences, look-around, atomic groups,
//! conditionals) that hands the parts without those features to the linear-time `regex`
//! crate. Python's pattern syntax is not fed to it directly: [`parse`] is a port of
//! CPython 3.11's parser (same errors and positions) that writes an equivalent
//! fancy-regex pattern, covering named groups and references, `\Z`, Python's `$`, the
//! Unicode/ASCII meaning of `\d \w \s \b`, inline and scoped flags, VERBOSE, `{,n}`,
//! possessive repeats and Python's escapes (see that module's header). What stays
//! CPython's is done here: code-point positions (the engine reports byte offsets),
//! `pos`/`endpos`, the iteration rule for empty matches, replacement templates
//! ([`template`]), `split` with groups, reprs, and the compiled-pattern cache.
//!
//! Bytes patterns work on the Latin-1 decoding of the bytes (one char per byte), so
//! positions are byte positions; `\w` etc. are ASCII for them as in CPython.

mod flag;
mod match_obj;
mod parse;
mod pattern;
mod template;

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use fancy_regex::{Regex, RegexBuilder, RegexInput};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{index_error, type_error, value_error, PyErr, PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::type_name;
use rpvm_object::str::PyStr;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::args::{index_clamped, parse as parse_args};
use crate::builtin_fn;
use crate::functools::{class_of, new_instance, with_state, ClassSpec};

use match_obj::*;
use parse::{ReError, ASCII, LOCALE, UNICODE};
use pattern::*;
use template::Piece;

/// How many backtracking steps one match may take before it fails with `re.error`
/// (CPython has no limit; this keeps catastrophic patterns from hanging).
const BACKTRACK_LIMIT: usize = 10_000_000;
/// CPython's `_MAXCACHE`.
const MAX_CACHE: usize = 512;

/// Cached Patterns by pattern text, then (is bytes, flags).
type Cache = HashMap<String, Vec<(bool, u32, Value)>>;

thread_local! {
    static ERROR: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
    static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
}

// ---- errors ----

/// `re.error(msg, pattern, pos)`: the message gets CPython's `at position N` (and line and
/// column for a multi-line pattern); `msg`, `pattern`, `pos`, `lineno`, `colno` are set.
fn re_error(e: &ReError, pattern: Option<&Value>, text: &str) -> PyErr {
    if let Some(name) = e.builtin {
        return PyException::with_message(name, e.msg.clone());
    }
    let mut msg = e.msg.clone();
    let (mut lineno, mut colno) = (Value::None, Value::None);
    if let Some(pos) = e.pos {
        msg = format!("{msg} at position {pos}");
        let before: Vec<char> = text.chars().take(pos).collect();
        let line = before.iter().filter(|&&c| c == '\n').count() + 1;
        let col = pos - before.iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1) + 1;
        lineno = Value::Int(line as i64);
        colno = Value::Int(col as i64);
        if text.contains('\n') {
            msg = format!("{msg} (line {line}, column {col})");
        }
    }
    let exc = error_exc(msg);
    exc.set_attr("msg", Value::string(e.msg.clone()));
    let pattern = if e.pos.is_some() { pattern } else { None };
    exc.set_attr("pattern", pattern.cloned().unwrap_or(Value::None));
    exc.set_attr("pos", e.pos.map_or(Value::None, |p| Value::Int(p as i64)));
    exc.set_attr("lineno", lineno);
    exc.set_attr("colno", colno);
    exc
}

/// A plain `re.error(msg)` (no pattern or position).
fn error_exc(msg: String) -> PyErr {
    let exc = match ERROR.with(|e| e.borrow().clone()) {
        Some(c) => PyException::new(c, vec![Value::string(msg.clone())]),
        None => PyException::with_message("Exception", msg.clone()),
    };
    exc.set_attr("msg", Value::string(msg));
    for name in ["pattern", "pos", "lineno", "colno"] {
        exc.set_attr(name, Value::None);
    }
    exc
}

/// A failure inside the engine (the backtrack limit) as `re.error`.
fn engine_error(e: fancy_regex::Error) -> PyErr {
    let msg = match e {
        fancy_regex::Error::RuntimeError(fancy_regex::RuntimeError::BacktrackLimitExceeded) => {
            "rpvm: backtrack limit exceeded (pattern too slow on this input)".to_string()
        }
        other => format!("rpvm: regular expression engine error: {other}"),
    };
    error_exc(msg)
}

// ---- compiled patterns ----

/// A translated and compiled pattern.
#[derive(Debug)]
pub(crate) struct Compiled {
    /// The pattern as given (`Pattern.pattern`).
    source: Value,
    /// The pattern's text (Latin-1 decoded for bytes).
    text: String,
    is_bytes: bool,
    flags: u32,
    groups: usize,
    names: Vec<(String, usize)>,
    /// The enclosing capturing group of each group.
    parents: Vec<Option<usize>>,
    /// The translated pattern.
    body: String,
    regex: Regex,
    /// `(?:body)\z`, for `fullmatch`.
    full: OnceCell<Option<Regex>>,
    /// `body` refusing empty matches, for the iteration rule after an empty match.
    nonempty: OnceCell<Option<Regex>>,
}

fn build(pattern: &str, nonempty: bool) -> Result<Regex, fancy_regex::Error> {
    RegexBuilder::new(pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .find_not_empty(nonempty)
        .build()
}

impl Compiled {
    fn full(&self) -> PyResult<&Regex> {
        self.full
            .get_or_init(|| build(&format!(r"(?:{})\z", self.body), false).ok())
            .as_ref()
            .ok_or_else(|| error_exc("rpvm: cannot compile the fullmatch form".into()))
    }

    /// `None` when the pattern can only match empty strings (fancy-regex then refuses to
    /// build the non-empty form).
    fn nonempty(&self) -> Option<&Regex> {
        self.nonempty
            .get_or_init(|| build(&self.body, true).ok())
            .as_ref()
    }
}

/// The text of a pattern or subject: a `str`'s own storage, or bytes decoded as Latin-1,
/// with a lazily built index from byte offsets to code-point indexes (shared by the
/// Match objects of one call, so `span()` over many matches is not quadratic).
#[derive(Debug, Clone)]
struct Text {
    src: TextSrc,
    index: Rc<OnceCell<Vec<u32>>>,
}

#[derive(Debug, Clone)]
enum TextSrc {
    Str(Rc<PyStr>),
    Latin1(Rc<String>),
}

/// Bytes per entry of [`Text::index`].
const BLOCK: usize = 256;

impl Text {
    fn new(src: TextSrc) -> Text {
        Text {
            src,
            index: Rc::new(OnceCell::new()),
        }
    }

    fn as_str(&self) -> &str {
        match &self.src {
            TextSrc::Str(s) => s.as_str(),
            TextSrc::Latin1(s) => s.as_str(),
        }
    }

    fn is_ascii(&self) -> bool {
        match &self.src {
            TextSrc::Str(s) => s.is_ascii(),
            TextSrc::Latin1(s) => s.is_ascii(),
        }
    }

    /// The code-point index of byte offset `b` (a char boundary).
    fn char_index(&self, b: usize) -> usize {
        if self.is_ascii() {
            return b;
        }
        let bytes = self.as_str().as_bytes();
        let index = self.index.get_or_init(|| {
            let mut out = Vec::with_capacity(bytes.len() / BLOCK + 1);
            let mut n = 0u32;
            for chunk in bytes.chunks(BLOCK) {
                out.push(n);
                n += chunk.iter().filter(|&&c| (c & 0xC0) != 0x80).count() as u32;
            }
            out.push(n);
            out
        });
        let b = b.min(bytes.len());
        let block = b / BLOCK;
        let base = index.get(block).copied().unwrap_or(0) as usize;
        base + bytes[block * BLOCK..b]
            .iter()
            .filter(|&&c| (c & 0xC0) != 0x80)
            .count()
    }

    /// The byte offset of code-point index `i` (clamped to the end).
    fn byte_offset(&self, i: usize) -> usize {
        let s = self.as_str();
        if self.is_ascii() {
            i.min(s.len())
        } else {
            s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
        }
    }

    fn char_len(&self) -> usize {
        match &self.src {
            TextSrc::Str(s) => s.char_len(),
            TextSrc::Latin1(s) => s.chars().count(),
        }
    }
}

fn latin1_decode(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn latin1_encode(s: &str) -> Vec<u8> {
    s.chars().map(|c| c as u32 as u8).collect()
}

/// The text of a str or bytes-like value (`None` for other types).
fn text_of(v: &Value) -> Option<(Text, bool)> {
    match v {
        Value::Str(s) => Some((Text::new(TextSrc::Str(s.clone())), false)),
        Value::Bytes(b) => Some((Text::new(TextSrc::Latin1(Rc::new(latin1_decode(b)))), true)),
        Value::ByteArray(b) => Some((
            Text::new(TextSrc::Latin1(Rc::new(latin1_decode(&b.snapshot())))),
            true,
        )),
        other => crate::args::builtin_base(other).and_then(|b| text_of(&b)),
    }
}

/// A piece of `text` as the subject's type (str, or bytes for a bytes pattern).
fn make_text(is_bytes: bool, s: &str) -> Value {
    if is_bytes {
        Value::Bytes(Rc::new(latin1_encode(s)))
    } else {
        Value::str(s)
    }
}

/// `flags` argument: an int (`RegexFlag` values are ints here).
fn flags_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<u32> {
    match v {
        None => Ok(0),
        Some(v) => Ok(index_clamped(vm, v)? as u32),
    }
}

/// `re._compile`: a Pattern value for `pattern` (a Pattern passes through), cached.
fn compile_value(vm: &mut Vm, pattern: &Value, flags: u32) -> PyResult<Value> {
    if crate::functools::state_of::<PatternState>(pattern).is_some() {
        if flags != 0 {
            return Err(value_error(
                "cannot process flags argument with a compiled pattern",
            ));
        }
        return Ok(pattern.clone());
    }
    let Some((text, is_bytes)) = text_of(pattern) else {
        return Err(type_error(
            "first argument must be string or compiled pattern",
        ));
    };
    let cached = CACHE.with(|c| {
        c.borrow().get(text.as_str()).and_then(|v| {
            v.iter()
                .find(|(b, f, _)| *b == is_bytes && *f == flags)
                .map(|(_, _, p)| p.clone())
        })
    });
    if let Some(p) = cached {
        return Ok(p);
    }
    let compiled = compile_text(pattern, text.as_str(), is_bytes, flags)?;
    let p = new_instance(
        class_of(vm, &PATTERN),
        PatternState {
            c: Rc::new(compiled),
        },
    );
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX_CACHE {
            c.clear();
        }
        c.entry(text.as_str().to_string())
            .or_default()
            .push((is_bytes, flags, p.clone()));
    });
    Ok(p)
}

/// `fix_flags` and translation and compilation.
fn compile_text(source: &Value, text: &str, is_bytes: bool, flags: u32) -> PyResult<Compiled> {
    let given = flags;
    let mut flags = flags;
    if is_bytes {
        if flags & UNICODE != 0 {
            return Err(value_error("cannot use UNICODE flag with a bytes pattern"));
        }
        if flags & LOCALE != 0 && flags & ASCII != 0 {
            return Err(value_error("ASCII and LOCALE flags are incompatible"));
        }
        flags |= ASCII;
    } else {
        if flags & LOCALE != 0 {
            return Err(value_error("cannot use LOCALE flag with a str pattern"));
        }
        if flags & ASCII != 0 && flags & UNICODE != 0 {
            return Err(value_error("ASCII and UNICODE flags are incompatible"));
        }
    }
    let t = parse::translate(text, flags).map_err(|e| re_error(&e, Some(source), text))?;
    let out_flags = if is_bytes {
        // ASCII was added above only to get ASCII classes.
        (t.flags & !ASCII) | (given & ASCII)
    } else {
        t.flags
    };
    let regex = build(&t.regex, false).map_err(|e| {
        error_exc(format!(
            "rpvm cannot compile this pattern ({})",
            e.to_string().lines().next().unwrap_or("")
        ))
    })?;
    Ok(Compiled {
        source: source.clone(),
        text: text.to_string(),
        is_bytes,
        flags: out_flags,
        groups: t.groups,
        names: t.names,
        parents: t.parents,
        body: t.regex,
        regex,
        full: OnceCell::new(),
        nonempty: OnceCell::new(),
    })
}

/// Byte spans of group 0.. (`None` for a group that did not take part).
type Spans = Vec<Option<(usize, usize)>>;

/// One engine call: a match of `re` at or after byte `start` (exactly at it when
/// `anchored`) in `hay`. Without `groups` only group 0 is found (a cheaper search).
fn run(
    re: &Regex,
    hay: &str,
    start: usize,
    anchored: bool,
    groups: bool,
) -> PyResult<Option<Spans>> {
    let input = RegexInput::new(hay).from_pos(start).anchored(anchored);
    if !groups {
        return match re.find_input(input) {
            Ok(m) => Ok(m.map(|m| vec![Some((m.start(), m.end()))])),
            Err(e) => Err(engine_error(e)),
        };
    }
    match re.captures_input(input) {
        Ok(Some(caps)) => Ok(Some(
            (0..caps.len())
                .map(|i| caps.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        )),
        Ok(None) => Ok(None),
        Err(e) => Err(engine_error(e)),
    }
}

/// The byte after the character at `b`.
fn next_char(hay: &str, b: usize) -> usize {
    hay.get(b..)
        .and_then(|s| s.chars().next())
        .map_or(b + 1, |c| b + c.len_utf8())
}

/// CPython's scanner: successive matches from byte `start`; after an empty match the
/// next one may not be empty at the same place (`state->must_advance`).
fn for_each_match(
    c: &Compiled,
    hay: &str,
    start: usize,
    limit: usize,
    groups: bool,
    mut f: impl FnMut(Spans) -> PyResult<()>,
) -> PyResult<usize> {
    let mut pos = start;
    let mut must_advance = false;
    let mut n = 0;
    while pos <= hay.len() && (limit == 0 || n < limit) {
        let mut found = run(&c.regex, hay, pos, false, groups)?;
        if must_advance {
            if let Some(Some(Some((s, e)))) = found.as_ref().map(|sp| sp.first().copied()) {
                if s == pos && e == pos {
                    found = match c.nonempty() {
                        Some(re) => run(re, hay, pos, true, groups)?,
                        None => None,
                    };
                    if found.is_none() {
                        if pos >= hay.len() {
                            break;
                        }
                        found = run(&c.regex, hay, next_char(hay, pos), false, groups)?;
                    }
                }
            }
        }
        let Some(spans) = found else { break };
        let (s, e) = spans.first().copied().flatten().unwrap_or((pos, pos));
        must_advance = s == e;
        pos = e;
        n += 1;
        f(spans)?;
    }
    Ok(n)
}

// ---- module functions ----

fn pattern_and_flags(vm: &mut Vm, p: &Value, flags: Option<&Value>) -> PyResult<Value> {
    let f = flags_arg(vm, flags)?;
    compile_value(vm, p, f)
}

fn re_compile(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("compile", args, kw, &["pattern", "flags"], 0, 1)?;
    pattern_and_flags(vm, a[0].as_ref().unwrap_or(&Value::None), a[1].as_ref())
}

fn module_match(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    fname: &str,
    mode: Mode,
) -> PyResult<Value> {
    let a = parse_args(fname, args, kw, &["pattern", "string", "flags"], 0, 2)?;
    let none = Value::None;
    let p = pattern_and_flags(vm, a[0].as_ref().unwrap_or(&none), a[2].as_ref())?;
    do_match(vm, &p, a[1].as_ref().unwrap_or(&none), None, None, mode)
}

fn re_match(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    module_match(vm, args, kw, "match", Mode::Match)
}

fn re_fullmatch(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    module_match(vm, args, kw, "fullmatch", Mode::Full)
}

fn re_search(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    module_match(vm, args, kw, "search", Mode::Search)
}

fn re_findall(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("findall", args, kw, &["pattern", "string", "flags"], 0, 2)?;
    let none = Value::None;
    let p = pattern_and_flags(vm, a[0].as_ref().unwrap_or(&none), a[2].as_ref())?;
    do_findall(vm, &p, a[1].as_ref().unwrap_or(&none), None, None)
}

fn re_finditer(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("finditer", args, kw, &["pattern", "string", "flags"], 0, 2)?;
    let none = Value::None;
    let p = pattern_and_flags(vm, a[0].as_ref().unwrap_or(&none), a[2].as_ref())?;
    do_finditer(vm, &p, a[1].as_ref().unwrap_or(&none), None, None)
}

fn module_sub(vm: &mut Vm, args: &[Value], kw: &[Value], fname: &str) -> PyResult<(Value, usize)> {
    let a = parse_args(
        fname,
        args,
        kw,
        &["pattern", "repl", "string", "count", "flags"],
        0,
        3,
    )?;
    let none = Value::None;
    let p = pattern_and_flags(vm, a[0].as_ref().unwrap_or(&none), a[4].as_ref())?;
    do_sub(
        vm,
        &p,
        a[1].as_ref().unwrap_or(&none),
        a[2].as_ref().unwrap_or(&none),
        a[3].as_ref(),
    )
}

fn re_sub(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(module_sub(vm, args, kw, "sub")?.0)
}

fn re_subn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (s, n) = module_sub(vm, args, kw, "subn")?;
    Ok(Value::tuple(vec![s, Value::Int(n as i64)]))
}

fn re_split(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args(
        "split",
        args,
        kw,
        &["pattern", "string", "maxsplit", "flags"],
        0,
        2,
    )?;
    let none = Value::None;
    let p = pattern_and_flags(vm, a[0].as_ref().unwrap_or(&none), a[3].as_ref())?;
    do_split(vm, &p, a[1].as_ref().unwrap_or(&none), a[2].as_ref())
}

fn re_escape(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("escape", args, kw, &["pattern"], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    match text_of(&v) {
        Some((t, b)) => Ok(make_text(b, &template::escape(t.as_str()))),
        None => Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            type_name(&v)
        ))),
    }
}

fn re_purge(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(Value::None)
}

fn error_class(vm: &mut Vm) -> Option<Rc<PyType>> {
    crate::module_error_class(vm, &ERROR, "re")
}

/// Creates the `re` module (also registered in `vm.modules`).
pub fn make_re(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("re"));
    let funcs: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("compile", re_compile),
        ("match", re_match),
        ("fullmatch", re_fullmatch),
        ("search", re_search),
        ("findall", re_findall),
        ("finditer", re_finditer),
        ("sub", re_sub),
        ("subn", re_subn),
        ("split", re_split),
        ("escape", re_escape),
        ("purge", re_purge),
    ];
    for (name, f) in funcs {
        d.set_str(name, builtin_fn(name, *f));
    }
    let flags: &[(&str, u32)] = &[
        ("I", parse::IGNORECASE),
        ("IGNORECASE", parse::IGNORECASE),
        ("L", parse::LOCALE),
        ("LOCALE", parse::LOCALE),
        ("M", parse::MULTILINE),
        ("MULTILINE", parse::MULTILINE),
        ("S", parse::DOTALL),
        ("DOTALL", parse::DOTALL),
        ("U", parse::UNICODE),
        ("UNICODE", parse::UNICODE),
        ("X", parse::VERBOSE),
        ("VERBOSE", parse::VERBOSE),
        ("A", parse::ASCII),
        ("ASCII", parse::ASCII),
        ("DEBUG", parse::DEBUG),
        ("NOFLAG", 0),
    ];
    for (name, v) in flags {
        d.set_str(name, flag::flag(vm, *v as i64));
    }
    d.set_str("RegexFlag", Value::Type(flag::flag_class(vm)));
    if let Some(e) = error_class(vm) {
        d.set_str("error", Value::Type(e));
    }
    d.set_str("Pattern", Value::Type(class_of(vm, &PATTERN)));
    d.set_str("Match", Value::Type(class_of(vm, &MATCH)));
    let m = Value::Module(Rc::new(PyModule {
        name: "re".to_string(),
        dict: d,
    }));
    vm.modules.set_str("re", m.clone());
    m
}
