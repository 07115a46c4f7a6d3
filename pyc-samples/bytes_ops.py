"""bytes and bytearray: construction, methods, slicing, mutation, encoding."""

b = b"Hello, bytes!"
print(b, len(b), b[0], b[-1], b[0:5], b[::-1], b[7:], list(b[:3]))
print(b.upper(), b.lower(), b.split(b", "), b.replace(b"bytes", b"world"), b.find(b"l"), b.count(b"l"))
print(b.startswith(b"Hell"), b.endswith(b"!"), b.strip(b"H!"), b" pad ".strip(), b"a,b,c".split(b","))
print(b"-".join([b"x", b"y", b"z"]), b"abc" + b"def", b"ab" * 3, b"b" in b"abc", 98 in b"abc")
print(b.decode(), b"caf\xc3\xa9".decode("utf-8"), b"\xff".decode("latin-1"), b"\xff".decode("utf-8", "replace"))
print(bytes(5), bytes([1, 2, 255]), bytes(range(65, 70)), bytes("ü", "utf-8"), bytes(b"copy"), bytes())
print(b.hex(), b"\x00\xff".hex(), bytes.fromhex("deadbeef"), b"abc".hex(":"), b"\x01\x02".hex(" ", 1))
print(repr(b"\x00\t\n\r\x7f\x80'\""), repr(b"it's"), repr(bytearray(b"ba")), str(b"s"))
print(b"abc" < b"abd", b"abc" == b"abc", b"" < b"a", b"z" > b"aa", max(b"zebra"), sorted(b"cab"))
print(b"12".isdigit(), b"ab".isalpha(), b"  ".isspace(), b"Ab".istitle(), b"title me".title(), b"x".zfill(3))
print(b"a b  c".split(), b"k=v".partition(b"="), b"line1\nline2".splitlines(), b"abc".center(7, b"*"))
print(b"%s=%d" % (b"key", 42), b"%05.1f" % 3.14159, b"%x" % 255, b"%c" % 65, b"%b" % b"raw", b"%a" % "é")

ba = bytearray(b"mutable")
ba[0] = ord("M")
ba.append(33)
ba.extend(b"??")
ba += b"#"
print(ba, len(ba), ba.pop(), ba)
ba[1:3] = b"UT"
del ba[-2:]
ba.insert(0, 62)
print(ba, ba.find(b"T"), ba.index(b"a"), ba.count(b"l"))
ba.reverse()
print(ba, bytes(ba), ba.decode())
ba.remove(ord("T"))
ba2 = ba.copy()
ba.clear()
print(ba, ba2, ba2.upper(), bytearray(3), bytearray([1, 2]), bytearray("é", "utf-8"))
print(bytearray(b"abc") == b"abc", b"abc" == bytearray(b"abc"), bytearray(b"xy") + b"z", type(bytearray(b"a") + b"b").__name__)
mv = memoryview(b"abcdef")
print(mv[1], mv[1:3].tobytes(), bytes(mv[::2]), len(mv), mv.tolist()[:3])
enc = "Ωmega ✓".encode("utf-8")
print(enc, len(enc), enc.decode("utf-8"), "Ωmega".encode("utf-16-be"), "a".encode("utf-32-le"))
print(int.from_bytes(b"\x00\x10", "big"), (4096).to_bytes(2, "big"), (1).to_bytes(1, "little"))
checksum = 0
for byte in b"checksum":
    checksum = (checksum * 31 + byte) % 65521
print("checksum:", checksum)
print([bytes([c]) for c in b"hi"], b"abc"[1:2], b"abc"[1], bytes(reversed(b"abc")))
print(b"AbC".swapcase(), b"abc".capitalize(), b"tab\tx".expandtabs(4), b"xxhixx".lstrip(b"x"), b"xxhixx".rstrip(b"x"))
print(b"a.b.c".rsplit(b".", 1), b"hello".rfind(b"l"), b"hello".rindex(b"l"), b"pre_x".removeprefix(b"pre_"))
print(b"abc".translate(bytes.maketrans(b"abc", b"xyz")), b"Hello".translate(None, b"l"))
try:
    b"abc"[0] = 1
except TypeError as e:
    print("TypeError:", e)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print("UnicodeDecodeError:", e)
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print("UnicodeEncodeError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
