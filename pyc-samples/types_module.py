import types
def gen(): yield 1
async def co(): pass
print(types.GeneratorType, isinstance(gen(), types.GeneratorType))
c = co(); print(isinstance(c, types.CoroutineType)); c.close()
print(types.UnionType, isinstance(int | str, types.UnionType))
mp = types.MappingProxyType({'a': 1, 'b': 2})
print(mp, mp['a'], len(mp), list(mp), 'a' in mp, mp.get('c', 9), list(mp.items()), mp.copy(), mp == {'a': 1, 'b': 2})
print(type(mp), str(mp), mp | {'c': 3})
try:
    mp['x'] = 1
except TypeError as e: print(e)
try:
    types.MappingProxyType([1])
except TypeError as e: print(e)
class Meta(type):
    def __new__(m, name, bases, ns, **kw):
        ns['made_by'] = 'Meta'
        return super().__new__(m, name, bases, ns)
def body(ns):
    ns['x'] = 42
    ns['hello'] = lambda self: 'hi ' + self.__class__.__name__
C = types.new_class('C', (), {'metaclass': Meta}, body)
print(C.__name__, C.x, C().hello(), C.made_by, type(C).__name__)
D = types.new_class('D', (C,))
print(D.__mro__[1].__name__, type(D).__name__)
print(types.prepare_class('E', (int,)))
print(types.resolve_bases((int, str)))
ns = types.SimpleNamespace(a=1, b='x')
print(ns, ns.a)
print(types.FunctionType, types.MethodType, types.ModuleType, types.BuiltinFunctionType, types.CodeType)
print(types.ModuleType('m').__name__)
print(type(gen().gi_frame) is types.FrameType)
try:
    1/0
except ZeroDivisionError as e:
    print(isinstance(e.__traceback__, types.TracebackType))
print(types.NoneType, types.EllipsisType, types.NotImplementedType)
print(types.coroutine(gen) is gen)
