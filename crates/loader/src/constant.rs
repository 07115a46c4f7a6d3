//! The values marshal can hold: the constants of a code object and the code objects themselves.

use std::rc::Rc;

use num_bigint::BigInt;

use crate::code::CodeObject;

/// An immutable value read from marshal data.
///
/// Children are reference counted so that marshal back-references (`r`) share, and cloning a
/// constant is cheap.
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`.
    None,
    /// `StopIteration` (the type object, as marshal writes it).
    StopIteration,
    /// `...`.
    Ellipsis,
    /// `True` or `False`.
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// An int that does not fit in 64 bits.
    BigInt(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number (real, imaginary).
    Complex(f64, f64),
    /// A `str`. Lone surrogates (legal in CPython strings) are replaced by U+FFFD.
    Str(Rc<str>),
    /// A `bytes` object.
    Bytes(Rc<[u8]>),
    /// A tuple.
    Tuple(Rc<[Constant]>),
    /// A list (marshal can write one, the compiler never does).
    List(Rc<[Constant]>),
    /// A dict as (key, value) pairs in file order.
    Dict(Rc<[(Constant, Constant)]>),
    /// A set, items in file order.
    Set(Rc<[Constant]>),
    /// A frozenset, items in file order.
    FrozenSet(Rc<[Constant]>),
    /// A code object.
    Code(Rc<CodeObject>),
}

impl Constant {
    /// The Python type name of the constant (`int`, `str`, `code`...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Constant::None => "NoneType",
            Constant::StopIteration => "type",
            Constant::Ellipsis => "ellipsis",
            Constant::Bool(_) => "bool",
            Constant::Int(_) | Constant::BigInt(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex(..) => "complex",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Tuple(_) => "tuple",
            Constant::List(_) => "list",
            Constant::Dict(_) => "dict",
            Constant::Set(_) => "set",
            Constant::FrozenSet(_) => "frozenset",
            Constant::Code(_) => "code",
        }
    }

    /// The string, if this constant is a `str`.
    pub fn as_str(&self) -> Option<&Rc<str>> {
        match self {
            Constant::Str(s) => Some(s),
            _ => None,
        }
    }
}
