"""Sets of ints and tuples: CPython's iteration/print order, set algebra,
methods, frozenset. (Sets of strings are never printed: their order depends
on the string hash seed.)"""

print({10, 1, 100})
print({3, 1, 2}, {100, 33, 1, 65, 97}, {-1, -2, 5}, {0, 8, 16, 24, 32})
print(set(range(10, 0, -1)), {1000, 7, 64, 9, 129}, {2 ** 40, 3, 2 ** 33})
print({(1, 2), (3, 4), (0, 0)}, {(1,), (), (2, 3, 4)})
print({1.5, 2.0, 3}, {True, 2, 0.0}, set(), frozenset({5, 1}), frozenset())

a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, [8]), a.intersection(b, {5}), a.difference([1], {2}), a.symmetric_difference(range(3, 9)))
print(a <= {1, 2, 3, 4, 5, 6}, a < a, a <= a, {1} < a, a >= {1, 2}, a > a, a.issubset(range(10)), a.issuperset([1]))
print(a.isdisjoint(b), a.isdisjoint({9}), 3 in a, 9 not in a, len(a), sum(a), min(a), max(a), sorted(b, reverse=True))

s = set()
for x in [5, 3, 5, 1, 3, 9]:
    s.add(x)
print(s, len(s))
s.discard(100)
s.discard(5)
s.remove(3)
print(s)
try:
    s.remove(42)
except KeyError as e:
    print("KeyError:", e)
s.update([20, 30], (40,))
print(s)
s |= {7}
s &= {1, 7, 9, 20, 30, 40, 99}
s -= {40}
s ^= {9, 11}
print(s)
s.intersection_update({1, 7, 11, 20})
print(s)
s.difference_update({7})
s.symmetric_difference_update({1, 2})
print(s)
c = s.copy()
c.clear()
print(c, s, s.pop() in {2, 11, 20}, len(s))

big = set(range(0, 200, 7))
big.discard(0)
print(big)
removed = {i for i in range(50)}
for i in range(0, 50, 3):
    removed.discard(i)
print(removed)
print({i * 17 % 64 for i in range(20)})
pairs = {(x, y) for x in range(3) for y in range(2)}
print(pairs, (1, 1) in pairs)
fs = frozenset([3, 1, 2])
print(fs, fs | {9}, fs & {1, 3}, type(fs | {9}).__name__, {fs: "frozen key"}, hash(fs) == hash(frozenset([1, 2, 3])))
print({frozenset({1}), frozenset({2})} == {frozenset({2}), frozenset({1})}, {1, 2} == frozenset({1, 2}))
print(set([1, 1, 1]), set((2, 2)), set({3: "x"}), set("aaa"), sorted(set("hello")))
print(list({5: 0, 1: 0}.keys() | {3}), {-5, -1, -3}, {2 ** 62, 2 ** 61, -(2 ** 62)})
print({x % 5 for x in range(100)}, {hash(x) % 8 for x in [1.5, 2.5, 3.5]})
nested_sorted = sorted({(2, "b"), (1, "a"), (2, "a")})
print(nested_sorted)
try:
    {[1]}
except TypeError as e:
    print("TypeError:", e)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    for v in a:
        a.add(v + 100)
except RuntimeError as e:
    print("RuntimeError:", e)
print(repr(set()), repr({1}), str(frozenset({(1, 2)})))
