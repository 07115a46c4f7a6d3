//! The `collections` module: `defaultdict`, `Counter` and `OrderedDict` (dict subclasses
//! whose extra state lives in the instance), `deque` (native state in `builtin_base`) and
//! `namedtuple` (tuple subclasses created per call).

use rpvm_object::native::NativeRef;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use rpvm_object::descriptors::{ClassMethod, Property, StaticMethod};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{index_error, key_error, type_error, value_error, PyErr, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::instance::{base_value, PyInstance};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::arith::{binary_op, BinOp};
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{compare_bool, equal, rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, split, state_of, with_state, ClassSpec, State};

// ---- shared helpers ----

fn base_dict(v: &Value) -> PyResult<Rc<PyDict>> {
    match v {
        Value::Dict(d) => Ok(d.clone()),
        _ => match base_value(v) {
            Some(Value::Dict(d)) => Ok(d),
            _ => Err(type_error(format!(
                "descriptor requires a 'dict' object but received a '{}'",
                type_name(v)
            ))),
        },
    }
}

fn dict_get(vm: &mut Vm, d: &PyDict, k: &Value) -> PyResult<Option<Value>> {
    let h = hash_value(vm, k)?;
    Ok(d.get_hashed(k, h))
}

fn dict_set(vm: &mut Vm, d: &PyDict, k: Value, v: Value) -> PyResult<()> {
    let h = hash_value(vm, &k)?;
    d.insert_hashed(k, h, v);
    Ok(())
}

fn method_getter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::BoundMethod(Rc::new(
        rpvm_object::function::BoundMethod {
            func: crate::args::arg(args, 0)?.clone(),
            self_: crate::args::arg(args, 1)?.clone(),
        },
    )))
}

fn prop(fget: Value) -> Value {
    Value::Native(NativeRef::new(Property {
        fget,
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
        name: std::cell::RefCell::new(None),
        python: false,
    }))
}

fn method_prop(name: &'static str, f: NativeFn) -> Value {
    prop(Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func: method_getter,
        bound_self: Some(builtin_fn(name, f)),
        owner: None,
    })))
}

fn is_instance_of(v: &Value, cls: &Rc<PyType>) -> bool {
    rpvm_object::protocols::type_of(v)
        .mro()
        .iter()
        .any(|t| Rc::ptr_eq(t, cls))
}

fn truth(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    rpvm_object::protocols::truth::is_true(vm, v)
}

fn dict_type() -> Option<Rc<PyType>> {
    Some(builtin_types().dict.clone())
}

/// The (key, value) pairs of a mapping argument (dict, dict subclass or object with `keys`).
fn mapping_items(vm: &mut Vm, m: &Value) -> PyResult<Option<Vec<(Value, Value)>>> {
    if let Ok(d) = base_dict(m) {
        return Ok(Some(d.items()));
    }
    let Ok(keys_fn) = get_attr(vm, m, "keys") else {
        return Ok(None);
    };
    let keys = call(vm, &keys_fn, &[], &[])?;
    let mut out = Vec::new();
    for k in collect(vm, &keys)? {
        let v = rpvm_object::protocols::subscript::get_item(vm, m, &k)?;
        out.push((k, v));
    }
    Ok(Some(out))
}

// ---- defaultdict ----

const DEFAULTDICT: ClassSpec = ClassSpec {
    name: "defaultdict",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", dd_init),
        ("__missing__", dd_missing),
        ("__repr__", dd_repr),
        ("__copy__", dd_copy),
    ],
    methods: &[("copy", dd_copy)],
    props: &[],
};

fn dd_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let this = crate::args::arg(args, 0)?;
    let factory = pos.first().cloned().unwrap_or(Value::None);
    if !matches!(factory, Value::None) && !crate::iterators::is_callable(vm, &factory) {
        return Err(type_error("first argument must be callable or None"));
    }
    set_attr(vm, this, "default_factory", factory)?;
    let d = base_dict(this)?;
    let update = get_attr(vm, &Value::Dict(d), "update")?;
    let mut cargs: Vec<Value> = pos.iter().skip(1).cloned().collect();
    let names: Vec<Value> = kws.iter().map(|(k, _)| k.clone()).collect();
    cargs.extend(kws.into_iter().map(|(_, v)| v));
    call(vm, &update, &cargs, &names)?;
    Ok(Value::None)
}

fn dd_factory(vm: &mut Vm, this: &Value) -> Value {
    get_attr(vm, this, "default_factory").unwrap_or(Value::None)
}

fn dd_missing(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let key = args.get(1).cloned().unwrap_or(Value::None);
    let f = dd_factory(vm, this);
    if matches!(f, Value::None) {
        return Err(key_error(key));
    }
    let v = call(vm, &f, &[], &[])?;
    let d = base_dict(this)?;
    dict_set(vm, &d, key, v.clone())?;
    Ok(v)
}

fn dd_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let f = dd_factory(vm, this);
    let fr = repr(vm, &f)?;
    let d = base_dict(this)?;
    let dr = repr(vm, &Value::Dict(d))?;
    Ok(Value::str(&format!("{}({fr}, {dr})", type_name(this))))
}

fn dd_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let f = dd_factory(vm, this);
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    let d = base_dict(this)?;
    call(vm, &cls, &[f, Value::Dict(Rc::new(d.copy()))], &[])
}

// ---- Counter ----

const COUNTER: ClassSpec = ClassSpec {
    name: "Counter",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", ctr_init),
        ("__missing__", ctr_missing),
        ("__repr__", ctr_repr),
        ("__add__", ctr_add),
        ("__sub__", ctr_sub),
        ("__or__", ctr_or),
        ("__and__", ctr_and),
        ("__pos__", ctr_pos),
        ("__neg__", ctr_neg),
        ("__eq__", ctr_eq),
        ("__ne__", ctr_ne),
    ],
    methods: &[
        ("update", ctr_update),
        ("subtract", ctr_subtract),
        ("most_common", ctr_most_common),
        ("elements", ctr_elements),
        ("total", ctr_total),
        ("copy", ctr_copy),
    ],
    props: &[],
};

fn counter_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(
        vm,
        &ClassSpec {
            base: dict_type(),
            ..COUNTER
        },
    )
}

fn ctr_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    ctr_update(vm, args, kw)?;
    Ok(Value::None)
}

fn ctr_missing(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn ctr_apply(vm: &mut Vm, args: &[Value], kw: &[Value], op: BinOp, name: &str) -> PyResult<()> {
    let (pos, kws) = split(args, kw);
    if pos.is_empty() {
        return Err(type_error(format!(
            "descriptor '{name}' of 'Counter' object needs an argument"
        )));
    }
    if pos.len() > 2 {
        return Err(type_error(format!(
            "expected at most 1 arguments, got {}",
            pos.len() - 1
        )));
    }
    let d = base_dict(&pos[0])?;
    let add = |vm: &mut Vm, k: Value, n: Value| -> PyResult<()> {
        let cur = dict_get(vm, &d, &k)?.unwrap_or(Value::Int(0));
        let v = binary_op(vm, op, &cur, &n, false)?;
        dict_set(vm, &d, k, v)
    };
    if let Some(src) = pos.get(1) {
        if !matches!(src, Value::None) {
            match mapping_items(vm, src)? {
                Some(items) => {
                    for (k, v) in items {
                        add(vm, k, v)?;
                    }
                }
                None => {
                    let it = get_iter(vm, src)?;
                    while let Some(k) = rpvm_object::protocols::iter::next(vm, &it)? {
                        add(vm, k, Value::Int(1))?;
                    }
                }
            }
        }
    }
    for (k, v) in kws {
        add(vm, k, v)?;
    }
    Ok(())
}

fn ctr_update(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    ctr_apply(vm, args, kw, BinOp::Add, "update")?;
    Ok(Value::None)
}

fn ctr_subtract(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    ctr_apply(vm, args, kw, BinOp::Sub, "subtract")?;
    Ok(Value::None)
}

fn sorted_items(vm: &mut Vm, this: &Value) -> PyResult<Vec<(Value, Value)>> {
    let mut items = base_dict(this)?.items();
    // Stable insertion sort by count, descending (ties keep insertion order).
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare_bool(vm, &items[j - 1].1, &items[j].1, CompareOp::Lt)? {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
    Ok(items)
}

fn as_count(v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        other => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(other)
        ))),
    }
}

fn ctr_most_common(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("most_common", crate::args::rest(args, 1), kw, &["n"], 0, 0)?;
    let mut items = sorted_items(vm, crate::args::arg(args, 0)?)?;
    if let Some(n) = a[0].clone() {
        if !matches!(n, Value::None) {
            let n = as_count(&n)?;
            items.truncate(n.max(0) as usize);
        }
    }
    Ok(Value::list(
        items
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    ))
}

fn ctr_elements(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut out = Vec::new();
    for (k, v) in base_dict(crate::args::arg(args, 0)?)?.items() {
        let n = as_count(&v)?;
        for _ in 0..n.max(0) {
            out.push(k.clone());
        }
    }
    get_iter(vm, &Value::list(out))
}

fn ctr_total(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut acc = Value::Int(0);
    for v in base_dict(crate::args::arg(args, 0)?)?.values() {
        acc = binary_op(vm, BinOp::Add, &acc, &v, false)?;
    }
    Ok(acc)
}

fn ctr_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = Value::Type(rpvm_object::protocols::type_of(crate::args::arg(args, 0)?));
    call(
        vm,
        &cls,
        std::slice::from_ref(crate::args::arg(args, 0)?),
        &[],
    )
}

fn ctr_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let name = type_name(this);
    let d = base_dict(this)?;
    if d.is_empty() {
        return Ok(Value::str(&format!("{name}()")));
    }
    let items = match sorted_items(vm, this) {
        Ok(i) => i,
        Err(e) if e.is_instance_of("TypeError") => {
            let r = repr(vm, &Value::Dict(d))?;
            return Ok(Value::str(&format!("{name}({r})")));
        }
        Err(e) => return Err(e),
    };
    let mut parts = Vec::new();
    for (k, v) in items {
        parts.push(format!("{}: {}", repr(vm, &k)?, repr(vm, &v)?));
    }
    Ok(Value::str(&format!("{name}({{{}}})", parts.join(", "))))
}

fn gt_zero(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    compare_bool(vm, v, &Value::Int(0), CompareOp::Gt)
}

type Combine = fn(&mut Vm, Value, Value) -> PyResult<Value>;
type OtherOnly = fn(&mut Vm, Value) -> PyResult<Option<Value>>;

fn ctr_binop(vm: &mut Vm, args: &[Value], f: Combine, other_only: OtherOnly) -> PyResult<Value> {
    let cls = counter_class(vm);
    let (a, b) = (crate::args::arg(args, 0)?, crate::args::arg(args, 1)?);
    if !is_instance_of(b, &cls) {
        return Ok(Value::NotImplemented);
    }
    let result = call(vm, &Value::Type(cls), &[], &[])?;
    let rd = base_dict(&result)?;
    let (ad, bd) = (base_dict(a)?, base_dict(b)?);
    for (k, c) in ad.items() {
        let oc = dict_get(vm, &bd, &k)?.unwrap_or(Value::Int(0));
        let n = f(vm, c, oc)?;
        if gt_zero(vm, &n)? {
            dict_set(vm, &rd, k, n)?;
        }
    }
    for (k, c) in bd.items() {
        if dict_get(vm, &ad, &k)?.is_none() {
            if let Some(n) = other_only(vm, c)? {
                dict_set(vm, &rd, k, n)?;
            }
        }
    }
    Ok(result)
}

fn pos_only(vm: &mut Vm, c: Value) -> PyResult<Option<Value>> {
    Ok(if gt_zero(vm, &c)? { Some(c) } else { None })
}

fn ctr_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_binop(
        vm,
        args,
        |vm, a, b| binary_op(vm, BinOp::Add, &a, &b, false),
        pos_only,
    )
}

fn ctr_sub(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_binop(
        vm,
        args,
        |vm, a, b| binary_op(vm, BinOp::Sub, &a, &b, false),
        |vm, c| {
            if compare_bool(vm, &c, &Value::Int(0), CompareOp::Lt)? {
                Ok(Some(binary_op(vm, BinOp::Sub, &Value::Int(0), &c, false)?))
            } else {
                Ok(None)
            }
        },
    )
}

fn ctr_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_binop(
        vm,
        args,
        |vm, a, b| {
            Ok(if compare_bool(vm, &a, &b, CompareOp::Lt)? {
                b
            } else {
                a
            })
        },
        pos_only,
    )
}

fn ctr_and(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_binop(
        vm,
        args,
        |vm, a, b| {
            Ok(if compare_bool(vm, &a, &b, CompareOp::Lt)? {
                a
            } else {
                b
            })
        },
        |_, _| Ok(None),
    )
}

fn ctr_equal(vm: &mut Vm, args: &[Value]) -> PyResult<Option<bool>> {
    let cls = counter_class(vm);
    let (ad, bd) = match (
        base_dict(crate::args::arg(args, 0)?),
        base_dict(crate::args::arg(args, 1)?),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Ok(None),
    };
    if !is_instance_of(crate::args::arg(args, 1)?, &cls)
        || !is_instance_of(crate::args::arg(args, 0)?, &cls)
    {
        // CPython: `Counter.__eq__` declines and `dict.__eq__` answers.
        return Ok(Some(equal(vm, &Value::Dict(ad), &Value::Dict(bd))?));
    }
    for (x, y) in [(&ad, &bd), (&bd, &ad)] {
        for (k, v) in x.items() {
            let o = dict_get(vm, y, &k)?.unwrap_or(Value::Int(0));
            if !equal(vm, &v, &o)? {
                return Ok(Some(false));
            }
        }
    }
    Ok(Some(true))
}

fn ctr_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(match ctr_equal(vm, args)? {
        Some(b) => Value::Bool(b),
        None => Value::NotImplemented,
    })
}

fn ctr_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(match ctr_equal(vm, args)? {
        Some(b) => Value::Bool(!b),
        None => Value::NotImplemented,
    })
}

fn ctr_unary(vm: &mut Vm, this: &Value, neg: bool) -> PyResult<Value> {
    let cls = counter_class(vm);
    let result = call(vm, &Value::Type(cls), &[], &[])?;
    let rd = base_dict(&result)?;
    for (k, c) in base_dict(this)?.items() {
        if neg {
            if compare_bool(vm, &c, &Value::Int(0), CompareOp::Lt)? {
                let n = binary_op(vm, BinOp::Sub, &Value::Int(0), &c, false)?;
                dict_set(vm, &rd, k, n)?;
            }
        } else if gt_zero(vm, &c)? {
            dict_set(vm, &rd, k, c)?;
        }
    }
    Ok(result)
}

fn ctr_pos(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_unary(vm, crate::args::arg(args, 0)?, false)
}

fn ctr_neg(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ctr_unary(vm, crate::args::arg(args, 0)?, true)
}

// ---- OrderedDict ----

const ORDEREDDICT: ClassSpec = ClassSpec {
    name: "OrderedDict",
    module: "collections",
    base: None,
    new: None,
    dunders: &[("__repr__", od_repr), ("__eq__", od_eq), ("__ne__", od_ne)],
    methods: &[
        ("move_to_end", od_move_to_end),
        ("popitem", od_popitem),
        ("copy", od_copy),
    ],
    props: &[],
};

fn od_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(
        vm,
        &ClassSpec {
            base: dict_type(),
            ..ORDEREDDICT
        },
    )
}

fn od_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let name = type_name(this);
    let d = base_dict(this)?;
    if d.is_empty() {
        return Ok(Value::str(&format!("{name}()")));
    }
    let l = Value::list(
        d.items()
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    );
    let r = repr(vm, &l)?;
    Ok(Value::str(&format!("{name}({r})")))
}

fn od_equal(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<bool>> {
    let cls = od_class(vm);
    let (Ok(ad), Ok(bd)) = (base_dict(a), base_dict(b)) else {
        return Ok(None);
    };
    if !equal(vm, &Value::Dict(ad.clone()), &Value::Dict(bd.clone()))? {
        return Ok(Some(false));
    }
    if is_instance_of(b, &cls) {
        for (x, y) in ad.keys().iter().zip(bd.keys().iter()) {
            if !equal(vm, x, y)? {
                return Ok(Some(false));
            }
        }
    }
    Ok(Some(true))
}

fn od_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(
        match od_equal(vm, crate::args::arg(args, 0)?, crate::args::arg(args, 1)?)? {
            Some(b) => Value::Bool(b),
            None => Value::NotImplemented,
        },
    )
}

fn od_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(
        match od_equal(vm, crate::args::arg(args, 0)?, crate::args::arg(args, 1)?)? {
            Some(b) => Value::Bool(!b),
            None => Value::NotImplemented,
        },
    )
}

fn od_move_to_end(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "move_to_end",
        crate::args::rest(args, 1),
        kw,
        &["key", "last"],
        0,
        1,
    )?;
    let key = a[0].clone().unwrap();
    let last = match &a[1] {
        Some(v) => truth(vm, v)?,
        None => true,
    };
    let d = base_dict(crate::args::arg(args, 0)?)?;
    let h = hash_value(vm, &key)?;
    let Some(idx) = d.index_of(&key, h) else {
        return Err(key_error(key));
    };
    let (k, v) = d.item_at(idx).unwrap();
    if last {
        d.remove_hashed(&k, h);
        d.insert_hashed(k, h, v);
    } else {
        let items = d.items();
        d.clear();
        d.insert_hashed(k.clone(), h, v);
        for (k2, v2) in items {
            if k2.is(&k) || equal(vm, &k2, &k)? {
                continue;
            }
            dict_set(vm, &d, k2, v2)?;
        }
    }
    Ok(Value::None)
}

fn od_popitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("popitem", crate::args::rest(args, 1), kw, &["last"], 0, 0)?;
    let last = match &a[0] {
        Some(v) => truth(vm, v)?,
        None => true,
    };
    let d = base_dict(crate::args::arg(args, 0)?)?;
    if d.is_empty() {
        return Err(key_error(Value::str("dictionary is empty")));
    }
    let (k, v) = if last {
        d.pop_last().unwrap()
    } else {
        let (k, v) = d.item_at(0).unwrap();
        let h = hash_value(vm, &k)?;
        d.remove_hashed(&k, h);
        (k, v)
    };
    Ok(Value::tuple(vec![k, v]))
}

fn od_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = Value::Type(rpvm_object::protocols::type_of(crate::args::arg(args, 0)?));
    call(
        vm,
        &cls,
        std::slice::from_ref(crate::args::arg(args, 0)?),
        &[],
    )
}

// ---- deque ----

#[derive(Debug)]
struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Option<usize>,
}

const DEQUE: ClassSpec = ClassSpec {
    name: "deque",
    module: "collections",
    base: None,
    new: Some(deque_new),
    dunders: &[
        ("__len__", dq_len),
        ("__iter__", dq_iter),
        ("__reversed__", dq_reversed),
        ("__contains__", dq_contains),
        ("__getitem__", dq_getitem),
        ("__setitem__", dq_setitem),
        ("__delitem__", dq_delitem),
        ("__repr__", dq_repr),
        ("__eq__", dq_eq),
        ("__ne__", dq_ne),
        ("__lt__", dq_lt),
        ("__le__", dq_le),
        ("__gt__", dq_gt),
        ("__ge__", dq_ge),
        ("__add__", dq_add),
        ("__iadd__", dq_iadd),
        ("__copy__", dq_copy),
    ],
    methods: &[
        ("append", dq_append),
        ("appendleft", dq_appendleft),
        ("pop", dq_pop),
        ("popleft", dq_popleft),
        ("extend", dq_extend),
        ("extendleft", dq_extendleft),
        ("rotate", dq_rotate),
        ("clear", dq_clear),
        ("count", dq_count),
        ("index", dq_index),
        ("insert", dq_insert),
        ("remove", dq_remove),
        ("reverse", dq_reverse),
        ("copy", dq_copy),
    ],
    props: &[("maxlen", dq_maxlen)],
};

fn dq<R>(v: &Value, f: impl FnOnce(&Deque) -> R) -> PyResult<R> {
    with_state::<Deque, _>(v, "collections.deque", f)
}

fn snapshot(v: &Value) -> PyResult<Vec<Value>> {
    dq(v, |d| d.items.borrow().iter().cloned().collect())
}

fn make_deque(
    vm: &mut Vm,
    cls: Option<Rc<PyType>>,
    items: Vec<Value>,
    maxlen: Option<usize>,
) -> Value {
    let cls = cls.unwrap_or_else(|| class_of(vm, &DEQUE));
    let mut q: VecDeque<Value> = items.into();
    if let Some(m) = maxlen {
        while q.len() > m {
            q.pop_front();
        }
    }
    Value::Instance(PyInstance::new(
        cls,
        Some(Value::Native(NativeRef::new(State(Deque {
            items: RefCell::new(q),
            maxlen,
        })))),
    ))
}

fn deque_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "deque",
        crate::args::rest(args, 1),
        kw,
        &["iterable", "maxlen"],
        0,
        0,
    )?;
    let maxlen = match &a[1] {
        None | Some(Value::None) => None,
        Some(Value::Int(i)) if *i >= 0 => Some(*i as usize),
        Some(Value::Int(_)) => return Err(value_error("maxlen must be non-negative")),
        Some(_) => return Err(type_error("an integer is required")),
    };
    let items = match &a[0] {
        Some(it) => collect(vm, it)?,
        None => Vec::new(),
    };
    let cls = match crate::args::arg(args, 0)? {
        Value::Type(t) => Some(t.clone()),
        _ => None,
    };
    Ok(make_deque(vm, cls, items, maxlen))
}

fn push(d: &Deque, v: Value, left: bool) {
    let mut q = d.items.borrow_mut();
    if d.maxlen == Some(0) {
        return;
    }
    if left {
        q.push_front(v);
    } else {
        q.push_back(v);
    }
    if let Some(m) = d.maxlen {
        if q.len() > m {
            if left {
                q.pop_back();
            } else {
                q.pop_front();
            }
        }
    }
}

fn dq_append(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::method_args::<2>("append", args)?[1].clone();
    dq(crate::args::arg(args, 0)?, |d| push(d, x, false))?;
    Ok(Value::None)
}

fn dq_appendleft(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let x = crate::args::method_args::<2>("appendleft", args)?[1].clone();
    dq(crate::args::arg(args, 0)?, |d| push(d, x, true))?;
    Ok(Value::None)
}

fn dq_pop(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| {
        d.items.borrow_mut().pop_back()
    })?
    .ok_or_else(|| index_error("pop from an empty deque"))
}

fn dq_popleft(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| {
        d.items.borrow_mut().pop_front()
    })?
    .ok_or_else(|| index_error("pop from an empty deque"))
}

fn dq_extend_impl(vm: &mut Vm, args: &[Value], left: bool) -> PyResult<Value> {
    let items = collect(vm, crate::args::arg(args, 1)?)?;
    dq(crate::args::arg(args, 0)?, |d| {
        for v in items {
            push(d, v, left);
        }
    })?;
    Ok(Value::None)
}

fn dq_extend(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_extend_impl(vm, args, false)
}

fn dq_extendleft(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_extend_impl(vm, args, true)
}

fn dq_rotate(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let n = match args.get(1) {
        None => 1,
        Some(v) => as_count(v)?,
    };
    dq(crate::args::arg(args, 0)?, |d| {
        let mut q = d.items.borrow_mut();
        let len = q.len() as i64;
        if len > 1 {
            let k = n.rem_euclid(len) as usize;
            q.rotate_right(k);
        }
    })?;
    Ok(Value::None)
}

fn dq_clear(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| d.items.borrow_mut().clear())?;
    Ok(Value::None)
}

fn dq_count(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut n = 0;
    for v in snapshot(crate::args::arg(args, 0)?)? {
        if v.is(crate::args::arg(args, 1)?) || equal(vm, &v, crate::args::arg(args, 1)?)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn find(
    vm: &mut Vm,
    items: &[Value],
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if v.is(x) || equal(vm, v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn norm_index(i: &Value, len: usize) -> PyResult<i64> {
    let i = match i {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        other => {
            return Err(type_error(format!(
                "sequence index must be integer, not '{}'",
                type_name(other)
            )))
        }
    };
    Ok(if i < 0 { i + len as i64 } else { i })
}

fn dq_index(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    let len = items.len();
    let clamp = |v: Option<&Value>, dflt: usize| -> PyResult<usize> {
        match v {
            None => Ok(dflt),
            Some(v) => Ok(norm_index(v, len)?.clamp(0, len as i64) as usize),
        }
    };
    let start = clamp(args.get(2), 0)?;
    let stop = clamp(args.get(3), len)?;
    match find(vm, &items, crate::args::arg(args, 1)?, start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let r = repr(vm, crate::args::arg(args, 1)?)?;
            Err(value_error(format!("{r} is not in deque")))
        }
    }
}

fn dq_insert(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (full, len) = dq(crate::args::arg(args, 0)?, |d| {
        let n = d.items.borrow().len();
        (Some(n) == d.maxlen, n)
    })?;
    if full {
        return Err(index_error("deque already at its maximum size"));
    }
    let i = norm_index(crate::args::arg(args, 1)?, len)?.clamp(0, len as i64) as usize;
    let x = crate::args::arg(args, 2)?.clone();
    dq(crate::args::arg(args, 0)?, |d| {
        d.items.borrow_mut().insert(i, x)
    })?;
    Ok(Value::None)
}

fn dq_remove(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    match find(vm, &items, crate::args::arg(args, 1)?, 0, items.len())? {
        Some(i) => {
            dq(crate::args::arg(args, 0)?, |d| {
                d.items.borrow_mut().remove(i)
            })?;
            Ok(Value::None)
        }
        None => Err(value_error("deque.remove(x): x not in deque")),
    }
}

fn dq_reverse(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| {
        d.items.borrow_mut().make_contiguous().reverse()
    })?;
    Ok(Value::None)
}

fn dq_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    let maxlen = dq(crate::args::arg(args, 0)?, |d| d.maxlen)?;
    let cls = rpvm_object::protocols::type_of(crate::args::arg(args, 0)?);
    Ok(make_deque(vm, Some(cls), items, maxlen))
}

fn dq_maxlen(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| match d.maxlen {
        Some(m) => Value::Int(m as i64),
        None => Value::None,
    })
}

fn dq_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq(crate::args::arg(args, 0)?, |d| {
        Value::Int(d.items.borrow().len() as i64)
    })
}

fn dq_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    get_iter(vm, &Value::list(items))
}

fn dq_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut items = snapshot(crate::args::arg(args, 0)?)?;
    items.reverse();
    get_iter(vm, &Value::list(items))
}

fn dq_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    Ok(Value::Bool(
        find(vm, &items, crate::args::arg(args, 1)?, 0, items.len())?.is_some(),
    ))
}

fn dq_pos(args: &[Value]) -> PyResult<usize> {
    let len = dq(crate::args::arg(args, 0)?, |d| d.items.borrow().len())?;
    let i = norm_index(crate::args::arg(args, 1)?, len)?;
    if i < 0 || i >= len as i64 {
        return Err(index_error("deque index out of range"));
    }
    Ok(i as usize)
}

fn dq_getitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let i = dq_pos(args)?;
    dq(crate::args::arg(args, 0)?, |d| d.items.borrow()[i].clone())
}

fn dq_setitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let i = dq_pos(args)?;
    let x = crate::args::arg(args, 2)?.clone();
    dq(crate::args::arg(args, 0)?, |d| d.items.borrow_mut()[i] = x)?;
    Ok(Value::None)
}

fn dq_delitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let i = dq_pos(args)?;
    dq(crate::args::arg(args, 0)?, |d| {
        d.items.borrow_mut().remove(i)
    })?;
    Ok(Value::None)
}

fn dq_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = snapshot(crate::args::arg(args, 0)?)?;
    let maxlen = dq(crate::args::arg(args, 0)?, |d| d.maxlen)?;
    let r = repr(vm, &Value::list(items))?;
    let name = type_name(crate::args::arg(args, 0)?);
    Ok(Value::str(&match maxlen {
        Some(m) => format!("{name}({r}, maxlen={m})"),
        None => format!("{name}({r})"),
    }))
}

fn dq_compare(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    if state_of::<Deque>(crate::args::arg(args, 1)?).is_none() {
        return Ok(Value::NotImplemented);
    }
    let a = Value::list(snapshot(crate::args::arg(args, 0)?)?);
    let b = Value::list(snapshot(crate::args::arg(args, 1)?)?);
    rich_compare(vm, &a, &b, op)
}

fn dq_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Eq)
}
fn dq_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Ne)
}
fn dq_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Lt)
}
fn dq_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Le)
}
fn dq_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Gt)
}
fn dq_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_compare(vm, args, CompareOp::Ge)
}

fn dq_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if state_of::<Deque>(crate::args::arg(args, 1)?).is_none() {
        return Err(type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            type_name(crate::args::arg(args, 1)?)
        )));
    }
    let mut items = snapshot(crate::args::arg(args, 0)?)?;
    items.extend(snapshot(crate::args::arg(args, 1)?)?);
    let maxlen = dq(crate::args::arg(args, 0)?, |d| d.maxlen)?;
    let cls = rpvm_object::protocols::type_of(crate::args::arg(args, 0)?);
    Ok(make_deque(vm, Some(cls), items, maxlen))
}

fn dq_iadd(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    dq_extend_impl(vm, args, false)?;
    Ok(crate::args::arg(args, 0)?.clone())
}

// ---- namedtuple ----

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn str_list(vm: &mut Vm, v: &Value) -> PyResult<Vec<String>> {
    if let Some(s) = v.as_str() {
        return Ok(s
            .replace(',', " ")
            .split_whitespace()
            .map(str::to_string)
            .collect());
    }
    let mut out = Vec::new();
    for x in collect(vm, v)? {
        match x.as_str() {
            Some(s) => out.push(s.to_string()),
            None => return Err(type_error("Type names and field names must be strings")),
        }
    }
    Ok(out)
}

pub(crate) fn namedtuple(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = crate::args::npos(args, kw);
    if np > 2 {
        return Err(type_error(format!(
            "namedtuple() takes 2 positional arguments but {np} were given"
        )));
    }
    let a = crate::args::parse(
        "namedtuple",
        args,
        kw,
        &["typename", "field_names", "rename", "defaults", "module"],
        0,
        2,
    )?;
    let typename = a[0].clone().unwrap();
    let Some(typename) = typename.as_str().map(str::to_string) else {
        return Err(type_error("Type names and field names must be strings"));
    };
    let mut fields = str_list(vm, a[1].as_ref().unwrap())?;
    let rename = match &a[2] {
        Some(v) => truth(vm, v)?,
        None => false,
    };
    if rename {
        let mut seen = std::collections::HashSet::new();
        for (i, f) in fields.iter_mut().enumerate() {
            if !is_identifier(f)
                || KEYWORDS.contains(&f.as_str())
                || f.starts_with('_')
                || seen.contains(f)
            {
                *f = format!("_{i}");
            }
            seen.insert(f.clone());
        }
    }
    for name in std::iter::once(&typename).chain(fields.iter()) {
        if !is_identifier(name) {
            return Err(value_error(format!(
                "Type names and field names must be valid identifiers: '{name}'"
            )));
        }
        if KEYWORDS.contains(&name.as_str()) {
            return Err(value_error(format!(
                "Type names and field names cannot be a keyword: '{name}'"
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for f in &fields {
        if f.starts_with('_') && !rename {
            return Err(value_error(format!(
                "Field names cannot start with an underscore: '{f}'"
            )));
        }
        if !seen.insert(f.clone()) {
            return Err(value_error(format!(
                "Encountered duplicate field name: '{f}'"
            )));
        }
    }
    let fdefaults = Rc::new(PyDict::new());
    if let Some(d) = &a[3] {
        if !matches!(d, Value::None) {
            let ds = collect(vm, d)?;
            if ds.len() > fields.len() {
                return Err(type_error("Got more default values than field names"));
            }
            let off = fields.len() - ds.len();
            for (i, v) in ds.into_iter().enumerate() {
                fdefaults.set_str(&fields[off + i], v);
            }
        }
    }
    let module = match &a[4] {
        Some(m) if !matches!(m, Value::None) => m.clone(),
        _ => Value::str("__main__"),
    };
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", module);
    ns.set_str(
        "__doc__",
        Value::str(&format!("{typename}({})", fields.join(", "))),
    );
    ns.set_str("__slots__", Value::tuple(vec![]));
    let ftuple = Value::tuple(fields.iter().map(|f| Value::str(f)).collect());
    ns.set_str("_fields", ftuple.clone());
    ns.set_str("__match_args__", ftuple);
    ns.set_str("_field_defaults", Value::Dict(fdefaults));
    ns.set_str(
        "__new__",
        Value::Native(NativeRef::new(StaticMethod(builtin_fn("__new__", nt_new)))),
    );
    ns.set_str("__repr__", builtin_fn("__repr__", nt_repr));
    ns.set_str(
        "__getnewargs__",
        method_prop("__getnewargs__", nt_getnewargs),
    );
    ns.set_str("_asdict", method_prop("_asdict", nt_asdict));
    ns.set_str("_replace", method_prop("_replace", nt_replace));
    ns.set_str(
        "_make",
        Value::Native(NativeRef::new(ClassMethod(builtin_fn("_make", nt_make)))),
    );
    for (i, f) in fields.iter().enumerate() {
        let getter = Value::Builtin(Rc::new(BuiltinFunction {
            name: "_tuplegetter",
            func: nt_field,
            bound_self: Some(Value::Int(i as i64)),
            owner: None,
        }));
        ns.set_str(f, prop(getter));
    }
    rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::str(&typename),
            Value::tuple(vec![Value::Type(builtin_types().tuple.clone())]),
            Value::Dict(ns),
        ],
        &[],
    )
}

fn tuple_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Tuple(t) => t.as_slice().to_vec(),
        _ => match base_value(v) {
            Some(Value::Tuple(t)) => t.as_slice().to_vec(),
            _ => Vec::new(),
        },
    }
}

fn nt_info(vm: &mut Vm, cls: &Value) -> PyResult<(Vec<String>, Rc<PyDict>)> {
    let f = get_attr(vm, cls, "_fields")?;
    let fields = str_list(vm, &f)?;
    let d = match get_attr(vm, cls, "_field_defaults")? {
        Value::Dict(d) => d,
        _ => Rc::new(PyDict::new()),
    };
    Ok((fields, d))
}

fn nt_field(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Value::Int(i) = *crate::args::arg(args, 0)? else {
        return Ok(Value::None);
    };
    tuple_items(crate::args::arg(args, 1)?)
        .get(i as usize)
        .cloned()
        .ok_or_else(|| index_error("tuple index out of range"))
}

/// CPython's "takes N positional argument(s) but M were given" for a function taking
/// `min..=max` positional arguments (counting `cls`).
fn too_many_positional(q: &str, min: usize, max: usize, given: usize) -> PyErr {
    let takes = if min == max {
        format!(
            "{max} positional argument{}",
            if max == 1 { "" } else { "s" }
        )
    } else {
        format!("from {min} to {max} positional arguments")
    };
    let were = if given == 1 { "was" } else { "were" };
    type_error(format!("{q} takes {takes} but {given} {were} given"))
}

fn nt_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let Some(Value::Type(cls)) = args.first() else {
        return Err(type_error("__new__(X): X is not a type object"));
    };
    let cls = cls.clone();
    let (fields, defaults) = nt_info(vm, &Value::Type(cls.clone()))?;
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let q = format!("{}.__new__()", cls.name);
    if pos.len() > fields.len() {
        let required = fields
            .iter()
            .filter(|f| defaults.get_str(f).is_none())
            .count();
        return Err(too_many_positional(
            &q,
            required + 1,
            fields.len() + 1,
            pos.len() + 1,
        ));
    }
    let mut slots: Vec<Option<Value>> = vec![None; fields.len()];
    for (i, v) in pos.into_iter().enumerate() {
        slots[i] = Some(v);
    }
    for (k, v) in kws {
        let name = k.as_str().unwrap_or("");
        match fields.iter().position(|f| f == name) {
            Some(i) if slots[i].is_some() => {
                return Err(type_error(format!(
                    "{q} got multiple values for argument '{name}'"
                )))
            }
            Some(i) => slots[i] = Some(v),
            None => {
                return Err(type_error(format!(
                    "{q} got an unexpected keyword argument '{name}'"
                )))
            }
        }
    }
    let mut missing = Vec::new();
    for (i, s) in slots.iter_mut().enumerate() {
        if s.is_none() {
            match defaults.get_str(&fields[i]) {
                Some(d) => *s = Some(d),
                None => missing.push(format!("'{}'", fields[i])),
            }
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        let list = match n {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            _ => format!("{}, and {}", missing[..n - 1].join(", "), missing[n - 1]),
        };
        let word = if n == 1 { "argument" } else { "arguments" };
        return Err(type_error(format!(
            "{q} missing {n} required positional {word}: {list}"
        )));
    }
    let items: Vec<Value> = slots.into_iter().map(Option::unwrap).collect();
    Ok(Value::Instance(PyInstance::new(
        cls,
        Some(Value::tuple(items)),
    )))
}

fn nt_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    let (fields, _) = nt_info(vm, &cls)?;
    let items = tuple_items(this);
    let mut parts = Vec::new();
    for (f, v) in fields.iter().zip(items.iter()) {
        parts.push(format!("{f}={}", repr(vm, v)?));
    }
    Ok(Value::str(&format!(
        "{}({})",
        type_name(this),
        parts.join(", ")
    )))
}

fn nt_getnewargs(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(tuple_items(crate::args::arg(args, 0)?)))
}

fn nt_asdict(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    let (fields, _) = nt_info(vm, &cls)?;
    let d = Rc::new(PyDict::new());
    for (f, v) in fields.iter().zip(tuple_items(this)) {
        d.set_str(f, v);
    }
    Ok(Value::Dict(d))
}

fn nt_replace(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let (_, kws) = split(crate::args::rest(args, 1), kw);
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    let (fields, _) = nt_info(vm, &cls)?;
    let mut items = tuple_items(this);
    let mut unexpected = Vec::new();
    for (k, v) in kws {
        match fields.iter().position(|f| Some(f.as_str()) == k.as_str()) {
            Some(i) => items[i] = v,
            None => unexpected.push(k),
        }
    }
    if !unexpected.is_empty() {
        let r = repr(vm, &Value::list(unexpected))?;
        return Err(value_error(format!("Got unexpected field names: {r}")));
    }
    nt_build(vm, &cls, items)
}

fn nt_build(vm: &mut Vm, cls: &Value, items: Vec<Value>) -> PyResult<Value> {
    let Value::Type(t) = cls else {
        return Err(type_error("expected a class"));
    };
    let (fields, _) = nt_info(vm, cls)?;
    if items.len() != fields.len() {
        return Err(type_error(format!(
            "Expected {} arguments, got {}",
            fields.len(),
            items.len()
        )));
    }
    Ok(Value::Instance(PyInstance::new(
        t.clone(),
        Some(Value::tuple(items)),
    )))
}

fn nt_make(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = collect(vm, crate::args::arg(args, 1)?)?;
    nt_build(vm, crate::args::arg(args, 0)?, items)
}

// ---- ChainMap ----

fn cm_maps(vm: &mut Vm, this: &Value) -> PyResult<Vec<Value>> {
    match get_attr(vm, this, "maps")? {
        Value::List(l) => Ok(l.snapshot()),
        other => collect(vm, &other),
    }
}

fn cm_first(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    cm_maps(vm, this)?
        .into_iter()
        .next()
        .ok_or_else(|| index_error("list index out of range"))
}

fn cm_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = get_attr(vm, obj, name)?;
    call(vm, &f, args, &[])
}

/// A new instance of `this`'s class built from `maps`.
fn cm_same_class(vm: &mut Vm, this: &Value, maps: &[Value]) -> PyResult<Value> {
    let cls = Value::Type(rpvm_object::protocols::type_of(this));
    call(vm, &cls, maps, &[])
}

fn cm_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(type_error(
            "ChainMap.__init__() got an unexpected keyword argument",
        ));
    }
    let mut maps = crate::args::rest(args, 1).to_vec();
    if maps.is_empty() {
        maps.push(Value::Dict(Rc::new(PyDict::new())));
    }
    set_attr(vm, crate::args::arg(args, 0)?, "maps", Value::list(maps))?;
    Ok(Value::None)
}

/// The keys in ChainMap iteration order (last map's keys first).
fn cm_keys(vm: &mut Vm, this: &Value) -> PyResult<Vec<Value>> {
    let d = PyDict::new();
    for m in cm_maps(vm, this)?.iter().rev() {
        let it = get_iter(vm, m)?;
        while let Some(k) = rpvm_object::protocols::iter::next(vm, &it)? {
            let h = hash_value(vm, &k)?;
            if d.get_hashed(&k, h).is_none() {
                d.insert_hashed(k, h, Value::None);
            }
        }
    }
    Ok(d.keys())
}

fn cm_lookup(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<Option<Value>> {
    for m in cm_maps(vm, this)? {
        match rpvm_object::protocols::subscript::get_item(vm, &m, key) {
            Ok(v) => return Ok(Some(v)),
            Err(e) if e.is_instance_of("KeyError") => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

fn cm_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, key] = args else {
        return Err(type_error("__getitem__ expected 1 argument"));
    };
    match cm_lookup(vm, this, key)? {
        Some(v) => Ok(v),
        None => match rpvm_object::protocols::call::lookup_special(this, "__missing__") {
            Some(f) => call(vm, &f, &[this.clone(), key.clone()], &[]),
            None => Err(key_error(key.clone())),
        },
    }
}

fn cm_get(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "get",
        crate::args::rest(args, 1),
        kw,
        &["key", "default"],
        0,
        1,
    )?;
    let key = a[0].clone().unwrap_or(Value::None);
    if cm_has(vm, crate::args::arg(args, 0)?, &key)? {
        cm_getitem(vm, &[crate::args::arg(args, 0)?.clone(), key], &[])
    } else {
        Ok(a[1].clone().unwrap_or(Value::None))
    }
}

fn cm_has(vm: &mut Vm, this: &Value, key: &Value) -> PyResult<bool> {
    for m in cm_maps(vm, this)? {
        if rpvm_object::protocols::subscript::contains(vm, &m, key)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn cm_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, key] = args else {
        return Err(type_error("__contains__ expected 1 argument"));
    };
    cm_has(vm, this, key).map(Value::Bool)
}

fn cm_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(
        cm_keys(vm, crate::args::arg(args, 0)?)?.len() as i64
    ))
}

fn cm_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let keys = cm_keys(vm, crate::args::arg(args, 0)?)?;
    get_iter(vm, &Value::list(keys))
}

fn cm_bool(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    for m in cm_maps(vm, crate::args::arg(args, 0)?)? {
        if rpvm_object::protocols::truth::is_true(vm, &m)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn cm_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?;
    let name = rpvm_object::protocols::type_of(this).name.clone();
    let key = this.ptr().unwrap_or(0);
    if vm.repr_guard.contains(&key) {
        return Ok(Value::str("..."));
    }
    vm.repr_guard.push(key);
    let mut parts = Vec::new();
    let maps = cm_maps(vm, this);
    let r = (|| -> PyResult<()> {
        for m in maps? {
            parts.push(repr(vm, &m)?);
        }
        Ok(())
    })();
    if let Some(i) = vm.repr_guard.iter().rposition(|k| *k == key) {
        vm.repr_guard.remove(i);
    }
    r?;
    Ok(Value::string(format!("{name}({})", parts.join(", "))))
}

fn cm_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, key, value] = args else {
        return Err(type_error("__setitem__ expected 2 arguments"));
    };
    let first = cm_first(vm, this)?;
    rpvm_object::protocols::subscript::set_item(vm, &first, key, value.clone())?;
    Ok(Value::None)
}

fn not_in_first(vm: &mut Vm, key: &Value) -> PyResult<rpvm_object::PyErr> {
    Ok(key_error(Value::string(format!(
        "Key not found in the first mapping: {}",
        repr(vm, key)?
    ))))
}

fn cm_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, key] = args else {
        return Err(type_error("__delitem__ expected 1 argument"));
    };
    let first = cm_first(vm, this)?;
    match rpvm_object::protocols::subscript::del_item(vm, &first, key) {
        Ok(()) => Ok(Value::None),
        Err(e) if e.is_instance_of("KeyError") => Err(not_in_first(vm, key)?),
        Err(e) => Err(e),
    }
}

fn cm_pop(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("pop", kw)?;
    let Some(key) = args.get(1) else {
        return Err(type_error("pop expected at least 1 argument, got 0"));
    };
    let first = cm_first(vm, crate::args::arg(args, 0)?)?;
    match cm_method(vm, &first, "pop", crate::args::rest(args, 1)) {
        Err(e) if e.is_instance_of("KeyError") => Err(not_in_first(vm, key)?),
        r => r,
    }
}

fn cm_popitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let first = cm_first(vm, crate::args::arg(args, 0)?)?;
    match cm_method(vm, &first, "popitem", &[]) {
        Err(e) if e.is_instance_of("KeyError") => {
            Err(key_error(Value::str("No keys found in the first mapping.")))
        }
        r => r,
    }
}

fn cm_clear(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let first = cm_first(vm, crate::args::arg(args, 0)?)?;
    cm_method(vm, &first, "clear", &[])
}

fn cm_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut maps = cm_maps(vm, crate::args::arg(args, 0)?)?;
    if let Some(f) = maps.first().cloned() {
        maps[0] = cm_method(vm, &f, "copy", &[])?;
    }
    cm_same_class(vm, crate::args::arg(args, 0)?, &maps)
}

fn cm_new_child(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(crate::args::rest(args, 1), kw);
    let m = match pos.first() {
        Some(m) if !m.is_none() => m.clone(),
        _ => Value::Dict(Rc::new(PyDict::new())),
    };
    for (k, v) in kws {
        rpvm_object::protocols::subscript::set_item(vm, &m, &k, v)?;
    }
    let mut maps = vec![m];
    maps.extend(cm_maps(vm, crate::args::arg(args, 0)?)?);
    cm_same_class(vm, crate::args::arg(args, 0)?, &maps)
}

fn cm_parents(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let maps = cm_maps(vm, crate::args::arg(args, 0)?)?;
    cm_same_class(vm, crate::args::arg(args, 0)?, maps.get(1..).unwrap_or(&[]))
}

/// The ChainMap flattened into a dict (iteration order, values looked up through the chain).
fn cm_flat(vm: &mut Vm, this: &Value) -> PyResult<Rc<PyDict>> {
    let d = Rc::new(PyDict::new());
    for k in cm_keys(vm, this)? {
        let v = cm_getitem(vm, &[this.clone(), k.clone()], &[])?;
        let h = hash_value(vm, &k)?;
        d.insert_hashed(k, h, v);
    }
    Ok(d)
}

fn cm_view(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let d = cm_flat(vm, crate::args::arg(args, 0)?)?;
    cm_method(vm, &Value::Dict(d), name, &[])
}

fn cm_keys_m(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    cm_view(vm, args, "keys")
}

fn cm_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    cm_view(vm, args, "items")
}

fn cm_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    cm_view(vm, args, "values")
}

fn cm_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let [this, other] = args else {
        return Err(type_error("__eq__ expected 1 argument"));
    };
    let mine = Value::Dict(cm_flat(vm, this)?);
    let theirs = if state_is_chainmap(other) {
        Value::Dict(cm_flat(vm, other)?)
    } else if matches!(other, Value::Dict(_))
        || rpvm_object::protocols::type_of(other).is_subtype(&builtin_types().dict)
    {
        other.clone()
    } else {
        return Ok(Value::NotImplemented);
    };
    Ok(Value::Bool(equal(vm, &mine, &theirs)?))
}

fn state_is_chainmap(v: &Value) -> bool {
    CHAINMAP_TYPE.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|t| rpvm_object::protocols::type_of(v).is_subtype(t))
    })
}

thread_local! {
    static CHAINMAP_TYPE: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
}

const CHAINMAP: ClassSpec = ClassSpec {
    name: "ChainMap",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", cm_init),
        ("__getitem__", cm_getitem),
        ("__setitem__", cm_setitem),
        ("__delitem__", cm_delitem),
        ("__contains__", cm_contains),
        ("__len__", cm_len),
        ("__iter__", cm_iter),
        ("__bool__", cm_bool),
        ("__repr__", cm_repr),
        ("__eq__", cm_eq),
        ("__copy__", cm_copy),
    ],
    methods: &[
        ("get", cm_get),
        ("pop", cm_pop),
        ("popitem", cm_popitem),
        ("clear", cm_clear),
        ("copy", cm_copy),
        ("new_child", cm_new_child),
        ("keys", cm_keys_m),
        ("items", cm_items),
        ("values", cm_values),
    ],
    props: &[("parents", cm_parents)],
};

// ---- module ----

/// The `collections` module.
pub fn make_collections(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("collections"));
    let dd = class_of(
        vm,
        &ClassSpec {
            base: dict_type(),
            ..DEFAULTDICT
        },
    );
    d.set_str("defaultdict", Value::Type(dd));
    let c = counter_class(vm);
    d.set_str("Counter", Value::Type(c));
    let od = od_class(vm);
    d.set_str("OrderedDict", Value::Type(od));
    let dq = class_of(vm, &DEQUE);
    d.set_str("deque", Value::Type(dq));
    d.set_str("namedtuple", builtin_fn("namedtuple", namedtuple));
    let cm = class_of(vm, &CHAINMAP);
    cm.dict.set_str("__hash__", Value::None);
    CHAINMAP_TYPE.with(|c| *c.borrow_mut() = Some(cm.clone()));
    d.set_str("ChainMap", Value::Type(cm));
    let [ud, ul, us] = crate::user_collections::classes(vm);
    d.set_str("UserDict", Value::Type(ud));
    d.set_str("UserList", Value::Type(ul));
    d.set_str("UserString", Value::Type(us));
    let m = Value::Module(Rc::new(PyModule {
        name: "collections".to_string(),
        dict: d,
    }));
    vm.modules.set_str("collections", m.clone());
    m
}
