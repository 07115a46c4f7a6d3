import collections
for f in [lambda: int.bit_length(), lambda: int.__add__(), lambda: list.append(), lambda: str.upper(), lambda: complex.conjugate(), lambda: dict.fromkeys(), lambda: range.count(), lambda: float.is_integer(), lambda: bytes.hex()]:
    try: f()
    except TypeError as e: print(e)
print(int.bit_length, str.upper, list.append, dict.get, str.join)
print(int.bit_length(255), str.upper("abc"), list.__len__([1, 2]), dict.fromkeys("ab"), str.maketrans("a", "b"), int.from_bytes(b"\x01", "big"))
print(list(map(str.strip, [" a ", "b "])), sorted(["b", "A", "c"], key=str.lower), list(map(int.bit_length, [1, 8, 255])))
class MyInt(int): pass
print(MyInt.bit_length(MyInt(7)))
try:
    MyInt.bit_length()
except TypeError as e:
    print(e)
