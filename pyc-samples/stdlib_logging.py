import logging
logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("app")
log.info("hello %s", "world")
log.warning("warn %d", 3)
log.debug("hidden")
log.error("bad")
logging.warning("root warning")
sub = logging.getLogger("app.sub")
sub.setLevel(logging.ERROR)
sub.warning("not shown")
sub.error("shown")
print("done")
fmt = logging.Formatter("[%(levelname)-8s] %(name)s: %(message)s")
h = logging.StreamHandler()
h.setFormatter(fmt)
other = logging.getLogger("other")
other.propagate = False
other.addHandler(h)
other.critical("value=%r", {"a": 1})
other.log(logging.WARNING, "via log")
print(logging.getLevelName(logging.DEBUG), logging.getLogger("app") is log, log.getEffectiveLevel())
try:
    1 / 0
except ZeroDivisionError:
    other.error("failed: %s", "division", exc_info=False)
