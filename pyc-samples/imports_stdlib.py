"""Imports: import, import as, from-import, from-import *, importing
submodule-style names, using sys and math."""

import sys
import math
import math as m
from math import sqrt, pi as PI, floor
from math import *  # noqa: F401,F403

print(sys.version_info[0], sys.version_info[1], sys.version_info >= (3, 11))
print(sys.maxsize, sys.byteorder, sys.getrecursionlimit() > 100, type(sys.argv).__name__)
print(sys.argv[0], sys.argv[1:], len(sys.argv))
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.int_info.bits_per_digit)
print(sys.hash_info.modulus, sys.hash_info.width)
sys.stdout.write("written via sys.stdout.write\n")
print("to stderr", file=sys.stderr)
sys.stderr.write("sys.stderr.write\n")
print(sqrt(16), PI, floor(-2.5), m is math, math.ceil(2.1), math.floor(2.9), math.trunc(-3.7))
print(math.gcd(12, 18), math.lcm(4, 6), math.factorial(10), math.comb(10, 3), math.perm(5, 2), math.isqrt(99))
print(math.e, math.tau, math.inf, math.isnan(math.nan), math.isinf(-math.inf), math.isfinite(1.0))
print(math.sqrt(2), math.exp(1), math.log(100, 10), math.log2(1024), math.log10(1e-3), math.log(math.e))
print(math.sin(0), math.cos(0), math.tan(math.pi / 4), math.atan2(1, 1), math.degrees(math.pi), math.radians(180))
print(math.hypot(3, 4), math.fabs(-2), math.copysign(3, -0.0), math.fmod(-7, 3), math.modf(3.25), math.frexp(8.0))
print(math.ldexp(0.5, 4), math.pow(2, 0.5), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), math.dist((0, 0), (3, 4)))
print(math.isclose(0.1 + 0.2, 0.3), math.floor(1e20), math.ceil(-0.5), math.sqrt(1e-300))
print(factorial(5), gcd(8, 12), sin(0.0), isqrt(17))  # noqa: F405
try:
    math.sqrt(-1)
except ValueError as e:
    print("ValueError:", e)
try:
    math.log(0)
except ValueError as e:
    print("ValueError:", e)
try:
    import no_such_module_rpvm  # noqa: F401
except ImportError as e:
    print(type(e).__name__, e.name)


def local_import():
    import math as inner_math
    from sys import maxsize

    return inner_math.floor(7.9), maxsize == sys.maxsize


print(local_import())
print(__name__, "math" in sys.modules, type(math).__name__, math.__name__)
