from dataclasses import dataclass, field, fields, asdict, astuple, replace, InitVar, KW_ONLY, FrozenInstanceError, is_dataclass
from typing import ClassVar, List

@dataclass
class Item:
    name: str
    price: float = 0.0
    tags: List[str] = field(default_factory=list)
    secret: str = field(default='x', repr=False, compare=False)
    count: ClassVar[int] = 0
    def total(self): return self.price * 2
a = Item('a', 1.5)
b = Item('a', 1.5, secret='y')
print(a, a == b, a.tags is not Item('z').tags, [f.name for f in fields(a)], Item.count)
print(asdict(a), astuple(a), replace(a, price=3.0))
print(sorted(Item.__dataclass_fields__), Item.__dataclass_fields__['count']._field_type if hasattr(Item.__dataclass_fields__['count'], '_field_type') else None)

@dataclass
class WithInit:
    x: int
    scale: InitVar[int] = 2
    y: int = field(init=False)
    def __post_init__(self, scale):
        self.y = self.x * scale
w = WithInit(3)
print(w, WithInit(3, 10), [f.name for f in fields(w)], hasattr(w, 'scale'), WithInit.scale)
print(replace(w, x=5), asdict(w))
print(repr(InitVar[int]), repr(WithInit.__dataclass_fields__['scale'].type))

@dataclass
class NeedsInit:
    x: int
    k: InitVar[str]
    def __post_init__(self, k):
        self.tag = k * 2
n = NeedsInit(1, 'ab')
print(n, n.tag)
try:
    replace(n, x=2)
except ValueError as e:
    print('ValueError', e)

@dataclass
class K:
    a: int
    _: KW_ONLY
    b: int = 1
    c: int
k = K(1, c=3)
print(k, K.__match_args__)
for args, kws in [((1, 2), {'c': 3}), ((1,), {}), ((), {'c': 1})]:
    try:
        K(*args, **kws)
    except TypeError as e:
        print('TypeError', e)

@dataclass(kw_only=True)
class AllKw:
    a: int
    b: int = 2
    c: int = field(default=5, kw_only=False)
print(AllKw(9, a=1), AllKw.__match_args__)
try:
    AllKw(1, 2)
except TypeError as e:
    print('TypeError', e)

@dataclass(frozen=True, order=True)
class Pt:
    x: int
    y: int = 0
p = Pt(1, 2)
try:
    p.x = 5
except FrozenInstanceError as e:
    print('FrozenInstanceError', e, isinstance(e, AttributeError))
try:
    del p.y
except FrozenInstanceError as e:
    print('FrozenInstanceError', e)
print(sorted([Pt(2), Pt(1, 5), Pt(1, 3)]), Pt(1) < Pt(2), Pt(1, 2) >= Pt(1, 2), hash(p) == hash(Pt(1, 2)), {p: 1}[Pt(1, 2)])

@dataclass(slots=True)
class S:
    a: int
    b: str = 'q'
    c: list = field(default_factory=list)
s = S(1)
print(s, S.__slots__, hasattr(s, '__dict__'), s == S(1))
try:
    s.z = 1
except AttributeError as e:
    print('AttributeError', e)
s.a = 7
print(s.a, S.__name__, S.__qualname__, fields(S)[1].default)

@dataclass(slots=True, frozen=True)
class FS:
    v: int
fs = FS(3)
try:
    fs.v = 1
except FrozenInstanceError as e:
    print('FrozenInstanceError', e)
print(fs, hash(fs) == hash(FS(3)))

@dataclass
class Base:
    x: int = 0
@dataclass
class Derived(Base):
    y: int = 1
    z: list = field(default_factory=lambda: [1])
print(Derived(5), Derived(y=3), [f.name for f in fields(Derived)], is_dataclass(Derived), is_dataclass(Derived()))
try:
    @dataclass
    class Bad:
        x: list = []
except ValueError as e:
    print('ValueError', e)
try:
    @dataclass
    class Bad2:
        a: int = 1
        b: int
except TypeError as e:
    print('TypeError', e)
try:
    @dataclass
    class Bad3:
        a: int
        _: KW_ONLY
        __: KW_ONLY
except TypeError as e:
    print('TypeError', e)
f0 = fields(Pt)[0]
print(f0.name, f0.type, f0.init, f0.kw_only, f0._field_type)
@dataclass
class Nested:
    items: list
    pt: Pt
print(asdict(Nested([Pt(1)], Pt(2, 3))), astuple(Nested([], Pt(0))))
