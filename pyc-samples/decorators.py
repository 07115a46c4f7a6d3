"""Decorators: function decorators with and without arguments, stacking,
class decorators, decorating methods, wrappers preserving metadata by hand."""

calls = []


def trace(func):
    def wrapper(*args, **kwargs):
        calls.append(func.__name__)
        result = func(*args, **kwargs)
        print(f"{func.__name__}{args} -> {result!r}")
        return result

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func
    return wrapper


def repeat(times):
    def decorator(func):
        def wrapper(*args):
            return [func(*args) for _ in range(times)]

        return wrapper

    return decorator


def memoize(func):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = func(n)
        return cache[n]

    wrapper.cache = cache
    return wrapper


@trace
def add(a, b):
    "Add two things."
    return a + b


add(2, 3)
add("x", "y")
print(add.__name__, add.__doc__, add.__wrapped__(1, 1), calls)


@repeat(3)
def shout(word):
    return word.upper() + "!"


print(shout("hey"))


@memoize
def slow_fib(n):
    return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)


print(slow_fib(80), len(slow_fib.cache))


@trace
@repeat(2)
def stacked(x):
    return x * 10


stacked(4)
registry = {}


def register(name):
    def deco(obj):
        registry[name] = obj
        return obj

    return deco


@register("square")
def square(v):
    return v * v


@register("cube")
def cube(v):
    return v ** 3


print(sorted(registry), [registry[k](3) for k in sorted(registry)])


def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"

    cls.__repr__ = __repr__
    return cls


def singleton(cls):
    instances = {}

    def get(*args):
        if cls not in instances:
            instances[cls] = cls(*args)
        return instances[cls]

    return get


@add_repr
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


@singleton
class Config:
    def __init__(self, value):
        self.value = value


print(Point(1, "two"), Config(1).value, Config(2).value, Config(3) is Config(4))


class Counter:
    def __init__(self, func):
        self.func = func
        self.count = 0

    def __call__(self, *args):
        self.count += 1
        return self.func(*args)


@Counter
def greet(name):
    return "hi " + name


print(greet("a"), greet("b"), greet.count)


class Service:
    def __repr__(self):
        return "Service()"

    @trace
    def method(self, v):
        return v + 1

    @staticmethod
    @repeat(2)
    def static_rep(v):
        return v

    @classmethod
    def factory(cls):
        return cls.__name__

    @property
    @trace
    def prop(self):
        return "prop value"


s = Service()
print(s.method(41), Service.static_rep(7), Service.factory(), s.prop)
print(calls)
