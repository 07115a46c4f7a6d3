# List slice reads and slice assignment (now done on the list in place).
a = list(range(10))
print(a[:], a[2:5], a[::-1], a[7:2:-2], a[-3:], a[:100], a[100:], a[::3])
b = a[:]
b[2:5] = ["x"]
print(b)
b[:0] = [-1, -2]
print(b)
b[len(b):] = "yz"
print(b)
b[1:3] = b            # the list itself as the source
print(b)
c = list(range(8))
c[::2] = [0] * 4
print(c)
try:
    c[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
c[5:1] = ["between"]  # empty slice: an insertion at 5
print(c)
del c[1:3]
print(c)
d = [1, 2, 3]
for x in d[:]:
    d[0:0] = [x * 10]
print(d)
perm = [3, 1, 0, 2]
k = perm[0]
flips = 0
while k:
    perm[:k + 1] = perm[k::-1]
    flips += 1
    k = perm[0]
print(perm, flips)


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print(a[Idx(1):Idx(4)], a[Idx(8):Idx(2):Idx(-3)])
a[Idx(0):Idx(2)] = ["p", "q", "r"]
print(a)
a[Idx(3)] = "idx"
del a[Idx(0):Idx(1)]
del a[Idx(0)]
print(a)
