"""Program: Collatz sequence statistics."""


def collatz_len(n, cache={1: 1}):
    path = []
    while n not in cache:
        path.append(n)
        n = n // 2 if n % 2 == 0 else 3 * n + 1
    length = cache[n]
    for m in reversed(path):
        length += 1
        cache[m] = length
    return length


def sequence(n):
    seq = [n]
    while n != 1:
        n = n >> 1 if n & 1 == 0 else 3 * n + 1
        seq.append(n)
    return seq


print(sequence(27)[:20], len(sequence(27)), max(sequence(27)))
limit = 30000
best = max(range(1, limit), key=collatz_len)
print("longest below", limit, "starts at", best, "length", collatz_len(best))
lengths = [collatz_len(n) for n in range(1, 10001)]
print("mean length:", sum(lengths) / len(lengths))
histogram = {}
for ln in lengths:
    bucket = ln // 25 * 25
    histogram[bucket] = histogram.get(bucket, 0) + 1
for bucket in sorted(histogram):
    print(f"{bucket:3d}-{bucket + 24:3d} {histogram[bucket]:5d}")
peaks = sorted(((max(sequence(n)), n) for n in range(1, 2000)), reverse=True)[:3]
print("highest peaks:", peaks)
big = 2 ** 100 + 1
print("2**100+1 length:", len(sequence(big)), "peak digits:", len(str(max(sequence(big)))))
