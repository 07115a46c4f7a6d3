"""Scopes: global statements, nonlocal, del of names/globals/locals/attrs/
items/slices, module and class annotations."""

counter = 0
temp: int = 5
annotated_only: str
print(__annotations__)


def bump():
    global counter
    counter += 1
    return counter


bump()
bump()
print("counter", counter)


def create_global():
    global created
    created = "made inside a function"


create_global()
print(created)


def delete_global():
    global created
    del created


delete_global()
print("created" in globals())
try:
    print(created)
except NameError as e:
    print("NameError:", e)

module_level = [1, 2, 3]
del module_level
try:
    module_level
except NameError as e:
    print("NameError:", e)
del temp
print("temp" in dir())


def local_del():
    x = 10
    y = x * 2
    del x
    try:
        return x  # noqa: F821
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    return y


print(local_del())


def unbound():
    try:
        print(value)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    value = 1
    return value


unbound()
shadow = "global shadow"


def reads_global():
    return shadow


def shadows_global():
    shadow = "local shadow"
    return shadow


print(reads_global(), shadows_global(), shadow)


def outer():
    level = "outer"

    def middle():
        nonlocal level
        level = "changed by middle"

        def inner():
            global shadow
            shadow = "changed by inner"
            return level

        return inner()

    r = middle()
    return r, level


print(outer(), shadow)


class Annotated:
    x: int = 1
    y: "list[int]"
    z = 3

    def method(self) -> None:
        local: int = 5
        return local


print(Annotated.__annotations__, Annotated.x, Annotated().method(), hasattr(Annotated, "y"))


class Obj:
    def __init__(self):
        self.a = 1
        self.b = 2


o = Obj()
del o.a
print(vars(o))
data = {"k": 1, "j": 2}
del data["k"]
seq = list(range(10))
del seq[2], seq[-1]
del seq[::2]
print(data, seq)
a = b = 5
del a, b
print("a" in globals(), "b" in globals())
for loop_var in range(3):
    pass
print("loop var survives:", loop_var)
del loop_var


def comprehension_scope():
    n = 100
    return [n + i for i in range(2)], "i" in locals()


print(comprehension_scope())
g = 1


def global_in_nested_comprehension():
    return [g + k for k in range(3)]


print(global_in_nested_comprehension())


class ClassScope:
    attr = 10
    try:
        # class attributes are not visible inside a comprehension's scope
        doubled = [attr * 2 for _ in range(1)]
    except NameError as e:
        doubled = "NameError: " + str(e)
    total = attr + 5

    def uses_global(self):
        return counter


print(ClassScope.total, ClassScope.doubled, ClassScope().uses_global())
print(sorted(k for k in globals() if not k.startswith("__"))[:8])
