class Foo: pass
U = int | str
print(U, type(U), U.__args__)
print(int | None, None | int, int | int, int | str | int)
print(isinstance(1, U), isinstance(1.0, U), isinstance(None, int | None))
print(issubclass(bool, int | str), issubclass(float, int | str))
print((int | str) == (str | int), (int | str) == (int | str), (int|str) == (int|float))
print(int | Foo, (int | str) | (float | None))
print(hash(int | str) == hash(str | int))
try:
    1 | int
except TypeError as e:
    print(e)
try:
    int | 1
except TypeError as e:
    print(e)
def f(x: int | None = None) -> list[int] | None:
    return x
print(f.__annotations__["x"])
d = {int | str: 1}
print(d[str | int])
print(type(int | str).__name__, type(int | str).__module__)
def describe(x):
    if isinstance(x, int | float):
        return "number"
    if isinstance(x, str | bytes):
        return "text"
    if isinstance(x, None | list):
        return "none-or-list"
    return "other"
for v in [1, 2.5, "s", b"b", None, [1], {}]:
    print(repr(v), describe(v))
class Base: pass
class Derived(Base): pass
print(issubclass(Derived, Base | int), issubclass(Derived, (str, int | Base)))
print(isinstance(True, (str, int | None)))
try:
    issubclass(1, int | str)
except TypeError as e:
    print("TypeError:", e)
print((int | str).__parameters__)
try:
    type(int | str)()
except TypeError as e:
    print("TypeError:", e)
