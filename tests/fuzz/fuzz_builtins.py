# Calls every public callable of every native module and every method of built-in types
# (bound and unbound) with assorted arguments. Output is not compared with CPython: the
# only requirement is that rpvm does not panic, abort or hang (tests/fuzz_builtins.rs).
# argv: [start [stop]] [-v] -- a range of target indices (-v names each on stderr, to find
# the one that fails), or --shard K N.
import sys

MODULES = ["builtins", "sys", "math", "random", "time", "itertools", "functools",
           "operator", "heapq", "bisect", "collections", "collections.abc",
           "dataclasses", "enum", "typing", "copy", "io", "string", "keyword", "abc",
           "types", "gc", "struct", "array", "weakref", "asyncio"]

# Names whose call would block, exit, open files or change the interpreter globally.
SKIP = {"sleep", "input", "open", "exit", "quit", "breakpoint", "help",
        "setrecursionlimit", "settrace", "setprofile", "run_forever",
        "run_until_complete", "run", "stdin", "stdout", "stderr", "__stdout__",
        "__stderr__", "__stdin__", "set_event_loop", "new_event_loop",
        "get_event_loop", "_exit", "print", "displayhook", "excepthook",
        "__displayhook__", "__excepthook__", "unraisablehook", "__unraisablehook__",
        "breakpointhook", "__breakpointhook__", "set_asyncgen_hooks",
        "set_coroutine_origin_tracking_depth", "setswitchinterval", "intern",
        # Rejection loops that never end for nan or huge parameters, in CPython too.
        "betavariate", "gammavariate", "vonmisesvariate"}


class U:
    pass


class W:
    """A user object with odd special methods."""
    def __index__(self):
        return -1

    def __len__(self):
        return 2

    def __iter__(self):
        return iter([1, 2])

    def __eq__(self, other):
        raise ValueError("eq")

    def __hash__(self):
        return 0

    def __float__(self):
        return float("nan")

    def __int__(self):
        return 2 ** 70

    def __call__(self, *a, **k):
        return self


BIG = True


def values():
    return [None, -1, 0, 2 ** 70 if BIG else 3, "x", b"x", [], {}, 1.5, float("nan"), U(), W()]


def few():
    return [None, -1, "x", [], W()]


def attempt(f, args):
    try:
        f(*args)
    except BaseException:
        pass


def attempt_kw(f, args, k, v):
    try:
        f(*args, **{k: v})
    except BaseException:
        pass


def fuzz_callable(f):
    attempt(f, ())
    for a in values():
        attempt(f, (a,))
    for a in values():
        for b in values():
            attempt(f, (a, b))
    for a in few():
        for b in few():
            for c in few():
                attempt(f, (a, b, c))
    for k in ("x", "key", "default", "initial", "maxlen", "start", "reverse"):
        for v in (None, -1, 2 ** 70 if BIG else 3, "x"):
            attempt_kw(f, (), k, v)
            attempt_kw(f, (-(2 ** 70) if BIG else -3,), k, v)
            attempt_kw(f, ([1, 2],), k, v)


def safe_dir(o):
    try:
        return sorted(n for n in dir(o) if isinstance(n, str))
    except BaseException:
        return []


def getattr_safe(o, n):
    try:
        return getattr(o, n)
    except BaseException:
        return None


def samples():
    import collections
    out = [None, True, -1, 2 ** 70, 1.5, 1j, "xy", b"xy", bytearray(b"xy"), [1, 2],
           (1, 2), {1: 2}, {1, 2}, frozenset([1]), range(3), slice(1, 2), U(), W(),
           {1: 2}.keys(), {1: 2}.values(), {1: 2}.items(), iter([1]), memoryview(b"ab"),
           collections.deque([1, 2]), collections.OrderedDict(a=1),
           collections.Counter("abca"), collections.defaultdict(list),
           object(), type, Ellipsis, NotImplemented, lambda: 1, (x for x in [1])]
    return out


def targets():
    """(name, object) pairs: module attributes, then attributes of types and samples."""
    seen = []
    out = []
    for mname in MODULES:
        try:
            mod = __import__(mname)
            for part in mname.split(".")[1:]:
                mod = getattr(mod, part)
        except BaseException:
            continue
        for n in safe_dir(mod):
            if n in SKIP or (n.startswith("_") and not n.startswith("__")):
                continue
            o = getattr_safe(mod, n)
            if o is None or isinstance(o, type(sys)):
                continue
            if callable(o):
                out.append((mname + "." + n, o))
            if isinstance(o, type) and o not in seen:
                seen.append(o)
                for m in safe_dir(o):
                    if m in SKIP or m in ("__class__", "__init_subclass__"):
                        continue
                    a = getattr_safe(o, m)
                    if a is not None and callable(a):
                        out.append((mname + "." + n + "." + m, a))
    for i, s in enumerate(samples()):
        for m in safe_dir(s):
            if m in SKIP or m == "__class__":
                continue
            a = getattr_safe(s, m)
            if a is not None and callable(a):
                out.append(("sample%d.%s" % (i, m), (i, m)))
    return out


def main():
    global BIG
    ts = targets()
    argv = sys.argv[1:]
    verbose = "-v" in argv
    argv = [a for a in argv if a != "-v"]
    if argv and argv[0] == "--shard":
        # --shard K N: the targets whose index is K modulo N.
        k, n = int(argv[1]), int(argv[2])
        indices = range(k, len(ts), n)
    else:
        start = int(argv[0]) if argv else 0
        stop = int(argv[1]) if len(argv) > 1 else len(ts)
        indices = range(start, min(stop, len(ts)))
    for i in indices:
        name, o = ts[i]
        if verbose:
            sys.stderr.write("@@ %d %s\n" % (i, name))
            sys.stderr.flush()
        # 2**70 as an exponent would make CPython compute for ever as well.
        BIG = "pow" not in name
        if isinstance(o, tuple):
            # A bound method of a sample: a fresh sample per call, as methods mutate it.
            idx, m = o

            def f(*a, idx=idx, m=m):
                return getattr(samples()[idx], m)(*a)
            fuzz_callable(f)
        else:
            fuzz_callable(o)
    sys.stdout.write("fuzzed %d callables\n" % len(indices))


main()
