"""An exception raised while a class body runs, under a function call: the traceback
has the module line, the function, and the class body frame."""


def table_size():
    return {"rows": 3}["cols"]


def build():
    class Config:
        name = "demo"
        size = table_size()

    return Config


print("building")
build()
