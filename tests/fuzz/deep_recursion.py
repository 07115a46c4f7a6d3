# Recursion far past the default limit, with the limit raised: CPython 3.11 itself dies
# with a segmentation fault here. rpvm must finish: Python-to-Python calls use no Rust
# stack, and calls that recurse in Rust (a class call running __init__) raise
# RecursionError before the interpreter thread's stack runs out.
import sys

sys.setrecursionlimit(10**6)


class Node:
    def __init__(self, n):
        self.child = Node(n - 1) if n else None


def depth(node):
    return 0 if node is None else 1 + depth(node.child)


try:
    print(depth(Node(300000)))
except RecursionError as e:
    print("RecursionError:", e)


def f(n):
    return f(n - 1) + 1 if n else 0


print(f(500000))
print(sorted([3, 1, 2], key=lambda x: -x))
