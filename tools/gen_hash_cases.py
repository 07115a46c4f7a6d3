#!/usr/bin/env python3
"""Generate crates/object/src/hash_tests.rs: CPython 3.11 hash() oracle cases.

Run with CPython 3.11 (the oracle):
    python3 tools/gen_hash_cases.py > crates/object/src/hash_tests.rs

Covers ints (small, negative, near 2**61 and 2**64, huge), floats (fractions,
huge, tiny, subnormal, infinities, signed zeros), complex numbers, nested
tuples of ints/floats/complex/frozensets, frozensets, and the identity hash
(object.__hash__ against id(), and a NaN float hashing by identity).
The output is deterministic (fixed random seed).
"""
import math
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), "the oracle is CPython 3.11"

rng = random.Random(20240611)
M = (1 << 61) - 1


def fbits(x):
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def val(v):
    """Rust expression of type V for a hashable test value."""
    if isinstance(v, bool):
        raise TypeError("bool not used")
    if isinstance(v, int):
        return 'I("%d")' % v
    if isinstance(v, float):
        return "F(%s)" % fbits(v)
    if isinstance(v, complex):
        return "C(%s, %s)" % (fbits(v.real), fbits(v.imag))
    if isinstance(v, tuple):
        return "T(&[%s])" % ", ".join(val(x) for x in v)
    if isinstance(v, frozenset):
        return "S(&[%s])" % ", ".join(val(x) for x in v)
    raise TypeError(type(v))


ints = set()
for i in range(-70, 71):
    ints.add(i)
for base in (2**30, 2**31, 2**32, 2**60, 2**61, 2**62, 2**63, 2**64,
             M, 2 * M, M * M, 2**122, 2**128, 10**18, 10**19, 10**30):
    for d in (-3, -2, -1, 0, 1, 2, 3):
        ints.add(base + d)
        ints.add(-(base + d))
for k in range(200):
    ints.add(rng.randrange(-2**63, 2**63))
for k in range(100):
    ints.add(rng.randrange(-2**64, 2**64))
for k in range(100):
    bits = rng.randrange(65, 700)
    n = rng.getrandbits(bits)
    ints.add(n if rng.random() < 0.5 else -n)
ints.add(10**100)
ints.add(-(10**100))
ints.add(3**500)
ints = sorted(ints)

floats = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, 0.1, 0.2, 0.3,
          1 / 3, -1 / 3, 2.5, 1e10, 1e15, 1e16, 1e17, 1e100, 1e300, -1e300,
          1.7976931348623157e308, -1.7976931348623157e308, 2.2250738585072014e-308,
          5e-324, -5e-324, 1e-310, 1e-320, math.pi, math.e, 2.0**61, 2.0**62,
          2.0**63, 2.0**64, -(2.0**63), 2.0**61 - 512, float(M), 1e-300,
          123456789.123456789, math.inf, -math.inf, 2.0**-1074, 2.0**-1022,
          2.0**1023, 0.7, 1e-5, 4503599627370496.5 - 0.5, 9007199254740993.0]
for k in range(200):
    floats.append(rng.uniform(-1000, 1000))
for k in range(100):
    floats.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
floats = [f for f in floats if not math.isnan(f)]

complexes = [0j, 1j, -1j, 1 + 0j, complex(1.5, -2.5), complex(-0.0, 0.0),
             complex(math.inf, 1), complex(1, math.inf), complex(-math.inf, -math.inf),
             complex(1e300, 1e-300), complex(2.0**61, 3)]
for k in range(60):
    complexes.append(complex(rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6)))


def rand_atom():
    r = rng.random()
    if r < 0.45:
        return rng.choice([rng.randrange(-50, 50), rng.randrange(-2**70, 2**70)])
    if r < 0.75:
        return rng.choice([rng.uniform(-100, 100), float(rng.randrange(-9, 9)),
                           math.inf, -0.0])
    if r < 0.85:
        return complex(rng.uniform(-9, 9), rng.choice([0.0, 1.0, rng.random()]))
    return frozenset(rng.randrange(-20, 20) for _ in range(rng.randrange(0, 6)))


def rand_tuple(depth=0):
    n = rng.randrange(0, 6)
    items = []
    for _ in range(n):
        if depth < 3 and rng.random() < 0.25:
            items.append(rand_tuple(depth + 1))
        else:
            items.append(rand_atom())
    return tuple(items)


tuples = [(), (0,), (1,), (-1,), (-2,), (1, 2), (1, 2, 3), ((),), ((), ()),
          (1.0, 1), (0.5, -0.5), ((1, 2), (3, (4, 5))), (M, -M, 2**64),
          (math.inf, -math.inf)]
for k in range(300):
    tuples.append(rand_tuple())

fsets = [frozenset(), frozenset([0]), frozenset([-1]), frozenset([1, 2, 3]),
         frozenset([(1, 2), 3.5]), frozenset([frozenset([1]), frozenset()])]
for k in range(200):
    n = rng.randrange(0, 40)
    lo = rng.choice([10, 100, 2**62])
    fsets.append(frozenset(rng.randrange(-lo, lo) for _ in range(n)))


def hash_pointer(p):
    """Reference _Py_HashPointer (64-bit): rotate right by 4, as signed."""
    y = ((p >> 4) | (p << 60)) & 0xFFFFFFFFFFFFFFFF
    if y >= 2**63:
        y -= 2**64
    return -2 if y == -1 else y


class O:
    pass


# Live objects have run-dependent addresses, so they are only used to check
# the reference formula against CPython here; the table holds fixed addresses.
for o in [O() for _ in range(20)] + [object() for _ in range(20)]:
    assert object.__hash__(o) == hash_pointer(id(o))
for _ in range(5):
    x = float("nan")
    assert hash(x) == hash_pointer(id(x))
    z = complex(x, 2.0)
    assert hash(z) == hash_pointer(id(z)) + 1000003 * hash(2.0)

addresses = [0, 1, 15, 16, 0xF, 0x10, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFEF,
             0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x123456789ABCDEF0,
             0x7F7457209850, 0x7F74575A4160, 0x55D0C0DE1230, 0xFFFFFFFFFFFFFFF0]
pointers = [(p, hash_pointer(p)) for p in addresses]
nans = []
for p in addresses[-5:]:
    nans.append((p, hash_pointer(p)))
    combined = (hash_pointer(p) + 1000003 * hash(2.0)) & 0xFFFFFFFFFFFFFFFF
    if combined >= 2**63:
        combined -= 2**64
    nans.append((p, -2 if combined == -1 else combined))

out = []
w = out.append
w("// @generated by tools/gen_hash_cases.py from CPython %s; do not edit." % sys.version.split()[0])
w("// Oracle table of hash() values; see hash.rs for the functions under test.")
w("")
w("use super::*;")
w("use num_bigint::BigInt;")
w("use std::str::FromStr;")
w("")
w("/// A test value: int (decimal), float (bits), complex (bits), tuple, frozenset.")
w("#[derive(Debug)]")
w("enum V {")
w("    I(&'static str),")
w("    F(u64),")
w("    C(u64, u64),")
w("    T(&'static [V]),")
w("    S(&'static [V]),")
w("}")
w("use V::*;")
w("")
w("fn hash_of(v: &V) -> i64 {")
w("    match v {")
w("        I(s) => {")
w("            let n = BigInt::from_str(s).expect(\"int literal\");")
w("            let h = hash_bigint(&n);")
w("            if let Ok(small) = i64::try_from(&n) {")
w("                assert_eq!(hash_i64(small), h, \"hash_i64({small})\");")
w("            }")
w("            if let Ok(small) = u64::try_from(&n) {")
w("                assert_eq!(hash_u64(small), h, \"hash_u64({small})\");")
w("            }")
w("            h")
w("        }")
w("        F(b) => hash_f64(f64::from_bits(*b)).expect(\"not a NaN\"),")
w("        C(re, im) => hash_complex(f64::from_bits(*re), f64::from_bits(*im)).expect(\"no NaN\"),")
w("        T(items) => hash_tuple(items.iter().map(hash_of), items.len()),")
w("        S(items) => hash_frozenset(items.iter().map(hash_of)),")
w("    }")
w("}")
w("")


def table(name, values):
    w("#[rustfmt::skip]")
    w("static %s: &[(V, i64)] = &[" % name)
    for v in values:
        w("    (%s, %d)," % (val(v), hash(v)))
    w("];")
    w("")


table("INTS", ints)
table("FLOATS", floats)
table("COMPLEXES", complexes)
table("TUPLES", tuples)
table("FROZENSETS", fsets)
w("/// (address, _Py_HashPointer(address)) pairs (the formula is checked against")
w("/// object.__hash__ and id() of live objects when generating).")
w("#[rustfmt::skip]")
w("static POINTERS: &[(u64, i64)] = &[")
for p, h in pointers:
    w("    (0x%x, %d)," % (p, h))
w("];")
w("")
w("/// (id, hash) of a NaN float and of a complex(nan, 2.0) at that address, alternating.")
w("#[rustfmt::skip]")
w("static NANS: &[(u64, i64)] = &[")
for p, h in nans:
    w("    (0x%x, %d)," % (p, h))
w("];")
w("""
fn check(name: &str, table: &[(V, i64)]) {
    for (v, expected) in table {
        assert_eq!(hash_of(v), *expected, "{name}: hash({v:?})");
    }
}

#[test]
fn ints_match_cpython() {
    check("ints", INTS);
}

#[test]
fn floats_match_cpython() {
    check("floats", FLOATS);
}

#[test]
fn complexes_match_cpython() {
    check("complexes", COMPLEXES);
}

#[test]
fn tuples_match_cpython() {
    check("tuples", TUPLES);
}

#[test]
fn frozensets_match_cpython() {
    check("frozensets", FROZENSETS);
}

#[test]
fn pointers_match_cpython() {
    for &(p, expected) in POINTERS {
        assert_eq!(hash_pointer(p as usize), expected, "hash_pointer({p:#x})");
    }
}

#[test]
fn nans_hash_by_identity() {
    assert_eq!(hash_f64(f64::NAN), None);
    assert_eq!(hash_complex(f64::NAN, 0.0), None);
    assert_eq!(hash_complex(0.0, -f64::NAN), None);
    for pair in NANS.chunks(2) {
        let (p, expected) = pair[0];
        assert_eq!(hash_f64_or(f64::NAN, p as usize), expected, "nan at {p:#x}");
        if let Some(&(p, expected)) = pair.get(1) {
            assert_eq!(
                hash_complex_or(f64::NAN, 2.0, p as usize),
                expected,
                "complex at {p:#x}"
            );
        }
    }
}

#[test]
fn minus_one_rules() {
    assert_eq!(fix_minus_one(-1), -2);
    assert_eq!(fix_minus_one(-2), -2);
    assert_eq!(fix_minus_one(7), 7);
    assert_eq!(hash_i64(-1), -2);
    assert_eq!(hash_f64(-1.0), Some(-2));
    assert_eq!(hash_i64(i64::MIN), hash_bigint(&BigInt::from(i64::MIN)));
    assert_eq!(hash_tuple(std::iter::empty(), 0), 5740354900026072187);
    let mut th = TupleHasher::new();
    th.update(1);
    th.update(2);
    assert_eq!(th.finish(2), hash_tuple([1, 2].into_iter(), 2));
}
""")
sys.stdout.write("\n".join(out))
