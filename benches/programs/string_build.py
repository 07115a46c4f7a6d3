# NOTE: str.join and dict.get are avoided on purpose (missing from rpvm when written).
def build(n):
    s = ""
    for i in range(n):
        s += str(i % 10)
    return s


def fmt(n):
    out = ""
    for i in range(n):
        out += f"item-{i}:{i * 3},"
    return out


def concat_words(n):
    total = 0
    for i in range(n):
        w = "ab" + str(i) + "cd"
        total += len(w)
    return total


def main(n):
    s = build(n)
    print(len(s), s[:20], s[-20:])
    j = fmt(n)
    print(len(j), j[:40])
    print(concat_words(n))
    lines = []
    for i in range(n // 10):
        lines.append(f"{i:>6} | {i * 0.5:.2f} | {'x' * (i % 7)}")
    text = ""
    for line in lines:
        text += line + "\n"
    print(len(text), lines[-1])


main(600_000)
