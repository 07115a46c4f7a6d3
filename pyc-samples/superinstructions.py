# Pairs of instructions that rpvm's quickener fuses into CPython 3.11's superinstructions
# (LOAD_FAST__LOAD_FAST, LOAD_FAST__LOAD_CONST, LOAD_CONST__LOAD_FAST,
# STORE_FAST__LOAD_FAST, STORE_FAST__STORE_FAST), including the cases where the second
# half cannot run in the fused form: an unbound local, or a jump landing on it.


def pairs(a, b):
    c = a + b          # LOAD_FAST__LOAD_FAST
    d = a - 1          # LOAD_FAST__LOAD_CONST
    e = 2 * b          # LOAD_CONST__LOAD_FAST
    f = c; g = f       # STORE_FAST__LOAD_FAST
    x, y = d, e        # STORE_FAST__STORE_FAST
    return c, d, e, f, g, x, y


print(pairs(10, 3))
print(pairs(2.5, -1.25))
print(pairs("ab", "cd") if False else pairs(7, 7))


def second_half_unbound(flag):
    if flag:
        later = 1
    first = 5
    return first + later   # LOAD_FAST first, then the unbound `later`


print(second_half_unbound(True))
try:
    second_half_unbound(False)
except UnboundLocalError as exc:
    print("UnboundLocalError:", exc)


def jump_into_pair(n):
    total = 0
    i = 0
    while i < n:       # the loop's backward jump lands between fused pairs
        total = total + i
        i = i + 1
    return total, i


print(jump_into_pair(10))


def swap_many(a, b, c):
    a, b, c = c, a, b
    c, a = a, c
    return a, b, c


print(swap_many(1, 2, 3))


def call_args(p, q):
    return max(p, q), min(p, 3), abs(q)   # PRECALL stepped over


print(call_args(4, -9))


second_half_unbound(False)
