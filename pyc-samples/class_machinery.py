"""Class machinery: inconsistent MRO error, descriptor precedence, __init_subclass__,
__class_getitem__, type(), __delattr__/__getattr__, metaclass __call__, __hash__ = None."""
class A: pass
class B(A): pass
try:
    class C(A, B): pass
except TypeError as e:
    print("TypeError:", e)
class D:
    def __get__(self, obj, owner): return ("get", owner.__name__)
class DD:
    def __get__(self, obj, owner): return "data-get"
    def __set__(self, obj, value): print("set", value)
class K:
    nd = D()
    dd = DD()
k = K()
k.__dict__["nd"] = "instance wins"
k.__dict__["dd"] = "instance loses"
print(k.nd, k.dd); k.dd = 5
class Base:
    subs = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Base.subs.append((cls.__name__, tag))
class S1(Base, tag="x"): pass
class S2(Base): pass
print(Base.subs, [c.__name__ for c in Base.__subclasses__()], B.mro()[0].__name__, [c.__name__ for c in B.__mro__])
class G:
    def __class_getitem__(cls, item): return f"G[{item.__name__}]"
print(G[int])
T = type("T", (A,), {"x": 1, "f": lambda self: self.x + 1})
print(T.__name__, T().f(), isinstance(T(), A), type(T).__name__)
class Del:
    def __delattr__(self, name): print("del", name)
    def __getattr__(self, name): return f"missing {name}"
dl = Del(); del dl.zz; print(dl.whatever)
class Meta(type):
    def __call__(cls, *a): print("meta call", a); return super().__call__(*a)
class WithMeta(metaclass=Meta):
    def __init__(self, v): self.v = v
print(WithMeta(3).v, type(WithMeta).__name__)
o = A(); setattr(o, "q", 1); print(getattr(o, "q"), hasattr(o, "q")); delattr(o, "q"); print(hasattr(o, "q"), id(o) == id(o))
print(repr(A())[:19], str(B)[:16], A.__qualname__, A.__module__, A.__doc__)
class HashNone:
    __hash__ = None
try:
    hash(HashNone())
except TypeError as e:
    print(e)
class EqOnly:
    def __eq__(self, o): return True
try:
    {EqOnly()}
except TypeError as e:
    print(e)
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
print(Cmp(1) > Cmp(0), sorted([Cmp(2), Cmp(1)])[0].v)
try:
    Cmp(1) <= Cmp(2)
except TypeError as e:
    print(e)
