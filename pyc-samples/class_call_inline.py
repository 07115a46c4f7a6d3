# Calling a class runs __new__ then __init__ (type.__call__). rpvm runs a plain Python
# __init__ in the caller's dispatch loop; every case must still behave as in CPython.


class P:
    def __init__(self, x, y=2, *rest, k=0, **kw):
        self.x, self.y, self.rest, self.k, self.kw = x, y, rest, k, kw

    def __repr__(self):
        return f"P({self.x}, {self.y}, {self.rest}, {self.k}, {sorted(self.kw.items())})"


print(P(1))
print(P(1, 3, 4, 5, k=6, z=7))
print(P(y=9, x=8))
print([P(i).x for i in range(5)])

try:
    P()
except TypeError as e:
    print("TypeError:", e)


class Bad:
    def __init__(self):
        return 42


try:
    Bad()
except TypeError as e:
    print("TypeError:", e)


class Raises:
    def __init__(self, n):
        if n > 2:
            raise ValueError(f"too big: {n}")
        self.n = n


for n in range(5):
    try:
        print("made", Raises(n).n)
    except ValueError as e:
        print("ValueError:", e)


class WithNew:
    def __new__(cls, *args):
        print("__new__", cls.__name__, args)
        return super().__new__(cls)

    def __init__(self, a):
        print("__init__", a)


WithNew(1)


class Meta(type):
    def __call__(cls, *args):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args)


class M(metaclass=Meta):
    def __init__(self, v):
        self.v = v


print(M(5).v)


class L(list):
    def __init__(self, items, tag):
        super().__init__(items)
        self.tag = tag


lst = L([3, 1, 2], "t")
print(lst, lst.tag, sorted(lst), len(lst))


class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


try:
    raise MyError(7)
except MyError as e:
    print(repr(e), e.code)


class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth else None


def depth(n):
    d = 0
    while n.child:
        n, d = n.child, d + 1
    return d


print(depth(Node(200)))
try:
    Node(100000)
except RecursionError as e:
    print("RecursionError:", e)


class NoInit:
    pass


print(type(NoInit()).__name__)
try:
    NoInit(1)
except TypeError as e:
    print("TypeError:", e)


class Counter:
    count = 0

    def __init__(self):
        Counter.count += 1


for _ in range(1000):
    Counter()
print(Counter.count)

Bad()
