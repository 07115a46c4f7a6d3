# NOTE: dict.get is avoided and len(d) is spelled len(list(d)) on purpose: when written,
# rpvm lacked dict.get and len() of a dict filled by d[k] = v returned 0.
def lists(n):
    xs = []
    for i in range(n):
        xs.append(i * 2)
    total = 0
    for i in range(len(xs)):
        total += xs[i]
    for i in range(0, len(xs), 3):
        xs[i] = xs[i] + 1
    return total + xs[n // 2] + len(xs)


def dicts(n):
    d = {}
    for i in range(n):
        k = i % 1000
        if k in d:
            d[k] = d[k] + i
        else:
            d[k] = i
    counts = {}
    for i in range(n):
        k = i % 37
        if k in counts:
            counts[k] += 1
        else:
            counts[k] = 1
    total = 0
    for k in d:
        total += d[k]
    return total, len(list(d)), counts[5], len(list(counts))


def str_keys(n):
    d = {}
    keys = []
    for i in range(200):
        keys.append("key" + str(i))
    for i in range(n):
        k = keys[i % 200]
        if k in d:
            d[k] += 1
        else:
            d[k] = 1
    return d["key7"], len(list(d))


def main(n):
    print(lists(n))
    print(dicts(n))
    print(str_keys(n))
    pairs = []
    for i in range(n // 10):
        pairs.append((i, i * i))
    s = 0
    for a, b in pairs:
        s += b - a
    print(s)


import sys

main(int(sys.argv[1]) if len(sys.argv) > 1 else 700_000)
