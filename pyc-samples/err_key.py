"""Uncaught KeyError from a dict lookup in a nested call."""

config = {"host": "localhost", "port": 8080}


def get_setting(name):
    return config[name]


def connect():
    return f"{get_setting('host')}:{get_setting('port')}/{get_setting('path')}"


print(get_setting("host"))
print(connect())
