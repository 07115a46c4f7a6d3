class D(dict):
    pass


class Counter(dict):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.extra = "x"

    def __missing__(self, key):
        return 0


d = D(a=1, b=2)
print(d, len(d), d.get("a"), "a" in d, list(d), d == {"a": 1, "b": 2}, isinstance(d, dict))
d["c"] = 3
del d["a"]
print(sorted(d.items()), type(d).__name__, [k.__name__ for k in type(d).__mro__])
c = Counter(x=5)
c["y"] += 2
print(c["x"], c["y"], c["zzz"], c.extra, sorted(c))


class L(list):
    def total(self):
        return sum(self)


l = L([3, 1, 2])
l.append(10)
l.sort()
print(l, l.total(), len(l), l[0], l[-1], l[1:3], 2 in l, bool(L()), repr(l), str(l))
print([x * 2 for x in l], l + [0], isinstance(l, list), l == [1, 2, 3, 10])


class S(str):
    def shout(self):
        return self.upper() + "!"


s = S("hello")
print(s, repr(s), s.shout(), len(s), s[1], s + " world", s == "hello", "ell" in s, hash(s) == hash("hello"))
print(f"{s}", s.split("l"), isinstance(s, str), type(s).__name__)


class I(int):
    def double(self):
        return self * 2


i = I(21)
print(i, i.double(), i + 1, i * 3, -i, i > 20, i == 21, bool(I(0)), hash(i) == hash(21), repr(i))


class F(float):
    pass


f = F(1.5)
print(f, f + 1, f * 2, f < 2, repr(f), int(f))


class P(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    def __repr__(self):
        return f"P({self[0]}, {self[1]})"


p = P(1, 2)
x, y = p
print(p, x, y, len(p), p[0], p == (1, 2), isinstance(p, tuple), list(p), hash(p) == hash((1, 2)))


class T(tuple):
    pass


t = T([1, 2, 3])
print(t, t.count(1), t.index(3), t + (4,), str(t))


class MySet(set):
    pass


ms = MySet([1, 2, 3])
ms.add(4)
print(sorted(ms), 2 in ms, len(ms), isinstance(ms, set))
