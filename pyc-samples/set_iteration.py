# Set iteration walks the table in CPython's order and detects size changes.
s = {10, 1, 100, 5, 3, 64, 33}
print(list(s), sorted(s), min(s), max(s), sum(s))
fs = frozenset(range(20, 0, -3))
print(list(fs), [x * 2 for x in fs])
it = iter(s)
print(next(it), next(it))
s.discard(999)          # no size change: iteration goes on
print(list(it))
it = iter(s)
next(it)
s.add(7)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    next(it)
except RuntimeError as e:
    print("again RuntimeError:", e)
s.discard(7)
try:
    next(it)
except RuntimeError as e:
    print("still RuntimeError:", e)
it = iter({1, 2})
print(list(it))
print(next(it, "exhausted"))
empty = set()
print(list(empty), list(iter(frozenset())))
t = {(1, 2), (3, 4), (0, 0)}
for pair in t:
    print(pair)
big = set(range(1000))
for x in list(big)[:5]:
    big.remove(x)
print(len(big), sum(big), list(big)[:5])
print(sorted({x % 7 for x in range(50)}))
