# A module found neither natively, beside the program nor in the standard library gives a
# clean ModuleNotFoundError; a stdlib module imported twice is the same object.
try:
    import no_such_module_anywhere
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    from textwrap import no_such_name
except ImportError as e:
    print(type(e).__name__)
import textwrap, sys
import textwrap as again
print(textwrap is again, sys.modules["textwrap"] is textwrap, textwrap.__name__)
import builtins
print(builtins.len("abc"), builtins is __builtins__ or builtins.__dict__ is __builtins__.__dict__)
import types
m = types.MethodType(lambda self, x: (self, x), "obj")
print(m(1))
