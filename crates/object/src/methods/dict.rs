//! Methods of `dict`. The views returned by `keys()`, `values()` and `items()` live in
//! [`dictview`].
//!
//! `dict.fromkeys` is a classmethod: `args[0]` is the class (see [`CLASS_METHODS`]).

#[path = "dictview.rs"]
pub mod dictview;

use std::rc::Rc;

use crate::dict::PyDict;
use crate::exception::{key_error, type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::iter::DictPart;
use crate::methods::args::check_args;
use crate::methods::list::{check_positional, for_each};
use crate::protocols::attr::get_attr;
use crate::protocols::call::{call, split_args};
use crate::protocols::hash::hash_value;
use crate::protocols::iter::collect;
use crate::protocols::subscript::get_item;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `dict`.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("get", get),
    ("setdefault", setdefault),
    ("pop", pop),
    ("popitem", popitem),
    ("keys", keys),
    ("values", values),
    ("items", items),
    ("update", update),
    ("copy", copy),
    ("clear", clear),
    ("fromkeys", fromkeys),
    ("__reversed__", reversed),
];

/// Entries of [`METHODS`] that are classmethods: looked up on the type or an instance,
/// they must be called with the class as `args[0]`.
pub const CLASS_METHODS: &[&str] = &["fromkeys"];

fn this(args: &[Value]) -> PyResult<Rc<PyDict>> {
    match args.first() {
        Some(Value::Dict(d)) => Ok(d.clone()),
        Some(Value::Instance(inst)) => match &*inst.builtin_base.borrow() {
            Some(Value::Dict(d)) => Ok(d.clone()),
            _ => Err(descriptor_error(&args[0])),
        },
        Some(other) => Err(descriptor_error(other)),
        None => Err(type_error("descriptor needs an argument")),
    }
}

fn descriptor_error(v: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "descriptor requires a 'dict' object but received a '{}'",
        crate::protocols::type_name(v)
    ))
}

/// `dict.get(key, default=None)`.
fn get(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_positional("dict.get", "get", &args[1..], kwnames, 1, 2)?;
    let h = hash_value(vm, &args[1])?;
    let key = crate::protocols::hash::canonical_key(vm, &args[0], &args[1], h)?;
    Ok(d.get_hashed(&key, h)
        .unwrap_or_else(|| args.get(2).cloned().unwrap_or(Value::None)))
}

/// `dict.setdefault(key, default=None)`.
fn setdefault(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_positional("dict.setdefault", "setdefault", &args[1..], kwnames, 1, 2)?;
    let h = hash_value(vm, &args[1])?;
    let key = crate::protocols::hash::canonical_key(vm, &args[0], &args[1], h)?;
    if let Some(v) = d.get_hashed(&key, h) {
        return Ok(v);
    }
    let default = args.get(2).cloned().unwrap_or(Value::None);
    d.insert_hashed(key, h, default.clone());
    Ok(default)
}

/// `dict.pop(key[, default])`: KeyError(key) when absent and no default.
fn pop(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_positional("dict.pop", "pop", &args[1..], kwnames, 1, 2)?;
    let h = hash_value(vm, &args[1])?;
    let key = crate::protocols::hash::canonical_key(vm, &args[0], &args[1], h)?;
    match d.remove_hashed(&key, h) {
        Some(v) => Ok(v),
        None => match args.get(2) {
            Some(default) => Ok(default.clone()),
            None => Err(key_error(args[1].clone())),
        },
    }
}

/// `dict.popitem()`: the last item; KeyError `popitem(): dictionary is empty`.
fn popitem(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.popitem", &args[1..], kwnames, 0, 0)?;
    match d.pop_last() {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(key_error(Value::str("popitem(): dictionary is empty"))),
    }
}

/// `dict.keys()`.
fn keys(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.keys", &args[1..], kwnames, 0, 0)?;
    Ok(dictview::new_view(d, DictPart::Keys))
}

/// `dict.values()`.
fn values(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.values", &args[1..], kwnames, 0, 0)?;
    Ok(dictview::new_view(d, DictPart::Values))
}

/// `dict.items()`.
fn items(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.items", &args[1..], kwnames, 0, 0)?;
    Ok(dictview::new_view(d, DictPart::Items))
}

/// `dict.__reversed__()`: a `dict_reversekeyiterator`.
fn reversed(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.__reversed__", &args[1..], kwnames, 0, 0)?;
    Ok(dictview::reversed_iter(d, DictPart::Keys))
}

/// `dict.copy()`.
fn copy(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.copy", &args[1..], kwnames, 0, 0)?;
    Ok(Value::Dict(Rc::new(d.copy())))
}

/// `dict.clear()`.
fn clear(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    check_args("dict.clear", &args[1..], kwnames, 0, 0)?;
    d.clear();
    Ok(Value::None)
}

/// `dict.update([other], **kwargs)`.
fn update(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let d = this(args)?;
    let (pos, kw) = split_args(&args[1..], kwnames);
    if pos.len() > 1 {
        return Err(type_error(format!(
            "update expected at most 1 argument, got {}",
            pos.len()
        )));
    }
    if let Some(src) = pos.first() {
        update_from(vm, &d, src)?;
    }
    for (k, v) in kw {
        d.set_str(k, v.clone());
    }
    Ok(Value::None)
}

/// Adds the items of `src` to `d` as `dict.update(src)` / `dict(src)` do
/// (`dict_update_arg`): an exact dict is merged; an object with a `keys` attribute is
/// read as `src[k]` for `k in src.keys()`; anything else must be an iterable of pairs
/// (TypeError `cannot convert dictionary update sequence element #0 to a sequence`,
/// ValueError `dictionary update sequence element #0 has length 3; 2 is required`).
/// Items are inserted one at a time, so an error keeps the earlier ones.
pub fn update_from(vm: &mut Vm, d: &PyDict, src: &Value) -> PyResult<()> {
    if let Value::Dict(s) = src {
        // Keys keep their stored hashes (no `__hash__` calls), as PyDict_Merge does.
        let pairs: Vec<(Value, i64, Value)> = s
            .map()
            .iter()
            .map(|(k, v)| (k.value.clone(), k.hash, v.clone()))
            .collect();
        for (k, h, v) in pairs {
            d.insert_hashed(k, h, v);
        }
        return Ok(());
    }
    let keys_method = match get_attr(vm, src, "keys") {
        Ok(m) => Some(m),
        Err(e) if e.is_instance_of("AttributeError") => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = keys_method {
        let ks = call(vm, &m, &[], &[])?;
        for k in collect(vm, &ks)? {
            let v = get_item(vm, src, &k)?;
            let h = hash_value(vm, &k)?;
            d.insert_hashed(k, h, v);
        }
        return Ok(());
    }
    let mut i = 0usize;
    for_each(vm, src, |vm, item| {
        let pair = match &item {
            Value::List(_) | Value::Tuple(_) => collect(vm, &item)?,
            _ => match collect(vm, &item) {
                Ok(p) => p,
                Err(e) if e.is_instance_of("TypeError") => {
                    return Err(type_error(format!(
                        "cannot convert dictionary update sequence element #{i} to a sequence"
                    )))
                }
                Err(e) => return Err(e),
            },
        };
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut it = pair.into_iter();
        let (Some(k), Some(v)) = (it.next(), it.next()) else {
            return Ok(true);
        };
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
        i += 1;
        Ok(true)
    })
}

/// `dict.fromkeys(iterable, value=None)` (a classmethod: `args[0]` is the class).
fn fromkeys(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let rest = args.get(1..).unwrap_or(&[]);
    check_positional("dict.fromkeys", "fromkeys", rest, kwnames, 1, 2)?;
    let value = rest.get(1).cloned().unwrap_or(Value::None);
    if let Some(cls @ Value::Type(t)) = args.first() {
        if !t.builtin {
            return fromkeys_subclass(vm, cls, &rest[0], value);
        }
    }
    let d = PyDict::new();
    for_each(vm, &rest[0], |vm, key| {
        let h = hash_value(vm, &key)?;
        d.insert_hashed(key, h, value.clone());
        Ok(true)
    })?;
    Ok(Value::Dict(Rc::new(d)))
}

/// `dict.fromkeys` on a subclass: `cls()`, then `d[key] = value` for each key (through
/// the subclass's `__setitem__`, if any).
fn fromkeys_subclass(vm: &mut Vm, cls: &Value, keys: &Value, value: Value) -> PyResult<Value> {
    let d = crate::protocols::call::call(vm, cls, &[], &[])?;
    for_each(vm, keys, |vm, key| {
        crate::protocols::subscript::set_item(vm, &d, &key, value.clone())?;
        Ok(true)
    })?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocols::repr::repr;

    fn vm() -> Vm {
        Vm::new()
    }

    fn call_kw(f: NativeFn, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
        let kw: Vec<Value> = kwnames.iter().map(|k| Value::str(k)).collect();
        f(&mut vm(), args, &kw)
    }

    fn call(f: NativeFn, args: &[Value]) -> PyResult<Value> {
        call_kw(f, args, &[])
    }

    fn err(r: PyResult<Value>) -> String {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => format!(
                "{}: {}",
                e.type_name(),
                match e.args().first() {
                    Some(Value::Str(s)) => s.as_str().to_string(),
                    Some(other) => repr(&mut vm(), other).unwrap(),
                    None => String::new(),
                }
            ),
        }
    }

    fn r(v: &Value) -> String {
        repr(&mut vm(), v).unwrap()
    }

    fn dict(pairs: &[(&str, i64)]) -> Value {
        let d = PyDict::new();
        for (k, v) in pairs {
            d.set_str(k, Value::Int(*v));
        }
        Value::Dict(Rc::new(d))
    }

    #[test]
    fn get_setdefault_pop_popitem() {
        let d = dict(&[("one", 1), ("two", 2), ("three", 3)]);
        assert_eq!(r(&call(get, &[d.clone(), Value::str("two")]).unwrap()), "2");
        assert_eq!(
            r(&call(get, &[d.clone(), Value::str("five")]).unwrap()),
            "None"
        );
        assert_eq!(
            r(&call(get, &[d.clone(), Value::str("five"), Value::Int(5)]).unwrap()),
            "5"
        );
        assert_eq!(r(&call(pop, &[d.clone(), Value::str("two")]).unwrap()), "2");
        assert_eq!(
            r(&call(pop, &[d.clone(), Value::str("x"), Value::str("default")]).unwrap()),
            "'default'"
        );
        assert_eq!(r(&d), "{'one': 1, 'three': 3}");
        assert_eq!(
            r(&call(setdefault, &[d.clone(), Value::str("one"), Value::Int(0)]).unwrap()),
            "1"
        );
        assert_eq!(
            r(&call(setdefault, &[d.clone(), Value::str("new")]).unwrap()),
            "None"
        );
        assert_eq!(r(&d), "{'one': 1, 'three': 3, 'new': None}");
        assert_eq!(
            r(&call(popitem, std::slice::from_ref(&d)).unwrap()),
            "('new', None)"
        );
        assert_eq!(r(&d), "{'one': 1, 'three': 3}");
        let empty = dict(&[]);
        let cases: Vec<(NativeFn, Vec<Value>, Vec<&str>, &str)> = vec![
            (
                get,
                vec![empty.clone()],
                vec![],
                "TypeError: get expected at least 1 argument, got 0",
            ),
            (
                get,
                vec![empty.clone(), Value::Int(1), Value::Int(2), Value::Int(3)],
                vec![],
                "TypeError: get expected at most 2 arguments, got 3",
            ),
            (
                get,
                vec![empty.clone(), Value::list(vec![])],
                vec![],
                "TypeError: unhashable type: 'list'",
            ),
            (
                get,
                vec![empty.clone(), Value::Int(1), Value::Int(1)],
                vec!["x"],
                "TypeError: dict.get() takes no keyword arguments",
            ),
            (
                pop,
                vec![empty.clone()],
                vec![],
                "TypeError: pop expected at least 1 argument, got 0",
            ),
            (
                pop,
                vec![empty.clone(), Value::Int(1)],
                vec![],
                "KeyError: 1",
            ),
            (
                pop,
                vec![empty.clone(), Value::Int(1), Value::Int(2), Value::Int(3)],
                vec![],
                "TypeError: pop expected at most 2 arguments, got 3",
            ),
            (
                popitem,
                vec![empty.clone(), Value::Int(1)],
                vec![],
                "TypeError: dict.popitem() takes no arguments (1 given)",
            ),
            (
                popitem,
                vec![empty.clone()],
                vec![],
                "KeyError: popitem(): dictionary is empty",
            ),
            (
                setdefault,
                vec![empty.clone()],
                vec![],
                "TypeError: setdefault expected at least 1 argument, got 0",
            ),
            (
                setdefault,
                vec![empty.clone(), Value::Int(1)],
                vec!["x"],
                "TypeError: dict.setdefault() takes no keyword arguments",
            ),
            (
                keys,
                vec![empty.clone(), Value::Int(1)],
                vec![],
                "TypeError: dict.keys() takes no arguments (1 given)",
            ),
            (
                copy,
                vec![empty.clone(), Value::Int(1)],
                vec![],
                "TypeError: dict.copy() takes no arguments (1 given)",
            ),
        ];
        for (f, a, kw, want) in cases {
            assert_eq!(err(call_kw(f, &a, &kw)), want);
        }
    }

    #[test]
    fn update_and_fromkeys() {
        let d = dict(&[("x", 0)]);
        call_kw(
            update,
            &[d.clone(), dict(&[("a", 1)]), Value::Int(2)],
            &["b"],
        )
        .unwrap();
        let pairs = Value::list(vec![
            Value::tuple(vec![Value::str("c"), Value::Int(3)]),
            Value::tuple(vec![Value::str("x"), Value::Int(111)]),
            Value::str("kv"),
        ]);
        call(update, &[d.clone(), pairs]).unwrap();
        assert_eq!(r(&d), "{'x': 111, 'a': 1, 'b': 2, 'c': 3, 'k': 'v'}");
        let e = dict(&[]);
        assert_eq!(
            err(call(update, &[e.clone(), Value::Int(1)])),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            err(call(update, &[e.clone(), Value::list(vec![Value::Int(1)])])),
            "TypeError: cannot convert dictionary update sequence element #0 to a sequence"
        );
        let bad = Value::list(vec![
            Value::tuple(vec![Value::Int(1), Value::Int(2)]),
            Value::tuple(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
        ]);
        assert_eq!(
            err(call(update, &[e.clone(), bad])),
            "ValueError: dictionary update sequence element #1 has length 3; 2 is required"
        );
        // The first pair was kept, as in CPython.
        assert_eq!(r(&e), "{1: 2}");
        assert_eq!(
            err(call(update, &[e.clone(), dict(&[]), dict(&[])])),
            "TypeError: update expected at most 1 argument, got 2"
        );
        let fk = call(fromkeys, &[Value::None, Value::str("abc")]).unwrap();
        assert_eq!(r(&fk), "{'a': None, 'b': None, 'c': None}");
        let fk = call(
            fromkeys,
            &[
                Value::None,
                Value::list(vec![Value::Int(1), Value::Int(2)]),
                Value::Int(0),
            ],
        )
        .unwrap();
        assert_eq!(r(&fk), "{1: 0, 2: 0}");
        assert_eq!(
            err(call(fromkeys, &[Value::None])),
            "TypeError: fromkeys expected at least 1 argument, got 0"
        );
        assert_eq!(
            err(call(fromkeys, &[Value::None, Value::Int(1)])),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            err(call_kw(
                fromkeys,
                &[Value::None, Value::list(vec![]), Value::Int(2)],
                &["value"]
            )),
            "TypeError: dict.fromkeys() takes no keyword arguments"
        );
        let c = call(copy, std::slice::from_ref(&d)).unwrap();
        call(clear, std::slice::from_ref(&c)).unwrap();
        assert_eq!(r(&c), "{}");
        assert_eq!(r(&d), "{'x': 111, 'a': 1, 'b': 2, 'c': 3, 'k': 'v'}");
    }
}
