import functools
from functools import total_ordering, cached_property, singledispatch, partial, lru_cache, wraps, cache
import collections.abc

@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, V) and self.v == o.v
    def __lt__(self, o):
        if not isinstance(o, V): return NotImplemented
        return self.v < o.v
    def __repr__(self): return f'V({self.v})'
a, b = V(1), V(2)
print(a < b, a > b, a <= b, a >= b, a <= V(1), a >= V(1), b > a, sorted([V(3), V(1), V(2)]))
try:
    a > 1
except TypeError as e:
    print('TypeError', e)

@total_ordering
class G:
    def __init__(self, v): self.v = v
    def __ge__(self, o): return self.v >= o.v
print(G(1) < G(2), G(1) > G(2), G(2) <= G(2), G(3) >= G(2))
try:
    @total_ordering
    class N: pass
except ValueError as e:
    print('ValueError', e)

class C:
    calls = 0
    def __init__(self, x): self.x = x
    @cached_property
    def sq(self):
        """square"""
        C.calls += 1
        return self.x * self.x
c = C(4)
print(c.sq, c.sq, C.calls, c.__dict__, C.sq.__doc__, C.sq.attrname, type(C.sq).__name__)
c.sq = 1
print(c.sq)
del c.sq
print(c.sq, C.calls)

@singledispatch
def show(x):
    return f'object {x!r}'
@show.register
def _(x: int):
    return f'int {x}'
@show.register(list)
def _(x):
    return f'list of {len(x)}'
def for_str(x):
    return 'str ' + x
show.register(str, for_str)
@show.register(collections.abc.Mapping)
def _(x):
    return 'mapping'
@show.register
def _(x: float):
    return 'number'
print(show(1), show(True), show([1, 2]), show('s'), show({}), show(1.5), show(2j), show(None), show((1,)))
print(show.dispatch(int).__name__, show.dispatch(bool).__name__, show.dispatch(object).__name__, show.__name__)
print(len(show.registry), object in show.registry, show.registry[str] is for_str)
try:
    show()
except TypeError as e:
    print('TypeError', e)
try:
    @show.register
    def _(x): pass
except TypeError as e:
    print('TypeError', str(e)[:40])
try:
    @show.register
    def _(x: 'int'): pass
except TypeError as e:
    print('TypeError', e)

def f(a, b, c=0):
    """doc f"""
    return a + b + c
p = partial(f, 1, c=5)
print(p(2), p.args, p.keywords, p.func is f, repr(partial(max, 1, key=abs)))
@lru_cache(maxsize=2)
def sq(n): return n * n
for i in [1, 2, 1, 3, 1, 2]:
    sq(i)
ci = sq.cache_info()
print(ci, ci.hits, ci[1], tuple(ci), ci == (2, 4, 2, 2), type(ci).__name__, sq.cache_parameters())
sq.cache_clear()
print(sq.cache_info(), sq.__name__, sq.__wrapped__.__name__)
@cache
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(30), fib.cache_info())
def deco(fn):
    @wraps(fn)
    def inner(*a, **k):
        return fn(*a, **k)
    return inner
g = deco(f)
print(g.__name__, g.__doc__, g.__wrapped__ is f, g(1, 2))
from functools import singledispatchmethod
class Fmt:
    def __init__(self, p): self.p = p
    @singledispatchmethod
    def fmt(self, arg):
        return self.p + 'other'
    @fmt.register
    def _(self, arg: int):
        return self.p + 'int'
    @fmt.register(list)
    def _(self, arg):
        return self.p + 'list'
    @singledispatchmethod
    @classmethod
    def make(cls, arg):
        return cls.__name__ + ' any'
    @make.register
    @classmethod
    def _(cls, arg: str):
        return cls.__name__ + ' str'
f = Fmt('> ')
print(f.fmt(1), f.fmt([]), f.fmt('x'), Fmt.make(1), Fmt.make('s'), f.make('q'))
