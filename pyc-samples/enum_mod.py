"""enum: Enum/IntEnum members, auto(), unique, lookups by value and name."""
from enum import Enum, IntEnum, auto, unique

class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
    def describe(self):
        return f"{self.name}={self.value}"

print(Color.RED, repr(Color.GREEN), Color.RED.name, Color.RED.value)
print(Color(2), Color['BLUE'], Color(1) is Color.RED, Color.CRIMSON is Color.RED)
print(Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.BLUE)
print(hash(Color.RED) == hash(Color.RED), {Color.RED: 'r'}[Color.RED])
print(isinstance(Color.RED, Color), isinstance(Color.RED, Enum), type(Color.RED).__name__)
print(Color.RED.describe(), f"{Color.BLUE}", "{}".format(Color.GREEN))
print([m.name for m in Color._member_names_ and [Color[n] for n in Color._member_names_]])
print(list(Color.__members__))
try:
    Color(5)
except ValueError as e:
    print("ValueError:", e)
try:
    Color['NOPE']
except KeyError as e:
    print("KeyError:", e)

class Prio(IntEnum):
    LOW = 1
    HIGH = 2

print(Prio.LOW == 1, Prio.HIGH > Prio.LOW, Prio.HIGH + 1, str(Prio.LOW), repr(Prio.HIGH), f"{Prio.HIGH:>3}")
print(sorted([Prio.HIGH, Prio.LOW]), {1: 'one'}[Prio.LOW], Prio(2), isinstance(Prio.LOW, int))

class Shape(Enum):
    CIRCLE = auto()
    SQUARE = auto()
    TRI = auto()
print([Shape[n].value for n in Shape._member_names_])

class N(Enum):
    A = 5
    B = auto()
print(N.B.value)

try:
    @unique
    class Dup(Enum):
        X = 1
        Y = 1
except ValueError as e:
    print("ValueError:", e)

@unique
class Ok(Enum):
    X = 1
print(Ok.X)


from enum import StrEnum


class Mode(StrEnum):
    READ = "r"
    WRITE = auto()


print(Mode.READ, repr(Mode.WRITE), Mode.READ == "r", Mode("write") is Mode.WRITE, Mode.READ.upper())
print(f"[{Mode.READ}]", {"r": 1}[Mode.READ], Mode.WRITE + "!", isinstance(Mode.READ, str))
try:
    class Bad(StrEnum):
        X = 1
except TypeError as e:
    print("TypeError:", e)
