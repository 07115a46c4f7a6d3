"""Program: building strings in loops (concatenation, join, lists of
parts), a text table, run-length encoding, and a Caesar cipher."""

s = ""
for i in range(20):
    s += str(i % 10)
print(s, len(s))
parts = []
for i in range(1, 6):
    parts.append("*" * i)
print("|".join(parts))
for i in range(1, 6):
    print(" " * (5 - i) + "#" * (2 * i - 1))


def rle(text):
    if not text:
        return ""
    out = []
    run_char, run_len = text[0], 1
    for ch in text[1:]:
        if ch == run_char:
            run_len += 1
        else:
            out.append(f"{run_len}{run_char}")
            run_char, run_len = ch, 1
    out.append(f"{run_len}{run_char}")
    return "".join(out)


def unrle(code):
    out = ""
    num = ""
    for ch in code:
        if ch.isdigit():
            num += ch
        else:
            out += ch * int(num)
            num = ""
    return out


for t in ["aaabccddddde", "abc", "", "zzzzzzzzzzzz"]:
    enc = rle(t)
    print(repr(t), "->", repr(enc), unrle(enc) == t)


def caesar(text, shift):
    res = []
    for ch in text:
        if ch.isupper():
            res.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        elif ch.islower():
            res.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        else:
            res.append(ch)
    return "".join(res)


msg = "The Quick Brown Fox Jumps Over The Lazy Dog!"
enc = caesar(msg, 13)
print(enc)
print(caesar(enc, -13) == msg)
rows = [("name", "qty", "price"), ("widget", 3, 2.5), ("gadget", 10, 0.99), ("doohickey", 1, 100.0)]
widths = [max(len(str(r[c])) for r in rows) for c in range(3)]
sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
print(sep)
for idx, row in enumerate(rows):
    print("|" + "|".join(f" {str(v):<{w}} " if isinstance(v, str) else f" {v:>{w}} " for v, w in zip(row, widths)) + "|")
    if idx == 0:
        print(sep)
print(sep)
acc = []
n = 1
while len(acc) < 10:
    acc.append(bin(n)[2:].zfill(4))
    n = n * 3 % 16
print(" ".join(acc))
words = []
for word in "one two three four five".split():
    words.insert(0, word.capitalize())
sentence = ", ".join(words[:-1]) + " and " + words[-1]
print(sentence + ".")
buf = []
for i in range(3):
    for j in range(3):
        buf.append(f"({i},{j})")
    buf.append("\n")
print("".join(buf), end="")
fizz = []
for i in range(1, 16):
    fizz.append("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i))
print(" ".join(fizz))
long_s = "ab" * 1000
long_s = long_s.replace("ab", "abc", 500)
print(len(long_s), long_s[:10], long_s[-10:], long_s.count("abc"))
roman = ""
num = 1994
for value, letters in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]:
    while num >= value:
        roman += letters
        num -= value
print("1994 =", roman)
