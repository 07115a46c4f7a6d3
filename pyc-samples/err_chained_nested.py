"""Chained exceptions across nested calls: a cause whose own context is set, and
__suppress_context__ via `raise ... from None`."""


def low(n):
    return [1, 2, 3][n]


def mid(n):
    try:
        return low(n)
    except IndexError as e:
        raise KeyError(n) from e


def top():
    try:
        mid(10)
    except KeyError:
        try:
            int("x")
        except ValueError:
            raise RuntimeError("gave up") from None


try:
    top()
except RuntimeError as e:
    print("suppressed:", e.__suppress_context__, type(e.__context__).__name__)
try:
    mid(5)
except KeyError as e:
    print("cause:", type(e.__cause__).__name__, e.__cause__)
mid(7)
