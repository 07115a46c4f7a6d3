"""A stand-in for pyperf: runs each benchmark once and prints its name and result."""
import sys
import time

def perf_counter():
    return time.perf_counter()

def python_implementation():
    return sys.implementation.name.lower()

class _Args:
    pass

class _ArgParser:
    """Keeps each argument's default; positional arguments and `--flag`s are taken from
    sys.argv (the tool passes a variant's `extra_opts` there)."""
    def __init__(self):
        self.defaults = {}
        self.positional = []
        self.flags = {}
    def add_argument(self, *names, **kw):
        dest = kw.get("dest")
        if dest is None:
            long = [n for n in names if n.startswith("--")]
            dest = (long[0] if long else names[0]).lstrip("-").replace("-", "_")
        default = kw.get("default")
        if kw.get("action") == "store_true":
            default = False
        self.defaults[dest] = default
        if not names[0].startswith("-"):
            self.positional.append(dest)
        else:
            for n in names:
                self.flags[n] = (dest, kw.get("action"))
    def parse(self, argv):
        values = dict(self.defaults)
        pos = list(self.positional)
        it = iter(argv)
        for a in it:
            if a in self.flags:
                dest, action = self.flags[a]
                values[dest] = True if action == "store_true" else next(it)
            elif pos:
                values[pos.pop(0)] = a
        return values

class Runner:
    def __init__(self, *a, **kw):
        self.metadata = {}
        self.argparser = _ArgParser()
        self.args = None
    def parse_args(self, *a):
        ns = _Args()
        for k, v in self.argparser.parse(sys.argv[1:]).items():
            setattr(ns, k, v)
        self.args = ns
        return ns
    def bench_func(self, name, func, *args, **kw):
        r = func(*args)
        print(name, "->", type(r).__name__)
        return r
    def bench_time_func(self, name, func, *args, **kw):
        func(1, *args)
        print(name, "done")
    def bench_async_func(self, name, func, *args, **kw):
        import asyncio
        r = asyncio.run(func(*args))
        print(name, "->", type(r).__name__)
        return r
