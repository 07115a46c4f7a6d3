import numbers
from fractions import Fraction
for v in [1, 1.5, 1j, Fraction(1,2), True, "x"]:
    print(isinstance(v, numbers.Number), isinstance(v, numbers.Integral), isinstance(v, numbers.Real), isinstance(v, numbers.Rational), isinstance(v, numbers.Complex))
