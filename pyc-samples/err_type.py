"""Uncaught TypeError: unsupported operand types."""


class Meters:
    def __init__(self, v):
        self.v = v


def combine(a, b):
    return a + b


print(combine(1, 2))
print(combine("a", "b"))
print(combine(Meters(1), 5))
