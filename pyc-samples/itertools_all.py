# Every itertools function and class, with reprs and CPython's error messages.
import itertools
from itertools import (accumulate, chain, combinations, combinations_with_replacement,
                       compress, count, cycle, dropwhile, filterfalse, groupby, islice,
                       pairwise, permutations, product, repeat, starmap, takewhile, tee,
                       zip_longest)
import operator


def err(f, *args, **kw):
    try:
        r = f(*args, **kw)
        if hasattr(r, "__next__"):
            r = list(r)
        print("ok", r)
    except Exception as e:
        print(type(e).__name__ + ":", e)


print("-- count")
c = count()
print(next(c), next(c), repr(c))
c = count(10, 3)
print([next(c) for _ in range(4)], repr(c))
print(repr(count(2.5)), repr(count(1, 0.5)), repr(count(-3, -2)), repr(count(0, 1)))
c = count(1.0, 0.25)
print([next(c) for _ in range(5)], repr(c))
c = count(2 ** 64)
print(next(c), repr(c))
print(repr(count(step=5)), repr(count(start=7)))
err(count, "a")
err(count, 1, "b")
print(list(zip(count(5), "abc")))

print("-- cycle")
cy = cycle("abc")
print([next(cy) for _ in range(8)])
print(list(islice(cycle([1, 2]), 5)))
print(list(cycle([])))
err(cycle, 5)
err(cycle)

print("-- repeat")
r = repeat("x", 3)
print(repr(r), list(r), repr(r))
print(repr(repeat(5)), repr(repeat(None, 0)), repr(repeat([1], -2)), list(repeat(1, -2)))
r = repeat(7)
print([next(r) for _ in range(3)])
print(list(repeat(object=2, times=2)))
err(repeat)
err(repeat, 1, "a")
print(list(map(pow, range(5), repeat(2))))

print("-- accumulate")
print(list(accumulate([1, 2, 3, 4, 5])))
print(list(accumulate([1, 2, 3, 4, 5], operator.mul)))
print(list(accumulate([3, 1, 4, 1, 5, 9, 2], max)))
print(list(accumulate([1, 2, 3], initial=100)))
print(list(accumulate([], initial=100)))
print(list(accumulate([])))
print(list(accumulate("abc")))
print(list(accumulate([1, 2, 3], lambda a, b: a * 10 + b, initial=0)))
print(list(accumulate([1, 2, 3], func=operator.sub)))
err(accumulate, 5)
err(accumulate, [1, "a"])

print("-- chain")
print(list(chain("ab", [1, 2], (3,), range(2))))
print(list(chain()))
print(list(chain.from_iterable(["ab", "cd", []])))
print(list(chain.from_iterable(x * "z" for x in range(4))))
ch = chain([1], [2])
print(next(ch), next(ch))
err(next, ch)
err(chain, 1)
err(list, chain([1], 2))
print(type(chain("a")).__name__, isinstance(chain("a"), chain), type(chain()) is chain)
print(repr(chain), repr(count), isinstance(count(), count), type(islice("", 1)).__module__)

print("-- compress")
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(compress(range(10), [True, False] * 2)))
print(list(compress(data="abc", selectors=[0, 1, 1])))
err(compress, "abc")
err(compress, 1, [1])

print("-- dropwhile / takewhile / filterfalse")
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))))
print(list(filterfalse(None, [0, 1, "", "a", None, [], [0]])))
print(list(dropwhile(bool, [])), list(takewhile(bool, [])))
tw = takewhile(lambda x: x < 3, iter([1, 2, 3, 4]))
print(list(tw), list(tw))
err(dropwhile, len)
err(takewhile, len, 5)
err(filterfalse, None, 5)

print("-- groupby")
print([(k, list(g)) for k, g in groupby("AAAABBBCCDAABBB")])
print([k for k, g in groupby("AAAABBBCCD")])
print([(k, list(g)) for k, g in groupby([1, 3, 5, 2, 4, 7], key=lambda x: x % 2)])
print([(k, "".join(g)) for k, g in groupby(sorted("mississippi"))])
gb = groupby("aaabbbccc")
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2))
gb = groupby("aaabbc")
k1, g1 = next(gb)
print(next(g1))
k2, g2 = next(gb)
print(k1, list(g1), k2, list(g2))
groups = [(k, g) for k, g in groupby("xxyyz")]
print([(k, list(g)) for k, g in groups])
print(list(groupby([])))
gb = groupby([1, 1, 2])
k, g = next(gb)
print(k, next(g), next(g))
err(next, g)
err(groupby, 5)
print([k for k, g in groupby([1, "a", "a", 1], key=None)])
print(type(groupby("a")).__name__)

print("-- islice")
s = "ABCDEFG"
print(list(islice(s, 2)))
print(list(islice(s, 2, 4)))
print(list(islice(s, 2, None)))
print(list(islice(s, 0, None, 2)))
print(list(islice(s, None)))
print(list(islice(s, None, None, 3)))
print(list(islice(s, 1, 100, 2)))
print(list(islice(s, 5, 2)))
print(list(islice(count(), 3, 10, 4)))
it = iter(range(10))
print(list(islice(it, 3)), list(it))
it = iter(range(10))
print(list(islice(it, 2, 4)), next(it))
err(islice, s, -1)
err(islice, s, 1, -1)
err(islice, s, -1, 5)
err(islice, s, 0, 5, 0)
err(islice, s, 0, 5, -1)
err(islice, s, "a")
err(islice, s, 1.5)
err(islice, s, 0, 5, "x")
err(islice, s)
err(islice, s, 1, 2, 3, 4)
err(islice, 5, 1)
print(list(islice(s, True)))

class Idx:
    def __index__(self):
        return 3

print(list(islice(s, Idx())))

print("-- pairwise")
print(list(pairwise("ABCDEFG")))
print(list(pairwise([1])), list(pairwise([])))
print(list(pairwise(range(4))))
err(pairwise, 3)
err(pairwise)

print("-- starmap")
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])))
print(list(starmap(lambda *a: sum(a), [(), (1,), (1, 2, 3)])))
print(list(starmap(operator.add, ["ab", "cd"])))
err(list, starmap(pow, [1]))
err(starmap, pow)

print("-- tee")
a, b = tee(range(5))
print(next(a), next(a), list(b), list(a))
x, y, z = tee("abc", 3)
print(list(x), list(y), list(z))
print(tee([1], 0))
a, b = tee(iter([1, 2, 3, 4]))
c, d = tee(a)
print(next(a), list(c), list(d), list(b), list(a))
t1, t2 = tee(count())
print([next(t1) for _ in range(5)], [next(t2) for _ in range(3)])
src = iter([10, 20, 30])
p, q = tee(src)
print(next(p), next(src), list(q))
err(tee, [1], -1)
err(tee, 5)
print(type(tee("a")[0]).__name__)
t = tee("xyz")[0]
u = t.__copy__()
print(next(t), list(u), list(t))

print("-- zip_longest")
print(list(zip_longest("ABCD", "xy", fillvalue="-")))
print(list(zip_longest("AB", [1, 2, 3])))
print(list(zip_longest()))
print(list(zip_longest("abc")))
print(list(zip_longest([], [], fillvalue=0)))
print(list(zip_longest(range(2), "xyz", [True], fillvalue=None)))
err(zip_longest, 1, [2])
err(zip_longest, [1], bogus=2)

print("-- product")
print(list(product("AB", "xy")))
print(list(product(range(2), repeat=3)))
print(list(product("ab", [0, 1], repeat=2))[:6])
print(list(product()))
print(list(product("ab", [])))
print(list(product("ab", repeat=0)))
print(len(list(product(range(3), range(4), range(5)))))
err(product, "ab", repeat=-1)
err(product, 5)
err(product, "ab", bogus=1)

print("-- permutations")
print(list(permutations("ABC")))
print(list(permutations(range(4), 2)))
print(list(permutations("AB", 3)))
print(list(permutations("AB", 0)))
print(list(permutations([])))
print(len(list(permutations(range(6)))))
err(permutations, "ab", -1)
err(permutations, "ab", "x")
err(permutations, 5)
print(list(permutations("abc", None)))

print("-- combinations")
print(list(combinations("ABCD", 2)))
print(list(combinations(range(4), 3)))
print(list(combinations("AB", 3)))
print(list(combinations("AB", 0)))
print(len(list(combinations(range(10), 5))))
err(combinations, "ab", -1)
err(combinations, "ab")
err(combinations, 1, 2)

print("-- combinations_with_replacement")
print(list(combinations_with_replacement("ABC", 2)))
print(list(combinations_with_replacement(range(3), 3)))
print(list(combinations_with_replacement("", 2)))
print(list(combinations_with_replacement("", 0)))
print(list(combinations_with_replacement("AB", 0)))
err(combinations_with_replacement, "ab", -1)
err(combinations_with_replacement, "ab")

print("-- laziness and iteration protocol")
for obj in [count(), cycle("a"), repeat(1), accumulate([1]), chain(), compress("", []),
            dropwhile(None, []), filterfalse(None, []), groupby(""), islice("", 1),
            pairwise(""), starmap(pow, []), takewhile(None, []), tee("")[0],
            zip_longest(), product(), permutations(""), combinations("", 0),
            combinations_with_replacement("", 0)]:
    print(type(obj).__name__, iter(obj) is obj, hasattr(obj, "__next__"))

def gen():
    for i in range(3):
        print("produced", i)
        yield i

it = islice(gen(), 2)
print("islice made")
print(next(it))
print(list(it))
ch = chain(gen(), gen())
print(next(ch))
print(sum(1 for _ in ch))

print("-- itertools recipes")
def take(n, iterable):
    return list(islice(iterable, n))

def roundrobin(*iterables):
    num_active = len(iterables)
    nexts = cycle(iter(it).__next__ for it in iterables)
    while num_active:
        try:
            for nxt in nexts:
                yield nxt()
        except StopIteration:
            num_active -= 1
            nexts = cycle(islice(nexts, num_active))

def powerset(iterable):
    s = list(iterable)
    return chain.from_iterable(combinations(s, r) for r in range(len(s) + 1))

def grouper(iterable, n, fillvalue=None):
    args = [iter(iterable)] * n
    return zip_longest(*args, fillvalue=fillvalue)

def unique_everseen(iterable):
    seen = []
    for element in filterfalse(seen.__contains__, iterable):
        seen.append(element)
        yield element

print(take(5, count(3)))
print(list(roundrobin("ABC", "D", "EF")))
print(list(powerset([1, 2, 3])))
print(list(grouper("ABCDEFG", 3, "x")))
print(list(unique_everseen("AAAABBBCCDAABBB")))
print(sum(map(operator.mul, [1, 2, 3], [4, 5, 6])))
print(list(map(sum, zip(*[iter(range(12))] * 3))))

def err2(f, *args, **kw):
    # Like err, but never iterates the result (count(1) is infinite).
    try:
        print("ok", type(f(*args, **kw)).__name__)
    except Exception as e:
        print(type(e).__name__ + ":", e)


print("-- argument errors")
for name in ["count","cycle","repeat","accumulate","chain","compress","dropwhile","takewhile","filterfalse","groupby","islice","pairwise","starmap","tee","zip_longest","product","permutations","combinations","combinations_with_replacement"]:
    f = getattr(itertools, name)
    print("==", name)
    err2(f)
    err2(f, 1)
    err2(f, [1], 2, 3, 4, 5)
    err2(f, x=1)
    err2(f, [1], x=1)
err2(itertools.chain.from_iterable)
err2(itertools.chain.from_iterable, 1)
err2(itertools.count, 1, 2, 3)
err2(itertools.count, start=1, step=2, x=3)
err2(itertools.repeat, 1, 2, 3)
err2(itertools.repeat, 1, times=2.0)
err2(itertools.islice, [1], 2**70)
err2(itertools.islice, [1], 0, 2**70)
err2(itertools.islice, [1], 2**70, 3)
err2(itertools.islice, [1], -5)
err2(itertools.islice, [1], 0, -5)
err2(itertools.islice, [1], 0, None, 2**70)
err2(itertools.islice, [1], "a", 2)
err2(itertools.permutations, [1], 2.0)
err2(itertools.combinations, [1], 2.0)
err2(itertools.combinations, [1], None)
err2(itertools.product, [1], repeat=2.0)
err2(itertools.product, [1], repeat=2**70)
err2(itertools.tee, [1], 2.0)
err2(itertools.tee, [1], 2**70)
err2(itertools.accumulate, [1], initial=1, x=2)
err2(itertools.accumulate, [1], None, 5)
err2(itertools.zip_longest, [1], fillvalue=1, x=2)
err2(itertools.groupby, [1], key=None, x=2)
err2(itertools.compress, [1], [2], x=2)
err2(itertools.pairwise, iterable=[1])
err2(itertools.starmap, pow, [1], x=1)
for c in [itertools.count(), itertools.cycle('a'), itertools.chain(), itertools.repeat(1), itertools.islice('a', 1)]:
    print(isinstance(c, type(c)), type(c).__module__, type(c).__qualname__, type(c).__name__)
print(repr(itertools.count), repr(itertools.chain), repr(itertools.tee)[:30])
