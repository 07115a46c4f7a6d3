"""Comprehensions: list/set/dict/generator, nested, conditions, scoping."""

nums = list(range(10))
print([n * n for n in nums])
print([n for n in nums if n % 2 == 0 if n > 2])
print([(i, j) for i in range(3) for j in range(i)])
print([[i * j for j in range(4)] for i in range(3)])
print(sorted({n % 4 for n in nums}))
print({n % 3 for n in [9, 4, 7, 1]})
print({n: n ** 2 for n in range(5)})
print({k: v for k, v in zip("abc", [1, 2, 3]) if v != 2})
print(dict((k, len(k)) for k in ["one", "three"]))
print(list(x + y for x in "ab" for y in "12"))

matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for row in matrix for i in range(len(row)) if i == 1])
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row])

x = "outer"
squares = [x for x in range(3)]
print(x, squares)


def closure_in_comp():
    factor = 3
    return [lambda v, i=i: v * factor + i for i in range(3)]


print([f(10) for f in closure_in_comp()])


def comp_uses_arg(data, threshold):
    return {name: score for name, score in data if score >= threshold}


print(comp_uses_arg([("ann", 90), ("bob", 60), ("cy", 75)], 70))
print([(a, b) for a, b in [(1, 2), (3, 4)]])
print([first for first, *rest in [(1, 2, 3), (4,)]])
print({(i, i % 2) for i in range(4)} == {(0, 0), (1, 1), (2, 0), (3, 1)})
print(sorted({(i % 2, i % 3) for i in range(6)}))

words = ["apple", "Banana", "cherry", "date", "Elderberry"]
print({w[0].lower(): w for w in words})
print([w.upper() if len(w) > 4 else w for w in words])
print(sum(len(w) for w in words), any(w.startswith("B") for w in words))

nested = [[[i + j + k for k in range(2)] for j in range(2)] for i in range(2)]
print(nested)
print([y for y in (x * 2 for x in range(5)) if y > 3])
print([n for n in range(30) if all(n % d for d in range(2, n)) and n > 1])
