# json.dumps / dump: CPython's exact text for every option.
import json
import io
from collections import OrderedDict

print(json.dumps(None), json.dumps(True), json.dumps(False))
print(json.dumps(0), json.dumps(-17), json.dumps(2**100), json.dumps(-(10**30)))
for x in [0.1, 1.5, 1e16, 1e-7, 123456789.0, -0.0, 1e308, 2.5e-300, 3.0]:
    print(json.dumps(x))
print(json.dumps(float("nan")), json.dumps(float("inf")), json.dumps(-float("inf")))
print(json.dumps("plain"), json.dumps('q"uote\\back/slash'))
print(json.dumps("ctl\n\r\t\b\f\x00\x1f\x7f"))
print(json.dumps("caf\u00e9 \u20ac \U0001F600"))
print(json.dumps("caf\u00e9 \u20ac \U0001F600", ensure_ascii=False))
print(json.dumps("ctl\x01\x7f\u2028", ensure_ascii=False))
print(json.dumps([1, "a", None, [], {}, [[]], (1, 2)]))
print(json.dumps({"a": 1, "b": [1, 2], "c": {"d": None}}))
print(json.dumps({1: "int", 2.5: "float", True: "t", False: "f", None: "n"}))
print(json.dumps({10**20: 1, 1e16: 2, float("inf"): 3}))
print(json.dumps({"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, sort_keys=True))
print(json.dumps([1, {"a": [1, 2, {"b": {}}], "c": []}], indent=2))
print(json.dumps({"a": [1, 2], "b": {"c": 3}}, indent="\t"))
print(json.dumps([1, [2, 3]], indent=0))
print(json.dumps({"a": 1}, indent=-2))
print(json.dumps([1, 2, {"k": "v"}], separators=(",", ":")))
print(json.dumps([1, 2, {"k": "v"}], indent=1, separators=(" ,", " = ")))
print(json.dumps({"x": 1, (1, 2): 3, "y": 2}, skipkeys=True))
print(json.dumps({(1, 2): 3}, skipkeys=True))
print(json.dumps({(1, 2): 3}, skipkeys=True, indent=2))
print(json.dumps(OrderedDict([("z", 1), ("a", 2)])))


class D(dict):
    pass


class L(list):
    pass


class S(str):
    pass


class I(int):
    pass


class F(float):
    pass


print(json.dumps(D(a=L([1, 2]), b=S("s"), c=I(5), d=F(2.5))))
print(json.dumps({S("key"): I(3), I(7): F(0.5)}))
print(json.dumps({"set": sorted({3, 1, 2})}))


def enc(o):
    if isinstance(o, set):
        return sorted(o)
    if isinstance(o, complex):
        return {"re": o.real, "im": o.imag}
    raise TypeError(f"nope {type(o).__name__}")


print(json.dumps({"s": {3, 1, 2}, "c": 1 + 2j}, default=enc))
print(json.dumps([{4, 5}], default=enc, indent=2))


class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, frozenset):
            return sorted(o)
        return super().default(o)


print(json.dumps({"f": frozenset([2, 1])}, cls=Enc))
print(json.JSONEncoder().encode({"a": [1, 2.0, None]}))
print(json.JSONEncoder(indent=2, sort_keys=True).encode({"b": 1, "a": 2}))
print(json.JSONEncoder(separators=(",", ":")).encode([1, {"a": 2}]))
e = json.JSONEncoder(indent=3)
print(repr(e.item_separator), repr(e.key_separator), e.indent, e.sort_keys)
print("".join(json.JSONEncoder().iterencode([1, 2])))

buf = io.StringIO()
json.dump({"k": [1, 2, 3]}, buf, indent=1)
print(buf.getvalue())
deep = []
cur = deep
for _ in range(50):
    cur.append([])
    cur = cur[0]
print(json.dumps(deep))
print(json.dumps("x" * 3, ensure_ascii=True), json.dumps(""))
print(json.dumps([True, False, None], sort_keys=True, indent=None))


class Loud(json.JSONEncoder):
    def __init__(self, **kw):
        print("Loud.__init__", sorted(kw.items(), key=lambda kv: kv[0]))
        print("order", list(kw))
        super().__init__(**{k: v for k, v in kw.items() if k != "extra"})


print(json.dumps([1, {2}], cls=Loud, default=sorted, extra=1))
enc2 = json.JSONEncoder(default=lambda o: "D")
print(enc2.encode([{1}]), enc2.default({1}))
print(json.JSONEncoder.encode(json.JSONEncoder(), [1]))
