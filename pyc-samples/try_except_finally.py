"""Exceptions: nested try, else, finally with return/break/continue,
raise from, bare raise, except tuples. (except* is in exception_groups.py.)"""


def basic(x):
    try:
        r = 10 // x
    except ZeroDivisionError as e:
        print("caught:", type(e).__name__, e)
        return "err"
    else:
        print("no error, r =", r)
        return r
    finally:
        print("finally for", x)


print(basic(2), basic(0))


def finally_return():
    try:
        return "try"
    finally:
        print("finally runs before return")


def finally_overrides():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"  # noqa: B012


print(finally_return(), finally_overrides())


def loop_control():
    out = []
    for i in range(6):
        try:
            if i == 1:
                continue
            if i == 4:
                break
            out.append(i)
        finally:
            out.append(-i)
    return out


print(loop_control())


def except_tuple(v):
    try:
        if v == 0:
            raise KeyError("k")
        if v == 1:
            raise IndexError("i")
        if v == 2:
            raise TypeError("t")
        return "ok"
    except (KeyError, IndexError) as e:
        return f"lookup {type(e).__name__}"
    except Exception as e:
        return f"other {e!r}"


print([except_tuple(v) for v in range(4)])


def chained():
    try:
        try:
            {}["missing"]
        except KeyError as e:
            raise ValueError("converted") from e
    except ValueError as e:
        print(repr(e), "cause:", repr(e.__cause__), "context:", repr(e.__context__))
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise RuntimeError("during handling")
    except RuntimeError as e:
        print(repr(e), "context:", repr(e.__context__), e.__suppress_context__)
    try:
        try:
            raise OSError("x")
        except OSError:
            raise LookupError("no context") from None
    except LookupError as e:
        print(repr(e), e.__cause__, e.__suppress_context__)


chained()


def reraise():
    try:
        try:
            raise ValueError("original")
        except ValueError:
            print("handling, then bare raise")
            raise
    except ValueError as e:
        print("re-caught", e.args)


reraise()


def nested_finally():
    log = []
    try:
        try:
            log.append("inner try")
            raise KeyError("x")
        finally:
            log.append("inner finally")
    except KeyError:
        log.append("outer except")
    finally:
        log.append("outer finally")
    return log


print(nested_finally())


class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


try:
    raise MyError(7)
except MyError as e:
    print("custom:", e, e.code, e.args, isinstance(e, Exception))

e_name_cleared = None
try:
    raise ValueError
except ValueError as err:
    e_name_cleared = type(err).__name__
print(e_name_cleared, "err" in dir())


def while_finally():
    n = 0
    while True:
        try:
            n += 1
            if n < 3:
                continue
            break
        finally:
            print("iteration", n)
    return n


print(while_finally())
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("assert:", e)
print(sum(1 for _ in range(3)), "done")
