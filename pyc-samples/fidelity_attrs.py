# Attribute errors worded as CPython 3.11 words them, and the methods every class
# inherits from `object` and from its built-in bases.


def attempt(label, f):
    try:
        r = f()
    except (AttributeError, TypeError) as e:
        print(label, type(e).__name__, e)
    else:
        print(label, "ok", r)


# Properties without a setter/deleter/getter name the property and the class.
class Outer:
    class B:
        @property
        def x(self):
            return 1

        y = property(doc="only a doc")

        @property
        def z(self):
            return 2

        @z.deleter
        def z(self):
            print("deleting z")


b = Outer.B()
attempt("set x", lambda: setattr(b, "x", 2))
attempt("del x", lambda: delattr(b, "x"))
attempt("get y", lambda: b.y)
attempt("set z", lambda: setattr(b, "z", 3))
del b.z


class Late:
    pass


Late.w = property(lambda self: 1)  # no __set_name__: the name is unknown
attempt("set w", lambda: setattr(Late(), "w", 1))
p = property(lambda self: 1)
p.__set_name__(Late, "named")
Late.v = p
attempt("set v", lambda: setattr(Late(), "v", 1))


class Sub(Outer.B):
    pass


attempt("subclass", lambda: setattr(Sub(), "x", 1))


# __slots__: a class attribute is read-only on an instance without a __dict__, an
# empty slot names only itself.
class Slotted:
    __slots__ = ("a",)
    x = 5


s = Slotted()
attempt("setattr class attr", lambda: object.__setattr__(s, "x", 1))
attempt("setattr unknown", lambda: object.__setattr__(s, "y", 1))
attempt("del class attr", lambda: delattr(s, "x"))
attempt("del unknown", lambda: delattr(s, "y"))
attempt("del empty slot", lambda: delattr(s, "a"))


class Plain:
    x = 1


attempt("del class attr with dict", lambda: delattr(Plain(), "x"))


# Methods of `object`, reached through a class or an instance.
class A:
    pass


a = A()
print(A.__eq__(a, a), A.__eq__(a, 1), A.__ne__(a, 1), A.__lt__(a, a))
print(a.__eq__(a), a.__ne__(a), a.__hash__() == hash(a), a.__init__())
print(object.__eq__(1, 2), object.__ne__(1, 2), object.__lt__(1, 2))
print(callable(A.__init__), callable(A.__setattr__), A.__str__(a) == repr(a))


# super() and explicit object.__xxx__ calls do not come back to the override.
class R:
    def __repr__(self):
        return "R" + object.__repr__(self)[:3]

    def __eq__(self, other):
        return super().__eq__(other)

    def __hash__(self):
        return super().__hash__() * 0 + 7

    def __str__(self):
        return "S" + super().__str__()

    def __format__(self, spec):
        return "F" + super().__format__(spec)


r = R()
print(repr(r), r == r, r == R(), r != r, r != R(), hash(r))
print(str(r), format(r, ""), f"{r}", f"{r!s}", "{}".format(r))
attempt("format spec", lambda: format(r, "x"))
attempt("plain format spec", lambda: format(A(), "x"))


# A class that defines __eq__ but not __hash__ is unhashable, even when a base is.
class Base:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 1


class EqOnly(Base):
    def __eq__(self, other):
        return False


print(EqOnly.__hash__, "__hash__" in vars(EqOnly), hash(Base()))
attempt("hash", lambda: hash(EqOnly()))

s1 = "text"
print(format(s1, "") is s1)


# Assigning a class-level name on a slots instance: read-only, as in CPython.
class SlotsWithClassAttr:
    __slots__ = ("a",)
    x = 5


swc = SlotsWithClassAttr()
swc.a = 1
for name in ("x", "y"):
    try:
        setattr(swc, name, 3)
    except AttributeError as e:
        print("AttributeError:", e)
try:
    swc.x = 4
except AttributeError as e:
    print("AttributeError:", e)
