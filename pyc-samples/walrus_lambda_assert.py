"""Assignment expressions (walrus), lambdas and assert statements."""

data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list, n =", n)
print([y for x in data if (y := x * 2) > 6], y)
values = iter([5, 4, 0, 7])
while (v := next(values)) != 0:
    print("value", v)
print("stopped at", v, "remaining", list(values))
print((total := sum(data)), total // len(data))
stats = {"min": (lo := min(data)), "max": (hi := max(data)), "span": hi - lo}
print(stats)


def first_long(words):
    if any(len(found := w) > 4 for w in words):
        return found
    return None


print(first_long(["hi", "there", "world"]), first_long(["a"]))


def walrus_in_func():
    results = []
    i = 0
    while (i := i + 1) <= 3:
        results.append(i * i)
    return results, i


print(walrus_in_func())
square = lambda x: x * x  # noqa: E731
add = lambda a, b=10: a + b  # noqa: E731
varargs = lambda *a, **k: (len(a), sorted(k))  # noqa: E731
print(square(7), add(1), add(1, 2), varargs(1, 2, z=3, a=4))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)), list(map(lambda p: p[::-1], ["ab", "cd"])))
print((lambda: "immediate")(), (lambda x, y: x ** y)(2, 8), (lambda *, k: k)(k="kw"))
adders = [lambda x, n=n: x + n for n in range(3)]
print([f(10) for f in adders])
curry = lambda a: lambda b: lambda c: a * 100 + b * 10 + c  # noqa: E731
print(curry(1)(2)(3), (lambda f: f(f, 10))(lambda self, k: 1 if k == 0 else k * self(self, k - 1)))
print(type(square).__name__, square.__name__, (lambda: 0).__code__.co_name)
assert True
assert 1 + 1 == 2, "never shown"
assert [1], "non-empty list is truthy"
try:
    assert False
except AssertionError as e:
    print("AssertionError with args", e.args)
try:
    assert n < 0, f"n was {n}"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert not data, ("tuple", "message")
except AssertionError as e:
    print("AssertionError:", e.args)


def checked_div(a, b):
    assert b != 0, "division by zero requested"
    return a / b


print(checked_div(1, 4))
try:
    checked_div(1, 0)
except AssertionError as e:
    print("AssertionError:", e)
