"""Operators: every binary, in-place and unary operator on builtins and on
user classes (reflected operands, NotImplemented, __index__, @ matmul)."""

a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, a << 2, a >> 2, a & b, a | b, a ^ b)
print(-a, +a, ~a, not a, -(-a), ~~a)
x, y = 7.5, 2.0
print(x + y, x - y, x * y, x / y, x // y, x % y, x ** y, -x, +x)
print("ab" + "cd", "ab" * 2, [1] + [2], [0] * 3, (1,) * 2, "%s" % "mod")
v = 10
v += 5
v -= 3
v *= 4
v //= 5
v **= 2
v %= 50
v <<= 3
v >>= 1
v |= 1
v &= 0xFF
v ^= 0x0F
print(v)
f = 2.5
f /= 2
f **= 3
print(f)


class Vec:
    def __init__(self, *c):
        self.c = c

    def __repr__(self):
        return f"Vec{self.c}"

    def _zip(self, other, op):
        if isinstance(other, Vec):
            return Vec(*(op(p, q) for p, q in zip(self.c, other.c)))
        if isinstance(other, (int, float)):
            return Vec(*(op(p, other) for p in self.c))
        return NotImplemented

    def __add__(self, o): return self._zip(o, lambda p, q: p + q)
    def __sub__(self, o): return self._zip(o, lambda p, q: p - q)
    def __mul__(self, o): return self._zip(o, lambda p, q: p * q)
    def __truediv__(self, o): return self._zip(o, lambda p, q: p / q)
    def __floordiv__(self, o): return self._zip(o, lambda p, q: p // q)
    def __mod__(self, o): return self._zip(o, lambda p, q: p % q)
    def __pow__(self, o): return self._zip(o, lambda p, q: p ** q)
    def __lshift__(self, o): return self._zip(o, lambda p, q: p << q)
    def __rshift__(self, o): return self._zip(o, lambda p, q: p >> q)
    def __and__(self, o): return self._zip(o, lambda p, q: p & q)
    def __or__(self, o): return self._zip(o, lambda p, q: p | q)
    def __xor__(self, o): return self._zip(o, lambda p, q: p ^ q)
    def __matmul__(self, o): return sum(p * q for p, q in zip(self.c, o.c))
    def __radd__(self, o): return self._zip(o, lambda p, q: q + p)
    def __rsub__(self, o): return self._zip(o, lambda p, q: q - p)
    def __rmul__(self, o): return self._zip(o, lambda p, q: q * p)
    def __neg__(self): return Vec(*(-p for p in self.c))
    def __pos__(self): return Vec(*(abs(p) for p in self.c))
    def __invert__(self): return Vec(*reversed(self.c))
    def __abs__(self): return sum(p * p for p in self.c) ** 0.5

    def __iadd__(self, o):
        self.c = tuple(p + q for p, q in zip(self.c, o.c))
        return self

    def __imatmul__(self, o):
        return Vec(self @ o)


p, q = Vec(1, 2, 3), Vec(4, 5, 6)
print(p + q, p - q, p * q, q / p, q // p, q % p, p ** 2, p << 1, q >> 1, p & q, p | q, p ^ q)
print(p @ q, 10 + p, 10 - p, 2 * p, p * 0.5, -p, +Vec(-1, 2), ~p, abs(Vec(3, 4)))
alias = p
p += q
print(p, alias is p, alias)
p @= q
print(p)
p -= Vec(1)
print(p)
try:
    p + "s"
except TypeError as e:
    print("TypeError:", e)
try:
    "s" @ p
except TypeError as e:
    print("TypeError:", e)
try:
    -"s"
except TypeError as e:
    print("TypeError:", e)


class Idx:
    def __index__(self):
        return 2


print([10, 20, 30][Idx()], "abcd"[Idx():], bin(Idx()), range(10)[Idx()], (3).__add__(4), (3).__radd__(4))
print((5).__sub__(2.0), (2.0).__rsub__(5), 1 + 2 * 3 ** 2 // 4 % 5 - -1, (1 + 2) * 3, 2 ** 3 ** 2, -2 ** 2)
print(7 & 3 | 8 ^ 2, 1 << 2 + 1, (1 << 2) + 1, 5 - 3 - 1, 2 ** -1, 10 / 4 * 2, 10 // 4 * 2)
lst = [1, 2]
lst += (3, 4)
lst *= 2
s = {1, 2}
s |= {3}
s &= {2, 3}
s ^= {9}
s -= {2}
d = {"a": 1}
d |= {"b": 2}
t = (1,)
t += (2,)
print(lst, s, d, t)
