from dataclasses import (dataclass, field, fields, asdict, astuple, replace,
                         is_dataclass, FrozenInstanceError)
from typing import ClassVar


@dataclass
class Point:
    x: int
    y: int = 0


p = Point(1, 2)
print(p)
print(Point(3))
print(Point(y=5, x=4))
print(p == Point(1, 2), p == Point(2, 1), p != Point(1, 2))
print(p == (1, 2))
print(Point.__match_args__)
print(list(Point.__dataclass_fields__))
print([f.name for f in fields(p)], [f.type for f in fields(Point)])
print(Point.__hash__)
try:
    hash(p)
except TypeError as e:
    print("TypeError:", e)

for a, k in [((), {}), ((1, 2, 3), {}), ((1,), {'z': 1}), ((1,), {'x': 1})]:
    try:
        Point(*a, **k)
    except TypeError as e:
        print("TypeError:", e)


@dataclass
class Two:
    a: str
    b: list


for a in [(), (1, 2, 3)]:
    try:
        Two(*a)
    except TypeError as e:
        print("TypeError:", e)


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    tag: str = field(default="", compare=False, repr=False)


v1 = Version(1, 2, "a")
v2 = Version(1, 3)
print(v1, v2)
print(v1 < v2, v1 <= v2, v1 > v2, v1 >= v2, v1 == Version(1, 2, "b"))
print(sorted([Version(2), Version(1, 5), Version(1, 1)]))
print(hash(v1) == hash(Version(1, 2)), hash(v1) == hash((1, 2)))
try:
    v1.major = 5
except FrozenInstanceError as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))
try:
    del v1.minor
except AttributeError as e:
    print(type(e).__name__, e)
print({v1: "x"}[Version(1, 2)])


@dataclass
class Inventory:
    name: str
    items: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    total: ClassVar[int] = 0
    hidden: int = field(default=7, init=False)


i1 = Inventory("a")
i2 = Inventory("b")
i1.items.append(1)
print(i1, i2, i1.hidden, Inventory.total)
print([f.name for f in fields(Inventory)])
print(Inventory.__match_args__)

try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print("ValueError:", e)

try:
    @dataclass
    class Bad2:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)


@dataclass
class Point3(Point):
    z: int = 0


p3 = Point3(1, 2, 3)
print(p3, p3 == Point3(1, 2, 3), p3 == Point(1, 2))
print([f.name for f in fields(p3)])


@dataclass
class Line:
    start: Point
    end: Point
    tags: tuple = ()


ln = Line(Point(0, 0), Point(1, 1), ("a", "b"))
print(asdict(ln))
print(astuple(ln))
print(replace(p, y=10), p)
print(is_dataclass(p), is_dataclass(Point), is_dataclass(1), is_dataclass(int))
try:
    replace(i1, hidden=3)
except ValueError as e:
    print("ValueError:", e)
try:
    asdict(Point)
except TypeError as e:
    print("TypeError:", e)
try:
    fields(3)
except TypeError as e:
    print("TypeError:", e)


@dataclass
class WithPost:
    a: int
    b: int = field(init=False)

    def __post_init__(self):
        self.b = self.a * 2


print(WithPost(4))


@dataclass(eq=False)
class NoEq:
    a: int


n = NoEq(1)
print(n == NoEq(1), n == n, hash(n) == hash(n))


@dataclass(repr=False)
class Custom:
    a: int

    def __repr__(self):
        return "Custom!"


print(Custom(1), Custom(1) == Custom(1))


@dataclass(unsafe_hash=True)
class UH:
    a: int
    b: int = field(hash=False)


print(hash(UH(1, 2)) == hash(UH(1, 3)), hash(UH(1, 2)) == hash((1,)))


class Outer:
    @dataclass
    class Inner:
        v: float


print(Outer.Inner(1.5))

match Point(1, 2):
    case Point(a, b):
        print("matched", a, b)

try:
    @dataclass(order=True)
    class Ord:
        a: int

        def __lt__(self, other):
            return True
except TypeError as e:
    print("TypeError:", e)

print(FrozenInstanceError.__mro__[1].__name__)


@dataclass
class Node:
    val: object = None


nd = Node()
nd.val = [nd, Node(nd)]
print(nd)
print(Point.__dataclass_params__)
print(Version.__dataclass_params__)
print(asdict(Node([Node(1), {'k': Node(2)}])))
try:
    field(default=1, default_factory=list)
except ValueError as e:
    print("ValueError:", e)
