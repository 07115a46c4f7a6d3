"""Metaclass special methods on classes: len/iter/in/reversed/repr of Enum classes, a user metaclass __len__."""
from enum import Enum, IntEnum, auto
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = auto()
print(len(Color), list(Color), [m.name for m in Color], Color.RED in Color, repr(Color), Color(2), Color["BLUE"].value)
class Pri(IntEnum):
    LOW = 1
    HIGH = 2
print(sorted([Pri.HIGH, Pri.LOW]), Pri.HIGH > Pri.LOW, Pri.LOW + 1, list(reversed(Color)))
class Meta(type):
    def __len__(cls): return 42
class WithLen(metaclass=Meta): pass
print(len(WithLen), repr(int), repr(WithLen)[:25])
