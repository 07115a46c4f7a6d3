//! CPython 3.11's hash functions for numbers, tuples, frozensets and object
//! identity, reproduced bit for bit (64-bit build).
//!
//! Sources reproduced:
//! * `Python/pyhash.c`: `_Py_HashDouble`, `_Py_HashPointer`;
//! * `Objects/longobject.c`: `long_hash`;
//! * `Objects/complexobject.c`: `complex_hash`;
//! * `Objects/tupleobject.c`: `tuplehash` (the xxHash-based one of 3.8+);
//! * `Objects/setobject.c`: `frozenset_hash`.
//!
//! Numeric hashes are "reduction modulo the Mersenne prime [`MODULUS`]", so
//! that numbers that compare equal hash equal across types: `hash(1) ==
//! hash(1.0) == hash(True) == hash(1+0j)`.  A `bool` hashes as the int it is.
//!
//! Every function here returns a value that is never `-1`: CPython reserves
//! `-1` for "an error occurred" and maps a computed `-1` to `-2` (see
//! [`fix_minus_one`]), or to a fixed constant for tuples and frozensets.

use num_bigint::{BigInt, Sign};

/// The modulus of CPython's numeric hash, the Mersenne prime `2**61 - 1`
/// (`_PyHASH_MODULUS`).
pub const MODULUS: u64 = (1 << 61) - 1;

/// Number of bits of [`MODULUS`] (`_PyHASH_BITS`).
pub const HASH_BITS: u32 = 61;

/// Hash of `float('inf')`; `-HASH_INF` is the hash of `float('-inf')`
/// (`_PyHASH_INF`).
pub const HASH_INF: i64 = 314_159;

/// Multiplier of the imaginary part's hash in a complex hash (`_PyHASH_IMAG`).
pub const HASH_IMAG: u64 = 1_000_003;

/// The value a tuple hash takes when the computed one is `-1`.
pub const TUPLE_HASH_MINUS_ONE: i64 = 1_546_275_796;

/// The value a frozenset hash takes when the computed one is `-1`.
pub const FROZENSET_HASH_MINUS_ONE: i64 = 590_923_713;

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// Maps `-1` to `-2` and leaves every other value alone: CPython's rule that
/// no object hashes to `-1` (the C API's error marker).  This is also what
/// CPython applies to the result of a user-defined `__hash__` that returns an
/// int fitting in a machine word (`slot_tp_hash`); a `__hash__` returning a
/// larger int is reduced with [`hash_bigint`] instead.
pub const fn fix_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(n)` for an int `n` that fits in an `i64` (also for `bool`:
/// `hash(True) == 1`).  Equals `sign(n) * (|n| mod MODULUS)`, with `-1`
/// mapped to `-2` (so `hash(-1) == hash(-2) == -2`).
#[inline]
pub fn hash_i64(v: i64) -> i64 {
    // An int whose magnitude is below the modulus reduces to itself.
    if v.unsigned_abs() < MODULUS {
        return fix_minus_one(v);
    }
    hash_i64_wide(v)
}

/// [`hash_i64`] for `|v| >= MODULUS` (the reduction is a real division).
#[cold]
fn hash_i64_wide(v: i64) -> i64 {
    let reduced = (v.unsigned_abs() % MODULUS) as i64;
    let signed = if v < 0 { -reduced } else { reduced };
    fix_minus_one(signed)
}

/// `hash(n)` for an int `n` that fits in a `u64`.
pub fn hash_u64(v: u64) -> i64 {
    (v % MODULUS) as i64
}

/// `hash(n)` for an arbitrary-precision int (`long_hash`): the same value as
/// [`hash_i64`] gives for ints in range.
pub fn hash_bigint(v: &BigInt) -> i64 {
    let (sign, digits) = v.to_u64_digits();
    let modulus = u128::from(MODULUS);
    let reduced = digits.iter().rev().fold(0u128, |acc, &d| {
        // acc < MODULUS < 2**61, so (acc << 64) | d < 2**125 fits in u128.
        ((acc << 64) | u128::from(d)) % modulus
    }) as i64;
    let signed = if sign == Sign::Minus {
        -reduced
    } else {
        reduced
    };
    fix_minus_one(signed)
}

/// Splits a finite, nonzero `v` into `(m, e)` with `v == m * 2**e` and
/// `0.5 <= |m| < 1`, as C's `frexp` does.  Zero gives `(v, 0)`.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        // Subnormal: scale into the normal range first (exact).
        let (m, e) = frexp(v * f64::from_bits(0x43f0_0000_0000_0000)); // 2**64
        return (m, e - 64);
    }
    let e = biased - 1022;
    // Replace the exponent field with that of 0.5 (biased 1022).
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022u64 << 52));
    (m, e)
}

/// `hash(x)` for a float (`_Py_HashDouble`), or `None` when `x` is a NaN.
///
/// Since CPython 3.10 a NaN hashes by object identity
/// (`_Py_HashPointer(obj)`), which a plain `f64` cannot know: callers either
/// handle `None` themselves or use [`hash_f64_or`] with the object's
/// identity.  Infinities hash to `±HASH_INF`; `-0.0` hashes to `0`; a float
/// with an integral value hashes like that int.
pub fn hash_f64(v: f64) -> Option<i64> {
    if v.is_nan() {
        return None;
    }
    if v.is_infinite() {
        return Some(if v > 0.0 { HASH_INF } else { -HASH_INF });
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    // Process 28 bits at a time.
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64; // integer part, 0 <= y < 2**28
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    // Adjust for the exponent; first reduce it modulo HASH_BITS.
    let bits = HASH_BITS as i32;
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS - e));
    let signed = if sign < 0 { x.wrapping_neg() } else { x } as i64;
    Some(fix_minus_one(signed))
}

/// `hash(x)` for a float object, with `identity` the object's address (its
/// `id()`), used only when `x` is a NaN: then the result is
/// [`hash_pointer`]`(identity)`, as in CPython 3.10+.
pub fn hash_f64_or(v: f64, identity: usize) -> i64 {
    hash_f64(v).unwrap_or_else(|| hash_pointer(identity))
}

fn combine_complex(hash_re: i64, hash_im: i64) -> i64 {
    let combined = (hash_re as u64).wrapping_add(HASH_IMAG.wrapping_mul(hash_im as u64));
    fix_minus_one(combined as i64)
}

/// `hash(complex(re, im))` (`complex_hash`), or `None` when either part is
/// a NaN (CPython then hashes that part by the complex object's identity: use
/// [`hash_complex_or`]).  A complex with `im == 0` hashes like `re`.
pub fn hash_complex(re: f64, im: f64) -> Option<i64> {
    Some(combine_complex(hash_f64(re)?, hash_f64(im)?))
}

/// `hash(z)` for a complex object `z == complex(re, im)` whose address is
/// `identity`: a NaN part hashes as [`hash_pointer`]`(identity)`.
pub fn hash_complex_or(re: f64, im: f64, identity: usize) -> i64 {
    combine_complex(hash_f64_or(re, identity), hash_f64_or(im, identity))
}

/// CPython's identity hash `_Py_HashPointer(p)`: the address rotated right
/// by 4 bits (the low bits of an aligned address carry no information),
/// reinterpreted as signed, with `-1` mapped to `-2`.  This is
/// `object.__hash__` for a 64-bit build, where `id(o)` is the address.
pub fn hash_pointer(p: usize) -> i64 {
    fix_minus_one(p.rotate_right(4) as i64)
}

/// Incremental form of [`hash_tuple`], for callers whose item hashes are
/// computed one at a time and may fail (e.g. an unhashable item): feed each
/// item's hash to [`TupleHasher::update`], then call
/// [`TupleHasher::finish`] with the tuple's length.
#[derive(Clone, Copy, Debug)]
pub struct TupleHasher {
    acc: u64,
}

impl Default for TupleHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl TupleHasher {
    /// A hasher with no items fed yet.
    pub const fn new() -> Self {
        TupleHasher { acc: XXPRIME_5 }
    }

    /// Mixes in the hash of the next item.
    pub fn update(&mut self, item_hash: i64) {
        let lane = item_hash as u64;
        self.acc = self.acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        self.acc = self.acc.rotate_left(31);
        self.acc = self.acc.wrapping_mul(XXPRIME_1);
    }

    /// The tuple's hash, given its length (the number of items fed).
    pub fn finish(&self, len: usize) -> i64 {
        let acc = self
            .acc
            .wrapping_add((len as u64) ^ (XXPRIME_5 ^ 3_527_539));
        if acc == u64::MAX {
            TUPLE_HASH_MINUS_ONE
        } else {
            acc as i64
        }
    }
}

/// `hash(t)` for a tuple (`tuplehash`, xxHash-based), given the hashes of its
/// items in order and its length `len` (the number of items; CPython mixes in
/// `Py_SIZE(t)`, so pass exactly the count of `item_hashes`).
/// `hash(()) == 5740354900026072187`.
pub fn hash_tuple(item_hashes: impl Iterator<Item = i64>, len: usize) -> i64 {
    let mut h = TupleHasher::new();
    for item in item_hashes {
        h.update(item);
    }
    h.finish(len)
}

fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// `hash(fs)` for a frozenset (`frozenset_hash`), given the hashes of its
/// (distinct) elements in any order: the result does not depend on the order
/// or on the table layout, only on the multiset of hashes and their count.
pub fn hash_frozenset(item_hashes: impl Iterator<Item = i64>) -> i64 {
    let mut hash: u64 = 0;
    let mut count: u64 = 0;
    for h in item_hashes {
        hash ^= shuffle_bits(h as u64);
        count = count.wrapping_add(1);
    }
    // Factor in the number of active entries.
    hash ^= count.wrapping_add(1).wrapping_mul(1_927_868_237);
    // Disperse patterns arising in nested frozensets.
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        FROZENSET_HASH_MINUS_ONE
    } else {
        hash as i64
    }
}

#[cfg(test)]
#[path = "hash_tests.rs"]
mod tests;
