"""Closures: cells, free variables, nonlocal, nested closures, DELETE_DEREF."""


def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


inc, get = make_counter(10)
inc()
inc(5)
print("counter:", get())


def cell_argument(x):
    # x is an argument that is also a cell (MAKE_CELL on an argument)
    def show():
        return x * 2

    x = x + 1
    return show()


print("cell arg:", cell_argument(20))


def outer(a):
    def middle(b):
        def inner(c):
            return a + b + c

        return inner

    return middle


print("nested:", outer(1)(20)(300))


def adders():
    fs = []
    for i in range(3):
        fs.append(lambda v, i=i: v + i)
    late = [lambda v: v + j for j in range(3)]
    return [f(100) for f in fs], [f(100) for f in late]


print("adders:", adders())


def delete_deref():
    value = "alive"

    def reader():
        return value

    print("before del:", reader())
    del value
    try:
        reader()
    except NameError as e:
        print("after del:", e)
    value = "again"
    print("rebound:", reader())


delete_deref()


def shared_cell():
    x = 0

    def setter(v):
        nonlocal x
        x = v

    def getter():
        return x

    setter(42)
    return getter(), x


print("shared:", shared_cell())


def class_in_function():
    secret = "cls-free"

    class Holder:
        # a class body that reads a variable of the enclosing function
        # (LOAD_CLASSDEREF)
        attr = secret
        other = [secret] * 2

        def method(self):
            return secret.upper()

    return Holder.attr, Holder.other, Holder().method()


print("class:", class_in_function())


def closure_over_loop():
    total = 0

    def add(n):
        nonlocal total
        total += n

    for n in range(1, 11):
        add(n)
    return total


print("loop total:", closure_over_loop())


def free_var_names():
    a = 1
    b = 2

    def f():
        return a + b

    return f.__code__.co_freevars, f()


print("freevars:", free_var_names())
