# io: sys.stdout/sys.stderr as text streams with a binary .buffer; StringIO and BytesIO.
import io
import sys

print("text first")
sys.stdout.flush()
n = sys.stdout.buffer.write(b"raw bytes \xc3\xa9\n")
print(n)
sys.stdout.flush()  # CPython keeps text pending until a flush; rpvm shares one buffer
sys.stdout.buffer.write(bytearray(b"from a bytearray\n"))
sys.stdout.buffer.write(memoryview(b"from a memoryview\n"))
sys.stdout.buffer.flush()
print(sys.stdout.buffer.mode, sys.stdout.buffer.name, sys.stdin.buffer.name, sys.stderr.buffer.mode)
print(sys.stdout.buffer.writable(), sys.stdout.buffer.readable(), sys.stdin.buffer.readable())
for bad in ["str", 5]:
    try:
        sys.stdout.buffer.write(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    sys.stdout.write(b"bytes")
except TypeError as e:
    print("TypeError:", e)
sys.stderr.write("err text\n")
sys.stderr.flush()
sys.stderr.buffer.write(b"err bytes\n")
sys.stderr.buffer.flush()
print(sys.stdin.buffer.readline(), sys.stdin.buffer.read())
print(sys.stdout.name, sys.stdout.mode, sys.stdout.encoding, sys.stdout.errors, sys.stderr.errors, sys.stdout.fileno(), sys.stderr.fileno())

s = io.StringIO()
s.write("hello ")
print("world", file=s)
s.writelines(["a\n", "b\n"])
print(repr(s.getvalue()), s.tell())
s.seek(0)
print(repr(s.readline()), repr(s.read(3)), s.readlines())
s2 = io.StringIO("one\ntwo\nthree")
print([line for line in s2], s2.read())
s2.seek(4)
s2.truncate()
print(repr(s2.getvalue()))
with io.StringIO("ctx") as s3:
    print(s3.read(), s3.closed)
print(s3.closed)
try:
    s3.read()
except ValueError as e:
    print("ValueError:", e)
b = io.BytesIO(b"abc\ndef\n")
print(b.read(2), b.readline(), b.tell(), b.readlines())
b.write(b"XYZ")
print(b.getvalue())
b.seek(0, io.SEEK_END)
print(b.tell(), io.SEEK_SET, io.SEEK_CUR, io.SEEK_END)
print(type(s).__name__, type(b).__name__, isinstance(s, io.StringIO))
