import random

random.seed(12345)
print([random.random() for _ in range(20)])
print([random.getrandbits(k) for k in (0, 1, 5, 31, 32, 33, 63, 64, 65, 100, 200)])
print([random.randrange(10) for _ in range(30)])
print([random.randrange(-5, 17) for _ in range(30)])
print([random.randrange(3, 100, 7) for _ in range(20)])
print([random.randrange(100, 3, -9) for _ in range(20)])
print([random.randint(1, 6) for _ in range(40)])
print(random.randrange(10 ** 30))
print(random.randint(-(10 ** 25), 10 ** 25))
print([random.choice("abcdefghij") for _ in range(30)])
print([random.choice([1, 2.5, "x", None]) for _ in range(10)])
print(random.choices(range(10), k=15))
print(random.choices("abc", weights=[1, 5, 10], k=20))
print(random.choices("abc", cum_weights=[0.5, 0.75, 3.0], k=20))
print(random.choices(["x", "y"]))
xs = list(range(20))
random.shuffle(xs)
print(xs)
ys = list("hello world")
random.shuffle(ys)
print(ys)
print(random.sample(range(100), 10))
print(random.sample(range(10 ** 6), 8))
print(random.sample("abcdefgh", 8))
print(random.sample(["a", "b", "c"], k=2, counts=[3, 1, 2]))
print([random.uniform(-3, 7) for _ in range(10)])
print(random.uniform(1, 1))
print([random.gauss(0, 1) for _ in range(11)])
print(random.gauss(), random.gauss(10, 2))
random.seed(7)
g1 = random.gauss()
random.seed(7)
print(g1 == random.gauss())
print([random.normalvariate(5, 2) for _ in range(5)])
print([random.expovariate(1.5) for _ in range(5)])
print([random.triangular(0, 10, 3) for _ in range(5)])
print(random.randbytes(10))

for s in ("hello", b"bytes", "", -99, 0, 2 ** 100, 3.5):
    random.seed(s)
    print(repr(s), random.random(), random.randrange(1000))

r = random.Random(99)
print([r.random() for _ in range(5)], r.randint(1, 100))
r2 = random.Random(99)
print(r2.random() == random.Random(99).random())
st = r.getstate()
a = r.random()
r.setstate(st)
print(a == r.random())

random.seed()
x = random.random()
print(0.0 <= x < 1.0)

for bad in (lambda: random.randrange(0), lambda: random.randrange(5, 5),
            lambda: random.randrange(1, 10, 0), lambda: random.choice([]),
            lambda: random.sample(range(3), 5), lambda: random.getrandbits(-1),
            lambda: random.sample({1, 2}, 1)):
    try:
        bad()
    except (ValueError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
