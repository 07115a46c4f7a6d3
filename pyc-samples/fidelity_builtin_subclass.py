# Subclasses of built-in types calling the base type's methods explicitly, and the
# base's methods and alternate constructors reached through the subclass.


class DoubleDict(dict):
    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value * 2)

    def __getitem__(self, key):
        return dict.__getitem__(self, key) + 1

    def __repr__(self):
        return "DoubleDict(" + dict.__repr__(self) + ")"

    def __eq__(self, other):
        return dict.__eq__(self, other)

    __hash__ = None


d = DoubleDict()
d["x"] = 5
print(d["x"], d, dict.get(d, "x"), dict.__len__(d), dict.__contains__(d, "x"))
print(d == {"x": 10}, d == {"x": 11}, list(dict.__iter__(d)))


class LoudList(list):
    def append(self, x):
        print("append", x)
        list.append(self, x)

    def __len__(self):
        return list.__len__(self) * 100


l = LoudList([1])
l.append(2)
list.extend(l, [3, 4])
print(l, len(l), list.__len__(l), LoudList.append.__name__, list.index(l, 3))
print(LoudList.__getitem__(l, 0), LoudList.count(l, 1))


class Counted(int):
    def __add__(self, other):
        return Counted(int.__add__(self, other) + 1000)

    def __repr__(self):
        return f"Counted({int.__repr__(self)})"


print(Counted(1) + 2, int.__add__(Counted(1), 2), Counted.from_bytes(b"\x01\x00", "big"))


class Tagged(str):
    def upper(self):
        return "<" + str.upper(self) + ">"


print(Tagged("ab").upper(), Tagged.lower("AB"), Tagged.join(",", "xy"), Tagged.maketrans("a", "b"))


class Registry(dict):
    pass


r = Registry.fromkeys("ab", 0)
print(type(r).__name__, r)


class Logged(dict):
    def __setitem__(self, key, value):
        print("set", key, value)
        super().__setitem__(key, value)


print(Logged.fromkeys(["k"], 1))


class Temperature(float):
    pass


t = Temperature.fromhex("0x1.8p1")
print(type(t).__name__, t)
