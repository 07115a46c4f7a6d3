# Every distribution of 3.11's random gives CPython's numbers after seeding; Random
# instances are independent, subclassable, and getstate/setstate round-trip.
import random


def show(name, values):
    print(name, " ".join(repr(v) for v in values))


random.seed(12345)
show("expovariate", [random.expovariate(1.5) for _ in range(10)])
show("expovariate-int", [random.expovariate(2) for _ in range(5)])
show("normalvariate", [random.normalvariate(10, 2.5) for _ in range(10)])
show("normalvariate-default", [random.normalvariate() for _ in range(5)])
show("gauss", [random.gauss(0, 1) for _ in range(11)])
show("lognormvariate", [random.lognormvariate(0.5, 0.75) for _ in range(10)])
show("vonmisesvariate", [random.vonmisesvariate(1.0, 4.0) for _ in range(10)])
show("vonmisesvariate-k0", [random.vonmisesvariate(2.0, 0.0) for _ in range(3)])
show("vonmisesvariate-neg", [random.vonmisesvariate(-3.0, 0.5) for _ in range(6)])
for alpha, beta in [(0.01, 1.0), (0.1, 2.0), (0.5, 1.0), (0.9, 3.0), (1.0, 1.0), (1, 2),
                    (2.0, 1.0), (20.0, 0.5), (200.0, 1.0)]:
    show(f"gammavariate{(alpha, beta)}", [random.gammavariate(alpha, beta) for _ in range(6)])
show("betavariate", [random.betavariate(3.0, 3.0) for _ in range(8)])
show("betavariate-small", [random.betavariate(0.2, 0.5) for _ in range(8)])
show("paretovariate", [random.paretovariate(2.5) for _ in range(10)])
show("weibullvariate", [random.weibullvariate(1.5, 0.8) for _ in range(10)])
show("triangular", [random.triangular(0, 10, 3) for _ in range(8)])
show("triangular-default", [random.triangular() for _ in range(5)])
show("triangular-low-high", [random.triangular(5, 1) for _ in range(5)])
show("uniform", [random.uniform(-5, 5) for _ in range(8)])

print("-- choices and sample")
random.seed("choices")
pop = ["red", "green", "blue", "black"]
print(random.choices(pop, k=10))
print(random.choices(pop, weights=[10, 5, 1, 0.5], k=10))
print(random.choices(pop, cum_weights=[10, 15, 16, 16.5], k=10))
print(random.choices(range(5), cum_weights=[1, 2, 3, 4, 5], k=8))
print(random.choices("ab"))
print(random.sample(["x", "y", "z"], counts=[3, 2, 1], k=6))
print(random.sample(range(100), k=10))
print(random.sample("abcdefg", 3, counts=[1, 2, 3, 4, 5, 6, 7]))
for bad in [lambda: random.choices(pop, weights=[1], k=2),
            lambda: random.choices(pop, weights=[1, 1, 1, 1], cum_weights=[1, 2, 3, 4]),
            lambda: random.choices(pop, weights=[0, 0, 0, 0]),
            lambda: random.sample(pop, 2, counts=[1, 2]),
            lambda: random.sample(pop, 5),
            lambda: random.sample(pop, -1),
            lambda: random.gammavariate(0, 1),
            lambda: random.gammavariate(1, -1),
            lambda: random.expovariate(0)]:
    try:
        print("ok", bad())
    except (ValueError, TypeError, ZeroDivisionError) as e:
        print(type(e).__name__ + ":", e)

print("-- randbytes, getrandbits")
random.seed(2024)
print(random.randbytes(16).hex(), random.randbytes(0), len(random.randbytes(33)))
print([random.getrandbits(k) for k in (1, 7, 31, 32, 33, 64, 100)])

print("-- getstate / setstate")
random.seed(99)
st = random.getstate()
print(st[0], len(st[1]), st[1][-1], st[2])
a = [random.random() for _ in range(3)] + [random.gauss(0, 1)]
random.setstate(st)
b = [random.random() for _ in range(3)] + [random.gauss(0, 1)]
print(a == b, a)
random.gauss(0, 1)
st2 = random.getstate()
print(st2[2] is None, type(st2[2]).__name__)
x = random.gauss(0, 1)
random.setstate(st2)
print(random.gauss(0, 1) == x)
try:
    random.setstate((3, (1, 2), None))
except ValueError as e:
    print("ValueError:", e)

print("-- Random instances")
r1 = random.Random(42)
r2 = random.Random(42)
r3 = random.Random("other")
print(r1.random() == r2.random(), r1.random(), r3.random())
print([r1.randint(1, 6) for _ in range(10)], [r2.randint(1, 6) for _ in range(10)])
random.seed(42)
print(random.random() == random.Random(42).random())
print(isinstance(r1, random.Random), type(r1).__name__, type(r1) is random.Random)
r1.seed(7)
r2.setstate(r1.getstate())
print(r1.gammavariate(2.5, 1.0) == r2.gammavariate(2.5, 1.0))
print(r1.choice("abcdef"), r1.sample(range(10), 3), r1.randrange(0, 100, 7))
lst = list(range(10))
r1.shuffle(lst)
print(lst)


class Fixed(random.Random):
    """A generator whose random() is a fixed cycle: the distributions use it."""

    def __init__(self, values):
        self.values = list(values)
        self.i = 0
        self.seed(0)

    def random(self):
        v = self.values[self.i % len(self.values)]
        self.i += 1
        return v


f = Fixed([0.1, 0.5, 0.9, 0.25])
print(f.random(), f.uniform(0, 100), f.expovariate(1.0), f.paretovariate(2.0))
print(f.triangular(0, 1, 0.5), f.weibullvariate(1.0, 2.0), f.normalvariate(0, 1))
print(f.vonmisesvariate(0.0, 1.0), f.gammavariate(2.0, 1.0), f.betavariate(2.0, 2.0))
print(f.lognormvariate(0, 1), f.gauss(0, 1), f.i, isinstance(f, random.Random))


class Counting(random.Random):
    def seed(self, a=None, version=2):
        print("  seed called with", a)
        super().seed(a, version)


c = Counting(5)
print(c.random() == random.Random(5).random())
c.seed(6)
print(c.getrandbits(16) == random.Random(6).getrandbits(16))
