"""An exception raised inside a special method called by an operator: the traceback
shows the operator's line with its markers, then the special method's frame."""


class Vector:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"


print(Vector(1, 2) + Vector(3, 4))
total = Vector(0, 0)
for item in [Vector(1, 1), Vector(2, 2), 3]:
    total = total + item
print(total)
