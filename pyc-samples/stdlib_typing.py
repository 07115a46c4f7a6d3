from typing import Any, Optional, Union, List, Dict, Tuple, Set, FrozenSet, Callable, Iterable, Iterator, Generator, Sequence, Mapping, MutableMapping, Type, TypeVar, Generic, Protocol, Literal, Final, ClassVar, cast, overload, TYPE_CHECKING, NoReturn, Awaitable, Coroutine, AsyncIterator, IO, TextIO
import typing
T = TypeVar('T')
K = TypeVar('K', bound=int)
print(T, K.__name__)
class Box(Generic[T]):
    def __init__(self, v: T) -> None:
        self.v = v
    def get(self) -> T:
        return self.v
b = Box[int](3)
print(b.get(), Box(4).get(), type(b).__name__)
def f(x: Optional[List[int]], y: Dict[str, Tuple[int, ...]], z: Callable[[int], str]) -> Union[int, None]:
    return cast(int, 5)
print(f(None, {}, str))
print(TYPE_CHECKING)
class P(Protocol):
    def m(self) -> int: ...
class Q(P):
    def m(self): return 1
print(Q().m())
@overload
def g(x: int) -> int: ...
def g(x): return x
print(g(2))
x: Final[int] = 3
y: ClassVar[Literal["a", "b"]] = "a"
print(x, y)
print(typing.cast(str, "s"))
U = typing.NewType('U', int)
print(U(5))
class M(typing.TypedDict):
    a: int
print(M(a=1))
