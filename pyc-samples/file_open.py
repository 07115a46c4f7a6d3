import os, io
d = "rpvm_open_tmp_%d" % os.getpid()
os.mkdir(d)
p = os.path.join(d, "a.txt")
try:
    with open(p, "w") as f:
        print(f.write("hello\n"), f.closed, f.mode, f.name == p, type(f).__name__)
        f.writelines(["line2\n", "line3\n"])
        print("via print", 42, file=f)
    print(f.closed)
    with open(p) as f:
        print(repr(f.read(3)), repr(f.readline()), f.tell())
        print(f.readlines())
    with open(p, "a") as f:
        f.write("appended\n")
    with open(p, encoding="utf-8") as f:
        for i, line in enumerate(f):
            print(i, repr(line))
    with open(p, "rb") as f:
        data = f.read()
        print(type(f).__name__, data[:8], len(data), f.mode)
        f.seek(0)
        print(f.read(5), f.tell(), f.readline())
    with open(p, "wb") as f:
        print(f.write(b"bin\r\ndata\r\n\xc3\xa9t\xc3\xa9\n"))
    with open(p) as f:
        print(repr(f.read()))
    with open(p, newline="") as f:
        print(repr(f.readline()), repr(f.read()))
    with open(p, "r+") as f:
        f.seek(0)
        f.write("BIN")
        f.seek(0)
        print(repr(f.readline()))
    try:
        open(p, "x")
    except FileExistsError as e:
        print(type(e).__name__, e.errno, e.strerror)
    with open(p, "w") as f:
        f.write("ünïcödé ✓\n")
    with open(p) as f:
        print(f.read())
    f = open(p)
    f.close()
    for op in (f.read, f.readline, lambda: f.write("x"), lambda: next(iter(f))):
        try:
            op()
        except ValueError as e:
            print("ValueError:", e)
    try:
        open(os.path.join(d, "missing.txt"))
    except FileNotFoundError as e:
        print(type(e).__name__, e.errno, e.strerror, e.filename == os.path.join(d, "missing.txt"))
    try:
        open(d)
    except IsADirectoryError as e:
        print(type(e).__name__, e.errno, e.strerror)
    for bad in ("rw", "z", "rbt"):
        try:
            open(p, bad)
        except ValueError as e:
            print("ValueError:", e)
    try:
        open(p, "rb", encoding="utf-8")
    except ValueError as e:
        print("ValueError:", e)
    with open(p, "w") as f:
        try:
            f.write(b"x")
        except TypeError as e:
            print("TypeError:", e)
        try:
            f.read()
        except io.UnsupportedOperation as e:
            print("UnsupportedOperation:", e)
    with open(p, "wb") as f:
        try:
            f.write("x")
        except TypeError as e:
            print("TypeError:", e)
finally:
    for name in os.listdir(d):
        os.remove(os.path.join(d, name))
    os.rmdir(d)
print(os.path.exists(d))
import io
print(io.TextIOWrapper.__name__, open.__name__, issubclass(io.BufferedIOBase, io.IOBase))
