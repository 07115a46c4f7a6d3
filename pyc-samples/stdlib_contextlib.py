from contextlib import contextmanager, suppress, closing, ExitStack, nullcontext, redirect_stdout
import io
@contextmanager
def tag(name):
    print("<%s>" % name)
    try:
        yield name
    finally:
        print("</%s>" % name)
with tag("h1") as t:
    print("inside", t)
with suppress(KeyError):
    {}["x"]
print("suppressed")
class C:
    def close(self): print("closed")
with closing(C()):
    pass
with ExitStack() as st:
    for i in range(3):
        st.enter_context(tag(str(i)))
    st.callback(print, "callback")
with nullcontext(5) as v:
    print(v)
buf = io.StringIO()
with redirect_stdout(buf):
    print("captured")
print(repr(buf.getvalue()))
try:
    with tag("err"):
        raise ValueError("boom")
except ValueError as e:
    print("caught", e)
