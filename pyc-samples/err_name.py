"""Uncaught NameError for an undefined global used inside a function."""


def greet(name):
    print("greeting", name)
    return salutation + name  # noqa: F821


greet("world")
