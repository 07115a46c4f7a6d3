"""Recursion: fib, memoisation, mutual recursion, deep recursion, and a
caught RecursionError."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(15)], fib(20))
memo = {}


def fib_memo(n):
    if n in memo:
        return memo[n]
    r = n if n < 2 else fib_memo(n - 1) + fib_memo(n - 2)
    memo[n] = r
    return r


print(fib_memo(90), fib_memo(200))


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)


moves = []
hanoi(4, "A", "C", "B", moves)
print(len(moves), moves[:5])


def permutations(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in permutations(rest):
            out.append([items[i]] + p)
    return out


print(permutations([1, 2, 3]), len(permutations(list(range(5)))))


def flatten(x):
    if isinstance(x, list):
        return [y for item in x for y in flatten(item)]
    return [x]


print(flatten([1, [2, [3, [4, [5]]]], [[6]], 7]))


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print("depth 500:", depth(500))


def infinite(n):
    return infinite(n + 1) + 1


try:
    infinite(0)
except RecursionError as e:
    print("RecursionError:", e)
print("recovered; depth again:", depth(100))


class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)

    def total(self):
        return self.value + sum(c.total() for c in self.children)

    def __repr__(self):
        if not self.children:
            return f"Node({self.value})"
        return f"Node({self.value}, {self.children!r})"


tree = Node(1, [Node(2, [Node(4)]), Node(3, [Node(5), Node(6, [Node(7)])])])
print(tree.total(), tree)


def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)


def power_set(s):
    if not s:
        return [[]]
    rest = power_set(s[1:])
    return rest + [[s[0]] + r for r in rest]


print(gcd(1071, 462), power_set([1, 2, 3]))


def binary_search(xs, target, lo=0, hi=None):
    if hi is None:
        hi = len(xs)
    if lo >= hi:
        return -1
    mid = (lo + hi) // 2
    if xs[mid] == target:
        return mid
    if xs[mid] < target:
        return binary_search(xs, target, mid + 1, hi)
    return binary_search(xs, target, lo, mid)


data = list(range(0, 100, 3))
print([binary_search(data, t) for t in (0, 27, 99, 50)])
