import itertools, string
from collections import ChainMap
from typing import NamedTuple
print(list(itertools.chain.from_iterable([[1, 2], [3]])), list(itertools.chain('ab', [1])))
print(itertools.chain)
T = string.Template
t = T('$who likes ${what} $$ and $x')
print(t.template)
print(t.safe_substitute(who='tim'))
print(t.substitute({'who': 'a', 'what': 'b'}, x=3))
print(t.get_identifiers(), t.is_valid())
for s in ['abc $', 'ab\n$1', '${1}', 'x\r\ny $ ']:
    try:
        T(s).substitute()
    except ValueError as e:
        print('ValueError', e)
    print(repr(T(s).safe_substitute()))
try:
    t.substitute(who=1)
except KeyError as e:
    print('KeyError', e)
class P(T):
    delimiter = '%'
print(P('%a and $b %%').substitute(a=1))
a = {'x': 1, 'y': 2}; b = {'y': 20, 'z': 30}
cm = ChainMap(a, b)
print(cm, len(cm), list(cm), cm['y'], cm['z'], cm.get('q', 5), 'z' in cm, 'q' in cm)
print(list(cm.items()), list(cm.keys()), list(cm.values()))
cm['w'] = 0
print(a)
try:
    del cm['z']
except KeyError as e:
    print('KeyError', e)
try:
    cm['nope']
except KeyError as e:
    print('KeyError', e)
c = cm.new_child({'x': 100})
print(c, c['x'], c.parents, c.maps[0])
print(cm.new_child(k=1))
print(bool(ChainMap()), ChainMap(), dict(cm))
print(cm == {'x': 1, 'y': 2, 'z': 30, 'w': 0}, cm.pop('w'), a)
d = cm.copy(); d['x'] = 9; print(a, d)
try:
    ChainMap({}).popitem()
except KeyError as e:
    print('KeyError', e)
class MyCM(ChainMap): pass
print(MyCM({'a': 1}).new_child())
class P(NamedTuple):
    """A point."""
    x: int
    y: int = 0
    label: str = 'p'
    def norm(self):
        return abs(self.x) + abs(self.y)
    @property
    def double(self):
        return P(self.x * 2, self.y * 2)
p = P(3, -4)
print(p, p.norm(), p.double, p._fields, p._field_defaults, P.__doc__, P.__annotations__)
print(p._replace(x=1), p._asdict(), isinstance(p, tuple), P.__name__, P.__module__, len(p), p[0])
x, y, l = p
print(x, y, l, P._make([1, 2, 3]))
Q = NamedTuple('Q', [('a', int), ('b', str)])
print(Q(1, 'x'), Q.__annotations__)
R = NamedTuple('R', a=int)
print(R(5))
try:
    class Bad(NamedTuple):
        x: int = 1
        y: int
except TypeError as e:
    print('TypeError', e)
try:
    class Bad2(NamedTuple):
        x: int
        def _asdict(self): pass
except AttributeError as e:
    print('AttributeError', e)
try:
    P()
except TypeError as e:
    print('TypeError', e)
