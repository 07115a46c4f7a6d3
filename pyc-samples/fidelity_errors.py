# TypeError messages for everyday mistakes, worded as CPython 3.11 words them.
from collections import namedtuple


def attempt(label, f):
    try:
        f()
    except TypeError as e:
        print(label, "->", e)


# Repeating a sequence by something that is not an int.
attempt("list * str", lambda: [1] * "a")
attempt("str * float", lambda: "a" * 1.5)
attempt("float * str", lambda: 1.5 * "a")
attempt("tuple * None", lambda: (1,) * None)
attempt("str * list", lambda: "x" * [1])
attempt("bytes * str", lambda: b"a" * "b")


class Plain:
    pass


attempt("list * instance", lambda: [1] * Plain())
attempt("int * instance", lambda: 3 * Plain())


def inplace():
    x = [1]
    x *= "a"


attempt("list *= str", inplace)

# namedtuple constructors count their arguments like functions.
P = namedtuple("P", "a b c")
Q = namedtuple("Q", "a b c", defaults=[1, 2])
R = namedtuple("R", "")
attempt("P()", lambda: P())
attempt("P(1)", lambda: P(1))
attempt("P(1, 2, 3, 4)", lambda: P(1, 2, 3, 4))
attempt("Q()", lambda: Q())
attempt("Q(1, 2, 3, 4)", lambda: Q(1, 2, 3, 4))
attempt("R(1)", lambda: R(1))
print(R(), Q(0))

# OSError(errno, strerror, ...) constructs the subclass for the errno.
for args in [(2, "No such file"), (2, "No such file", "f.txt"), (13, "denied"), (999, "odd"), (2,), ("x", "y")]:
    e = OSError(*args)
    print(type(e).__name__, e, isinstance(e, OSError))
print(type(IOError(2, "x")).__name__, type(FileNotFoundError(13, "x")).__name__)
try:
    raise OSError(2, "No such file or directory", "missing.txt")
except FileNotFoundError as e:
    print("caught", e.errno, e.filename)
