"""Advanced classes: metaclasses, __init_subclass__, __set_name__ and
descriptors, __getattr__/__getattribute__/__setattr__/__delattr__,
__new__, __class__ cell and zero-argument super, class decorators,
multiple inheritance and MRO."""


class Meta(type):
    created = []

    def __new__(mcls, name, bases, ns, **kwargs):
        ns["made_by"] = "Meta"
        cls = super().__new__(mcls, name, bases, ns)
        Meta.created.append(name)
        return cls

    def __call__(cls, *args, **kwargs):
        inst = super().__call__(*args, **kwargs)
        inst.via_meta = True
        return inst


class Base(metaclass=Meta):
    def __init__(self, v=0):
        self.v = v


class Child(Base):
    pass


c = Child(3)
print(Meta.created, Child.made_by, c.v, c.via_meta, type(Child).__name__, isinstance(Child, Meta))


class Plugin:
    registry = []

    def __init_subclass__(cls, kind="generic", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kind = kind
        Plugin.registry.append((cls.__name__, kind))


class JsonPlugin(Plugin, kind="json"):
    pass


class PlainPlugin(Plugin):
    pass


print(Plugin.registry, JsonPlugin.kind)


class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        self.public = name

    def __init__(self, typ):
        self.typ = typ

    def __get__(self, obj, objtype=None):
        if obj is None:
            return f"<Typed {self.public}>"
        return getattr(obj, self.name, None)

    def __set__(self, obj, value):
        if not isinstance(value, self.typ):
            raise TypeError(f"{self.public} must be {self.typ.__name__}")
        setattr(obj, self.name, value)


class Person:
    name = Typed(str)
    age = Typed(int)

    def __init__(self, name, age):
        self.name = name
        self.age = age


pp = Person("ann", 30)
print(pp.name, pp.age, Person.name, sorted(vars(pp)))
try:
    pp.age = "old"
except TypeError as e:
    print("TypeError:", e)


class Dynamic:
    def __init__(self):
        object.__setattr__(self, "store", {})

    def __getattr__(self, name):
        if name.startswith("auto_"):
            return name[5:].upper()
        raise AttributeError(f"no {name}")

    def __setattr__(self, name, value):
        self.store[name] = value

    def __delattr__(self, name):
        del self.store[name]


dy = Dynamic()
dy.x = 1
dy.y = 2
del dy.x
print(dy.store, dy.auto_hello, getattr(dy, "missing", "default"), hasattr(dy, "nothing"))


class Logged:
    def __init__(self):
        self.value = 5

    def __getattribute__(self, name):
        if name == "value":
            return object.__getattribute__(self, name) * 100
        return object.__getattribute__(self, name)


print(Logged().value)


class Single:
    _instance = None

    def __new__(cls, *args):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __init__(self, tag):
        self.tag = tag


s1, s2 = Single("a"), Single("b")
print(s1 is s2, s1.tag)


class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()

    def cls_name(self):
        return __class__.__name__


print(D().who(), [k.__name__ for k in D.__mro__], D().cls_name(), super(B, D()).who())


class Frozen(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))

    @property
    def total(self):
        return self[0] + self[1]


fz = Frozen(2, 3)
print(fz, fz.total, isinstance(fz, tuple), len(fz), type(fz).__name__)


class MyList(list):
    def append(self, item):
        super().append(item * 2)


ml = MyList([1])
ml.append(5)
print(ml, type(ml).__name__, ml + [0], isinstance(ml, list))
Point = type("Point", (), {"x": 1, "show": lambda self: f"P{self.x}"})
print(Point().show(), Point.__name__, type(Point).__name__)
print(Child.__bases__[0].__name__, Base.__subclasses__()[0].__name__, Person.__dict__["age"].public)
