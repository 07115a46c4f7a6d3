# Per-site attribute and method caches must never return a stale answer: every change
# that CPython would see at once is seen at once here too.


class A:
    def __init__(self, x):
        self.x = x
        self.y = x * 2

    def m(self):
        return "A.m", self.x


class B:
    def __init__(self, x):
        self.y = x       # a different dict layout from A's
        self.x = -x

    def m(self):
        return "B.m", self.x


def read(o):
    return o.x, o.y


def call(o):
    return o.m()


def write(o, v):
    o.x = v
    return o.x


objs = [A(1), B(2), A(3), B(4)]
for o in objs:                       # one site, two classes (polymorphic)
    print(read(o), call(o), write(o, 10), read(o))

a = A(5)
print(call(a))
A.m = lambda self: ("replaced", self.x)   # same key, new value
print(call(a))
a.m = lambda: "instance attribute shadows the method"
print(call(a))
del a.m
print(call(a))

# A data descriptor added to the class later wins over the instance dict.
print(read(a))
A.x = property(lambda self: "property", lambda self, v: print("setter got", v))
print(read(a))
print(write(a, 99))
del A.x
print(read(a))
print(write(a, 7))

# Deleting and re-adding attributes moves them inside the instance dict.
b = A(1)
print(read(b))
del b.x
try:
    read(b)
except AttributeError as e:
    print("AttributeError:", e)
b.z = 3
b.x = 4
print(read(b), vars(b))

# __class__ assignment.
c = A(8)
print(call(c), read(c))
c.__class__ = B
print(call(c), read(c))


# Hooks added later.
class G:
    def __init__(self):
        self.x = 1
        self.y = 2


g = G()
print(read(g))
G.__getattribute__ = lambda self, name: "hooked " + name
print(read(g))
del G.__getattribute__
print(read(g))
G.__setattr__ = lambda self, name, v: print("setattr", name, v)
print(write(g, 5))
del G.__setattr__
print(write(g, 6))


# Classes created and freed in a loop: a new class may reuse a freed one's address.
def make(i):
    if i % 2:
        class K:
            def __init__(self):
                self.x = i
                self.y = "odd"

            def m(self):
                return "odd", self.x
    else:
        class K:
            y = "class attribute"

            def __init__(self):
                self.x = i

            @property
            def m(self):
                return lambda: ("even", self.x)
    return K()


for i in range(6):
    k = make(i)
    print(read(k), call(k), write(k, i * 100))


class S:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = 1
        self.y = 2

    def m(self):
        return "S.m"


s = S()
print(read(s), call(s), write(s, 3), read(s))


# A load's cache entry must not let a store skip __setattr__ (or a setter).
class Hooked:
    def __init__(self):
        object.__setattr__(self, "a", 1)

    def __setattr__(self, n, v):
        print("setattr", n, v)
        object.__setattr__(self, n, v)

    def bump(self):
        x = self.a
        self.a = x + 1
        return self.a


h = Hooked()
print(h.bump(), h.bump())
