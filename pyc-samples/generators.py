"""Generators: yield, yield from with a return value, send, throw, close,
generator expressions, generator state."""


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1


print(list(count_up(5)))


def sub():
    x = yield "sub-first"
    print("sub received", x)
    y = yield "sub-second"
    print("sub received", y)
    return x + y


def delegator():
    result = yield from sub()
    print("sub returned", result)
    yield "after"
    return "done"


g = delegator()
print(next(g))
print(g.send(10))
print(g.send(32))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value)


def accumulator():
    total = 0
    while True:
        try:
            v = yield total
        except ValueError as e:
            print("accumulator got thrown", repr(e))
            total = 0
            continue
        except GeneratorExit:
            print("accumulator closing at", total)
            raise
        if v is None:
            break
        total += v
    return total


acc = accumulator()
next(acc)
print(acc.send(5), acc.send(7))
print(acc.throw(ValueError("reset")))
print(acc.send(3))
acc.close()
acc.close()
try:
    acc.send(1)
except StopIteration:
    print("closed generator raises StopIteration")

acc2 = accumulator()
next(acc2)
acc2.send(4)
try:
    acc2.send(None)
except StopIteration as e:
    print("finished with", e.value)


def finally_gen():
    try:
        yield 1
        yield 2
    finally:
        print("finally_gen cleanup")


fg = finally_gen()
print(next(fg))
fg.close()

squares = (x * x for x in range(10) if x % 3)
print(type(squares).__name__, next(squares), list(squares))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))


def yield_from_iterables():
    yield from [1, 2]
    yield from (c for c in "ab")
    yield from range(3, 5)
    yield from {"k1": 1, "k2": 2}


print(list(yield_from_iterables()))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


out = []
for f in fib():
    if f > 100:
        break
    out.append(f)
print(out)

gen = count_up(2)
print(next(gen), next(gen), next(gen, "exhausted"))


def throw_into_delegation():
    def inner():
        try:
            yield "inner"
        except KeyError:
            yield "inner caught KeyError"

    yield from inner()


t = throw_into_delegation()
print(next(t))
print(t.throw(KeyError))


def gen_return_in_try():
    try:
        yield 1
        return "early"
    finally:
        print("cleanup in return")


print(list(gen_return_in_try()))
zipped = list(zip(count_up(3), "xyz"))
print(zipped)
it = iter(count_up(3))
print(it is iter(it), list(it), list(it))
