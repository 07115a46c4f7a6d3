"""A stand-in for pyperf: runs each benchmark once and prints its name and result."""
import time

def perf_counter():
    return time.perf_counter()

class _Args:
    pass

class _ArgParser:
    def __init__(self):
        self.defaults = {}
    def add_argument(self, *names, **kw):
        dest = kw.get("dest")
        if dest is None:
            long = [n for n in names if n.startswith("--")]
            dest = (long[0] if long else names[0]).lstrip("-").replace("-", "_")
        default = kw.get("default")
        if kw.get("action") == "store_true":
            default = False
        self.defaults[dest] = default

class Runner:
    def __init__(self, *a, **kw):
        self.metadata = {}
        self.argparser = _ArgParser()
        self.args = None
    def parse_args(self, *a):
        ns = _Args()
        for k, v in self.argparser.defaults.items():
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
        print(name, "skipped (async)")
