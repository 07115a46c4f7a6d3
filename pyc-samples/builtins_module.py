import sys
print('builtins' in sys.modules, 'sys' in sys.modules)
import builtins
print(builtins, sys)
print(builtins.len, builtins.__name__, builtins.print is print, sys.modules['builtins'] is builtins)
builtins.foo = 5
print(foo)
del builtins.foo
try:
    foo
except NameError as e:
    print(e)
_orig_len = builtins.len
def my_len(x):
    return _orig_len(x) * 2
builtins.len = my_len
print(len("abc"))
builtins.len = _orig_len
print(len("abc"), getattr(builtins, "max")(3, 4), hasattr(builtins, "nope"))
print(isinstance(builtins.__dict__, dict), builtins.__dict__["abs"](-3))
from builtins import sorted as s2, range
print(s2([3, 1, 2]), list(range(3)))
