import gc, copy, io, string, keyword, abc, types
print(gc.collect(), gc.isenabled()); gc.disable(); print(gc.isenabled()); gc.enable(); print(gc.isenabled(), len(gc.get_count()))
a = [1, [2, 3], {"k": (4, [5])}]
b = copy.copy(a); c = copy.deepcopy(a)
print(b[1] is a[1], c[1] is a[1], c == a, c[2]["k"][1] is a[2]["k"][1])
shared = [1]; s2 = [shared, shared]; d2 = copy.deepcopy(s2); print(d2[0] is d2[1], d2[0] is shared)
cyc = [1]; cyc.append(cyc); dc = copy.deepcopy(cyc); print(dc[1] is dc, dc is cyc)
class P:
    def __init__(self, x, y): self.x = x; self.y = y
    def __repr__(self): return f"P({self.x!r}, {self.y!r})"
p = P(1, [2]); q = copy.copy(p); r = copy.deepcopy(p)
print(q, r, q.y is p.y, r.y is p.y, type(r) is P)
class C:
    def __copy__(self): return "copied"
    def __deepcopy__(self, memo): return "deep"
print(copy.copy(C()), copy.deepcopy([C()]))
t = (1, 2, "x"); print(copy.deepcopy(t) is t, copy.copy({1, 2}), copy.deepcopy(frozenset({3})))
s = io.StringIO()
print(s.write("hello\n"), s.write("world\nlast"))
print(repr(s.getvalue()))
s.seek(0); print(repr(s.readline()), repr(s.read()))
s.seek(0)
for line in s: print(repr(line))
s.seek(0); print(s.readlines(), s.tell())
s.close(); print(s.closed)
try: s.getvalue()
except ValueError as e: print("VE", e)
s = io.StringIO("abc\ndef"); print(s.read(2), s.read(), repr(s.read()))
with io.StringIO() as f:
    print("x", 1, file=f); print(repr(f.getvalue()))
bi = io.BytesIO(b"ab\ncd"); print(bi.readline(), bi.read(), bi.getvalue()); bi.write(b"!"); print(bi.getvalue())
print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(repr(string.punctuation), repr(string.whitespace), repr(string.printable))
print(string.capwords("  hello   wORLD foo "), string.capwords("a-b-c", "-"))
print(keyword.kwlist, keyword.softkwlist, keyword.iskeyword("for"), keyword.iskeyword("x"))
class Base(abc.ABC):
    @abc.abstractmethod
    def m(self): pass
    @abc.abstractmethod
    def a(self): pass
class Half(Base):
    def a(self): return 1
class Full(Half):
    def m(self): return 2
for k in (Base, Half):
    try: k()
    except TypeError as e: print(e)
print(Full().m(), isinstance(Full(), abc.ABC))
ns = types.SimpleNamespace(a=1, b="x"); ns.c = [1]
print(ns, ns.a, ns == types.SimpleNamespace(a=1, b="x", c=[1]))
def fn(): pass
print(isinstance(fn, types.FunctionType), isinstance(len, types.BuiltinFunctionType), types.ModuleType, type(None) is types.NoneType)
