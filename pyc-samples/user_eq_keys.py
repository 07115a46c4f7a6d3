"""User __eq__/__hash__ on dict keys and set members: lookups, updates, deduplication."""
class P:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, o): return isinstance(o, P) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __repr__(self): return f"P({self.x}, {self.y})"
d = {P(1, 2): "a"}
print(d[P(1, 2)], P(1, 2) in d, P(3, 4) in d, d.get(P(1, 2)))
s = {P(1, 2), P(1, 2), P(2, 1)}
print(len(s), P(2, 1) in s, [P(1, 2)].count(P(1, 2)), P(1, 2) in [P(1, 2)])
d[P(1, 2)] = "b"
print(d, len(d))
