# Calls that the eval loop runs in place without leaving its fast path (a positional call
# of a plain Python function, CPython's CALL_PY_EXACT_ARGS), and the cases next to them
# that must take the full CALL: defaults, keywords, *args, closures, methods, generators.


def add(a, b):
    return a + b


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def with_default(a, b=10):
    return a * b


def kwonly(a, *, k):
    return a - k


def star(*args):
    return len(args)


def make_adder(n):
    def inner(x):
        return x + n

    return inner


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def scaled(self, k):
        return Point(self.x * k, self.y * k)


def gen(n):
    for i in range(n):
        yield i * i


# Results land on a stack that already holds values (the caller resumes mid-expression).
print(1 + add(2, 3) * add(4, 5), [add(i, i) for i in range(5)])
print(fib(20))
print(with_default(3), with_default(3, 4), kwonly(5, k=2), star(1, 2, 3))
inc = make_adder(1)
print(inc(41), make_adder(10)(5))
p = Point(3, -4)
print(p.norm1(), p.scaled(2).norm1(), Point.norm1(p))
print(list(gen(5)), sum(gen(4)))
print(max(map(add, [1, 2], [3, 4])), sorted([3, 1, 2], key=lambda v: -v))


# A deep chain of calls, returning through every frame.
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)


print(depth(900))


# The recursion limit is reached through the fast path too.
def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RecursionError as e:
    print("RecursionError:", e)


# Wrong argument counts fall back to the full call and its messages.
try:
    add(1)
except TypeError as e:
    print(e)
try:
    add(1, 2, 3)
except TypeError as e:
    print(e)


# A call with many arguments and locals beyond them.
def many(a, b, c, d, e, f, g, h):
    total = 0
    for v in (a, b, c, d, e, f, g, h):
        total = total * 2 + v
    return total


print(many(1, 0, 1, 1, 0, 0, 1, 0))


# An exception raised three fast calls deep is caught by the outermost caller, and then
# escapes with a traceback through frames entered by the fast path.
def level3(x):
    return 10 // x


def level2(x):
    return level3(x - 1) + 1


def level1(x):
    return level2(x) * 2


try:
    level1(1)
except ZeroDivisionError as e:
    print("caught:", e)
print(level1(3))
level1(1)
