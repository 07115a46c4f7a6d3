//! `collections.UserDict`, `UserList` and `UserString`, as CPython's pure-Python versions:
//! ordinary (subclassable) classes whose instances keep their contents in `self.data` (a
//! real dict, list or str) and whose methods delegate to it. Methods that CPython inherits
//! from the `collections.abc` mixins (`update`, `pop`, `setdefault`, iteration of
//! sequences, ...) go through the instance's own special methods (`self[key] = value`), so
//! a subclass's overrides are used as in CPython.

use std::rc::Rc;

use rpvm_object::descriptors::ClassMethod;
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{key_error, type_error, PyResult};
use rpvm_object::function::NativeFn;
use rpvm_object::protocols::arith::{binary_op, BinOp};
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::{call, call_dunder, lookup_special};
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter, next};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::subscript::{contains, del_item, get_item, set_item};
use rpvm_object::protocols::type_of;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::args::{arg, npos, rest};
use crate::functools::{class_of, split, ClassSpec};

// ---- shared helpers ----

fn data(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    get_attr(vm, this, "data")
}

fn this_data(vm: &mut Vm, args: &[Value]) -> PyResult<(Value, Value)> {
    let this = arg(args, 0)?.clone();
    let d = data(vm, &this)?;
    Ok((this, d))
}

fn call_method(
    vm: &mut Vm,
    obj: &Value,
    name: &str,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let f = get_attr(vm, obj, name)?;
    call(vm, &f, args, kw)
}

/// `self.__class__(*args)`.
fn same_class(vm: &mut Vm, this: &Value, args: &[Value]) -> PyResult<Value> {
    call(vm, &Value::Type(type_of(this)), args, &[])
}

fn is_a(v: &Value, cls: &Rc<PyType>) -> bool {
    type_of(v).is_subtype(cls)
}

/// CPython's error for a Python method called with the wrong number of positional arguments.
fn positional_error(name: &str, min: usize, max: usize, given: usize) -> rpvm_object::PyErr {
    let takes = if min == max {
        format!("{min}")
    } else {
        format!("from {min} to {max}")
    };
    type_error(format!(
        "{name}() takes {takes} positional argument{} but {given} {} given",
        if max == 1 { "" } else { "s" },
        if given == 1 { "was" } else { "were" }
    ))
}

/// The positional arguments after the instance, checked against `min..=max` (counting the
/// instance, as CPython's messages do); keywords are refused.
fn positional<'a>(
    name: &str,
    args: &'a [Value],
    kw: &[Value],
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    if let Some(k) = kw.first() {
        return Err(type_error(format!(
            "{name}() got an unexpected keyword argument '{}'",
            k.as_str().unwrap_or("?")
        )));
    }
    if args.len() < min || args.len() > max {
        return Err(positional_error(name, min, max, args.len()));
    }
    Ok(rest(args, 1))
}

/// `type(self).__new__(type(self))` with `self.__dict__` copied and `data` replaced by
/// `data_copy` (CPython's `__copy__` of the user collections).
fn copy_instance(vm: &mut Vm, this: &Value, data_copy: Value) -> PyResult<Value> {
    let cls = type_of(this);
    let inst = Value::Instance(rpvm_object::instance::PyInstance::new(cls, None));
    if let (Value::Instance(src), Value::Instance(dst)) = (this, &inst) {
        for (k, v) in src.dict.items() {
            let h = hash_value(vm, &k)?;
            dst.dict.insert_hashed(k, h, v);
        }
    }
    set_attr(vm, &inst, "data", data_copy)?;
    Ok(inst)
}

/// Rich comparison of `self.data` with `other` (its `data` when it is an instance of
/// `cls`), as `UserList`/`UserString` do.
fn compare_data(vm: &mut Vm, args: &[Value], op: CompareOp, cls: &Rc<PyType>) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    let mut other = arg(args, 1)?.clone();
    if is_a(&other, cls) {
        other = data(vm, &other)?;
    }
    rich_compare(vm, &d, &other, op)
}

/// Eager iteration through `self[i]` for i = 0, 1, ... until IndexError (the `Sequence`
/// mixin's `__iter__`).
fn sequence_items(vm: &mut Vm, this: &Value) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    let mut i = 0i64;
    loop {
        match get_item(vm, this, &Value::Int(i)) {
            Ok(v) => out.push(v),
            Err(e) if e.is_instance_of("IndexError") => return Ok(out),
            Err(e) => return Err(e),
        }
        i += 1;
    }
}

fn seq_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = sequence_items(vm, arg(args, 0)?)?;
    get_iter(vm, &Value::list(items))
}

fn seq_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?;
    let n = len_of(vm, this)?;
    let mut out = Vec::new();
    for i in (0..n).rev() {
        out.push(get_item(vm, this, &Value::Int(i))?);
    }
    get_iter(vm, &Value::list(out))
}

fn len_of(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    Ok(crate::iterators::length(vm, v)? as i64)
}

fn delegate(vm: &mut Vm, args: &[Value], kw: &[Value], name: &str) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    call_method(vm, &d, name, rest(args, 1), kw)
}

fn data_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    let n = len_of(vm, &d)?;
    Ok(Value::Int(n))
}

fn data_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    Ok(Value::string(repr(vm, &d)?))
}

fn data_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    contains(vm, &d, arg(args, 1)?).map(Value::Bool)
}

fn data_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    set_item(vm, &d, arg(args, 1)?, arg(args, 2)?.clone())?;
    Ok(Value::None)
}

fn data_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    del_item(vm, &d, arg(args, 1)?)?;
    Ok(Value::None)
}

fn data_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    get_iter(vm, &d)
}

// ---- UserDict ----

fn userdict_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(vm, &USERDICT)
}

/// `MutableMapping.update(self, other=(), /, **kwds)`: every item stored with `self[key] =
/// value`.
fn update_from(vm: &mut Vm, this: &Value, other: &Value) -> PyResult<()> {
    let keys = match get_attr(vm, other, "keys") {
        Ok(k) => Some(k),
        Err(e) if e.is_instance_of("AttributeError") => None,
        Err(e) => return Err(e),
    };
    match keys {
        Some(k) => {
            let keys = call(vm, &k, &[], &[])?;
            for key in collect(vm, &keys)? {
                let v = get_item(vm, other, &key)?;
                set_item(vm, this, &key, v)?;
            }
        }
        None => {
            let it = get_iter(vm, other)?;
            while let Some(pair) = next(vm, &it)? {
                let kv = collect(vm, &pair)?;
                let [k, v] = <[Value; 2]>::try_from(kv).map_err(|kv| {
                    rpvm_object::exception::value_error(if kv.len() < 2 {
                        format!("not enough values to unpack (expected 2, got {})", kv.len())
                    } else {
                        "too many values to unpack (expected 2)".to_string()
                    })
                })?;
                set_item(vm, this, &k, v)?;
            }
        }
    }
    Ok(())
}

fn update_impl(vm: &mut Vm, this: &Value, args: &[Value], kw: &[Value]) -> PyResult<()> {
    let (pos, kws) = split(args, kw);
    if pos.len() > 1 {
        return Err(positional_error("update", 1, 2, pos.len() + 1));
    }
    if let Some(o) = pos.first() {
        update_from(vm, this, o)?;
    }
    for (k, v) in kws {
        set_item(vm, this, &k, v)?;
    }
    Ok(())
}

fn ud_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let np = npos(args, kw);
    if np > 2 {
        return Err(positional_error("UserDict.__init__", 1, 2, np));
    }
    set_attr(vm, &this, "data", Value::Dict(Rc::new(PyDict::new())))?;
    update_impl(vm, &this, rest(args, 1), kw)?;
    Ok(Value::None)
}

fn ud_update(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    update_impl(vm, &this, rest(args, 1), kw)?;
    Ok(Value::None)
}

fn ud_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let key = arg(args, 1)?;
    if contains(vm, &d, key)? {
        return get_item(vm, &d, key);
    }
    if let Some(m) = lookup_special(&this, "__missing__") {
        return call(vm, &m, &[this.clone(), key.clone()], &[]);
    }
    Err(key_error(key.clone()))
}

fn ud_get(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("get", rest(args, 1), kw, &["key", "default"], 0, 1)?;
    let this = arg(args, 0)?;
    let key = a[0].clone().unwrap_or(Value::None);
    if contains(vm, this, &key)? {
        get_item(vm, this, &key)
    } else {
        Ok(a[1].clone().unwrap_or(Value::None))
    }
}

fn ud_or_impl(vm: &mut Vm, args: &[Value], reflected: bool) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let mut other = arg(args, 1)?.clone();
    if is_a(&other, &userdict_class(vm)) {
        other = data(vm, &other)?;
    } else if !is_a(&other, &builtin_types().dict) {
        return Ok(Value::NotImplemented);
    }
    let merged = if reflected {
        binary_op(vm, BinOp::Or, &other, &d, false)?
    } else {
        binary_op(vm, BinOp::Or, &d, &other, false)?
    };
    same_class(vm, &this, &[merged])
}

fn ud_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ud_or_impl(vm, args, false)
}

fn ud_ror(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ud_or_impl(vm, args, true)
}

fn ud_ior(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let mut other = arg(args, 1)?.clone();
    if is_a(&other, &userdict_class(vm)) {
        other = data(vm, &other)?;
    }
    let r = binary_op(vm, BinOp::Or, &d, &other, true)?;
    set_attr(vm, &this, "data", r)?;
    Ok(this)
}

fn ud_copy_dunder(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let c = call_method(vm, &d, "copy", &[], &[])?;
    copy_instance(vm, &this, c)
}

fn ud_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let base = userdict_class(vm);
    if Rc::ptr_eq(&type_of(&this), &base) {
        let c = call_method(vm, &d, "copy", &[], &[])?;
        return call(vm, &Value::Type(base), &[c], &[]);
    }
    set_attr(vm, &this, "data", Value::Dict(Rc::new(PyDict::new())))?;
    let c = call_dunder(vm, &this, "__copy__", &[]);
    set_attr(vm, &this, "data", d)?;
    let c = c?.unwrap_or(Value::None);
    update_from(vm, &c, &this)?;
    Ok(c)
}

fn ud_fromkeys(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("fromkeys", rest(args, 1), kw, &["iterable", "value"], 0, 1)?;
    let cls = arg(args, 0)?;
    let d = call(vm, cls, &[], &[])?;
    let value = a[1].clone().unwrap_or(Value::None);
    let it = get_iter(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    while let Some(k) = next(vm, &it)? {
        set_item(vm, &d, &k, value.clone())?;
    }
    Ok(d)
}

fn ud_pop(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = positional("pop", args, kw, 2, 3)?;
    let this = arg(args, 0)?;
    let key = arg(a, 0)?;
    match get_item(vm, this, key) {
        Ok(v) => {
            del_item(vm, this, key)?;
            Ok(v)
        }
        Err(e) if e.is_instance_of("KeyError") => match a.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

fn ud_popitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional("popitem", args, kw, 1, 1)?;
    let this = arg(args, 0)?;
    let it = get_iter(vm, this)?;
    let Some(key) = next(vm, &it)? else {
        return Err(rpvm_object::exception::PyException::new(
            rpvm_object::typeobj::exception_type("KeyError"),
            vec![],
        ));
    };
    let v = get_item(vm, this, &key)?;
    del_item(vm, this, &key)?;
    Ok(Value::tuple(vec![key, v]))
}

fn ud_clear(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional("clear", args, kw, 1, 1)?;
    let this = arg(args, 0)?.clone();
    loop {
        match call_method(vm, &this, "popitem", &[], &[]) {
            Ok(_) => {}
            Err(e) if e.is_instance_of("KeyError") => return Ok(Value::None),
            Err(e) => return Err(e),
        }
    }
}

fn ud_setdefault(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = positional("setdefault", args, kw, 2, 3)?;
    let this = arg(args, 0)?;
    let key = arg(a, 0)?;
    match get_item(vm, this, key) {
        Ok(v) => Ok(v),
        Err(e) if e.is_instance_of("KeyError") => {
            let d = a.get(1).cloned().unwrap_or(Value::None);
            set_item(vm, this, key, d.clone())?;
            Ok(d)
        }
        Err(e) => Err(e),
    }
}

fn ud_view(vm: &mut Vm, args: &[Value], name: &str) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    call_method(vm, &d, name, &[], &[])
}

fn ud_keys(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ud_view(vm, args, "keys")
}

fn ud_items(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ud_view(vm, args, "items")
}

fn ud_values(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ud_view(vm, args, "values")
}

/// `dict(m.items())` for a mapping (through its own `__iter__`/`__getitem__`).
fn as_dict(vm: &mut Vm, m: &Value) -> PyResult<Value> {
    let d = Value::Dict(Rc::new(PyDict::new()));
    update_from(vm, &d, m)?;
    Ok(d)
}

fn is_mapping(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if is_a(v, &builtin_types().dict) || is_a(v, &userdict_class(vm)) {
        return Ok(true);
    }
    let abc = vm.modules.get_str("collections.abc");
    if let Some(Value::Module(m)) = abc {
        if let Some(mapping) = m.dict.get_str("Mapping") {
            return crate::introspection::is_instance(vm, v, &mapping);
        }
    }
    Ok(false)
}

fn ud_eq_impl(vm: &mut Vm, args: &[Value]) -> PyResult<Option<bool>> {
    let this = arg(args, 0)?;
    let other = arg(args, 1)?;
    if !is_mapping(vm, other)? {
        return Ok(None);
    }
    let a = as_dict(vm, this)?;
    let b = as_dict(vm, other)?;
    rpvm_object::protocols::compare::equal(vm, &a, &b).map(Some)
}

fn ud_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(ud_eq_impl(vm, args)?.map_or(Value::NotImplemented, Value::Bool))
}

fn ud_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(ud_eq_impl(vm, args)?.map_or(Value::NotImplemented, |b| Value::Bool(!b)))
}

const USERDICT: ClassSpec = ClassSpec {
    name: "UserDict",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", ud_init),
        ("__len__", data_len),
        ("__getitem__", ud_getitem),
        ("__setitem__", data_setitem),
        ("__delitem__", data_delitem),
        ("__iter__", data_iter),
        ("__contains__", data_contains),
        ("__repr__", data_repr),
        ("__or__", ud_or),
        ("__ror__", ud_ror),
        ("__ior__", ud_ior),
        ("__copy__", ud_copy_dunder),
        ("__eq__", ud_eq),
        ("__ne__", ud_ne),
    ],
    methods: &[
        ("get", ud_get),
        ("copy", ud_copy),
        ("update", ud_update),
        ("pop", ud_pop),
        ("popitem", ud_popitem),
        ("clear", ud_clear),
        ("setdefault", ud_setdefault),
        ("keys", ud_keys),
        ("items", ud_items),
        ("values", ud_values),
    ],
    props: &[],
};

// ---- UserList ----

fn userlist_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(vm, &USERLIST)
}

fn ul_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = positional("UserList.__init__", args, kw, 1, 2)?;
    let this = arg(args, 0)?.clone();
    let list = builtin_types().list.clone();
    let d = match a.first() {
        None | Some(Value::None) => Value::list(vec![]),
        Some(Value::List(l)) => Value::list(l.snapshot()),
        Some(v) if is_a(v, &userlist_class(vm)) => {
            let inner = data(vm, v)?;
            Value::list(collect(vm, &inner)?)
        }
        Some(v) => call(vm, &Value::Type(list), std::slice::from_ref(v), &[])?,
    };
    set_attr(vm, &this, "data", d)?;
    Ok(Value::None)
}

fn ul_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let i = arg(args, 1)?;
    let v = get_item(vm, &d, i)?;
    if matches!(i, Value::Slice(_)) {
        same_class(vm, &this, &[v])
    } else {
        Ok(v)
    }
}

/// `other.data` for a UserList, `other` for a list, else `list(other)`.
fn ul_operand(vm: &mut Vm, other: &Value) -> PyResult<Value> {
    if is_a(other, &userlist_class(vm)) {
        data(vm, other)
    } else if is_a(other, &builtin_types().list) {
        Ok(other.clone())
    } else {
        let list = Value::Type(builtin_types().list.clone());
        call(vm, &list, std::slice::from_ref(other), &[])
    }
}

fn ul_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let o = ul_operand(vm, arg(args, 1)?)?;
    let r = binary_op(vm, BinOp::Add, &d, &o, false)?;
    same_class(vm, &this, &[r])
}

fn ul_radd(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let o = ul_operand(vm, arg(args, 1)?)?;
    let r = binary_op(vm, BinOp::Add, &o, &d, false)?;
    same_class(vm, &this, &[r])
}

fn ul_iadd(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let o = ul_operand(vm, arg(args, 1)?)?;
    let r = binary_op(vm, BinOp::Add, &d, &o, true)?;
    set_attr(vm, &this, "data", r)?;
    Ok(this)
}

fn ul_mul(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let r = binary_op(vm, BinOp::Mul, &d, arg(args, 1)?, false)?;
    same_class(vm, &this, &[r])
}

fn ul_imul(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let r = binary_op(vm, BinOp::Mul, &d, arg(args, 1)?, true)?;
    set_attr(vm, &this, "data", r)?;
    Ok(this)
}

fn ul_copy_dunder(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let c = Value::list(collect(vm, &d)?);
    copy_instance(vm, &this, c)
}

fn ul_copy(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positional("copy", args, kw, 1, 1)?;
    let this = arg(args, 0)?;
    same_class(vm, this, std::slice::from_ref(this))
}

fn ul_extend(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = positional("extend", args, kw, 2, 2)?;
    let (_, d) = this_data(vm, args)?;
    let mut other = arg(a, 0)?.clone();
    if is_a(&other, &userlist_class(vm)) {
        other = data(vm, &other)?;
    }
    call_method(vm, &d, "extend", &[other], &[])
}

fn ul_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Lt, &c)
}
fn ul_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Le, &c)
}
fn ul_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Eq, &c)
}
fn ul_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Ne, &c)
}
fn ul_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Gt, &c)
}
fn ul_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userlist_class(vm);
    compare_data(vm, args, CompareOp::Ge, &c)
}

macro_rules! plain {
    ($f:ident, $name:literal) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            delegate(vm, args, kw, $name)
        }
    };
}

plain!(ul_append, "append");
plain!(ul_insert, "insert");
plain!(ul_pop, "pop");
plain!(ul_remove, "remove");
plain!(ul_clear, "clear");
plain!(ul_count, "count");
plain!(ul_index, "index");
plain!(ul_reverse, "reverse");
plain!(ul_sort, "sort");

const USERLIST: ClassSpec = ClassSpec {
    name: "UserList",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", ul_init),
        ("__repr__", data_repr),
        ("__lt__", ul_lt),
        ("__le__", ul_le),
        ("__eq__", ul_eq),
        ("__ne__", ul_ne),
        ("__gt__", ul_gt),
        ("__ge__", ul_ge),
        ("__contains__", data_contains),
        ("__len__", data_len),
        ("__getitem__", ul_getitem),
        ("__setitem__", data_setitem),
        ("__delitem__", data_delitem),
        ("__add__", ul_add),
        ("__radd__", ul_radd),
        ("__iadd__", ul_iadd),
        ("__mul__", ul_mul),
        ("__rmul__", ul_mul),
        ("__imul__", ul_imul),
        ("__copy__", ul_copy_dunder),
        ("__iter__", seq_iter),
        ("__reversed__", seq_reversed),
    ],
    methods: &[
        ("append", ul_append),
        ("insert", ul_insert),
        ("pop", ul_pop),
        ("remove", ul_remove),
        ("clear", ul_clear),
        ("copy", ul_copy),
        ("count", ul_count),
        ("index", ul_index),
        ("reverse", ul_reverse),
        ("sort", ul_sort),
        ("extend", ul_extend),
    ],
    props: &[],
};

// ---- UserString ----

fn userstring_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(vm, &USERSTRING)
}

/// `v.data` for a UserString, else `v`.
fn us_operand(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if is_a(v, &userstring_class(vm)) {
        data(vm, v)
    } else {
        Ok(v.clone())
    }
}

fn str_of(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::string(rpvm_object::protocols::repr::str_(vm, v)?))
}

fn us_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = positional("UserString.__init__", args, kw, 2, 2)?;
    let this = arg(args, 0)?.clone();
    let seq = arg(a, 0)?;
    let d = if is_a(seq, &builtin_types().str_) {
        seq.clone()
    } else if is_a(seq, &userstring_class(vm)) {
        data(vm, seq)?
    } else {
        str_of(vm, seq)?
    };
    set_attr(vm, &this, "data", d)?;
    Ok(Value::None)
}

fn us_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    str_of(vm, &d)
}

fn convert(vm: &mut Vm, args: &[Value], ty: &Rc<PyType>) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    call(vm, &Value::Type(ty.clone()), &[d], &[])
}

fn us_int(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    convert(vm, args, &builtin_types().int.clone())
}

fn us_float(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    convert(vm, args, &builtin_types().float.clone())
}

fn us_complex(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    convert(vm, args, &builtin_types().complex.clone())
}

fn us_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    hash_value(vm, &d).map(Value::Int)
}

fn us_getnewargs(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    Ok(Value::tuple(vec![d]))
}

fn us_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    let c = us_operand(vm, arg(args, 1)?)?;
    contains(vm, &d, &c).map(Value::Bool)
}

fn us_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let v = get_item(vm, &d, arg(args, 1)?)?;
    same_class(vm, &this, &[v])
}

fn us_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let other = arg(args, 1)?;
    let o = if is_a(other, &userstring_class(vm)) {
        data(vm, other)?
    } else if is_a(other, &builtin_types().str_) {
        other.clone()
    } else {
        str_of(vm, other)?
    };
    let r = binary_op(vm, BinOp::Add, &d, &o, false)?;
    same_class(vm, &this, &[r])
}

fn us_radd(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let other = arg(args, 1)?;
    let o = if is_a(other, &builtin_types().str_) {
        other.clone()
    } else {
        str_of(vm, other)?
    };
    let r = binary_op(vm, BinOp::Add, &o, &d, false)?;
    same_class(vm, &this, &[r])
}

fn us_mul(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let r = binary_op(vm, BinOp::Mul, &d, arg(args, 1)?, false)?;
    same_class(vm, &this, &[r])
}

fn us_mod(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let r = binary_op(vm, BinOp::Mod, &d, arg(args, 1)?, false)?;
    same_class(vm, &this, &[r])
}

fn us_rmod(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let left = arg(args, 1)?;
    if matches!(left, Value::Str(_)) {
        // CPython never gets here: `str % x` accepts any right operand. This VM tries
        // `x.__rmod__` first, so give `str.__mod__`'s answer (a plain str).
        return binary_op(vm, BinOp::Mod, left, &Value::tuple(vec![this]), false);
    }
    let t = str_of(vm, left)?;
    let r = binary_op(vm, BinOp::Mod, &t, &this, false)?;
    same_class(vm, &this, &[r])
}

fn us_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Lt, &c)
}
fn us_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Le, &c)
}
fn us_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Eq, &c)
}
fn us_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Ne, &c)
}
fn us_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Gt, &c)
}
fn us_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let c = userstring_class(vm);
    compare_data(vm, args, CompareOp::Ge, &c)
}

/// `self.__class__(self.data.NAME(*args))`, with UserString arguments unwrapped when
/// `unwrap` (as CPython does for `replace`, `removeprefix`, ...).
fn us_wrapped(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    name: &str,
    unwrap: bool,
) -> PyResult<Value> {
    let (this, d) = this_data(vm, args)?;
    let mut a = rest(args, 1).to_vec();
    if unwrap {
        for v in a.iter_mut() {
            *v = us_operand(vm, v)?;
        }
    }
    let r = call_method(vm, &d, name, &a, kw)?;
    same_class(vm, &this, &[r])
}

/// `self.data.NAME(*args)` with the first argument unwrapped when it is a UserString.
fn us_plain_unwrap(vm: &mut Vm, args: &[Value], kw: &[Value], name: &str) -> PyResult<Value> {
    let (_, d) = this_data(vm, args)?;
    let mut a = rest(args, 1).to_vec();
    if let Some(first) = a.first_mut() {
        if npos(args, kw) > 1 {
            *first = us_operand(vm, first)?;
        }
    }
    call_method(vm, &d, name, &a, kw)
}

macro_rules! wrapped {
    ($f:ident, $name:literal) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            us_wrapped(vm, args, kw, $name, false)
        }
    };
    ($f:ident, $name:literal, unwrap) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            us_wrapped(vm, args, kw, $name, true)
        }
    };
}

macro_rules! unwrapped {
    ($f:ident, $name:literal) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            us_plain_unwrap(vm, args, kw, $name)
        }
    };
}

wrapped!(us_capitalize, "capitalize");
wrapped!(us_casefold, "casefold");
wrapped!(us_center, "center");
wrapped!(us_removeprefix, "removeprefix", unwrap);
wrapped!(us_removesuffix, "removesuffix", unwrap);
wrapped!(us_expandtabs, "expandtabs");
wrapped!(us_ljust, "ljust");
wrapped!(us_lower, "lower");
wrapped!(us_lstrip, "lstrip");
wrapped!(us_replace, "replace", unwrap);
wrapped!(us_rjust, "rjust");
wrapped!(us_rstrip, "rstrip");
wrapped!(us_strip, "strip");
wrapped!(us_swapcase, "swapcase");
wrapped!(us_title, "title");
wrapped!(us_translate, "translate");
wrapped!(us_upper, "upper");
wrapped!(us_zfill, "zfill");
unwrapped!(us_count, "count");
unwrapped!(us_find, "find");
plain!(us_index, "index");
unwrapped!(us_rfind, "rfind");
plain!(us_rindex, "rindex");
plain!(us_encode, "encode");
plain!(us_endswith, "endswith");
plain!(us_startswith, "startswith");
plain!(us_format, "format");
plain!(us_format_map, "format_map");
plain!(us_isalpha, "isalpha");
plain!(us_isalnum, "isalnum");
plain!(us_isascii, "isascii");
plain!(us_isdecimal, "isdecimal");
plain!(us_isdigit, "isdigit");
plain!(us_isidentifier, "isidentifier");
plain!(us_islower, "islower");
plain!(us_isnumeric, "isnumeric");
plain!(us_isprintable, "isprintable");
plain!(us_isspace, "isspace");
plain!(us_istitle, "istitle");
plain!(us_isupper, "isupper");
plain!(us_join, "join");
plain!(us_partition, "partition");
plain!(us_rpartition, "rpartition");
plain!(us_split, "split");
plain!(us_rsplit, "rsplit");
plain!(us_splitlines, "splitlines");

const USERSTRING: ClassSpec = ClassSpec {
    name: "UserString",
    module: "collections",
    base: None,
    new: None,
    dunders: &[
        ("__init__", us_init),
        ("__str__", us_str),
        ("__repr__", data_repr),
        ("__int__", us_int),
        ("__float__", us_float),
        ("__complex__", us_complex),
        ("__hash__", us_hash),
        ("__getnewargs__", us_getnewargs),
        ("__eq__", us_eq),
        ("__ne__", us_ne),
        ("__lt__", us_lt),
        ("__le__", us_le),
        ("__gt__", us_gt),
        ("__ge__", us_ge),
        ("__contains__", us_contains),
        ("__len__", data_len),
        ("__getitem__", us_getitem),
        ("__add__", us_add),
        ("__radd__", us_radd),
        ("__mul__", us_mul),
        ("__rmul__", us_mul),
        ("__mod__", us_mod),
        ("__rmod__", us_rmod),
        ("__iter__", seq_iter),
        ("__reversed__", seq_reversed),
    ],
    methods: &[
        ("capitalize", us_capitalize),
        ("casefold", us_casefold),
        ("center", us_center),
        ("count", us_count),
        ("removeprefix", us_removeprefix),
        ("removesuffix", us_removesuffix),
        ("encode", us_encode),
        ("endswith", us_endswith),
        ("expandtabs", us_expandtabs),
        ("find", us_find),
        ("format", us_format),
        ("format_map", us_format_map),
        ("index", us_index),
        ("isalpha", us_isalpha),
        ("isalnum", us_isalnum),
        ("isascii", us_isascii),
        ("isdecimal", us_isdecimal),
        ("isdigit", us_isdigit),
        ("isidentifier", us_isidentifier),
        ("islower", us_islower),
        ("isnumeric", us_isnumeric),
        ("isprintable", us_isprintable),
        ("isspace", us_isspace),
        ("istitle", us_istitle),
        ("isupper", us_isupper),
        ("join", us_join),
        ("ljust", us_ljust),
        ("lower", us_lower),
        ("lstrip", us_lstrip),
        ("partition", us_partition),
        ("replace", us_replace),
        ("rfind", us_rfind),
        ("rindex", us_rindex),
        ("rjust", us_rjust),
        ("rpartition", us_rpartition),
        ("rstrip", us_rstrip),
        ("split", us_split),
        ("rsplit", us_rsplit),
        ("splitlines", us_splitlines),
        ("startswith", us_startswith),
        ("strip", us_strip),
        ("swapcase", us_swapcase),
        ("title", us_title),
        ("translate", us_translate),
        ("upper", us_upper),
        ("zfill", us_zfill),
    ],
    props: &[],
};

// ---- module ----

/// The three classes, made once per thread: (`UserDict`, `UserList`, `UserString`).
pub(crate) fn classes(vm: &mut Vm) -> [Rc<PyType>; 3] {
    let fresh = !crate::functools::class_made("collections.UserDict");
    let ud = userdict_class(vm);
    let ul = userlist_class(vm);
    let us = userstring_class(vm);
    if fresh {
        ud.dict.set_str("__hash__", Value::None);
        ul.dict.set_str("__hash__", Value::None);
        let from_keys: NativeFn = ud_fromkeys;
        ud.dict.set_str(
            "fromkeys",
            Value::Native(rpvm_object::native::NativeRef::new(ClassMethod(
                crate::builtin_fn("fromkeys", from_keys),
            ))),
        );
        if let Some(mk) = builtin_types().str_.dict.get_str("maketrans") {
            us.dict.set_str("maketrans", mk);
        }
    }
    [ud, ul, us]
}
