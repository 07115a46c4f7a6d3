"""Structural pattern matching: literals, captures, sequences, mappings,
class patterns, guards, or-patterns, as-patterns, wildcards."""


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Circle:
    def __init__(self, center, r):
        self.center = center
        self.r = r


def describe(obj):
    match obj:
        case None:
            return "None"
        case True:
            return "True"
        case 0 | 0.0:
            return "zero"
        case -1:
            return "minus one"
        case "hello":
            return "greeting"
        case int(n) if n > 100:
            return f"big int {n}"
        case int() | float() as num:
            return f"number {num}"
        case str(s):
            return f"string {s!r}"
        case []:
            return "empty sequence"
        case [x]:
            return f"one element {x}"
        case [1, 2, *rest]:
            return f"starts 1,2 then {rest}"
        case (a, b) if a == b:
            return f"pair of equal {a}"
        case [a, [b, c]]:
            return f"nested {a} {b} {c}"
        case [_, _, *_, last]:
            return f"long sequence ending {last}"
        case (first, second):
            return f"pair {first} {second}"
        case {"type": "user", "name": str(name), **extra}:
            return f"user {name} extra={extra}"
        case {"x": x, "y": y}:
            return f"mapping point {x},{y}"
        case {}:
            return "some mapping"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=yy):
            return f"on y axis at {yy}"
        case Point(xx, 0):
            return f"on x axis at {xx}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point():
            return "some point"
        case Circle(center=Point(x=cx, y=cy), r=r) if r > 0:
            return f"circle at {cx},{cy} r={r}"
        case _:
            return f"other {type(obj).__name__}"


tests = [None, True, False, 0, 0.0, -1, "hello", 500, 7, 2.5, "text", [], [9], [1, 2, 3, 4], (5, 5),
         [1, [2, 3]], [7, 8, 9, 10], (3, 4), {"type": "user", "name": "ann", "age": 5},
         {"x": 1, "y": 2, "z": 3}, {"other": 1}, Point(0, 0), Point(0, 5), Point(6, 0), Point(3, 3),
         Point(1, 2), Circle(Point(1, 1), 4), Circle(Point(1, 1), 0), "a", b"bytes", {1, 2}]
for t in tests:
    print(repr(t) if not isinstance(t, (Point, Circle, set)) else type(t).__name__, "->", describe(t))


def command(cmd):
    match cmd.split():
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return f"going {direction}"
        case ["take", item, *more] if more:
            return f"taking {item} and {len(more)} more"
        case ["take", item]:
            return f"taking {item}"
        case ["quit" | "exit"]:
            return "bye"
        case [verb, *_]:
            return f"unknown verb {verb}"
        case _:
            return "empty"


for c in ["go north", "go up", "take lamp", "take a b c", "quit", "exit", "", "dance now"]:
    print(repr(c), "->", command(c))

STATUS_OK = 200


class Codes:
    NOT_FOUND = 404


def http(status):
    match status:
        case 200 | 201:
            return "ok"
        case Codes.NOT_FOUND:
            return "not found"
        case int(code) if 500 <= code < 600:
            return "server error"
        case _:
            return "unknown"


print([http(s) for s in [200, 201, 404, 503, 999]])


def tuple_mapping(value):
    match value:
        case {"k": [1, *others]}:
            return ("list under k", others)
        case {"k": {"inner": v}}:
            return ("nested mapping", v)
        case (1, 2) | [3, 4]:
            return "one of two sequences"
        case str() | bytes():
            return "stringish"
    return "fell through"


for v in [{"k": [1, 2, 3]}, {"k": {"inner": "deep"}}, (1, 2), [3, 4], "s", b"b", 42]:
    print(tuple_mapping(v))
