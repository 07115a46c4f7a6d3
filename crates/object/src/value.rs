//! [`Value`]: what a Python variable, stack slot or container element holds.
//!
//! Small ints (`i64`), floats, bools and `None` are stored inline (unboxed); everything else
//! is a reference-counted pointer. A `Value` is 16 bytes, and cloning one is either a copy or
//! a reference-count increment.

use crate::native::NativeRef;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::exception::PyException;
use crate::function::{BoundMethod, BuiltinFunction, PyCell, PyCode, PyFunction};
use crate::instance::PyInstance;
use crate::iter::PyIter;
use crate::list::PyList;
use crate::misc::{PyRange, PySlice};
use crate::module::PyModule;
use crate::str::PyStr;
use crate::tuple::PyTuple;
use crate::typeobj::PyType;
use crate::{dict::PyDict, set::PySet};

/// A Python value.
///
/// `repr(u64)`: the tag is a full word and every payload starts at offset 8, so a value is
/// two aligned words that the compiler moves as such. With a byte tag, payloads started at
/// odd offsets and copies were stitched from unaligned pieces that defeat the CPU's
/// store-to-load forwarding (about 15% on the dispatch benchmarks).
#[derive(Debug)]
#[repr(u64)]
pub enum Value {
    /// Internal marker: the NULL pushed by PUSH_NULL, an unbound local, an empty cell.
    /// Never visible to Python code.
    Null,
    /// `None`.
    None,
    /// `NotImplemented`.
    NotImplemented,
    /// `...`.
    Ellipsis,
    /// `True` / `False`.
    Bool(bool),
    /// An int that fits in 64 bits (the fast path).
    Int(i64),
    /// An int outside the `i64` range. Invariant: never holds a value that fits in `i64`.
    BigInt(Rc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number (real, imaginary).
    Complex(Rc<(f64, f64)>),
    /// A `str`.
    Str(Rc<PyStr>),
    /// A `bytes`.
    Bytes(Rc<Vec<u8>>),
    /// A `bytearray`.
    ByteArray(Rc<PyList<u8>>),
    /// A tuple.
    Tuple(Rc<PyTuple>),
    /// A list.
    List(Rc<PyList<Value>>),
    /// A dict.
    Dict(Rc<PyDict>),
    /// A set.
    Set(Rc<PySet>),
    /// A frozenset.
    FrozenSet(Rc<PySet>),
    /// A `range`.
    Range(Rc<PyRange>),
    /// A `slice`.
    Slice(Rc<PySlice>),
    /// A function defined in Python.
    Function(Rc<PyFunction>),
    /// A function or method implemented in Rust.
    Builtin(Rc<BuiltinFunction>),
    /// A Python function bound to `self`.
    BoundMethod(Rc<BoundMethod>),
    /// A code object.
    Code(Rc<PyCode>),
    /// A closure cell.
    Cell(Rc<PyCell>),
    /// A module.
    Module(Rc<PyModule>),
    /// A type (class).
    Type(Rc<PyType>),
    /// A built-in iterator (list_iterator, range_iterator, zip, map, ...).
    Iter(Rc<PyIter>),
    /// An exception instance (of a built-in or user exception class).
    Exception(Rc<PyException>),
    /// An instance of a user-defined class.
    Instance(Rc<PyInstance>),
    /// Any other object implemented in Rust (generators, file objects, ...).
    Native(NativeRef),
}

// A value is two words: a tag and an unboxed number or one thin pointer. Keeping it there
// lets values and `PyResult<Value>` travel in registers.
const _: () = assert!(std::mem::size_of::<Value>() == 16);

impl Value {
    /// A `str` value.
    pub fn str(s: &str) -> Value {
        Value::Str(Rc::new(PyStr::new(s)))
    }

    /// A `str` value from an owned string.
    pub fn string(s: String) -> Value {
        Value::Str(Rc::new(PyStr::from_string(s)))
    }

    /// An int from a BigInt, normalised to the `i64` fast path when it fits.
    pub fn from_bigint(b: BigInt) -> Value {
        match i64::try_from(&b) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(Rc::new(b)),
        }
    }

    /// A tuple value.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(PyTuple::new(items)))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(PyList::new(items)))
    }

    /// Whether this is the internal NULL marker.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is `None`.
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The string slice if this is a `str`.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Identity (`is`): same object, or equal unboxed singletons/values as CPython would
    /// share them (small ints, bools, None...).
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (None, None) | (NotImplemented, NotImplemented) => true,
            (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            _ => match (self.ptr(), other.ptr()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// The address of the boxed object, if this value is boxed. Used for `id()` and `is`.
    pub fn ptr(&self) -> Option<usize> {
        use Value::*;
        Some(match self {
            BigInt(r) => Rc::as_ptr(r) as *const u8 as usize,
            Complex(r) => Rc::as_ptr(r) as *const u8 as usize,
            Str(r) => Rc::as_ptr(r) as *const u8 as usize,
            Bytes(r) => Rc::as_ptr(r) as *const u8 as usize,
            ByteArray(r) => Rc::as_ptr(r) as *const u8 as usize,
            Tuple(r) => Rc::as_ptr(r) as *const u8 as usize,
            List(r) => Rc::as_ptr(r) as *const u8 as usize,
            Dict(r) => Rc::as_ptr(r) as *const u8 as usize,
            Set(r) | FrozenSet(r) => Rc::as_ptr(r) as *const u8 as usize,
            Range(r) => Rc::as_ptr(r) as *const u8 as usize,
            Slice(r) => Rc::as_ptr(r) as *const u8 as usize,
            Function(r) => Rc::as_ptr(r) as *const u8 as usize,
            Builtin(r) => Rc::as_ptr(r) as *const u8 as usize,
            BoundMethod(r) => Rc::as_ptr(r) as *const u8 as usize,
            Code(r) => Rc::as_ptr(r) as *const u8 as usize,
            Cell(r) => Rc::as_ptr(r) as *const u8 as usize,
            Module(r) => Rc::as_ptr(r) as *const u8 as usize,
            Type(r) => Rc::as_ptr(r) as *const u8 as usize,
            Iter(r) => Rc::as_ptr(r) as *const u8 as usize,
            Exception(r) => Rc::as_ptr(r) as *const u8 as usize,
            Instance(r) => Rc::as_ptr(r) as *const u8 as usize,
            Native(r) => NativeRef::as_ptr(r) as usize,
            Null | None | NotImplemented | Ellipsis | Bool(_) | Int(_) | Float(_) => {
                return Option::None
            }
        })
    }
}

impl Clone for Value {
    /// Unboxed values are copied inline; boxed ones bump a reference count out of line.
    #[inline(always)]
    fn clone(&self) -> Value {
        if self.is_unboxed() {
            // SAFETY: the unboxed variants (Int, Float, Bool, None, Null) own no heap data and
            // have no drop glue, so a bitwise copy is a complete, independent clone. Copying
            // all 16 bytes at once (instead of rebuilding tag and payload separately) lets
            // the CPU forward the store to the push that follows; `benches/dispatch.rs`
            // measures the LOAD_FAST-heavy programs this is for.
            unsafe { std::ptr::read(self) }
        } else {
            self.clone_boxed()
        }
    }
}

impl Value {
    #[inline(never)]
    fn clone_boxed(&self) -> Value {
        use Value::*;
        match self {
            Null => Null,
            None => None,
            NotImplemented => NotImplemented,
            Ellipsis => Ellipsis,
            Bool(b) => Bool(*b),
            Int(i) => Int(*i),
            BigInt(r) => BigInt(r.clone()),
            Float(f) => Float(*f),
            Complex(r) => Complex(r.clone()),
            Str(r) => Str(r.clone()),
            Bytes(r) => Bytes(r.clone()),
            ByteArray(r) => ByteArray(r.clone()),
            Tuple(r) => Tuple(r.clone()),
            List(r) => List(r.clone()),
            Dict(r) => Dict(r.clone()),
            Set(r) => Set(r.clone()),
            FrozenSet(r) => FrozenSet(r.clone()),
            Range(r) => Range(r.clone()),
            Slice(r) => Slice(r.clone()),
            Function(r) => Function(r.clone()),
            Builtin(r) => Builtin(r.clone()),
            BoundMethod(r) => BoundMethod(r.clone()),
            Code(r) => Code(r.clone()),
            Cell(r) => Cell(r.clone()),
            Module(r) => Module(r.clone()),
            Type(r) => Type(r.clone()),
            Iter(r) => Iter(r.clone()),
            Exception(r) => Exception(r.clone()),
            Instance(r) => Instance(r.clone()),
            Native(r) => Native(r.clone()),
        }
    }

    /// Whether the value holds no reference (dropping it is a no-op).
    #[inline(always)]
    pub fn is_unboxed(&self) -> bool {
        matches!(
            self,
            Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::None | Value::Null
        )
    }

    /// Drops a value, skipping the out-of-line drop glue for unboxed values (hot paths).
    #[inline(always)]
    pub fn discard(self) {
        if self.is_unboxed() {
            std::mem::forget(self);
        } else {
            drop(self);
        }
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::string(s)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        match i64::try_from(n) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(BigInt::from(n)),
        }
    }
}

// `Option<Value>` (what `Vec::pop` returns) still fits in two words: NULL-free tag values
// serve as its `None`.
const _: () = assert!(std::mem::size_of::<Option<Value>>() == 16);
