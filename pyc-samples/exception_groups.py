"""ExceptionGroup and except*: splitting, nesting, re-raising unhandled
parts, raising inside except*, and BaseExceptionGroup behaviour."""


def show(eg, indent=0):
    pad = "  " * indent
    if isinstance(eg, BaseExceptionGroup):
        print(f"{pad}{type(eg).__name__}({eg.message!r}) with {len(eg.exceptions)}")
        for sub in eg.exceptions:
            show(sub, indent + 1)
    else:
        print(f"{pad}{eg!r}")


def basic():
    try:
        raise ExceptionGroup("many", [ValueError(1), TypeError(2), ValueError(3), KeyError(4)])
    except* ValueError as eg:
        print("values:", [repr(x) for x in eg.exceptions])
    except* (TypeError, KeyError) as eg:
        print("others:", [repr(x) for x in eg.exceptions])


basic()


def partial():
    try:
        try:
            raise ExceptionGroup("g", [ValueError("a"), OSError("b")])
        except* ValueError:
            print("handled ValueError part")
    except ExceptionGroup as rest:
        print("unhandled part:", rest.message, [repr(x) for x in rest.exceptions])


partial()


def naked():
    try:
        raise TypeError("naked")
    except* TypeError as eg:
        print("naked wrapped:", type(eg).__name__, repr(eg.exceptions[0]))


naked()


def nested_groups():
    inner = ExceptionGroup("inner", [ValueError("deep"), ZeroDivisionError("z")])
    outer = ExceptionGroup("outer", [inner, KeyError("k"), ValueError("shallow")])
    show(outer)
    try:
        raise outer
    except* ValueError as eg:
        print("matched ValueErrors, structure kept:")
        show(eg, 1)
    except* ArithmeticError as eg:
        print("matched ArithmeticError:")
        show(eg, 1)
    except* KeyError:
        print("matched KeyError")


nested_groups()


def raise_in_handler():
    try:
        try:
            raise ExceptionGroup("src", [ValueError("v")])
        except* ValueError:
            raise RuntimeError("new error from handler")
    except RuntimeError as e:
        print("caught new:", repr(e), "context:", type(e.__context__).__name__)
    except ExceptionGroup as eg:
        print("caught group:", eg.message)
        show(eg, 1)


raise_in_handler()


def split_and_subgroup():
    eg = ExceptionGroup("all", [ValueError(1), TypeError(2), ValueError(3)])
    match, rest = eg.split(ValueError)
    show(match)
    show(rest)
    print(eg.subgroup(TypeError).exceptions, eg.subgroup(KeyError))
    print(eg.split(lambda e: isinstance(e, TypeError))[0].exceptions)
    derived = eg.derive([KeyError("d")])
    print(type(derived).__name__, derived.message, derived.exceptions)


split_and_subgroup()


def base_group():
    try:
        raise BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError("v")])
    except* KeyboardInterrupt:
        print("caught KeyboardInterrupt part")
    except* ValueError as eg:
        print("caught ValueError part:", type(eg).__name__)
    g = BaseExceptionGroup("only exceptions", [ValueError(1)])
    print(type(g).__name__, isinstance(g, Exception))


base_group()


def reraise_star():
    try:
        try:
            raise ExceptionGroup("re", [OSError("o"), ValueError("v")])
        except* OSError:
            print("seen OSError, re-raising")
            raise
    except ExceptionGroup as eg:
        show(eg)


reraise_star()
try:
    ExceptionGroup("bad", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("bad", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError:", e)
print(str(ExceptionGroup("msg", [ValueError()])), repr(ExceptionGroup("m", [KeyError("k")])))
