"""Classes: methods, inheritance, super(), class attributes, properties,
staticmethod/classmethod, __repr__, dunder operators."""


class Vector:
    dims = 2
    instances = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y
        Vector.instances += 1

    def __repr__(self):
        return f"Vector({self.x!r}, {self.y!r})"

    def __str__(self):
        return f"<{self.x}, {self.y}>"

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return self.norm2 < other.norm2

    def __hash__(self):
        return hash((self.x, self.y))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __iter__(self):
        yield self.x
        yield self.y

    def __bool__(self):
        return bool(self.x or self.y)

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __call__(self, scale):
        return self * scale

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y

    @staticmethod
    def zero():
        return Vector(0, 0)

    @classmethod
    def from_tuple(cls, t):
        return cls(*t)


v = Vector(1, 2)
w = Vector(3, -4)
print(v, repr(w), [v, w])
print(v + w, v - w, v * 3, 2 * v, -v)
print(v == Vector(1, 2), v != w, v < w, sorted([w, v]))
print(len(v), v[0], v[-1], list(v), 2 in v, 5 in v)
print(bool(Vector.zero()), bool(v), v(10), w.norm2)
print(Vector.from_tuple((5, 6)), Vector.instances, Vector.dims)
print(hash(v) == hash((1, 2)))


class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    def area(self):
        raise NotImplementedError

    def describe(self):
        return f"{self.name} with {self.sides} sides, area {self.area()}"


class Rect(Shape):
    sides = 4

    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = "square"

    def describe(self):
        return "Square! " + super().describe()


for s in [Rect(2, 3), Square(4)]:
    print(s.describe())
print(isinstance(Square(1), Shape), issubclass(Square, Rect), issubclass(Rect, Square))
print([c.__name__ for c in Square.__mro__])
try:
    Shape("blob").describe()
except NotImplementedError:
    print("abstract area")


class Temperature:
    def __init__(self):
        self._c = 0.0

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("too cold")
        self._c = v

    @celsius.deleter
    def celsius(self):
        self._c = None

    fahrenheit = property(lambda self: self._c * 9 / 5 + 32)


t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("error:", e)
del t.celsius
print(t.celsius)
t.extra = "dynamic"
print(t.extra, hasattr(t, "extra"))
del t.extra
print(hasattr(t, "extra"), type(t).__name__, Temperature.__qualname__)


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1


s = Slotted()
try:
    s.c = 3
except AttributeError:
    print("no attribute c on slotted")
print(s.a, getattr(s, "b", "unset"))
