"""Uncaught ZeroDivisionError raised several frames deep."""


def average(values):
    return total(values) / len(values)


def total(values):
    return sum(values)


def report(groups):
    for name, values in groups:
        print(name, average(values))


report([("first", [1, 2, 3]), ("second", [10, 20]), ("empty", [])])
print("not reached")
