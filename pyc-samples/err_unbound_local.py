"""Uncaught UnboundLocalError."""
total = 10


def add_to_total(n):
    total += n  # noqa: F823
    return total


add_to_total(5)
