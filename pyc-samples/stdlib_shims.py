# The native stand-ins for C modules that the pure-Python standard library imports.
import atexit
atexit.register(print, "exit function ran", "last")
import errno, _thread, threading, contextvars, codecs, builtins
import _operator, _heapq, _bisect, _struct
print(errno.ENOENT, errno.errorcode[2], errno.EEXIST)
lock = _thread.allocate_lock()
with lock:
    print("locked", lock.locked(), lock.acquire(False))
print("unlocked", lock.locked())
r = threading.RLock()
with r:
    with r:
        print("rlock re-entered")
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
ev = threading.Event()
ev.set()
print(ev.is_set(), ev.wait(0))
v = contextvars.ContextVar("v", default=1)
print(v.get(), v.name)
tok = v.set(5)
print(v.get())
v.reset(tok)
print(v.get())
w = contextvars.ContextVar("w")
try:
    w.get()
except LookupError:
    print("LookupError")
print(w.get("fallback"))
print(codecs.encode("abc", "utf-8"), codecs.decode(b"\xc3\xa9", "utf-8"))
print(builtins.max(3, 9), _operator.add(1, 2), _heapq.heappop([1, 2]))
print(_bisect.bisect_right([1, 2, 3], 2), _struct.pack("<H", 258))
atexit.register(print, "registered second, runs first")
print("end of module")
