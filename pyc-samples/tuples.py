"""Tuples: construction, indexing, methods, comparison, hashing, nesting,
immutability, tuple-returning builtins."""

t = (1, 2, 3)
empty = ()
single = (42,)
not_tuple = (42)
print(t, empty, single, not_tuple, type(single).__name__, type(not_tuple).__name__)
print(len(t), t[0], t[-1], t[1:], t[::-1], t + (4,), t * 2, 2 in t, 5 not in t)
print(t.index(2), t.count(1), (1, 1, 2).count(1), tuple("abc"), tuple([1, 2]), tuple(range(3)))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9, 9), () < (0,), (1, 2) == (1, 2), (1, "a") != (1, "b"))
print(min([(2, "b"), (1, "z"), (1, "a")]), max((3, 1), (3, 2)), sorted([(1, 2), (0, 5), (1, 1)]))
print(hash((1, 2)) == hash((1, 2)), hash(()), hash((1,)), hash((1, 2, 3)), hash((-1, 0.5, None)) == hash((-1, 0.5, None)))
nested = ((1, 2), (3, (4, 5)), [])
print(nested[1][1][0], len(nested), nested[2])
nested[2].append("mutable inside")
print(nested)
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    hash(([1],))
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(9)
except ValueError as e:
    print("ValueError:", e)
a, b, c = t
print(a, b, c, divmod(17, 5), tuple(enumerate("ab")), tuple(zip("ab", "cd")))
pairs = [(3, "c"), (1, "a"), (2, "b")]
pairs.sort()
print(pairs, dict(pairs), [p[1] for p in pairs])
coords = {(0, 0): "origin", (1, 0): "east"}
print(coords[(0, 0)], coords[1, 0], (0, 0) in coords)
tup = tuple(i * i for i in range(5))
print(tup, sum(tup), tup[1:4], tup[-2:])
print(repr((1,)), repr(()), str((None, True, "s")), repr(((),)), ((1,),))
long_t = tuple(range(100))
print(long_t[50:55], long_t[::25], long_t.index(99), len(long_t))
x = 1, 2, 3
y = *x, 4
print(x, y, (*x, *y))
print((1, 2) + (3,), sum(((1,), (2,)), ()), tuple(sorted({3: 0, 1: 0})))
same = (1, 2)
other = tuple([1, 2])
print(same == other, same is same, () == tuple())
