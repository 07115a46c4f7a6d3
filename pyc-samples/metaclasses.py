class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        return {"prepared": True}

    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns)
        cls.tag = kw.get("tag", "none")
        return cls

    def __init__(cls, name, bases, ns, **kw):
        super().__init__(name, bases, ns)
        cls.inited = name

    def describe(cls):
        return f"{cls.__name__}:{cls.tag}"


class A(metaclass=Meta, tag="a"):
    pass


class B(A):
    pass


print(A.prepared, A.tag, B.tag, A.inited, B.inited, A.describe(), type(B).__name__, isinstance(A, type))


class Base:
    subs = []

    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        cls.opts = kw
        Base.subs.append(cls.__name__)


class X(Base, color="red"):
    pass


class Y(X):
    pass


print(Base.subs, X.opts, Y.opts, [c.__name__ for c in Base.__subclasses__()])


class Field:
    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name


class Model:
    f = Field()
    g = Field()


print(Model.f.name, Model.g.name, Model.f.owner)


class Box:
    def __class_getitem__(cls, item):
        return f"Box[{item.__name__}]"


print(Box[int])
Pt = type("Pt", (object,), {"x": 3, "get": lambda self: self.x})
Sub = type("Sub", (Pt,), {})
print(Pt().get(), Sub().get(), Sub.__mro__[1].__name__, type(Pt).__name__, Pt.__name__)


class Singleton(type):
    _inst = {}

    def __call__(cls, *a, **k):
        if cls not in Singleton._inst:
            Singleton._inst[cls] = super().__call__(*a, **k)
        return Singleton._inst[cls]


class Conf(metaclass=Singleton):
    def __init__(self, v):
        self.v = v


print(Conf(1) is Conf(2), Conf(3).v)
