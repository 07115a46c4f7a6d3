# os.path (posixpath): the string algorithms and file tests, on relative paths only.
import os.path
import os
from os import path
from os.path import join, splitext
import posixpath

print(os.path is path, path is posixpath, os.path.__name__, join is path.join)
print(path.sep, path.curdir, path.pardir, path.extsep, path.pathsep, path.altsep)
for args in [("a", "b"), ("a/", "b"), ("a", "/b"), ("", "b"), ("a", ""), ("/", "x", "y/", "z"),
             ("a",), ("a", "b", "/c", "d"), ("a//", "b")]:
    print("join", args, repr(join(*args)))
for p in ["", "/", "a", "a/b", "a/b/", "/a/b", "//a", "///a//b", "a//b", "../x", "dir/file.txt"]:
    print(repr(p), path.split(p), repr(path.basename(p)), repr(path.dirname(p)), path.isabs(p))
for p in ["a.txt", "a.tar.gz", ".bashrc", "..x", "a/.b", "a.b/c", "a.", "...", "a/b.c.d", "", "/x/.y.z"]:
    print("splitext", repr(p), splitext(p))
for p in ["", ".", "..", "/", "//", "///", "a/./b", "a/../b", "../../a", "/../a", "a/b/../../..",
          "//a/b/../c", "a//b///c/", "./", "/a/./b/../c/."]:
    print("normpath", repr(p), repr(path.normpath(p)))
print(path.splitdrive("/a/b"), path.normcase("A/b"))
print(path.commonprefix(["interstellar", "internet", "interval"]), repr(path.commonprefix([])))
print(path.commonprefix(["/usr/lib", "/usr/local"]))
print(path.commonpath(["/usr/lib", "/usr/local/lib", "/usr/lib/x"]))
print(path.commonpath(["a/b/c", "a/b", "a/./b/d"]), repr(path.commonpath(["a", "b"])))
for bad in ([], ["/a", "b"]):
    try:
        path.commonpath(bad)
    except ValueError as e:
        print("ValueError", e)
print(path.relpath("a/b/c", "a"), path.relpath("a", "a/b/c"), path.relpath("a", "a"))
print(path.relpath("x/y", "p/q"))
try:
    path.relpath("")
except ValueError as e:
    print("ValueError", e)
print(path.abspath("x/../y") == path.join(os.getcwd(), "y"))
print(path.isabs(path.abspath(".")), path.abspath("/a/./b/../c"))
print(path.realpath("/a/b/../c"), path.realpath("pyc-samples") == path.abspath("pyc-samples"))
print(path.expanduser("no/tilde"), path.expanduser("~nosuchuser_xyz/x"))
print(path.expanduser("~/x") == path.join(os.environ["HOME"], "x") if "HOME" in os.environ else True)
os.environ["RPVM_TEST_VAR"] = "val"
print(path.expandvars("$RPVM_TEST_VAR/a/${RPVM_TEST_VAR}/$NOPE_NOT_SET/${NOPE}/$"))
print(path.exists("pyc-samples"), path.exists("pyc-samples/os_path.py"), path.exists("nope/x"))
print(path.isdir("pyc-samples"), path.isdir("pyc-samples/os_path.py"), path.isdir("nope"))
print(path.isfile("pyc-samples"), path.isfile("pyc-samples/os_path.py"), path.isfile("nope"))
print(path.islink("pyc-samples"), path.lexists("pyc-samples"), path.exists(""))
print(path.getsize("pyc-samples/os_path.py") == os.stat("pyc-samples/os_path.py").st_size)
print(type(path.getmtime("pyc-samples")).__name__)
try:
    path.getsize("nope/missing.txt")
except FileNotFoundError as e:
    print("FileNotFoundError", e, e.errno, e.filename)


class P:
    def __fspath__(self):
        return "from/fspath"


print(join(P(), "x"), path.basename(P()), os.fspath(P()))
for bad in [(1,), ("a", 1), (None,)]:
    try:
        join(*bad)
    except TypeError as e:
        print("TypeError", e)
try:
    path.basename(3)
except TypeError as e:
    print("TypeError", e)
for f, a, k in [(path.splitext, (), {}), (path.split, ("a", "b"), {}), (path.isdir, (), {}), (path.relpath, (), {}),
                (path.relpath, ("a", "b", "c"), {}), (path.join, ("a",), {"x": 1}), (path.normpath, (), {"p": 1}),
                (path.basename, ("a",), {"p": "b"}), (path.getsize, (), {}), (path.exists, (), {}),
                (path.commonpath, (), {}), (path.isabs, (), {})]:
    try:
        f(*a, **k)
    except TypeError as e:
        print("TypeError", e)
