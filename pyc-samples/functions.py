"""Functions: defaults, keyword-only, positional-only, *args, **kwargs,
call-site * and ** unpacking, annotations, attributes, recursion."""


def defaults(a, b=2, c=[]):
    c.append(a)
    return a, b, len(c)


print(defaults(1), defaults(1, 3), defaults(b=5, a=0), defaults(9, c=[]))


def kwonly(a, *, key, flag=False):
    return a, key, flag


print(kwonly(1, key="k"), kwonly(a=2, flag=True, key=None))
try:
    kwonly(1, 2)
except TypeError as e:
    print("TypeError:", e)


def posonly(a, b, /, c, d=4, *, e=5):
    return a, b, c, d, e


print(posonly(1, 2, 3), posonly(1, 2, c=3, e=6), posonly(1, 2, 3, 4, e=0))
try:
    posonly(a=1, b=2, c=3)
except TypeError as e:
    print("TypeError:", e)


def star(*args, **kwargs):
    return args, kwargs


print(star(), star(1, 2), star(x=1), star(1, *[2, 3], *(4,), y=5, **{"z": 6}))
args = (1, 2)
kwargs = {"c": 3, "d": 4}
print(posonly(*args, **kwargs), posonly(*args, *[7]), star(*"ab", **{"k": "v"}, **{"m": "n"}))
try:
    star(**{"a": 1}, **{"a": 2})
except TypeError as e:
    print("TypeError:", e)


def all_kinds(p1, p2=20, /, n1=30, *rest, k1, k2=50, **extra):
    return p1, p2, n1, rest, k1, k2, extra


print(all_kinds(1, k1=4))
print(all_kinds(1, 2, 3, 4, 5, k1=6, k2=7, other=8))
co = all_kinds.__code__
print(co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount, co.co_varnames[:8], all_kinds.__defaults__, all_kinds.__kwdefaults__)


def annotated(x: int, y: "str" = "s", *a: float, z: list = None, **kw: dict) -> tuple:
    return x, y


print(annotated.__annotations__, annotated(1))


def documented():
    "The docstring."
    return documented.__doc__


print(documented(), documented.__name__, documented.__qualname__, defaults.__defaults__[0])


def make_multiplier(n):
    def mul(x):
        return x * n

    mul.factor = n
    return mul


triple = make_multiplier(3)
print(triple(7), triple.factor, triple.__name__, triple.__qualname__)
square = lambda v: v * v  # noqa: E731
print(square(9), (lambda *a, **k: (a, k))(1, b=2), (lambda: "no args")(), square.__name__)
compose = lambda f, g: lambda x: f(g(x))  # noqa: E731
print(compose(square, triple)(2), list(map(lambda p: p[0] * p[1], [(2, 3), (4, 5)])))


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(fact(20), ackermann(2, 3))


def mutual_even(n):
    return True if n == 0 else mutual_odd(n - 1)


def mutual_odd(n):
    return False if n == 0 else mutual_even(n - 1)


print(mutual_even(10), mutual_odd(7))


def returns_many():
    return 1, "two", [3]


one, two, three = returns_many()
print(one, two, three, returns_many())


def no_return():
    pass


print(no_return(), (lambda: None)())


def apply(func, *args, **kwargs):
    return func(*args, **kwargs)


print(apply(sorted, [3, 1, 2], reverse=True), apply(max, 1, 5, 3), apply(dict, a=1))


class Callable:
    def __call__(self, *a, **k):
        return ("called", a, k)


print(Callable()(1, x=2), apply(Callable(), 3))
for bad in [lambda: defaults(), lambda: defaults(1, 2, 3, 4), lambda: defaults(1, z=3), lambda: defaults(1, a=2)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
method = [1, 2].__len__
print(method(), "x".join.__name__, sorted.__name__, print.__name__)
