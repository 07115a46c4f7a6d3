import argparse
p = argparse.ArgumentParser(prog="demo", description="A demo")
p.add_argument("name")
p.add_argument("-n", "--count", type=int, default=1)
p.add_argument("--verbose", action="store_true")
p.add_argument("--tags", nargs="*", default=[])
a = p.parse_args(["bob", "-n", "3", "--verbose", "--tags", "x", "y"])
print(a.name, a.count, a.verbose, a.tags)
print(vars(p.parse_args(["al"])))
p.print_help()
try:
    p.parse_args(["--count", "zz"])
except SystemExit as e:
    print("exit", e.code)
sub = argparse.ArgumentParser(prog="tool")
sp = sub.add_subparsers(dest="cmd")
a = sp.add_parser("add")
a.add_argument("x", type=int)
a.add_argument("y", type=int)
ns = sub.parse_args(["add", "2", "3"])
print(ns.cmd, ns.x + ns.y)
g = argparse.ArgumentParser(prog="g")
g.add_argument("--mode", choices=["a", "b"], default="a")
g.add_argument("-v", action="count", default=0)
print(g.parse_args(["-vv", "--mode", "b"]))
try:
    g.parse_args(["--mode", "c"])
except SystemExit as e:
    print("exit", e.code)
