import time

t0 = time.time()
print(type(t0).__name__, t0 > 1.6e9)
print(type(time.time_ns()).__name__, time.time_ns() > 1600000000 * 10 ** 9)
p0 = time.perf_counter()
m0 = time.monotonic()
time.sleep(0.01)
time.sleep(0)
print(time.perf_counter() - p0 >= 0.009, time.monotonic() >= m0)
print(time.perf_counter_ns() >= 0, time.monotonic_ns() >= 0, time.process_time() >= 0)
for ts in (0, 1234567890, 951782400, 1709210096, -86400, 4102444799):
    st = time.gmtime(ts)
    print(st)
    print(st.tm_year, st.tm_mon, st.tm_mday, st.tm_wday, st.tm_yday, len(st), list(st))
    print(time.strftime("%Y-%m-%d %H:%M:%S %a %A %b %B %j %p %I %y %w %U %W %%", st))
    print(time.strftime("%c|%x|%X|%D|%T|%F|%R|%e", st))
    print(time.asctime(st), time.mktime(st) - ts == time.timezone)
print(time.gmtime().tm_year >= 2024)
print(time.strftime("%Y", time.gmtime(86400 * 365)))
print(time.strftime("%H:%M", (2020, 1, 2, 3, 4, 5, 3, 2, 0)))
try:
    time.sleep(-1)
except ValueError as e:
    print("ValueError", e)
