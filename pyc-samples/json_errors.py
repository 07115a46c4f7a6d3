# json errors: JSONDecodeError messages and attributes, encoder TypeErrors and ValueErrors.
import json

bad = [
    '', ' ', '[', '{', '{"a"', '{"a":', '{"a": }', '{"a" 1}', '{a: 1}', "{'a': 1}",
    '{"a": 1,}', '{"a": 1 "b": 2}', '[1,]', '[1 2]', '[,1]', '"abc', '"ab\\', '"\\x"',
    '"\\u12"', '"\\u12zz"', '"\\ud83d\\uzzzz"', '"a\nb"', '"\x00"', 'nul', 'tru', 'True',
    '-', '-x', '01', '1.', '.5', '1e', '1 2', '[1]]', '{"a": 1}}', 'x', '[1,\n 2,\n x]',
    '\n\n  {"a":\n  nope}', '\ufeff[1]', '"unterminated\nacross', 'Nan', '-Inf',
]
for doc in bad:
    try:
        print(repr(doc), "->", repr(json.loads(doc)))
    except json.JSONDecodeError as e:
        print(repr(doc), "->", type(e).__name__, "|", e, "|", e.msg, e.pos, e.lineno, e.colno, e.doc == doc)

print(issubclass(json.JSONDecodeError, ValueError), json.JSONDecodeError.__name__)
print(json.JSONDecodeError.__module__)
try:
    json.loads("[1, 2")
except ValueError as e:
    print("ValueError caught:", e, e.args)
e = json.JSONDecodeError("Custom", "ab\ncd", 4)
print(e, e.lineno, e.colno, e.pos, e.msg)

for obj, kw in [
    ({1, 2}, {}),
    ({"a": object}, {}),
    ([b"bytes"], {}),
    ({(1, 2): 3}, {}),
    ({frozenset(): 1}, {}),
    (float("nan"), {"allow_nan": False}),
    ([float("inf")], {"allow_nan": False}),
    ({float("-inf"): 1}, {"allow_nan": False}),
    ({"b": 1, 2: 3}, {"sort_keys": True}),
    (1 + 2j, {"default": lambda o: o}),
]:
    try:
        print(json.dumps(obj, **kw))
    except (TypeError, ValueError, RecursionError) as e:
        print(type(e).__name__, e)

a = []
a.append(a)
d = {}
d["self"] = d
for obj in (a, d):
    try:
        json.dumps(obj)
    except ValueError as e:
        print("ValueError", e)
try:
    json.dumps(a, check_circular=False)
except RecursionError as e:
    print("RecursionError", str(e).startswith("maximum recursion depth exceeded"))

try:
    json.loads("[" * 100000)
except RecursionError as e:
    print("RecursionError", str(e).startswith("maximum recursion depth exceeded"))
try:
    json.loads('{"a":' * 100000)
except RecursionError as e:
    print("RecursionError", str(e).startswith("maximum recursion depth exceeded"))
for arg in (1, None, [1]):
    try:
        json.loads(arg)
    except TypeError as e:
        print("TypeError", e)
try:
    json.dumps([1], bogus=1)
except TypeError as e:
    print("TypeError", e)
try:
    json.loads("[1]", bogus=1)
except TypeError as e:
    print("TypeError", e)
try:
    json.loads("{", object_hook=1)
except json.JSONDecodeError as e:
    print("JSONDecodeError", e)
try:
    json.loads('{"a": 1}', object_hook=1)
except TypeError as e:
    print("TypeError", e)
import json.decoder
from json.decoder import JSONDecodeError
from json.encoder import JSONEncoder, encode_basestring, encode_basestring_ascii
from json import decoder
print(JSONDecodeError is json.JSONDecodeError, json.decoder is decoder, JSONEncoder is json.JSONEncoder)
print(encode_basestring("é\n\""), encode_basestring_ascii("é\n\U0001F600"))
try:
    json.loads("{]")
except JSONDecodeError as e:
    print(repr(e))
