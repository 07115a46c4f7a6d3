import collections, array
from collections.abc import Sequence, Mapping
from typing import NamedTuple
from types import MappingProxyType

class Pt(NamedTuple):
    x: int
    y: int

class MyList(list): pass
class MyDict(dict): pass
class MyStr(str): pass

class Seq(Sequence):
    def __init__(self, *items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]

class Reg:
    def __init__(self, *items): self.items = items
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]
Sequence.register(Reg)

class Map(Mapping):
    def __init__(self, **kw): self.d = kw
    def __getitem__(self, k): return self.d[k]
    def __len__(self): return len(self.d)
    def __iter__(self): return iter(self.d)
    def keys(self): return list(self.d)

class GetOnly(dict):
    def get(self, k, default=None):
        print("  get", repr(k))
        return super().get(k, default)

def kind(v):
    match v:
        case {"k": val, **rest}:
            return f"mapping k={val} rest={sorted(rest)}"
        case {}:
            return "empty-ish mapping"
        case [a, b]:
            return f"pair {a!r} {b!r}"
        case [a, *more]:
            return f"seq head={a!r} n={len(more)}"
        case []:
            return "empty seq"
        case _:
            return "other " + type(v).__name__

subjects = [
    [1, 2], (3,), range(4), Pt(5, 6), MyList([7, 8, 9]), collections.deque([1, 2]),
    array.array("i", [4, 5]), memoryview(b"ab"), Seq(1, 2, 3), Reg("a", "b"),
    {"k": 1, "z": 2}, MyDict(k=3), collections.OrderedDict(k=4), collections.defaultdict(int, {"a": 1}),
    collections.Counter("kk"), Map(k=5, q=6), GetOnly(k=8, j=9), MappingProxyType({"k": 7}),
    "ab", b"xy", bytearray(b"12"), MyStr("pq"), 42, None, {1, 2}, iter([1, 2]),
]
for s in subjects:
    print(kind(s))
