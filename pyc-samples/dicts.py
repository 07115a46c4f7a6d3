"""Dicts: every method, views and their set operations, insertion ordering."""

d = {"one": 1, "two": 2, "three": 3}
d["four"] = 4
d["one"] = 11
print(d, len(d), d["two"], d.get("five"), d.get("five", 5), "two" in d, "five" not in d)
print(list(d), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("two"), d.pop("missing", "default"), d)
print(d.setdefault("one", 0), d.setdefault("new", []), d)
d["new"].append("x")
print(d.popitem(), d)
d.update({"a": 1}, b=2)
d.update([("c", 3), ("one", 111)])
print(d)
e = d.copy()
e.clear()
print(e, d == d.copy(), d is not d.copy())
print(dict.fromkeys("abc"), dict.fromkeys([1, 2], 0), dict(a=1, b=2), dict([(1, "x")]), dict(zip("xy", (8, 9))))
del d["a"]
print(d, list(reversed(d)), list(reversed(d.values())))

ks = {"a": 1, "b": 2, "c": 3}.keys()
print(sorted(ks & {"b", "c", "z"}), sorted(ks | {"q"}), sorted(ks - {"a"}), sorted(ks ^ {"a", "z"}))
print(ks == {"a", "b", "c"}, ks >= {"a"}, ks.isdisjoint({"x"}), "b" in ks, len(ks))
items = {"k": 1, "j": 2}.items()
print(("k", 1) in items, ("k", 2) in items, sorted(items & {("j", 2)}), sorted(items | {("z", 0)}))
vals = {"x": 1}.values()
print(1 in vals, list(vals), type(vals).__name__, type(ks).__name__, type(items).__name__)

live = {1: "a"}
view = live.keys()
live[2] = "b"
print(list(view), len(view))
print({1: "a"} | {2: "b"}, {1: "a", 2: "b"} | {1: "z"})
merged = {"x": 1}
merged |= {"y": 2}
print(merged)

order = {}
for k in [5, 3, 9, 1]:
    order[k] = k * k
order[3] = "updated"
del order[9]
order[9] = "re-added"
print(order, list(order.items()))
print({True: "t", 1: "one", 1.0: "float"}, {(1, 2): "tuple", None: "none", 2.5: "f", -1: "neg"})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
inverted = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inverted, {**counts, "m": 100, **{"z": 0}})
nested = {"outer": {"inner": {"leaf": 1}}}
nested["outer"]["inner"]["leaf"] += 1
nested["outer"]["new"] = [1]
print(nested)
for key, value in sorted({"b": 2, "a": 1}.items()):
    print(key, "->", value)
for key in {"p": 0, "q": 0}:
    print("key", key)
print({} == {}, {1: 2} == {1: 2.0}, {1: 2, 3: 4} == {3: 4, 1: 2}, bool({}), bool({0: 0}))
try:
    d["nope"]
except KeyError as err:
    print("KeyError:", err, repr(err))
try:
    {}.popitem()
except KeyError as err:
    print("KeyError:", err)
try:
    {[]: 1}
except TypeError as err:
    print("TypeError:", err)
try:
    for k in live:
        live[k + 10] = 0
except RuntimeError as err:
    print("RuntimeError:", err)


class Default(dict):
    def __missing__(self, key):
        return f"missing-{key}"


dd = Default(a=1)
print(dd["a"], dd["b"], dd, isinstance(dd, dict))
recursive = {}
recursive["self"] = recursive
print(recursive, repr({"q": "it's"}), str({1: [2, {3: 4}]}))
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 2):
    del big[i]
print(len(big), sum(big), list(big)[:5], big[999])
