# sys: the names programs use, with CPython 3.11.7's values where they are fixed.
import sys

print(sys.version.split()[0], sys.version[:8], sys.version.count("["), sys.version.endswith("]"))
print(sys.version_info)
print(sys.version_info[:2], sys.version_info >= (3, 8), sys.version_info < (3, 12), sys.version_info.major,
      sys.version_info.releaselevel, isinstance(sys.version_info, tuple), len(sys.version_info))
major, minor, *_ = sys.version_info
print("%d.%d" % (major, minor), "{}.{}".format(*sys.version_info))
print(type(sys.version_info), type(sys.version_info).__module__)
print(hex(sys.hexversion), sys.api_version)
impl = sys.implementation
print(impl.name, impl.cache_tag, impl.version, hex(impl.hexversion), type(impl).__name__)
print(sys.platform, sys.byteorder, sys.maxsize, sys.maxsize == 2**63 - 1, sys.maxunicode)
print(sys.float_info)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.float_info[0], len(sys.float_info))
print(sys.int_info)
print(sys.int_info.bits_per_digit, sys.hash_info.width, sys.hash_info.modulus, sys.hash_info.algorithm)
print(sys.flags.optimize, sys.flags.dont_write_bytecode, sys.flags.dev_mode, sys.flags.int_max_str_digits, sys.flags.debug)
print(sys.thread_info.name, sys.float_repr_style, sys.getdefaultencoding(), sys.getfilesystemencoding(), sys.getfilesystemencodeerrors())
print(sys.argv[0].endswith("sys_module.pyc"), sys.argv[1:])
print(isinstance(sys.path, list), isinstance(sys.modules, dict), "sys" in sys.modules, sys.modules["sys"] is sys, __name__ in sys.modules)
print(sys.getrecursionlimit())
sys.setrecursionlimit(500)
print(sys.getrecursionlimit())
sys.setrecursionlimit(1000)
for bad in [0, -5, 2.5, "x"]:
    try:
        sys.setrecursionlimit(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
for v in [0, 1, -1, 2**30, 2**62, 2**100, True, False, 1.5, 2j, None, "", "a", "abc", "é", "€€", "😀", b"", b"abc",
          (), (1, 2), [], [0] * 3, {}, {"a": 1}, {i: i for i in range(6)}, set(), {1, 2}, frozenset(), range(3), bytearray()]:
    print(repr(v)[:20], sys.getsizeof(v))
class Sized:
    def __sizeof__(self):
        return 100
print(sys.getsizeof(Sized()))
print(sys.getsizeof(1, 99), sys.getsizeof(object()))
s = sys.intern("hello world")
print(s, s is sys.intern("hello world"))
try:
    sys.intern(b"x")
except TypeError as e:
    print("TypeError:", e)
print(sys.exc_info(), sys.exception())
try:
    raise KeyError("k")
except KeyError as e:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), tb is not None or tb is None, sys.exception() is e)
print(sys.stdout.write("written\n"))
sys.stdout.flush()
print("to stderr", file=sys.stderr)
sys.stderr.write("direct stderr\n")
print(sys.stdin.readline() == "", sys.stdout.isatty(), sys.stdout.encoding, sys.stderr.encoding)
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__)
print(sys.is_finalizing(), sys.getswitchinterval(), sys.warnoptions, sys.abiflags == "", sys.platlibdir)
print(sys.copyright.splitlines()[0])
def bye():
    sys.exit("exiting with a message")
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit", e.code)
bye()
