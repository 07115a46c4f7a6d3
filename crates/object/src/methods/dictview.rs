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
    Value::Native(Rc::new(PyDictView { dict, part }))
}

/// `reversed(d)` (`part == Keys`), `reversed(d.values())`, `reversed(d.items())`.
pub fn reversed_iter(dict: Rc<PyDict>, part: DictPart) -> Value {
    let len = dict.len();
    Value::Native(Rc::new(DictReverseIter {
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

fn binop_method(vm: &mut Vm, args: &[Value], kwnames: &[Value], op: BinOp, reflected: bool) -> PyResult<Value> {
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
