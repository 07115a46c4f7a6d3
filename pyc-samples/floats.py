"""Floats: repr (shortest round-trip), arithmetic, inf/nan, rounding, formatting."""

values = [0.0, -0.0, 1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e17, 1.5e-7,
          123456789.123, 1e22, 1e23, 5e-324, 1.7976931348623157e308, 2.5, 100.0,
          3.141592653589793, 1e-5, 0.0001, 123e300, -1.25e-10]
for v in values:
    print(repr(v), str(v))

inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, float("-inf"), float("Infinity"), float("NaN"))
print(inf + 1, inf - inf, inf * 0, -inf < 0 < inf, nan == nan, nan != nan, nan is nan)
print(inf > 1e308, 1e308 * 10, -1e308 * 10, 1e-320 / 1e10)
print(float("1.5"), float(" -2.25 "), float("1e3"), float("1_000.5"), float(7), float(-0))

print(0.1 * 3, 1.1 + 2.2, 3.3 - 1.1, 2.0 ** 0.5, 10 / 4, 7.0 // 2, -7.0 // 2, 7.5 % 2, -7.5 % 2)
print(divmod(7.5, 2), divmod(-7.5, 2), 2.0 ** -1, (-8.0) ** 2, 1e308 + 1e308)
print(7 % -3.0, -0.0 % 5, 5.0 % -0.5, 1.0 // 0.1, 1.0 % 0.1)
print(int(2.5), int(-2.5), round(2.5), round(3.5), round(-0.5), round(0.5), round(1.5))
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2), round(12345.6789, -2))
print(round(1.23456, 3), round(-1.5), round(2.5, 0), round(1e300, 2), round(5.5, -1), round(15.0, -1))
print((0.1).is_integer(), (2.0).is_integer(), (1.5).as_integer_ratio(), (0.1).as_integer_ratio())
print((255.5).hex(), float.fromhex("0x1.8p1"), (1.0).hex(), (-0.1).hex())
print(abs(-3.5), -(-0.0), +1.5, min(0.5, -0.5), max([1.5, 2.5, 0.5]), sum([0.1] * 10))
print(hash(1.0) == hash(1), hash(0.5), hash(-0.0), hash(1e100), hash(inf), hash(-inf), hash(2.5))
print(1 == 1.0, 2 ** 53 + 1 == float(2 ** 53 + 1), 0.5 < 1, 3 > 2.9999, 1 / 2 == 0.5)
print(type(1 / 1).__name__, 6 / 3, 1e3, 1e-3, 12.0, 1.0e-4, 100000000000000000.0)
print(3.0 * 1.1, 1.15 * 100, 0.7 + 0.1, 4.35 * 100, 1 - 0.9, 9.95)

x = 1234.5678
print(f"{x}", f"{x:.2f}", f"{x:10.3f}|", f"{x:<12.1f}|", f"{x:^12.1f}|", f"{x:+.0f}")
print(f"{x:e}", f"{x:.3E}", f"{x:g}", f"{x:.3g}", f"{0.00001234:g}", f"{1e20:g}")
print(f"{x:,.2f}", f"{x:_.3f}", f"{0.25:%}", f"{0.25:.1%}", f"{x:012.3f}", f"{-x:012.3f}")
print(f"{inf:f}", f"{nan:F}", f"{-inf:e}", f"{1e16:f}", f"{1.5:.0f}", f"{2.5:.0f}")
print(f"{x:.10g}", f"{123456789.0:.3g}", f"{0.1:.20f}", f"{1/3:.15f}", f"{1e-7:.2e}")
print("%f %.3f %e %g %10.2f|%-10.2f|" % (x, x, x, x, x, x))
print(format(x, ".1f"), format(0.0, "e"), format(-0.0, "g"), format(1e100, ".3"), format(12.0, ""))
print(str(1e15), str(1e16), repr(123456789012345678.0), repr(0.000001), repr(0.0000001))

total = 0.0
for i in range(1, 11):
    total += 1 / i
print("harmonic 10:", total)
t = 1.0
for _ in range(60):
    t /= 3
print("tiny:", t)
acc = 1.0
acc += 0.5
acc -= 0.25
acc *= 4
acc /= 3
acc //= 0.5
acc **= 2
acc %= 5
print("augmented:", acc)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    1.5 // 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    float("abc")
except ValueError as e:
    print("ValueError:", e)
try:
    10.0 ** 400
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(inf)
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(nan)
except ValueError as e:
    print("ValueError:", e)
print(complex(1, 2) * complex(3, -1), abs(3 + 4j), (1 + 2j).real, (1 + 2j).imag, 1j ** 2, -2j)
print(complex("1+2j"), (2 + 0j) / 4, (1 + 1j).conjugate(), complex(0.5), repr(-0j), 1 + 0j == 1)
