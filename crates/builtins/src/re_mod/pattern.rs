//! `re.Pattern`: the compiled-pattern class and the matching operations behind both its
//! methods and the module functions (`search`, `findall`, `sub`, `split`, ...).

use super::*;

#[derive(Debug)]
pub(super) struct PatternState {
    pub(super) c: Rc<Compiled>,
}

pub(super) const PATTERN: ClassSpec = ClassSpec {
    name: "Pattern",
    module: "re",
    base: None,
    new: Some(no_new_pattern),
    dunders: &[
        ("__repr__", pattern_repr),
        ("__eq__", pattern_eq),
        ("__hash__", pattern_hash),
        ("__copy__", identity),
        ("__deepcopy__", identity),
        ("__class_getitem__", pattern_class_getitem),
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

/// `__copy__`/`__deepcopy__`: Patterns and Matches are immutable, so a copy is the object.
pub(super) fn identity(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(this(args))
}

/// `re.Pattern[str]` (in annotations) is the class itself in rpvm.
fn pattern_class_getitem(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Type(class_of(vm, &PATTERN)))
}

pub(super) fn no_new_pattern(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("cannot create 're.Pattern' instances"))
}

pub(super) fn compiled_of(v: &Value) -> PyResult<Rc<Compiled>> {
    with_state::<PatternState, _>(v, "re.Pattern", |s| s.c.clone())
}

pub(super) fn this(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::None)
}

/// The subject of a match: its text, checked against the pattern's type.
pub(super) fn subject(c: &Compiled, v: &Value) -> PyResult<Text> {
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
pub(super) fn bounds(
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
pub(super) enum Mode {
    Search,
    Match,
    Full,
}

/// `Pattern.search/match/fullmatch(string, pos, endpos)` on a Pattern value.
pub(super) fn do_match(
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
pub(super) fn make_match(
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
pub(super) fn match_args(
    fname: &str,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Vec<Option<Value>>> {
    parse_args(
        fname,
        crate::args::rest(args, 1),
        kw,
        &["string", "pos", "endpos"],
        0,
        1,
    )
}

/// `Pattern.match`/`fullmatch`/`search(string, pos=0, endpos=sys.maxsize)`.
fn match_method(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    name: &str,
    mode: Mode,
) -> PyResult<Value> {
    let a = match_args(name, args, kw)?;
    do_match(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
        mode,
    )
}

pub(super) fn p_match(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    match_method(vm, args, kw, "match", Mode::Match)
}

pub(super) fn p_fullmatch(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    match_method(vm, args, kw, "fullmatch", Mode::Full)
}

pub(super) fn p_search(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    match_method(vm, args, kw, "search", Mode::Search)
}

/// All matches of `pat` in `string[pos:endpos]` as (text, spans).
pub(super) fn all_spans(
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

pub(super) fn do_findall(
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

pub(super) fn do_finditer(
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

pub(super) fn p_findall(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = match_args("findall", args, kw)?;
    do_findall(
        vm,
        &this(args),
        a[0].as_ref().unwrap_or(&Value::None),
        a[1].as_ref(),
        a[2].as_ref(),
    )
}

pub(super) fn p_finditer(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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
pub(super) enum Repl {
    Template(Vec<Piece>),
    Call(Value),
}

pub(super) fn repl_of(vm: &mut Vm, c: &Compiled, repl: &Value) -> PyResult<Repl> {
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
pub(super) fn expand(pieces: &[Piece], hay: &str, spans: &Spans, out: &mut String) {
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

pub(super) fn do_sub(
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

pub(super) fn sub_args(fname: &str, args: &[Value], kw: &[Value]) -> PyResult<Vec<Option<Value>>> {
    parse_args(
        fname,
        crate::args::rest(args, 1),
        kw,
        &["repl", "string", "count"],
        0,
        2,
    )
}

pub(super) fn p_sub(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn p_subn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn do_split(
    vm: &mut Vm,
    pat: &Value,
    string: &Value,
    maxsplit: Option<&Value>,
) -> PyResult<Value> {
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
pub(super) fn string_value(c: &Compiled, t: &Text, _orig: &Value) -> Value {
    make_text(c.is_bytes, t.as_str())
}

pub(super) fn p_split(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn p_pattern(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(compiled_of(&this(args))?.source.clone())
}

pub(super) fn p_flags(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(compiled_of(&this(args))?.flags as i64))
}

pub(super) fn p_groups(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(compiled_of(&this(args))?.groups as i64))
}

pub(super) fn p_groupindex(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
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
pub(super) fn cut(s: String, n: usize) -> String {
    if s.chars().count() > n {
        s.chars().take(n).collect()
    } else {
        s
    }
}

pub(super) const FLAG_NAMES: &[(u32, &str)] = &[
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

pub(super) fn pattern_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn pattern_eq(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = compiled_of(&this(args))?;
    let Ok(b) = compiled_of(args.get(1).unwrap_or(&Value::None)) else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::Bool(
        Rc::ptr_eq(&a, &b) || (a.flags == b.flags && a.is_bytes == b.is_bytes && a.text == b.text),
    ))
}

pub(super) fn pattern_hash(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = compiled_of(&this(args))?;
    let h = rpvm_object::str::hash_str(&c.text) ^ (c.flags as i64);
    Ok(Value::Int(if h == -1 { -2 } else { h }))
}
