from collections.abc import Mapping, MutableMapping, MutableSequence, KeysView, ItemsView, ValuesView

class Map(Mapping):
    def __init__(self, **kw): self._d = dict(kw)
    def __getitem__(self, k): return self._d[k]
    def __len__(self): return len(self._d)
    def __iter__(self): return iter(self._d)
    def __repr__(self): return f"Map({self._d})"

m = Map(a=1, b=2)
print(list(m.keys()), list(m.items()), list(m.values()), m.get("a"), m.get("z", 0), "a" in m)
print(m.keys(), m.items(), m.values(), len(m.keys()), "b" in m.keys(), ("a", 1) in m.items(), ("a", 2) in m.items(), 2 in m.values())
print(isinstance(m.keys(), KeysView), isinstance(m.items(), ItemsView), isinstance(m.values(), ValuesView))
print(m == {"a": 1, "b": 2}, m == Map(a=1), m != {"a": 1, "b": 2}, m == [1])
print(dict(m), {**m}, sorted(m))

class Store(MutableMapping):
    def __init__(self, *a, **kw):
        self._d = {}
        self.update(*a, **kw)
    def __getitem__(self, k): return self._d[k.lower()]
    def __setitem__(self, k, v): self._d[k.lower()] = v
    def __delitem__(self, k): del self._d[k.lower()]
    def __len__(self): return len(self._d)
    def __iter__(self): return iter(self._d)

s = Store({"A": 1}, B=2)
s.update([("C", 3)])
s.update(Map(D=4))
print(sorted(s.items()), s.pop("a"), s.pop("zz", "dflt"), s.setdefault("E", 5), s.setdefault("e", 6), len(s))
print(s.popitem(), sorted(s))
try:
    s.pop("nope")
except KeyError as e:
    print("KeyError", e)
s.clear(); print(len(s), list(s))
try:
    s.popitem()
except KeyError as e:
    print("KeyError", repr(e))

class Arr(MutableSequence):
    def __init__(self, *items): self._l = list(items)
    def __getitem__(self, i): return self._l[i]
    def __setitem__(self, i, v): self._l[i] = v
    def __delitem__(self, i): del self._l[i]
    def __len__(self): return len(self._l)
    def insert(self, i, v): self._l.insert(i, v)
    def __repr__(self): return f"Arr{tuple(self._l)}"

a = Arr(1, 2, 3)
a.append(4); a.extend([5, 6]); print(a, a.pop(), a.pop(0), a)
a.remove(3); a.reverse(); print(a, a.index(4), a.count(2), 2 in a, list(reversed(a)))
a += [7, 8]; print(a, type(a).__name__)
try:
    a.remove(99)
except ValueError as e:
    print("ValueError", repr(e))
a.clear(); print(a, len(a))
try:
    a.pop()
except IndexError as e:
    print("IndexError", e)
