# weakref: ref, callbacks, proxy, weak containers, finalize, getweakrefcount.
import gc
import weakref


class Node:
    def __init__(self, name):
        self.name = name

    def greet(self, other):
        return f"{self.name} greets {other}"

    def __repr__(self):
        return f"Node({self.name!r})"


class Key:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return hash(self.k)

    def __eq__(self, other):
        return isinstance(other, Key) and self.k == other.k


# --- ref basics ---
a = Node("a")
r = weakref.ref(a)
print(r() is a, r().name)
print(weakref.ref(a) is r)  # basic refs are shared
print(type(r).__name__, isinstance(r, weakref.ref), weakref.ref is weakref.ReferenceType)
print(weakref.getweakrefcount(a), weakref.getweakrefcount(Node("tmp")))
print(repr(r).startswith("<weakref at 0x"), "; to 'Node' at 0x" in repr(r))
del a
print(r(), r() is None)
print(repr(r).endswith("; dead>"))
print(r.__callback__)

# refs to functions and classes
def f():
    return 42

rf = weakref.ref(f)
print(rf()(), "(f)" in repr(rf), "to 'function'" in repr(rf))
rc = weakref.ref(Node)
print(rc() is Node, "to 'type'" in repr(rc) and "(Node)" in repr(rc))
rl = weakref.ref(len)
print(rl() is len)
s = {1, 2}
print(weakref.ref(s)() is s, weakref.ref(frozenset())() is not None)

# values that cannot be weakly referenced
for v in [1, "s", (1,), [1], {}, None, 1.5, b"x", True, ValueError(), range(3), object()]:
    try:
        weakref.ref(v)
        print("ok", type(v).__name__)
    except TypeError as e:
        print("TypeError:", e)

class MyInt(int):
    pass

class MyList(list):
    pass

for v in [MyInt(3), MyList()]:
    try:
        weakref.ref(v)
        print("ok", type(v).__name__)
    except TypeError as e:
        print("TypeError:", e)

# --- hash and equality follow the referent ---
k1, k2 = Key(5), Key(5)
r1, r2 = weakref.ref(k1), weakref.ref(k2)
print(r1 == r2, r1 != r2, hash(r1) == hash(k1))
k3 = Key(6)
print(weakref.ref(k3) == r1)
h = hash(r1)
del k1
print(hash(r1) == h, r1 == r2, r1 == r1)
n = Node("gone")
rn = weakref.ref(n)
del n
try:
    hash(rn)
except TypeError as e:
    print("TypeError:", e)

# --- callbacks ---
events = []
b = Node("b")
rb = weakref.ref(b, lambda ref: events.append(("died", ref is rb, ref())))
print(rb.__callback__ is not None, weakref.ref(b) is rb)
print(weakref.getweakrefcount(b))
del b
gc.collect()
print(events)
print(rb.__callback__)

c = Node("c")
order = []
c1 = weakref.ref(c, lambda ref: order.append(1))
c2 = weakref.ref(c, lambda ref: order.append(2))
c = None
gc.collect()
print(order)

# a dead weakref's callback never runs
d = Node("d")
dr = weakref.ref(d, lambda ref: print("never printed"))
del dr
del d
gc.collect()
print("no callback")

# --- proxy ---
p_obj = Node("p")
p = weakref.proxy(p_obj)
print(p.name, p.greet("you"), type(p).__name__)
p.extra = 7
print(p_obj.extra, str(p), "weakproxy" in repr(p))
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)
lst = MyList([3, 1, 2])
lp = weakref.proxy(lst)
print(len(lp), lp[0], 2 in lp, sorted(lp), bool(lp))
cp = weakref.proxy(f)
print(cp(), type(cp).__name__)
del p_obj
try:
    p.name
except ReferenceError as e:
    print("ReferenceError:", e)

# --- WeakValueDictionary ---
wvd = weakref.WeakValueDictionary()
x, y = Node("x"), Node("y")
wvd["x"] = x
wvd["y"] = y
print(len(wvd), wvd["x"], "y" in wvd, sorted(wvd.keys()))
del x
print(len(wvd), "x" in wvd, wvd.get("x"), list(wvd.items()))
try:
    wvd["x"]
except KeyError as e:
    print("KeyError:", e)
print(wvd.pop("y"), len(wvd))
wvd2 = weakref.WeakValueDictionary({"y": y})
print(list(wvd2.values()), isinstance(wvd2, weakref.WeakValueDictionary))

# --- WeakKeyDictionary ---
wkd = weakref.WeakKeyDictionary()
ka, kb = Node("ka"), Node("kb")
wkd[ka] = 1
wkd[kb] = 2
print(len(wkd), wkd[ka], kb in wkd, [k.name for k in wkd])
del ka
print(len(wkd), list(wkd.values()))
ek1 = Key(1)
wkd[ek1] = "one"
print(wkd[Key(1)], Key(1) in wkd, Key(2) in wkd)
print(wkd.get(Key(9), "missing"))

# --- WeakSet ---
ws = weakref.WeakSet()
m1, m2 = Node("m1"), Node("m2")
ws.add(m1)
ws.add(m2)
ws.add(m1)
print(len(ws), m1 in ws, sorted(n.name for n in ws))
del m2
print(len(ws), [n.name for n in ws])
ws.discard(m1)
print(len(ws))

# --- finalize ---
class Res:
    pass

res = Res()
fin = weakref.finalize(res, print, "finalized", "res")
print(fin.alive)
del res
gc.collect()
print(fin.alive, fin())

res2 = Res()
fin2 = weakref.finalize(res2, lambda: "called directly")
print(fin2(), fin2.alive, fin2())
res3 = Res()
fin3 = weakref.finalize(res3, print, "never")
print(fin3.detach()[0] is res3, fin3.alive)
del res3
gc.collect()
print("done")
