"""Uncaught exception raised while handling another (implicit chaining:
"During handling of the above exception, another exception occurred")."""


def cleanup(resource):
    raise OSError(f"cannot release {resource}")


def work():
    try:
        return 1 / 0
    except ZeroDivisionError:
        cleanup("lock")


work()
