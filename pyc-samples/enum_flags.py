from enum import Enum, Flag, IntFlag, IntEnum, StrEnum, auto, unique

class Perm(Flag):
    R = 4
    W = 2
    X = 1
RW = Perm.R | Perm.W
print(repr(RW), str(RW), RW.value, RW.name, RW is (Perm.W | Perm.R))
print(list(RW), len(RW), Perm.R in RW, Perm.X in RW, bool(Perm(0)), repr(Perm(0)), str(Perm(0)))
print(repr(~Perm.R), repr(~RW), repr(RW & Perm.R), repr(RW ^ Perm.R), repr(Perm.R & Perm.X))
print(list(Perm), len(Perm), Perm, repr(Perm(7)), Perm(7).name)
try:
    Perm(8)
except ValueError as e:
    print('ValueError', e)
try:
    Perm.R | 1
except TypeError as e:
    print('TypeError', e)
try:
    1 in RW
except TypeError as e:
    print('TypeError', e)

class Color(Flag):
    RED = auto()
    GREEN = auto()
    BLUE = auto()
    WHITE = RED | GREEN | BLUE
print(repr(Color.WHITE), list(Color), [m.value for m in Color], list(Color.WHITE), Color.__members__.keys() if False else list(Color.__members__))
print(repr(Color.RED | Color.GREEN), repr(Color(7)), Color.WHITE is Color(7), repr(~Color.RED))

class P(IntFlag):
    R = 4
    W = 2
    X = 1
print(repr(P.R | P.W), str(P.R | P.W), P.R | P.W == 6, P.R + 1, repr(P.R | 8), repr(~P.R), repr(P(0)), isinstance(P.R, int))
print(list(P.R | P.X), format(P.W, '03d'), f'{P.R}', P.R == 4, hash(P.R) == hash(4), repr(P(12)), repr(1 | P.W))

Animal = Enum('Animal', 'ANT BEE CAT')
print(Animal, list(Animal), Animal.BEE.value, Animal(3), Animal.__module__)
Shape = Enum('Shape', ['SQUARE', 'CIRCLE'], start=10)
print(list(Shape))
Sz = Enum('Sz', [('S', 's'), ('M', 'm')])
print(list(Sz), Sz('m'))
D = Enum('D', {'a': 1, 'b': 2})
print(list(D), repr(D.b))
Fl = Flag('Fl', 'A B C')
print(list(Fl), repr(Fl.A | Fl.C))
Num = IntEnum('Num', 'ONE TWO')
print(list(Num), Num.TWO + 1)

class Shade(Enum):
    LIGHT = 1
    DARK = 2
    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            for m in cls:
                if m.name.lower() == value.lower():
                    return m
        return None
print(Shade('dark'), Shade(1))
try:
    Shade('x')
except ValueError as e:
    print('ValueError', e)
class Bad(Enum):
    A = 1
    @classmethod
    def _missing_(cls, value):
        return 5
try:
    Bad(2)
except TypeError as e:
    print('TypeError', e)
print(list(Shade.__members__.items()), Shade.__members__['DARK'])
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e:
    print('ValueError', e)

class Ordinal(Enum):
    def _generate_next_value_(name, start, count, last_values):
        return name.upper() + str(count)
    NORTH = auto()
    SOUTH = auto()
print(list(Ordinal), Ordinal.SOUTH.value)

class S(StrEnum):
    A = auto()
    B = 'bee'
print(list(S), S.A == 'a', str(S.B))
class Z(Flag):
    NONE = 0
    A = 1
    B = 2
print(repr(Z(0)), repr(Z.A & Z.B), list(Z), list(Z.__members__))
class Perm2(Flag):
    R = 4
    W = 2
    X = 1
for v in [-1, -100, 8, 'x', 1.5]:
    try:
        print(repr(Perm2(v)))
    except Exception as e:
        print(type(e).__name__, e)
class P2(IntFlag):
    A = 1
    B = 2
for v in [-1, -3, 2**40, 100]:
    try:
        print(repr(P2(v)))
    except Exception as e:
        print(type(e).__name__, e)
class Big(Flag):
    A = 2**62
    B = 1
print(repr(~Big.A), repr(Big.A | Big.B))
class E(Enum):
    A = [1]
print(E([1]), E.A.value)
try:
    Enum('X', 5)
except Exception as e:
    print(type(e).__name__, e)
