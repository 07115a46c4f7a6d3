# Dict and set lookups compare a stored key with the probe whenever their hashes are
# equal, so a stored instance whose __eq__ accepts a built-in value is found by it.


class Key:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        print("  eq", self.v, other if not isinstance(other, Key) else f"Key({other.v})")
        return (other.v if isinstance(other, Key) else other) == self.v

    def __hash__(self):
        return hash(self.v)

    def __repr__(self):
        return f"Key({self.v})"


d = {Key(5): "a", "x": 1, 7: 2}
print(5 in d)
print(d[5], d.get(5), d.get(6, "absent"), 6 in d, 7 in d, d["x"])
d[5] = "b"
print(d)
print(d.pop(5), d)
d2 = {Key(1): 1}
del d2[1]
print(d2)
try:
    d[8]
except KeyError as e:
    print("KeyError", e)

s = {Key(5), 3}
print(5 in s, 4 in s, Key(3) in s, Key(4) in s)
print(Key(5) in {5: "int"}, {5: "int"}[Key(5)], Key(5) in {5})
print(9 in dict.fromkeys([Key(9)]), 2 in {Key(2): 0}.copy())
