//! `BaseExceptionGroup` / `ExceptionGroup`: construction (Objects/exceptions.c
//! `BaseExceptionGroup_new`), `split`, `subgroup`, `derive`, and the helpers `except*` uses
//! (`exception_group_match` in Python/ceval.c, `_PyExc_PrepReraiseStar`).

use std::rc::Rc;

use crate::exception::{type_error, value_error, PyErr, PyException, PyResult};
use crate::function::{BuiltinFunction, NativeFn};
use crate::protocols::call::{call, lookup_special};
use crate::protocols::iter::collect;
use crate::typeobj::{exception_type, PyType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// Whether `t` is `BaseExceptionGroup` or a subclass.
pub fn is_group_type(t: &Rc<PyType>) -> bool {
    t.name == "BaseExceptionGroup"
        || t.mro_tail
            .iter()
            .any(|b| b.name == "BaseExceptionGroup" && b.builtin)
}

/// Whether `v` is an exception group instance.
pub fn is_group(v: &Value) -> bool {
    matches!(v, Value::Exception(e) if is_group_type(&e.class))
}

fn is_exception_subtype(t: &Rc<PyType>) -> bool {
    t.is_subtype(&exception_type("Exception"))
}

/// PySequence_Check, approximately.
fn is_sequence(v: &Value) -> bool {
    match v {
        Value::List(_)
        | Value::Tuple(_)
        | Value::Str(_)
        | Value::Bytes(_)
        | Value::ByteArray(_)
        | Value::Range(_) => true,
        Value::Instance(_) => lookup_special(v, "__getitem__").is_some(),
        _ => false,
    }
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)`: validates the arguments and
/// returns the instance (an `ExceptionGroup` when `cls` is `BaseExceptionGroup` and every
/// item is an `Exception`).
pub fn new_group(
    vm: &mut Vm,
    cls: &Rc<PyType>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "{}() takes no keyword arguments",
            cls.name
        )));
    }
    if args.len() != 2 {
        return Err(type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len()
        )));
    }
    if !matches!(args[0], Value::Str(_)) {
        return Err(type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            crate::protocols::type_name(&args[0])
        )));
    }
    if !is_sequence(&args[1]) {
        return Err(type_error(
            "second argument (exceptions) must be a sequence",
        ));
    }
    let excs = collect(vm, &args[1])?;
    if excs.is_empty() {
        return Err(value_error(
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut nested_base = false;
    for (i, e) in excs.iter().enumerate() {
        match e {
            Value::Exception(x) => {
                if !is_exception_subtype(&x.class) {
                    nested_base = true;
                }
            }
            _ => {
                return Err(value_error(format!(
                    "Item {i} of second argument (exceptions) is not an exception"
                )))
            }
        }
    }
    let mut cls = cls.clone();
    if cls.builtin && cls.name == "BaseExceptionGroup" {
        if !nested_base {
            cls = exception_type("ExceptionGroup");
        }
    } else if cls.builtin && cls.name == "ExceptionGroup" {
        if nested_base {
            return Err(type_error(
                "Cannot nest BaseExceptions in an ExceptionGroup",
            ));
        }
    } else if nested_base && is_exception_subtype(&cls) {
        return Err(type_error(format!(
            "Cannot nest BaseExceptions in '{}'",
            cls.name
        )));
    }
    Ok(Value::Exception(PyException::new(cls, args.to_vec())))
}

/// `eg.message`.
pub fn message(e: &PyException) -> Value {
    e.args().first().cloned().unwrap_or_else(|| Value::str(""))
}

/// `eg.exceptions` as a vector.
pub fn exceptions(vm: &mut Vm, e: &PyException) -> PyResult<Vec<Value>> {
    match e.args().get(1) {
        Some(v) => collect(vm, v),
        None => Ok(vec![]),
    }
}

/// `str(eg)`: `message (N sub-exceptions)`.
pub fn group_str(vm: &mut Vm, e: &PyException) -> PyResult<String> {
    let msg = crate::protocols::repr::str_(vm, &message(e))?;
    let n = exceptions(vm, e)?.len();
    Ok(format!(
        "{} ({} sub-exception{})",
        msg,
        n,
        if n > 1 { "s" } else { "" }
    ))
}

/// How `split` decides what matches.
enum Matcher {
    Type(Value),
    Predicate(Value),
    Ids(Vec<usize>),
}

fn is_exc_class(v: &Value) -> bool {
    matches!(v, Value::Type(t) if t.kind == TypeKind::Exception)
}

fn is_callable(v: &Value) -> bool {
    match v {
        Value::Function(_) | Value::Builtin(_) | Value::BoundMethod(_) | Value::Type(_) => true,
        Value::Instance(_) => lookup_special(v, "__call__").is_some(),
        _ => false,
    }
}

fn matcher_of(v: &Value) -> PyResult<Matcher> {
    if is_callable(v) && !matches!(v, Value::Type(_)) {
        return Ok(Matcher::Predicate(v.clone()));
    }
    if is_exc_class(v) {
        return Ok(Matcher::Type(v.clone()));
    }
    if let Value::Tuple(t) = v {
        if t.as_slice().iter().all(is_exc_class) {
            return Ok(Matcher::Type(v.clone()));
        }
    }
    Err(type_error(
        "expected a function, exception type or tuple of exception types",
    ))
}

fn given_matches(exc: &Value, types: &Value) -> bool {
    let Value::Exception(e) = exc else {
        return false;
    };
    let check = |t: &Value| matches!(t, Value::Type(t) if e.class.is_subtype(t));
    match types {
        Value::Tuple(ts) => ts.as_slice().iter().any(check),
        t => check(t),
    }
}

fn exc_id(v: &Value) -> usize {
    match v {
        Value::Exception(e) => Rc::as_ptr(e) as *const u8 as usize,
        _ => 0,
    }
}

fn check_match(vm: &mut Vm, exc: &Value, m: &Matcher) -> PyResult<bool> {
    match m {
        Matcher::Type(t) => Ok(given_matches(exc, t)),
        Matcher::Predicate(f) => {
            let r = call(vm, f, std::slice::from_ref(exc), &[])?;
            crate::protocols::truth::is_true(vm, &r)
        }
        Matcher::Ids(ids) => Ok(ids.contains(&exc_id(exc))),
    }
}

/// `exceptiongroup_subset`: `orig.derive(excs)` with the metadata of `orig` copied over, or
/// `None` for an empty list.
fn subset(vm: &mut Vm, orig: &Value, excs: Vec<Value>) -> PyResult<Option<Value>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let derive = crate::protocols::attr::get_attr(vm, orig, "derive")?;
    let eg = call(vm, &derive, &[Value::list(excs)], &[])?;
    let (Value::Exception(new), Value::Exception(old)) = (&eg, orig) else {
        return Err(type_error(
            "derive must return an instance of BaseExceptionGroup",
        ));
    };
    if !is_group_type(&new.class) {
        return Err(type_error(
            "derive must return an instance of BaseExceptionGroup",
        ));
    }
    *new.traceback.borrow_mut() = old.traceback.borrow().clone();
    *new.context.borrow_mut() = old.context.borrow().clone();
    *new.cause.borrow_mut() = old.cause.borrow().clone();
    if let Some(notes) = old.get_attr("__notes__") {
        if is_sequence(&notes) {
            let copy = collect(vm, &notes)?;
            new.set_attr("__notes__", Value::list(copy));
        }
    }
    Ok(Some(eg))
}

/// `exceptiongroup_split_recursive`: (match, rest).
fn split_recursive(
    vm: &mut Vm,
    exc: &Value,
    m: &Matcher,
    construct_rest: bool,
    depth: usize,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if check_match(vm, exc, m)? {
        return Ok((Some(exc.clone()), None));
    }
    let Value::Exception(e) = exc else {
        return Ok((None, None));
    };
    if !is_group_type(&e.class) {
        return Ok((None, construct_rest.then(|| exc.clone())));
    }
    if depth > 900 {
        return Err(PyException::with_message(
            "RecursionError",
            "maximum recursion depth exceeded in exceptiongroup_split_recursive",
        ));
    }
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for sub in exceptions(vm, e)? {
        let (m1, r1) = split_recursive(vm, &sub, m, construct_rest, depth + 1)?;
        if let Some(x) = m1 {
            matched.push(x);
        }
        if let Some(x) = r1 {
            rest.push(x);
        }
    }
    let mm = subset(vm, exc, matched)?;
    let rr = if construct_rest {
        subset(vm, exc, rest)?
    } else {
        None
    };
    Ok((mm, rr))
}

fn or_none(v: Option<Value>) -> Value {
    v.unwrap_or(Value::None)
}

/// `eg.split(condition)`.
pub fn split(vm: &mut Vm, eg: &Value, cond: &Value) -> PyResult<(Value, Value)> {
    let m = matcher_of(cond)?;
    let (a, b) = split_recursive(vm, eg, &m, true, 0)?;
    Ok((or_none(a), or_none(b)))
}

fn self_group(args: &[Value], method: &str) -> PyResult<Value> {
    match args.first() {
        Some(v) if is_group(v) => Ok(v.clone()),
        _ => Err(type_error(format!(
            "descriptor '{method}' requires a 'BaseExceptionGroup' object"
        ))),
    }
}

fn one_arg<'a>(args: &'a [Value], kwnames: &[Value], method: &str) -> PyResult<&'a Value> {
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "BaseExceptionGroup.{method}() takes no keyword arguments"
        )));
    }
    if args.len() != 2 {
        return Err(type_error(format!(
            "BaseExceptionGroup.{method}() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    Ok(&args[1])
}

fn m_split(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let eg = self_group(args, "split")?;
    let cond = one_arg(args, kwnames, "split")?;
    let (a, b) = split(vm, &eg, cond)?;
    Ok(Value::tuple(vec![a, b]))
}

fn m_subgroup(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let eg = self_group(args, "subgroup")?;
    let cond = one_arg(args, kwnames, "subgroup")?;
    let m = matcher_of(cond)?;
    let (a, _) = split_recursive(vm, &eg, &m, false, 0)?;
    Ok(or_none(a))
}

fn m_derive(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let eg = self_group(args, "derive")?;
    let excs = one_arg(args, kwnames, "derive")?;
    let Value::Exception(e) = &eg else {
        unreachable!()
    };
    let msg = message(e);
    new_group(
        vm,
        &exception_type("BaseExceptionGroup"),
        &[msg, excs.clone()],
        &[],
    )
}

fn m_add_note(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let Some(Value::Exception(e)) = args.first() else {
        return Err(type_error("descriptor 'add_note' requires an exception"));
    };
    if !kwnames.is_empty() || args.len() != 2 {
        return Err(type_error(format!(
            "BaseException.add_note() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    let note = &args[1];
    if !matches!(note, Value::Str(_)) {
        return Err(type_error(format!(
            "note must be a str, not '{}'",
            crate::protocols::type_name(note)
        )));
    }
    match e.get_attr("__notes__") {
        None => e.set_attr("__notes__", Value::list(vec![note.clone()])),
        Some(Value::List(l)) => {
            let _ = vm;
            l.push(note.clone());
        }
        Some(_) => return Err(type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::None)
}

/// A built-in method of exception `e` not found elsewhere (`split`, `subgroup`, `derive` of
/// groups; `add_note` of every exception), bound to `obj`.
pub fn exception_method(e: &PyException, obj: &Value, name: &str) -> Option<Value> {
    let (name, func): (&'static str, NativeFn) = match name {
        "split" if is_group_type(&e.class) => ("split", m_split),
        "subgroup" if is_group_type(&e.class) => ("subgroup", m_subgroup),
        "derive" if is_group_type(&e.class) => ("derive", m_derive),
        "add_note" => ("add_note", m_add_note),
        "with_traceback" => ("with_traceback", m_with_traceback),
        _ => return None,
    };
    Some(Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(obj.clone()),
        owner: None,
    })))
}

/// CHECK_EG_MATCH's `exception_group_match`: (match, rest), both `None` when nothing
/// matched. A naked exception that matches is wrapped in `ExceptionGroup("", [exc])`.
pub fn exception_group_match(
    vm: &mut Vm,
    exc: &Value,
    match_type: &Value,
) -> PyResult<(Value, Value)> {
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    if given_matches(exc, match_type) {
        if is_group(exc) {
            return Ok((exc.clone(), Value::None));
        }
        let wrapped = new_group(
            vm,
            &exception_type("BaseExceptionGroup"),
            &[Value::str(""), Value::tuple(vec![exc.clone()])],
            &[],
        )?;
        if let (Value::Exception(e), Value::Exception(wrapped)) = (exc, &wrapped) {
            // CPython gives the wrapper a traceback of the current frame only.
            let tb = e.traceback.borrow();
            if let Some(last) = tb.last() {
                wrapped.traceback.borrow_mut().push(last.clone());
            }
        }
        return Ok((wrapped, Value::None));
    }
    if is_group(exc) {
        return split(vm, exc, match_type);
    }
    Ok((Value::None, Value::None))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Exception(x), Value::Exception(y)) => Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

fn same_metadata(a: &PyErr, b: &PyErr) -> bool {
    let tb_same = {
        let x = a.traceback.borrow();
        let y = b.traceback.borrow();
        x.len() == y.len()
            && x.iter()
                .zip(y.iter())
                .all(|(p, q)| Rc::ptr_eq(&p.code, &q.code) && p.unit == q.unit)
    };
    let notes_same = match (a.get_attr("__notes__"), b.get_attr("__notes__")) {
        (None, None) => true,
        (Some(x), Some(y)) => same_value(&x, &y),
        _ => false,
    };
    tb_same
        && notes_same
        && same_value(&a.cause.borrow(), &b.cause.borrow())
        && same_value(&a.context.borrow(), &b.context.borrow())
}

fn collect_leaf_ids(vm: &mut Vm, exc: &Value, ids: &mut Vec<usize>) -> PyResult<()> {
    match exc {
        Value::Exception(e) if is_group_type(&e.class) => {
            for sub in exceptions(vm, e)? {
                collect_leaf_ids(vm, &sub, ids)?;
            }
        }
        Value::Exception(_) => ids.push(exc_id(exc)),
        _ => {}
    }
    Ok(())
}

/// `_PyExc_PrepReraiseStar(orig, excs)`.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: Vec<Value>) -> PyResult<Value> {
    if excs.is_empty() {
        return Ok(Value::None);
    }
    let Value::Exception(o) = orig else {
        return Ok(excs[0].clone());
    };
    if !is_group_type(&o.class) {
        return Ok(excs[0].clone());
    }
    let mut raised = Vec::new();
    let mut reraised = Vec::new();
    for e in excs {
        let Value::Exception(x) = &e else { continue };
        if same_metadata(x, o) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    let mut ids = Vec::new();
    for e in &reraised {
        collect_leaf_ids(vm, e, &mut ids)?;
    }
    let (proj, _) = split_recursive(vm, orig, &Matcher::Ids(ids), false, 0)?;
    if raised.is_empty() {
        return Ok(or_none(proj));
    }
    if let Some(p) = proj {
        raised.push(p);
    }
    if raised.len() > 1 {
        return new_group(
            vm,
            &exception_type("BaseExceptionGroup"),
            &[Value::str(""), Value::list(raised)],
            &[],
        );
    }
    Ok(raised.pop().unwrap_or(Value::None))
}

/// `BaseException.with_traceback(tb)`: replaces the traceback (only `None` or a traceback
/// of the same exception can be expressed here) and returns the exception.
fn m_with_traceback(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Exception(e)) = args.first() else {
        return Err(crate::exception::type_error(
            "with_traceback() needs an exception",
        ));
    };
    match args.get(1) {
        Some(Value::None) => e.traceback.borrow_mut().clear(),
        Some(Value::Native(n)) if n.as_any().is::<crate::exception::PyTraceback>() => {}
        Some(_) => {
            return Err(crate::exception::type_error(
                "__traceback__ must be a traceback or None",
            ))
        }
        None => {
            return Err(crate::exception::type_error(
                "BaseException.with_traceback() takes exactly one argument (0 given)",
            ))
        }
    }
    Ok(args[0].clone())
}
