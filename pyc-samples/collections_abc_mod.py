"""collections.abc: subclassing the ABCs and their mixin methods."""
import collections.abc
from collections.abc import Iterable, Iterator, Sequence, Mapping, Hashable, MutableMapping

class MyList(Sequence):
    def __init__(self, d): self.d = d
    def __getitem__(self, i): return self.d[i]
    def __len__(self): return len(self.d)
ml = MyList([3, 1, 3])
print(list(ml), 1 in ml, 7 in ml, ml.index(1), ml.count(3), list(reversed(ml)), len(ml))
print(isinstance(ml, Sequence), isinstance(ml, Iterable), issubclass(MyList, collections.abc.Collection))

class MyMap(Mapping):
    def __init__(self, d): self.d = d
    def __getitem__(self, k): return self.d[k]
    def __len__(self): return len(self.d)
    def __iter__(self): return iter(self.d)
mm = MyMap({'a': 1})
print(mm.get('a'), mm.get('b'), mm.get('b', 0), 'a' in mm, 'z' in mm, isinstance(mm, Mapping))

class Count(Iterator):
    def __init__(self): self.n = 0
    def __next__(self):
        self.n += 1
        if self.n > 3: raise StopIteration
        return self.n
c = Count()
print(iter(c) is c, list(c))
print(collections.abc.Iterable.__name__, Sequence.__mro__[1].__name__)

class MyHash(Hashable):
    def __hash__(self): return 7
print(hash(MyHash()), isinstance(MyHash(), Hashable), isinstance(MyHash(), Iterable))
print(sorted(n for n in dir(collections.abc) if not n.startswith('_') and n[0].isupper() and n != 'Buffer'))
