# NOTE: str.join and dict.get are avoided on purpose (missing from rpvm when written), and
# accumulated strings are kept short: rpvm's `s += x` copies the whole string (CPython
# resizes in place), so one multi-megabyte accumulator is quadratic there.


def build(n):
    total = 0
    last = ""
    s = ""
    for i in range(n):
        s += str(i % 10)
        if len(s) >= 64:
            total += len(s)
            last = s
            s = ""
    return total + len(s), last


def fmt(n):
    total = 0
    out = ""
    for i in range(n):
        out += f"item-{i}:{i * 3},"
        if len(out) > 200:
            total += len(out)
            out = ""
    return total + len(out), out


def concat_words(n):
    total = 0
    for i in range(n):
        w = "ab" + str(i) + "cd"
        total += len(w)
    return total


def main(n):
    print(build(n))
    print(fmt(n))
    print(concat_words(n))
    total = 0
    line = ""
    for i in range(n // 10):
        line = f"{i:>6} | {i * 0.5:.2f} | {'x' * (i % 7)}"
        total += len(line)
    print(total, line)


import sys

main(int(sys.argv[1]) if len(sys.argv) > 1 else 600_000)
