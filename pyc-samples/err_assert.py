"""Uncaught AssertionError with a message."""


def validate(values):
    for v in values:
        assert v >= 0, f"negative value: {v}"
    return True


print(validate([1, 2, 3]))
print(validate([4, -5, 6]))
