//! The `copy` module: `copy`, `deepcopy` (with a memo dict keyed by `id`, so shared and
//! cyclic structures are copied once) and the `Error` exception. Instances of user
//! classes are copied through `__copy__` / `__deepcopy__(memo)` when defined, else by
//! copying their `__dict__` (passed to `__setstate__` when the class has one).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::typeobj::builtin_types;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::split;
use crate::numeric::id_of;

fn call_type(vm: &mut Vm, t: &Rc<rpvm_object::typeobj::PyType>, arg: Value) -> PyResult<Value> {
    call(vm, &Value::Type(t.clone()), &[arg], &[])
}

fn copy_dict(vm: &mut Vm, d: &PyDict) -> PyResult<Rc<PyDict>> {
    let out = Rc::new(PyDict::new());
    for (k, v) in d.items() {
        let h = hash_value(vm, &k)?;
        out.insert_hashed(k, h, v);
    }
    Ok(out)
}

/// A shallow copy of `x`.
pub fn shallow(vm: &mut Vm, x: &Value) -> PyResult<Value> {
    let t = builtin_types();
    Ok(match x {
        Value::List(l) => Value::list(l.snapshot()),
        Value::Dict(d) => Value::Dict(copy_dict(vm, d)?),
        Value::Set(_) => call_type(vm, &t.set, x.clone())?,
        Value::ByteArray(_) => call_type(vm, &t.bytearray, x.clone())?,
        Value::Instance(i) => {
            let cls = i.class.borrow().clone();
            if let Some(f) = cls.lookup("__copy__") {
                // CPython: `getattr(cls, "__copy__")(x)`.
                return call_with_self(vm, x, "__copy__", f, &[]);
            }
            let state = get_state(vm, x, &cls, i)?;
            let (new, fill) = new_like(vm, &cls, i)?;
            set_state(vm, &new, &cls, state)?;
            if let Some(fill) = fill {
                fill_base(vm, &fill, i, None)?;
            }
            new
        }
        _ => x.clone(),
    })
}

/// Calls the class attribute `f` (found as `name` on `x`'s class) with `x` first, as
/// `getattr(type(x), name)(x, ...)`; other descriptors are bound through `getattr(x, name)`.
fn call_with_self(vm: &mut Vm, x: &Value, name: &str, f: Value, rest: &[Value]) -> PyResult<Value> {
    if matches!(f, Value::Function(_) | Value::Builtin(_)) {
        let mut a = Vec::with_capacity(rest.len() + 1);
        a.push(x.clone());
        a.extend_from_slice(rest);
        return call(vm, &f, &a, &[]);
    }
    let bound = get_attr(vm, x, name)?;
    call(vm, &bound, rest, &[])
}

/// `copyreg._slotnames(cls)`: the `__slots__` names of the MRO (mangled; without
/// `__dict__` and `__weakref__`).
fn slot_names(vm: &mut Vm, cls: &Rc<rpvm_object::typeobj::PyType>) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    let mut mro = vec![cls.clone()];
    mro.extend(cls.mro_tail.iter().cloned());
    for c in mro {
        let Some(slots) = c.dict.get_str("__slots__") else {
            continue;
        };
        let names = match &slots {
            Value::Str(_) => vec![slots.clone()],
            _ => rpvm_object::protocols::iter::collect(vm, &slots)?,
        };
        for n in names {
            let Some(n) = n.as_str() else { continue };
            if n == "__dict__" || n == "__weakref__" {
                continue;
            }
            if n.starts_with("__") && !n.ends_with("__") {
                let stripped = c.name.trim_start_matches('_');
                if !stripped.is_empty() {
                    out.push(format!("_{stripped}{n}"));
                    continue;
                }
            }
            out.push(n.to_string());
        }
    }
    Ok(out)
}

/// The state `object.__reduce_ex__(4)` records: `__getstate__()` when the class defines
/// it, else the `__dict__` (`None` when empty) paired with a dict of the set slots.
/// rpvm keeps slot values in the instance dict, so they are split out by name.
fn get_state(
    vm: &mut Vm,
    x: &Value,
    cls: &Rc<rpvm_object::typeobj::PyType>,
    i: &PyInstance,
) -> PyResult<Value> {
    if let Some(f) = cls.lookup("__getstate__") {
        return call_with_self(vm, x, "__getstate__", f, &[]);
    }
    let slots = if cls.hooks() & rpvm_object::typeobj::HOOK_SLOTS != 0 {
        slot_names(vm, cls)?
    } else {
        Vec::new()
    };
    let dict = Rc::new(PyDict::new());
    let slot_state = Rc::new(PyDict::new());
    for (k, v) in i.dict.items() {
        let h = hash_value(vm, &k)?;
        if k.as_str().is_some_and(|n| slots.iter().any(|s| s == n)) {
            slot_state.insert_hashed(k, h, v);
        } else {
            dict.insert_hashed(k, h, v);
        }
    }
    let state = if dict.is_empty() {
        Value::None
    } else {
        Value::Dict(dict)
    };
    if !slot_state.is_empty() {
        // In the slots' declaration order, as CPython reads them.
        let ordered = Rc::new(PyDict::new());
        for n in &slots {
            if let Some(v) = slot_state.get_str(n) {
                ordered.set_str(n, v);
            }
        }
        return Ok(Value::tuple(vec![state, Value::Dict(ordered)]));
    }
    Ok(state)
}

/// `cls.__new__(cls)` for a copy: an instance with an empty built-in base of the same
/// kind (a list or dict base is filled in afterwards, as `_reconstruct` appends
/// `listitems`/sets `dictitems` after the state). Returns the instance and the base to
/// fill, if any.
fn new_like(
    vm: &mut Vm,
    cls: &Rc<rpvm_object::typeobj::PyType>,
    i: &PyInstance,
) -> PyResult<(Value, Option<Value>)> {
    let base = i.builtin_base.borrow().clone();
    let (base, fill) = match base {
        Some(b @ Value::Native(_)) => (Some(b), None),
        Some(Value::List(_)) => {
            let l = Value::list(Vec::new());
            (Some(l.clone()), Some(l))
        }
        Some(Value::Dict(_)) => {
            let d = Value::Dict(Rc::new(PyDict::new()));
            (Some(d.clone()), Some(d))
        }
        Some(b) => (Some(shallow(vm, &b)?), None),
        None => (None, None),
    };
    Ok((Value::Instance(PyInstance::new(cls.clone(), base)), fill))
}

/// Copies the items of `i`'s list or dict base into `fill` (deeply with a memo).
fn fill_base(vm: &mut Vm, fill: &Value, i: &PyInstance, memo: Option<&Rc<PyDict>>) -> PyResult<()> {
    let base = i.builtin_base.borrow().clone();
    match (base, fill) {
        (Some(Value::List(src)), Value::List(dst)) => {
            for item in src.snapshot() {
                let item = match memo {
                    Some(m) => deep(vm, &item, m)?,
                    None => item,
                };
                dst.push(item);
            }
        }
        (Some(Value::Dict(src)), Value::Dict(dst)) => {
            for (k, v) in src.items() {
                let (k, v) = match memo {
                    Some(m) => (deep(vm, &k, m)?, deep(vm, &v, m)?),
                    None => (k, v),
                };
                let h = hash_value(vm, &k)?;
                dst.insert_hashed(k, h, v);
            }
        }
        _ => {}
    }
    Ok(())
}

/// The state step of `copy._reconstruct`: `__setstate__(state)` when the class has it,
/// else the dict part updates `__dict__` and the slot part is set with `setattr`.
fn set_state(
    vm: &mut Vm,
    new: &Value,
    cls: &Rc<rpvm_object::typeobj::PyType>,
    state: Value,
) -> PyResult<()> {
    if state.is_none() {
        return Ok(());
    }
    if let Some(f) = cls.lookup("__setstate__") {
        call_with_self(vm, new, "__setstate__", f, &[state])?;
        return Ok(());
    }
    let (state, slot_state) = match &state {
        Value::Tuple(t) if t.len() == 2 => (t.as_slice()[0].clone(), t.as_slice()[1].clone()),
        _ => (state, Value::None),
    };
    match (new, &state) {
        (_, Value::None) => {}
        (Value::Instance(ni), Value::Dict(sd)) => {
            for (k, v) in sd.items() {
                let h = hash_value(vm, &k)?;
                ni.dict.insert_hashed(k, h, v);
            }
        }
        _ => {
            let d = get_attr(vm, new, "__dict__")?;
            let update = get_attr(vm, &d, "update")?;
            call(vm, &update, &[state], &[])?;
        }
    }
    if !slot_state.is_none() {
        let items = get_attr(vm, &slot_state, "items")?;
        let items = call(vm, &items, &[], &[])?;
        for pair in rpvm_object::protocols::iter::collect(vm, &items)? {
            let kv = rpvm_object::protocols::iter::collect(vm, &pair)?;
            if let [k, v] = kv.as_slice() {
                let name = k
                    .as_str()
                    .ok_or_else(|| type_error("attribute name must be string"))?
                    .to_string();
                rpvm_object::protocols::attr::set_attr(vm, new, &name, v.clone())?;
            }
        }
    }
    Ok(())
}

fn is_atomic(x: &Value) -> bool {
    !matches!(
        x,
        Value::List(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::ByteArray(_)
            | Value::Tuple(_)
            | Value::Instance(_)
            | Value::BoundMethod(_)
    )
}

fn memo_get(memo: &PyDict, x: &Value) -> Option<Value> {
    let id = id_of(x);
    memo.get_hashed(&Value::Int(id), id)
}

fn memo_put(memo: &PyDict, x: &Value, y: Value) {
    let id = id_of(x);
    memo.insert_hashed(Value::Int(id), id, y);
}

/// A deep copy of `x`, recording copies in `memo` (a dict from `id` to copy).
pub fn deep(vm: &mut Vm, x: &Value, memo: &Rc<PyDict>) -> PyResult<Value> {
    if is_atomic(x) {
        return Ok(x.clone());
    }
    if let Some(y) = memo_get(memo, x) {
        return Ok(y);
    }
    let t = builtin_types();
    let y = match x {
        Value::List(l) => {
            let out = Rc::new(rpvm_object::list::PyList::new(Vec::new()));
            let y = Value::List(out.clone());
            memo_put(memo, x, y.clone());
            for item in l.snapshot() {
                let c = deep(vm, &item, memo)?;
                out.push(c);
            }
            y
        }
        Value::Dict(d) => {
            let out = Rc::new(PyDict::new());
            let y = Value::Dict(out.clone());
            memo_put(memo, x, y.clone());
            for (k, v) in d.items() {
                let k2 = deep(vm, &k, memo)?;
                let v2 = deep(vm, &v, memo)?;
                let h = hash_value(vm, &k2)?;
                out.insert_hashed(k2, h, v2);
            }
            y
        }
        Value::Tuple(tu) => {
            let mut items = Vec::with_capacity(tu.len());
            for item in tu.as_slice() {
                items.push(deep(vm, item, memo)?);
            }
            if let Some(y) = memo_get(memo, x) {
                return Ok(y);
            }
            if items.iter().zip(tu.as_slice()).all(|(a, b)| a.is(b)) {
                x.clone()
            } else {
                Value::tuple(items)
            }
        }
        Value::Set(s) | Value::FrozenSet(s) => {
            let mut items = Vec::new();
            for item in s.items() {
                items.push(deep(vm, &item, memo)?);
            }
            let ty = if matches!(x, Value::Set(_)) {
                &t.set
            } else {
                &t.frozenset
            };
            call_type(vm, ty, Value::list(items))?
        }
        Value::ByteArray(_) => call_type(vm, &t.bytearray, x.clone())?,
        Value::Instance(i) => {
            let cls = i.class.borrow().clone();
            if let Some(f) = cls.lookup("__deepcopy__") {
                let y = call_with_self(vm, x, "__deepcopy__", f, &[Value::Dict(memo.clone())])?;
                // "If is its own copy, don't memoize."
                if !y.is(x) {
                    memo_put(memo, x, y.clone());
                }
                return Ok(y);
            }
            let native_base = matches!(&*i.builtin_base.borrow(), Some(Value::Native(_)));
            if native_base
                && cls.lookup("__copy__").is_some()
                && cls.lookup("append").is_some()
                && cls.lookup("clear").is_some()
            {
                return deep_sequence(vm, x, &cls, i, memo);
            }
            let state = get_state(vm, x, &cls, i)?;
            let (new, fill) = match i.builtin_base.borrow().clone() {
                Some(Value::List(_) | Value::Dict(_) | Value::Native(_)) | None => {
                    new_like(vm, &cls, i)?
                }
                Some(b) => {
                    let b = deep(vm, &b, memo)?;
                    (Value::Instance(PyInstance::new(cls.clone(), Some(b))), None)
                }
            };
            memo_put(memo, x, new.clone());
            if !state.is_none() {
                let state = deep(vm, &state, memo)?;
                set_state(vm, &new, &cls, state)?;
            }
            if let Some(fill) = fill {
                fill_base(vm, &fill, i, Some(memo))?;
            }
            return Ok(new);
        }
        Value::BoundMethod(m) => {
            // `type(x)(x.__func__, deepcopy(x.__self__, memo))`
            let self_ = deep(vm, &m.self_, memo)?;
            Value::BoundMethod(Rc::new(rpvm_object::function::BoundMethod {
                func: m.func.clone(),
                self_,
            }))
        }
        _ => x.clone(),
    };
    memo_put(memo, x, y.clone());
    Ok(y)
}

/// A deep copy of a native-state sequence such as `deque`, as `_reconstruct` builds it
/// from its `__reduce__`: an empty copy (same class and `maxlen`), memoised, its
/// `__dict__` state, then each item deep-copied and appended.
fn deep_sequence(
    vm: &mut Vm,
    x: &Value,
    cls: &Rc<rpvm_object::typeobj::PyType>,
    i: &PyInstance,
    memo: &Rc<PyDict>,
) -> PyResult<Value> {
    let items = rpvm_object::protocols::iter::collect(vm, x)?;
    let f = cls.lookup("__copy__").unwrap_or(Value::None);
    let y = call_with_self(vm, x, "__copy__", f, &[])?;
    let clear = get_attr(vm, &y, "clear")?;
    call(vm, &clear, &[], &[])?;
    memo_put(memo, x, y.clone());
    let state = Value::Dict(copy_dict(vm, &i.dict)?);
    if !i.dict.is_empty() {
        let state = deep(vm, &state, memo)?;
        set_state(vm, &y, cls, state)?;
    }
    let append = get_attr(vm, &y, "append")?;
    for item in items {
        let c = deep(vm, &item, memo)?;
        call(vm, &append, &[c], &[])?;
    }
    Ok(y)
}

fn copy_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if let Some((k, _)) = kws
        .iter()
        .find(|(k, _)| k.as_str() != Some("x") || !pos.is_empty())
    {
        let k = k.as_str().unwrap_or("?");
        return Err(type_error(if k == "x" {
            "copy() got multiple values for argument 'x'".to_string()
        } else {
            format!("copy() got an unexpected keyword argument '{k}'")
        }));
    }
    let x = match (pos.as_slice(), kws.first()) {
        ([x], None) | ([], Some((_, x))) => x.clone(),
        ([], None) => {
            return Err(type_error(
                "copy() missing 1 required positional argument: 'x'",
            ))
        }
        _ => {
            return Err(type_error(format!(
                "copy() takes 1 positional argument but {} were given",
                pos.len()
            )))
        }
    };
    shallow(vm, &x)
}

fn deepcopy_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if pos.len() > 3 {
        return Err(type_error(format!(
            "deepcopy() takes from 1 to 3 positional arguments but {} were given",
            pos.len()
        )));
    }
    let Some(x) = pos.first() else {
        return Err(type_error(
            "deepcopy() missing 1 required positional argument: 'x'",
        ));
    };
    let mut memo = pos.get(1).cloned();
    for (k, v) in kws {
        if k.as_str() == Some("memo") {
            memo = Some(v);
        }
    }
    let memo = match memo {
        Some(Value::Dict(d)) => d,
        _ => Rc::new(PyDict::new()),
    };
    deep(vm, x, &memo)
}

/// Creates the `copy` module (also registered in `vm.modules`).
pub fn make_copy(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("copy"));
    d.set_str("copy", builtin_fn("copy", copy_fn));
    d.set_str("deepcopy", builtin_fn("deepcopy", deepcopy_fn));
    if let Some(e) = builtin_types().exception("Exception") {
        if let Ok(Value::Type(err)) = rpvm_object::subclass::new_class(
            vm,
            None,
            &[
                Value::str("Error"),
                Value::tuple(vec![Value::Type(e)]),
                Value::Dict({
                    let ns = Rc::new(PyDict::new());
                    ns.set_str("__module__", Value::str("copy"));
                    ns
                }),
            ],
            &[],
        ) {
            d.set_str("Error", Value::Type(err.clone()));
            d.set_str("error", Value::Type(err));
        }
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "copy".to_string(),
        dict: d,
    }));
    vm.modules.set_str("copy", m.clone());
    m
}
