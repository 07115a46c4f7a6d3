"""Formatting: f-strings (!r/!s/!a, nested specs), format(), str.format,
%-formatting and the format-spec mini-language."""


class Pt:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Pt({self.x}, {self.y})"

    def __str__(self):
        return f"({self.x}, {self.y})"

    def __format__(self, spec):
        if spec == "polar":
            return "polar!"
        return format(str(self), spec)


p = Pt(1, 2)
name = "Zoë"
print(f"{p}", f"{p!r}", f"{p!s}", f"{name!a}", f"{name!r}", f"{p:polar}", f"{p:>10}|")
print(f"{name=}", f"{1 + 1=}", f"{p.x=:5d}|", f"{name = !s}")
width, prec = 10, 3
print(f"{3.14159:{width}.{prec}f}|", f"{'x':{'^'}{width}}|", f"{42:{'0'}{6}}")

for spec in ["", "d", "5d", "<5d", ">5d", "^5d", "05d", "+d", " d", "-d", ",d", "_d", "x", "X",
             "#x", "#X", "o", "#o", "b", "#b", "_b", "#010b", "c", "n", "=+8d", "*^9d", "e"]:
    print(repr(spec), repr(format(100, spec)), repr(format(-100, spec)) if spec != "c" else "")

for spec in ["", "f", ".2f", "10.2f", "<10.2f", "^10.2f", "+.1e", "E", "g", ".2g", "G", "%", ".0%",
             ",.2f", "_.1f", "010.2f", "#.0f", "#g", "n", ".3n", "=10.1f", "-.1f", " .1f", "z.1f"]:
    print(repr(spec), repr(format(1234.5, spec)), repr(format(-0.000123, spec)))

for spec in ["", "s", "10", "<10", ">10", "^10", "*^11", ".2", "10.2", "=>6"]:
    print(repr(spec), repr(format("text", spec)))

print(format(True), format(True, "d"), format(None), format([1, 2]), format(3 + 4j, ".1f"))
print("{}-{}-{}".format("a", "b", "c"), "{2}{1}{0}".format(*"abc"), "{x}/{y}".format(**{"x": 1, "y": 2}))
print("{0.x},{0.y}".format(p), "{0[0]}{0[2]}".format("abc"), "{d[key]}".format(d={"key": "v"}))
print("{:>8}|{:<8}|{:^8}|".format("r", "l", "c"), "{:08.3f}".format(-3.14159), "{!r:>10}".format("s"))
print("{0:{1}}|".format("dyn", 6), "{:{fill}{align}{w}}".format("n", fill="-", align=">", w=5))
print("{{}} {{{}}}".format("inside"), "{:,}".format(10 ** 9), "{:.3%}".format(0.5), "{:b}".format(10))

print("%s %r %a" % ("s", "r", "ä"), "%d %i %u" % (1, 2, 3), "%5.1f|%-8.3e|%g" % (2.25, 12345.678, 0.00001))
print("%x %X %#x %#o %o" % (255, 255, 255, 8, 8), "%+05d|% d|%-6d|" % (42, 42, 42), "%%", "%c" % "z")
print("%(name)s is %(age)03d" % {"name": "Al", "age": 7}, "%*d|%-*d|" % (5, 1, 4, 2), "%.*f" % (2, 3.14159))
print("%s" % (1,), "%s" % [1, 2], "%s %s" % ("a", "b"), "%.3s|%5.2s|" % ("abcdef", "xyz"))
print("%e %E %G" % (1e-10, 1e10, 1e-10), "%10.4g|" % 3.14159265, "%#.3g" % 1.0, "%d" % 3.99, "%i" % True)

table = [("apple", 3, 0.5), ("banana", 12, 0.25), ("cherry", 100, 10.0)]
print(f"{'item':<10}|{'qty':>5}|{'price':>8}")
for item, qty, price in table:
    print(f"{item:<10}|{qty:>5}|{price:>8.2f}")
print(f"{'total':<10}|{sum(q for _, q, _ in table):>5}|{sum(q * pr for _, q, pr in table):>8.2f}")

nested = {"a": [1, {"b": (2, 3)}]}
print(f"{nested}", f"{nested['a'][1]['b'][0]}", f"{[x * 2 for x in range(3)]}", f"{(lambda: 'lam')()}")
print(f"""triple {p
}""", f"multi {'line'}" f" concat {1}", "implicit" " concat", f"{'#'}")
try:
    format(1, "z")
except ValueError as e:
    print("ValueError:", e)
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "%d" % "x"
except TypeError as e:
    print("TypeError:", e)
try:
    "%s %s" % (1,)
except TypeError as e:
    print("TypeError:", e)
