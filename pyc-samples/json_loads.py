# json.loads / load: values, hooks and parser options as CPython's C scanner gives them.
import json
import io
from collections import OrderedDict

docs = [
    'null', 'true', 'false', '0', '-0', '17', '-42', '1.5', '-0.0', '1e5', '1E-3', '2.5e+10',
    '123456789012345678901234567890', '-98765432109876543210', '1.7976931348623157e308',
    '1e400', '0.1', '"str"', '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t"', '"\\u00e9\\u20AC"',
    '"\\ud83d\\ude00"', '"caf\u00e9 \U0001F600"', '[]', '{}', '[1, [2, [3, []]]]',
    '{"a": {"b": [true, false, null]}}', '  \t\n [1 ,2 , 3 ] \r\n ', 'NaN', 'Infinity',
    '-Infinity', '{"a": 1, "a": 2}', '[1.0, 10, 1e2, 1.5E2]', '"tab\tinside"',
]
for d in docs:
    v = json.loads(d, strict=False)
    print(repr(d), "->", repr(v), type(v).__name__)

print(json.loads(b'{"bytes": [1, 2]}'))
print(json.loads(bytearray(b'[3]')))
print(json.loads(b'\xef\xbb\xbf{"a": 1}'))
print(json.loads('["\u00e9"]'.encode("utf-16")), json.loads('[1]'.encode("utf-16-le")))
print(json.loads('{"b": 2, "a": 1}', object_pairs_hook=OrderedDict))
print(json.loads('{"b": 2, "a": 1}', object_pairs_hook=list))
print(json.loads('[{"x": 1}, {"y": 2}]', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1.5, 2, 3.25]', parse_float=lambda s: "F" + s))
print(json.loads('[1.5, 2, 30]', parse_int=lambda s: int(s) * 10))
print(json.loads('[1.5, 2]', parse_int=float, parse_float=str))
print(json.loads('[NaN, Infinity, -Infinity]', parse_constant=lambda s: s.lower()))
print(json.loads('{"k": [NaN]}')["k"][0] != json.loads('NaN'))
print(json.loads('{"x": 1}', object_hook=lambda d: d, object_pairs_hook=dict))
v = json.loads('"\\ud83d\\ude00 ok"')
print(len(v), ascii(v))
print(json.load(io.StringIO('{"from": "file", "n": [1, 2]}')))
dec = json.JSONDecoder()
print(dec.decode(' [1, 2] '))
print(dec.raw_decode('{"a": 1} trailing'))
print(dec.raw_decode('[1, 2]xyz', 0))
print(json.JSONDecoder(object_pairs_hook=lambda p: p).decode('{"q": 1, "r": 2}'))


class MyDecoder(json.JSONDecoder):
    def __init__(self, **kw):
        super().__init__(object_hook=self.hook, **kw)

    def hook(self, d):
        return {"wrapped": d}


print(json.loads('{"a": {"b": 1}}', cls=MyDecoder))
big = json.loads("9" * 300)
print(big % 1000, len(str(big)))
text = json.dumps({"list": [1, 2.5, "x", None, True], "nested": {"k": [{}]}})
print(json.loads(text) == {"list": [1, 2.5, "x", None, True], "nested": {"k": [{}]}})
deep = "[" * 500 + "]" * 500
d = json.loads(deep)
n = 0
while d:
    d = d[0]
    n += 1
print("depth", n + 1)


class LoudDecoder(json.JSONDecoder):
    def __init__(self, **kw):
        print("LoudDecoder.__init__", sorted(kw))
        super().__init__(**kw)


print(json.loads('[1.5]', cls=LoudDecoder, object_hook=None, parse_float=str, strict=False))
