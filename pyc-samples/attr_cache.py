# Attribute lookups are cached per class (where along the MRO a name lives). Every way a
# class or its bases can change must be seen by the next access.


class Base:
    kind = "base"

    def greet(self):
        return "base greet"


class Child(Base):
    pass


c = Child()
for _ in range(3):
    print(c.kind, c.greet())

# Rebinding a method on the base (same key, new value).
Base.greet = lambda self: "patched greet"
print(c.greet())

# Adding the name on the subclass shadows the base.
Child.greet = lambda self: "child greet"
print(c.greet())

# Deleting it uncovers the base again.
del Child.greet
print(c.greet())

# An instance attribute shadows a non-data class attribute...
c.kind = "instance"
print(c.kind)
del c.kind
print(c.kind)


# ...but a data descriptor added later wins over the instance dict.
class D:
    pass


d = D()
d.value = 1
print(d.value)
D.value = property(lambda self: "from property")
print(d.value)
del D.value
print(d.value)

# setattr/delattr on classes.
setattr(Base, "extra", 42)
print(c.extra)
delattr(Base, "extra")
try:
    c.extra
except AttributeError as e:
    print("AttributeError:", e)


# Changing __class__ switches the lookups to the new class.
class Other:
    kind = "other"

    def greet(self):
        return "other greet"


c.__class__ = Other
print(c.kind, c.greet())

# Same attribute names on many classes in one loop (cache slots shared by name hash).
classes = [type(f"K{i}", (), {"x": i, "get": lambda self, i=i: i * 10}) for i in range(70)]
objs = [k() for k in classes]
print(sum(o.x for o in objs), sum(o.get() for o in objs))
for k in classes[::7]:
    k.x = -1
print(sum(o.x for o in objs))


# __getattr__ added after the fact is used for missing attributes.
class Late:
    pass


late = Late()
try:
    late.missing
except AttributeError as e:
    print("AttributeError:", e)
Late.__getattr__ = lambda self, name: f"fallback {name}"
print(late.missing)


# Method calls through the inline call path, with defaults, keywords and *args.
class Calc:
    def __init__(self, base):
        self.base = base

    def add(self, x, y=10, *rest, scale=1):
        return (self.base + x + y + sum(rest)) * scale


calc = Calc(1)
print(calc.add(1), calc.add(1, 2), calc.add(1, 2, 3, 4), calc.add(1, scale=3))
try:
    calc.add()
except TypeError as e:
    print("TypeError:", e)

for bad in (5, int):
    try:
        c.__class__ = bad
    except TypeError as e:
        print("TypeError:", e)
print(type(c).__name__, c.__class__.__name__)
