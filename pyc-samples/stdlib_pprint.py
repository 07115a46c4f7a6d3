import pprint
d = {"name": "x" * 30, "items": list(range(30)), "nested": {"a": [1, 2, {"b": "c" * 40}], "z": (1, 2)}}
pprint.pprint(d)
pprint.pprint(d, width=40, indent=2)
print(pprint.pformat([1, 2, 3]))
pprint.pprint(list(range(50)), compact=True)
pprint.pprint({"b": 1, "a": 2}, sort_dicts=False)
print(pprint.isreadable([1, 2]), pprint.saferepr({1: 2}))
print(list.__repr__ is list.__repr__, hash(list.__repr__) == hash(list.__repr__))
pprint.pprint({3, 1, 2}, width=5)
pprint.pprint(tuple(range(20)), width=30)
