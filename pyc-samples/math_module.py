# math: every function and constant of 3.11 on fixed inputs, printed with repr (exact
# bits), and the domain/range errors.
import math

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
vals = [0.0, -0.0, 0.5, 1.0, 2.0, -1.5, 10.0, 1e-300, 1e300, 3.7, -2.5, 123456.789]
one_arg = ["sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan",
           "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc",
           "gamma", "lgamma", "fabs", "floor", "ceil", "trunc", "cbrt", "degrees", "radians",
           "isfinite", "isinf", "isnan", "frexp", "modf", "ulp"]
for name in one_arg:
    f = getattr(math, name)
    out = []
    for v in vals:
        try:
            out.append(repr(f(v)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ":" + str(e))
    print(name, " ".join(out))
two = [(2.0, 3.0), (0.0, -1.0), (-8.0, 1 / 3), (1e308, 10.0), (5.5, 2.0), (-5.5, 2.0), (3.0, 0.0), (1.0, float("inf"))]
for name in ["pow", "atan2", "fmod", "remainder", "copysign", "hypot", "ldexp", "nextafter", "dist", "log"]:
    f = getattr(math, name)
    out = []
    for a, b in two:
        try:
            if name == "ldexp":
                out.append(repr(f(a, int(b))))
            elif name == "dist":
                out.append(repr(f((a, b), (b, a))))
            else:
                out.append(repr(f(a, b)))
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            out.append(type(e).__name__ + ":" + str(e))
    print(name, " ".join(out))
print(math.factorial(20), math.factorial(30), math.comb(50, 25), math.perm(10, 3), math.perm(5))
print(math.gcd(12, 18, 27), math.gcd(), math.lcm(4, 6, 10), math.lcm(), math.isqrt(10**30 + 7))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100]))
print(math.prod([1, 2, 3, 4]), math.prod([1.5, 2]), math.prod([], start=5))
print(math.hypot(3, 4, 12), math.hypot(), math.dist([1, 2, 3], [4, 6, 8]))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1, rel_tol=0.2), math.isclose(0.0, 1e-12, abs_tol=1e-9))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), type(math.floor(2.5)).__name__, math.floor(10**20), math.ceil(7))
print(math.log(8, 2), math.log(100, 10), math.log(2**1000), math.log10(10**500), math.log2(2**2000))
print(math.sqrt(2), math.exp(1), math.sin(math.pi), math.cos(math.pi / 3), math.atan(1) * 4)
for expr in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-1), lambda: math.exp(1000),
             lambda: math.factorial(-1), lambda: math.factorial(2.5), lambda: math.acos(2), lambda: math.pow(0, -1),
             lambda: math.pow(-8, 1 / 3), lambda: math.fmod(1, 0), lambda: math.comb(-1, 2), lambda: math.isqrt(-4),
             lambda: math.ldexp(1.0, 5000), lambda: math.gamma(0), lambda: math.lgamma(-2), lambda: math.cosh(1000),
             lambda: math.sqrt("x"), lambda: math.floor(math.inf), lambda: math.floor(math.nan), lambda: math.log(1, 1),
             lambda: math.atanh(1), lambda: math.dist((1,), (1, 2)), lambda: math.perm(3, -1)]:
    try:
        print(expr())
    except (ValueError, OverflowError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__ + ":", e)
