"""Integers: arbitrary precision arithmetic, pow, floor div/mod signs,
bit operations, int<->str conversions."""

a = 2 ** 100
b = 3 ** 70
print(a, b)
print(a + b, a - b, b - a)
print(a * b)
print(a // 7, a % 7, -a // 7, -a % 7)
print(b // a, b % a, divmod(b, a), divmod(-b, a))
print(a ** 3)
print(pow(2, 200, 10 ** 9 + 7), pow(3, -1, 7), pow(-2, 63), pow(7, 0))
print(10 ** 40 // 3, -(10 ** 40) // 3, 10 ** 40 % -3)

for x, y in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3)]:
    print(x, y, x // y, x % y, divmod(x, y), x / y)

print(1 << 100, (1 << 100) >> 99, -1 >> 5, -(2 ** 80) >> 3, 12345 << 0)
print(a & (b - 1), a | 12345, a ^ b, ~a, ~0, ~-1)
print(-12345678901234567890 & 0xFFFFFFFF, -5 | 2, -5 ^ 7, 5 & -3)
print(abs(-a), -(-a) == a, +a)
print((2 ** 64).bit_length(), (255).bit_length(), (0).bit_length(), (-8).bit_length())
print((-5).bit_count(), (2 ** 100 - 1).bit_count())

fact = 1
for i in range(1, 51):
    fact *= i
print("50! =", fact)
print("digits:", len(str(fact)), "digit sum:", sum(int(c) for c in str(fact)))

print(int("123456789012345678901234567890"), int("-0"), int(" 42 "), int("1_000_000"))
print(int("ff", 16), int("0xff", 16), int("0b1011", 0), int("777", 8), int("z", 36), int("0o17", 0))
print(hex(a), oct(b), bin(12345), hex(-255), bin(-5))
print(str(-a), repr(b), f"{a:,}", f"{a:_x}", f"{b:e}")
print((12345).to_bytes(4, "big"), (-2).to_bytes(2, "little", signed=True))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\xff\xff", "little", signed=True))

print(a == 2 ** 100, a < b, b > a, a != a + 1, a <= a, 2 ** 64 == 18446744073709551616)
print(True + True, True * 10, False - 1, int(True), 3 - True)
print(7 // 1, 0 // 9, 2 ** 0.5 > 1.41, 10 ** -2, (-8) ** 2, -8 ** 2)
print(max(a, b), min(a, b, -a), sum([a, b, -a]), sorted([b, a, -b, 0]))
print(int(3.99), int(-3.99), int(1e20), round(123456, -2), round(-2.5), round(3.5))
print(float(a), float(2 ** 1023), 2 ** 0, 0 ** 0)
print(abs(-7), (-7).__abs__(), (17).conjugate(), (17).numerator, (17).denominator)
print(hash(12345), hash(-1), hash(2 ** 61 - 1), hash(2 ** 61), hash(2 ** 100), hash(-(2 ** 100)))

n = 600851475143
factors = []
d = 2
while d * d <= n:
    while n % d == 0:
        factors.append(d)
        n //= d
    d += 1
if n > 1:
    factors.append(n)
print("factors:", factors)


def gcd(x, y):
    while y:
        x, y = y, x % y
    return x


print(gcd(2 ** 40 * 3 ** 5, 2 ** 10 * 3 ** 20), gcd(-12, 18), gcd(0, 5))
x = 1
x += 2 ** 70
x -= 1
x *= 3
x //= 7
x %= 10 ** 12
x **= 2
x <<= 3
x >>= 1
x &= 0xFFFFFFFFFFFF
x |= 1
x ^= 0xF0F0
print("augmented:", x)
try:
    1 // 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    5 % 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
try:
    int("12a")
except ValueError as e:
    print("ValueError:", e)
