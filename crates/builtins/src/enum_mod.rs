//! The `enum` module: `EnumMeta` (alias `EnumType`), `Enum`, `IntEnum`, `StrEnum`, `auto` and
//! `unique`. A class statement deriving from `Enum` runs its body and then `EnumMeta`,
//! which turns the plain attributes into member singletons (instances of the new class
//! holding `_name_` and `_value_`; for `IntEnum`/`StrEnum` the instance's built-in base is
//! the int or str).
//! Members are kept in definition order in `_member_names_`, and with aliases in
//! `_member_map_` / `__members__` (a plain dict here, a mappingproxy in CPython).

use rpvm_object::native::NativeRef;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{key_error, type_error, value_error, PyResult};
use rpvm_object::instance::PyInstance;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::compare::{equal, rich_compare, CompareOp};
use rpvm_object::protocols::format::format_value;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::repr::{repr, str_};
use rpvm_object::protocols::type_of;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::functools::{new_instance, state_of};

/// The marker held by `auto()` instances.
#[derive(Debug)]
struct AutoValue(std::cell::RefCell<Option<Value>>);

/// `auto() | auto()` (and `&`, `^`, `+`) in a class body: evaluated once the operands'
/// values are known.
#[derive(Debug)]
struct AutoExpr(rpvm_object::protocols::arith::BinOp, Value, Value);

/// The value of an `auto` operand or expression (`None`: not yet known).
fn resolve_auto(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    if let Some(n) = state_of::<AutoValue>(v) {
        if let Some(a) = n
            .as_any()
            .downcast_ref::<crate::functools::State<AutoValue>>()
        {
            return Ok(a.0 .0.borrow().clone());
        }
    }
    if let Some(n) = state_of::<AutoExpr>(v) {
        if let Some(e) = n
            .as_any()
            .downcast_ref::<crate::functools::State<AutoExpr>>()
        {
            let AutoExpr(op, a, b) = &e.0;
            let (Some(a), Some(b)) = (resolve_auto(vm, a)?, resolve_auto(vm, b)?) else {
                return Ok(None);
            };
            return rpvm_object::protocols::arith::binary_op(vm, *op, &a, &b, false).map(Some);
        }
    }
    Ok(Some(v.clone()))
}

fn auto_op(
    args: &[Value],
    op: rpvm_object::protocols::arith::BinOp,
    reflected: bool,
) -> PyResult<Value> {
    let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
        return Err(type_error("expected 1 argument"));
    };
    let (l, r) = if reflected { (b, a) } else { (a, b) };
    let cls = type_of(a);
    Ok(new_instance(cls, AutoExpr(op, l.clone(), r.clone())))
}

macro_rules! auto_ops {
    ($($name:ident, $op:ident, $refl:expr;)*) => {
        $(fn $name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
            auto_op(args, rpvm_object::protocols::arith::BinOp::$op, $refl)
        })*
    };
}

auto_ops! {
    auto_or, Or, false;
    auto_ror, Or, true;
    auto_and, And, false;
    auto_rand, And, true;
    auto_xor, Xor, false;
    auto_rxor, Xor, true;
    auto_add, Add, false;
    auto_radd, Add, true;
}

fn is_dunder(k: &str) -> bool {
    k.len() > 4 && k.starts_with("__") && k.ends_with("__")
}

fn is_sunder(k: &str) -> bool {
    k.len() > 2 && k.starts_with('_') && k.ends_with('_') && !k.starts_with("__")
}

fn is_descriptor(v: &Value) -> bool {
    matches!(
        v,
        Value::Function(_) | Value::Builtin(_) | Value::Native(_) | Value::Type(_)
    )
}

fn cls_arg(v: Option<&Value>) -> PyResult<Rc<PyType>> {
    match v {
        Some(Value::Type(t)) => Ok(t.clone()),
        _ => Err(type_error("expected an enum class")),
    }
}

/// The members of `cls` in definition order (aliases excluded).
fn members(cls: &Rc<PyType>) -> Vec<Value> {
    let Some(Value::List(names)) = cls.lookup("_member_names_") else {
        return Vec::new();
    };
    let Some(Value::Dict(map)) = cls.lookup("_member_map_") else {
        return Vec::new();
    };
    names
        .snapshot()
        .iter()
        .filter_map(|n| n.as_str().and_then(|s| map.get_str(s)))
        .collect()
}

fn next_auto(vm: &mut Vm, values: &[Value]) -> PyResult<Value> {
    for v in values.iter().rev() {
        if let Value::Int(_) | Value::Bool(_) = v {
            return rpvm_object::protocols::arith::binary_op(
                vm,
                rpvm_object::protocols::arith::BinOp::Add,
                v,
                &Value::Int(1),
                false,
            );
        }
    }
    Ok(Value::Int(1))
}

thread_local! {
    static FLAG_TYPE: std::cell::RefCell<Option<Rc<PyType>>> = const { std::cell::RefCell::new(None) };
}

fn flag_type() -> Option<Rc<PyType>> {
    FLAG_TYPE.with(|f| f.borrow().clone())
}

fn is_flag(cls: &Rc<PyType>) -> bool {
    flag_type().is_some_and(|f| cls.is_subtype(&f))
}

fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

fn is_single_bit(v: i64) -> bool {
    v > 0 && v & (v - 1) == 0
}

fn bit_length(v: i64) -> u32 {
    64 - v.unsigned_abs().leading_zeros()
}

/// `Flag._generate_next_value_`: 1, then the next power of two above the largest value.
fn next_flag_auto(values: &[Value]) -> PyResult<Value> {
    let mut max: Option<i64> = None;
    for v in values {
        match as_int(v) {
            Some(i) => max = Some(max.map_or(i, |m: i64| m.max(i))),
            None => return Err(type_error(format!("invalid flag value {v:?}"))),
        }
    }
    match max {
        None => Ok(Value::Int(1)),
        Some(m) => {
            let hb = i64::from(bit_length(m)) - 1;
            Ok(Value::Int(1i64 << (hb + 1).clamp(0, 62)))
        }
    }
}

/// A user-defined `_generate_next_value_` from the class body or an enum base.
fn user_gnv(ns: &PyDict, bases: &Value) -> Option<Value> {
    if let Some(f) = ns.get_str("_generate_next_value_") {
        return Some(f);
    }
    let Value::Tuple(bs) = bases else { return None };
    bs.as_slice().iter().find_map(|b| match b {
        Value::Type(t) => t
            .mro()
            .iter()
            .filter(|c| c.module != "enum")
            .find_map(|c| c.dict.get_str("_generate_next_value_")),
        _ => None,
    })
}

/// The next `auto()` value for member `key`.
fn auto_value(
    vm: &mut Vm,
    gnv: &Option<Value>,
    key: &str,
    str_based: bool,
    flag: bool,
    values: &[Value],
    start: i64,
) -> PyResult<Value> {
    if let Some(f) = gnv {
        let f = match f {
            Value::Native(n) => match n
                .as_any()
                .downcast_ref::<rpvm_object::descriptors::StaticMethod>()
            {
                Some(sm) => sm.0.clone(),
                None => f.clone(),
            },
            _ => f.clone(),
        };
        return rpvm_object::protocols::call::call(
            vm,
            &f,
            &[
                Value::string(key.to_string()),
                Value::Int(start),
                Value::Int(values.len() as i64),
                Value::list(values.to_vec()),
            ],
            &[],
        );
    }
    if str_based {
        Ok(Value::string(key.to_lowercase()))
    } else if flag {
        if values.is_empty() {
            Ok(Value::Int(start))
        } else {
            next_flag_auto(values)
        }
    } else if values.is_empty() {
        Ok(Value::Int(start))
    } else {
        next_auto(vm, values)
    }
}

/// `EnumMeta.__new__(mcls, name, bases, ns, boundary=None)`.
fn meta_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let npos = args.len() - kw.len();
    let [mcls, name, bases, Value::Dict(ns)] = &args[..npos] else {
        return Err(type_error("EnumMeta.__new__() takes 3 arguments"));
    };
    let Value::Type(mcls) = mcls else {
        return Err(type_error("EnumMeta.__new__(X): X is not a type object"));
    };
    let mut boundary = None;
    for (k, v) in kw.iter().zip(&args[npos..]) {
        if k.as_str() == Some("boundary") && !v.is_none() {
            boundary = Some(v.clone());
        }
    }
    build_enum(vm, mcls, name, bases, ns, boundary)
}

fn build_enum(
    vm: &mut Vm,
    mcls: &Rc<PyType>,
    name: &Value,
    bases: &Value,
    ns: &Rc<PyDict>,
    boundary: Option<Value>,
) -> PyResult<Value> {
    let base_types: Vec<Rc<PyType>> = match bases {
        Value::Tuple(t) => t
            .as_slice()
            .iter()
            .filter_map(|b| match b {
                Value::Type(b) => Some(b.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let str_based = base_types
        .iter()
        .any(|b| b.is_subtype(&builtin_types().str_));
    let flag_based = base_types.iter().any(is_flag);
    let gnv = user_gnv(ns, bases);
    let mut member_defs: Vec<(String, Value)> = Vec::new();
    let body = Rc::new(PyDict::new());
    let mut values: Vec<Value> = Vec::new();
    for (k, v) in ns.items() {
        let Some(key) = k.as_str() else { continue };
        if is_dunder(key) || is_sunder(key) || is_descriptor(&v) {
            body.set_str(key, v);
            continue;
        }
        let v = if let Some(n) = state_of::<AutoValue>(&v) {
            let value = auto_value(vm, &gnv, key, str_based, flag_based, &values, 1)?;
            if let Some(a) = n
                .as_any()
                .downcast_ref::<crate::functools::State<AutoValue>>()
            {
                *a.0 .0.borrow_mut() = Some(value.clone());
            }
            value
        } else if state_of::<AutoExpr>(&v).is_some() {
            match resolve_auto(vm, &v)? {
                Some(value) => value,
                None => v,
            }
        } else {
            v
        };
        values.push(v.clone());
        member_defs.push((key.to_string(), v));
    }
    let class = rpvm_object::subclass::new_class(
        vm,
        Some(mcls.clone()),
        &[name.clone(), bases.clone(), Value::Dict(body)],
        &[],
    )?;
    let Value::Type(cls) = &class else {
        return Ok(class);
    };
    let int_based = cls.is_subtype(&builtin_types().int);
    let str_based = cls.is_subtype(&builtin_types().str_);
    let flag = is_flag(cls);
    let names: Vec<Value> = Vec::new();
    let names_list = Value::list(names);
    let map = Rc::new(PyDict::new());
    let v2m = Rc::new(PyDict::new());
    let mut created: Vec<(Value, Value)> = Vec::new();
    let (mut single_bits, mut multi_bits) = (0i64, 0i64);
    for (key, v) in member_defs {
        let mut alias = None;
        for (val, m) in &created {
            if equal(vm, val, &v)? {
                alias = Some(m.clone());
                break;
            }
        }
        let member = match alias {
            Some(m) => m,
            None => {
                let base = if int_based {
                    match &v {
                        Value::Int(_) | Value::BigInt(_) => Some(v.clone()),
                        Value::Bool(b) => Some(Value::Int(i64::from(*b))),
                        other => {
                            return Err(value_error(format!(
                                "invalid literal for int() with base 10: {}",
                                repr(vm, other)?
                            )))
                        }
                    }
                } else if str_based {
                    match &v {
                        Value::Str(_) => Some(v.clone()),
                        other => {
                            return Err(type_error(format!("{} is not a string", repr(vm, other)?)))
                        }
                    }
                } else {
                    None
                };
                let m = Value::Instance(PyInstance::new(cls.clone(), base));
                set_attr(vm, &m, "_name_", Value::string(key.clone()))?;
                set_attr(vm, &m, "_value_", v.clone())?;
                let listed = if flag {
                    let iv = as_int(&v).unwrap_or(0);
                    if is_single_bit(iv) {
                        single_bits |= iv;
                        true
                    } else {
                        multi_bits |= iv;
                        false
                    }
                } else {
                    true
                };
                if listed {
                    if let Value::List(l) = &names_list {
                        l.push(Value::string(key.clone()));
                    }
                }
                if let Ok(h) = hash_value(vm, &v) {
                    v2m.insert_hashed(v.clone(), h, m.clone());
                }
                created.push((v, m.clone()));
                m
            }
        };
        map.set_str(&key, member.clone());
        cls.dict.set_str(&key, member);
    }
    cls.dict.set_str("_member_names_", names_list);
    cls.dict.set_str("_member_map_", Value::Dict(map.clone()));
    cls.dict.set_str("_value2member_map_", Value::Dict(v2m));
    cls.dict.set_str("__members__", Value::Dict(map));
    if flag {
        let mask = single_bits | multi_bits;
        cls.dict.set_str("_flag_mask_", Value::Int(mask));
        cls.dict.set_str("_singles_mask_", Value::Int(single_bits));
        let all_bits = if bit_length(mask) >= 63 {
            i64::MAX
        } else {
            (1i64 << bit_length(mask)) - 1
        };
        cls.dict.set_str("_all_bits_", Value::Int(all_bits));
        if let Some(b) = boundary {
            cls.dict.set_str("_boundary_", b);
        }
    }
    Ok(class)
}

/// The `Enum('Name', names, module=, qualname=, type=, start=, boundary=)` functional API.
fn functional(vm: &mut Vm, cls: &Rc<PyType>, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = crate::args::parse(
        "__call__",
        args,
        kw,
        &[
            "value", "names", "module", "qualname", "type", "start", "boundary",
        ],
        0,
        1,
    )?;
    let class_name = p[0].clone().unwrap_or(Value::None);
    let names = p[1].clone().unwrap_or(Value::None);
    let start = match &p[5] {
        Some(v) => as_int(v).unwrap_or(1),
        None => 1,
    };
    let mut bases = vec![Value::Type(cls.clone())];
    if let Some(t) = p[4].clone().filter(|t| !t.is_none()) {
        bases.insert(0, t);
    }
    let str_based = cls.is_subtype(&builtin_types().str_)
        || matches!(bases.first(), Some(Value::Type(t)) if t.is_subtype(&builtin_types().str_));
    let flag = is_flag(cls);
    let ns = Rc::new(PyDict::new());
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    let items: Vec<Value> = match &names {
        Value::Str(_) => {
            let s = rpvm_object::protocols::repr::str_(vm, &names)?;
            s.replace(',', " ")
                .split_whitespace()
                .map(|w| Value::string(w.to_string()))
                .collect()
        }
        Value::None => Vec::new(),
        Value::Dict(d) => {
            pairs = d.items();
            Vec::new()
        }
        other => rpvm_object::protocols::iter::collect(vm, other)?,
    };
    let gnv = user_gnv(&PyDict::new(), &Value::tuple(bases.clone()));
    if items.first().is_some_and(|v| v.as_str().is_some()) {
        let mut values = Vec::new();
        for n in &items {
            let key = n.as_str().unwrap_or("").to_string();
            let v = auto_value(vm, &gnv, &key, str_based, flag, &values, start)?;
            values.push(v.clone());
            pairs.push((n.clone(), v));
        }
    } else {
        for item in &items {
            let pair = rpvm_object::protocols::iter::collect(vm, item)?;
            let [k, v] = &pair[..] else {
                return Err(value_error("too many values to unpack (expected 2)"));
            };
            pairs.push((k.clone(), v.clone()));
        }
    }
    for (k, v) in pairs {
        let h = hash_value(vm, &k)?;
        ns.insert_hashed(k, h, v);
    }
    let module = p[2]
        .clone()
        .filter(|m| !m.is_none())
        .unwrap_or(Value::str("__main__"));
    ns.set_str("__module__", module);
    let qualname = p[3]
        .clone()
        .filter(|q| !q.is_none())
        .unwrap_or(class_name.clone());
    ns.set_str("__qualname__", qualname);
    let meta = rpvm_object::protocols::type_of(&Value::Type(cls.clone()));
    build_enum(
        vm,
        &meta,
        &class_name,
        &Value::tuple(bases),
        &ns,
        p[6].clone().filter(|b| !b.is_none()),
    )
}

/// Looks `value` up among the members (aliases and multi-bit flags included).
fn find_member(vm: &mut Vm, cls: &Rc<PyType>, value: &Value) -> PyResult<Option<Value>> {
    if let Some(Value::Dict(v2m)) = cls.lookup("_value2member_map_") {
        if let Ok(h) = hash_value(vm, value) {
            if let Some(m) = v2m.get_hashed(value, h) {
                return Ok(Some(m));
            }
        }
    }
    if let Some(Value::Dict(map)) = cls.lookup("_member_map_") {
        for m in map.values() {
            let v = get_attr(vm, &m, "_value_")?;
            if equal(vm, &v, value)? {
                return Ok(Some(m));
            }
        }
    }
    Ok(None)
}

/// `Color(value)`: the member with that value (or `_missing_`'s answer); with more
/// arguments, the functional API.
fn meta_call(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    if !kw.is_empty() || args.len() != 2 {
        return functional(vm, &cls, crate::args::rest(args, 1), kw);
    }
    let value = crate::args::arg(args, 1)?;
    if type_of(value).is_subtype(&cls) {
        return Ok(value.clone());
    }
    if let Some(m) = find_member(vm, &cls, value)? {
        return Ok(m);
    }
    let user_missing = cls
        .mro()
        .iter()
        .filter(|c| c.module != "enum")
        .any(|c| c.dict.get_str("_missing_").is_some());
    let result = if user_missing {
        let f = get_attr(vm, &Value::Type(cls.clone()), "_missing_")?;
        rpvm_object::protocols::call::call(vm, &f, std::slice::from_ref(value), &[])
    } else if is_flag(&cls) {
        flag_missing(vm, &cls, value)
    } else {
        Ok(Value::None)
    };
    let not_valid = |vm: &mut Vm| -> PyResult<rpvm_object::PyErr> {
        Ok(value_error(format!(
            "{} is not a valid {}",
            repr(vm, value)?,
            cls.qualname
        )))
    };
    match result {
        Ok(r) if type_of(&r).is_subtype(&cls) => Ok(r),
        Ok(Value::None) => Err(not_valid(vm)?),
        Ok(r) => Err(type_error(format!(
            "error in {}._missing_: returned {} instead of None or a valid member",
            cls.name,
            repr(vm, &r)?
        ))),
        Err(e) => Err(e),
    }
}

fn cls_int(cls: &Rc<PyType>, name: &str) -> i64 {
    cls.lookup(name).as_ref().and_then(as_int).unwrap_or(0)
}

/// CPython's `bin(num, max_bits)` from `enum`: `0b0 1000`.
fn enum_bin(num: i64, max_bits: u32) -> String {
    let ceiling = 1i128 << bit_length(num);
    let n = i128::from(num);
    let s = if num >= 0 {
        format!("{:b}", n + ceiling).replacen('1', "0", 1)
    } else {
        format!("{:b}", (!n) ^ ((ceiling - 1) + ceiling))
    };
    let s = format!("0b{s}");
    let (sign, digits) = s.split_at(3.min(s.len()));
    let mut digits = digits.to_string();
    let max_bits = max_bits as usize;
    if digits.len() < max_bits {
        let fill = sign
            .chars()
            .last()
            .unwrap_or('0')
            .to_string()
            .repeat(max_bits);
        let all = format!("{fill}{digits}");
        digits = all[all.len() - max_bits..].to_string();
    }
    format!("{sign} {digits}")
}

/// `Flag._missing_`: a composite pseudo-member for `value`.
fn flag_missing(vm: &mut Vm, cls: &Rc<PyType>, value: &Value) -> PyResult<Value> {
    let Some(mut value) = as_int(value) else {
        return Err(value_error(format!(
            "{} is not a valid {}",
            repr(vm, value)?,
            cls.qualname
        )));
    };
    let flag_mask = cls_int(cls, "_flag_mask_");
    let singles_mask = cls_int(cls, "_singles_mask_");
    let all_bits = cls_int(cls, "_all_bits_");
    let boundary = match cls.lookup("_boundary_") {
        Some(b) => rpvm_object::protocols::repr::str_(vm, &b)?,
        None => "strict".to_string(),
    };
    let mut neg_value = None;
    if !(!all_bits <= value && value <= all_bits) || value & (all_bits ^ flag_mask) != 0 {
        match boundary.as_str() {
            "strict" => {
                let max_bits = bit_length(value).max(bit_length(flag_mask));
                return Err(value_error(format!(
                    "<flag '{}'> invalid value {value}\n    given {}\n  allowed {}",
                    cls.name,
                    enum_bin(value, max_bits),
                    enum_bin(flag_mask, max_bits)
                )));
            }
            "conform" => value &= flag_mask,
            "eject" => return Ok(Value::Int(value)),
            _ => {
                if value < 0 {
                    let p = 1i64.checked_shl(bit_length(value)).unwrap_or(i64::MAX);
                    value += (all_bits.saturating_add(1)).max(p);
                }
            }
        }
    }
    if value < 0 {
        neg_value = Some(value);
        value = value.saturating_add(all_bits.saturating_add(1));
    }
    let unknown = value & !flag_mask;
    let aliases = value & !singles_mask;
    let member_value = value & singles_mask;
    if unknown != 0 && boundary != "keep" {
        return Err(value_error(format!(
            "{}({value}) -->  unknown values {unknown} [{}]",
            cls.name,
            if unknown < 0 {
                format!("-0b{:b}", unknown.unsigned_abs())
            } else {
                format!("0b{unknown:b}")
            }
        )));
    }
    let base = if cls.is_subtype(&builtin_types().int) {
        Some(Value::Int(value))
    } else {
        None
    };
    let pseudo = Value::Instance(PyInstance::new(cls.clone(), base));
    set_attr(vm, &pseudo, "_value_", Value::Int(value))?;
    let mut name = Value::None;
    if member_value != 0 || aliases != 0 {
        let mut members: Vec<Value> = Vec::new();
        let mut combined = 0i64;
        for m in flag_members_of(vm, cls, member_value)? {
            combined |= member_int(vm, &m)?;
            members.push(m);
        }
        let mut value2 = value;
        if aliases != 0 {
            value2 = member_value | aliases;
            if let Some(Value::Dict(map)) = cls.lookup("_member_map_") {
                for pm in map.values() {
                    let pv = member_int(vm, &pm)?;
                    let known = members.iter().any(|m| m.ptr() == pm.ptr());
                    if !known && pv != 0 && pv & value2 == pv {
                        members.push(pm);
                        combined |= pv;
                    }
                }
            }
        }
        let unknown = value2 ^ combined;
        let mut parts = Vec::new();
        for m in &members {
            let n = get_attr(vm, m, "_name_")?;
            parts.push(rpvm_object::protocols::repr::str_(vm, &n)?);
        }
        if combined == 0 {
            name = Value::None;
        } else if unknown != 0 && boundary == "strict" {
            return Err(value_error(format!(
                "<flag '{}'>: no members with value {unknown}",
                cls.name
            )));
        } else {
            let mut s = parts.join("|");
            if unknown != 0 {
                s.push_str(&format!("|{unknown}"));
            }
            name = Value::string(s);
        }
    }
    set_attr(vm, &pseudo, "_name_", name)?;
    let pseudo = match cls.lookup("_value2member_map_") {
        Some(Value::Dict(v2m)) => {
            let k = Value::Int(value);
            let h = hash_value(vm, &k)?;
            let p = match v2m.get_hashed(&k, h) {
                Some(existing) => existing,
                None => {
                    v2m.insert_hashed(k, h, pseudo.clone());
                    pseudo
                }
            };
            if let Some(nv) = neg_value {
                let k = Value::Int(nv);
                let h = hash_value(vm, &k)?;
                v2m.insert_hashed(k, h, p.clone());
            }
            p
        }
        _ => pseudo,
    };
    Ok(pseudo)
}

fn member_int(vm: &mut Vm, m: &Value) -> PyResult<i64> {
    let v = get_attr(vm, m, "_value_")?;
    Ok(as_int(&v).unwrap_or(0))
}

/// The canonical (single-bit) members whose bits are in `value`, in definition order.
fn flag_members_of(vm: &mut Vm, cls: &Rc<PyType>, value: i64) -> PyResult<Vec<Value>> {
    let mask = cls_int(cls, "_flag_mask_");
    let mut out = Vec::new();
    for m in members(cls) {
        let v = member_int(vm, &m)?;
        if v != 0 && v & value & mask == v {
            out.push(m);
        }
    }
    Ok(out)
}

fn flag_self(vm: &mut Vm, args: &[Value]) -> PyResult<(Value, Rc<PyType>, i64)> {
    let s = self_arg(args)?.clone();
    let cls = type_of(&s);
    let v = member_int(vm, &s)?;
    Ok((s, cls, v))
}

/// The int value of `other` for a flag operation with `self` (`None`: NotImplemented).
fn flag_other(vm: &mut Vm, cls: &Rc<PyType>, other: &Value) -> PyResult<Option<i64>> {
    if type_of(other).is_subtype(cls) {
        return Ok(Some(member_int(vm, other)?));
    }
    if cls.is_subtype(&builtin_types().int) {
        if let Some(i) = as_int(other) {
            return Ok(Some(i));
        }
        if type_of(other).is_subtype(&builtin_types().int) {
            if let Some(Value::Int(i)) = crate::args::builtin_base(other) {
                return Ok(Some(i));
            }
        }
    }
    Ok(None)
}

fn flag_binop(vm: &mut Vm, args: &[Value], op: fn(i64, i64) -> i64) -> PyResult<Value> {
    let (_, cls, v) = flag_self(vm, args)?;
    let Some(other) = args.get(1) else {
        return Err(type_error("expected 1 argument"));
    };
    let Some(o) = flag_other(vm, &cls, other)? else {
        return Ok(Value::NotImplemented);
    };
    meta_call(vm, &[Value::Type(cls), Value::Int(op(v, o))], &[])
}

fn flag_or(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    flag_binop(vm, args, |a, b| a | b)
}

fn flag_and(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    flag_binop(vm, args, |a, b| a & b)
}

fn flag_xor(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    flag_binop(vm, args, |a, b| a ^ b)
}

fn flag_invert(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, cls, v) = flag_self(vm, args)?;
    let boundary = match cls.lookup("_boundary_") {
        Some(b) => rpvm_object::protocols::repr::str_(vm, &b)?,
        None => "strict".to_string(),
    };
    let nv = if matches!(boundary.as_str(), "eject" | "keep") {
        !v
    } else {
        cls_int(&cls, "_singles_mask_") & !v
    };
    meta_call(vm, &[Value::Type(cls), Value::Int(nv)], &[])
}

fn flag_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, cls, v) = flag_self(vm, args)?;
    let Some(other) = args.get(1) else {
        return Err(type_error("expected 1 argument"));
    };
    if !type_of(other).is_subtype(&cls) {
        return Err(type_error(format!(
            "unsupported operand type(s) for 'in': '{}' and '{}'",
            type_of(other).qualname,
            cls.qualname
        )));
    }
    let o = member_int(vm, other)?;
    Ok(Value::Bool(o & v == o))
}

fn flag_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, cls, v) = flag_self(vm, args)?;
    let ms = flag_members_of(vm, &cls, v)?;
    get_iter(vm, &Value::list(ms))
}

fn flag_len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, _, v) = flag_self(vm, args)?;
    Ok(Value::Int(i64::from(v.unsigned_abs().count_ones())))
}

fn flag_bool(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, _, v) = flag_self(vm, args)?;
    Ok(Value::Bool(v != 0))
}

fn flag_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    let value = get_attr(vm, s, "_value_")?;
    let vr = repr(vm, &value)?;
    Ok(Value::string(if n.is_none() {
        format!("<{}: {vr}>", class_name(s))
    } else {
        format!(
            "<{}.{}: {vr}>",
            class_name(s),
            rpvm_object::protocols::repr::str_(vm, &n)?
        )
    }))
}

fn flag_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    if n.is_none() {
        let value = get_attr(vm, s, "_value_")?;
        return Ok(Value::string(format!(
            "{}({})",
            class_name(s),
            repr(vm, &value)?
        )));
    }
    Ok(Value::string(format!(
        "{}.{}",
        class_name(s),
        rpvm_object::protocols::repr::str_(vm, &n)?
    )))
}

/// The methods IntEnum, StrEnum and IntFlag share: str/format/hash/== of the plain value.
const INT_LIKE_OPS: &[(&str, rpvm_object::function::NativeFn)] = &[
    ("__str__", intenum_str),
    ("__format__", intenum_format),
    ("__hash__", intenum_hash),
    ("__eq__", intenum_eq),
    ("__ne__", intenum_ne),
];

/// Adds native methods to a class namespace.
fn add_methods(ns: &PyDict, methods: &[(&'static str, rpvm_object::function::NativeFn)]) {
    for (n, f) in methods {
        ns.set_str(n, builtin_fn(n, *f));
    }
}

/// A class namespace holding the given native methods.
fn methods_ns(methods: &[(&'static str, rpvm_object::function::NativeFn)]) -> Rc<PyDict> {
    let ns = Rc::new(PyDict::new());
    add_methods(&ns, methods);
    ns
}

const FLAG_OPS: &[(&str, rpvm_object::function::NativeFn)] = &[
    ("__or__", flag_or),
    ("__ror__", flag_or),
    ("__and__", flag_and),
    ("__rand__", flag_and),
    ("__xor__", flag_xor),
    ("__rxor__", flag_xor),
    ("__invert__", flag_invert),
    ("__contains__", flag_contains),
    ("__iter__", flag_iter),
    ("__len__", flag_len),
    ("__repr__", flag_repr),
];

fn meta_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(members(&cls_arg(args.first())?).len() as i64))
}

fn meta_iter(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = members(&cls_arg(args.first())?);
    get_iter(vm, &Value::list(items))
}

fn meta_reversed(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let mut items = members(&cls_arg(args.first())?);
    items.reverse();
    get_iter(vm, &Value::list(items))
}

fn meta_contains(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let Some(x) = args.get(1) else {
        return Err(type_error("__contains__ expected 1 argument"));
    };
    Ok(Value::Bool(type_of(x).is_subtype(&cls)))
}

fn meta_getitem(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let Some(key) = args.get(1) else {
        return Err(type_error("__getitem__ expected 1 argument"));
    };
    let found = match (cls.lookup("_member_map_"), key.as_str()) {
        (Some(Value::Dict(map)), Some(k)) => map.get_str(k),
        _ => None,
    };
    found.ok_or_else(|| key_error(key.clone()))
}

fn meta_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let kind = if is_flag(&cls) { "flag" } else { "enum" };
    Ok(Value::string(format!("<{kind} '{}'>", cls.name)))
}

fn self_arg(args: &[Value]) -> PyResult<&Value> {
    args.first()
        .ok_or_else(|| type_error("method needs an argument"))
}

fn class_name(v: &Value) -> String {
    type_of(v).name.clone()
}

fn enum_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    let name = str_(vm, &n)?;
    let value = get_attr(vm, s, "_value_")?;
    let vr = repr(vm, &value)?;
    Ok(Value::string(format!(
        "<{}.{}: {}>",
        class_name(s),
        name,
        vr
    )))
}

fn enum_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let n = get_attr(vm, s, "_name_")?;
    let name = str_(vm, &n)?;
    Ok(Value::string(format!("{}.{}", class_name(s), name)))
}

fn enum_format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = enum_str(vm, &args[..1.min(args.len())], &[])?;
    let spec = args.get(1).and_then(|v| v.as_str()).unwrap_or("");
    Ok(Value::string(format_value(vm, &s, spec)?))
}

fn enum_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = self_arg(args)?;
    let name = get_attr(vm, s, "_name_")?;
    Ok(Value::Int(hash_value(vm, &name)?))
}

fn enum_name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_name_")
}

fn enum_value(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_value_")
}

fn enum_class_getitem(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    meta_getitem(vm, args, kw)
}

fn int_value(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    get_attr(vm, self_arg(args)?, "_value_")
}

fn intenum_str(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    Ok(Value::string(str_(vm, &v)?))
}

fn intenum_format(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    let spec = args.get(1).and_then(|v| v.as_str()).unwrap_or("");
    Ok(Value::string(format_value(vm, &v, spec)?))
}

fn intenum_hash(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    Ok(Value::Int(hash_value(vm, &v)?))
}

fn intenum_cmp(vm: &mut Vm, args: &[Value], op: CompareOp) -> PyResult<Value> {
    let v = int_value(vm, args)?;
    let Some(other) = args.get(1) else {
        return Err(type_error("comparison expected 1 argument"));
    };
    rich_compare(vm, &v, other, op)
}

fn intenum_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    intenum_cmp(vm, args, CompareOp::Eq)
}

fn intenum_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    intenum_cmp(vm, args, CompareOp::Ne)
}

fn auto_new(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    Ok(new_instance(cls, AutoValue(std::cell::RefCell::new(None))))
}

/// `unique(cls)`: `ValueError` when some member names are aliases.
fn unique(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = cls_arg(args.first())?;
    let mut details = Vec::new();
    if let Some(Value::Dict(map)) = cls.lookup("_member_map_") {
        for (k, m) in map.items() {
            let Some(key) = k.as_str() else { continue };
            let n = get_attr(vm, &m, "_name_")?;
            let name = str_(vm, &n)?;
            if name != key {
                details.push(format!("{key} -> {name}"));
            }
        }
    }
    if !details.is_empty() {
        return Err(value_error(format!(
            "duplicate values found in <enum '{}'>: {}",
            cls.name,
            details.join(", ")
        )));
    }
    Ok(crate::args::arg(args, 0)?.clone())
}

fn make_type(
    vm: &mut Vm,
    meta: Option<Rc<PyType>>,
    name: &str,
    bases: Vec<Rc<PyType>>,
    ns: Rc<PyDict>,
) -> Rc<PyType> {
    ns.set_str("__module__", Value::str("enum"));
    ns.set_str("__qualname__", Value::string(name.to_string()));
    let bases = Value::tuple(bases.into_iter().map(Value::Type).collect());
    match rpvm_object::subclass::new_class(
        vm,
        meta,
        &[Value::string(name.to_string()), bases, Value::Dict(ns)],
        &[],
    ) {
        Ok(Value::Type(t)) => t,
        _ => panic!("cannot create enum.{name}"),
    }
}

fn static_new(f: rpvm_object::function::NativeFn) -> Value {
    Value::Native(NativeRef::new(rpvm_object::descriptors::StaticMethod(
        builtin_fn("__new__", f),
    )))
}

/// Creates the `enum` module (also registered in `vm.modules`).
pub fn make_enum(vm: &mut Vm) -> Value {
    let types = builtin_types();
    let ns = Rc::new(PyDict::new());
    ns.set_str("__new__", static_new(meta_new));
    for (n, f) in [
        ("__call__", meta_call as rpvm_object::function::NativeFn),
        ("__len__", meta_len),
        ("__iter__", meta_iter),
        ("__reversed__", meta_reversed),
        ("__contains__", meta_contains),
        ("__getitem__", meta_getitem),
        ("__repr__", meta_repr),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    let meta = make_type(vm, None, "EnumType", vec![types.type_.clone()], ns);

    let ns = Rc::new(PyDict::new());
    for (n, f) in [
        ("__repr__", enum_repr as rpvm_object::function::NativeFn),
        ("__str__", enum_str),
        ("__format__", enum_format),
        ("__hash__", enum_hash),
        ("__class_getitem__", enum_class_getitem),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    ns.set_str("name", method_prop("name", enum_name));
    ns.set_str("value", method_prop("value", enum_value));
    let enum_ = make_type(vm, Some(meta.clone()), "Enum", vec![], ns);
    enum_.dict.set_str("_member_names_", Value::list(vec![]));
    enum_
        .dict
        .set_str("_member_map_", Value::Dict(Rc::new(PyDict::new())));

    let ns = Rc::new(PyDict::new());
    let repr_enum = make_type(vm, Some(meta.clone()), "ReprEnum", vec![enum_.clone()], ns);

    let ns = methods_ns(INT_LIKE_OPS);
    let int_enum = make_type(
        vm,
        Some(meta.clone()),
        "IntEnum",
        vec![types.int.clone(), repr_enum.clone()],
        ns,
    );

    let ns = methods_ns(INT_LIKE_OPS);
    let str_enum = make_type(
        vm,
        Some(meta.clone()),
        "StrEnum",
        vec![types.str_.clone(), repr_enum.clone()],
        ns,
    );

    let ns = methods_ns(FLAG_OPS);
    ns.set_str("__str__", builtin_fn("__str__", flag_str));
    ns.set_str("__bool__", builtin_fn("__bool__", flag_bool));
    let flag = make_type(vm, Some(meta.clone()), "Flag", vec![enum_.clone()], ns);
    for (k, v) in [("_flag_mask_", 0), ("_singles_mask_", 0), ("_all_bits_", 0)] {
        flag.dict.set_str(k, Value::Int(v));
    }
    flag.dict.set_str("_boundary_", Value::str("strict"));
    FLAG_TYPE.with(|f| *f.borrow_mut() = Some(flag.clone()));

    let ns = methods_ns(FLAG_OPS);
    add_methods(&ns, INT_LIKE_OPS);
    let int_flag = make_type(
        vm,
        Some(meta.clone()),
        "IntFlag",
        vec![types.int.clone(), repr_enum.clone(), flag.clone()],
        ns,
    );
    int_flag.dict.set_str("_boundary_", Value::str("keep"));

    let ns = Rc::new(PyDict::new());
    ns.set_str("__new__", static_new(auto_new));
    for (n, f) in [
        ("__or__", auto_or as rpvm_object::function::NativeFn),
        ("__ror__", auto_ror),
        ("__and__", auto_and),
        ("__rand__", auto_rand),
        ("__xor__", auto_xor),
        ("__rxor__", auto_rxor),
        ("__add__", auto_add),
        ("__radd__", auto_radd),
    ] {
        ns.set_str(n, builtin_fn(n, f));
    }
    let auto = make_type(vm, None, "auto", vec![], ns);

    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("enum"));
    d.set_str("EnumType", Value::Type(meta.clone()));
    d.set_str("EnumMeta", Value::Type(meta));
    d.set_str("Enum", Value::Type(enum_));
    d.set_str("ReprEnum", Value::Type(repr_enum));
    d.set_str("IntEnum", Value::Type(int_enum));
    d.set_str("StrEnum", Value::Type(str_enum));
    d.set_str("auto", Value::Type(auto));
    d.set_str("Flag", Value::Type(flag));
    d.set_str("IntFlag", Value::Type(int_flag));
    for (n, v) in [
        ("STRICT", "strict"),
        ("CONFORM", "conform"),
        ("EJECT", "eject"),
        ("KEEP", "keep"),
    ] {
        d.set_str(n, Value::str(v));
    }
    d.set_str("unique", builtin_fn("unique", unique));
    let m = Value::Module(Rc::new(PyModule {
        name: "enum".to_string(),
        dict: d,
    }));
    vm.modules.set_str("enum", m.clone());
    m
}

fn method_prop(name: &'static str, f: rpvm_object::function::NativeFn) -> Value {
    Value::Native(NativeRef::new(rpvm_object::descriptors::Property {
        fget: builtin_fn(name, f),
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
        name: std::cell::RefCell::new(None),
        python: false,
    }))
}
