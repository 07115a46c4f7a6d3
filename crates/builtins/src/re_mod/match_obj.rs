//! `re.Match`: the match-object class.

use super::*;

#[derive(Debug)]
pub(super) struct MatchState {
    pub(super) c: Rc<Compiled>,
    pub(super) pattern: Value,
    pub(super) string: Value,
    pub(super) text: Text,
    pub(super) pos: usize,
    pub(super) endpos: usize,
    pub(super) spans: Spans,
}

pub(super) const MATCH: ClassSpec = ClassSpec {
    name: "Match",
    module: "re",
    base: None,
    new: Some(no_new_match),
    dunders: &[
        ("__repr__", match_repr),
        ("__getitem__", m_getitem),
        ("__copy__", identity),
        ("__deepcopy__", identity),
        ("__class_getitem__", match_class_getitem),
    ],
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

/// `re.Match[str]` (in annotations) is the class itself in rpvm.
fn match_class_getitem(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Type(class_of(vm, &MATCH)))
}

pub(super) fn no_new_match(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("cannot create 're.Match' instances"))
}

/// Runs `f` on the state of the Match `args[0]`.
pub(super) fn with_match<R>(args: &[Value], f: impl FnOnce(&MatchState) -> R) -> PyResult<R> {
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

pub(super) fn m_group(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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
pub(super) fn state_clone(args: &[Value]) -> PyResult<Rc<MatchState>> {
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

pub(super) fn m_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = state_clone(args)?;
    let g = m.group_index(vm, crate::args::arg(args, 1)?)?;
    Ok(m.group_value(g, &Value::None))
}

pub(super) fn m_groups(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse_args("groups", crate::args::rest(args, 1), kw, &["default"], 0, 0)?;
    let d = a[0].clone().unwrap_or(Value::None);
    with_match(args, |m| {
        Value::tuple((1..=m.c.groups).map(|g| m.group_value(g, &d)).collect())
    })
}

pub(super) fn m_groupdict(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn span_group(vm: &mut Vm, fname: &str, args: &[Value]) -> PyResult<(i64, i64)> {
    crate::args::check_positional(fname, args.len().saturating_sub(1), 0, 1)?;
    let m = state_clone(args)?;
    let g = match args.get(1) {
        Some(v) => m.group_index(vm, v)?,
        None => 0,
    };
    Ok(m.char_span(g))
}

pub(super) fn m_start(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(span_group(vm, "start", args)?.0))
}

pub(super) fn m_end(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(span_group(vm, "end", args)?.1))
}

pub(super) fn m_span(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (a, b) = span_group(vm, "span", args)?;
    Ok(Value::tuple(vec![Value::Int(a), Value::Int(b)]))
}

pub(super) fn m_expand(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn m_string(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| m.string.clone())
}

pub(super) fn m_re(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| m.pattern.clone())
}

pub(super) fn m_pos(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| Value::Int(m.pos as i64))
}

pub(super) fn m_endpos(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| Value::Int(m.endpos as i64))
}

pub(super) fn m_lastindex(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| {
        m.last_index().map_or(Value::None, |g| Value::Int(g as i64))
    })
}

pub(super) fn m_lastgroup(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_match(args, |m| {
        m.last_index()
            .and_then(|g| m.c.names.iter().find(|(_, i)| *i == g))
            .map_or(Value::None, |(n, _)| Value::str(n))
    })
}

pub(super) fn m_regs(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
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

pub(super) fn match_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let m = state_clone(args)?;
    let (a, b) = m.char_span(0);
    let r = cut(repr(vm, &m.group_value(0, &Value::None))?, 50);
    Ok(Value::string(format!(
        "<re.Match object; span=({a}, {b}), match={r}>"
    )))
}
