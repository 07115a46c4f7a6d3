# os.scandir / DirEntry over the repository's pyc-samples directory (sorted output only).
import os

entries = sorted(os.scandir("pyc-samples"), key=lambda e: e.name)
mine = [e for e in entries if e.name == "os_scandir.py"]
for e in mine:
    print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(), os.fspath(e))
    st = e.stat()
    print(st.st_size == os.stat(e.path).st_size, e.inode() == os.stat(e.path).st_ino)
py_names = sorted(e.name for e in entries if e.name.endswith(".py"))
print(py_names == sorted(n for n in os.listdir("pyc-samples") if n.endswith(".py")), len(py_names) > 5)
with os.scandir("pyc-samples/") as it:
    first = next(it)
    print(first.path.startswith("pyc-samples/"), "//" in first.path)
try:
    next(it)
except StopIteration:
    print("closed iterator is exhausted")
it = os.scandir()
e = next(it)
print(e.path == "./" + e.name, e.is_dir(follow_symlinks=False) in (True, False))
it.close()
print(type(it).__name__, type(e).__name__, os.DirEntry is type(e))
dirs = sorted(e.name for e in os.scandir(".") if e.is_dir() and e.name == "pyc-samples")
print(dirs)
try:
    os.scandir("no/such/dir")
except FileNotFoundError as e:
    print("FileNotFoundError", e)
print(os.getppid() > 0)
