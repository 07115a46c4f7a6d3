//! The larger instruction bodies, kept out of the dispatch loop so that it stays small:
//! calls with `*args`/`**kwargs`, MAKE_FUNCTION, unpacking, f-string formatting, imports,
//! `with`, exception matching and raising, pattern matching.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyErr, PyException, PyResult};
use rpvm_object::function::PyFunction;
use rpvm_object::methods::set::table_from;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter, next};
use rpvm_object::protocols::repr::{ascii, repr, str_};
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::typeobj::{PyType, TypeKind};
use rpvm_object::{Value, Vm};

/// Calls a value from the CALL instruction: Python functions go straight to the frame
/// machinery; everything else through the generic protocol.
#[inline]
pub fn call_value(
    vm: &mut Vm,
    callable: &Value,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    match callable {
        Value::Function(f) => crate::call::call_function(vm, f, args, kwnames),
        _ => call(vm, callable, args, kwnames),
    }
}

/// BINARY_OP's general path, out of line: pops the two operands and pushes `a OP b`
/// (the dispatch loop has already tried its unboxed int and float fast paths).
#[inline(never)]
pub fn binary_op_on_stack(vm: &mut Vm, stack: &mut Vec<Value>, arg: u32) -> PyResult<()> {
    use rpvm_object::protocols::arith::{binary_op, BinOp};
    let b = stack.pop().unwrap_or(Value::Null);
    let a = stack.pop().unwrap_or(Value::Null);
    let (op, inplace) = BinOp::from_arg(arg).unwrap_or((BinOp::Add, false));
    let fast = match (&a, &b) {
        (Value::Int(x), Value::Int(y)) => int_fast(arg as usize, *x, *y).map(Value::Int),
        (Value::Float(x), Value::Float(y)) => float_fast(arg as usize, *x, *y).map(Value::Float),
        _ => None,
    };
    let r = match fast {
        Some(r) => r,
        None => binary_op(vm, op, &a, &b, inplace)?,
    };
    stack.push(r);
    Ok(())
}

/// FOR_ITER's general path, out of line: the next item of the iterator on top of the stack
/// (`None` when it is exhausted).
#[inline(never)]
pub fn for_iter_next(vm: &mut Vm, stack: &[Value]) -> PyResult<Option<Value>> {
    match stack.last() {
        Some(it) => next(vm, &it.clone()),
        None => Err(rpvm_object::exception::system_error(
            "FOR_ITER on an empty stack",
        )),
    }
}

/// BINARY_OP on two `i64`s when the result is an `i64` too, by BINARY_OP argument (plain
/// and in-place forms), with Python's semantics: `//` and `%` round toward negative
/// infinity, `>>` is arithmetic. Overflow, division by zero and negative shift counts
/// return `None` (the general path makes a BigInt or raises CPython's error).
#[inline(always)]
pub fn int_fast(arg: usize, x: i64, y: i64) -> Option<i64> {
    match arg {
        0 | 13 => x.checked_add(y),
        10 | 23 => x.checked_sub(y),
        5 | 18 => x.checked_mul(y),
        // x // y
        2 | 15 => {
            let q = x.checked_div(y)?;
            Some(if x % y != 0 && (x < 0) != (y < 0) {
                q - 1
            } else {
                q
            })
        }
        // x % y
        6 | 19 => {
            let r = x.checked_rem(y)?;
            Some(if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            })
        }
        1 | 14 => Some(x & y),
        7 | 20 => Some(x | y),
        12 | 25 => Some(x ^ y),
        // x >> y
        9 | 22 if y >= 0 => Some(if y >= 64 { x >> 63 } else { x >> y }),
        // x << y, when no bit is lost
        3 | 16 if (0..64).contains(&y) => {
            let r = x << y;
            (r >> y == x).then_some(r)
        }
        _ => None,
    }
}

/// BINARY_OP on two floats for the operators that cannot fail (+ - * and / by non-zero),
/// by BINARY_OP argument (plain and in-place forms).
#[inline(always)]
pub fn float_fast(arg: usize, x: f64, y: f64) -> Option<f64> {
    match arg {
        0 | 13 => Some(x + y),
        10 | 23 => Some(x - y),
        5 | 18 => Some(x * y),
        11 | 24 if y != 0.0 => Some(x / y),
        // `**` with a positive finite base and a finite result is C's pow(), as in CPython's
        // float_pow; zero or negative bases, infinities and overflow take the general path.
        8 | 21 if x > 0.0 && x.is_finite() && y.is_finite() => {
            let r = x.powf(y);
            r.is_finite().then_some(r)
        }
        _ => None,
    }
}

/// CALL_FUNCTION_EX: `f(*args, **kwargs)`.
pub fn call_ex(
    vm: &mut Vm,
    callable: &Value,
    args: &Value,
    kwargs: Option<&Value>,
) -> PyResult<Value> {
    let mut all = match args {
        Value::Tuple(t) => t.as_slice().to_vec(),
        other => collect(vm, other)?,
    };
    let mut names = Vec::new();
    if let Some(Value::Dict(d)) = kwargs {
        for (k, v) in d.items() {
            names.push(k);
            all.push(v);
        }
    }
    call_value(vm, callable, &all, &names)
}

/// MAKE_FUNCTION.
pub fn make_function(
    globals: &Rc<PyDict>,
    code: Value,
    closure: Option<Value>,
    annotations: Option<Value>,
    kwdefaults: Option<Value>,
    defaults: Option<Value>,
) -> PyResult<Value> {
    let Value::Code(code) = code else {
        return Err(type_error("MAKE_FUNCTION expects a code object"));
    };
    let qualname = Value::str(code.code.qualname());
    let name = Value::str(code.code.name());
    let doc = match code.consts.first() {
        Some(Value::Str(s)) if doc_is_first_const(&code) => Value::Str(s.clone()),
        _ => Value::None,
    };
    Ok(Value::Function(Rc::new(PyFunction {
        module: globals.get_str("__name__").unwrap_or(Value::None),
        globals: globals.clone(),
        name: std::cell::RefCell::new(name),
        qualname: std::cell::RefCell::new(qualname),
        defaults: match defaults {
            Some(Value::Tuple(t)) => Some(t),
            _ => None,
        },
        kwdefaults: match kwdefaults {
            Some(Value::Dict(d)) => Some(d),
            _ => None,
        },
        closure: match closure {
            Some(Value::Tuple(t)) => Some(t),
            _ => None,
        },
        annotations: std::cell::RefCell::new(match annotations {
            Some(Value::Tuple(t)) => {
                let d = PyDict::new();
                for pair in t.as_slice().chunks(2) {
                    if let [k, v] = pair {
                        if let Value::Str(s) = k {
                            d.insert_hashed(k.clone(), s.hash(), v.clone());
                        }
                    }
                }
                Value::Dict(Rc::new(d))
            }
            Some(other) => other,
            None => Value::Dict(Rc::new(PyDict::new())),
        }),
        doc: std::cell::RefCell::new(doc),
        dict: std::cell::RefCell::new(None),
        code,
    })))
}

/// CPython 3.11 takes `co_consts[0]` as the docstring when it is a str and the function's
/// first statement was a string expression; the compiler guarantees co_consts[0] is the
/// docstring or None in that case, so a str there is the doc unless the body merely uses it.
fn doc_is_first_const(code: &rpvm_object::function::PyCode) -> bool {
    // Without the source we follow CPython: a str in co_consts[0] of a function is its doc.
    !code.code.name().starts_with('<')
}

/// UNPACK_SEQUENCE / UNPACK_EX: `count` targets, or `before` + starred + `after`.
pub fn unpack(vm: &mut Vm, v: &Value, count: usize, after: Option<usize>) -> PyResult<Vec<Value>> {
    let items = match collect(vm, v) {
        Ok(items) => items,
        Err(e) if e.is_instance_of("TypeError") && get_iter(vm, v).is_err() => {
            return Err(type_error(format!(
                "cannot unpack non-iterable {} object",
                type_name(v)
            )))
        }
        Err(e) => return Err(e),
    };
    match after {
        None => {
            if items.len() > count {
                return Err(value_error(format!(
                    "too many values to unpack (expected {count})"
                )));
            }
            if items.len() < count {
                return Err(value_error(format!(
                    "not enough values to unpack (expected {count}, got {})",
                    items.len()
                )));
            }
            Ok(items)
        }
        Some(after) => {
            let before = count;
            if items.len() < before + after {
                return Err(value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                )));
            }
            let mut out = items[..before].to_vec();
            out.push(Value::list(items[before..items.len() - after].to_vec()));
            out.extend_from_slice(&items[items.len() - after..]);
            Ok(out)
        }
    }
}

/// FORMAT_VALUE: conversion (`!s`, `!r`, `!a`) then `format(value, spec)`.
pub fn format_value(
    vm: &mut Vm,
    v: &Value,
    conversion: usize,
    spec: Option<&Value>,
) -> PyResult<Value> {
    // `f"{s}"` and `f"{i}"`: no conversion, no spec, an exact str or int.
    if conversion == 0 && spec.is_none() {
        match v {
            Value::Str(_) => return Ok(v.clone()),
            Value::Int(i) => {
                return Ok(Value::Str(Rc::new(rpvm_object::str::PyStr::from_i64(*i))));
            }
            _ => {}
        }
    }
    let converted = match conversion {
        1 => Value::string(str_(vm, v)?),
        2 => Value::string(repr(vm, v)?),
        3 => Value::string(ascii(vm, v)?),
        _ => v.clone(),
    };
    let spec = spec.and_then(|s| s.as_str()).unwrap_or("");
    // An empty spec formats as `str()` for built-in values; a user class's `__format__`
    // still gets the call.
    if spec.is_empty() && !matches!(converted, Value::Instance(_) | Value::Exception(_)) {
        if let Value::Str(_) = converted {
            return Ok(converted);
        }
        return Ok(Value::string(str_(vm, &converted)?));
    }
    rpvm_object::protocols::format::format_value(vm, &converted, spec).map(Value::string)
}

/// SET_ADD.
pub fn set_add(vm: &mut Vm, target: &Value, v: Value) -> PyResult<()> {
    if let Value::Set(s) = target {
        rpvm_object::methods::set::add_value(vm, s, v)?;
    }
    Ok(())
}

/// SET_UPDATE (CPython's `set_update_internal`, which keeps its iteration order).
pub fn set_update(vm: &mut Vm, target: &Value, v: &Value) -> PyResult<()> {
    match target {
        Value::Set(t) => rpvm_object::methods::set::update_internal(vm, t, v),
        _ => Ok(()),
    }
}

/// DICT_UPDATE (`{**a}`) and DICT_MERGE (`f(**a)`, which rejects duplicate keys).
pub fn dict_update(
    vm: &mut Vm,
    target: &Value,
    v: &Value,
    merge: bool,
    func: &Value,
) -> PyResult<()> {
    let Value::Dict(d) = target else {
        return Ok(());
    };
    let items: Vec<(Value, Value)> = match v {
        Value::Dict(src) => src.items(),
        other => {
            let keys = match get_attr(vm, other, "keys") {
                Ok(k) => k,
                Err(_) => {
                    return Err(type_error(if merge {
                        format!(
                            "{} argument after ** must be a mapping, not {}",
                            callable_desc(vm, func),
                            type_name(other)
                        )
                    } else {
                        format!("'{}' object is not a mapping", type_name(other))
                    }))
                }
            };
            let keys = call(vm, &keys, &[], &[])?;
            let mut out = Vec::new();
            for k in collect(vm, &keys)? {
                let val = rpvm_object::protocols::subscript::get_item(vm, other, &k)?;
                out.push((k, val));
            }
            out
        }
    };
    for (k, val) in items {
        let h = hash_value(vm, &k)?;
        if merge {
            if !matches!(k, Value::Str(_)) {
                return Err(type_error("keywords must be strings"));
            }
            if d.get_hashed(&k, h).is_some() {
                return Err(type_error(format!(
                    "{} got multiple values for keyword argument '{}'",
                    callable_desc(vm, func),
                    k.as_str().unwrap_or("")
                )));
            }
        }
        d.insert_hashed(k, h, val);
    }
    Ok(())
}

fn callable_desc(vm: &mut Vm, func: &Value) -> String {
    match func {
        Value::Function(f) => {
            let qualname = str_(vm, &f.qualname.borrow().clone()).unwrap_or_default();
            match f.module.as_str() {
                Some(m) if m != "builtins" => format!("{m}.{qualname}()"),
                _ => format!("{qualname}()"),
            }
        }
        Value::Builtin(b) => format!("{}()", b.name),
        Value::Type(t) => format!("{}()", t.name),
        other => format!("{} object", type_name(other)),
    }
}

/// IMPORT_FROM.
pub fn import_from(vm: &mut Vm, module: &Value, name: &str) -> PyResult<Value> {
    match get_attr(vm, module, name) {
        Ok(v) => Ok(v),
        Err(_) => {
            // A circular import may have the submodule in sys.modules before the parent
            // package has the attribute.
            if let Value::Module(m) = module {
                if let Some(sub) = vm.modules.get_str(&format!("{}.{}", m.name, name)) {
                    return Ok(sub);
                }
            }
            let mname = match module {
                Value::Module(m) => m.name.clone(),
                _ => "?".into(),
            };
            Err(PyException::with_message(
                "ImportError",
                format!("cannot import name '{name}' from '{mname}' (unknown location)"),
            ))
        }
    }
}

/// IMPORT_STAR: honours `__all__`, else every name not starting with `_`.
pub fn import_star(vm: &mut Vm, module: &Value, ns: &Rc<PyDict>) -> PyResult<()> {
    let Value::Module(m) = module else {
        return Err(type_error("import * from a non-module"));
    };
    let names: Vec<Value> = match m.dict.get_str("__all__") {
        Some(all) => collect(vm, &all)?,
        None => m
            .dict
            .keys()
            .into_iter()
            .filter(|k| !k.as_str().unwrap_or("_").starts_with('_'))
            .collect(),
    };
    for n in names {
        let name = n.as_str().unwrap_or("").to_string();
        let v = get_attr(vm, module, &name)?;
        ns.set_str(&name, v);
    }
    Ok(())
}

/// CHECK_EXC_MATCH: `isinstance(exc, types)` for an except clause.
pub fn exception_matches(exc: &Value, types: &Value) -> PyResult<bool> {
    let class = type_of(exc);
    let check = |t: &Value| -> PyResult<bool> {
        match t {
            Value::Type(t) if t.kind == TypeKind::Exception => Ok(class.is_subtype(t)),
            _ => Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    };
    match types {
        Value::Tuple(ts) => {
            for t in ts.as_slice() {
                if check(t)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        t => check(t),
    }
}

/// RAISE_VARARGS: an exception instance from a class or an instance.
pub fn make_exception(vm: &mut Vm, exc: Value) -> PyResult<PyErr> {
    match exc {
        Value::Exception(e) => Ok(e),
        Value::Type(t) if t.kind == TypeKind::Exception => {
            match call(vm, &Value::Type(t.clone()), &[], &[])? {
                Value::Exception(e) => Ok(e),
                other => Err(type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    t.repr(),
                    type_name(&other)
                ))),
            }
        }
        _ => Err(type_error("exceptions must derive from BaseException")),
    }
}

/// `raise X from Y`.
pub fn set_cause(vm: &mut Vm, e: &PyErr, cause: Value) -> PyResult<()> {
    let cause = match cause {
        Value::None => Value::None,
        Value::Exception(_) => cause,
        Value::Type(t) if t.kind == TypeKind::Exception => {
            Value::Exception(make_exception(vm, Value::Type(t))?)
        }
        _ => {
            return Err(type_error(
                "exception causes must derive from BaseException",
            ))
        }
    };
    *e.cause.borrow_mut() = cause;
    e.suppress_context.set(true);
    Ok(())
}

/// BEFORE_WITH: returns the bound `__exit__` and the result of `__enter__()`.
pub fn before_with(vm: &mut Vm, mgr: &Value) -> PyResult<(Value, Value)> {
    let enter = get_attr(vm, mgr, "__enter__").map_err(|_| {
        type_error(format!(
            "'{}' object does not support the context manager protocol",
            type_name(mgr)
        ))
    })?;
    let exit = get_attr(vm, mgr, "__exit__").map_err(|_| {
        type_error(format!(
            "'{}' object does not support the context manager protocol (missed __exit__ method)",
            type_name(mgr)
        ))
    })?;
    let r = call(vm, &enter, &[], &[])?;
    Ok((exit, r))
}

/// Calls `obj.name(*args)`.
pub fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let m = get_attr(vm, obj, name)?;
    call(vm, &m, args, &[])
}

/// `len(v)`.
pub fn len(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    Ok(match v {
        Value::Str(s) => s.char_len(),
        Value::List(l) => l.len(),
        Value::Tuple(t) => t.len(),
        Value::Dict(d) => d.len(),
        Value::Set(s) | Value::FrozenSet(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::ByteArray(b) => b.len(),
        Value::Range(r) => r.len() as usize,
        // Native objects (memoryview, ...) answer `__len__` through their attributes.
        Value::Native(n) => match n.get_attr(vm, v, "__len__")? {
            Some(f) => match call(vm, &f, &[], &[])? {
                Value::Int(i) if i >= 0 => i as usize,
                _ => return Err(value_error("__len__() should return >= 0")),
            },
            None => {
                return Err(type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(v)
                )))
            }
        },
        _ => match rpvm_object::protocols::call::call_dunder(vm, v, "__len__", &[])? {
            Some(Value::Int(i)) if i >= 0 => i as usize,
            Some(_) => return Err(value_error("__len__() should return >= 0")),
            None => {
                return Err(type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(v)
                )))
            }
        },
    })
}

/// MATCH_KEYS: the values for `keys` in the mapping `subject`, or None.
pub fn match_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let Value::Dict(d) = subject else {
        let keys = collect(vm, keys)?;
        return rpvm_object::protocols::pattern::match_keys(vm, subject, &keys);
    };
    let keys = collect(vm, keys)?;
    let mut values = Vec::with_capacity(keys.len());
    for k in &keys {
        let h = hash_value(vm, k)?;
        match d.get_hashed(k, h) {
            Some(v) => values.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(Value::tuple(values))
}

/// MATCH_CLASS: positional and keyword sub-patterns' attributes, or None.
pub fn match_class(
    vm: &mut Vm,
    subject: &Value,
    cls: &Value,
    nargs: usize,
    names: &Value,
) -> PyResult<Value> {
    let Value::Type(t) = cls else {
        return Err(type_error("called match pattern must be a type"));
    };
    if !type_of(subject).is_subtype(t) {
        return Ok(Value::None);
    }
    let mut out = Vec::new();
    if nargs > 0 {
        let self_match = t.builtin
            && matches!(
                t.kind,
                TypeKind::Bool
                    | TypeKind::ByteArray
                    | TypeKind::Bytes
                    | TypeKind::Dict
                    | TypeKind::Float
                    | TypeKind::FrozenSet
                    | TypeKind::Int
                    | TypeKind::List
                    | TypeKind::Set
                    | TypeKind::Str
                    | TypeKind::Tuple
            );
        if self_match {
            if nargs > 1 {
                return Err(type_error(format!(
                    "{}() accepts 1 positional sub-pattern ({nargs} given)",
                    t.name
                )));
            }
            out.push(subject.clone());
        } else {
            let match_args = match t.lookup("__match_args__") {
                Some(m) => collect(vm, &m)?,
                None => vec![],
            };
            if nargs > match_args.len() {
                return Err(type_error(format!(
                    "{}() accepts {} positional sub-pattern{} ({nargs} given)",
                    t.name,
                    match_args.len(),
                    if match_args.len() == 1 { "" } else { "s" }
                )));
            }
            for name in &match_args[..nargs] {
                match get_attr(vm, subject, name.as_str().unwrap_or("")) {
                    Ok(v) => out.push(v),
                    Err(e) if e.is_instance_of("AttributeError") => return Ok(Value::None),
                    Err(e) => return Err(e),
                }
            }
        }
    }
    for name in collect(vm, names)? {
        match get_attr(vm, subject, name.as_str().unwrap_or("")) {
            Ok(v) => out.push(v),
            Err(e) if e.is_instance_of("AttributeError") => return Ok(Value::None),
            Err(e) => return Err(e),
        }
    }
    Ok(Value::tuple(out))
}

/// COPY_DICT_WITHOUT_KEYS (`case {"a": 1, **rest}`).
pub fn copy_dict_without_keys(vm: &mut Vm, subject: &Value, keys: &Value) -> PyResult<Value> {
    let d = match subject {
        Value::Dict(d) => d.copy(),
        _ => match rpvm_object::protocols::pattern::mapping_to_dict(vm, subject)? {
            Value::Dict(d) => d.copy(),
            _ => PyDict::new(),
        },
    };
    for k in collect(vm, keys)? {
        let h = hash_value(vm, &k)?;
        d.remove_hashed(&k, h);
    }
    Ok(Value::Dict(Rc::new(d)))
}

fn is_group(t: &Rc<PyType>) -> bool {
    t.name == "BaseExceptionGroup"
        || t.mro_tail
            .iter()
            .any(|b| b.name == "BaseExceptionGroup" && b.builtin)
}

/// CHECK_EG_MATCH for `except*`: (rest, matched), or (exc, None) when nothing matched.
/// Like CPython, a match becomes the exception being handled (`sys.exc_info()`).
pub fn check_eg_match(vm: &mut Vm, exc: &Value, match_type: &Value) -> PyResult<(Value, Value)> {
    check_except_star_type(match_type)?;
    let (matched, rest) = rpvm_object::exception_group::exception_group_match(vm, exc, match_type)?;
    if matched.is_none() {
        return Ok((exc.clone(), Value::None));
    }
    vm.handled_exception = matched.clone();
    Ok((rest, matched))
}

/// `check_except_star_type_valid`: classes only, and no exception groups.
fn check_except_star_type(match_type: &Value) -> PyResult<()> {
    let check = |t: &Value| -> PyResult<()> {
        match t {
            Value::Type(t) if t.kind == TypeKind::Exception => {
                if is_group(t) {
                    Err(type_error(
                        "catching ExceptionGroup with except* is not allowed. Use except instead.",
                    ))
                } else {
                    Ok(())
                }
            }
            _ => Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    };
    match match_type {
        Value::Tuple(ts) => ts.as_slice().iter().try_for_each(check),
        t => check(t),
    }
}

/// PREP_RERAISE_STAR: what to re-raise after the `except*` clauses ran.
pub fn prep_reraise_star(vm: &mut Vm, orig: &Value, excs: &Value) -> PyResult<Value> {
    let excs = collect(vm, excs)?;
    rpvm_object::exception_group::prep_reraise_star(vm, orig, excs)
}

/// Iterates `v` to the end (used by a few callers).
pub fn drain(vm: &mut Vm, v: &Value) -> PyResult<()> {
    let it = get_iter(vm, v)?;
    while next(vm, &it)?.is_some() {}
    Ok(())
}

/// Builds a set from values (used by the set-literal path).
pub fn new_set(vm: &mut Vm, items: &[Value]) -> PyResult<Value> {
    Ok(Value::Set(Rc::new(rpvm_object::set::PySet::from_table(
        table_from(vm, items)?,
    ))))
}
