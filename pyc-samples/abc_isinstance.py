import collections.abc as cabc
from collections.abc import *
from collections import deque, OrderedDict, defaultdict, Counter
import abc
names = ['Iterable', 'Iterator', 'Reversible', 'Generator', 'Sized', 'Container', 'Collection', 'Hashable', 'Callable',
         'Sequence', 'MutableSequence', 'Mapping', 'MutableMapping', 'Set', 'MutableSet', 'ByteString', 'MappingView', 'KeysView', 'ItemsView', 'ValuesView',
         'Awaitable', 'Coroutine', 'AsyncIterable', 'AsyncIterator', 'AsyncGenerator']
def gen():
    yield 1
async def co(): pass
async def agen():
    yield 1
c = co()
class It:
    def __iter__(self): return self
    def __next__(self): raise StopIteration
class Sz:
    def __len__(self): return 0
class Unh:
    def __eq__(self, o): return True
class NoHash:
    __hash__ = None
class Call:
    def __call__(self): pass
class Seq(Sequence):
    def __getitem__(self, i): return [1, 2][i]
    def __len__(self): return 2
class Reg: pass
Mapping.register(Reg)
@Sequence.register
class Reg2: pass
class SubL(list): pass
samples = [('list', []), ('tuple', ()), ('str', ''), ('bytes', b''), ('bytearray', bytearray()), ('dict', {}), ('set', set()), ('frozenset', frozenset()),
           ('range', range(1)), ('int', 1), ('float', 1.0), ('None', None), ('keys', {}.keys()), ('items', {}.items()), ('values', {}.values()),
           ('listiter', iter([])), ('gen', gen()), ('coro', c), ('agen', agen()), ('len', len), ('lambda', lambda: 0), ('type', int), ('memoryview', memoryview(b'')),
           ('It', It()), ('Sz', Sz()), ('Unh', Unh()), ('NoHash', NoHash()), ('Call', Call()), ('Seq', Seq()), ('Reg', Reg()), ('Reg2', Reg2()), ('SubL', SubL()),
           ('deque', deque()), ('OrderedDict', OrderedDict()), ('defaultdict', defaultdict()), ('Counter', Counter()), ('zip', zip()), ('map', map(len, [])), ('enumerate', enumerate([])),
           ('reversed', reversed([]))]
for label, v in samples:
    print(label.ljust(12), ''.join('1' if isinstance(v, getattr(cabc, n)) else '.' for n in names))
c.close()
print(issubclass(list, Sequence), issubclass(dict, Mapping), issubclass(Reg, Mapping), issubclass(Reg, Sized), issubclass(int, Hashable))
print(list(Seq()), 2 in Seq(), Seq().index(2), list(reversed(Seq())))
class MyABC(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
class Impl(MyABC):
    def f(self): return 1
print(isinstance(Impl(), MyABC), isinstance(1, MyABC))
MyABC.register(int)
print(isinstance(1, MyABC), issubclass(bool, MyABC), issubclass(str, MyABC))
try:
    MyABC()
except TypeError as e:
    print(e)
class Meta(abc.ABCMeta): pass
class WithMeta(metaclass=Meta):
    @classmethod
    def __subclasshook__(cls, C):
        if hasattr(C, 'quack'):
            return True
        return NotImplemented
class Duck:
    def quack(self): pass
print(isinstance(Duck(), WithMeta), isinstance(1, WithMeta), type(WithMeta).__name__, type(MyABC))
class EvenMeta(type):
    def __instancecheck__(cls, inst):
        return isinstance(inst, int) and inst % 2 == 0
    def __subclasscheck__(cls, sub):
        return sub is bool
class Even(metaclass=EvenMeta): pass
print(isinstance(4, Even), isinstance(3, Even), isinstance('x', Even), issubclass(bool, Even), issubclass(int, Even))
try:
    MyABC.register(1)
except TypeError as e:
    print('TypeError', e)
try:
    issubclass(1, Sized)
except TypeError as e:
    print('TypeError', e)
try:
    Sequence.register(MutableSequence)
    MutableSequence.register(Sequence)
except RuntimeError as e:
    print('RuntimeError', e)
print(isinstance([], (int, Sized)), isinstance(1, (str, Iterable)))
print(type(Sequence), Sequence.__mro__)
