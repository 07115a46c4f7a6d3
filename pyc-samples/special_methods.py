"""Special methods honoured by builtins and operators, properties, exception attributes,
with_traceback, add_note, OSError errno formatting, sys.exc_info inside and outside handlers."""
import sys
class N:
    def __init__(self, v): self.v = v
    def __round__(self, n=None): return f"round{n}"
    def __reversed__(self): return iter([3, 2, 1])
    def __format__(self, spec): return f"<{spec}>"
    def __index__(self): return 2
    def __int__(self): return 7
    def __float__(self): return 1.5
    def __abs__(self): return "abs"
    def __neg__(self): return "neg"
    def __pos__(self): return "pos"
    def __invert__(self): return "inv"
    def __len__(self): return 4
    def __contains__(self, x): return x == 1
    def __call__(self, *a, **k): return (a, k)
    def __iter__(self): return iter(range(3))
    def __getitem__(self, i): return i * 10
    def __bool__(self): return False
    def __hash__(self): return 42
    def __eq__(self, o): return isinstance(o, N)
    def __lt__(self, o): return self.v < o.v
n = N(1)
print(round(n), round(n, 2), list(reversed(n)), format(n, "x"), f"{n:>3}", [1,2,3][n], int(n), float(n))
print(abs(n), -n, +n, ~n, len(n), 1 in n, n(1, k=2), list(n), n[5], bool(n), hash(n), n == N(2), sorted([N(3), N(1)])[0].v)
print(hex(n), bin(n), oct(n), range(10)[n], divmod(7, 2), pow(2, 10, 1000), max([N(3), N(5)]).v, min(N(3), N(2)).v)
class A:
    __slots__ = ()
class P:
    @property
    def x(self): return 1
    @x.setter
    def x(self, v): print("set", v)
p = P(); p.x = 5; print(p.x, getattr(p, "nope", "default"), hasattr(p, "x"), vars(N(9)))
try:
    raise ValueError("a").with_traceback(None)
except ValueError as e:
    print(sys.exc_info()[0].__name__, e.__traceback__ is not None, repr(e), str(KeyError("k")), repr(KeyError("k")))
print(sys.exc_info())
e = RuntimeError("x"); e.add_note("note1"); print(e.__notes__)
class E(Exception):
    def __init__(self, code): super().__init__(f"code {code}"); self.code = code
try:
    raise E(3)
except Exception as ex:
    print(type(ex).__name__, ex.code, ex.args, isinstance(ex, Exception), issubclass(E, BaseException))
print(OSError(2, "No such file").errno if hasattr(OSError(2, "x"), "errno") else "noerrno", str(OSError(2, "No such file")))
print(StopIteration(5).value, SystemExit(3).code, repr(ExceptionGroup("g", [ValueError()])))
print(issubclass(bool, int), isinstance(True, int), type(None).__name__, type(print).__name__, type(len).__name__)
print(object.__name__, type.__name__, type(type).__name__, N.__name__, N.__qualname__, N.__module__)
