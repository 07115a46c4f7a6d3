# The array module: construction for every typecode, sequence operations, conversions,
# CPython's reprs and overflow/type errors.
import array
import copy


def attempt(label, fn, *args):
    try:
        print(label, fn(*args))
    except (TypeError, ValueError, OverflowError, IndexError, MemoryError) as e:
        print(label, type(e).__name__ + ":", e)


print(array.typecodes)
for tc in array.typecodes:
    init = "abc" if tc == "u" else [1, 2, 3]
    a = array.array(tc, init)
    print(tc, a, a.itemsize, a.typecode, len(a), a.tolist(), a.tobytes())
print(array.array("d"), array.array("u"), array.array("i", []), array.array("u", "a\n\"'"))
print(array.array("f", [0.1, 1e300, -0.0]), array.array("d", [float("nan"), float("inf"), 1, True]))
print(array.array("b", b"\x01\xff"), array.array("h", bytearray(b"\x01\x00\xff\xff")))
print(array.array("i", range(4)), array.array("i", (5, 6)), array.array("q", iter([7, 8])))
print(array.array("d", array.array("i", [1, 2])), array.array("u", array.array("u", "hi")))
print(array.array("Q", [2**64 - 1]), array.array("L", [2**63]), array.array("q", [-2**63]))
print(array.array("I", [4294967295]), array.array("H", [65535]), array.array("B", [255]), array.array("b", [-128]))

# typecode and initializer errors
attempt("bad code", array.array, "z")
attempt("two chars", array.array, "ii")
attempt("int code", array.array, 1)
attempt("no args", array.array)
attempt("str init", array.array, "d", "abc")
attempt("u from int", array.array, "u", [1])
attempt("u from long str", array.array, "u", ["ab"])
attempt("not iterable", array.array, "i", 5)
attempt("bytes len", array.array, "h", b"\x01\xff\x00")
attempt("float to int", array.array, "i", [1.5])
attempt("unicode array", array.array, "i", array.array("u", "ab"))
attempt("mixed", array.array, "i", [1, "a"])
attempt("f from str", array.array, "f", ["a"])
attempt("d big", array.array, "d", [10**400])

# overflow messages for every integer typecode
for tc in "bBhHiIlLqQ":
    for v in (2**70, -2**70, 2**63, -2**63 - 1, 2**64, 2**32, -2**31 - 1, 2**31, 2**16, 2**15, 256, 128, -129, -1):
        try:
            array.array(tc, [v])
        except OverflowError as e:
            print(tc, v, "OverflowError:", e)

# indexing, slicing, assignment
a = array.array("d", [1.0, 2.0, 3.0, 4.0, 5.0])
print(a[0], a[-1], a[1:3], a[::-1], a[::2], a[100:], a[-2:])
a[0] = 10
a[-1] = 2.5
print(a)
a[1:3] = array.array("d", [7.0])
print(a)
a[::2] = array.array("d", [0.0, 0.0])
print(a)
a[len(a):] = array.array("d", [9.0, 9.5])
print(a)
del a[0]
print(a)
del a[::2]
print(a)
del a[:]
print(a, len(a))
b = array.array("h", range(10))
b[2:5] = array.array("h", [9])
print(b)
b[::3] = array.array("h", [7, 7, 7])
print(b)
b[1:1] = b
print(b)


def setitem(arr, k, v):
    arr[k] = v


def delitem(arr, k):
    del arr[k]


c = array.array("i", [1, 2, 3])
attempt("get out of range", lambda: c[5])
attempt("get str key", lambda: c["x"])
attempt("get big key", lambda: c[2**70])
attempt("set out of range", setitem, c, 5, 1)
attempt("set str", setitem, c, 0, "x")
attempt("set big", setitem, c, 0, 2**40)
attempt("set slice list", setitem, c, slice(0, 2), [1])
attempt("set slice kind", setitem, c, slice(0, 2), array.array("d"))
attempt("set ext slice", setitem, c, slice(0, 3, 2), array.array("i", [1]))
attempt("del out of range", delitem, c, 10)
attempt("b overflow", setitem, array.array("b", [1]), 0, 200)
attempt("b underflow", setitem, array.array("b", [1]), 0, -200)
attempt("d str", setitem, array.array("d", [1.5]), 0, "x")
print(c)

# methods
x = array.array("i", [5])
x.append(6)
x.extend([1, 2])
x.extend(iter([3]))
x.extend((9,))
x.extend(array.array("i", [4]))
x.insert(0, 42)
x.insert(-100, 41)
x.insert(100, 43)
print(x)
print(x.pop(), x.pop(0), x.pop(-2), x)
x.remove(1)
print(x, x.index(2), x.index(4, 1), x.count(5), x.count(100))
x.reverse()
print(x)
x.fromlist([10, 11])
x.frombytes(array.array("i", [12]).tobytes())
print(x, x.buffer_info()[1] == len(x))
attempt("extend kind", x.extend, array.array("d", [1.0]))
attempt("extend int", x.extend, 5)
attempt("extend partial", x.extend, [1, "a"])
print(x)
attempt("frombytes odd", x.frombytes, b"abc")
attempt("frombytes str", x.frombytes, "abcd")
attempt("fromlist tuple", x.fromlist, (1,))
attempt("fromlist bad", x.fromlist, [1, "x"])
print(x)
attempt("index missing", x.index, 999)
attempt("index bad start", x.index, 1, "x")
attempt("remove missing", x.remove, 999)
attempt("pop empty", array.array("i").pop)
attempt("pop range", x.pop, 99)
attempt("append none", x.append)
attempt("append float", x.append, 2.0)
attempt("tolist arg", x.tolist, 1)
w = array.array("h", [1, 256, -2])
w.byteswap()
print(w)
u = array.array("u", "ab")
u.fromunicode("cd")
u.append("e")
print(u, u.tounicode(), u[1], u[1:3])
attempt("tounicode", array.array("i").tounicode)
attempt("fromunicode", x.fromunicode, "x")

# operators
p = array.array("i", [1, 2, 3])
print(p + array.array("i", [4]), p * 2, 2 * p, p * 0, p * -1)
q = array.array("h", [1, 2])
q += array.array("h", [3])
q *= 2
print(q)
attempt("add list", lambda: p + [1])
attempt("add kind", lambda: p + array.array("d"))
attempt("mul str", lambda: p * "x")
attempt("mul big", lambda: p * 2**70)


def iadd_list():
    global q
    q += [3]


attempt("iadd list", iadd_list)
print(2 in p, 7 in p, "x" in p, 2.0 in p)
print(p == array.array("i", [1, 2, 3]), p == [1, 2, 3], p != array.array("i", [1]))
print(p == array.array("d", [1, 2, 3]), array.array("d", [1]) != array.array("f", [1]))
print(p < array.array("i", [1, 3]), p <= p, p > array.array("i", [1, 2]), p >= array.array("q", [2]))
print(array.array("d", [float("nan")]) == array.array("d", [float("nan")]))
attempt("lt list", lambda: p < [1])
attempt("hash", hash, p)

# iteration and builtins
print(list(p), list(reversed(p)), sum(p), min(p), max(p), sorted(array.array("d", [3, 1, 2])))
it = iter(p)
print(next(it), list(it))
grow = array.array("i", [1])
for item in grow:
    if item < 5:
        grow.append(item + 1)
print(grow)
print([v * 2 for v in array.array("f", [0.5, 1.5])], bool(array.array("i")), bool(p))

# type, isinstance, copies, subclass
print(type(p), type(p) is array.array, isinstance(p, array.array), array.ArrayType is array.array)
print(array.array.__name__, array.array.__module__, type(p).__name__)
cp = copy.copy(p)
dp = copy.deepcopy(p)
cp[0] = 100
print(p, cp, dp, cp is p)


class Floats(array.array):
    def total(self):
        return sum(self)


f = Floats("d", [1.5, 2.5])
print(f, f.total(), isinstance(f, array.array), len(f), f[1])

# the raytrace pattern: a big array of bytes written by index
width, height = 8, 4
canvas = array.array("B", [0] * (width * height * 3))
for i in range(width * height):
    canvas[i * 3 + 2] = 255
for y in range(height):
    for x2 in range(width):
        k = (y * width + x2) * 3
        canvas[k] = max(0, min(255, int(x2 * 255 / width)))
print(canvas[:12], sum(canvas), canvas.tobytes()[:6])

vec = array.array("d", [0.0]) * 5
for i in range(5):
    vec[i] += i * 0.5
print(vec)
array.array("b", [1, 2, 300])
