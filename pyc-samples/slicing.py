"""Slices: slice objects, __getitem__/__setitem__/__delitem__ receiving
slices, indices(), negative steps, tuples and ranges."""


class Recorder:
    def __getitem__(self, key):
        return ("get", key)

    def __setitem__(self, key, value):
        print("set", key, value)

    def __delitem__(self, key):
        print("del", key)


r = Recorder()
print(r[1], r[1:2], r[::3], r[:], r[1:2, 3], r[..., 0], r["k"], r[-1:], r[:5:-1])
r[2:4] = "v"
r[::2] = [1]
del r[1:]
del r[0]
s = slice(2, 8, 3)
print(s, s.start, s.stop, s.step, s == slice(2, 8, 3), repr(slice(None)))
for length in (0, 5, 10, 20):
    print(length, s.indices(length), slice(None, None, -1).indices(length), slice(-3, None).indices(length))
data = list(range(20))
print(data[s], data[slice(-5, None)], data[slice(None, 3)], data[slice(15, 5, -4)])
t = tuple("abcdefgh")
print(t[2:5], t[::-1], t[-3:], t[1::3], t[10:], t[:0], t[5:2:-1])
rg = range(100)
print(rg[10:20], rg[::10], rg[-5:], rg[50:10:-15], list(rg[95:]), rg[::-1][0], len(rg[::7]))
text = "slicing is fun"
print(text[3:7], text[-3:], text[::-2], text[100:200], text[-100:3], text[3:-3:2])
print([text[i:i + 3] for i in range(0, len(text), 3)])
lst = list(range(10))
lst[1:9:2] = "ABCD"
print(lst)
lst[::-3] = [None] * len(lst[::-3])
print(lst)
lst[2:2] = ["ins"]
lst[:] = lst[:5]
print(lst)
del lst[::2]
print(lst)
neg = list(range(6))
print(neg[-1:-4:-1], neg[-4:-1], neg[4:1:-1], neg[1:4:-1], neg[::-2], neg[-2::-2])
print(neg[None:None], neg[slice(1, None)], neg[True:], neg[False:2])
print(bytes(range(10))[2:8:2], bytearray(b"abcdef")[::-2], memoryview(b"abcdef")[1:4].tobytes())


class Seq:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("Seq index out of range")
        return i * i


sq = Seq(6)
print(sq[2], sq[-1], sq[1:4], sq[::-2], list(sq), 16 in sq, list(reversed(sq)))
try:
    sq[10]
except IndexError as e:
    print("IndexError:", e)
try:
    [1, 2][::0]
except ValueError as e:
    print("ValueError:", e)
try:
    [1, 2]["a":]
except TypeError as e:
    print("TypeError:", e)
big = 10 ** 30
print(data[-big:big], data[big:], data[:-big], data[::big], data[::-big])
