"""str methods and operations."""

s = "  Hello, World! Hello again.  "
t = s.strip()
print(repr(t), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")), repr("abcba".strip("ab")))
print(t.split(), t.split(","), t.split("l", 2), "a,b,,c".split(","), "".split(), "".split(","))
print("a b  c".rsplit(None, 1), "a.b.c.d".rsplit(".", 2), "  x  y ".split(None, 1), "1<>2<>3".split("<>"))
print("-".join(["a", "b", "c"]), "".join(map(str, range(5))), ", ".join(("x",)), "|".join("abc"))
print(t.replace("Hello", "Bye"), t.replace("l", "L", 2), "aaa".replace("a", "bb"), "abc".replace("", "-"))
print(t.find("o"), t.find("o", 5), t.find("zz"), t.rfind("Hello"), t.index("World"), t.rindex("l"))
print(t.count("l"), t.count("Hello"), "aaaa".count("aa"), "abc".count(""), t.count("l", 0, 5))
print(t.startswith("Hello"), t.startswith(("Bye", "He")), t.endswith("."), t.endswith("again", 0, -1))
print("mixed Case".upper(), "MIXED Case".lower(), "hello world foo".title(), "hELLO wORLD".capitalize())
print("MiXeD".swapcase(), "straße".upper(), "İ".lower() == "i̇", "ǅ".casefold(), "Straße".casefold())
print(repr("abc".center(9)), repr("abc".center(8, "*")), repr("abc".ljust(6, ".")), repr("abc".rjust(6)))
print("42".zfill(5), "-42".zfill(6), "+7".zfill(4), "abc".zfill(2), "".zfill(3))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalnum(), "   ".isspace(), "".isspace())
print("Title Case".istitle(), "lower".islower(), "UPPER".isupper(), "x1".isidentifier(), "1x".isidentifier())
print("½".isnumeric(), "½".isdigit(), "٣".isdecimal(), "abc".isascii(), "é".isascii(), "a\tb".isprintable())
print("key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("="), "none".rpartition("="))
print("line1\nline2\r\nline3\rline4".splitlines(), "a\n\nb\n".splitlines(), "a\nb".splitlines(True))
print("héllo wörld".encode(), "abc".encode("ascii"), "é".encode("utf-16-le"), "é".encode("latin-1"))
print("naïve".encode("ascii", "replace"), "naïve".encode("ascii", "ignore"), "naïve".encode("ascii", "backslashreplace"))
print("{} + {} = {}".format(1, 2, 3), "{1}{0}".format("a", "b"), "{name}!".format(name="hi"), "{0[1]}".format([5, 6]))
print("tab\there".expandtabs(4), "a\tb".expandtabs(), "prefix_body".removeprefix("prefix_"), "body.py".removesuffix(".py"))
print("abc" * 3, 3 * "-", "ab" + "cd", "b" in "abc", "z" not in "abc", "" in "abc")
print(s[2], s[-3], t[0:5], t[7:], t[:-7], t[::2], t[::-1], t[100:], t[-100:3], t[5:1])
print(len(t), len(""), len("日本語"), "日本語"[1], ord("€"), chr(8364), "€".encode())
print("abc" < "abd", "abc" < "ab", "B" < "a", "" < "a", max("hello"), min("hello"), sorted("hello"))
print(str(123), str(1.5), str(None), str([1, "a"]), repr("quote's"), repr('dq"'), repr("both'\""), repr("\n\t\\"))
print(repr("\x00\x7f\x80\xff"), repr("é日\U0001f600"), ascii("é日\U0001f600"), repr("\u200b"))
print("%s is %d years and %.1f%%" % ("Tom", 30, 99.5), "%r|%5s|%-5s|%05d|%x|%X|%o" % ("r", "ab", "ab", 42, 255, 255, 8))
print("a b".split(" "), "a  b".split(" "), "".join(reversed("stressed")), "x".join([]))
print("Hello"[1:4].upper().center(7, "~").replace("~", "."))
print("comma,separated,values".split(",", maxsplit=1), "a-b-c".rsplit("-", maxsplit=1))
print(str.maketrans("abc", "xyz") == {97: 120, 98: 121, 99: 122}, "aabbcc".translate(str.maketrans("abc", "xyz", "c")))
print("%c%c" % (72, "i"), "%3d|%-3d|%+d" % (5, 5, 5), "%.2s" % "abc", "%(a)s-%(b)s" % {"a": 1, "b": 2})
print(hash("") == 0, "abc".__len__(), "abc".__contains__("b"), "ab".__add__("c"), str.upper("x"))
words = "the quick brown fox jumps over the lazy dog".split()
print(sorted(words), sorted(words, key=len), max(words, key=len), [w[::-1] for w in words][:3])
acc = ""
for w in words:
    acc += w[0]
print(acc, acc.upper(), len(acc))
b = "x"
b *= 3
b += "y"
print(b)
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
try:
    "abc"[5]
except IndexError as e:
    print("IndexError:", e)
try:
    "abc" + 1
except TypeError as e:
    print("TypeError:", e)
try:
    s[0] = "x"
except TypeError as e:
    print("TypeError:", e)
print(f"{'nested ' + 'expr'!r:>20}|", f"{3 + 4}", f"{{literal}}", f"{'a' if True else 'b'}")
