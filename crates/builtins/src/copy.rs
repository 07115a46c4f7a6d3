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
            if cls.lookup("__copy__").is_some() {
                let f = get_attr(vm, x, "__copy__")?;
                return call(vm, &f, &[], &[]);
            }
            let base = match i.builtin_base.borrow().clone() {
                Some(b @ Value::Native(_)) => Some(b),
                Some(b) => Some(shallow(vm, &b)?),
                None => None,
            };
            let new = Value::Instance(PyInstance::new(cls.clone(), base));
            let state = Value::Dict(copy_dict(vm, &i.dict)?);
            set_state(vm, &new, &cls, state)?;
            new
        }
        _ => x.clone(),
    })
}

fn set_state(
    vm: &mut Vm,
    new: &Value,
    cls: &Rc<rpvm_object::typeobj::PyType>,
    state: Value,
) -> PyResult<()> {
    if cls.lookup("__setstate__").is_some() {
        let f = get_attr(vm, new, "__setstate__")?;
        call(vm, &f, &[state], &[])?;
        return Ok(());
    }
    if let (Value::Instance(ni), Value::Dict(sd)) = (new, &state) {
        for (k, v) in sd.items() {
            let h = hash_value(vm, &k)?;
            ni.dict.insert_hashed(k, h, v);
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
            if cls.lookup("__deepcopy__").is_some() {
                let f = get_attr(vm, x, "__deepcopy__")?;
                let y = call(vm, &f, &[Value::Dict(memo.clone())], &[])?;
                memo_put(memo, x, y.clone());
                return Ok(y);
            }
            let base = match i.builtin_base.borrow().clone() {
                Some(b @ Value::Native(_)) => Some(b),
                Some(b) => Some(deep(vm, &b, memo)?),
                None => None,
            };
            let new = Value::Instance(PyInstance::new(cls.clone(), base));
            memo_put(memo, x, new.clone());
            let state = deep(vm, &Value::Dict(i.dict.clone()), memo)?;
            set_state(vm, &new, &cls, state)?;
            return Ok(new);
        }
        _ => x.clone(),
    };
    memo_put(memo, x, y.clone());
    Ok(y)
}

fn copy_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if args.len() != 1 || !kw.is_empty() {
        return Err(type_error(format!(
            "copy() takes 1 positional argument but {} were given",
            args.len()
        )));
    }
    shallow(vm, &args[0])
}

fn deepcopy_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
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
