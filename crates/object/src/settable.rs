//! A hash table reproducing CPython 3.11's `set`/`frozenset` layout, and so
//! its iteration order, exactly (`Objects/setobject.c`).
//!
//! [`SetTable`] is generic over the key type and knows nothing of Python
//! objects: callers compute each key's hash (with the functions of
//! `hash.rs`, or by calling `__hash__`) and pass an equality callback, which
//! may fail (a Python `__eq__` can raise).  As in CPython, the callback is
//! only called when the stored hash equals the probe's hash; it receives
//! `(stored_key, probe_key)` in that order, mirroring
//! `PyObject_RichCompareBool(startkey, key, Py_EQ)`, and should itself apply
//! the identity shortcut (`a is b` implies equal) that `RichCompareBool` has.
//!
//! Hashes must never be `-1` (no Python object hashes to `-1`; CPython uses
//! `-1` to mark deleted entries).
//!
//! What is reproduced:
//! * the probe sequence: `LINEAR_PROBES` (9) consecutive slots after the
//!   initial one when they fit before the end of the table, then
//!   `i = (i*5 + 1 + perturb) & mask` with `perturb >>= PERTURB_SHIFT` (5);
//! * insertion into the *last* dummy (deleted) slot met on the probe path
//!   before the first empty slot, if any (`set_add_entry`);
//! * the growth rule: after filling an empty slot, when `fill*5 >= mask*3`,
//!   resize to the smallest power of two `> (used>50000 ? used*2 : used*4)`
//!   (at least 8), re-inserting in old table order (`set_insert_clean`);
//! * deletions leaving dummies; `pop`'s search finger; `clear` keeping the
//!   finger; copies (`set_merge` into an empty set: same layout when the
//!   table sizes agree and the source has no dummies, else clean re-insertion);
//! * the set algebra (`|`, `&`, `-`, `^`, the in-place forms and the
//!   iterable-taking methods), whose result order depends on the algorithm.
//!
//! One difference from CPython: there, an `__eq__` that mutates the set being
//! probed makes the lookup start over (`set_lookkey` / `set_add_entry`
//! `restart`).  Here the callback cannot reach the table (it is borrowed for
//! the whole operation), so no restart is ever needed; a VM must make such a
//! mutation fail or be deferred instead.
//!
//! Where CPython checks `so == other` (the same object passed twice), the
//! two-set functions here compare the references with [`std::ptr::eq`], so
//! passing the same table twice behaves like CPython.  The in-place forms
//! take `&mut self` and `&Self`, which cannot alias; their doc says what
//! CPython does for `s op= s` so a caller can do it directly.

use std::mem;

/// Smallest table size (`PySet_MINSIZE`).
pub const MIN_SIZE: usize = 8;
/// Consecutive slots probed after the initial one (`LINEAR_PROBES`).
pub const LINEAR_PROBES: usize = 9;
/// Shift applied to `perturb` between probe clusters (`PERTURB_SHIFT`).
pub const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Debug)]
enum Slot<K> {
    /// Never used since the last resize (`key == NULL`).
    Empty,
    /// A deleted entry (`key == dummy`, `hash == -1`).
    Dummy,
    /// A live entry.
    Active(i64, K),
}

/// A set's hash table with CPython 3.11's layout, iteration order, resize
/// policy and `pop` finger.  See the module documentation.
///
/// `Clone` makes an exact structural clone (same slots, dummies and finger),
/// which is *not* what Python's `set.copy()` does; use [`SetTable::copy`]
/// for that.
#[derive(Clone, Debug)]
pub struct SetTable<K> {
    /// Length is a power of two, at least [`MIN_SIZE`]; `mask = len - 1`.
    slots: Vec<Slot<K>>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop` starts searching (taken modulo the table size).
    finger: usize,
}

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        Self::new()
    }
}

fn empty_slots<K>(size: usize) -> Vec<Slot<K>> {
    let mut v = Vec::with_capacity(size);
    v.resize_with(size, || Slot::Empty);
    v
}

/// `set_insert_clean`: place an entry known to be absent into a table with no
/// dummies.
fn insert_clean<K>(slots: &mut [Slot<K>], hash: i64, key: K) {
    let mask = slots.len().wrapping_sub(1);
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        if i + LINEAR_PROBES <= mask {
            for j in i..=i + LINEAR_PROBES {
                if let Some(slot @ Slot::Empty) = slots.get_mut(j) {
                    *slot = Slot::Active(hash, key);
                    return;
                }
            }
        } else if let Some(slot @ Slot::Empty) = slots.get_mut(i) {
            *slot = Slot::Active(hash, key);
            return;
        }
        perturb >>= PERTURB_SHIFT;
        i = i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize)
            & mask;
    }
}

/// The new size `set_table_resize` picks: the smallest power of two, at
/// least [`MIN_SIZE`], strictly greater than `minused`.
fn size_for(minused: usize) -> usize {
    let mut newsize = MIN_SIZE;
    while newsize <= minused {
        match newsize.checked_mul(2) {
            Some(n) => newsize = n,
            None => break,
        }
    }
    newsize
}

/// The `minused` argument CPython passes to `set_table_resize` after an
/// insertion or a bulk deletion.
fn growth_target(used: usize) -> usize {
    if used > 50_000 {
        used.saturating_mul(2)
    } else {
        used.saturating_mul(4)
    }
}

impl<K> SetTable<K> {
    /// An empty set: 8 slots, finger 0 (`make_new_set` without iterable).
    pub fn new() -> Self {
        SetTable {
            slots: empty_slots(MIN_SIZE),
            fill: 0,
            used: 0,
            finger: 0,
        }
    }

    /// Number of elements (`len(s)`).
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether the set has no elements.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of slots in the table (`mask + 1`), a power of two `>= 8`.
    pub fn table_size(&self) -> usize {
        self.slots.len()
    }

    /// Number of active plus deleted ("dummy") slots (`so->fill`).
    pub fn fill(&self) -> usize {
        self.fill
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The elements in iteration order (`iter(s)`, `list(s)`, `repr(s)`).
    pub fn iter(&self) -> impl Iterator<Item = &K> + '_ {
        self.entries().map(|(_, k)| k)
    }

    /// The first element at slot `pos` or later, with its slot: one step of CPython's
    /// `setiter_iternext`, which walks the table itself.
    pub fn next_from(&self, pos: usize) -> Option<(usize, &K)> {
        self.slots
            .get(pos..)?
            .iter()
            .enumerate()
            .find_map(|(i, s)| match s {
                Slot::Active(_, k) => Some((pos + i, k)),
                _ => None,
            })
    }

    /// `(hash, element)` pairs in iteration order.
    pub fn entries(&self) -> impl Iterator<Item = (i64, &K)> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(h, k) => Some((*h, k)),
            _ => None,
        })
    }

    /// The hashes of the elements in iteration order (e.g. for
    /// `hash_frozenset`).
    pub fn hashes(&self) -> impl Iterator<Item = i64> + '_ {
        self.entries().map(|(h, _)| h)
    }

    /// Position-based iteration as CPython's set iterator and `set_next` do:
    /// the first live entry at slot index `>= pos`, as `(next_pos, hash,
    /// key)`, or `None` past the end.  Start with `pos == 0`.  A Python set
    /// iterator also remembers `len()` at creation and raises
    /// `RuntimeError: Set changed size during iteration` when it differs.
    pub fn next_entry(&self, pos: usize) -> Option<(usize, i64, &K)> {
        self.slots
            .iter()
            .enumerate()
            .skip(pos)
            .find_map(|(i, s)| match s {
                Slot::Active(h, k) => Some((i + 1, *h, k)),
                _ => None,
            })
    }

    /// `set_lookkey`: the slot index of the live entry equal to `key`.
    fn find<Q: ?Sized, E>(
        &self,
        hash: i64,
        key: &Q,
        eq: &mut impl FnMut(&K, &Q) -> Result<bool, E>,
    ) -> Result<Option<usize>, E> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots.get(j) {
                    None | Some(Slot::Empty) => return Ok(None),
                    Some(Slot::Active(h, k)) if *h == hash => {
                        if eq(k, key)? {
                            return Ok(Some(j));
                        }
                    }
                    Some(_) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
        }
    }

    /// Whether an element equal to `key` is present (`key in s`,
    /// `set_contains_entry`).  `eq(stored, probe)` compares keys with equal
    /// hashes.
    pub fn contains<Q: ?Sized, E>(
        &self,
        hash: i64,
        key: &Q,
        mut eq: impl FnMut(&K, &Q) -> Result<bool, E>,
    ) -> Result<bool, E> {
        Ok(self.find(hash, key, &mut eq)?.is_some())
    }

    /// The stored element equal to `key`, if any.
    pub fn get<Q: ?Sized, E>(
        &self,
        hash: i64,
        key: &Q,
        mut eq: impl FnMut(&K, &Q) -> Result<bool, E>,
    ) -> Result<Option<&K>, E> {
        Ok(match self.find(hash, key, &mut eq)? {
            Some(i) => match self.slots.get(i) {
                Some(Slot::Active(_, k)) => Some(k),
                _ => None,
            },
            None => None,
        })
    }

    /// Adds `key` unless an equal element is present (`s.add(key)`,
    /// `set_add_entry`); returns whether it was added.  An equal element
    /// already present is kept (the new key is dropped).  May resize.
    pub fn insert<E>(
        &mut self,
        hash: i64,
        key: K,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<bool, E> {
        self.add_entry(hash, key, &mut eq)
    }

    fn add_entry<E>(
        &mut self,
        hash: i64,
        key: K,
        eq: &mut impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<bool, E> {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut freeslot: Option<usize> = None;
        let empty = 'probe: loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                match self.slots.get(j) {
                    None | Some(Slot::Empty) => break 'probe j,
                    Some(Slot::Active(h, k)) => {
                        if *h == hash && eq(k, &key)? {
                            return Ok(false);
                        }
                    }
                    // CPython keeps the *last* dummy met, not the first.
                    Some(Slot::Dummy) => freeslot = Some(j),
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize)
                & mask;
        };
        if let Some(f) = freeslot {
            if let Some(slot) = self.slots.get_mut(f) {
                *slot = Slot::Active(hash, key);
                self.used += 1;
            }
            return Ok(true);
        }
        if let Some(slot) = self.slots.get_mut(empty) {
            *slot = Slot::Active(hash, key);
            self.fill += 1;
            self.used += 1;
        }
        if self.fill.saturating_mul(5) >= mask.saturating_mul(3) {
            self.resize(growth_target(self.used));
        }
        Ok(true)
    }

    /// `set_table_resize`: rebuild into the smallest table `> minused`,
    /// dropping dummies and re-inserting live entries in table order.
    fn resize(&mut self, minused: usize) {
        let newsize = size_for(minused);
        if newsize == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            // A small table without dummies: nothing to do.
            return;
        }
        let old = mem::replace(&mut self.slots, empty_slots(newsize));
        self.fill = self.used;
        for slot in old {
            if let Slot::Active(h, k) = slot {
                insert_clean(&mut self.slots, h, k);
            }
        }
    }

    /// Removes and returns the element equal to `key`, leaving a dummy slot
    /// (`s.discard(key)` / `s.remove(key)`, `set_discard_entry`).  Never
    /// resizes.
    pub fn remove<Q: ?Sized, E>(
        &mut self,
        hash: i64,
        key: &Q,
        mut eq: impl FnMut(&K, &Q) -> Result<bool, E>,
    ) -> Result<Option<K>, E> {
        self.discard_entry(hash, key, &mut eq)
    }

    fn discard_entry<Q: ?Sized, E>(
        &mut self,
        hash: i64,
        key: &Q,
        eq: &mut impl FnMut(&K, &Q) -> Result<bool, E>,
    ) -> Result<Option<K>, E> {
        let Some(i) = self.find(hash, key, eq)? else {
            return Ok(None);
        };
        if let Some(slot @ Slot::Active(..)) = self.slots.get_mut(i) {
            if let Slot::Active(_, k) = mem::replace(slot, Slot::Dummy) {
                self.used -= 1;
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    /// Removes and returns an element as `s.pop()` does (`set_pop`): the
    /// first live slot at or after the finger, wrapping around; the finger
    /// then points just past it.  `None` when empty (CPython raises
    /// `KeyError: 'pop from an empty set'`).
    pub fn pop(&mut self) -> Option<K> {
        self.pop_entry().map(|(_, k)| k)
    }

    /// [`SetTable::pop`], also returning the element's hash.
    pub fn pop_entry(&mut self) -> Option<(i64, K)> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        for _ in 0..=mask {
            if let Some(slot @ Slot::Active(..)) = self.slots.get_mut(i) {
                if let Slot::Active(h, k) = mem::replace(slot, Slot::Dummy) {
                    self.used -= 1;
                    self.finger = i + 1;
                    return Some((h, k));
                }
            }
            i = if i >= mask { 0 } else { i + 1 };
        }
        None
    }

    /// Removes every element (`s.clear()`, `set_clear_internal`): back to an
    /// empty 8-slot table.  Like CPython, keeps the `pop` finger.
    pub fn clear(&mut self) {
        self.slots = empty_slots(MIN_SIZE);
        self.fill = 0;
        self.used = 0;
    }

    /// Exchanges the contents (table, counts) of two sets but not their
    /// `pop` fingers, as `set_swap_bodies` does (used by
    /// `intersection_update`).
    pub fn swap_bodies(&mut self, other: &mut SetTable<K>) {
        mem::swap(&mut self.slots, &mut other.slots);
        mem::swap(&mut self.fill, &mut other.fill);
        mem::swap(&mut self.used, &mut other.used);
    }

    /// Adds each `(hash, key)` of an iterable in order (`s.update(it)` for
    /// an iterable that is neither a set nor a dict; `set(it)` starting from
    /// an empty set).  Stops at the first error, from the iterator (e.g. an
    /// unhashable item) or the comparison.
    pub fn update_iter<E>(
        &mut self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        for item in items {
            let (h, k) = item?;
            self.add_entry(h, k, &mut eq)?;
        }
        Ok(())
    }

    /// `s.update(d)` for an exact dict `d` of `len` keys, given its
    /// `(hash, key)` pairs in dict order: one presizing resize when
    /// `(fill + len)*5 >= mask*3`, then ordinary insertions.
    pub fn update_presized<E>(
        &mut self,
        len: usize,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        if self.fill.saturating_add(len).saturating_mul(5) >= self.mask().saturating_mul(3) {
            self.resize(self.used.saturating_add(len).saturating_mul(2));
        }
        for item in items {
            let (h, k) = item?;
            self.add_entry(h, k, &mut eq)?;
        }
        Ok(())
    }

    /// A set built from an iterable's `(hash, key)` pairs, as `set(it)` and
    /// `frozenset(it)` do for an iterable that is neither a set nor a dict.
    pub fn from_iter_checked<E>(
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<Self, E> {
        let mut s = SetTable::new();
        s.update_iter(items, eq)?;
        Ok(s)
    }
}

impl<K: Clone> SetTable<K> {
    /// `s.copy()`, `set(s)`, `frozenset(s)` of a set `s` (`make_new_set` +
    /// `set_merge` into an empty set).  Never compares keys.  The copy has a
    /// fresh finger (0), and the same layout as `self` when `self` has no
    /// dummies and the copy gets the same table size; otherwise entries are
    /// re-inserted cleanly in `self`'s order (so a copy can iterate in a
    /// different order than its source).
    pub fn copy(&self) -> SetTable<K> {
        let mut r = SetTable::new();
        r.merge_into_empty(self);
        r
    }

    /// `set_merge` when `self.fill == 0`; returns false (doing nothing more
    /// than the presizing) when the table is not empty after presizing.
    fn merge_presize_and_fast_paths(&mut self, other: &SetTable<K>) -> bool {
        if self.fill.saturating_add(other.used).saturating_mul(5) >= self.mask().saturating_mul(3) {
            self.resize(self.used.saturating_add(other.used).saturating_mul(2));
        }
        if self.fill != 0 {
            return false;
        }
        if self.slots.len() == other.slots.len() && other.fill == other.used {
            // Same size, no dummies to drop: copy the layout.
            for (dst, src) in self.slots.iter_mut().zip(other.slots.iter()) {
                if let Slot::Active(h, k) = src {
                    *dst = Slot::Active(*h, k.clone());
                }
            }
        } else {
            for (h, k) in other.entries() {
                insert_clean(&mut self.slots, h, k.clone());
            }
        }
        self.fill = other.used;
        self.used = other.used;
        true
    }

    fn merge_into_empty(&mut self, other: &SetTable<K>) {
        if other.used == 0 {
            return;
        }
        // A fresh table has no dummies, so this always takes a fast path.
        self.merge_presize_and_fast_paths(other);
    }

    /// `s.update(t)` / `s |= t` for a set `t` (`set_merge`): presizes, then
    /// copies the layout or cleanly re-inserts when `self` is empty, else adds
    /// `t`'s elements in `t`'s order.  (For `s.update(s)` CPython does
    /// nothing; callers holding one table cannot call this with it twice.)
    pub fn update_from_set<E>(
        &mut self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        if other.used == 0 {
            return Ok(());
        }
        if self.merge_presize_and_fast_paths(other) {
            return Ok(());
        }
        for (h, k) in other.entries() {
            self.add_entry(h, k.clone(), &mut eq)?;
        }
        Ok(())
    }

    /// `self | other` and `self.union(other)` for a set `other`
    /// (`set_or`): a copy of `self` updated with `other` (not updated when
    /// `other` is `self`).  For an `other` that is not a set, callers do
    /// `copy()` then [`SetTable::update_iter`] / [`SetTable::update_presized`].
    pub fn union<E>(
        &self,
        other: &SetTable<K>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        let mut r = self.copy();
        if !std::ptr::eq(self, other) {
            r.update_from_set(other, eq)?;
        }
        Ok(r)
    }

    /// `self & other` and `self.intersection(other)` for a set `other`
    /// (`set_intersection`): iterates the smaller set (`other` when sizes are
    /// equal), adding to a new set each of its elements found in the larger
    /// one.  The result holds the iterated set's keys (so `{1} & {1.0}` is
    /// `{1.0}`).  Same table twice: a copy.
    pub fn intersection<E>(
        &self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        if std::ptr::eq(self, other) {
            return Ok(self.copy());
        }
        let (big, small) = if other.used > self.used {
            (other, self)
        } else {
            (self, other)
        };
        let mut r = SetTable::new();
        for (h, k) in small.entries() {
            if big.find(h, k, &mut eq)?.is_some() {
                r.add_entry(h, k.clone(), &mut eq)?;
            }
        }
        Ok(r)
    }

    /// `self.intersection(it)` for an iterable that is not a set: for each
    /// item in order, adds it to a new set when `self` contains it, and stops
    /// consuming `it` as soon as the result is as large as `self`.
    pub fn intersection_iter<E>(
        &self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        let mut r = SetTable::new();
        for item in items {
            let (h, k) = item?;
            if self.find(h, &k, &mut eq)?.is_some() {
                r.add_entry(h, k, &mut eq)?;
                if r.used >= self.used {
                    break;
                }
            }
        }
        Ok(r)
    }

    /// `self &= other` / `self.intersection_update(other)` for a set `other`:
    /// computes [`SetTable::intersection`] and swaps it in (the finger stays).
    /// For `s &= s` CPython swaps in a copy of `s`: `let mut c = s.copy();
    /// s.swap_bodies(&mut c)`.
    pub fn intersection_update<E>(
        &mut self,
        other: &SetTable<K>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        let mut tmp = self.intersection(other, eq)?;
        self.swap_bodies(&mut tmp);
        Ok(())
    }

    /// `self.intersection_update(it)` for an iterable that is not a set.
    pub fn intersection_update_iter<E>(
        &mut self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        let mut tmp = self.intersection_iter(items, eq)?;
        self.swap_bodies(&mut tmp);
        Ok(())
    }

    /// The dummy clean-up at the end of `set_difference_update_internal`.
    fn shrink_after_deletions(&mut self) {
        if self.fill.saturating_sub(self.used) > self.mask() / 4 {
            self.resize(growth_target(self.used));
        }
    }

    /// `self -= other` / `self.difference_update(other)` for a set `other`
    /// (`set_difference_update_internal`): discards `other`'s elements in
    /// `other`'s order (first replacing `other` by `self & other` when it is
    /// more than 8 times larger), then resizes when more than a quarter of
    /// the slots are dummies.  For `s -= s` CPython just clears `s`
    /// ([`SetTable::clear`]).
    pub fn difference_update<E>(
        &mut self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        if (other.used >> 3) > self.used {
            let tmp = self.intersection(other, &mut eq)?;
            for (h, k) in tmp.entries() {
                self.discard_entry(h, k, &mut eq)?;
            }
        } else {
            for (h, k) in other.entries() {
                self.discard_entry(h, k, &mut eq)?;
            }
        }
        self.shrink_after_deletions();
        Ok(())
    }

    /// `self.difference_update(it)` for an iterable (or dict) that is not a
    /// set: discards each item in order, then the same dummy clean-up as
    /// [`SetTable::difference_update`].
    pub fn difference_update_iter<E>(
        &mut self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        for item in items {
            let (h, k) = item?;
            self.discard_entry(h, &k, &mut eq)?;
        }
        self.shrink_after_deletions();
        Ok(())
    }

    /// `self - other` / `self.difference(other)` for a set `other`
    /// (`set_difference`): when `len(self) >> 2 > len(other)`, a copy of
    /// `self` with [`SetTable::difference_update`] applied; otherwise a new
    /// set of `self`'s elements (in `self`'s order) not in `other`.
    pub fn difference<E>(
        &self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        if (self.used >> 2) > other.used {
            let mut r = self.copy();
            r.difference_update(other, eq)?;
            return Ok(r);
        }
        let mut r = SetTable::new();
        for (h, k) in self.entries() {
            if other.find(h, k, &mut eq)?.is_none() {
                r.add_entry(h, k.clone(), &mut eq)?;
            }
        }
        Ok(r)
    }

    /// `self.difference(it)` for an iterable that is neither a set nor a
    /// dict (`set_copy_and_difference`): a copy of `self` with
    /// [`SetTable::difference_update_iter`] applied.
    pub fn difference_iter<E>(
        &self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        let mut r = self.copy();
        r.difference_update_iter(items, eq)?;
        Ok(r)
    }

    /// `self.difference(d)` for an exact dict `d` of `len` keys: when
    /// `len(self) >> 2 > len`, a copy of `self` with `d`'s `(hash, key)`
    /// pairs (`items`, in dict order) discarded; otherwise a new set of
    /// `self`'s elements for which `contains(hash, key)` (the dict lookup) is
    /// false.  Only one of `items` / `contains` is used.
    pub fn difference_mapping<E>(
        &self,
        len: usize,
        mut contains: impl FnMut(i64, &K) -> Result<bool, E>,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        if (self.used >> 2) > len {
            return self.difference_iter(items, eq);
        }
        let mut r = SetTable::new();
        for (h, k) in self.entries() {
            if !contains(h, k)? {
                r.add_entry(h, k.clone(), &mut eq)?;
            }
        }
        Ok(r)
    }

    /// `self ^= other` / `self.symmetric_difference_update(other)` for a set
    /// `other`: for each element of `other` in its order, discard it from
    /// `self`, or add it when absent.  For `s ^= s` CPython clears `s`.
    /// For an iterable that is neither a set nor a dict, CPython first builds
    /// a set from it ([`SetTable::from_iter_checked`]) and calls this.
    pub fn symmetric_difference_update<E>(
        &mut self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        for (h, k) in other.entries() {
            if self.discard_entry(h, k, &mut eq)?.is_none() {
                self.add_entry(h, k.clone(), &mut eq)?;
            }
        }
        Ok(())
    }

    /// `self.symmetric_difference_update(d)` for an exact dict `d`, given its
    /// `(hash, key)` pairs in dict order: the same toggling, directly on the
    /// dict's keys.
    pub fn symmetric_difference_update_iter<E>(
        &mut self,
        items: impl IntoIterator<Item = Result<(i64, K), E>>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(), E> {
        for item in items {
            let (h, k) = item?;
            if self.discard_entry(h, &k, &mut eq)?.is_none() {
                self.add_entry(h, k, &mut eq)?;
            }
        }
        Ok(())
    }

    /// `self ^ other` / `self.symmetric_difference(other)` for a set `other`
    /// (`set_symmetric_difference`): a copy of `other`, then
    /// [`SetTable::symmetric_difference_update`] with `self`.  For a
    /// non-set `other`, CPython builds the set from `other` (`set(other)`)
    /// and does the same.
    pub fn symmetric_difference<E>(
        &self,
        other: &SetTable<K>,
        eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<SetTable<K>, E> {
        let mut r = other.copy();
        r.symmetric_difference_update(self, eq)?;
        Ok(r)
    }
}

impl<K> SetTable<K> {
    /// `self <= other` / `self.issubset(other)` for a set `other`
    /// (`set_issubset`): false when larger, else every element of `self`
    /// (in order) is looked up in `other`.
    pub fn is_subset<E>(
        &self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<bool, E> {
        if self.used > other.used {
            return Ok(false);
        }
        for (h, k) in self.entries() {
            if other.find(h, k, &mut eq)?.is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `self.isdisjoint(other)` for a set `other` (`set_isdisjoint`):
    /// iterates the smaller set looking elements up in the larger one.
    pub fn is_disjoint<E>(
        &self,
        other: &SetTable<K>,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<bool, E> {
        if std::ptr::eq(self, other) {
            return Ok(self.used == 0);
        }
        let (big, small) = if other.used > self.used {
            (other, self)
        } else {
            (self, other)
        };
        for (h, k) in small.entries() {
            if big.find(h, k, &mut eq)?.is_some() {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
#[path = "settable_tests.rs"]
mod tests;
