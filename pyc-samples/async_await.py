"""async def / await / async for / async with / async generators and async
comprehensions, driven by hand with coroutine.send(None) (no asyncio)."""


class Suspend:
    """An awaitable that suspends once, handing a value to the driver."""

    def __init__(self, value):
        self.value = value

    def __await__(self):
        got = yield self.value
        return ("resumed", self.value, got)


def run(coro):
    """Drive a coroutine to completion; returns (result, suspensions)."""
    suspensions = []
    to_send = None
    while True:
        try:
            yielded = coro.send(to_send)
        except StopIteration as stop:
            return stop.value, suspensions
        suspensions.append(yielded)
        to_send = len(suspensions)


async def add(a, b):
    return a + b


async def chain():
    x = await add(1, 2)
    y = await add(x, 10)
    r = await Suspend("first")
    r2 = await Suspend("second")
    return x, y, r, r2


print(run(chain()))


class AsyncCounter:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Suspend(f"tick {self.i}")
        return self.i


async def use_async_for():
    seen = []
    async for v in AsyncCounter(3):
        seen.append(v)
    else:
        seen.append("else")
    return seen


print(run(use_async_for()))


class AsyncCM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    async def __aenter__(self):
        print("aenter", self.name)
        await Suspend("entering " + self.name)
        return self.name * 2

    async def __aexit__(self, et, ev, tb):
        print("aexit", self.name, et.__name__ if et else None)
        return self.swallow


async def use_async_with():
    async with AsyncCM("a") as v:
        print("inside", v)
    async with AsyncCM("b", swallow=True):
        raise ValueError("swallowed by aexit")
    try:
        async with AsyncCM("c"):
            raise KeyError("propagates")
    except KeyError as e:
        print("caught", repr(e))
    return "with done"


print(run(use_async_with()))


async def agen(n):
    for i in range(n):
        await Suspend(("agen", i))
        yield i * 10
    yield "last"


async def use_agen():
    out = []
    async for v in agen(3):
        out.append(v)
    squares = [x async for x in agen(2)]
    evens = {x: True async for x in agen(4) if isinstance(x, int) and x % 20 == 0}
    awaited = [await add(i, i) for i in range(3)]
    return out, squares, evens, awaited


print(run(use_agen()))


async def agen_methods():
    g = agen(5)
    first = await g.__anext__()
    second = await g.asend(None)
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        return first, second, "closed"


print(run(agen_methods()))


async def raises():
    await Suspend("before raise")
    raise RuntimeError("from coroutine")


async def catcher():
    try:
        await raises()
    except RuntimeError as e:
        return f"caught {e}"


print(run(catcher()))
c = add(2, 3)
print(type(c).__name__, c.cr_running)
try:
    c.send(None)
except StopIteration as stop:
    print("direct send result:", stop.value)
c2 = chain()
print(c2.send(None))
c2.close()
print("closed coroutine")


async def thrower():
    try:
        await Suspend("waiting")
    except ValueError as e:
        return f"thrown in: {e}"


c3 = thrower()
c3.send(None)
try:
    c3.throw(ValueError("boom"))
except StopIteration as stop:
    print(stop.value)
