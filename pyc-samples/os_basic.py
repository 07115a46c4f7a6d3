# os: constants, environ, files and directories under a scratch directory, OSError shapes.
import os

print(os.name, repr(os.sep), os.altsep, repr(os.extsep), repr(os.pathsep), repr(os.linesep))
print(os.curdir, os.pardir, os.devnull, os.error is OSError)
print(isinstance(os.getpid(), int), os.getpid() > 0, os.cpu_count() >= 1)
r = os.urandom(16)
print(type(r).__name__, len(r), len(os.urandom(0)))
print(os.strerror(2), "|", os.strerror(13), "|", os.strerror(17))
print(os.fspath("abc"), os.fspath(b"abc"))
try:
    os.fspath(1)
except TypeError as e:
    print("TypeError", e)

# environ
os.environ["RPVM_X"] = "1"
print(os.environ["RPVM_X"], os.environ.get("RPVM_X"), os.getenv("RPVM_X"), "RPVM_X" in os.environ)
print(os.environ.get("RPVM_NOT_SET"), os.environ.get("RPVM_NOT_SET", "dflt"), os.getenv("RPVM_NOT_SET", 5))
try:
    os.environ["RPVM_NOT_SET"]
except KeyError as e:
    print("KeyError", e)
try:
    os.environ["RPVM_Y"] = 3
except TypeError as e:
    print("TypeError", e)
print("RPVM_X" in list(os.environ), "RPVM_X" in os.environ.keys(), ("RPVM_X", "1") in os.environ.items())
print("1" in os.environ.values(), len(os.environ) == len(list(os.environ)))
print(os.environ.setdefault("RPVM_Z", "zz"), os.environ.setdefault("RPVM_Z", "other"))
print(os.environ.pop("RPVM_Z"), "RPVM_Z" in os.environ, os.environ.pop("RPVM_Z", None))
del os.environ["RPVM_X"]
print("RPVM_X" in os.environ, type(os.environ.copy()).__name__)
for probe in (lambda: 1 in os.environ, lambda: os.environ.get(1), lambda: os.getenv(2)):
    try:
        probe()
    except TypeError as e:
        print("TypeError", e)
try:
    del os.environ["RPVM_X"]
except KeyError as e:
    print("KeyError", e)

# a scratch tree (removed at the end)
base = "pyc-samples/_os_basic_tmp"
if os.path.exists(base):
    for root, dirs, files in os.walk(base, topdown=False):
        for d in dirs:
            os.rmdir(os.path.join(root, d))
    os.rmdir(base)
os.mkdir(base)
os.makedirs(base + "/a/b/c")
os.makedirs(base + "/a/b/c", exist_ok=True)
os.makedirs(base + "/skip/deep")
try:
    os.makedirs(base + "/a/b")
except FileExistsError as e:
    print("FileExistsError", e, e.errno, e.filename)
try:
    os.mkdir(base)
except FileExistsError as e:
    print("FileExistsError", e)
print(sorted(os.listdir(base)))
st = os.stat(base)
print(type(st).__name__, st.st_mode & 0o170000 == 0o040000, isinstance(st.st_mtime, float))
print(isinstance(st.st_size, int), st[0] == st.st_mode, len(st), isinstance(st[8], int))
os.rename(base + "/skip", base + "/skipped")
print(sorted(os.listdir(base)))
try:
    os.rename(base + "/missing", base + "/other")
except FileNotFoundError as e:
    print("FileNotFoundError", e)
walked = []
for root, dirs, files in os.walk(base):
    dirs.sort()
    if "skipped" in dirs:
        dirs.remove("skipped")
    walked.append((root, dirs[:], sorted(files)))
for w in walked:
    print(w)
for root, dirs, files in os.walk(base, topdown=False):
    print("up", root, sorted(dirs))
print(list(os.walk(base + "/nope")))
errs = []
list(os.walk(base + "/nope", onerror=errs.append))
print(type(errs[0]).__name__, errs[0].filename)
try:
    os.rmdir(base + "/a")
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
for root, dirs, files in os.walk(base, topdown=False):
    for d in dirs:
        os.rmdir(os.path.join(root, d))
os.rmdir(base)
print(os.path.exists(base))

for fn, arg in [(os.listdir, "no/such/dir"), (os.stat, "no_such_file"), (os.remove, "no_such_file"),
                (os.rmdir, "no_such_dir"), (os.listdir, "pyc-samples/os_basic.py")]:
    try:
        fn(arg)
    except OSError as e:
        print(fn.__name__, type(e).__name__, e, e.errno, e.strerror, e.filename)
try:
    os.remove("pyc-samples")
except OSError as e:
    print(type(e).__name__, e.errno)
print(os.getcwd() == os.path.abspath("."))
print("os_basic.py" in os.listdir("pyc-samples"))
try:
    os.listdir(5.5)
except TypeError as e:
    print("TypeError", e)
for fn, args in [(os.stat, [1.5]), (os.mkdir, [None]), (os.rename, ["a", 2]), (os.rename, [[], "b"]),
                 (os.remove, [b"x".decode and 3]), (os.walk, [7])]:
    try:
        list(fn(*args)) if fn is os.walk else fn(*args)
    except TypeError as e:
        print(fn.__name__, "TypeError", e)
for fd in (1, 0, 99):
    try:
        print(os.get_terminal_size(fd))
    except OSError as e:
        print("get_terminal_size", fd, type(e).__name__, e)
print(os.terminal_size((80, 24)), os.terminal_size((3, 4)).lines)
