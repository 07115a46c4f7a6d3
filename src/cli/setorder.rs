//! CPython's iteration order for set and frozenset constants, so that `rpvm dis` prints
//! `frozenset({64, 129, 7, 1000, 9})` exactly as `dis` does rather than in marshal's order.
//!
//! Marshal loads a set by adding its items one by one to an empty set; the order CPython then
//! prints is that of its hash table. This replays the insertions on `rpvm-object`'s
//! [`SetTable`] (a faithful copy of CPython's layout) with CPython's hashes. It gives up
//! (`None`) when an item's hash is not reproducible: `str` and `bytes` hashes are randomised
//! per process, and `None`, `...` and NaN hash by address.

use rpvm::loader::Constant;
use rpvm_object::hash::{
    hash_bigint, hash_complex, hash_f64, hash_frozenset, hash_i64, hash_tuple,
};
use rpvm_object::settable::SetTable;

/// CPython's `hash()` of a constant, when it does not depend on the process.
fn hash(c: &Constant) -> Option<i64> {
    match c {
        Constant::Bool(b) => Some(hash_i64(i64::from(*b))),
        Constant::Int(i) => Some(hash_i64(*i)),
        Constant::BigInt(i) => Some(hash_bigint(i)),
        Constant::Float(f) => hash_f64(*f),
        Constant::Complex(re, im) => hash_complex(*re, *im),
        Constant::Tuple(items) => {
            let hashes = items.iter().map(hash).collect::<Option<Vec<i64>>>()?;
            Some(hash_tuple(hashes.into_iter(), items.len()))
        }
        Constant::FrozenSet(items) => {
            let hashes = items.iter().map(hash).collect::<Option<Vec<i64>>>()?;
            Some(hash_frozenset(hashes.into_iter()))
        }
        _ => None,
    }
}

/// The order CPython iterates a set built by adding `items` in turn (see
/// [`rpvm::loader::pyrepr::SetOrder`]). Items are assumed distinct, as marshal writes them.
pub fn cpython_set_order(items: &[Constant]) -> Option<Vec<usize>> {
    let mut table = SetTable::new();
    for (i, item) in items.iter().enumerate() {
        let added = table.insert(hash(item)?, i, |_, _| Ok::<bool, ()>(false));
        debug_assert_eq!(added, Ok(true));
    }
    Some(table.iter().copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_follow_the_hash_table() {
        // frozenset({1000, 7, 9, 64, 129}) as marshal stores it; Python prints
        // frozenset({64, 129, 7, 1000, 9}).
        let items: Vec<Constant> = [1000, 7, 9, 64, 129].map(Constant::Int).into();
        let order = cpython_set_order(&items).unwrap();
        let printed: Vec<i64> = order
            .iter()
            .map(|&i| match items[i] {
                Constant::Int(n) => n,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(printed, [64, 129, 7, 1000, 9]);
        let with_str = [Constant::Int(1), Constant::Str("a".into())];
        assert_eq!(cpython_set_order(&with_str), None);
    }
}
