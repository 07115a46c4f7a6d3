//! Methods of `set` and `frozenset`, and the set operators, following the algorithms of
//! CPython 3.11's `Objects/setobject.c` so that results iterate in CPython's order.
//!
//! The table work is done by [`SetTable`], which mirrors `setobject.c`'s layout; this
//! module picks the same algorithm CPython picks for each operand kind (another set, an
//! exact dict, any other iterable) and keeps the same order of side effects: items of an
//! arbitrary iterable are taken, hashed and applied one at a time, so an error part-way
//! leaves the earlier items applied, as in CPython.
//!
//! Key equality ([`keys_equal`]) never runs Python code, so a table may stay borrowed during
//! a table operation; hashing (which may call `__hash__`) and iteration (which may call
//! `__next__`) always happen with no table borrowed.

use std::convert::Infallible;
use std::rc::Rc;

use crate::dict::PyDict;
use crate::exception::{key_error, type_error, PyResult};
use crate::function::NativeFn;
use crate::methods::args::{check_args, no_kwargs};
use crate::methods::list::for_each;
use crate::protocols::arith::BinOp;
use crate::protocols::compare::CompareOp;
use crate::protocols::eq::keys_equal;
use crate::protocols::hash::hash_value;
use crate::protocols::type_name;
use crate::set::PySet;
use crate::settable::SetTable;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `set`.
pub const SET_METHODS: &[(&str, NativeFn)] = &[
    ("add", add),
    ("clear", clear),
    ("copy", copy),
    ("discard", discard),
    ("difference", difference),
    ("difference_update", difference_update),
    ("intersection", intersection),
    ("intersection_update", intersection_update),
    ("isdisjoint", isdisjoint),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("pop", pop),
    ("remove", remove),
    ("symmetric_difference", symmetric_difference),
    ("symmetric_difference_update", symmetric_difference_update),
    ("union", union),
    ("update", update),
    ("__contains__", dunder_contains),
];

/// The method table of `frozenset`.
pub const FROZENSET_METHODS: &[(&str, NativeFn)] = &[
    ("copy", copy),
    ("difference", difference),
    ("intersection", intersection),
    ("isdisjoint", isdisjoint),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("symmetric_difference", symmetric_difference),
    ("union", union),
    ("__contains__", dunder_contains),
];

/// A set's table of values.
type Table = SetTable<Value>;

/// Key equality for set tables (never runs Python code, never fails).
fn eq(a: &Value, b: &Value) -> Result<bool, Infallible> {
    Ok(keys_equal(a, b))
}

/// Unwraps an infallible table result.
fn ok<T>(r: Result<T, Infallible>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// Builds a set table from values, in order (`set(list)`, `{a, b, c}`).
pub fn table_from(vm: &mut Vm, items: &[Value]) -> PyResult<SetTable<Value>> {
    let mut t = SetTable::new();
    for v in items {
        let h = hash_value(vm, v)?;
        ok(t.insert(h, v.clone(), eq));
    }
    Ok(t)
}

/// `set(iterable)` / `frozenset(iterable)` (`make_new_set`): a copy of the layout for a
/// set, a presized insertion for an exact dict, item-by-item insertion otherwise. This is
/// what the `set` and `frozenset` constructors should use to get CPython's order.
pub fn set_from_iterable(vm: &mut Vm, iterable: &Value) -> PyResult<PySet> {
    let s = PySet::new();
    update_internal(vm, &s, iterable)?;
    Ok(s)
}

/// The set (or frozenset) of `v`, including an instance of a subclass (`PyAnySet_Check`).
fn anyset(v: &Value) -> Option<Rc<PySet>> {
    match v {
        Value::Set(s) | Value::FrozenSet(s) => Some(s.clone()),
        Value::Instance(inst) => match &*inst.builtin_base.borrow() {
            Some(Value::Set(s) | Value::FrozenSet(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `v` is a frozenset (or an instance of a frozenset subclass).
fn is_frozen(v: &Value) -> bool {
    match v {
        Value::FrozenSet(_) => true,
        Value::Instance(inst) => matches!(&*inst.builtin_base.borrow(), Some(Value::FrozenSet(_))),
        _ => false,
    }
}

/// A new `set` (or `frozenset` when `frozen`) holding `table`.
pub fn wrap(frozen: bool, table: Table) -> Value {
    let s = Rc::new(PySet::from_table(table));
    if frozen {
        Value::FrozenSet(s)
    } else {
        Value::Set(s)
    }
}

/// Moves the table out of a set that is not shared.
fn into_table(s: PySet) -> Table {
    let t = std::mem::take(&mut *s.table_mut());
    t
}

/// The (hash, key) pairs of a dict in order, without calling Python code.
fn dict_pairs(d: &PyDict) -> Vec<(i64, Value)> {
    d.map().keys().map(|k| (k.hash, k.value.clone())).collect()
}

fn same(a: &PySet, b: &PySet) -> bool {
    std::ptr::eq(a, b)
}

/// `set_update_internal`: adds the items of `other` to `so`.
pub fn update_internal(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<()> {
    if let Some(o) = anyset(other) {
        if same(so, &o) {
            return Ok(());
        }
        let src = o.table();
        ok(so.table_mut().update_from_set(&src, eq));
        return Ok(());
    }
    if let Value::Dict(d) = other {
        let pairs = dict_pairs(d);
        ok(so
            .table_mut()
            .update_presized(pairs.len(), pairs.into_iter().map(Ok), eq));
        return Ok(());
    }
    for_each(vm, other, |vm, key| {
        let h = hash_value(vm, &key)?;
        ok(so.table_mut().insert(h, key, eq));
        Ok(true)
    })
}

/// `set_intersection(so, other)`: a new table of the common items (see
/// [`SetTable::intersection`] and [`SetTable::intersection_iter`] for the order).
pub fn intersection_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<Table> {
    if let Some(o) = anyset(other) {
        if same(so, &o) {
            return Ok(so.table().copy());
        }
        let (a, b) = (so.table(), o.table());
        return Ok(ok(a.intersection(&b, eq)));
    }
    let mut r = Table::new();
    for_each(vm, other, |vm, key| {
        let h = hash_value(vm, &key)?;
        let found = ok(so.table().contains(h, &key, eq));
        if found {
            ok(r.insert(h, key, eq));
            if r.len() >= so.len() {
                return Ok(false);
            }
        }
        Ok(true)
    })?;
    Ok(r)
}

/// `set_difference_update_internal`: removes the items of `other` from `so`.
pub fn difference_update_internal(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<()> {
    if let Some(o) = anyset(other) {
        if same(so, &o) {
            so.table_mut().clear();
            return Ok(());
        }
        let src = o.table();
        ok(so.table_mut().difference_update(&src, eq));
        return Ok(());
    }
    for_each(vm, other, |vm, key| {
        let h = hash_value(vm, &key)?;
        ok(so.table_mut().remove(h, &key, eq));
        Ok(true)
    })?;
    // The dummy clean-up that ends `set_difference_update_internal`.
    ok(so
        .table_mut()
        .difference_update_iter(std::iter::empty::<Result<(i64, Value), Infallible>>(), eq));
    Ok(())
}

/// `set_difference(so, other)`: a new table of the items of `so` not in `other`.
fn difference_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<Table> {
    let other_set = anyset(other);
    let other_size = match (&other_set, other) {
        (Some(o), _) => o.len(),
        (None, Value::Dict(d)) => d.len(),
        _ => return copy_and_difference(vm, so, other),
    };
    if (so.len() >> 2) > other_size {
        return copy_and_difference(vm, so, other);
    }
    if let Some(o) = other_set {
        let (a, b) = (so.table(), o.table());
        return Ok(ok(a.difference(&b, eq)));
    }
    let mut r = Table::new();
    if let Value::Dict(d) = other {
        let t = so.table();
        for (h, k) in t.entries() {
            if d.index_of(k, h).is_none() {
                ok(r.insert(h, k.clone(), eq));
            }
        }
    }
    Ok(r)
}

/// `set_copy_and_difference`.
fn copy_and_difference(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<Table> {
    let r = PySet::from_table(so.table().copy());
    difference_update_internal(vm, &r, other)?;
    Ok(into_table(r))
}

/// `set_symmetric_difference_update(so, other)`.
pub fn symmetric_difference_update_internal(
    vm: &mut Vm,
    so: &PySet,
    other: &Value,
) -> PyResult<()> {
    let other_set = anyset(other);
    if let Some(o) = &other_set {
        if same(so, o) {
            so.table_mut().clear();
            return Ok(());
        }
    }
    if let Value::Dict(d) = other {
        let pairs = dict_pairs(d);
        ok(so
            .table_mut()
            .symmetric_difference_update_iter(pairs.into_iter().map(Ok), eq));
        return Ok(());
    }
    let o = match other_set {
        Some(o) => o,
        None => Rc::new(set_from_iterable(vm, other)?),
    };
    let src = o.table();
    ok(so.table_mut().symmetric_difference_update(&src, eq));
    Ok(())
}

/// `set_symmetric_difference(so, other)`: `set(other)` updated with `so`.
fn symmetric_difference_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<Table> {
    let r = set_from_iterable(vm, other)?;
    {
        let src = so.table();
        ok(r.table_mut().symmetric_difference_update(&src, eq));
    }
    Ok(into_table(r))
}

/// `set_issubset(so, other)`.
fn issubset_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<bool> {
    if let Some(o) = anyset(other) {
        let (a, b) = (so.table(), o.table());
        return Ok(ok(a.is_subset(&b, eq)));
    }
    let tmp = intersection_of(vm, so, other)?;
    Ok(tmp.len() == so.len())
}

/// `set_issuperset(so, other)`.
fn issuperset_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<bool> {
    if let Some(o) = anyset(other) {
        let (a, b) = (o.table(), so.table());
        return Ok(ok(a.is_subset(&b, eq)));
    }
    let mut result = true;
    for_each(vm, other, |vm, key| {
        let h = hash_value(vm, &key)?;
        if !ok(so.table().contains(h, &key, eq)) {
            result = false;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(result)
}

/// `set_isdisjoint(so, other)`.
fn isdisjoint_of(vm: &mut Vm, so: &PySet, other: &Value) -> PyResult<bool> {
    if let Value::Set(o) | Value::FrozenSet(o) = other {
        if same(so, o) {
            return Ok(so.is_empty());
        }
        let (a, b) = (so.table(), o.table());
        return Ok(ok(a.is_disjoint(&b, eq)));
    }
    let mut result = true;
    for_each(vm, other, |vm, key| {
        let h = hash_value(vm, &key)?;
        if ok(so.table().contains(h, &key, eq)) {
            result = false;
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(result)
}

/// The frozenset CPython substitutes for an unhashable `set` key in `in`, `discard` and
/// `remove` (`make_new_set(&PyFrozenSet_Type, key)`).
fn frozen_key(key: &Value) -> Option<Value> {
    match key {
        Value::Set(s) => Some(Value::FrozenSet(Rc::new(PySet::from_table(s.table().copy())))),
        Value::Instance(inst) => match &*inst.builtin_base.borrow() {
            Some(Value::Set(s)) => Some(Value::FrozenSet(Rc::new(PySet::from_table(s.table().copy())))),
            _ => None,
        },
        _ => None,
    }
}

/// Hashes `key`, or, for an unhashable set, the equal frozenset; returns the key used.
fn hash_key(vm: &mut Vm, key: &Value) -> PyResult<(i64, Value)> {
    match hash_value(vm, key) {
        Ok(h) => Ok((h, key.clone())),
        Err(e) if e.is_instance_of("TypeError") => match frozen_key(key) {
            Some(fk) => Ok((hash_value(vm, &fk)?, fk)),
            None => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// `key in so` (`set_contains`, with the frozenset retry for a set key).
pub fn contains(vm: &mut Vm, so: &PySet, key: &Value) -> PyResult<bool> {
    let (h, k) = hash_key(vm, key)?;
    let found = ok(so.table().contains(h, &k, eq));
    Ok(found)
}

// ---------------------------------------------------------------------------------------
// Operators.
// ---------------------------------------------------------------------------------------

fn unsupported(op: BinOp, a: &Value, b: &Value, inplace: bool) -> crate::exception::PyErr {
    type_error(format!(
        "unsupported operand type(s) for {}{}: '{}' and '{}'",
        op.symbol(),
        if inplace { "=" } else { "" },
        type_name(a),
        type_name(b)
    ))
}

/// The set operators `|`, `&`, `-`, `^` and their in-place forms (`set_or`, `set_ior`,
/// ...). The result type follows the left operand; a frozenset left operand of an
/// in-place operator gets a new frozenset (frozenset has no in-place slots). Both operands
/// must be sets or frozensets (TypeError `unsupported operand type(s)` otherwise).
pub fn binary_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
    let (Some(x), Some(_)) = (anyset(a), anyset(b)) else {
        return Err(unsupported(op, a, b, inplace));
    };
    let frozen = is_frozen(a);
    let in_place = inplace && matches!(a, Value::Set(_));
    match op {
        BinOp::Or => {
            if in_place {
                update_internal(vm, &x, b)?;
                return Ok(a.clone());
            }
            let r = PySet::from_table(x.table().copy());
            if !a.is(b) {
                update_internal(vm, &r, b)?;
            }
            Ok(wrap(frozen, into_table(r)))
        }
        BinOp::And => {
            let mut t = intersection_of(vm, &x, b)?;
            if in_place {
                x.table_mut().swap_bodies(&mut t);
                return Ok(a.clone());
            }
            Ok(wrap(frozen, t))
        }
        BinOp::Sub => {
            if in_place {
                difference_update_internal(vm, &x, b)?;
                return Ok(a.clone());
            }
            Ok(wrap(frozen, difference_of(vm, &x, b)?))
        }
        BinOp::Xor => {
            if in_place {
                symmetric_difference_update_internal(vm, &x, b)?;
                return Ok(a.clone());
            }
            Ok(wrap(frozen, symmetric_difference_of(vm, &x, b)?))
        }
        _ => Err(unsupported(op, a, b, inplace)),
    }
}

/// Set comparisons (`set_richcompare`): `==`/`!=` by size and containment, `<=`/`<` subset,
/// `>=`/`>` superset. A non-set operand compares unequal, and TypeError for ordering.
pub fn compare(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<bool> {
    let (Some(x), Some(y)) = (anyset(a), anyset(b)) else {
        return match op {
            CompareOp::Eq => Ok(false),
            CompareOp::Ne => Ok(true),
            _ => Err(type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_name(a),
                type_name(b)
            ))),
        };
    };
    let _ = vm;
    let subset = |p: &PySet, q: &PySet| -> bool {
        let (s, t) = (p.table(), q.table());
        ok(s.is_subset(&t, eq))
    };
    Ok(match op {
        CompareOp::Eq => x.len() == y.len() && subset(&x, &y),
        CompareOp::Ne => !(x.len() == y.len() && subset(&x, &y)),
        CompareOp::Le => subset(&x, &y),
        CompareOp::Ge => subset(&y, &x),
        CompareOp::Lt => x.len() < y.len() && subset(&x, &y),
        CompareOp::Gt => x.len() > y.len() && subset(&y, &x),
    })
}

// ---------------------------------------------------------------------------------------
// Methods.
// ---------------------------------------------------------------------------------------

/// `self` of a set method: the set, and whether it is a frozenset.
fn this(args: &[Value]) -> PyResult<(Rc<PySet>, bool)> {
    match args.first() {
        Some(v) => match anyset(v) {
            Some(s) => Ok((s, is_frozen(v))),
            None => Err(type_error(format!(
                "descriptor requires a 'set' object but received a '{}'",
                type_name(v)
            ))),
        },
        None => Err(type_error("descriptor needs an argument")),
    }
}

/// `set.` or `frozenset.` followed by `name`, for error messages.
fn qual(frozen: bool, name: &str) -> String {
    format!("{}.{name}", if frozen { "frozenset" } else { "set" })
}

/// `set.add(elem)`.
fn add(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "add"), &args[1..], kwnames, 1, 1)?;
    let h = hash_value(vm, &args[1])?;
    ok(s.table_mut().insert(h, args[1].clone(), eq));
    Ok(Value::None)
}

/// `set.clear()`.
fn clear(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "clear"), &args[1..], kwnames, 0, 0)?;
    // `SetTable::clear` keeps the pop finger, as `set_clear_internal` does.
    s.table_mut().clear();
    Ok(Value::None)
}

/// `set.copy()` / `frozenset.copy()` (a frozenset returns itself).
fn copy(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "copy"), &args[1..], kwnames, 0, 0)?;
    if let Value::FrozenSet(_) = &args[0] {
        return Ok(args[0].clone());
    }
    let t = s.table().copy();
    Ok(wrap(frozen, t))
}

/// `set.discard(elem)`.
fn discard(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "discard"), &args[1..], kwnames, 1, 1)?;
    let (h, k) = hash_key(vm, &args[1])?;
    ok(s.table_mut().remove(h, &k, eq));
    Ok(Value::None)
}

/// `set.remove(elem)`: KeyError(elem) when absent.
fn remove(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "remove"), &args[1..], kwnames, 1, 1)?;
    let (h, k) = hash_key(vm, &args[1])?;
    let removed = ok(s.table_mut().remove(h, &k, eq));
    match removed {
        Some(_) => Ok(Value::None),
        None => Err(key_error(args[1].clone())),
    }
}

/// `set.pop()`: KeyError `pop from an empty set`.
fn pop(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "pop"), &args[1..], kwnames, 0, 0)?;
    let item = s.table_mut().pop();
    item.ok_or_else(|| key_error(Value::str("pop from an empty set")))
}

/// `set.__contains__(elem)`.
fn dunder_contains(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "__contains__"), &args[1..], kwnames, 1, 1)?;
    Ok(Value::Bool(contains(vm, &s, &args[1])?))
}

/// `set.update(*others)`.
fn update(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "update"), kwnames)?;
    for other in &args[1..] {
        update_internal(vm, &s, other)?;
    }
    Ok(Value::None)
}

/// `set.union(*others)`.
fn union(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "union"), kwnames)?;
    let r = PySet::from_table(s.table().copy());
    for other in &args[1..] {
        if other.is(&args[0]) {
            continue;
        }
        update_internal(vm, &r, other)?;
    }
    Ok(wrap(frozen, into_table(r)))
}

/// `set_intersection_multi`: `so & others[0] & others[1] ...` (a copy for no others).
fn intersection_multi(vm: &mut Vm, so: &PySet, others: &[Value]) -> PyResult<Table> {
    if others.is_empty() {
        return Ok(so.table().copy());
    }
    let mut cur: Option<PySet> = None;
    for other in others {
        let t = intersection_of(vm, cur.as_ref().unwrap_or(so), other)?;
        cur = Some(PySet::from_table(t));
    }
    Ok(cur.map(into_table).unwrap_or_default())
}

/// `set.intersection(*others)`.
fn intersection(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "intersection"), kwnames)?;
    let t = intersection_multi(vm, &s, &args[1..])?;
    Ok(wrap(frozen, t))
}

/// `set.intersection_update(*others)`.
fn intersection_update(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "intersection_update"), kwnames)?;
    let mut t = intersection_multi(vm, &s, &args[1..])?;
    s.table_mut().swap_bodies(&mut t);
    Ok(Value::None)
}

/// `set.difference(*others)`.
fn difference(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "difference"), kwnames)?;
    let Some(first) = args.get(1) else {
        return Ok(wrap(frozen, s.table().copy()));
    };
    let r = PySet::from_table(difference_of(vm, &s, first)?);
    for other in &args[2..] {
        difference_update_internal(vm, &r, other)?;
    }
    Ok(wrap(frozen, into_table(r)))
}

/// `set.difference_update(*others)`.
fn difference_update(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    no_kwargs(&qual(frozen, "difference_update"), kwnames)?;
    for other in &args[1..] {
        difference_update_internal(vm, &s, other)?;
    }
    Ok(Value::None)
}

/// `set.symmetric_difference(other)`.
fn symmetric_difference(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "symmetric_difference"), &args[1..], kwnames, 1, 1)?;
    let t = symmetric_difference_of(vm, &s, &args[1])?;
    Ok(wrap(frozen, t))
}

/// `set.symmetric_difference_update(other)`.
fn symmetric_difference_update(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(
        &qual(frozen, "symmetric_difference_update"),
        &args[1..],
        kwnames,
        1,
        1,
    )?;
    symmetric_difference_update_internal(vm, &s, &args[1])?;
    Ok(Value::None)
}

/// `set.issubset(other)`.
fn issubset(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "issubset"), &args[1..], kwnames, 1, 1)?;
    Ok(Value::Bool(issubset_of(vm, &s, &args[1])?))
}

/// `set.issuperset(other)`.
fn issuperset(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "issuperset"), &args[1..], kwnames, 1, 1)?;
    Ok(Value::Bool(issuperset_of(vm, &s, &args[1])?))
}

/// `set.isdisjoint(other)`.
fn isdisjoint(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (s, frozen) = this(args)?;
    check_args(&qual(frozen, "isdisjoint"), &args[1..], kwnames, 1, 1)?;
    Ok(Value::Bool(isdisjoint_of(vm, &s, &args[1])?))
}
