import asyncio

log = []

async def leaf(i, delay=0):
    await asyncio.sleep(delay)
    log.append(i)
    return i * 10

async def nested(level):
    if level == 0:
        await asyncio.sleep(0)
        return 1
    async with asyncio.TaskGroup() as tg:
        for _ in range(3):
            tg.create_task(nested(level - 1))
    return level

async def failing(i):
    await asyncio.sleep(0)
    raise ValueError(f"bad {i}")

async def slow(i):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append(f"cancelled {i}")
        raise

async def main():
    async with asyncio.TaskGroup() as tg:
        print(repr(tg))
        t1 = tg.create_task(leaf(1))
        t2 = tg.create_task(leaf(2, 0.01))
        t3 = tg.create_task(leaf(3))
        print(repr(tg))
    print(t1.result(), t2.result(), t3.result(), log)
    print(repr(tg))
    print(await nested(3))

    log.clear()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow(1))
            tg.create_task(failing(2))
            tg.create_task(slow(3))
            tg.create_task(failing(4))
    except* ValueError as eg:
        print("caught", type(eg).__name__, [str(e) for e in eg.exceptions])
    print(sorted(log))

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(slow(5))
            raise KeyError("body")
    except BaseExceptionGroup as eg:
        print("body error:", type(eg).__name__, eg.message, [repr(e) for e in eg.exceptions])
    c = leaf(9)
    try:
        tg.create_task(c)
    except RuntimeError as e:
        print("RuntimeError:", e)
    c.close()
    t = asyncio.current_task()
    print(t.cancelling(), t.uncancel())

asyncio.run(main())
