"""Program: sieve of Eratosthenes plus a few prime statistics."""


def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p * p <= limit:
        if is_prime[p]:
            for multiple in range(p * p, limit + 1, p):
                is_prime[multiple] = False
        p += 1
    return [i for i, flag in enumerate(is_prime) if flag]


def sieve_slices(limit):
    flags = bytearray([1]) * (limit + 1)
    flags[0:2] = b"\x00\x00"
    for p in range(2, int(limit ** 0.5) + 1):
        if flags[p]:
            flags[p * p::p] = bytes(len(range(p * p, limit + 1, p)))
    return [i for i in range(limit + 1) if flags[i]]


primes = sieve(10000)
print(len(primes), primes[:20], primes[-5:])
print(primes == sieve_slices(10000))
print("sum below 10000:", sum(primes))
gaps = {}
for a, b in zip(primes, primes[1:]):
    gaps[b - a] = gaps.get(b - a, 0) + 1
print("gaps:", sorted(gaps.items()))
twins = [(a, b) for a, b in zip(primes, primes[1:]) if b - a == 2]
print("twin pairs:", len(twins), twins[:6], twins[-1])
by_last_digit = {}
for p in primes:
    by_last_digit.setdefault(p % 10, []).append(p)
print({d: len(ps) for d, ps in sorted(by_last_digit.items())})
largest_gap = max(zip(primes, primes[1:]), key=lambda ab: ab[1] - ab[0])
print("largest gap:", largest_gap, largest_gap[1] - largest_gap[0])


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


print([n for n in range(2 ** 31 - 20, 2 ** 31) if is_prime(n)])
print([2 ** p - 1 for p in range(2, 32) if is_prime(p) and is_prime(2 ** p - 1)])
goldbach = {n: next((p, n - p) for p in primes if is_prime(n - p)) for n in range(4, 40, 2)}
print(goldbach)
