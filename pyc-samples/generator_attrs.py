def gen(n):
    x = 10
    yield n
    y = 5
    yield x + y
g = gen(3)
print(g.gi_running, g.gi_code.co_name, g.gi_frame.f_lineno, g.gi_suspended, g.gi_yieldfrom)
print(next(g), g.gi_frame.f_lineno, sorted(g.gi_frame.f_locals.items()), g.gi_suspended)
print(next(g), g.gi_frame.f_lineno, sorted(g.gi_frame.f_locals.items()))
print(list(g), g.gi_frame, g.gi_code.co_name, g.gi_suspended)
def inner():
    yield 1
def outer():
    yield from inner()
o = outer(); next(o)
print(o.gi_yieldfrom.__name__, o.gi_frame.f_code.co_name)
def me():
    yield gg.gi_running
gg = me()
print(next(gg))
print(type(g).__name__, g.__name__, g.__qualname__)
import types
print(isinstance(g, types.GeneratorType))
def counter():
    total = 0
    while True:
        got = yield total
        if got is None:
            return total
        total += got
c = counter()
print(c.gi_suspended, c.gi_frame.f_code.co_name)
next(c)
c.send(4); c.send(5)
print(c.gi_frame.f_locals["total"], c.gi_suspended, c.gi_running)
try:
    c.send(None)
except StopIteration as e:
    print("returned", e.value, c.gi_frame, c.gi_suspended)
ge = (i * i for i in range(3))
print(ge.gi_code.co_name, ge.__name__, ge.__qualname__, list(ge), ge.gi_frame)
async def co():
    return 1
cr = co()
print(cr.cr_running, cr.cr_code.co_name, cr.cr_frame is not None, cr.cr_await)
try:
    cr.send(None)
except StopIteration as e:
    print("coroutine returned", e.value, cr.cr_frame)
r = repr(gen(1))
print(r.startswith("<generator object gen at 0x"), r.endswith(">"))
