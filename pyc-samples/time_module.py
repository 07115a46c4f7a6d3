# time: struct_time as a tuple subclass, gmtime/strftime/mktime/asctime/strptime with fixed
# timestamps (no clock readings are printed).
import time

t = time.gmtime(1700000000)
print(t)
print(t[0], t[1:3], t[-1], len(t), tuple(t))
print(t.tm_year, t.tm_yday, t.tm_wday, t.tm_zone, t.tm_gmtoff)
print(isinstance(t, tuple), type(t).__name__, type(t).__module__, time.struct_time.n_fields, time.struct_time.n_sequence_fields)
year, month, *rest = t
print(year, month, rest)
print(t == tuple(t), t > (2000,), sorted([time.gmtime(10**9), time.gmtime(0)])[0].tm_year)
for fmt in ["%Y-%m-%d %H:%M:%S", "%a %A %b %B %d", "%j %U %W %w %u", "%y %I %p %%", "%c", "%x %X", "%D %T %R %F", "%Z %z", "%e|%C|%h"]:
    print(repr(fmt), "->", time.strftime(fmt, t))
print(time.strftime("%Y/%m/%d", (2024, 2, 29, 0, 0, 0, 0, 60, 0)))
print(time.asctime(t), "|", time.asctime(time.gmtime(0)))
print(time.mktime(time.gmtime(86400 * 365)) - time.timezone)
print(time.gmtime(-86400))
print(time.gmtime(1e9 + 0.75).tm_sec)
s = time.struct_time((2001, 2, 3, 4, 5, 6, 5, 34, 0))
print(s, s.tm_zone, s.tm_gmtoff)
s2 = time.struct_time((2001, 2, 3, 4, 5, 6, 5, 34, 0, "ABC", 3600))
print(s2.tm_zone, s2.tm_gmtoff, s2)
for bad in [(1, 2), tuple(range(12))]:
    try:
        time.struct_time(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    t.tm_year = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    time.strftime("%Y", (2020, 13, 1, 0, 0, 0, 0, 1, 0))
except ValueError as e:
    print("ValueError:", e)
try:
    time.strftime("%Y", "2020")
except TypeError as e:
    print("TypeError:", e)
p = time.strptime("2023-11-14 22:13:20", "%Y-%m-%d %H:%M:%S")
print(p[:9], p.tm_wday, p.tm_yday)
print(time.strptime("Tue Nov 14 22:13:20 2023")[:9])
print(time.strptime("14 March 99, 07:05 PM", "%d %B %y, %I:%M %p")[:9])
print(time.strptime("2020 060", "%Y %j")[:9])
for args in [("2023-11-14", "%Y/%m/%d"), ("2023-11-14x", "%Y-%m-%d")]:
    try:
        time.strptime(*args)
    except ValueError as e:
        print("ValueError:", e)
print(type(time.time()).__name__, type(time.time_ns()).__name__, type(time.perf_counter()).__name__,
      type(time.monotonic_ns()).__name__, type(time.process_time()).__name__, type(time.thread_time()).__name__)
print(time.monotonic() <= time.monotonic(), time.perf_counter_ns() <= time.perf_counter_ns())
print(abs(time.clock_gettime(time.CLOCK_REALTIME) - time.time()) < 5)
info = time.get_clock_info("monotonic")
print(info.monotonic, info.adjustable, info.implementation)
print(time.sleep(0), time.timezone, time.altzone, time.daylight)
