from collections import defaultdict, deque, Counter, OrderedDict, namedtuple

# defaultdict
d = defaultdict(list)
d['a'].append(1)
d['a'].append(2)
d['b'].append(3)
print(d)
print(d.default_factory)
print(len(d), 'a' in d, 'z' in d, sorted(d.items()))
c = defaultdict(int)
for w in "the cat the dog the end".split():
    c[w] += 1
print(c)
n = defaultdict(None, {1: 2})
print(n)
try:
    n[5]
except KeyError as e:
    print("KeyError", e)
print(isinstance(d, dict), d == {'a': [1, 2], 'b': [3]})

# deque
q = deque([1, 2, 3])
q.append(4)
q.appendleft(0)
print(q, len(q), q[0], q[-1], 3 in q, 9 in q)
print(q.pop(), q.popleft(), q)
q.extend([5, 6])
q.extendleft([7, 8])
print(q)
q.rotate(2)
print(q)
q.rotate(-3)
print(q)
print(q.count(5), q.index(5))
q.remove(5)
q.reverse()
print(q, list(q), bool(q), bool(deque()))
m = deque(range(10), maxlen=3)
print(m, m.maxlen)
m.append(10)
m.appendleft(0)
print(m)
print(deque([1, 2]) == deque([1, 2]), deque([1]) == deque([2]))
e = deque()
try:
    e.pop()
except IndexError as ex:
    print("IndexError", ex)
try:
    e.popleft()
except IndexError as ex:
    print("IndexError", ex)
q.clear()
print(q)
q2 = deque('abc')
q2[1] = 'X'
del q2[0]
print(q2, [x for x in reversed(q2)])

# Counter
cnt = Counter('abracadabra')
print(cnt)
print(cnt['a'], cnt['z'])
print(cnt.most_common(2))
print(cnt.most_common())
print(sorted(cnt.elements()))
cnt.update('aaz')
print(cnt)
cnt.subtract({'a': 10})
print(cnt)
print(Counter(a=3, b=1).total())
x = Counter(a=3, b=1)
y = Counter(a=1, b=2, c=5)
print(x + y)
print(x - y)
print(x | y)
print(x & y)
print(Counter())
print(Counter({'x': 2, 'y': 3}))
print(+Counter(a=2, b=-1), -Counter(a=2, b=-1))

# OrderedDict
od = OrderedDict()
od['a'] = 1
od['b'] = 2
od['c'] = 3
print(od)
od.move_to_end('a')
print(od)
od.move_to_end('c', last=False)
print(od)
print(od.popitem(), od.popitem(last=False), od)
print(OrderedDict(), OrderedDict([('x', 1)]))
o1 = OrderedDict([('a', 1), ('b', 2)])
o2 = OrderedDict([('b', 2), ('a', 1)])
print(o1 == o2, o1 == dict(o2), o1 != o2)
try:
    OrderedDict().popitem()
except KeyError as ex:
    print("KeyError", ex)

# namedtuple
Point = namedtuple('Point', 'x y')
p = Point(1, 2)
print(p, p.x, p.y, p[0], p[1])
a, b = p
print(a, b, p == (1, 2), len(p), isinstance(p, tuple))
print(Point._fields, p._asdict())
print(p._replace(y=5), Point._make([7, 8]))
P3 = namedtuple('P3', ['a', 'b', 'c'], defaults=[0, 9])
print(P3(1), P3(1, 2), P3(a=4, c=1))
R = namedtuple('R', 'a, def, a, _b', rename=True)
print(R._fields)
print(Point)
try:
    Point(1)
except TypeError as ex:
    print("TypeError", ex)
try:
    namedtuple('Bad', 'x _y')
except ValueError as ex:
    print("ValueError", ex)
print(hash(p) == hash((1, 2)))

# subclassing and equality details
class PP(namedtuple('PP', 'x y')):
    def norm(self):
        return self.x + self.y
pp = PP(1, 2)
print(pp, pp.norm())
cc = Counter(a=1)
cc += Counter(b=2)
print(cc)
print(Counter(a=0) == Counter(), OrderedDict(a=1) == {'a': 1})
print(Counter(a=1) == {'a': 1}, {'a': 1} == Counter(a=1), Counter(a=1) != Counter(a=2))
for v in deque([1, 2, 3]):
    print(v)
dd = defaultdict(list)
dd[1]
print(dict(dd), dd.copy())
