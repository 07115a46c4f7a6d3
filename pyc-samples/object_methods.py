# object's slot wrappers on instances: object().__str__() is the repr, as in CPython.
o = object()
print(o.__str__()[:16], repr(o)[:16], str(o)[:16], o.__repr__()[:16], o.__hash__() == hash(o), o.__format__("") == str(o))
class A: pass
print(A().__str__()[:18], A().__format__("")[:18])
class B:
    def __repr__(self): return "B!"
print(B().__str__(), B().__format__(""), format(B(), ""), "{}".format(B()))
try:
    B().__format__("x")
except TypeError as e:
    print("TypeError:", e)
try:
    format(B(), "x")
except TypeError as e:
    print("TypeError:", e)
print(str(object).startswith("<class 'object'>"))
