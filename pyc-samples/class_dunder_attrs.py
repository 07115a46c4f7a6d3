class M(type): pass
class A(metaclass=M): pass
class B: pass
class C(A): pass
print(A.__class__, B.__class__, C.__class__, int.__class__, type.__class__, M.__class__)
print(A.__class__ is M, type(C) is C.__class__)
for f in [lambda: object().__dict__, lambda: (1).__dict__, lambda: "s".__dict__, lambda: [].__dict__]:
    try:
        print(f())
    except AttributeError as e:
        print("AttributeError:", e)
class Slotted:
    __slots__ = ("a",)
try:
    Slotted().__dict__
except AttributeError as e:
    print("AttributeError:", e)
class Plain: pass
p = Plain(); p.x = 1
print(p.__dict__, vars(p), B().__dict__)
class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict(); w.b = 2; print(w.__dict__)
