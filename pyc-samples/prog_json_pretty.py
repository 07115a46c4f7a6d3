"""Program: a hand-written JSON-like serializer, pretty printer and parser."""


def escape(s):
    out = []
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def dumps(value, indent=0, level=0):
    pad = " " * (indent * (level + 1))
    end_pad = " " * (indent * level)
    sep = ",\n" if indent else ", "
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [pad + dumps(v, indent, level + 1) for v in value]
        if indent:
            return "[\n" + sep.join(items) + "\n" + end_pad + "]"
        return "[" + sep.join(i.strip() for i in items) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [pad + escape(str(k)) + ": " + dumps(v, indent, level + 1) for k, v in value.items()]
        if indent:
            return "{\n" + sep.join(items) + "\n" + end_pad + "}"
        return "{" + sep.join(i.strip() for i in items) + "}"
    raise TypeError(f"cannot serialize {type(value).__name__}")


class Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def skip(self):
        while self.pos < len(self.text) and self.text[self.pos] in " \n\t\r":
            self.pos += 1

    def parse(self):
        self.skip()
        ch = self.text[self.pos]
        if ch == "{":
            self.pos += 1
            result = {}
            self.skip()
            if self.text[self.pos] == "}":
                self.pos += 1
                return result
            while True:
                self.skip()
                key = self.parse()
                self.skip()
                assert self.text[self.pos] == ":"
                self.pos += 1
                result[key] = self.parse()
                self.skip()
                if self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                self.pos += 1
                return result
        if ch == "[":
            self.pos += 1
            result = []
            self.skip()
            if self.text[self.pos] == "]":
                self.pos += 1
                return result
            while True:
                result.append(self.parse())
                self.skip()
                if self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                self.pos += 1
                return result
        if ch == '"':
            end = self.pos + 1
            chars = []
            while self.text[end] != '"':
                if self.text[end] == "\\":
                    end += 1
                    chars.append({"n": "\n", '"': '"', "\\": "\\"}[self.text[end]])
                else:
                    chars.append(self.text[end])
                end += 1
            self.pos = end + 1
            return "".join(chars)
        for word, value in (("null", None), ("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return value
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "+-0123456789.eE":
            self.pos += 1
        num = self.text[start:self.pos]
        return float(num) if any(c in num for c in ".eE") else int(num)


doc = {
    "name": "rpvm",
    "version": [0, 1, 0],
    "ratio": 0.75,
    "big": 2 ** 70,
    "tags": ["vm", "python", "rust"],
    "nested": {"empty_list": [], "empty_dict": {}, "flags": [True, False, None]},
    "quote": 'say "hi"\nback\\slash',
    "matrix": [[1, 2], [3, 4]],
}
compact = dumps(doc)
print(compact)
pretty = dumps(doc, indent=2)
print(pretty)
back = Parser(pretty).parse()
print(back == doc, back["quote"] == doc["quote"], Parser(compact).parse() == doc)
print(dumps([1.5, -2, "x", [None]], indent=4))
try:
    dumps({"bad": {1, 2}})
except TypeError as e:
    print("TypeError:", e)
