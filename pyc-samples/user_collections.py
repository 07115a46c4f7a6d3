"""collections.UserDict / UserList / UserString and functools.partialmethod."""
import collections
import collections.abc
import copy
from collections import UserDict, UserList, UserString
from functools import partialmethod, partial

# ---- UserDict ----
d = UserDict({"a": 1}, b=2)
print(d, len(d), "a" in d, "z" in d, d["b"], d.get("z"), d.get("z", 9))
print(type(d).__name__, d == {"a": 1, "b": 2}, {"a": 1, "b": 2} == d, d != {"a": 1})
print(isinstance(d, collections.abc.MutableMapping), isinstance(d, collections.abc.Mapping))
print(isinstance(d, dict), d.data, type(d.data).__name__)
d["c"] = 3
del d["a"]
print(d, list(d), sorted(d.keys()), sorted(d.values()), sorted(d.items()))
print(d.pop("b"), d.pop("zz", "dflt"), d.setdefault("q", 7), d.setdefault("q", 8), d)
print(d.popitem(), d)
d.update([("x", 1)], y=2)
d.update({"z": 3})
print(d)
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
c = d.copy()
c["new"] = 1
print(type(c).__name__, c, d)
print(d | {"w": 0}, {"w": 0} | d, type(d | {"w": 0}).__name__)
d |= {"v": 5}
print(d)
print(UserDict.fromkeys("ab", 0))
d.clear()
print(d, len(d), bool(d))
try:
    UserDict().popitem()
except KeyError as e:
    print("popitem KeyError", repr(e))
try:
    hash(UserDict())
except TypeError as e:
    print("TypeError", e)


class Upper(UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.upper(), value)


u = Upper({"a": 1}, b=2)
u.update(c=3)
u["d"] = 4
u.setdefault("e", 5)
print(u, type(u.copy()).__name__, u.copy())
print(Upper.fromkeys(["x", "y"]), type(Upper.fromkeys([])).__name__)


class Missing(UserDict):
    def __missing__(self, key):
        return "missing:" + key


m = Missing()
print(m["k"], "k" in m)
cp = copy.copy(u)
cp["zz"] = 0
print(cp, u)
dc = copy.deepcopy(u)
print(dc, dc == u, dc is u)

# ---- UserList ----
l = UserList([3, 1, 2])
print(l, len(l), l[0], l[-1], 2 in l, 5 in l, list(l), list(reversed(l)))
print(l == [3, 1, 2], [3, 1, 2] == l, l < [4], l > UserList([3]), l != l)
print(isinstance(l, collections.abc.MutableSequence), isinstance(l, list))
s = l[1:]
print(s, type(s).__name__)
l.append(4)
l.extend(UserList([5]))
l.extend((6,))
l.insert(0, 0)
print(l, l.pop(), l.pop(0), l.index(2), l.count(1))
l.remove(4)
l.sort()
print(l)
l.reverse()
print(l)
l[0] = 10
del l[1]
print(l, l + [7], [7] + l, type([7] + l).__name__, l * 2, 2 * l)
l += [8]
l *= 2
print(l, type(l).__name__)
cl = l.copy()
cl.clear()
print(cl, l, UserList(), UserList("ab"), UserList(UserList([1])))
try:
    hash(l)
except TypeError as e:
    print("TypeError", e)


class Stack(UserList):
    def push(self, x):
        self.append(x)


st = Stack([1, 2, 3])
st.push(4)
print(st, type(st[:2]).__name__, type(st.copy()).__name__, type(st + [1]).__name__)
for x in st:
    print("item", x, end=" ")
print()
print(sorted(UserList([3, 1, 2])), max(UserList([3, 9, 2])), sum(UserList([1, 2])))

# ---- UserString ----
us = UserString("Hello")
print(us, repr(us), len(us), us[0], us[1:3], type(us[1:3]).__name__, "ell" in us)
print(us == "Hello", "Hello" == us, us < "World", us + "!", "!" + us, us * 2)
print(type(us + "!").__name__, type("!" + us).__name__, hash(us) == hash("Hello"))
print(us.upper(), us.lower(), us.replace("l", "L"), us.find("l"), us.count("l"))
print(us.startswith("He"), us.endswith("lo"), us.split("l"), us.center(9, "*"))
print(us.strip("Ho"), us.zfill(7), us.isalpha(), us.partition("l"), us.join(["1", "2"]))
print(type(us.upper()).__name__, type(us.join("ab")).__name__, us.encode())
print(UserString(42), UserString(UserString("x")), int(UserString("12")) + 1, float(UserString("1.5")))
print(UserString("%s-%d") % ("a", 3), list(UserString("abc")), sorted(UserString("cba")))
print(us.removeprefix(UserString("He")), us.index("l"), us.rfind(UserString("l")), us.capitalize(), us.title())
try:
    us.index(UserString("l"))
except TypeError as e:
    print("TypeError", e)
print(isinstance(us, collections.abc.Sequence), isinstance(us, str), str(us), "%s" % us)
print(f"{us}!", "{}".format(us), us.format(), UserString("{0}").format(5))


class Shout(UserString):
    def shout(self):
        return self.upper() + "!"


sh = Shout("hey")
print(sh.shout(), type(sh.shout()).__name__, type(sh[0]).__name__)

# ---- partialmethod ----


class Cell:
    def __init__(self):
        self._alive = False

    def set_state(self, state, note="-"):
        self._alive = state
        return (state, note)

    set_alive = partialmethod(set_state, True)
    set_dead = partialmethod(set_state, False, note="dead")

    @classmethod
    def make(cls, a, b):
        return (cls.__name__, a, b)

    make1 = partialmethod(make, 1)

    @staticmethod
    def add(a, b, c=0):
        return a + b + c

    add10 = partialmethod(add, 10, c=100)

    pmax = partialmethod(max, 100)


c = Cell()
print(c.set_alive(), c._alive, c.set_dead(), c._alive, c.set_alive(note="n"))
print(Cell.make1(2), c.make1(3), c.add10(5), Cell.add10(6))
print(Cell.set_alive(c), c._alive)
bound = c.set_alive
print(type(bound).__name__, bound.__self__ is c, bound.args, bound.keywords)
print(type(Cell.__dict__["set_dead"]).__name__, Cell.__dict__["set_dead"].args,
      Cell.__dict__["set_dead"].keywords)


class Named:
    def __init__(self, n):
        self.n = n

    def __call__(self, *a, **k):
        return (self.n, a, k)

    def __repr__(self):
        return "Named(%s)" % self.n


pm = partialmethod(Named("f"), 1, 2, k=3)
print(repr(pm))
print(repr(partialmethod(Named("g"))))
print(repr(partialmethod(pm, 4, j=5)), partialmethod(pm, 4).func)


class UsesNamed:
    m = pm


r = UsesNamed().m(9, z=0)
print(type(r[1][0]).__name__, r[1][1:], r[2], UsesNamed.m(0)[1])
try:
    partialmethod(1)
except TypeError as e:
    print("TypeError", e)
print(partialmethod(partial(Named("p"), 0)).func.args, UsesNamed.__dict__["m"].__isabstractmethod__)


class Sub(partialmethod):
    pass


print(repr(Sub(Named("s"), 1)).replace(__name__, "M"))
