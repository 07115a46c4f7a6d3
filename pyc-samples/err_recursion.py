"""Unbounded recursion: uncaught RecursionError; the traceback collapses
the repeated frames ("[Previous line repeated N more times]")."""


def countdown(n):
    return countdown(n - 1) + 1


print("starting")
countdown(10)
