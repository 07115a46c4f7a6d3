"""Booleans and comparisons: and/or values, not, chained comparisons,
is/is not, in/not in, rich comparison fallbacks, truthiness."""

a, b, c = 1, 2, 3
print(a < b < c, a < b > c, a == 1 == True, 1 < 2 < 3 < 4 < 5, 3 > 2 > 2, 1 <= 1 < 2 != 3)
print(a and b, a or b, 0 and b, 0 or b, None or 0 or "", [] or {} or "last", 1 and 2 and 3)
x = 0 or "default"
y = "set" and "chosen"
z = None and crash  # noqa: F821
print(x, y, z)
print(not a, not 0, not [], not [0], not None, not "", not not "x")
print(a is a, a is not None, None is None, [] is [], True is not False)
print(2 in [1, 2], "x" not in "abc", (1, 2) in {(1, 2): 0}, 3 in range(3), "" in "", 1 in {1.0})
print(True + 1, True == 1, False == 0, bool(-1), bool(0.0), bool("False"), bool(()))
print(1 == 1.0, 1 == "1", [1] == [1.0], (1, 2) == [1, 2], None == None, None == 0, "a" != "A")
print(1 < 2.5, 2 ** 60 < 2.0 ** 61, -0.0 == 0.0, float("nan") == float("nan"), [1, 2] < [1, 3], (1, "a") < (1, "b"))
print(max(True, False), min(True, 2), sum([True, True, False]), sorted([True, False, 0, 1]))


def check(v):
    if v > 10 and v % 2 == 0:
        return "big even"
    elif v > 10 or v < -10:
        return "big odd or very negative"
    elif not v:
        return "zero"
    elif v is None:
        return "unreachable"
    return "small"


print([check(v) for v in [12, 13, -20, 0, 5]])


def side(name, value):
    print("eval", name)
    return value


print(side("a", 0) and side("b", 1))
print(side("c", 1) or side("d", 1))
print(side("e", 1) < side("f", 2) < side("g", 0))
print(side("h", 5) < side("i", 1) < side("j", 9))
r = side("k", []) or side("l", 0) or side("m", "end")
print(r)


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        print("bool called for", self.v)
        return self.v > 0


class Sized:
    def __len__(self):
        return 0


print(bool(Truthy(1)), bool(Truthy(-1)), bool(Sized()), Truthy(2) and "after")
if Truthy(3):
    print("truthy object in if")
if not Sized():
    print("empty sized object is falsy")


class Cmp:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, Cmp) and self.v == other.v

    def __lt__(self, other):
        return self.v < other.v

    def __le__(self, other):
        return self.v <= other.v

    def __repr__(self):
        return f"Cmp({self.v})"


print(Cmp(1) == Cmp(1), Cmp(1) != Cmp(2), Cmp(1) < Cmp(2), Cmp(3) > Cmp(2), Cmp(2) >= Cmp(2), Cmp(1) == 1)
print(sorted([Cmp(3), Cmp(1), Cmp(2)]), max(Cmp(5), Cmp(4)), Cmp(1) in [Cmp(0), Cmp(1)])
try:
    Cmp(1) < 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    [] < 1
except TypeError as e:
    print("TypeError:", e)
try:
    object() < object()
except TypeError as e:
    print("TypeError:", e)
val = 7
kind = "odd" if val % 2 else "even"
size = "small" if val < 5 else "medium" if val < 10 else "large"
print(kind, size)
flags = [v > 2 for v in range(5)]
print(flags, any(flags), all(flags), flags.count(True))
t = u = None
print(t is u, t == u, (t or "t-empty"), (u and "never"))
print(1 if [] else 2, 3 if "s" else 4, (lambda q: q or "fallback")(0))
e = 5
print(0 < e < 10, not 0 < e < 10, e not in (1, 2), not e in (5,), e is not e)
print(~True, -True, +False, True & False, True | False, True ^ True, type(True & 1).__name__)
