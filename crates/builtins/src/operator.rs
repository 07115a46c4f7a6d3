//! The `operator` module: operators as functions, `itemgetter`, `attrgetter` and
//! `methodcaller`.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::function::NativeFn;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::arith::{binary_op, invert, negative, positive, BinOp};
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::subscript::{contains, del_item, get_item, set_item};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{class_of, new_instance, split, with_state, ClassSpec};

fn two<'a>(name: &str, args: &'a [Value], kw: &[Value]) -> PyResult<(&'a Value, &'a Value)> {
    if !kw.is_empty() {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.len() != 2 {
        return Err(type_error(format!(
            "{name} expected 2 arguments, got {}",
            args.len()
        )));
    }
    Ok((crate::args::arg(args, 0)?, crate::args::arg(args, 1)?))
}

fn one<'a>(name: &str, args: &'a [Value], kw: &[Value]) -> PyResult<&'a Value> {
    crate::args::one_arg(name, args, kw)
}

macro_rules! binop {
    ($f:ident, $name:literal, $op:expr) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            let (a, b) = two($name, args, kw)?;
            binary_op(vm, $op, a, b, false)
        }
    };
}
binop!(add, "add", BinOp::Add);
binop!(sub, "sub", BinOp::Sub);
binop!(mul, "mul", BinOp::Mul);
binop!(truediv, "truediv", BinOp::TrueDiv);
binop!(floordiv, "floordiv", BinOp::FloorDiv);
binop!(mod_, "mod", BinOp::Mod);
binop!(pow, "pow", BinOp::Pow);
binop!(and_, "and_", BinOp::And);
binop!(or_, "or_", BinOp::Or);
binop!(xor, "xor", BinOp::Xor);
binop!(lshift, "lshift", BinOp::LShift);
binop!(rshift, "rshift", BinOp::RShift);
binop!(matmul, "matmul", BinOp::MatMul);

macro_rules! ibinop {
    ($f:ident, $name:literal, $op:expr) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            let (a, b) = two($name, args, kw)?;
            binary_op(vm, $op, a, b, true)
        }
    };
}
ibinop!(iadd, "iadd", BinOp::Add);
ibinop!(isub, "isub", BinOp::Sub);
ibinop!(imul, "imul", BinOp::Mul);
ibinop!(itruediv, "itruediv", BinOp::TrueDiv);
ibinop!(ifloordiv, "ifloordiv", BinOp::FloorDiv);
ibinop!(imod, "imod", BinOp::Mod);
ibinop!(ipow, "ipow", BinOp::Pow);
ibinop!(iand, "iand", BinOp::And);
ibinop!(ior, "ior", BinOp::Or);
ibinop!(ixor, "ixor", BinOp::Xor);
ibinop!(ilshift, "ilshift", BinOp::LShift);
ibinop!(irshift, "irshift", BinOp::RShift);
ibinop!(imatmul, "imatmul", BinOp::MatMul);

/// `operator.countOf(a, b)`: occurrences of `b` in `a` (identity or equality).
fn count_of(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("countOf", args, kw)?;
    let it = rpvm_object::protocols::iter::get_iter(vm, a)?;
    let mut n = 0i64;
    while let Some(x) = rpvm_object::protocols::iter::next(vm, &it)? {
        if x.is(b) || rpvm_object::protocols::compare::equal(vm, &x, b)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// `operator.indexOf(a, b)`: the first index of `b` in `a`.
fn index_of(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("indexOf", args, kw)?;
    let it = rpvm_object::protocols::iter::get_iter(vm, a)?;
    let mut n = 0i64;
    while let Some(x) = rpvm_object::protocols::iter::next(vm, &it)? {
        if x.is(b) || rpvm_object::protocols::compare::equal(vm, &x, b)? {
            return Ok(Value::Int(n));
        }
        n += 1;
    }
    Err(rpvm_object::exception::value_error(
        "sequence.index(x): x not in sequence",
    ))
}

/// `operator.length_hint(obj, default=0)`: `len()`, else `__length_hint__`, else `default`.
fn length_hint(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("length_hint", args, kw, &["obj", "default"], 2, 1)?;
    let obj = a[0].clone().unwrap_or(Value::None);
    let default = match &a[1] {
        None => 0,
        Some(Value::Int(d)) => *d,
        Some(other) => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                rpvm_object::protocols::type_name(other)
            )))
        }
    };
    let has_len = matches!(
        obj,
        Value::List(_)
            | Value::Tuple(_)
            | Value::Str(_)
            | Value::Bytes(_)
            | Value::ByteArray(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::FrozenSet(_)
            | Value::Range(_)
    ) || rpvm_object::protocols::call::lookup_special(&obj, "__len__").is_some();
    if has_len {
        return crate::iterators::length(vm, &obj).map(|n| Value::Int(n as i64));
    }
    let hint = match &obj {
        Value::Native(n) => n.get_attr(vm, &obj, "__length_hint__")?,
        _ => rpvm_object::protocols::call::lookup_special(&obj, "__length_hint__"),
    };
    let Some(f) = hint else {
        return Ok(Value::Int(default));
    };
    let r = if matches!(obj, Value::Native(_)) {
        rpvm_object::protocols::call::call(vm, &f, &[], &[])?
    } else {
        rpvm_object::protocols::call::call(vm, &f, std::slice::from_ref(&obj), &[])?
    };
    match r {
        Value::NotImplemented => Ok(Value::Int(default)),
        Value::Int(n) if n < 0 => Err(rpvm_object::exception::value_error(
            "__length_hint__() should return >= 0",
        )),
        Value::Int(n) => Ok(Value::Int(n)),
        other => Err(type_error(format!(
            "__length_hint__ must be an integer, not {}",
            rpvm_object::protocols::type_name(&other)
        ))),
    }
}

/// `operator.call(obj, /, *args, **kwargs)`.
fn call_(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = crate::args::npos(args, kw);
    if np == 0 {
        return Err(type_error("call() missing required argument 'obj' (pos 1)"));
    }
    rpvm_object::protocols::call::call(
        vm,
        crate::args::arg(args, 0)?,
        crate::args::rest(args, 1),
        kw,
    )
}

/// `operator.iconcat(a, b)`: `a += b` for sequences.
fn iconcat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("iconcat", args, kw)?;
    concat_check(a)?;
    binary_op(vm, BinOp::Add, a, b, true)
}

fn concat_check(a: &Value) -> PyResult<()> {
    let ok = matches!(
        a,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_)
    ) || rpvm_object::protocols::call::lookup_special(a, "__getitem__").is_some();
    if ok {
        Ok(())
    } else {
        Err(type_error(format!(
            "'{}' object can't be concatenated",
            rpvm_object::protocols::type_name(a)
        )))
    }
}

macro_rules! cmpop {
    ($f:ident, $name:literal, $op:expr) => {
        fn $f(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
            let (a, b) = two($name, args, kw)?;
            rich_compare(vm, a, b, $op)
        }
    };
}
cmpop!(lt, "lt", CompareOp::Lt);
cmpop!(le, "le", CompareOp::Le);
cmpop!(eq, "eq", CompareOp::Eq);
cmpop!(ne, "ne", CompareOp::Ne);
cmpop!(gt, "gt", CompareOp::Gt);
cmpop!(ge, "ge", CompareOp::Ge);

fn neg(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    negative(vm, one("neg", args, kw)?)
}
fn pos(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    positive(vm, one("pos", args, kw)?)
}
fn inv(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    invert(vm, one("invert", args, kw)?)
}
fn abs(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::numeric::abs(vm, args, kw)
}
fn not_(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(!is_true(vm, one("not_", args, kw)?)?))
}
fn truth(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(is_true(vm, one("truth", args, kw)?)?))
}
fn is_(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("is_", args, kw)?;
    Ok(Value::Bool(a.is(b)))
}
fn is_not(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("is_not", args, kw)?;
    Ok(Value::Bool(!a.is(b)))
}
fn contains_(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("contains", args, kw)?;
    Ok(Value::Bool(contains(vm, a, b)?))
}
fn getitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("getitem", args, kw)?;
    get_item(vm, a, b)
}
fn setitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if args.len() != 3 || !kw.is_empty() {
        return Err(type_error(format!(
            "setitem expected 3 arguments, got {}",
            args.len()
        )));
    }
    set_item(
        vm,
        crate::args::arg(args, 0)?,
        crate::args::arg(args, 1)?,
        crate::args::arg(args, 2)?.clone(),
    )?;
    Ok(Value::None)
}
fn delitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("delitem", args, kw)?;
    del_item(vm, a, b)?;
    Ok(Value::None)
}
fn index(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::index_value(vm, one("index", args, kw)?)
}
fn concat(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (a, b) = two("concat", args, kw)?;
    let seq = |v: &Value| {
        matches!(
            v,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::ByteArray(_)
        ) || rpvm_object::protocols::call::lookup_special(v, "__getitem__").is_some()
    };
    if !seq(a) {
        return Err(type_error(format!(
            "'{}' object can't be concatenated",
            rpvm_object::protocols::type_name(a)
        )));
    }
    binary_op(vm, BinOp::Add, a, b, false)
}

// ---- itemgetter / attrgetter / methodcaller ----

const ITEMGETTER: ClassSpec = ClassSpec {
    name: "itemgetter",
    module: "operator",
    base: None,
    new: Some(itemgetter_new),
    dunders: &[("__call__", itemgetter_call), ("__repr__", itemgetter_repr)],
    methods: &[],
    props: &[],
};

#[derive(Debug)]
struct ItemGetter(Vec<Value>);

fn itemgetter_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(type_error("itemgetter() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error("itemgetter expected 1 argument, got 0"));
    }
    let cls = class_of(vm, &ITEMGETTER);
    Ok(new_instance(
        cls,
        ItemGetter(crate::args::rest(args, 1).to_vec()),
    ))
}

fn itemgetter_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let items =
        with_state::<ItemGetter, _>(crate::args::arg(args, 0)?, "itemgetter", |g| g.0.clone())?;
    let obj = one("itemgetter", crate::args::rest(args, 1), kw)?;
    if items.len() == 1 {
        return get_item(vm, obj, &items[0]);
    }
    let mut out = Vec::new();
    for i in &items {
        out.push(get_item(vm, obj, i)?);
    }
    Ok(Value::tuple(out))
}

fn itemgetter_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items =
        with_state::<ItemGetter, _>(crate::args::arg(args, 0)?, "itemgetter", |g| g.0.clone())?;
    let mut parts = Vec::new();
    for i in &items {
        parts.push(repr(vm, i)?);
    }
    Ok(Value::str(&format!(
        "operator.itemgetter({})",
        parts.join(", ")
    )))
}

const ATTRGETTER: ClassSpec = ClassSpec {
    name: "attrgetter",
    module: "operator",
    base: None,
    new: Some(attrgetter_new),
    dunders: &[("__call__", attrgetter_call), ("__repr__", attrgetter_repr)],
    methods: &[],
    props: &[],
};

#[derive(Debug)]
struct AttrGetter(Vec<String>);

fn attrgetter_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(type_error("attrgetter() takes no keyword arguments"));
    }
    if args.len() < 2 {
        return Err(type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut names = Vec::new();
    for a in crate::args::rest(args, 1) {
        match a.as_str() {
            Some(s) => names.push(s.to_string()),
            None => return Err(type_error("attribute name must be a string")),
        }
    }
    let cls = class_of(vm, &ATTRGETTER);
    Ok(new_instance(cls, AttrGetter(names)))
}

fn attrgetter_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let names =
        with_state::<AttrGetter, _>(crate::args::arg(args, 0)?, "attrgetter", |g| g.0.clone())?;
    let obj = one("attrgetter", crate::args::rest(args, 1), kw)?;
    let mut out = Vec::new();
    for n in &names {
        let mut v = obj.clone();
        for part in n.split('.') {
            v = get_attr(vm, &v, part)?;
        }
        out.push(v);
    }
    if out.len() == 1 {
        return Ok(out.pop().unwrap());
    }
    Ok(Value::tuple(out))
}

fn attrgetter_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let names =
        with_state::<AttrGetter, _>(crate::args::arg(args, 0)?, "attrgetter", |g| g.0.clone())?;
    let mut parts = Vec::new();
    for n in &names {
        parts.push(repr(vm, &Value::str(n))?);
    }
    Ok(Value::str(&format!(
        "operator.attrgetter({})",
        parts.join(", ")
    )))
}

const METHODCALLER: ClassSpec = ClassSpec {
    name: "methodcaller",
    module: "operator",
    base: None,
    new: Some(methodcaller_new),
    dunders: &[
        ("__call__", methodcaller_call),
        ("__repr__", methodcaller_repr),
    ],
    methods: &[],
    props: &[],
};

#[derive(Debug)]
struct MethodCaller {
    name: Value,
    args: Vec<Value>,
    kw: Vec<(Value, Value)>,
}

fn methodcaller_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    if pos.len() < 2 {
        return Err(type_error(
            "methodcaller needs at least one argument, the method name",
        ));
    }
    if pos[1].as_str().is_none() {
        return Err(type_error("method name must be a string"));
    }
    let cls = class_of(vm, &METHODCALLER);
    Ok(new_instance(
        cls,
        MethodCaller {
            name: pos[1].clone(),
            args: pos[2..].to_vec(),
            kw: kws,
        },
    ))
}

fn methodcaller_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (name, mut margs, mkw) =
        with_state::<MethodCaller, _>(crate::args::arg(args, 0)?, "methodcaller", |m| {
            (m.name.clone(), m.args.clone(), m.kw.clone())
        })?;
    let obj = one("methodcaller", crate::args::rest(args, 1), kw)?;
    let f = get_attr(vm, obj, name.as_str().unwrap_or(""))?;
    let names: Vec<Value> = mkw.iter().map(|(k, _)| k.clone()).collect();
    margs.extend(mkw.into_iter().map(|(_, v)| v));
    call(vm, &f, &margs, &names)
}

fn methodcaller_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (name, margs, mkw) =
        with_state::<MethodCaller, _>(crate::args::arg(args, 0)?, "methodcaller", |m| {
            (m.name.clone(), m.args.clone(), m.kw.clone())
        })?;
    let mut parts = vec![repr(vm, &name)?];
    for a in &margs {
        parts.push(repr(vm, a)?);
    }
    for (k, v) in &mkw {
        parts.push(format!("{}={}", k.as_str().unwrap_or("?"), repr(vm, v)?));
    }
    Ok(Value::str(&format!(
        "operator.methodcaller({})",
        parts.join(", ")
    )))
}

/// The `operator` module.
pub fn make_operator(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("operator"));
    let fns: &[(&'static str, NativeFn)] = &[
        ("add", add),
        ("sub", sub),
        ("mul", mul),
        ("truediv", truediv),
        ("floordiv", floordiv),
        ("mod", mod_),
        ("pow", pow),
        ("matmul", matmul),
        ("neg", neg),
        ("pos", pos),
        ("abs", abs),
        ("not_", not_),
        ("truth", truth),
        ("eq", eq),
        ("ne", ne),
        ("lt", lt),
        ("le", le),
        ("gt", gt),
        ("ge", ge),
        ("and_", and_),
        ("or_", or_),
        ("xor", xor),
        ("lshift", lshift),
        ("rshift", rshift),
        ("invert", inv),
        ("inv", inv),
        ("contains", contains_),
        ("getitem", getitem),
        ("setitem", setitem),
        ("delitem", delitem),
        ("index", index),
        ("concat", concat),
        ("is_", is_),
        ("is_not", is_not),
        ("iadd", iadd),
        ("isub", isub),
        ("imul", imul),
        ("itruediv", itruediv),
        ("ifloordiv", ifloordiv),
        ("imod", imod),
        ("ipow", ipow),
        ("iand", iand),
        ("ior", ior),
        ("ixor", ixor),
        ("ilshift", ilshift),
        ("irshift", irshift),
        ("imatmul", imatmul),
        ("iconcat", iconcat),
        ("countOf", count_of),
        ("indexOf", index_of),
        ("length_hint", length_hint),
        ("call", call_),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    // The dunder aliases (`operator.__add__ is operator.add`).
    for (n, _) in fns {
        let base = n.trim_end_matches('_');
        if matches!(
            *n,
            "truth" | "is_" | "is_not" | "countOf" | "indexOf" | "length_hint"
        ) {
            continue;
        }
        if let Some(v) = d.get_str(n) {
            d.set_str(&format!("__{base}__"), v);
        }
    }
    for spec in [&ITEMGETTER, &ATTRGETTER, &METHODCALLER] {
        let t = class_of(vm, spec);
        d.set_str(spec.name, Value::Type(t));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "operator".to_string(),
        dict: d,
    }));
    vm.modules.set_str("operator", m.clone());
    m
}
