import functools
from functools import reduce, partial, cmp_to_key, lru_cache, cache, wraps

print(reduce(lambda a, b: a + b, [1, 2, 3, 4]))
print(reduce(lambda a, b: a * b, [], 7))
print(reduce(lambda a, b: a + [b], "abc", []))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print("TypeError:", e)

def f(a, b, c=0, *, k=1):
    return (a, b, c, k)

p = partial(f, 1, k=5)
print(p(2), p(2, 3), p(2, k=9))
print(p.args, p.keywords, p.func is f)
q = partial(p, 10)
print(q(c=4), q.args, q.func is f)
print(repr(partial(max, 1, 2, key=abs)).replace(repr(max), "MAX"))
print(type(p).__name__)

def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([3, 1, 2, 5, 4], key=cmp_to_key(cmp)))
print(sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda x, y: len(y) - len(x))))
K = cmp_to_key(cmp)
print(K(1) < K(2), K(3) <= K(2), K(2) == K(2), K(4).obj)

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60), fib.cache_info())

@lru_cache(maxsize=2)
def sq(x):
    print("computing", x)
    return x * x
for x in [1, 2, 1, 3, 2, 1]:
    print(sq(x))
info = sq.cache_info()
print(info, info.hits, info.currsize)
sq.cache_clear()
print(sq.cache_info())
print(sq.__name__, sq.__wrapped__.__name__)

@lru_cache
def g(a, b=2):
    return a + b
print(g(1), g(1), g(1, b=2), g.cache_info())

@cache
def h(x):
    return [x]
print(h(3) is h(3), h.cache_info())
try:
    h([1])
except TypeError as e:
    print("TypeError:", e)

def deco(fn):
    @wraps(fn)
    def inner(*a, **kw):
        "inner doc"
        return fn(*a, **kw) * 2
    return inner

@deco
def double_me(x):
    "the doc"
    return x + 1
print(double_me(3), double_me.__name__, double_me.__doc__, double_me.__wrapped__(3))
print(double_me.__qualname__)
