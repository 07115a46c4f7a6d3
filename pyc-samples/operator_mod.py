import operator
from operator import itemgetter, attrgetter, methodcaller

print(operator.add(2, 3), operator.sub(2, 3), operator.mul("ab", 3), operator.truediv(7, 2))
print(operator.floordiv(7, 2), operator.mod(-7, 3), operator.pow(2, 10), operator.neg(5), operator.pos(-2))
print(operator.abs(-4.5), operator.not_([]), operator.truth("x"), operator.invert(5))
print(operator.eq(1, 1.0), operator.ne(1, 2), operator.lt(1, 2), operator.le(2, 2), operator.gt("b", "a"), operator.ge(1, 2))
print(operator.and_(12, 10), operator.or_(12, 10), operator.xor(12, 10), operator.lshift(1, 5), operator.rshift(64, 3))
print(operator.contains([1, 2], 2), operator.getitem("hello", 1), operator.index(7), operator.concat([1], [2]))
d = {}
operator.setitem(d, "k", 1)
print(d)
operator.delitem(d, "k")
print(d)
x = []
print(operator.is_(x, x), operator.is_not(x, []))
try:
    operator.concat(1, 2)
except TypeError as e:
    print("TypeError:", e)

rows = [("b", 2, 9), ("a", 3, 1), ("c", 1, 5)]
print(sorted(rows, key=itemgetter(1)))
print(list(map(itemgetter(0, 2), rows)))
print(itemgetter(1), itemgetter("a", 2))
print(itemgetter(slice(1, None))("abcd"))

class P:
    def __init__(self, name, inner=None):
        self.name = name
        self.inner = inner
    def greet(self, greeting, punct="!"):
        return greeting + " " + self.name + punct

ps = [P("zed", P("x")), P("amy", P("y"))]
print([p.name for p in sorted(ps, key=attrgetter("name"))])
print(attrgetter("inner.name")(ps[0]), attrgetter("name", "inner.name")(ps[1]))
print(attrgetter("name"), attrgetter("a.b", "c"))
m = methodcaller("greet", "hi", punct="?")
print(m(ps[0]), methodcaller("upper")("abc"))
print(m, methodcaller("x"))
try:
    attrgetter("nope")(ps[0])
except AttributeError as e:
    print("AttributeError:", e)
print(type(itemgetter(1)).__name__)
