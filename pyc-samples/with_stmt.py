"""Context managers: __enter__/__exit__, exception suppression, nesting."""


class Tracer:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        label = exc_type.__name__ if exc_type else None
        print("exit", self.name, label, repr(exc), tb is not None)
        return self.suppress


with Tracer("a") as value:
    print("body got", value)

with Tracer("outer"), Tracer("inner") as v2:
    print("nested body", v2)

with Tracer("suppressing", suppress=True):
    raise ValueError("swallowed")
print("after suppressed error")

try:
    with Tracer("not suppressing"):
        raise KeyError("escapes")
except KeyError as e:
    print("escaped:", repr(e))


def early_return():
    with Tracer("in function"):
        return "returned from with"


print(early_return())


def loop_with():
    for i in range(4):
        with Tracer(f"loop{i}"):
            if i == 1:
                continue
            if i == 2:
                break
            print("body", i)


loop_with()


class Resource:
    opened = 0

    def __enter__(self):
        Resource.opened += 1
        return self

    def __exit__(self, *exc):
        Resource.opened -= 1
        return False

    def use(self):
        return Resource.opened


with Resource() as r1, Resource() as r2:
    print("open resources:", r1.use(), r2 is not r1)
print("open after:", Resource.opened)


class Suppress:
    def __init__(self, *types):
        self.types = types

    def __enter__(self):
        return None

    def __exit__(self, et, ev, tb):
        return et is not None and issubclass(et, self.types)


for exc in [ZeroDivisionError, IndexError]:
    try:
        with Suppress(ZeroDivisionError, KeyError):
            if exc is ZeroDivisionError:
                1 / 0
            else:
                [][1]
        print(exc.__name__, "suppressed")
    except IndexError:
        print(exc.__name__, "propagated")


class Unpack:
    def __enter__(self):
        return (1, (2, 3))

    def __exit__(self, *a):
        pass


with Unpack() as (a, (b, c)):
    print("unpacked", a, b, c)


class Holder:
    pass


h = Holder()
with Unpack() as h.attr:
    pass
print("attr target", h.attr)
