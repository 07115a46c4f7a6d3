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
mod parse;
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
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::args::{index_clamped, parse as parse_args};
use crate::builtin_fn;
use crate::functools::{class_of, new_instance, with_state, ClassSpec};

use parse::{ReError, ASCII, LOCALE, UNICODE};
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

// ---- the Pattern class ----

#[derive(Debug)]
struct PatternState {
    c: Rc<Compiled>,
}

const PATTERN: ClassSpec = ClassSpec {
    name: "Pattern",
    module: "re",
    base: None,
    new: Some(no_new_pattern),
    dunders: &[
        ("__repr__", pattern_repr),
        ("__eq__", pattern_eq),
        ("__hash__", pattern_hash),
    ],
    methods: &[
        ("match", p_match),
        ("fullmatch", p_fullmatch),
        ("search", p_search),
        ("findall", p_findall),
        ("finditer", p_finditer),
        ("sub", p_sub),
        ("subn", p_subn),
        ("split", p_split),
    ],
    props: &[
        ("pattern", p_pattern),
        ("flags", p_flags),
        ("groups", p_groups),
        ("groupindex", p_groupindex),
    ],
};

fn no_new_pattern(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("cannot create 're.Pattern' instances"))
}

fn compiled_of(v: &Value) -> PyResult<Rc<Compiled>> {
    with_state::<PatternState, _>(v, "re.Pattern", |s| s.c.clone())
}

fn this(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::None)
}

/// The subject of a match: its text, checked against the pattern's type.
fn subject(c: &Compiled, v: &Value) -> PyResult<Text> {
    match text_of(v) {
        Some((t, b)) if b == c.is_bytes => Ok(t),
        Some((_, true)) => Err(type_error(
            "cannot use a string pattern on a bytes-like object",
        )),
        Some((_, false)) => Err(type_error(
            "cannot use a bytes pattern on a string-like object",
        )),
        None => Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            type_name(v)
        ))),
    }
}

/// `pos`/`endpos` clamped as `state_init` does, as code-point indexes.
fn bounds(
    vm: &mut Vm,
    t: &Text,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<(usize, usize)> {
    let len = t.char_len() as i64;
    let p = match pos {
        Some(v) => index_clamped(vm, v)?.clamp(0, len),
        None => 0,
    };
    let e = match endpos {
        Some(v) => index_clamped(vm, v)?.clamp(0, len),
        None => len,
    };
    Ok((p as usize, e as usize))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Search,
    Match,
    Full,
}

/// `Pattern.search/match/fullmatch(string, pos, endpos)` on a Pattern value.
fn do_match(
    vm: &mut Vm,
    pat: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
    mode: Mode,
) -> PyResult<Value> {
    let c = compiled_of(pat)?;
    let t = subject(&c, string)?;
    let (p, e) = bounds(vm, &t, pos, endpos)?;
    if p > e {
        return Ok(Value::None);
    }
    let pb = t.byte_offset(p);
    let eb = t.byte_offset(e);
    let hay = t.as_str().get(..eb).unwrap_or("");
    let found = match mode {
        Mode::Search => run(&c.regex, hay, pb, false, true)?,
        Mode::Match => run(&c.regex, hay, pb, true, true)?,
        Mode::Full => run(c.full()?, hay, pb, true, true)?,
    };
    Ok(match found {
        Some(spans) => make_match(vm, &c, pat, string, &t, p, e, spans),
        None => Value::None,
    })
}

#[allow(clippy::too_many_arguments)]
fn make_match(
    vm: &mut Vm,
    c: &Rc<Compiled>,
    pat: &Value,
    string: &Value,
    t: &Text,
    pos: usize,
    endpos: usize,
    spans: Spans,
) -> Value {
    new_instance(
        class_of(vm, &MATCH),
        MatchState {
            c: c.clone(),
            pattern: pat.clone(),
            string: string.clone(),
            text: t.clone(),
            pos,
            endpos,
            spans,
        },
    )
}

/// `(string, pos, endpos)` of a Pattern method (`args[0]` is the Pattern).
fn match_args(fname: &str, args: &[Value], kw: &[Value]) -> PyResult<Vec<Option<Value>>> {
    parse_args(
        fname,
        crate::args::rest(args, 1),
        kw,
        &["string", "pos", "endpos"],
        0,
        1,
    )
}

fn p_match(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("match", args, kw)?;
    do_match(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
        Mode::Match,
    )
}

fn p_fullmatch(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("fullmatch", args, kw)?;
    do_match(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
        Mode::Full,
    )
}

fn p_search(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("search", args, kw)?;
    do_match(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
        Mode::Search,
    )
}

/// All matches of `pat` in `string[pos:endpos]` as (text, spans).
fn all_spans(
    vm: &mut Vm,
    c: &Compiled,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
    groups: bool,
) -> PyResult<(Text, usize, usize, Vec<Spans>)> {
    let t = subject(c, string)?;
    let (p, e) = bounds(vm, &t, pos, endpos)?;
    let mut out = Vec::new();
    if p <= e {
        let eb = t.byte_offset(e);
        let hay = t.as_str().get(..eb).unwrap_or("");
        for_each_match(c, hay, t.byte_offset(p), 0, groups, |s| {
            out.push(s);
            Ok(())
        })?;
    }
    Ok((t, p, e, out))
}

fn do_findall(
    vm: &mut Vm,
    pat: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<Value> {
    let c = compiled_of(pat)?;
    let (t, _, _, all) = all_spans(vm, &c, string, pos, endpos, c.groups > 0)?;
    let s = t.as_str();
    let piece = |sp: Option<(usize, usize)>| {
        make_text(c.is_bytes, sp.and_then(|(a, b)| s.get(a..b)).unwrap_or(""))
    };
    let items = all
        .into_iter()
        .map(|spans| match c.groups {
            0 => piece(spans.first().copied().flatten()),
            1 => piece(spans.get(1).copied().flatten()),
            n => Value::tuple(
                (1..=n)
                    .map(|g| piece(spans.get(g).copied().flatten()))
                    .collect(),
            ),
        })
        .collect();
    Ok(Value::list(items))
}

fn do_finditer(
    vm: &mut Vm,
    pat: &Value,
    string: &Value,
    pos: Option<&Value>,
    endpos: Option<&Value>,
) -> PyResult<Value> {
    let c = compiled_of(pat)?;
    let (t, p, e, all) = all_spans(vm, &c, string, pos, endpos, true)?;
    let items = all
        .into_iter()
        .map(|spans| make_match(vm, &c, pat, string, &t, p, e, spans))
        .collect();
    get_iter(vm, &Value::list(items))
}

fn p_findall(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("findall", args, kw)?;
    do_findall(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
    )
}

fn p_finditer(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("finditer", args, kw)?;
    do_finditer(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
    )
}

/// The replacement of `sub`: a parsed template or a callable.
enum Repl {
    Template(Vec<Piece>),
    Call(Value),
}

fn repl_of(vm: &mut Vm, c: &Compiled, repl: &Value) -> PyResult<Repl> {
    match text_of(repl) {
        Some((t, b)) => {
            if b != c.is_bytes {
                return Err(type_error(if c.is_bytes {
                    format!("expected a bytes-like object, {} found", type_name(repl))
                } else {
                    format!("expected str instance, {} found", type_name(repl))
                }));
            }
            template::parse_template(t.as_str(), c.groups, &c.names)
                .map(Repl::Template)
                .map_err(|e| re_error(&e, Some(repl), t.as_str()))
        }
        None => {
            let callable = crate::introspection::callable(vm, std::slice::from_ref(repl), &[])?;
            if matches!(callable, Value::Bool(true)) {
                Ok(Repl::Call(repl.clone()))
            } else {
                Err(type_error(format!(
                    "decoding to str: need a bytes-like object, {} found",
                    type_name(repl)
                )))
            }
        }
    }
}

/// Expands a template for one match.
fn expand(pieces: &[Piece], hay: &str, spans: &Spans, out: &mut String) {
    for p in pieces {
        match p {
            Piece::Lit(s) => out.push_str(s),
            Piece::Group(g) => {
                if let Some(Some((a, b))) = spans.get(*g) {
                    out.push_str(hay.get(*a..*b).unwrap_or(""));
                }
            }
        }
    }
}

fn do_sub(
    vm: &mut Vm,
    pat: &Value,
    repl: &Value,
    string: &Value,
    count: Option<&Value>,
) -> PyResult<(Value, usize)> {
    let c = compiled_of(pat)?;
    let r = repl_of(vm, &c, repl)?;
    let t = subject(&c, string)?;
    let limit = match count {
        Some(v) => index_clamped(vm, v)?.max(0) as usize,
        None => 0,
    };
    let hay = t.as_str();
    let groups = match &r {
        Repl::Call(_) => true,
        Repl::Template(p) => p.iter().any(|x| matches!(x, Piece::Group(g) if *g > 0)),
    };
    let mut matches = Vec::new();
    for_each_match(&c, hay, 0, limit, groups, |s| {
        matches.push(s);
        Ok(())
    })?;
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    let n = matches.len();
    let len = t.char_len();
    // CPython collects the pieces in a list and joins it at the end, so a callable's
    // non-string result is reported (with its index in that list) after every call.
    let mut pieces = 0usize;
    let mut bad: Option<(usize, String)> = None;
    for spans in matches {
        let (s, e) = spans.first().copied().flatten().unwrap_or((last, last));
        if last < s {
            out.push_str(hay.get(last..s).unwrap_or(""));
            pieces += 1;
        }
        match &r {
            Repl::Template(p) => {
                expand(p, hay, &spans, &mut out);
                pieces += 1;
            }
            Repl::Call(f) => {
                let m = make_match(vm, &c, pat, string, &t, 0, len, spans);
                let v = call(vm, f, &[m], &[])?;
                if !v.is_none() {
                    match text_of(&v) {
                        Some((vt, b)) if b == c.is_bytes => out.push_str(vt.as_str()),
                        _ => {
                            if bad.is_none() {
                                bad = Some((pieces, type_name(&v).to_string()));
                            }
                        }
                    }
                    pieces += 1;
                }
            }
        }
        last = e;
    }
    if let Some((i, tn)) = bad {
        return Err(type_error(if c.is_bytes {
            format!("sequence item {i}: expected a bytes-like object, {tn} found")
        } else {
            format!("sequence item {i}: expected str instance, {tn} found")
        }));
    }
    out.push_str(hay.get(last..).unwrap_or(""));
    Ok((make_text(c.is_bytes, &out), n))
}

fn sub_args(fname: &str, args: &[Value], kw: &[Value]) -> PyResult<Vec<Option<Value>>> {
    parse_args(
        fname,
        crate::args::rest(args, 1),
        kw,
        &["repl", "string", "count"],
        0,
        2,
    )
}

fn p_sub(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = sub_args("sub", args, kw)?;
    let none = Value::None;
    Ok(do_sub(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&none),
        a[1].as_ref().unwrap_or(&none),
        a[2].as_ref(),
    )?
    .0)
}

fn p_subn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = sub_args("subn", args, kw)?;
    let none = Value::None;
    let (s, n) = do_sub(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&none),
        a[1].as_ref().unwrap_or(&none),
        a[2].as_ref(),
    )?;
    Ok(Value::tuple(vec![s, Value::Int(n as i64)]))
}

fn do_split(vm: &mut Vm, pat: &Value, string: &Value, maxsplit: Option<&Value>) -> PyResult<Value> {
    let c = compiled_of(pat)?;
    let limit = match maxsplit {
        Some(v) => index_clamped(vm, v)?,
        None => 0,
    };
    let t = subject(&c, string)?;
    if limit < 0 {
        return Ok(Value::list(vec![string_value(&c, &t, string)]));
    }
    let hay = t.as_str();
    let mut out = Vec::new();
    let mut last = 0;
    for_each_match(&c, hay, 0, limit as usize, c.groups > 0, |spans| {
        let (s, e) = spans.first().copied().flatten().unwrap_or((last, last));
        out.push(make_text(c.is_bytes, hay.get(last..s).unwrap_or("")));
        for g in 1..=c.groups {
            out.push(match spans.get(g).copied().flatten() {
                Some((a, b)) => make_text(c.is_bytes, hay.get(a..b).unwrap_or("")),
                None => Value::None,
            });
        }
        last = e;
        Ok(())
    })?;
    out.push(make_text(c.is_bytes, hay.get(last..).unwrap_or("")));
    Ok(Value::list(out))
}

/// The whole subject as the result type.
fn string_value(c: &Compiled, t: &Text, _orig: &Value) -> Value {
    make_text(c.is_bytes, t.as_str())
}

fn p_split(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args(
        "split",
        crate::args::rest(args, 1),
        kw,
        &["string", "maxsplit"],
        0,
        1,
    )?;
    do_split(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
    )
}

fn p_pattern(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(compiled_of(&this(args))?.source.clone())
}

fn p_flags(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(compiled_of(&this(args))?.flags as i64))
}

fn p_groups(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(compiled_of(&this(args))?.groups as i64))
}

fn p_groupindex(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = compiled_of(&this(args))?;
    let d = Rc::new(PyDict::new());
    for (n, g) in &c.names {
        d.set_str(n, Value::Int(*g as i64));
    }
    // A read-only view, as in CPython: `types.MappingProxyType(d)`.
    let types = match vm.modules.get_str("types") {
        Some(m) => m,
        None => crate::make_types(vm),
    };
    let proxy = match &types {
        Value::Module(m) => m.dict.get_str("MappingProxyType"),
        _ => None,
    };
    match proxy {
        Some(p) => call(vm, &p, &[Value::Dict(d)], &[]),
        None => Ok(Value::Dict(d)),
    }
}

/// CPython's `%.NR`: a repr cut to `n` characters.
fn cut(s: String, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n).collect()
    } else {
        s
    }
}

const FLAG_NAMES: &[(u32, &str)] = &[
    (parse::TEMPLATE, "re.TEMPLATE"),
    (parse::IGNORECASE, "re.IGNORECASE"),
    (parse::LOCALE, "re.LOCALE"),
    (parse::MULTILINE, "re.MULTILINE"),
    (parse::DOTALL, "re.DOTALL"),
    (parse::UNICODE, "re.UNICODE"),
    (parse::VERBOSE, "re.VERBOSE"),
    (parse::DEBUG, "re.DEBUG"),
    (parse::ASCII, "re.ASCII"),
];

fn pattern_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = compiled_of(&this(args))?;
    let r = cut(repr(vm, &c.source)?, 200);
    let mut flags = c.flags;
    if !c.is_bytes && flags & (LOCALE | UNICODE | ASCII) == UNICODE {
        flags &= !UNICODE;
    }
    let mut names = Vec::new();
    for (bit, name) in FLAG_NAMES {
        if flags & bit != 0 {
            names.push(name.to_string());
            flags &= !bit;
        }
    }
    if flags != 0 {
        names.push(format!("{flags:#x}"));
    }
    Ok(Value::string(if names.is_empty() {
        format!("re.compile({r})")
    } else {
        format!("re.compile({r}, {})", names.join("|"))
    }))
}

fn pattern_eq(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = compiled_of(&this(args))?;
    let Ok(b) = compiled_of(args.get(1).unwrap_or(&Value::None)) else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::Bool(
        Rc::ptr_eq(&a, &b) || (a.flags == b.flags && a.is_bytes == b.is_bytes && a.text == b.text),
    ))
}

fn pattern_hash(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = compiled_of(&this(args))?;
    let h = rpvm_object::str::hash_str(&c.text) ^ (c.flags as i64);
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}

// ---- the Match class ----

#[derive(Debug)]
struct MatchState {
    c: Rc<Compiled>,
    pattern: Value,
    string: Value,
    text: Text,
    pos: usize,
    endpos: usize,
    spans: Spans,
}

const MATCH: ClassSpec = ClassSpec {
    name: "Match",
    module: "re",
    base: None,
    new: Some(no_new_match),
    dunders: &[("__repr__", match_repr), ("__getitem__", m_getitem)],
    methods: &[
        ("group", m_group),
        ("groups", m_groups),
        ("groupdict", m_groupdict),
        ("start", m_start),
        ("end", m_end),
        ("span", m_span),
        ("expand", m_expand),
    ],
    props: &[
        ("string", m_string),
        ("re", m_re),
        ("pos", m_pos),
        ("endpos", m_endpos),
        ("lastindex", m_lastindex),
        ("lastgroup", m_lastgroup),
        ("regs", m_regs),
    ],
};

fn no_new_match(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("cannot create 're.Match' instances"))
}

/// Runs `f` on the state of the Match `args[0]`.
fn with_match<R>(args: &[Value], f: impl FnOnce(&MatchState) -> R) -> PyResult<R> {
    with_state::<MatchState, _>(&this(args), "re.Match", f)
}

impl MatchState {
    /// The group number for an index or name argument.
    fn group_index(&self, vm: &mut Vm, g: &Value) -> PyResult<usize> {
        let no_such = || index_error("no such group");
        if let Some(name) = g.as_str() {
            return self
                .c
                .names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, i)| *i)
                .ok_or_else(no_such);
        }
        if matches!(g, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
            || crate::args::builtin_base(g).is_some()
        {
            let i = index_clamped(vm, g).map_err(|_| no_such())?;
            if i < 0 || i as usize > self.c.groups {
                return Err(no_such());
            }
            return Ok(i as usize);
        }
        Err(no_such())
    }

    fn span_of(&self, g: usize) -> Option<(usize, usize)> {
        self.spans.get(g).copied().flatten()
    }

    /// A group's text, or `default` when it did not match.
    fn group_value(&self, g: usize, default: &Value) -> Value {
        match self.span_of(g) {
            Some((a, b)) => make_text(self.c.is_bytes, self.text.as_str().get(a..b).unwrap_or("")),
            None => default.clone(),
        }
    }

    /// A group's span in code points, (-1, -1) when it did not match.
    fn char_span(&self, g: usize) -> (i64, i64) {
        match self.span_of(g) {
            Some((a, b)) => (
                self.text.char_index(a) as i64,
                self.text.char_index(b) as i64,
            ),
            None => (-1, -1),
        }
    }

    /// `lastindex`: the matched group whose closing was passed last: the greatest end;
    /// among groups ending together, a later group unless it lies inside the earlier one.
    fn last_index(&self) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for g in 1..=self.c.groups {
            let Some((_, e)) = self.span_of(g) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((bg, be)) => e > be || (e == be && !self.inside(g, bg)),
            };
            if better {
                best = Some((g, e));
            }
        }
        best.map(|(g, _)| g)
    }

    /// Whether group `g` is nested in group `outer`.
    fn inside(&self, g: usize, outer: usize) -> bool {
        let mut cur = self.c.parents.get(g).copied().flatten();
        while let Some(p) = cur {
            if p == outer {
                return true;
            }
            cur = self.c.parents.get(p).copied().flatten();
        }
        false
    }
}

fn m_group(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("group", kw)?;
    let m = state_clone(args)?;
    let rest = crate::args::rest(args, 1);
    match rest.len() {
        0 => Ok(m.group_value(0, &Value::None)),
        1 => {
            let g = m.group_index(vm, &rest[0])?;
            Ok(m.group_value(g, &Value::None))
        }
        _ => {
            let mut out = Vec::new();
            for a in rest {
                let g = m.group_index(vm, a)?;
                out.push(m.group_value(g, &Value::None));
            }
            Ok(Value::tuple(out))
        }
    }
}

/// A cheap copy of the Match state (to call back into the VM without holding a borrow).
fn state_clone(args: &[Value]) -> PyResult<Rc<MatchState>> {
    with_match(args, |m| {
        Rc::new(MatchState {
            c: m.c.clone(),
            pattern: m.pattern.clone(),
            string: m.string.clone(),
            text: m.text.clone(),
            pos: m.pos,
            endpos: m.endpos,
            spans: m.spans.clone(),
        })
    })
}

fn m_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = state_clone(args)?;
    let g = m.group_index(vm, crate::args::arg(args, 1)?)?;
    Ok(m.group_value(g, &Value::None))
}

fn m_groups(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("groups", crate::args::rest(args, 1), kw, &["default"], 0, 0)?;
    let d = a[0].clone().unwrap_or(Value::None);
    with_match(args, |m| {
        Value::tuple((1..=m.c.groups).map(|g| m.group_value(g, &d)).collect())
    })
}

fn m_groupdict(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args(
        "groupdict",
        crate::args::rest(args, 1),
        kw,
        &["default"],
        0,
        0,
    )?;
    let d = a[0].clone().unwrap_or(Value::None);
    with_match(args, |m| {
        let out = Rc::new(PyDict::new());
        for (n, g) in &m.c.names {
            out.set_str(n, m.group_value(*g, &d));
        }
        Value::Dict(out)
    })
}

fn span_group(vm: &mut Vm, fname: &str, args: &[Value]) -> PyResult<(i64, i64)> {
    crate::args::check_positional(fname, args.len().saturating_sub(1), 0, 1)?;
    let m = state_clone(args)?;
    let g = match args.get(1) {
        Some(v) => m.group_index(vm, v)?,
        None => 0,
    };
    Ok(m.char_span(g))
}

fn m_start(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(span_group(vm, "start", args)?.0))
}

fn m_end(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(span_group(vm, "end", args)?.1))
}

fn m_span(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (a, b) = span_group(vm, "span", args)?;
    Ok(Value::tuple(vec![Value::Int(a), Value::Int(b)]))
}

fn m_expand(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let m = state_clone(args)?;
    let tv = crate::args::one_arg("expand", crate::args::rest(args, 1), kw)?;
    let Repl::Template(p) = repl_of(vm, &m.c, tv)? else {
        return Err(type_error(format!(
            "expected str instance, {} found",
            type_name(tv)
        )));
    };
    let mut out = String::new();
    expand(&p, m.text.as_str(), &m.spans, &mut out);
    Ok(make_text(m.c.is_bytes, &out))
}

fn m_string(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| m.string.clone())
}

fn m_re(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| m.pattern.clone())
}

fn m_pos(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| Value::Int(m.pos as i64))
}

fn m_endpos(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| Value::Int(m.endpos as i64))
}

fn m_lastindex(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| {
        m.last_index().map_or(Value::None, |g| Value::Int(g as i64))
    })
}

fn m_lastgroup(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| {
        m.last_index()
            .and_then(|g| m.c.names.iter().find(|(_, i)| *i == g))
            .map_or(Value::None, |(n, _)| Value::str(n))
    })
}

fn m_regs(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| {
        Value::tuple(
            (0..=m.c.groups)
                .map(|g| {
                    let (a, b) = m.char_span(g);
                    Value::tuple(vec![Value::Int(a), Value::Int(b)])
                })
                .collect(),
        )
    })
}

fn match_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = state_clone(args)?;
    let (a, b) = m.char_span(0);
    let r = cut(repr(vm, &m.group_value(0, &Value::None))?, 50);
    Ok(Value::string(format!(
        "<re.Match object; span=({a}, {b}), match={r}>"
    )))
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
    if let Some(c) = ERROR.with(|e| e.borrow().clone()) {
        return Some(c);
    }
    let base = builtin_types().exception("Exception")?;
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("re"));
    match rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::str("error"),
            Value::tuple(vec![Value::Type(base)]),
            Value::Dict(ns),
        ],
        &[],
    ) {
        Ok(Value::Type(t)) => {
            ERROR.with(|e| *e.borrow_mut() = Some(t.clone()));
            Some(t)
        }
        _ => None,
    }
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
