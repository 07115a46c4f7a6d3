//! Methods of `list`, CPython's `list.sort` (a faithful port of `Objects/listobject.c`'s
//! timsort with the 3.11 powersort merge policy, so comparisons happen in the same order and
//! the same pair raises), and argument helpers shared by the container methods.
//!
//! Borrow rule (see [`crate::list`]): no borrow of a list is held while Python code can run
//! (`__eq__`, `__lt__`, a key function, an iterator's `__next__`); items are read one at a
//! time, as CPython reads `ob_item[i]` afresh after each comparison.

use std::rc::Rc;

use crate::exception::{index_error, type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::list::PyList;
use crate::methods::args::{check_args, no_kwargs};
use crate::methods::int::{slice_index, ssize_index};
use crate::protocols::call::{call, split_args};
use crate::protocols::compare::{compare_bool, equal, CompareOp};
use crate::protocols::iter::{get_iter, next};
use crate::protocols::repr::repr;
use crate::protocols::truth::is_true;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `list`.
pub const METHODS: &[(&str, NativeFn)] = &[
    ("append", append),
    ("extend", extend),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("index", index),
    ("count", count),
    ("sort", sort),
    ("reverse", reverse),
    ("copy", copy),
    ("clear", clear),
];

// ---------------------------------------------------------------------------------------
// Argument helpers shared by the container methods.
// ---------------------------------------------------------------------------------------

/// Checks a `METH_FASTCALL` method's positional count as `_PyArg_CheckPositional` does:
/// `NAME expected 2 arguments, got 1`, `NAME expected at most 1 argument, got 2`, ...
/// Keyword arguments are rejected first with `QUALNAME() takes no keyword arguments`.
pub fn check_positional(
    qualname: &str,
    name: &str,
    args: &[Value],
    kwnames: &[Value],
    min: usize,
    max: usize,
) -> PyResult<()> {
    no_kwargs(qualname, kwnames)?;
    let n = args.len();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if n < min {
        let q = if min == max { "" } else { "at least " };
        return Err(type_error(format!(
            "{name} expected {q}{min} argument{}, got {n}",
            plural(min)
        )));
    }
    if n > max {
        let q = if min == max { "" } else { "at most " };
        return Err(type_error(format!(
            "{name} expected {q}{max} argument{}, got {n}",
            plural(max)
        )));
    }
    Ok(())
}

/// Binds arguments as Argument Clinic's `_PyArg_UnpackKeywords` does for a function whose
/// parameters are `names` (none positional-only), of which the first `maxpos` may be given
/// by position and the first `minpos` are required. Returns one slot per name, with
/// CPython's error messages (`takes at most 3 arguments (4 given)`, `'x' is an invalid
/// keyword argument for NAME()`, `missing required argument 'bytes' (pos 1)`, ...).
pub fn parse_clinic(
    fname: &str,
    args: &[Value],
    kwnames: &[Value],
    names: &[&str],
    minpos: usize,
    maxpos: usize,
) -> PyResult<Vec<Option<Value>>> {
    let (pos, kw) = split_args(args, kwnames);
    let nargs = pos.len();
    let nkw = kw.len();
    let maxargs = names.len();
    if nargs + nkw > maxargs {
        return Err(type_error(format!(
            "{fname}() takes at most {maxargs} {}argument{} ({} given)",
            if nargs == 0 { "keyword " } else { "" },
            if maxargs == 1 { "" } else { "s" },
            nargs + nkw
        )));
    }
    if nargs > maxpos {
        return Err(type_error(if maxpos == 0 {
            format!("{fname}() takes no positional arguments")
        } else {
            format!(
                "{fname}() takes {} {maxpos} positional argument{} ({nargs} given)",
                if minpos < maxpos {
                    "at most"
                } else {
                    "exactly"
                },
                if maxpos == 1 { "" } else { "s" }
            )
        }));
    }
    let mut out: Vec<Option<Value>> = vec![None; maxargs];
    for (slot, v) in out.iter_mut().zip(pos) {
        *slot = Some(v.clone());
    }
    let mut remaining = nkw;
    for i in nargs..maxargs {
        let found = kw
            .iter()
            .find(|(k, _)| *k == names[i])
            .map(|(_, v)| (*v).clone());
        if found.is_some() {
            remaining -= 1;
        } else if i < minpos {
            return Err(type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
        out[i] = found;
    }
    if remaining > 0 {
        for (i, name) in names.iter().enumerate().take(nargs) {
            if kw.iter().any(|(k, _)| k == name) {
                return Err(type_error(format!(
                    "argument for {fname}() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
        }
        if let Some((k, _)) = kw.iter().find(|(k, _)| !names.contains(k)) {
            return Err(type_error(format!(
                "'{k}' is an invalid keyword argument for {fname}()"
            )));
        }
    }
    Ok(out)
}

/// `PyObject_RichCompareBool(a, b, Py_EQ)`: identity first, then `==`.
pub fn eq_bool(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    equal(vm, a, b)
}

/// Calls `f` with each item of `iterable` in order, until it returns `Ok(false)` or an
/// error. Lists are read an item at a time (seeing changes made meanwhile, as CPython's
/// list iterator does); other iterables go through `iter()`/`next()`. No borrow is held
/// while `f` runs.
pub fn for_each(
    vm: &mut Vm,
    iterable: &Value,
    mut f: impl FnMut(&mut Vm, Value) -> PyResult<bool>,
) -> PyResult<()> {
    match iterable {
        Value::List(l) => {
            let mut i = 0;
            while let Some(item) = l.get(i) {
                if !f(vm, item)? {
                    break;
                }
                i += 1;
            }
            Ok(())
        }
        Value::Tuple(t) => {
            for item in t.as_slice() {
                if !f(vm, item.clone())? {
                    break;
                }
            }
            Ok(())
        }
        _ => {
            let it = get_iter(vm, iterable)?;
            while let Some(item) = next(vm, &it)? {
                if !f(vm, item)? {
                    break;
                }
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------
// The methods.
// ---------------------------------------------------------------------------------------

/// `self` of a list method: a list, or the list inside an instance of a list subclass
/// (`list.append(self, x)` in a subclass's override).
fn this(args: &[Value]) -> PyResult<std::borrow::Cow<'_, Rc<PyList<Value>>>> {
    match args.first() {
        Some(Value::List(l)) => Ok(std::borrow::Cow::Borrowed(l)),
        Some(other @ Value::Instance(inst)) => match &*inst.builtin_base.borrow() {
            Some(Value::List(l)) => Ok(std::borrow::Cow::Owned(l.clone())),
            _ => Err(type_error(format!(
                "descriptor requires a 'list' object but received a '{}'",
                crate::protocols::type_name(other)
            ))),
        },
        Some(other) => Err(type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            crate::protocols::type_name(other)
        ))),
        None => Err(type_error("descriptor needs an argument")),
    }
}

fn borrow_error() -> crate::exception::PyErr {
    crate::exception::runtime_error("list is being modified elsewhere")
}

/// `list.append(x)`.
fn append(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.append", &args[1..], kwnames, 1, 1)?;
    l.push(args[1].clone());
    Ok(Value::None)
}

/// `list.extend(iterable)`: appends item by item (an error part-way keeps what was added).
fn extend(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.extend", &args[1..], kwnames, 1, 1)?;
    match &args[1] {
        Value::List(src) => {
            // Also right for `l.extend(l)`: the snapshot is taken first.
            let items = src.snapshot();
            l.try_borrow_mut().ok_or_else(borrow_error)?.extend(items);
        }
        Value::Tuple(t) => {
            l.try_borrow_mut()
                .ok_or_else(borrow_error)?
                .extend_from_slice(t.as_slice());
        }
        other => {
            let it = get_iter(vm, other)?;
            while let Some(item) = next(vm, &it)? {
                l.push(item);
            }
        }
    }
    Ok(Value::None)
}

/// `list.insert(index, object)`.
fn insert(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_positional("list.insert", "insert", &args[1..], kwnames, 2, 2)?;
    let i = ssize_index(vm, &args[1])?;
    let mut v = l.try_borrow_mut().ok_or_else(borrow_error)?;
    let n = v.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
    v.insert(at as usize, args[2].clone());
    Ok(Value::None)
}

/// `list.pop([index])`.
fn pop(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_positional("list.pop", "pop", &args[1..], kwnames, 0, 1)?;
    let i = match args.get(1) {
        Some(v) => ssize_index(vm, v)?,
        None => -1,
    };
    let mut v = l.try_borrow_mut().ok_or_else(borrow_error)?;
    if v.is_empty() {
        return Err(index_error("pop from empty list"));
    }
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if !(0..n).contains(&j) {
        return Err(index_error("pop index out of range"));
    }
    Ok(v.remove(j as usize))
}

/// `list.remove(x)`: removes the first item equal to `x`.
fn remove(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.remove", &args[1..], kwnames, 1, 1)?;
    let mut i = 0;
    while let Some(item) = l.get(i) {
        if eq_bool(vm, &item, &args[1])? {
            let mut v = l.try_borrow_mut().ok_or_else(borrow_error)?;
            if i < v.len() {
                v.remove(i);
            }
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(value_error("list.remove(x): x not in list"))
}

/// Resolves `start`/`stop` arguments of `index()` as CPython does (negative values count
/// from the end, then clamp at 0).
fn index_bounds(vm: &mut Vm, args: &[Value], len: usize) -> PyResult<(usize, usize)> {
    let fix = |i: i64| -> usize {
        if i < 0 {
            (i.saturating_add(len as i64)).max(0) as usize
        } else {
            i as usize
        }
    };
    let start = match args.first() {
        Some(v) => fix(slice_index(vm, v)?),
        None => 0,
    };
    let stop = match args.get(1) {
        Some(v) => fix(slice_index(vm, v)?),
        None => usize::MAX,
    };
    Ok((start, stop))
}

/// `list.index(x[, start[, stop]])`.
fn index(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_positional("list.index", "index", &args[1..], kwnames, 1, 3)?;
    let (start, stop) = index_bounds(vm, &args[2..], l.len())?;
    let mut i = start;
    while i < stop {
        let Some(item) = l.get(i) else { break };
        if eq_bool(vm, &item, &args[1])? {
            return Ok(Value::from(i));
        }
        i += 1;
    }
    Err(value_error(format!(
        "{} is not in list",
        repr(vm, &args[1])?
    )))
}

/// `list.count(x)`.
fn count(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.count", &args[1..], kwnames, 1, 1)?;
    let mut n = 0usize;
    let mut i = 0;
    while let Some(item) = l.get(i) {
        if eq_bool(vm, &item, &args[1])? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::from(n))
}

/// `list.reverse()`.
fn reverse(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.reverse", &args[1..], kwnames, 0, 0)?;
    l.try_borrow_mut().ok_or_else(borrow_error)?.reverse();
    Ok(Value::None)
}

/// `list.copy()`.
fn copy(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.copy", &args[1..], kwnames, 0, 0)?;
    Ok(Value::list(l.snapshot()))
}

/// `list.clear()`.
fn clear(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    check_args("list.clear", &args[1..], kwnames, 0, 0)?;
    // Drop the items after releasing the borrow (their destructors cannot run Python code
    // today, but keep the order CPython uses).
    let old = std::mem::take(&mut *l.try_borrow_mut().ok_or_else(borrow_error)?);
    drop(old);
    Ok(Value::None)
}

/// `list.sort(*, key=None, reverse=False)`.
fn sort(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let l = this(args)?;
    let a = parse_clinic("sort", &args[1..], kwnames, &["key", "reverse"], 0, 0)?;
    let key = a[0].clone().filter(|k| !k.is_none());
    let reverse = match &a[1] {
        None => false,
        Some(v) => {
            // `bool(accept={int})`: an int (or `__index__`), then its truth.
            let i = crate::methods::int::index(vm, v)?;
            if matches!(i, Value::BigInt(_)) {
                return Err(crate::exception::overflow_error(
                    "Python int too large to convert to C int",
                ));
            }
            is_true(vm, &i)?
        }
    };
    sort_list(vm, &l, key.as_ref(), reverse)?;
    Ok(Value::None)
}

/// Sorts `list` in place as `list.sort(key=key, reverse=reverse)` does: while sorting, the
/// list looks empty; keys are computed first (an error restores the list); an error from
/// a comparison leaves the items partly sorted; a list changed during the sort raises
/// `ValueError: list modified during sort` (and the changes are discarded).
pub fn sort_list(
    vm: &mut Vm,
    list: &PyList<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    let mut items = std::mem::take(&mut *list.try_borrow_mut().ok_or_else(borrow_error)?);
    let result = sort_items(vm, &mut items, key, reverse);
    let modified = !list.is_empty();
    let mut guard = list.try_borrow_mut().ok_or_else(borrow_error)?;
    let discarded = std::mem::replace(&mut *guard, items);
    drop(guard);
    drop(discarded);
    result?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(())
}

/// The sort proper on a detached vector (see [`sort_list`]).
fn sort_items(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    match key {
        None => {
            if reverse && items.len() > 1 {
                items.reverse();
            }
            let r = if items.len() < 2 {
                Ok(())
            } else {
                timsort(items, &mut |a: &Value, b: &Value| {
                    compare_bool(vm, a, b, CompareOp::Lt)
                })
            };
            if reverse && items.len() > 1 {
                items.reverse();
            }
            r
        }
        Some(f) => {
            let mut pairs: Vec<(Value, Value)> = Vec::with_capacity(items.len());
            for item in items.iter() {
                let k = call(vm, f, std::slice::from_ref(item), &[])?;
                pairs.push((k, item.clone()));
            }
            if reverse && pairs.len() > 1 {
                pairs.reverse();
            }
            let r = if pairs.len() < 2 {
                Ok(())
            } else {
                timsort(&mut pairs, &mut |a: &(Value, Value), b: &(Value, Value)| {
                    compare_bool(vm, &a.0, &b.0, CompareOp::Lt)
                })
            };
            if reverse && pairs.len() > 1 {
                pairs.reverse();
            }
            *items = pairs.into_iter().map(|(_, v)| v).collect();
            r
        }
    }
}

// ---------------------------------------------------------------------------------------
// Timsort, ported from CPython 3.11's Objects/listobject.c.
// ---------------------------------------------------------------------------------------

/// `MIN_GALLOP`.
const MIN_GALLOP: usize = 7;

/// A pending run: start index, length and powersort power.
#[derive(Clone, Copy, Debug)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

/// The merge state (`MergeState`).
struct MergeState<'f, T, E> {
    lt: &'f mut dyn FnMut(&T, &T) -> Result<bool, E>,
    min_gallop: usize,
    pending: Vec<Run>,
    listlen: usize,
    tmp: Vec<T>,
}

/// Sorts `v` stably with the fallible "less than" `lt`, performing exactly the comparisons
/// CPython 3.11's `list.sort` performs, in the same order and with the same argument order.
/// On error, `v` holds a permutation of its original items.
pub fn timsort<T: Clone, E>(
    v: &mut [T],
    lt: &mut dyn FnMut(&T, &T) -> Result<bool, E>,
) -> Result<(), E> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let mut ms = MergeState {
        lt,
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
        listlen: n,
        tmp: Vec::new(),
    };
    let minrun = compute_minrun(n);
    let mut lo = 0usize;
    let mut nremaining = n;
    while nremaining > 0 {
        let (mut run, descending) = ms.count_run(v, lo, lo + nremaining)?;
        if descending {
            v[lo..lo + run].reverse();
        }
        if run < minrun {
            let force = nremaining.min(minrun);
            ms.binarysort(v, lo, lo + force, lo + run)?;
            run = force;
        }
        ms.found_new_run(v, run)?;
        ms.pending.push(Run {
            base: lo,
            len: run,
            power: 0,
        });
        lo += run;
        nremaining -= run;
    }
    ms.merge_force_collapse(v)
}

/// `merge_compute_minrun`.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// `powerloop`: the powersort "power" of the run boundary between runs `[s1, s1+n1)` and
/// `[s1+n1, s1+n1+n2)` in a list of length `n`.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = (2 * s1 + n1) as u128;
    let mut b = a + (n1 + n2) as u128;
    let n = n as u128;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
        if result > 200 {
            // Unreachable for consistent inputs; keeps the loop finite regardless.
            break;
        }
    }
    result
}

impl<T: Clone, E> MergeState<'_, T, E> {
    #[inline]
    fn lt(&mut self, a: &T, b: &T) -> Result<bool, E> {
        (self.lt)(a, b)
    }

    /// `count_run`: length of the run starting at `lo` (`< hi`), and whether it is
    /// strictly descending.
    fn count_run(&mut self, v: &[T], lo: usize, hi: usize) -> Result<(usize, bool), E> {
        let mut p = lo + 1;
        if p == hi {
            return Ok((1, false));
        }
        let mut n = 2;
        if self.lt(&v[p], &v[p - 1])? {
            p += 1;
            while p < hi {
                if self.lt(&v[p], &v[p - 1])? {
                    n += 1;
                    p += 1;
                } else {
                    break;
                }
            }
            Ok((n, true))
        } else {
            p += 1;
            while p < hi {
                if self.lt(&v[p], &v[p - 1])? {
                    break;
                }
                n += 1;
                p += 1;
            }
            Ok((n, false))
        }
    }

    /// `binarysort`: `v[lo..start]` is sorted; insert `v[start..hi]` one at a time.
    fn binarysort(&mut self, v: &mut [T], lo: usize, hi: usize, mut start: usize) -> Result<(), E> {
        if lo == start {
            start += 1;
        }
        while start < hi {
            let pivot = v[start].clone();
            let mut l = lo;
            let mut r = start;
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.lt(&pivot, &v[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            v[l..=start].rotate_right(1);
            start += 1;
        }
        Ok(())
    }

    /// `found_new_run`: merge runs on the stack with greater power than the new boundary.
    fn found_new_run(&mut self, v: &mut [T], n2: usize) -> Result<(), E> {
        if let Some(top) = self.pending.last().copied() {
            let power = powerloop(top.base, top.len, n2, self.listlen);
            while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
                let i = self.pending.len() - 2;
                self.merge_at(v, i)?;
            }
            if let Some(last) = self.pending.last_mut() {
                last.power = power;
            }
        }
        Ok(())
    }

    /// `merge_force_collapse`.
    fn merge_force_collapse(&mut self, v: &mut [T]) -> Result<(), E> {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(v, n)?;
        }
        Ok(())
    }

    /// `merge_at`: merges runs `i` and `i + 1`.
    fn merge_at(&mut self, v: &mut [T], i: usize) -> Result<(), E> {
        let mut base_a = self.pending[i].base;
        let mut na = self.pending[i].len;
        let base_b = self.pending[i + 1].base;
        let mut nb = self.pending[i + 1].len;
        self.pending[i].len = na + nb;
        self.pending.remove(i + 1);

        let k = self.gallop_right(v, &v[base_b].clone(), base_a, na, 0)?;
        base_a += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        let key = v[base_a + na - 1].clone();
        nb = self.gallop_left(v, &key, base_b, nb, nb - 1)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(v, base_a, na, base_b, nb)
        } else {
            self.merge_hi(v, base_a, na, base_b, nb)
        }
    }

    /// `gallop_left`: the leftmost position in sorted `v[a..a+n]` where `key` belongs
    /// (`v[a+k-1] < key <= v[a+k]`), starting the search at `hint`.
    fn gallop_left(
        &mut self,
        v: &[T],
        key: &T,
        a: usize,
        n: usize,
        hint: usize,
    ) -> Result<usize, E> {
        let mut lastofs: isize;
        let mut ofs: isize;
        let hint_i = hint as isize;
        let n_i = n as isize;
        lastofs = 0;
        ofs = 1;
        if self.lt(&v[a + hint], key)? {
            let maxofs = n_i - hint_i;
            while ofs < maxofs {
                if self.lt(&v[a + hint + ofs as usize], key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            if ofs > maxofs {
                ofs = maxofs;
            }
            lastofs += hint_i;
            ofs += hint_i;
        } else {
            let maxofs = hint_i + 1;
            while ofs < maxofs {
                if self.lt(&v[a + (hint_i - ofs) as usize], key)? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            if ofs > maxofs {
                ofs = maxofs;
            }
            let k = lastofs;
            lastofs = hint_i - ofs;
            ofs = hint_i - k;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(&v[a + m as usize], key)? {
                lastofs = m + 1;
            } else {
                ofs = m;
            }
        }
        Ok(ofs as usize)
    }

    /// `gallop_right`: the rightmost position in sorted `v[a..a+n]` where `key` belongs
    /// (`v[a+k-1] <= key < v[a+k]`), starting the search at `hint`.
    fn gallop_right(
        &mut self,
        v: &[T],
        key: &T,
        a: usize,
        n: usize,
        hint: usize,
    ) -> Result<usize, E> {
        let mut lastofs: isize;
        let mut ofs: isize;
        let hint_i = hint as isize;
        let n_i = n as isize;
        lastofs = 0;
        ofs = 1;
        if self.lt(key, &v[a + hint])? {
            let maxofs = hint_i + 1;
            while ofs < maxofs {
                if self.lt(key, &v[a + (hint_i - ofs) as usize])? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            if ofs > maxofs {
                ofs = maxofs;
            }
            let k = lastofs;
            lastofs = hint_i - ofs;
            ofs = hint_i - k;
        } else {
            let maxofs = n_i - hint_i;
            while ofs < maxofs {
                if self.lt(key, &v[a + hint + ofs as usize])? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            if ofs > maxofs {
                ofs = maxofs;
            }
            lastofs += hint_i;
            ofs += hint_i;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(key, &v[a + m as usize])? {
                ofs = m;
            } else {
                lastofs = m + 1;
            }
        }
        Ok(ofs as usize)
    }

    /// `merge_lo`: merges `v[pa..pa+na]` and `v[pb..pb+nb]` (adjacent, `na <= nb`) using a
    /// temporary copy of the first run.
    fn merge_lo(
        &mut self,
        v: &mut [T],
        pa: usize,
        na: usize,
        pb: usize,
        nb: usize,
    ) -> Result<(), E> {
        let mut tmp = std::mem::take(&mut self.tmp);
        tmp.clear();
        tmp.extend_from_slice(&v[pa..pa + na]);
        let r = self.merge_lo_inner(v, &tmp, pa, na, pb, nb);
        self.tmp = tmp;
        r
    }

    fn merge_lo_inner(
        &mut self,
        v: &mut [T],
        tmp: &[T],
        pa: usize,
        mut na: usize,
        mut pb: usize,
        mut nb: usize,
    ) -> Result<(), E> {
        // `a` indexes tmp (run A), `pb` indexes v (run B), `dest` indexes v.
        let mut a = 0usize;
        let mut dest = pa;
        let mut result: Result<(), E> = Ok(());

        v[dest] = v[pb].clone();
        dest += 1;
        pb += 1;
        nb -= 1;
        'outer: {
            if nb == 0 {
                break 'outer;
            }
            if na == 1 {
                // CopyB
                v.copy_within_clone(pb, dest, nb);
                v[dest + nb] = tmp[a].clone();
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut acount = 0usize;
                let mut bcount = 0usize;
                loop {
                    let k = match self.lt(&v[pb], &tmp[a]) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    if k {
                        v[dest] = v[pb].clone();
                        dest += 1;
                        pb += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            break 'outer;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        v[dest] = tmp[a].clone();
                        dest += 1;
                        a += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            // CopyB
                            v.copy_within_clone(pb, dest, nb);
                            v[dest + nb] = tmp[a].clone();
                            return Ok(());
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let key = v[pb].clone();
                    let k = match self.gallop_right(tmp, &key, a, na, 0) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    acount = k;
                    if k > 0 {
                        v[dest..dest + k].clone_from_slice(&tmp[a..a + k]);
                        dest += k;
                        a += k;
                        na -= k;
                        if na == 1 {
                            v.copy_within_clone(pb, dest, nb);
                            v[dest + nb] = tmp[a].clone();
                            return Ok(());
                        }
                        if na == 0 {
                            break 'outer;
                        }
                    }
                    v[dest] = v[pb].clone();
                    dest += 1;
                    pb += 1;
                    nb -= 1;
                    if nb == 0 {
                        break 'outer;
                    }
                    let key = tmp[a].clone();
                    let k = match self.gallop_left(v, &key, pb, nb, 0) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    bcount = k;
                    if k > 0 {
                        v.copy_within_clone(pb, dest, k);
                        dest += k;
                        pb += k;
                        nb -= k;
                        if nb == 0 {
                            break 'outer;
                        }
                    }
                    v[dest] = tmp[a].clone();
                    dest += 1;
                    a += 1;
                    na -= 1;
                    if na == 1 {
                        v.copy_within_clone(pb, dest, nb);
                        v[dest + nb] = tmp[a].clone();
                        return Ok(());
                    }
                    if !(acount >= MIN_GALLOP || bcount >= MIN_GALLOP) {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        }
        // Succeed / Fail: put back what is left of run A.
        if na > 0 {
            v[dest..dest + na].clone_from_slice(&tmp[a..a + na]);
        }
        result
    }

    /// `merge_hi`: merges `v[pa..pa+na]` and `v[pb..pb+nb]` (adjacent, `na > nb`) using a
    /// temporary copy of the second run, from the right.
    fn merge_hi(
        &mut self,
        v: &mut [T],
        pa: usize,
        na: usize,
        pb: usize,
        nb: usize,
    ) -> Result<(), E> {
        let mut tmp = std::mem::take(&mut self.tmp);
        tmp.clear();
        tmp.extend_from_slice(&v[pb..pb + nb]);
        let r = self.merge_hi_inner(v, &tmp, pa, na, pb, nb);
        self.tmp = tmp;
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_hi_inner(
        &mut self,
        v: &mut [T],
        tmp: &[T],
        basea: usize,
        mut na: usize,
        pb0: usize,
        mut nb: usize,
    ) -> Result<(), E> {
        // Cursors point at the current *last* element: `a` in v (run A), `b` in tmp (run B),
        // `dest` in v. Signed because they may step one below their base.
        let mut dest: isize = (pb0 + nb - 1) as isize;
        let mut b: isize = nb as isize - 1;
        let mut a: isize = (basea + na - 1) as isize;
        let mut result: Result<(), E> = Ok(());

        v[dest as usize] = v[a as usize].clone();
        dest -= 1;
        a -= 1;
        na -= 1;
        'outer: {
            if na == 0 {
                break 'outer;
            }
            if nb == 1 {
                // CopyA
                copy_a(v, tmp, &mut dest, &mut a, na, b);
                return Ok(());
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let mut acount = 0usize;
                let mut bcount = 0usize;
                loop {
                    let k = match self.lt(&tmp[b as usize], &v[a as usize]) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    if k {
                        v[dest as usize] = v[a as usize].clone();
                        dest -= 1;
                        a -= 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            break 'outer;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        v[dest as usize] = tmp[b as usize].clone();
                        dest -= 1;
                        b -= 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            copy_a(v, tmp, &mut dest, &mut a, na, b);
                            return Ok(());
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as usize;
                    self.min_gallop = min_gallop;
                    let key = tmp[b as usize].clone();
                    let k = match self.gallop_right(v, &key, basea, na, na - 1) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    let k = na - k;
                    acount = k;
                    if k > 0 {
                        let ki = k as isize;
                        dest -= ki;
                        a -= ki;
                        // memmove(dest+1, a+1, k): regions may overlap (both in v).
                        let (src, dst) = ((a + 1) as usize, (dest + 1) as usize);
                        v.copy_within_clone(src, dst, k);
                        na -= k;
                        if na == 0 {
                            break 'outer;
                        }
                    }
                    v[dest as usize] = tmp[b as usize].clone();
                    dest -= 1;
                    b -= 1;
                    nb -= 1;
                    if nb == 1 {
                        copy_a(v, tmp, &mut dest, &mut a, na, b);
                        return Ok(());
                    }
                    let key = v[a as usize].clone();
                    let k = match self.gallop_left(tmp, &key, 0, nb, nb - 1) {
                        Ok(k) => k,
                        Err(e) => {
                            result = Err(e);
                            break 'outer;
                        }
                    };
                    let k = nb - k;
                    bcount = k;
                    if k > 0 {
                        let ki = k as isize;
                        dest -= ki;
                        b -= ki;
                        let (src, dst) = ((b + 1) as usize, (dest + 1) as usize);
                        v[dst..dst + k].clone_from_slice(&tmp[src..src + k]);
                        nb -= k;
                        if nb == 1 {
                            copy_a(v, tmp, &mut dest, &mut a, na, b);
                            return Ok(());
                        }
                        if nb == 0 {
                            break 'outer;
                        }
                    }
                    v[dest as usize] = v[a as usize].clone();
                    dest -= 1;
                    a -= 1;
                    na -= 1;
                    if na == 0 {
                        break 'outer;
                    }
                    if !(acount >= MIN_GALLOP || bcount >= MIN_GALLOP) {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        }
        // Succeed / Fail: put back what is left of run B (tmp[0..nb]) just below dest+1.
        if nb > 0 {
            let dst = (dest + 1 - nb as isize) as usize;
            v[dst..dst + nb].clone_from_slice(&tmp[..nb]);
        }
        result
    }
}

/// `merge_hi`'s `CopyA`: run B has one element left (`tmp[b]`, with `b == 0`); slide the
/// remaining `na` elements of run A up and put it in front.
fn copy_a<T: Clone>(v: &mut [T], tmp: &[T], dest: &mut isize, a: &mut isize, na: usize, b: isize) {
    let ki = na as isize;
    *dest -= ki;
    *a -= ki;
    let (src, dst) = ((*a + 1) as usize, (*dest + 1) as usize);
    v.copy_within_clone(src, dst, na);
    v[*dest as usize] = tmp[b as usize].clone();
}

/// `memmove` for slices of `Clone` items.
trait CopyWithinClone {
    fn copy_within_clone(&mut self, src: usize, dst: usize, n: usize);
}

impl<T: Clone> CopyWithinClone for [T] {
    fn copy_within_clone(&mut self, src: usize, dst: usize, n: usize) {
        if n == 0 || src == dst {
            return;
        }
        if dst < src {
            for i in 0..n {
                self[dst + i] = self[src + i].clone();
            }
        } else {
            for i in (0..n).rev() {
                self[dst + i] = self[src + i].clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::function::BuiltinFunction;

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
                    _ => String::new(),
                }
            ),
        }
    }

    fn r(v: &Value) -> String {
        repr(&mut vm(), v).unwrap()
    }

    fn ints(v: &[i64]) -> Value {
        Value::list(v.iter().map(|&i| Value::Int(i)).collect())
    }

    fn native(name: &'static str, func: NativeFn) -> Value {
        Value::Builtin(Rc::new(BuiltinFunction {
            name,
            func,
            bound_self: None,
            owner: None,
        }))
    }

    // The deterministic generator shared with the Python script that produced the
    // expectations below (see `sort_matches_cpython_comparison_sequence`).
    fn data(seed: u64, n: usize, kind: u32) -> Vec<i64> {
        let mut s = seed;
        let mut out = Vec::with_capacity(n);
        for i in 0..n as i64 {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = (s >> 33) as i64;
            let n = n as i64;
            let k = match kind {
                0 => x % 1000,
                1 => x % 7,
                2 => i / 3 + if x % 10 == 0 { x % 50 } else { 0 },
                3 => (n - i) + x % 3,
                4 => (i % 37) * 1000 + i / 37,
                _ => (if (i / 64) % 2 == 0 { i } else { n - i }) + x % 4,
            };
            out.push(k);
        }
        out
    }

    fn fnv(vals: impl IntoIterator<Item = u32>) -> u64 {
        let mut h: u64 = 0xcbf29ce484222325;
        for v in vals {
            for b in v.to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        h
    }

    /// Every comparison CPython 3.11's `list.sort` makes (who is compared with whom, in
    /// which order), and the final order, for lists of objects logging `__lt__`; produced by
    /// running the same generator in python3.
    #[test]
    fn sort_matches_cpython_comparison_sequence() {
        let cases: &[(u64, usize, u32, usize, u64, u64)] = &[
            (1, 2, 0, 1, 0x89cd31291d2aefa4, 0x89cd31291d2aefa4),
            (2, 10, 0, 26, 0x5495266d5c0063fd, 0xdf1fea417f202254),
            (3, 64, 0, 301, 0xba5a43fea84ec4c1, 0x9cf9cdb5107c0465),
            (4, 65, 1, 302, 0x1aebb2b7995721c5, 0xaa6f7c2d73de1da5),
            (5, 100, 2, 464, 0xe65072c49a1603b9, 0x00543f2c6a3cac15),
            (6, 300, 0, 2088, 0x26331f1ce01a51bd, 0x8ee33edc2fc85355),
            (7, 1000, 1, 6303, 0x3ac1494cbcda64dc, 0x2633308b208b95a9),
            (8, 1000, 2, 5217, 0x542fc0075924f9da, 0xedffeadc193f84b5),
            (9, 2000, 3, 10481, 0xd3ed764a78a9e70b, 0x6490794f2a9fba65),
            (10, 1500, 4, 11315, 0xcf3280984a14e2df, 0x4e14e827384ab5a1),
            (11, 3000, 5, 15064, 0xf1e3bd65d01eade6, 0x6c914c1278057d39),
            (12, 5000, 0, 54947, 0xde24d200e899db97, 0xe28b534d635ee95d),
            (13, 777, 5, 4471, 0xf62ef0682b5d60c5, 0xb17f50f993f22180),
            (14, 4096, 2, 17118, 0x7d5aac2509162394, 0x24bbde417e78141d),
        ];
        for &(seed, n, kind, ncmp, log_hash, order_hash) in cases {
            let mut v: Vec<(i64, u32)> = data(seed, n, kind)
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, i as u32))
                .collect();
            let mut log: Vec<u32> = Vec::new();
            timsort(&mut v, &mut |a: &(i64, u32),
                                  b: &(i64, u32)|
             -> Result<bool, ()> {
                log.push(a.1);
                log.push(b.1);
                Ok(a.0 < b.0)
            })
            .unwrap();
            assert_eq!(log.len() / 2, ncmp, "comparisons, case {seed}");
            assert_eq!(
                fnv(log.iter().copied()),
                log_hash,
                "comparison order, case {seed}"
            );
            assert_eq!(
                fnv(v.iter().map(|p| p.1)),
                order_hash,
                "result, case {seed}"
            );
        }
    }

    /// Inconsistent comparisons and errors at every point never panic and always leave a
    /// permutation of the input.
    #[test]
    fn timsort_survives_bad_comparisons() {
        let mut seed: u64 = 42;
        let mut rnd = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for n in [0usize, 1, 2, 3, 5, 17, 63, 64, 65, 100, 257, 1000, 3000] {
            for trial in 0..6 {
                let mut v: Vec<u32> = (0..n as u32).collect();
                let fail_at = if trial % 2 == 0 {
                    u64::MAX
                } else {
                    rnd() % (n as u64 * 8 + 1)
                };
                let mut count = 0u64;
                let mut coin = || rnd();
                let r = timsort(&mut v, &mut |_a: &u32, _b: &u32| -> Result<bool, ()> {
                    count += 1;
                    if count == fail_at {
                        return Err(());
                    }
                    Ok(coin() % 2 == 0)
                });
                let _ = r;
                let mut sorted = v.clone();
                sorted.sort();
                assert_eq!(
                    sorted,
                    (0..n as u32).collect::<Vec<_>>(),
                    "n={n} trial={trial}"
                );
            }
        }
        // A consistent sort of many equal-keyed runs stays stable.
        let mut v: Vec<(u32, u32)> = (0..5000u32).map(|i| ((i * 7919) % 13, i)).collect();
        timsort(&mut v, &mut |a: &(u32, u32),
                              b: &(u32, u32)|
         -> Result<bool, ()> { Ok(a.0 < b.0) })
        .unwrap();
        assert!(v
            .windows(2)
            .all(|w| w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1)));
    }

    #[test]
    fn mutators_follow_lists_py() {
        // From pyc-samples/lists.py, checked against python3.
        let a = ints(&[3, 1, 4, 1, 5, 9, 2, 6]);
        call(append, &[a.clone(), Value::Int(5)]).unwrap();
        call(extend, &[a.clone(), ints(&[3, 5])]).unwrap();
        call(
            extend,
            &[a.clone(), Value::tuple(vec![Value::Int(0), Value::Int(1)])],
        )
        .unwrap();
        call(insert, &[a.clone(), Value::Int(0), Value::Int(100)]).unwrap();
        call(insert, &[a.clone(), Value::Int(-1), Value::Int(200)]).unwrap();
        call(insert, &[a.clone(), Value::Int(99), Value::Int(300)]).unwrap();
        assert_eq!(
            r(&a),
            "[100, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 200, 1, 300]"
        );
        assert_eq!(r(&call(pop, std::slice::from_ref(&a)).unwrap()), "300");
        assert_eq!(r(&call(pop, &[a.clone(), Value::Int(0)]).unwrap()), "100");
        assert_eq!(r(&call(pop, &[a.clone(), Value::Int(-2)]).unwrap()), "200");
        assert_eq!(r(&a), "[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 1]");
        call(remove, &[a.clone(), Value::Int(1)]).unwrap();
        assert_eq!(r(&a), "[3, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 1]");
        assert_eq!(r(&call(index, &[a.clone(), Value::Int(5)]).unwrap()), "3");
        assert_eq!(
            r(&call(index, &[a.clone(), Value::Int(5), Value::Int(5)]).unwrap()),
            "7"
        );
        assert_eq!(r(&call(count, &[a.clone(), Value::Int(5)]).unwrap()), "3");
        assert_eq!(r(&call(count, &[a.clone(), Value::Int(42)]).unwrap()), "0");
        let b = call(copy, std::slice::from_ref(&a)).unwrap();
        call(reverse, std::slice::from_ref(&b)).unwrap();
        assert_eq!(r(&b), "[1, 0, 5, 3, 5, 6, 2, 9, 5, 1, 4, 3]");
        assert!(!a.is(&b));
        call(clear, std::slice::from_ref(&b)).unwrap();
        assert_eq!(r(&b), "[]");
        call_kw(sort, std::slice::from_ref(&a), &[]).unwrap();
        assert_eq!(r(&a), "[0, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6, 9]");
        call_kw(sort, &[a.clone(), Value::Bool(true)], &["reverse"]).unwrap();
        assert_eq!(r(&a), "[9, 6, 5, 5, 5, 4, 3, 3, 2, 1, 1, 0]");
        // l.extend(l) doubles; index with start/stop clamping like CPython.
        let l = ints(&[1, 2, 3]);
        call(extend, &[l.clone(), l.clone()]).unwrap();
        assert_eq!(r(&l), "[1, 2, 3, 1, 2, 3]");
        assert_eq!(
            r(&call(index, &[l.clone(), Value::Int(3), Value::Int(-1)]).unwrap()),
            "5"
        );
        assert_eq!(
            r(&call(
                index,
                &[
                    l.clone(),
                    Value::Int(3),
                    Value::from_bigint(num_bigint::BigInt::from(-1) << 100)
                ]
            )
            .unwrap()),
            "2"
        );
        assert_eq!(r(&call(pop, &[l.clone(), Value::Bool(true)]).unwrap()), "2");
        // extend from a generic iterable (a set) and a string.
        let e = ints(&[]);
        call(extend, &[e.clone(), Value::str("ab")]).unwrap();
        assert_eq!(r(&e), "['a', 'b']");
    }

    #[test]
    fn method_errors_match_cpython() {
        let big = Value::from_bigint(num_bigint::BigInt::from(1) << 100);
        let cases: Vec<(NativeFn, Vec<Value>, Vec<&str>, &str)> = vec![
            (
                append,
                vec![ints(&[])],
                vec![],
                "TypeError: list.append() takes exactly one argument (0 given)",
            ),
            (
                append,
                vec![ints(&[]), Value::Int(1), Value::Int(2)],
                vec![],
                "TypeError: list.append() takes exactly one argument (2 given)",
            ),
            (
                append,
                vec![ints(&[]), Value::Int(1)],
                vec!["x"],
                "TypeError: list.append() takes no keyword arguments",
            ),
            (
                extend,
                vec![ints(&[])],
                vec![],
                "TypeError: list.extend() takes exactly one argument (0 given)",
            ),
            (
                extend,
                vec![ints(&[]), Value::Int(1)],
                vec![],
                "TypeError: 'int' object is not iterable",
            ),
            (
                insert,
                vec![ints(&[]), Value::Int(1)],
                vec![],
                "TypeError: insert expected 2 arguments, got 1",
            ),
            (
                insert,
                vec![ints(&[])],
                vec![],
                "TypeError: insert expected 2 arguments, got 0",
            ),
            (
                insert,
                vec![ints(&[]), Value::str("a"), Value::Int(1)],
                vec![],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                insert,
                vec![ints(&[]), Value::Int(1), Value::Int(2), Value::Int(3)],
                vec![],
                "TypeError: insert expected 2 arguments, got 3",
            ),
            (
                insert,
                vec![ints(&[]), Value::Int(1), Value::Int(2)],
                vec!["x"],
                "TypeError: list.insert() takes no keyword arguments",
            ),
            (
                pop,
                vec![ints(&[])],
                vec![],
                "IndexError: pop from empty list",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Int(5)],
                vec![],
                "IndexError: pop index out of range",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Int(-2)],
                vec![],
                "IndexError: pop index out of range",
            ),
            (
                pop,
                vec![ints(&[1]), Value::str("a")],
                vec![],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                pop,
                vec![ints(&[1]), big.clone()],
                vec![],
                "OverflowError: Python int too large to convert to C ssize_t",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Int(1), Value::Int(2)],
                vec![],
                "TypeError: pop expected at most 1 argument, got 2",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Bool(true)],
                vec![],
                "IndexError: pop index out of range",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Float(1.0)],
                vec![],
                "TypeError: 'float' object cannot be interpreted as an integer",
            ),
            (
                pop,
                vec![ints(&[1]), Value::Int(1)],
                vec!["x"],
                "TypeError: list.pop() takes no keyword arguments",
            ),
            (
                remove,
                vec![ints(&[1]), Value::Int(2)],
                vec![],
                "ValueError: list.remove(x): x not in list",
            ),
            (
                remove,
                vec![ints(&[1])],
                vec![],
                "TypeError: list.remove() takes exactly one argument (0 given)",
            ),
            (
                index,
                vec![ints(&[1]), Value::Int(2)],
                vec![],
                "ValueError: 2 is not in list",
            ),
            (
                index,
                vec![Value::list(vec![Value::str("a")]), Value::str("b")],
                vec![],
                "ValueError: 'b' is not in list",
            ),
            (
                index,
                vec![ints(&[1])],
                vec![],
                "TypeError: index expected at least 1 argument, got 0",
            ),
            (
                index,
                vec![
                    ints(&[1, 2, 3]),
                    Value::Int(3),
                    Value::Int(0),
                    Value::Int(2),
                ],
                vec![],
                "ValueError: 3 is not in list",
            ),
            (
                index,
                vec![ints(&[1, 2, 3]), Value::Int(3), Value::str("a")],
                vec![],
                "TypeError: slice indices must be integers or have an __index__ method",
            ),
            (
                index,
                vec![ints(&[1, 2, 3]), Value::Int(3), Value::None],
                vec![],
                "TypeError: slice indices must be integers or have an __index__ method",
            ),
            (
                index,
                vec![ints(&[1, 2, 3]), Value::Int(3), Value::Int(0), Value::None],
                vec![],
                "TypeError: slice indices must be integers or have an __index__ method",
            ),
            (
                index,
                vec![ints(&[1, 2, 3]), Value::Int(3), big.clone()],
                vec![],
                "ValueError: 3 is not in list",
            ),
            (
                index,
                vec![ints(&[1]), Value::Int(1), Value::Int(2)],
                vec!["x"],
                "TypeError: list.index() takes no keyword arguments",
            ),
            (
                count,
                vec![ints(&[1])],
                vec![],
                "TypeError: list.count() takes exactly one argument (0 given)",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Int(1)],
                vec![],
                "TypeError: sort() takes no positional arguments",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Int(1), Value::None],
                vec!["key"],
                "TypeError: sort() takes no positional arguments",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Int(1)],
                vec!["key"],
                "TypeError: 'int' object is not callable",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::None],
                vec!["reverse"],
                "TypeError: 'NoneType' object cannot be interpreted as an integer",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::str("x")],
                vec!["reverse"],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Float(1.5)],
                vec!["reverse"],
                "TypeError: 'float' object cannot be interpreted as an integer",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Int(1)],
                vec!["foo"],
                "TypeError: 'foo' is an invalid keyword argument for sort()",
            ),
            (
                sort,
                vec![ints(&[3, 1]), Value::Bool(true), Value::Int(1)],
                vec!["reverse", "foo"],
                "TypeError: 'foo' is an invalid keyword argument for sort()",
            ),
            (
                sort,
                vec![Value::list(vec![Value::Int(1), Value::str("a")])],
                vec![],
                "TypeError: '<' not supported between instances of 'str' and 'int'",
            ),
            (
                sort,
                vec![Value::list(vec![Value::str("a"), Value::Int(1)])],
                vec![],
                "TypeError: '<' not supported between instances of 'int' and 'str'",
            ),
            (
                sort,
                vec![Value::list(vec![
                    Value::Int(3),
                    Value::Int(2),
                    Value::str("a"),
                    Value::Int(1),
                ])],
                vec![],
                "TypeError: '<' not supported between instances of 'str' and 'int'",
            ),
            (
                sort,
                vec![Value::list(vec![
                    Value::Int(1),
                    Value::Int(2),
                    Value::str("a"),
                ])],
                vec![],
                "TypeError: '<' not supported between instances of 'str' and 'int'",
            ),
            (
                reverse,
                vec![ints(&[]), Value::Int(1)],
                vec![],
                "TypeError: list.reverse() takes no arguments (1 given)",
            ),
            (
                copy,
                vec![ints(&[]), Value::Int(1)],
                vec![],
                "TypeError: list.copy() takes no arguments (1 given)",
            ),
            (
                clear,
                vec![ints(&[]), Value::Int(1)],
                vec![],
                "TypeError: list.clear() takes no arguments (1 given)",
            ),
        ];
        for (f, a, kw, want) in cases {
            assert_eq!(err(call_kw(f, &a, &kw)), want, "{a:?} {kw:?}");
        }
        // sort(reverse=2) is accepted.
        call_kw(sort, &[ints(&[]), Value::Int(2)], &["reverse"]).unwrap();
    }

    fn key_second(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
        match &args[0] {
            Value::Tuple(t) => Ok(t.as_slice()[1].clone()),
            _ => Err(type_error("bad")),
        }
    }

    fn key_neg_second_then_first(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
        match &args[0] {
            Value::Tuple(t) => match &t.as_slice()[1] {
                Value::Int(i) => Ok(Value::tuple(vec![Value::Int(-i), t.as_slice()[0].clone()])),
                _ => Err(type_error("bad")),
            },
            _ => Err(type_error("bad")),
        }
    }

    fn people() -> Value {
        Value::list(
            [
                ("bob", 25),
                ("alice", 30),
                ("carol", 25),
                ("dave", 30),
                ("eve", 22),
            ]
            .iter()
            .map(|(n, a)| Value::tuple(vec![Value::str(n), Value::Int(*a)]))
            .collect(),
        )
    }

    #[test]
    fn sort_with_key_and_reverse_is_stable() {
        let p = people();
        call_kw(sort, &[p.clone(), native("k", key_second)], &["key"]).unwrap();
        assert_eq!(
            r(&p),
            "[('eve', 22), ('bob', 25), ('carol', 25), ('alice', 30), ('dave', 30)]"
        );
        let p = people();
        call_kw(
            sort,
            &[p.clone(), native("k", key_second), Value::Bool(true)],
            &["key", "reverse"],
        )
        .unwrap();
        assert_eq!(
            r(&p),
            "[('alice', 30), ('dave', 30), ('bob', 25), ('carol', 25), ('eve', 22)]"
        );
        let p = people();
        call_kw(
            sort,
            &[p.clone(), native("k", key_neg_second_then_first)],
            &["key"],
        )
        .unwrap();
        assert_eq!(
            r(&p),
            "[('alice', 30), ('dave', 30), ('bob', 25), ('carol', 25), ('eve', 22)]"
        );
        // key=None is no key.
        let l = ints(&[3, 1, 2]);
        call_kw(sort, &[l.clone(), Value::None], &["key"]).unwrap();
        assert_eq!(r(&l), "[1, 2, 3]");
    }

    fn key_fails_on_3(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
        match &args[0] {
            Value::Int(3) => Err(value_error("boom")),
            other => Ok(other.clone()),
        }
    }

    thread_local! {
        static VICTIM: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    }

    fn key_appends(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
        VICTIM.with(|v| {
            if let Some(Value::List(l)) = &*v.borrow() {
                // During the sort the list looks empty, as in CPython.
                if l.is_empty() {
                    l.push(Value::Int(99));
                }
            }
        });
        Ok(args[0].clone())
    }

    #[test]
    fn sort_failures_leave_the_list_sane() {
        // A failing key function restores the list.
        let l = ints(&[5, 3, 1]);
        assert_eq!(
            err(call_kw(
                sort,
                &[l.clone(), native("k", key_fails_on_3)],
                &["key"]
            )),
            "ValueError: boom"
        );
        assert_eq!(r(&l), "[5, 3, 1]");
        // A failing comparison leaves a permutation (CPython: the partial sort).
        let l = Value::list(vec![
            Value::Int(3),
            Value::Int(2),
            Value::str("a"),
            Value::Int(1),
        ]);
        assert!(call(sort, std::slice::from_ref(&l)).is_err());
        assert_eq!(r(&l), "[3, 2, 'a', 1]");
        let l = Value::list(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            Value::Int(0),
            Value::Int(5),
            Value::str("a"),
            Value::Int(7),
        ]);
        assert!(call(sort, std::slice::from_ref(&l)).is_err());
        assert_eq!(r(&l), "[0, 1, 2, 3, 5, 'a', 7]");
        // Changing the list during the sort raises and discards the change.
        let l = ints(&[2, 1]);
        VICTIM.with(|v| *v.borrow_mut() = Some(l.clone()));
        assert_eq!(
            err(call_kw(
                sort,
                &[l.clone(), native("k", key_appends)],
                &["key"]
            )),
            "ValueError: list modified during sort"
        );
        VICTIM.with(|v| *v.borrow_mut() = None);
        assert_eq!(r(&l), "[1, 2]");
    }

    #[test]
    fn clinic_parsing() {
        let names = ["a", "b", "c"];
        let kw = |k: &[&str]| -> Vec<Value> { k.iter().map(|s| Value::str(s)).collect() };
        let got = parse_clinic(
            "f",
            &[Value::Int(1), Value::Int(3)],
            &kw(&["c"]),
            &names,
            1,
            2,
        )
        .unwrap();
        assert!(matches!(
            got.as_slice(),
            [Some(Value::Int(1)), None, Some(Value::Int(3))]
        ));
        let e = parse_clinic(
            "f",
            &[Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4)],
            &kw(&["x", "y"]),
            &names,
            1,
            2,
        );
        assert_eq!(
            err(e.map(|_| Value::None)),
            "TypeError: f() takes at most 3 arguments (4 given)"
        );
        let e = parse_clinic(
            "f",
            &[Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4)],
            &kw(&["w", "x", "y", "z"]),
            &names,
            1,
            2,
        );
        assert_eq!(
            err(e.map(|_| Value::None)),
            "TypeError: f() takes at most 3 keyword arguments (4 given)"
        );
        let e = parse_clinic("f", &[], &[], &names, 1, 1);
        assert_eq!(
            err(e.map(|_| Value::None)),
            "TypeError: f() missing required argument 'a' (pos 1)"
        );
        let e = parse_clinic("f", &[Value::Int(1), Value::Int(2)], &[], &names, 1, 1);
        assert_eq!(
            err(e.map(|_| Value::None)),
            "TypeError: f() takes exactly 1 positional argument (2 given)"
        );
    }
}
