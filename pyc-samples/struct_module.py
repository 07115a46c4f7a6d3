# The struct module: pack/unpack of every format code, byte orders, native alignment,
# repeat counts, Struct objects, pack_into/unpack_from/iter_unpack and CPython's errors.
import struct


def attempt(label, fn, *args):
    try:
        print(label, fn(*args))
    except struct.error as e:
        print(label, "struct.error:", e)
    except (TypeError, ValueError, OverflowError) as e:
        print(label, type(e).__name__ + ":", e)


# every code, native and standard
print(struct.pack("x"), struct.pack("c", b"A"), struct.pack("b", -2), struct.pack("B", 254))
print(struct.pack("?", 5), struct.pack("?", []), struct.pack("h", -300), struct.pack("H", 65000))
print(struct.pack("i", -70000), struct.pack("I", 4000000000), struct.pack("l", -1), struct.pack("L", 2**63))
print(struct.pack("q", -2**63), struct.pack("Q", 2**64 - 1), struct.pack("n", -5), struct.pack("N", 5))
print(struct.pack("e", 1.5), struct.pack("f", 0.1), struct.pack("d", -2.25), struct.pack("P", 4096))
print(struct.pack("5s", b"abc"), struct.pack("2s", b"abcdef"), struct.pack("s", bytearray(b"z")))
print(struct.pack("5p", b"abc"), struct.pack("3p", b"abcdef"), struct.pack("p", b"xy"))
for order in "@=<>!":
    print(order, struct.pack(order + "hiq", 1, 2, 3), struct.calcsize(order + "hiq"))
print(struct.pack(">d", 1.0), struct.pack("<f", -0.0), struct.pack(">e", 0.1), struct.pack("<e", 65504))
print(struct.pack("<e", float("inf")), struct.pack("<e", float("nan")), struct.pack("<e", 1e-8), struct.pack("<e", 6e-8))

# round trips
values = (b"q", -5, 200, True, -1234, 54321, -123456, 3000000000, -2**40, 2**40, -2**62, 2**64 - 1, -7, 7, 0.5, 0.1, 1e300)
fmt = "cbB?hHiIlLqQnNefd"
packed = struct.pack(fmt, *values)
print(len(packed), struct.calcsize(fmt))
print(struct.unpack(fmt, packed))
for order in "<>!=":
    f2 = order + fmt.replace("n", "q").replace("N", "Q").replace("l", "q").replace("L", "Q")
    print(order, struct.unpack(f2, struct.pack(f2, *values)))
print(struct.unpack("<e", b"\x00\x7c"), struct.unpack("<e", b"\x01\x7c"), struct.unpack("<e", b"\x01\x00"))
print(struct.unpack(">e", b"\xfb\xff"), struct.unpack("<f", b"\x00\x00\xc0\x7f"))
print(struct.unpack("c2s?", b"ab\x00\x05"), struct.unpack("5p", b"\x03abcd"), struct.unpack("5p", b"\x09abcd"))
print(struct.unpack("P", b"\x01" * 8), struct.unpack(">Q", b"\xff" * 8), struct.unpack("<q", b"\xff" * 8))
print(struct.unpack("<h", bytearray(b"\x01\x02")), struct.unpack("<h", memoryview(b"\x03\x04")))

# sizes, alignment, repeat counts, whitespace
for f in ["", "3x", "c", "cc", "0s", "5s", "5p", "?", "e", "P", "n", "@bi", "=bi", "bq", "<bq",
          "i0q", "c0i", "2i3s", " i i ", "ci", "ic", "cd", "ch", "c?", "cP", "ce", "cf", "c3xi",
          "<l", "l", ">qhb", "10c", "3e2d"]:
    print(repr(f), struct.calcsize(f))
print(struct.pack("@ci", b"a", 1), struct.pack("c0i", b"a"), struct.pack("3x2i", 1, 2))
print(struct.pack("<5s", b"ab"), struct.pack("<2c", b"a", b"b"), struct.pack("3h", 1, 2, 3))
print(struct.pack(b"<i", 9), struct.pack("", ), struct.unpack("", b""))


class Idx:
    def __index__(self):
        return 7


class Flt:
    def __float__(self):
        return 2.5


print(struct.pack("b", Idx()), struct.pack("<Q", Idx()), struct.pack("d", Idx()), struct.pack("<f", Flt()))
print(struct.pack("i", True), struct.pack("?", "x"), struct.pack("d", 3))

# errors: struct.error
attempt("bad char", struct.calcsize, "Z")
attempt("std n", struct.calcsize, "<n")
attempt("std P", struct.pack, ">P", 1)
attempt("repeat", struct.calcsize, "10")
attempt("repeat2", struct.calcsize, "i 4")
attempt("too long", struct.calcsize, "99999999999999999999999i")
attempt("order later", struct.calcsize, "i<")
for code in "bBhHiIlLqQnN":
    for v in (2**70, -1, 2**32, 300, 1.5, "a"):
        attempt("pack " + code + " " + repr(v), struct.pack, code, v)
for order in "<>":
    for code in "bBhHiIlLqQ":
        for v in (2**70, -1, 2**32, 70000):
            attempt("pack " + order + code + " " + repr(v), struct.pack, order + code, v)
attempt("P big", struct.pack, "P", 2**64)
attempt("e big", struct.pack, "e", 1e10)
attempt("e int big", struct.pack, "e", 10**6)
attempt("e limit", struct.pack, "e", 65520.0)
attempt("<f big", struct.pack, "<f", 1e300)
attempt("f native big", struct.pack, "f", 1e300)
attempt("<f int big", struct.pack, "<f", 10**39)
attempt("d str", struct.pack, "d", "x")
attempt("d huge int", struct.pack, "d", 10**400)
attempt("c long", struct.pack, "c", b"ab")
attempt("c str", struct.pack, "c", "a")
attempt("c bytearray", struct.pack, "c", bytearray(b"a"))
attempt("s str", struct.pack, "s", "abc")
attempt("p int", struct.pack, "p", 1)
attempt("too few", struct.pack, "ii", 1)
attempt("too many", struct.pack, "i", 1, 2)
attempt("unpack short", struct.unpack, "i", b"abc")
attempt("unpack long", struct.unpack, "<d", b"123456789")
attempt("unpack str", struct.unpack, "i", "abcd")
attempt("unpack int", struct.unpack, "i", 5)
attempt("unpack 1 arg", struct.unpack, "i")
attempt("no format", struct.pack)
attempt("format int", struct.pack, 5)
attempt("calcsize int", struct.calcsize, 5)

# Struct objects
s = struct.Struct("<ih")
print(s.size, s.format, type(s).__name__, type(s) is struct.Struct, isinstance(s, struct.Struct))
print(s.pack(1, 2), s.unpack(b"\x01\x00\x00\x00\x02\x00"))
print(list(s.iter_unpack(b"\x01\x00\x00\x00\x02\x00" * 3)))
print(s.unpack_from(b"xx\x05\x00\x00\x00\x06\x00", 2), s.unpack_from(b"\x05\x00\x00\x00\x06\x00"))
print(struct.Struct(b">H").format, struct.Struct(format="3s").size, repr(s).startswith("<_struct.Struct object at 0x"))
attempt("Struct pack", s.pack, 1)
attempt("Struct unpack", s.unpack, b"\x00")
attempt("Struct int", struct.Struct, 5)
attempt("Struct bad", struct.Struct, "!!")
attempt("Struct none", struct.Struct)

# iter_unpack
it = struct.iter_unpack("<h", b"\x01\x00\x02\x00\x03\x00")
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it), list(it))
attempt("iter uneven", struct.iter_unpack, "<h", b"\x01\x00\x02")
attempt("iter zero", struct.iter_unpack, "", b"")
attempt("iter 1 arg", struct.iter_unpack, "i")

# pack_into / unpack_from
buf = bytearray(10)
struct.pack_into("<hh", buf, 2, 258, -1)
print(buf)
struct.pack_into("<i", buf, -4, 7)
print(buf)
s.pack_into(buf, 0, -2, 3)
print(buf, struct.unpack_from("<hh", buf, 2), struct.unpack_from("<i", buf, offset=-4))
print(struct.unpack_from("<h", buffer=b"123456"), struct.unpack_from("<h", b"123456", -2))
attempt("pack_into end", struct.pack_into, "<i", buf, 8, 1)
attempt("pack_into neg", struct.pack_into, "<i", buf, -20, 1)
attempt("pack_into nospace", struct.pack_into, "<i", buf, -2, 1)
attempt("pack_into bytes", struct.pack_into, "<i", b"1234", 0, 1)
attempt("pack_into count", struct.pack_into, "<ii", buf, 0, 1)
attempt("pack_into nobuf", s.pack_into)
attempt("pack_into nooff", s.pack_into, buf)
attempt("unpack_from end", struct.unpack_from, "<i", b"123456", 4)
attempt("unpack_from neg", struct.unpack_from, "<i", b"123456", -10)
attempt("unpack_from short", struct.unpack_from, "<i", b"123456", -2)
attempt("unpack_from nobuf", struct.unpack_from, "i")

print(struct.error.__name__, struct.error.__module__, issubclass(struct.error, Exception))
try:
    struct.pack("b", 1000)
except Exception as e:
    print(type(e).__name__, isinstance(e, struct.error), e.args)
struct.pack("q", 2**64)
