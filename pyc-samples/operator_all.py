# operator: in-place functions, countOf/indexOf/length_hint/call, the dunder aliases.
import operator as op

names = sorted(n for n in dir(op) if not n.startswith("_"))
print(len(names))
print(" ".join(names))
dunders = sorted(n for n in dir(op) if n.startswith("__") and n.endswith("__") and callable(getattr(op, n)))
print(" ".join(d for d in dunders if d not in ("__call__",) or True))
print(op.__add__ is op.add, op.__not__ is op.not_, op.__iadd__ is op.iadd, op.__invert__(5), op.__inv__(5))
a = [1, 2]
b = op.iadd(a, [3])
print(a, b is a)
t = (1,)
u = op.iadd(t, (2,))
print(t, u)
x = 10
for f in [op.iadd, op.isub, op.imul, op.itruediv, op.ifloordiv, op.imod, op.ipow, op.iand, op.ior, op.ixor, op.ilshift, op.irshift]:
    print(f.__name__, f(x, 3))
s = {1, 2}
print(op.ior(s, {3}), s, op.iand({1, 2, 3}, {2}), op.ixor({1, 2}, {2, 3}), op.isub({1, 2}, {1}))
print(op.iconcat([1], (2, 3)), op.iconcat("ab", "c"))
try:
    op.iconcat(1, 2)
except TypeError as e:
    print("TypeError:", e)
class M:
    def __init__(self, v): self.v = v
    def __imatmul__(self, o): return "imatmul %s %s" % (self.v, o)
    def __matmul__(self, o): return "matmul"
print(op.imatmul(M(1), 2), op.matmul(M(1), 2))
print(op.countOf([1, 2, 1, 3, 1], 1), op.countOf("banana", "a"), op.countOf([], 0))
print(op.indexOf([5, 6, 7], 7), op.indexOf("abc", "b"))
try:
    op.indexOf([1, 2], 9)
except ValueError as e:
    print("ValueError:", e)
class Hint:
    def __length_hint__(self): return 7
class NoHint:
    pass
class Both:
    def __len__(self): return 2
    def __length_hint__(self): return 99
print(op.length_hint([1, 2, 3]), op.length_hint("abcd"), op.length_hint({1: 2}), op.length_hint(range(10)))
print(op.length_hint(Hint()), op.length_hint(NoHint()), op.length_hint(NoHint(), 5), op.length_hint(Both()))
print(op.call(max, 3, 9, 4), op.call(sorted, [3, 1, 2], reverse=True), op.call(dict, a=1))
print(op.add(1, 2), op.sub(5, 3), op.mul("ab", 3), op.truediv(7, 2), op.floordiv(7, 2), op.mod(7, 3), op.pow(2, 10))
print(op.neg(3), op.pos(-3), op.abs(-4), op.inv(0), op.invert(5), op.not_(0), op.truth([]), op.is_(None, None), op.is_not(1, None))
print(op.lt(1, 2), op.le(2, 2), op.eq(1, 1.0), op.ne("a", "b"), op.gt(3, 1), op.ge(1, 2))
print(op.and_(12, 10), op.or_(12, 10), op.xor(12, 10), op.lshift(1, 8), op.rshift(256, 4))
d = {"k": [1, 2, 3]}
op.setitem(d, "z", 0); op.delitem(d, "z")
print(op.getitem(d, "k"), op.contains(d["k"], 2), op.concat([1], [2]), op.index(7), d)
print(op.itemgetter(1)("abc"), op.itemgetter(0, 2)("abc"), op.attrgetter("real")(3), op.methodcaller("upper")("x"))
print(op.itemgetter(1), op.attrgetter("a.b", "c"), op.methodcaller("split", ",", maxsplit=1))
print(sorted([(1, "b"), (0, "c"), (1, "a")], key=op.itemgetter(0, 1)))
