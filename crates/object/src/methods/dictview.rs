//! Dict views (`dict_keys`, `dict_values`, `dict_items`) and the reverse dict iterators,
//! as [`NativeObject`]s, following CPython 3.11's `Objects/dictobject.c`.
//!
//! Views are live: they read the dict on every use. Keys and items views are set-like:
//! `&`, `|`, `-`, `^` with any iterable (on either side) give a `set`, they compare with
//! sets and other views by containment, and have `isdisjoint`.
//!
//! Hooks for the protocols: [`len`], [`contains`], [`binary_op`] and [`compare`] implement
//! `len(v)`, `x in v`, the set operators and rich comparison for views; the same
//! operations are also reachable as special methods through [`NativeObject::get_attr`]
//! (`__len__`, `__contains__`, `__and__`, `__rand__`, `__eq__`, ...).

use crate::native::NativeRef;
use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use crate::dict::PyDict;
use crate::exception::{runtime_error, stop_iteration, type_error, PyResult};
use crate::function::{BuiltinFunction, NativeFn};
use crate::iter::{DictPart, IterState, PyIter};
use crate::methods::list::{eq_bool, for_each};
use crate::methods::set as setm;
use crate::native::NativeObject;
use crate::protocols::arith::BinOp;
use crate::protocols::compare::CompareOp;
use crate::protocols::hash::hash_value;
use crate::protocols::repr::repr;
use crate::set::PySet;
use crate::typeobj::{builtin_types, PyType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// A view of a dict's keys, values or items.
#[derive(Debug)]
pub struct PyDictView {
    /// The dict viewed.
    pub dict: Rc<PyDict>,
    /// Which part it shows.
    pub part: DictPart,
}

/// A `dict_reversekeyiterator` (or value / item flavour).
#[derive(Debug)]
pub struct DictReverseIter {
    dict: Rc<PyDict>,
    part: DictPart,
    /// Items not yet produced (the next index is `remaining - 1`).
    remaining: Cell<usize>,
    /// The dict's size when the iterator was made (a change raises RuntimeError).
    len: usize,
}

thread_local! {
    static TYPES: Vec<Rc<PyType>> = {
        let object = builtin_types().object.clone();
        [
            "dict_keys",
            "dict_values",
            "dict_items",
            "dict_reversekeyiterator",
            "dict_reversevalueiterator",
            "dict_reverseitemiterator",
        ]
        .iter()
        .map(|n| PyType::new_builtin(n, TypeKind::Native, vec![object.clone()]))
        .collect()
    };
}

fn part_index(part: DictPart) -> usize {
    match part {
        DictPart::Keys => 0,
        DictPart::Values => 1,
        DictPart::Items => 2,
    }
}

fn type_at(i: usize) -> Rc<PyType> {
    TYPES.with(|t| match t.get(i) {
        Some(t) => t.clone(),
        None => builtin_types().object.clone(),
    })
}

/// The type of the views of `part` (`dict_keys`, `dict_values`, `dict_items`).
pub fn view_type(part: DictPart) -> Rc<PyType> {
    type_at(part_index(part))
}

/// A new view of `dict`.
pub fn new_view(dict: Rc<PyDict>, part: DictPart) -> Value {
    Value::Native(NativeRef::new(PyDictView { dict, part }))
}

/// `reversed(d)` (`part == Keys`), `reversed(d.values())`, `reversed(d.items())`.
pub fn reversed_iter(dict: Rc<PyDict>, part: DictPart) -> Value {
    let len = dict.len();
    Value::Native(NativeRef::new(DictReverseIter {
        dict,
        part,
        remaining: Cell::new(len),
        len,
    }))
}

/// The view inside `v`, if `v` is a dict view.
pub fn as_view(v: &Value) -> Option<&PyDictView> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<PyDictView>(),
        _ => None,
    }
}

/// The view inside `v` if it is set-like (a keys or items view).
fn setlike(v: &Value) -> Option<&PyDictView> {
    as_view(v).filter(|w| w.part != DictPart::Values)
}

/// `len(v)` for a view.
pub fn len(v: &Value) -> Option<usize> {
    as_view(v).map(|w| w.dict.len())
}

fn part_value(part: DictPart, k: Value, v: Value) -> Value {
    match part {
        DictPart::Keys => k,
        DictPart::Values => v,
        DictPart::Items => Value::tuple(vec![k, v]),
    }
}

/// `x in view` (`dictkeys_contains`, `dictitems_contains`, and iteration for values).
pub fn contains(vm: &mut Vm, view: &PyDictView, item: &Value) -> PyResult<bool> {
    match view.part {
        DictPart::Keys => {
            let h = hash_value(vm, item)?;
            Ok(view.dict.index_of(item, h).is_some())
        }
        DictPart::Items => {
            let Value::Tuple(t) = item else {
                return Ok(false);
            };
            let [k, v] = t.as_slice() else {
                return Ok(false);
            };
            let h = hash_value(vm, k)?;
            match view.dict.get_hashed(k, h) {
                Some(found) => eq_bool(vm, &found, v),
                None => Ok(false),
            }
        }
        DictPart::Values => {
            let len = view.dict.len();
            let mut i = 0;
            loop {
                if view.dict.len() != len {
                    return Err(runtime_error("dictionary changed size during iteration"));
                }
                let Some(v) = view.dict.value_at(i) else {
                    return Ok(false);
                };
                if eq_bool(vm, &v, item)? {
                    return Ok(true);
                }
                i += 1;
            }
        }
    }
}

/// `PySequence_Contains(container, item)` for the containers the view algorithms meet.
fn seq_contains(vm: &mut Vm, container: &Value, item: &Value) -> PyResult<bool> {
    if let Some(w) = as_view(container) {
        return contains(vm, w, item);
    }
    if let Value::Set(s) | Value::FrozenSet(s) = container {
        return setm::contains(vm, s, item);
    }
    crate::protocols::subscript::contains(vm, container, item)
}

/// The size of a set or view operand (`PyObject_Size`), if it is one.
fn setlike_len(v: &Value) -> Option<usize> {
    match v {
        Value::Set(s) | Value::FrozenSet(s) => Some(s.len()),
        _ => setlike(v).map(|w| w.dict.len()),
    }
}

/// `dictviews_to_set`: `set(v)` (with the dict's fast path for a keys view).
fn to_set(vm: &mut Vm, v: &Value) -> PyResult<PySet> {
    if let Some(w) = as_view(v) {
        if w.part == DictPart::Keys {
            return setm::set_from_iterable(vm, &Value::Dict(w.dict.clone()));
        }
    }
    setm::set_from_iterable(vm, v)
}

/// `_PyDictView_Intersect(a, b)`.
fn intersect(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    let (mut s, mut o) = if setlike(a).is_some() {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    };
    let len_self = setlike_len(&s).unwrap_or(0);
    if let Value::Set(os) = &o {
        if len_self <= os.len() {
            let t = setm::intersection_of(vm, os, &s)?;
            return Ok(setm::wrap(false, t));
        }
    }
    if setlike(&o).is_some() && setlike_len(&o).unwrap_or(0) > len_self {
        std::mem::swap(&mut s, &mut o);
    }
    let result = PySet::new();
    for_each(vm, &o, |vm, key| {
        if seq_contains(vm, &s, &key)? {
            let h = hash_value(vm, &key)?;
            let _ = result.table_mut().insert(h, key, set_eq);
        }
        Ok(true)
    })?;
    Ok(Value::Set(Rc::new(result)))
}

fn set_eq(a: &Value, b: &Value) -> Result<bool, std::convert::Infallible> {
    Ok(crate::protocols::eq::keys_equal(a, b))
}

/// `dictitems_xor`: `a.items() ^ b.items()` comparing values for equal keys.
fn items_xor(vm: &mut Vm, d1: &PyDict, d2: &PyDict) -> PyResult<Value> {
    let temp = d1.copy();
    let result = PySet::new();
    let entries: Vec<(Value, i64, Value)> = d2
        .map()
        .iter()
        .map(|(k, v)| (k.value.clone(), k.hash, v.clone()))
        .collect();
    for (key, h, val2) in entries {
        let to_delete = match temp.get_hashed(&key, h) {
            Some(val1) => eq_bool(vm, &val1, &val2)?,
            None => false,
        };
        if to_delete {
            temp.remove_hashed(&key, h);
        } else {
            let pair = Value::tuple(vec![key, val2]);
            let ph = hash_value(vm, &pair)?;
            let _ = result.table_mut().insert(ph, pair, set_eq);
        }
    }
    let rest = new_view(Rc::new(temp), DictPart::Items);
    setm::update_internal(vm, &result, &rest)?;
    Ok(Value::Set(Rc::new(result)))
}

/// `a OP b` where `a` or `b` is a keys or items view (`dictviews_or`, `_and`, `_sub`,
/// `_xor`): the result is a `set`; the other operand may be any iterable. `Ok(None)` when
/// neither operand is such a view or `op` is not a set operator (NotImplemented).
pub fn binary_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    if setlike(a).is_none() && setlike(b).is_none() {
        return Ok(None);
    }
    Ok(Some(match op {
        BinOp::And => intersect(vm, a, b)?,
        BinOp::Or => {
            let r = to_set(vm, a)?;
            setm::update_internal(vm, &r, b)?;
            Value::Set(Rc::new(r))
        }
        BinOp::Sub => {
            let r = to_set(vm, a)?;
            setm::difference_update_internal(vm, &r, b)?;
            Value::Set(Rc::new(r))
        }
        BinOp::Xor => {
            if let (Some(x), Some(y)) = (setlike(a), setlike(b)) {
                if x.part == DictPart::Items && y.part == DictPart::Items {
                    return items_xor(vm, &x.dict, &y.dict).map(Some);
                }
            }
            let r = to_set(vm, a)?;
            setm::symmetric_difference_update_internal(vm, &r, b)?;
            Value::Set(Rc::new(r))
        }
        _ => return Ok(None),
    }))
}

/// `all_contained_in(a, b)`: every item of `a` is in `b`.
fn all_contained_in(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    let mut ok = true;
    for_each(vm, a, |vm, item| {
        if !seq_contains(vm, b, &item)? {
            ok = false;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(ok)
}

fn reflected(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// `a OP b` where `a` or `b` is a keys or items view and the other is a set, frozenset or
/// such a view (`dictview_richcompare`, reflected when the view is on the right).
/// `Ok(None)` otherwise (NotImplemented: `==` then falls back to identity).
pub fn compare(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<Option<bool>> {
    if setlike(a).is_none() {
        if setlike(b).is_some() && setlike_len(a).is_some() {
            return compare(vm, b, a, reflected(op));
        }
        return Ok(None);
    }
    let Some(len_other) = setlike_len(b) else {
        return Ok(None);
    };
    let len_self = setlike_len(a).unwrap_or(0);
    Ok(Some(match op {
        CompareOp::Eq | CompareOp::Ne => {
            let eq = len_self == len_other && all_contained_in(vm, a, b)?;
            if op == CompareOp::Eq {
                eq
            } else {
                !eq
            }
        }
        CompareOp::Lt => len_self < len_other && all_contained_in(vm, a, b)?,
        CompareOp::Le => len_self <= len_other && all_contained_in(vm, a, b)?,
        CompareOp::Gt => len_self > len_other && all_contained_in(vm, b, a)?,
        CompareOp::Ge => len_self >= len_other && all_contained_in(vm, b, a)?,
    }))
}

/// `view.isdisjoint(other)` (`dictviews_isdisjoint`).
fn isdisjoint_impl(vm: &mut Vm, view: &Value, other: &Value) -> PyResult<bool> {
    if view.is(other) {
        return Ok(len(view).unwrap_or(0) == 0);
    }
    let (mut s, mut o) = (view.clone(), other.clone());
    if let Some(len_other) = setlike_len(other) {
        if len_other > len(view).unwrap_or(0) {
            std::mem::swap(&mut s, &mut o);
        }
    }
    let mut disjoint = true;
    for_each(vm, &o, |vm, item| {
        if seq_contains(vm, &s, &item)? {
            disjoint = false;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(disjoint)
}

// ---------------------------------------------------------------------------------------
// Native methods (bound to the view through `get_attr`).
// ---------------------------------------------------------------------------------------

fn view_arg(args: &[Value]) -> PyResult<&PyDictView> {
    args.first()
        .and_then(as_view)
        .ok_or_else(|| type_error("descriptor requires a dict view"))
}

fn arg_count(name: &str, args: &[Value], kwnames: &[Value], n: usize) -> PyResult<()> {
    crate::methods::args::check_args(name, args.get(1..).unwrap_or(&[]), kwnames, n, n)
}

fn m_iter(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let w = view_arg(args)?;
    arg_count("__iter__", args, kwnames, 0)?;
    Ok(PyIter::new_value(IterState::Dict {
        dict: w.dict.clone(),
        part: w.part,
        index: 0,
        len: w.dict.len(),
    }))
}

fn m_len(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let w = view_arg(args)?;
    arg_count("__len__", args, kwnames, 0)?;
    Ok(Value::from(w.dict.len()))
}

fn m_contains(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let w = view_arg(args)?;
    arg_count("__contains__", args, kwnames, 1)?;
    Ok(Value::Bool(contains(vm, w, &args[1])?))
}

fn m_reversed(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let w = view_arg(args)?;
    arg_count("__reversed__", args, kwnames, 0)?;
    Ok(reversed_iter(w.dict.clone(), w.part))
}

fn m_isdisjoint(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    view_arg(args)?;
    arg_count("isdisjoint", args, kwnames, 1)?;
    Ok(Value::Bool(isdisjoint_impl(vm, &args[0], &args[1])?))
}

fn binop_method(
    vm: &mut Vm,
    args: &[Value],
    kwnames: &[Value],
    op: BinOp,
    reflected: bool,
) -> PyResult<Value> {
    view_arg(args)?;
    arg_count("operator", args, kwnames, 1)?;
    let (a, b) = if reflected {
        (&args[1], &args[0])
    } else {
        (&args[0], &args[1])
    };
    Ok(binary_op(vm, op, a, b)?.unwrap_or(Value::NotImplemented))
}

macro_rules! binop_methods {
    ($($name:ident => $op:expr, $refl:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
            binop_method(vm, args, kwnames, $op, $refl)
        })*
    };
}

binop_methods! {
    m_and => BinOp::And, false;
    m_rand => BinOp::And, true;
    m_or => BinOp::Or, false;
    m_ror => BinOp::Or, true;
    m_sub => BinOp::Sub, false;
    m_rsub => BinOp::Sub, true;
    m_xor => BinOp::Xor, false;
    m_rxor => BinOp::Xor, true;
}

fn cmp_method(vm: &mut Vm, args: &[Value], kwnames: &[Value], op: CompareOp) -> PyResult<Value> {
    view_arg(args)?;
    arg_count("comparison", args, kwnames, 1)?;
    Ok(match compare(vm, &args[0], &args[1], op)? {
        Some(b) => Value::Bool(b),
        None => Value::NotImplemented,
    })
}

macro_rules! cmp_methods {
    ($($name:ident => $op:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
            cmp_method(vm, args, kwnames, $op)
        })*
    };
}

cmp_methods! {
    m_eq => CompareOp::Eq;
    m_ne => CompareOp::Ne;
    m_lt => CompareOp::Lt;
    m_le => CompareOp::Le;
    m_gt => CompareOp::Gt;
    m_ge => CompareOp::Ge;
}

/// Methods of every view.
const VIEW_METHODS: &[(&str, NativeFn)] = &[
    ("__iter__", m_iter),
    ("__len__", m_len),
    ("__contains__", m_contains),
    ("__reversed__", m_reversed),
];

/// Extra methods of keys and items views.
const SETLIKE_METHODS: &[(&str, NativeFn)] = &[
    ("isdisjoint", m_isdisjoint),
    ("__and__", m_and),
    ("__rand__", m_rand),
    ("__or__", m_or),
    ("__ror__", m_ror),
    ("__sub__", m_sub),
    ("__rsub__", m_rsub),
    ("__xor__", m_xor),
    ("__rxor__", m_rxor),
    ("__eq__", m_eq),
    ("__ne__", m_ne),
    ("__lt__", m_lt),
    ("__le__", m_le),
    ("__gt__", m_gt),
    ("__ge__", m_ge),
];

fn bound(name: &'static str, func: NativeFn, self_value: &Value, owner: &'static str) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: Some(owner),
    }))
}

fn owner_name(part: DictPart) -> &'static str {
    match part {
        DictPart::Keys => "dict_keys",
        DictPart::Values => "dict_values",
        DictPart::Items => "dict_items",
    }
}

impl NativeObject for PyDictView {
    fn class(&self) -> Rc<PyType> {
        view_type(self.part)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    /// `dict_keys([...])`, with `...` for a view met again while printing itself.
    fn repr(&self, vm: &mut Vm) -> PyResult<String> {
        let key = self as *const PyDictView as *const u8 as usize;
        if vm.repr_guard.contains(&key) {
            return Ok("...".into());
        }
        vm.enter(" while getting the repr of an object")?;
        vm.repr_guard.push(key);
        let items: Vec<Value> = self
            .dict
            .items()
            .into_iter()
            .map(|(k, v)| part_value(self.part, k, v))
            .collect();
        let result = repr(vm, &Value::list(items));
        vm.repr_guard.pop();
        vm.leave();
        Ok(format!("{}({})", owner_name(self.part), result?))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let owner = owner_name(self.part);
        let mut tables: Vec<&[(&'static str, NativeFn)]> = vec![VIEW_METHODS];
        if self.part != DictPart::Values {
            tables.push(SETLIKE_METHODS);
        }
        for table in tables {
            if let Some((n, f)) = table.iter().find(|(n, _)| *n == name) {
                return Ok(Some(bound(n, *f, self_value, owner)));
            }
        }
        if name == "__class__" {
            return Ok(Some(Value::Type(self.class())));
        }
        Ok(None)
    }
}

impl DictReverseIter {
    fn step(&self) -> PyResult<Option<Value>> {
        if self.dict.len() != self.len {
            return Err(runtime_error("dictionary changed size during iteration"));
        }
        let r = self.remaining.get();
        if r == 0 {
            return Ok(None);
        }
        self.remaining.set(r - 1);
        Ok(self
            .dict
            .item_at(r - 1)
            .map(|(k, v)| part_value(self.part, k, v)))
    }
}

fn rev_arg(args: &[Value]) -> PyResult<&DictReverseIter> {
    match args.first() {
        Some(Value::Native(n)) => n
            .as_any()
            .downcast_ref::<DictReverseIter>()
            .ok_or_else(|| type_error("descriptor requires a dict reverse iterator")),
        _ => Err(type_error("descriptor requires a dict reverse iterator")),
    }
}

fn rev_iter(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    rev_arg(args)?;
    Ok(args[0].clone())
}

fn rev_next(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    match rev_arg(args)?.step()? {
        Some(v) => Ok(v),
        None => Err(stop_iteration(None)),
    }
}

fn rev_length_hint(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    let it = rev_arg(args)?;
    let n = if it.dict.len() == it.len {
        it.remaining.get()
    } else {
        0
    };
    Ok(Value::from(n))
}

impl NativeObject for DictReverseIter {
    fn class(&self) -> Rc<PyType> {
        type_at(3 + part_index(self.part))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<{} object at {:#x}>",
            self.class().name,
            self as *const DictReverseIter as *const u8 as usize
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let owner = match self.part {
            DictPart::Keys => "dict_reversekeyiterator",
            DictPart::Values => "dict_reversevalueiterator",
            DictPart::Items => "dict_reverseitemiterator",
        };
        let f: NativeFn = match name {
            "__iter__" => rev_iter,
            "__next__" => rev_next,
            "__length_hint__" => rev_length_hint,
            "__class__" => return Ok(Some(Value::Type(self.class()))),
            _ => return Ok(None),
        };
        let n: &'static str = match name {
            "__iter__" => "__iter__",
            "__next__" => "__next__",
            _ => "__length_hint__",
        };
        Ok(Some(bound(n, f, self_value, owner)))
    }

    fn next(&self, _vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        Some(self.step())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocols::iter::collect;

    fn vm() -> Vm {
        Vm::new()
    }

    fn r(v: &Value) -> String {
        repr(&mut vm(), v).unwrap()
    }

    fn int_dict(pairs: &[(i64, i64)]) -> Rc<PyDict> {
        let d = PyDict::new();
        for &(k, v) in pairs {
            let h = hash_value(&mut vm(), &Value::Int(k)).unwrap();
            d.insert_hashed(Value::Int(k), h, Value::Int(v));
        }
        Rc::new(d)
    }

    fn s(items: &[Value]) -> Value {
        Value::Set(Rc::new(PySet::from_table(
            setm::table_from(&mut vm(), items).unwrap(),
        )))
    }

    fn si(v: &[i64]) -> Value {
        s(&v.iter().map(|&i| Value::Int(i)).collect::<Vec<_>>())
    }

    fn t(a: i64, b: i64) -> Value {
        Value::tuple(vec![Value::Int(a), Value::Int(b)])
    }

    fn l(v: &[i64]) -> Value {
        Value::list(v.iter().map(|&i| Value::Int(i)).collect())
    }

    fn op(o: BinOp, a: &Value, b: &Value) -> Value {
        binary_op(&mut vm(), o, a, b).unwrap().unwrap()
    }

    fn cmp(a: &Value, b: &Value, o: CompareOp) -> Value {
        let res = compare(&mut vm(), a, b, o).unwrap();
        // NotImplemented both ways: `==` falls back to identity.
        Value::Bool(res.unwrap_or(o == CompareOp::Ne))
    }

    fn call_attr(v: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
        let mut vm = vm();
        let f = match v {
            Value::Native(n) => n.get_attr(&mut vm, v, name)?.expect("attribute"),
            _ => panic!("not native"),
        };
        crate::protocols::call::call(&mut vm, &f, args, &[])
    }

    fn err(res: PyResult<Value>) -> String {
        match res {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => format!(
                "{}: {}",
                e.type_name(),
                match e.args().first() {
                    Some(Value::Str(s)) => s.as_str().to_string(),
                    _ => String::new(),
                }
            ),
        }
    }

    /// Expectations from python3 (int keys and values, so the order does not depend on
    /// the string hash seed; set operands built by adding elements in the order written).
    const EXPECTED: &[(&str, &str)] = &[
        ("repr_k", "dict_keys([5, 3, 9, 1, 17])"),
        ("repr_v", "dict_values([50, 30, 90, 10, 170])"),
        ("repr_i", "dict_items([(5, 50), (3, 30), (9, 90), (1, 10), (17, 170)])"),
        ("and1", "{9, 3}"),
        ("and2", "{9, 3, 1}"),
        ("and3", "{17, 1}"),
        ("and4", "{9, 3}"),
        ("and5", "{9, 3}"),
        ("or1", "{1, 17, 3, 100, 5, 9}"),
        ("or2", "{1, 3, 100, 5, 9, 17}"),
        ("or3", "{1, 17, 3, 33, 5, 9}"),
        ("or4", "{(3, 30), (5, 50), (9, 90), (9, 99), (17, 170), (4, 40), (1, 10)}"),
        ("sub1", "{1, 17, 5, 9}"),
        ("sub2", "{41, 7}"),
        ("sub3", "{(5, 50), (9, 90), (17, 170), (1, 10)}"),
        ("xor1", "{1, 17, 3, 9, 77}"),
        ("xor2", "{(9, 90), (5, 50), (9, 99), (17, 170), (4, 40), (1, 10)}"),
        ("xor3", "{1, 4, 5, 17}"),
        ("xor4", "{2, 3, 5, 9, 17}"),
        ("iand", "{(9, 90), (5, 50)}"),
        ("cmp", "(True, True, True, True, True, False, True, True, False, True, False)"),
        ("misc", "(True, False, False, True, True, False, False, True, False, 5, 5)"),
        ("rev", "([17, 1, 9, 3, 5], [170, 10, 90, 30, 50], [(17, 170), (1, 10), (9, 90), (3, 30), (5, 50)], [17, 1, 9, 3, 5])"),
        ("types", "('dict_keys', 'dict_values', 'dict_items', 'dict_reversekeyiterator', 'dict_reversevalueiterator', 'dict_reverseitemiterator')"),
        ("big_to_set", "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}"),
        ("rec", "{1: dict_values([...])}"),
    ];

    #[test]
    fn views_match_cpython() {
        use BinOp::*;
        use CompareOp::*;
        let d = int_dict(&[(5, 50), (3, 30), (9, 90), (1, 10), (17, 170)]);
        let e = int_dict(&[(3, 30), (9, 99), (4, 40)]);
        let ks = new_view(d.clone(), DictPart::Keys);
        let vs = new_view(d.clone(), DictPart::Values);
        let its = new_view(d.clone(), DictPart::Items);
        let ek = new_view(e.clone(), DictPart::Keys);
        let ei = new_view(e.clone(), DictPart::Items);
        let contains_v = |view: &Value, x: &Value| {
            Value::Bool(contains(&mut vm(), as_view(view).unwrap(), x).unwrap())
        };
        let list_of = |v: &Value| Value::list(collect(&mut vm(), v).unwrap());
        let name_of = |v: &Value| Value::str(&crate::protocols::type_of(v).name);
        let big = int_dict(&(1..=20).rev().map(|k| (k, 0)).collect::<Vec<_>>());
        let rec = Rc::new(PyDict::new());
        rec.insert_hashed(Value::Int(1), 1, new_view(rec.clone(), DictPart::Values));
        let rec_repr = r(&Value::Dict(rec.clone()));
        rec.clear();
        let got: Vec<(&str, String)> = vec![
            ("repr_k", r(&ks)),
            ("repr_v", r(&vs)),
            ("repr_i", r(&its)),
            ("and1", r(&op(And, &ks, &si(&[3, 9, 100])))),
            ("and2", r(&op(And, &si(&[3, 9, 100, 1, 2, 4, 6]), &ks))),
            ("and3", r(&op(And, &ks, &l(&[17, 1, 17])))),
            ("and4", r(&op(And, &ks, &ek))),
            ("and5", r(&op(And, &ek, &ks))),
            ("or1", r(&op(Or, &ks, &si(&[100])))),
            ("or2", r(&op(Or, &si(&[100]), &ks))),
            ("or3", r(&op(Or, &ks, &l(&[33, 1])))),
            ("or4", r(&op(Or, &ei, &its))),
            ("sub1", r(&op(Sub, &ks, &si(&[3])))),
            ("sub2", r(&op(Sub, &l(&[3, 7, 41]), &ks))),
            ("sub3", r(&op(Sub, &its, &ei))),
            ("xor1", r(&op(Xor, &ks, &si(&[5, 77])))),
            ("xor2", r(&op(Xor, &its, &ei))),
            ("xor3", r(&op(Xor, &ek, &ks))),
            ("xor4", r(&op(Xor, &l(&[1, 2]), &ks))),
            (
                "iand",
                r(&op(And, &its, &s(&[t(5, 50), t(3, 31), t(9, 90)]))),
            ),
            (
                "cmp",
                r(&Value::tuple(vec![
                    cmp(&ks, &si(&[5, 3, 9, 1, 17]), Eq),
                    cmp(&ks, &si(&[5]), Ne),
                    cmp(&ks, &si(&[1]), Ge),
                    cmp(&ks, &si(&[1, 3, 5, 9, 17, 10]), Lt),
                    cmp(&ks, &ks, Le),
                    cmp(&ks, &ek, Gt),
                    cmp(&si(&[1]), &ks, Lt),
                    cmp(&si(&[1, 3, 5, 9, 17]), &ks, Eq),
                    cmp(&ks, &l(&[5, 3, 9, 1, 17]), Eq),
                    cmp(
                        &its,
                        &s(&[t(5, 50), t(3, 30), t(9, 90), t(1, 10), t(17, 170)]),
                        Eq,
                    ),
                    cmp(&ek, &ks, Lt),
                ])),
            ),
            (
                "misc",
                r(&Value::tuple(vec![
                    call_attr(&ks, "isdisjoint", &[si(&[2])]).unwrap(),
                    call_attr(&ks, "isdisjoint", &[l(&[5])]).unwrap(),
                    call_attr(&ks, "isdisjoint", std::slice::from_ref(&ks)).unwrap(),
                    contains_v(&ks, &Value::Int(3)),
                    contains_v(&its, &t(5, 50)),
                    contains_v(&its, &t(5, 51)),
                    contains_v(&its, &l(&[5, 50])),
                    contains_v(&vs, &Value::Int(50)),
                    contains_v(&vs, &Value::Int(51)),
                    call_attr(&ks, "__len__", &[]).unwrap(),
                    Value::from(len(&vs).unwrap()),
                ])),
            ),
            (
                "rev",
                r(&Value::tuple(vec![
                    list_of(&reversed_iter(d.clone(), DictPart::Keys)),
                    list_of(&call_attr(&vs, "__reversed__", &[]).unwrap()),
                    list_of(&reversed_iter(d.clone(), DictPart::Items)),
                    list_of(&call_attr(&ks, "__reversed__", &[]).unwrap()),
                ])),
            ),
            (
                "types",
                r(&Value::tuple(vec![
                    name_of(&ks),
                    name_of(&vs),
                    name_of(&its),
                    name_of(&reversed_iter(d.clone(), DictPart::Keys)),
                    name_of(&reversed_iter(d.clone(), DictPart::Values)),
                    name_of(&reversed_iter(d.clone(), DictPart::Items)),
                ])),
            ),
            (
                "big_to_set",
                r(&op(Or, &new_view(big, DictPart::Keys), &si(&[]))),
            ),
            ("rec", rec_repr),
        ];
        let mut failures = Vec::new();
        for (name, want) in EXPECTED {
            match got.iter().find(|(n, _)| n == name) {
                Some((_, g)) if g == want => {}
                Some((_, g)) => failures.push(format!("{name}: expected {want}, got {g}")),
                None => failures.push(format!("{name}: not computed")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Errors.
        assert_eq!(
            err(binary_op(&mut vm(), Or, &Value::Int(1), &ks).map(|v| v.unwrap())),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            err(binary_op(&mut vm(), And, &ks, &Value::Int(1)).map(|v| v.unwrap())),
            "TypeError: 'int' object is not iterable"
        );
        assert_eq!(
            err(contains(
                &mut vm(),
                as_view(&its).unwrap(),
                &Value::tuple(vec![Value::list(vec![]), Value::Int(1)])
            )
            .map(Value::Bool)),
            "TypeError: unhashable type: 'list'"
        );
        // Values views are not set-like.
        assert!(binary_op(&mut vm(), Or, &vs, &si(&[1])).unwrap().is_none());
        assert!(compare(&mut vm(), &vs, &si(&[1]), Eq).unwrap().is_none());
        // Views are live, and iterators notice size changes.
        let live = int_dict(&[(1, 1)]);
        let view = new_view(live.clone(), DictPart::Keys);
        let it = reversed_iter(live.clone(), DictPart::Keys);
        live.insert_hashed(Value::Int(2), 2, Value::Int(2));
        assert_eq!(r(&view), "dict_keys([1, 2])");
        assert_eq!(
            err(crate::protocols::iter::next(&mut vm(), &it).map(|v| v.unwrap_or(Value::None))),
            "RuntimeError: dictionary changed size during iteration"
        );
    }
}
