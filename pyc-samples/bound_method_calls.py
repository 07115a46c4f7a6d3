# Calling bound methods (stored, passed around, classmethods, super()) runs the function
# with `self` first, as CPython's PRECALL_BOUND_METHOD does.


class Base:
    def __init__(self, name):
        self.name = name

    def greet(self, greeting="hello", *, punct="!"):
        return f"{greeting} {self.name}{punct}"

    @classmethod
    def make(cls, name):
        return cls(name)

    def count(self, n):
        return 0 if n == 0 else 1 + self.count(n - 1)

    def gen(self, n):
        for i in range(n):
            yield self.name, i


class Child(Base):
    def greet(self, greeting="hi", *, punct="?"):
        return "child " + super().greet(greeting, punct=punct)


b = Base("ann")
f = b.greet
print(f(), f("hey"), f(punct="."), f("yo", punct=";"))
c = Child.make("bob")
print(type(c).__name__, c.greet(), Child.make.__self__.__name__)
g = c.greet
print(g("hola"))
print(b.count(50), list(b.gen(3)))
calls = [b.greet, c.greet, Base("cy").greet]
print([m("x") for m in calls])
try:
    f(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    f(bad=1)
except TypeError as e:
    print("TypeError:", e)
counter = Base("deep").count
try:
    counter(5000)
except RecursionError as e:
    print("RecursionError:", e)
print(sorted(["b", "a", "c"], key=str.upper), list(map(b.greet, ["1", "2"])))


class WithSlots:
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


getter = WithSlots(42).get
print(getter(), getter.__self__.v)
