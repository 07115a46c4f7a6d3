# The unboxed i64 fast paths of BINARY_OP against Python's semantics: floor division and
# modulo toward negative infinity, bitwise operators, shifts, and the edges where the
# result leaves i64 (BigInt) or the operation raises.
values = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 1000, -1000, 2**31, -2**31,
          2**62, -2**62, 2**63 - 1, -2**63]
divisors = [1, -1, 2, -2, 3, -3, 7, -7, 10, -10, 2**31, -2**31, 2**63 - 1, -2**63]
acc = 0
for x in values:
    for y in divisors:
        q = x // y
        r = x % y
        assert q * y + r == x, (x, y)
        acc += hash((q, r)) & 0xFFFF
        print(x, y, q, r, x & y, x | y, x ^ y)
print(acc)
for x in values:
    for s in [0, 1, 2, 31, 32, 62, 63, 64, 65, 100]:
        print(x, s, x >> s, x << s)
ops = {
    "//": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    ">>": lambda a, b: a >> b,
    "<<": lambda a, b: a << b,
}
for op, f in ops.items():
    for x, y in [(5, 0), (-5, 0), (5, -1), (0, -3)]:
        try:
            print(op, x, y, f(x, y))
        except (ZeroDivisionError, ValueError) as e:
            print(op, x, y, type(e).__name__, e)
t = 17
t //= -5
print(t)
t %= -3
print(t)
t = -9
t <<= 3
t >>= 1
t &= 0xFF
t |= 0x100
t ^= 0x3
print(t)
print((-2**63) // -1, (-2**63) % -1, 7 // True, 7 % True)
