"""Iterator protocol: classes with __iter__/__next__, the __getitem__
fallback, iter() with a sentinel, exhausted iterators, StopIteration."""


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


print(list(Countdown(5)), sum(Countdown(100)), [x for x in Countdown(3)])
c = Countdown(2)
print(next(c), next(c), next(c, "done"), list(c))


class Repeatable:
    def __init__(self, data):
        self.data = data

    def __iter__(self):
        return iter(self.data)


r = Repeatable("xyz")
print(list(r), list(r), "y" in r, sorted(r, reverse=True), dict.fromkeys(r, 0))


class OldStyle:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 11


print(list(OldStyle()), 22 in OldStyle(), [v for v in OldStyle()], tuple(OldStyle()))
it = iter(OldStyle())
print(type(it).__name__, next(it), next(it))

chunks = iter(["a", "b", "", "c"])
print(list(iter(lambda: next(chunks), "")), list(chunks))
numbers = iter(range(10))
evens_then = [n for n in numbers if n % 2 == 0 and n < 5]
print(evens_then, list(numbers))
nums = [1, 2, 3]
lit = iter(nums)
nums.append(4)
print(list(lit), list(lit))
z = zip(Countdown(3), "ab", [True, False, None])
print(list(z), list(z))
e = enumerate(Countdown(2), 1)
print(next(e), list(e))
m = map(lambda v: v * v, Countdown(3))
f = filter(None, [0, 1, 0, 2])
print(list(m), list(f), list(reversed(range(3))), list(iter([])))
rev = reversed([1, 2, 3])
print(next(rev), list(rev), type(rev).__name__)


class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = children

    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child


tree = Tree(1, Tree(2, Tree(3)), Tree(4, Tree(5), Tree(6)))
print(list(tree), max(tree), 5 in tree)


class BadIter:
    def __iter__(self):
        return 42


try:
    iter(BadIter())
except TypeError as e:
    print("TypeError:", e)
try:
    next([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    for _ in 5:
        pass
except TypeError as e:
    print("TypeError:", e)


def stop_inside_generator():
    yield 1
    raise StopIteration("inside")


try:
    list(stop_inside_generator())
except RuntimeError as e:
    print("RuntimeError:", e, "cause:", repr(e.__cause__))
pairs = list(zip(*[iter(range(8))] * 2))
print(pairs)
d = {"a": 1, "b": 2}
di = iter(d)
print(next(di), list(di), list(iter(d.items())), type(iter(d.values())).__name__)
s_it = iter("héllo")
print(next(s_it), "".join(s_it), list(iter(b"ab")), list(iter((1, 2))))
