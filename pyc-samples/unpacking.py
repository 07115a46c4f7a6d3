"""Unpacking: tuples, lists, nested targets, star targets (UNPACK_EX),
swaps, unpacking in for loops and calls, starred displays."""

a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
a, b, c = b, c, a = 10, 20, 30
print(a, b, c)
first, *middle, last = range(6)
print(first, middle, last)
*init, tail = [1, 2, 3]
head, *rest = (9,)
print(init, tail, head, rest)
p, *q, r, s = "abcdefg"
print(p, q, r, s)
(m, n), [o, (pp, qq)] = (1, 2), [3, (4, 5)]
print(m, n, o, pp, qq)
for i, (ch, *others) in enumerate(["ab", "cde", "f"]):
    print(i, ch, others)
for k, v in {"one": 1, "two": 2}.items():
    print(k, v)
lst = [0, 0, 0]
lst[0], lst[1:3] = "A", ["B", "C"]
print(lst)


class Box:
    pass


box = Box()
box.left, box.right = "L", "R"
d = {}
d["a"], d["b"] = 1, 2
print(box.left, box.right, d)
t = (1, 2, 3)
print((*t, 4), [*t, *"ab"], {*t, 9}, {**{"k": 1}, "j": 2}, (*t,), [*range(3)])
print(*t, sep="|")
w = 5
print((*t, w), [w, *t, w], (0, *[], 1))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    a, *b, c = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = 5
except TypeError as e:
    print("TypeError:", e)


def gen():
    yield 1
    yield 2


g1, g2 = gen()
print(g1, g2)
(single,) = [42]
[listed] = "q"
print(single, listed)
big = list(range(300))
big_first, *big_mid, big_last = big
print(big_first, len(big_mid), big_last)
u1, u2, u3, *u4 = {"x": 1, "y": 2, "z": 3}
print(u1, u2, u3, u4)
nested_star = [(1, [2, 3, 4]), (5, [6])]
for num, (hd, *tl) in nested_star:
    print(num, hd, tl)


def f(*args):
    return args


print(f(*[1, 2], *(3,), *"45"), f(*range(3)))
matrix = [[1, 2], [3, 4]]
print(list(zip(*matrix)), [[*row, 0] for row in matrix])
x = y = z = []
x.append(1)
print(x, y, z, x is z)
sw = [3, 1, 2]
sw[0], sw[1], sw[2] = sw[2], sw[0], sw[1]
print(sw)
a1, a2, a3, a4 = 1, 2, 3, 4
a1, a2, a3, a4 = a4, a3, a2, a1
print(a1, a2, a3, a4)
