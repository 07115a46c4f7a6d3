# copy.copy and copy.deepcopy: builtin containers, shared and cyclic structures, user
# classes (__dict__, __slots__, __copy__, __deepcopy__, __getstate__/__setstate__).
import copy

print("-- atoms are returned as themselves")
for x in [None, 1, 2.5, 3j, True, "s", b"b", (1, 2), frozenset(), range(3), len, print,
          int, type, Ellipsis, NotImplemented]:
    print(type(x).__name__, copy.copy(x) is x, copy.deepcopy(x) is x)

def f():
    return 1

class K:
    pass

print(copy.copy(f) is f, copy.deepcopy(f) is f, copy.copy(K) is K, copy.deepcopy(K) is K)
lam = lambda: 2
print(copy.deepcopy(lam) is lam)

print("-- shallow copies of containers")
lst = [1, [2, 3], {"a": [4]}]
c = copy.copy(lst)
print(c == lst, c is lst, c[1] is lst[1], c[2] is lst[2])
d = {"x": [1], "y": (2, [3])}
c = copy.copy(d)
print(c == d, c is d, c["x"] is d["x"])
s = {1, 2, 3}
c = copy.copy(s)
print(c == s, c is s, type(c).__name__)
fs = frozenset([1, 2])
print(copy.copy(fs) is fs)
ba = bytearray(b"abc")
c = copy.copy(ba)
print(c, c is ba)
t = (1, [2])
print(copy.copy(t) is t)
t0 = ()
print(copy.copy(t0) is t0)

print("-- deep copies of containers")
inner = [1, 2]
lst = [inner, inner, (inner,), {"k": inner}]
c = copy.deepcopy(lst)
print(c, c[0] is not inner, c[0] is c[1], c[2][0] is c[0], c[3]["k"] is c[0])
t = (1, 2, ("a", "b"))
print(copy.deepcopy(t) is t)
t = (1, [2])
c = copy.deepcopy(t)
print(c, c is t, c[1] is t[1])
s = {1, (2, 3)}
c = copy.deepcopy(s)
print(sorted(c, key=str), c is s)
fs = frozenset([1, 2])
print(copy.deepcopy(fs) == fs)
ba = bytearray(b"xyz")
c = copy.deepcopy(ba)
print(c, c is ba)
d = {(1, 2): [3], "n": {"m": [4]}}
c = copy.deepcopy(d)
print(c, c["n"]["m"] is d["n"]["m"])

print("-- self-referencing structures")
a = [1, 2]
a.append(a)
b = copy.deepcopy(a)
print(b[2] is b, b is not a, len(b), repr(b))
d = {"name": "root"}
d["self"] = d
e = copy.deepcopy(d)
print(e["self"] is e, e is not d, repr(e))
x = [1]
t = (x,)
x.append(t)
y = copy.deepcopy(x)
print(y[1][0] is y, type(y[1]).__name__, repr(y))
c = copy.copy(a)
print(c[2] is a, c is not a)

print("-- the memo argument")
memo = {}
shared = [9]
c1 = copy.deepcopy(shared, memo)
c2 = copy.deepcopy(shared, memo)
print(c1 is c2, c1 == shared, id(shared) in memo, memo[id(shared)] is c1)
pre = {id(shared): "replacement"}
print(copy.deepcopy([shared, shared], pre))

print("-- user classes with __dict__")

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

p = Point(1, [2, 3])
q = copy.copy(p)
print(q, q is p, q.y is p.y, type(q) is Point)
r = copy.deepcopy(p)
print(r, r.y is p.y, r.y == p.y)
p.link = p
r = copy.deepcopy(p)
print(r.link is r, r.x)

class Empty:
    pass

e = copy.copy(Empty())
print(type(e).__name__, vars(e))

class Sub(Point):
    cls_attr = [1]

s = Sub(5, 6)
s2 = copy.deepcopy(s)
print(type(s2).__name__, s2, s2.cls_attr is Sub.cls_attr)

print("-- __slots__")

class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a

sl = Slotted([1])
c = copy.copy(sl)
print(c.a, c.a is sl.a, hasattr(c, "b"))
c = copy.deepcopy(sl)
print(c.a, c.a is sl.a, hasattr(c, "b"))
sl.b = "bee"
c = copy.copy(sl)
print(c.a, c.b)

class SlotChild(Slotted):
    __slots__ = ("c",)

sc = SlotChild(1)
sc.c = [3]
d = copy.deepcopy(sc)
print(d.a, d.c, d.c is sc.c, hasattr(d, "b"))

class SlotDict(Slotted):
    pass

sd = SlotDict(2)
sd.extra = "x"
d = copy.copy(sd)
print(d.a, d.extra, d is not sd)

print("-- __copy__ and __deepcopy__")

class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        print("  __copy__ called")
        return Custom(self.v + ["copied"])

    def __deepcopy__(self, memo):
        print("  __deepcopy__ called, memo is a", type(memo).__name__)
        return Custom(copy.deepcopy(self.v, memo) + ["deep"])

c = Custom([1])
print(copy.copy(c).v)
print(copy.deepcopy(c).v)
lst = [c, c]
dl = copy.deepcopy(lst)
print(dl[0] is dl[1], dl[0].v)

class Singleton:
    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

sg = Singleton()
print(copy.copy(sg) is sg, copy.deepcopy([sg])[0] is sg)

print("-- __getstate__ / __setstate__")

class Stateful:
    def __init__(self):
        self.data = [1, 2]
        self.cache = "expensive"

    def __getstate__(self):
        print("  __getstate__")
        st = self.__dict__.copy()
        del st["cache"]
        return st

    def __setstate__(self, state):
        print("  __setstate__", sorted(state))
        self.__dict__.update(state)
        self.cache = "rebuilt"

st = Stateful()
c = copy.copy(st)
print(c.data, c.cache, c.data is st.data)
c = copy.deepcopy(st)
print(c.data, c.cache, c.data is st.data)

class OnlySet:
    def __init__(self):
        self.v = 1

    def __setstate__(self, state):
        print("  __setstate__ got", state)
        self.__dict__.update(state)
        self.v += 100

o = copy.copy(OnlySet())
print(o.v)

class EmptySet:
    def __setstate__(self, state):
        print("  never called for an empty __dict__")

print(type(copy.copy(EmptySet())).__name__)

print("-- subclasses of builtins")

class MyList(list):
    pass

ml = MyList([1, [2]])
ml.tag = "t"
c = copy.copy(ml)
print(type(c).__name__, c, c.tag, c[1] is ml[1])
c = copy.deepcopy(ml)
print(type(c).__name__, c, c.tag, c[1] is ml[1])

cyc = MyList([0])
cyc.append(cyc)
c = copy.deepcopy(cyc)
print(type(c).__name__, c[1] is c, c is not cyc)

class MyDict(dict):
    pass

md = MyDict(a=[1])
c = copy.deepcopy(md)
print(type(c).__name__, c, c["a"] is md["a"])
c = copy.copy(md)
print(type(c).__name__, c, c["a"] is md["a"])

print("-- collections")
import array
from collections import deque, defaultdict, OrderedDict, Counter, namedtuple, ChainMap
P = namedtuple("P", "x y")
for x in [deque([1, [2]], maxlen=5), defaultdict(list, a=[1]), OrderedDict(a=[1]),
          Counter("aab"), P(1, [2]), array.array("i", [1, 2]), ChainMap({"a": [1]})]:
    c = copy.copy(x)
    d = copy.deepcopy(x)
    print(type(x).__name__, c == x, c is x, type(c).__name__, type(d).__name__, d is x, repr(d))
dq = deque([[1], [2]])
print(copy.copy(dq)[0] is dq[0], copy.deepcopy(dq)[0] is dq[0])
dd = defaultdict(list, k=[1])
print(copy.copy(dd)["k"] is dd["k"], copy.deepcopy(dd)["k"] is dd["k"])
dq = deque([0])
dq.append(dq)
c = copy.deepcopy(dq)
print(c[1] is c, c is not dq)
pt = P([1], 2)
print(copy.copy(pt) is pt, copy.deepcopy(pt).x is pt.x)

print("-- bound methods")

class M:
    def __init__(self):
        self.n = [0]

    def m(self):
        return self.n

obj = M()
bm = copy.deepcopy(obj.m)
print(bm() == obj.n, bm() is obj.n, bm.__self__ is obj)
print(copy.copy(obj.m) == obj.m)

print("-- errors")
print(copy.error is copy.Error, issubclass(copy.Error, Exception), copy.Error.__module__)
try:
    raise copy.Error("boom")
except copy.Error as ex:
    print("caught", type(ex).__name__, ex)

class Boom:
    def __deepcopy__(self, memo):
        raise ValueError("no deep copies")

try:
    copy.deepcopy([1, Boom()])
except ValueError as ex:
    print("ValueError:", ex)

try:
    copy.copy()
except TypeError as ex:
    print("TypeError:", ex)
try:
    copy.deepcopy()
except TypeError as ex:
    print("TypeError:", ex)
try:
    copy.deepcopy(1, {}, [], 4)
except TypeError as ex:
    print("TypeError:", ex)
try:
    copy.copy(1, 2)
except TypeError as ex:
    print("TypeError:", ex)
