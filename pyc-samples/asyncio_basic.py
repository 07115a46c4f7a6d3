# asyncio: run, sleep, gather, create_task, tasks, queues, events, locks, wait_for, loops.
import asyncio


async def worker(name, delay, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await asyncio.sleep(delay)
    return f"{name} done"


async def ticker(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)
    return n


async def fail(delay, msg):
    await asyncio.sleep(delay)
    raise ValueError(msg)


async def interleave():
    print("-- sleep(0) round robin --")
    results = await asyncio.gather(ticker("a", 3), ticker("b", 2), ticker("c", 1))
    print("results", results)


async def timed():
    print("-- timed sleeps --")
    r = await asyncio.gather(
        worker("slow", 0.03, 2), worker("fast", 0.01, 3), worker("mid", 0.02, 2)
    )
    print(r)
    print(await asyncio.sleep(0.01, result="slept"))


async def tasks():
    print("-- tasks --")
    t1 = asyncio.create_task(ticker("t1", 2))
    t2 = asyncio.create_task(ticker("t2", 2), name="second")
    print("created", t1.done(), t2.get_name())
    print("main before await")
    r1 = await t1
    print("t1 ->", r1, t1.done(), t1.result())
    await asyncio.sleep(0)
    print("t2 done?", t2.done())
    print("t2 ->", await t2)
    print(isinstance(t1, asyncio.Task), isinstance(t1, asyncio.Future))
    print(asyncio.current_task().get_name().startswith("Task-"))

    done_order = []
    t3 = asyncio.create_task(asyncio.sleep(0.01, "x"))
    t3.add_done_callback(lambda t: done_order.append(("cb", t.result())))
    print(await t3, done_order)
    await asyncio.sleep(0)
    print(done_order)


async def errors():
    print("-- errors --")
    try:
        await fail(0.01, "boom")
    except ValueError as e:
        print("caught", e)
    try:
        await asyncio.gather(ticker("g", 2), fail(0, "first"), fail(0.01, "second"))
    except ValueError as e:
        print("gather raised", e)
    r = await asyncio.gather(fail(0, "kept"), ticker("h", 1), return_exceptions=True)
    print([type(x).__name__ for x in r], r[1])
    t = asyncio.create_task(fail(0, "in task"))
    await asyncio.sleep(0.01)
    print(t.done(), type(t.exception()).__name__, t.exception())
    try:
        t.result()
    except ValueError as e:
        print("result() raised", e)


async def sleeper(label):
    try:
        print(label, "sleeping")
        await asyncio.sleep(10)
        print("not reached")
    except asyncio.CancelledError:
        print(label, "cancelled")
        raise
    finally:
        print(label, "cleanup")


async def cancellation():
    print("-- cancellation --")
    t = asyncio.create_task(sleeper("s1"))
    await asyncio.sleep(0)
    print("cancel ->", t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting a cancelled task raises CancelledError")
    print(t.cancelled(), t.done(), t.cancel())
    print(issubclass(asyncio.CancelledError, BaseException),
          issubclass(asyncio.CancelledError, Exception))
    try:
        await asyncio.wait_for(sleeper("s2"), timeout=0.02)
    except asyncio.TimeoutError:
        print("wait_for timed out")
    print(await asyncio.wait_for(ticker("w", 1), timeout=1))


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i)
    await q.put(None)


async def consumer(q, name):
    got = []
    while True:
        item = await q.get()
        q.task_done()
        if item is None:
            break
        print(name, "got", item)
        got.append(item)
    return got


async def queues():
    print("-- queue --")
    q = asyncio.Queue(maxsize=2)
    r = await asyncio.gather(producer(q, 5), consumer(q, "c"))
    print(r, q.empty(), q.qsize())
    q2 = asyncio.Queue()
    q2.put_nowait("a")
    q2.put_nowait("b")
    print(q2.qsize(), q2.get_nowait(), q2.full(), q2.maxsize)
    q2.task_done()
    q2.get_nowait()
    q2.task_done()
    await q2.join()
    try:
        q2.get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")


async def waiter(ev, name):
    print(name, "waiting")
    await ev.wait()
    print(name, "woke")


async def locker(lock, name, log):
    async with lock:
        log.append(name + " in")
        await asyncio.sleep(0)
        log.append(name + " out")


async def sync_primitives():
    print("-- event and lock --")
    ev = asyncio.Event()
    ts = [asyncio.create_task(waiter(ev, n)) for n in ("w1", "w2")]
    await asyncio.sleep(0)
    print("setting", ev.is_set())
    ev.set()
    await asyncio.gather(*ts)
    print(await ev.wait(), ev.is_set())
    lock = asyncio.Lock()
    log = []
    await asyncio.gather(locker(lock, "A", log), locker(lock, "B", log), locker(lock, "C", log))
    print(log, lock.locked())


async def main():
    await interleave()
    await timed()
    await tasks()
    await errors()
    await cancellation()
    await queues()
    await sync_primitives()
    return "main result"


print(asyncio.run(main()))


# an exception propagating out of asyncio.run
async def broken():
    await asyncio.sleep(0)
    raise KeyError("bad")

try:
    asyncio.run(broken())
except KeyError as e:
    print("asyncio.run raised", repr(e))

try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError:", e)


# event loop objects
async def add(a, b):
    await asyncio.sleep(0)
    return a + b

loop = asyncio.new_event_loop()
print(loop.run_until_complete(add(2, 3)), loop.is_running(), loop.is_closed())
calls = []
loop.call_soon(calls.append, "soon")
loop.call_later(0.01, calls.append, "later")
loop.run_until_complete(asyncio.sleep(0.02))
print(calls)
loop.close()
print(loop.is_closed())
loop2 = asyncio.new_event_loop()
asyncio.set_event_loop(loop2)
print(asyncio.get_event_loop() is loop2, loop2.run_until_complete(add(10, 20)))
fut = loop2.create_future()
loop2.call_later(0.01, fut.set_result, "from callback")
print(loop2.run_until_complete(fut), fut.done())
loop2.close()
print(asyncio.iscoroutinefunction(add), asyncio.iscoroutinefunction(print))
