//! Methods of the built-in types, one module per type, each a static table of
//! `(name, NativeFn)`. Looking a method up costs nothing at start-up; the eval loop caches
//! the result per instruction.
//!
//! Calling convention: `args[0]` is `self`, followed by the call's arguments
//! (see [`crate::function::NativeFn`]).

pub mod args;
pub mod bytes;
pub mod complex;
pub mod constructors;
pub mod dict;
pub mod dunder;
pub mod float;
pub mod int;
pub mod list;
pub mod object;
pub mod set;
pub mod slice;
pub mod str;
pub mod tuple;

use crate::exception::PyResult;
use crate::function::NativeFn;
use crate::protocols::arith::BinOp;
use crate::protocols::compare::CompareOp;
use crate::typeobj::{PyType, TypeKind};
use crate::value::Value;
use crate::vm::Vm;

/// A method table: name and implementation.
pub type MethodTable = &'static [(&'static str, NativeFn)];

fn table(kind: TypeKind) -> MethodTable {
    match kind {
        TypeKind::Str => str::METHODS,
        TypeKind::List => list::METHODS,
        TypeKind::Dict => dict::METHODS,
        TypeKind::Set => set::SET_METHODS,
        TypeKind::FrozenSet => set::FROZENSET_METHODS,
        TypeKind::Tuple => tuple::METHODS,
        TypeKind::Int | TypeKind::Bool => int::METHODS,
        TypeKind::Float => float::METHODS,
        TypeKind::Bytes => bytes::BYTES_METHODS,
        TypeKind::ByteArray => bytes::BYTEARRAY_METHODS,
        TypeKind::Slice => slice::SLICE_METHODS,
        TypeKind::Complex => complex::METHODS,
        TypeKind::Range => slice::RANGE_METHODS,
        TypeKind::Object => object::METHODS,
        _ => &[],
    }
}

/// The method `name` of built-in type `kind`.
#[inline]
pub fn lookup(kind: TypeKind, name: &str) -> Option<NativeFn> {
    if let Some(f) = table(kind)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
    {
        return Some(f);
    }
    if name.starts_with("__") && dunder_applies(kind, name) {
        return dunder::METHODS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f);
    }
    None
}

/// A static method of a built-in type (`str.maketrans`, `bytes.fromhex`): looked up on the
/// type, it takes no `self`.
pub fn static_method(kind: TypeKind, name: &str) -> Option<(&'static str, NativeFn)> {
    let t: MethodTable = match kind {
        TypeKind::Str => str::STATIC_METHODS,
        TypeKind::Bytes => bytes::BYTES_STATIC_METHODS,
        TypeKind::ByteArray => bytes::BYTEARRAY_STATIC_METHODS,
        _ => return None,
    };
    t.iter().find(|(n, _)| *n == name).copied()
}

/// Whether the generic special method `name` exists on built-in type `kind`.
fn dunder_applies(kind: TypeKind, name: &str) -> bool {
    let numeric = matches!(
        kind,
        TypeKind::Int | TypeKind::Bool | TypeKind::Float | TypeKind::Complex
    );
    let container = matches!(
        kind,
        TypeKind::Str
            | TypeKind::List
            | TypeKind::Tuple
            | TypeKind::Dict
            | TypeKind::Set
            | TypeKind::FrozenSet
            | TypeKind::Bytes
            | TypeKind::ByteArray
            | TypeKind::Range
    );
    match name {
        "__repr__" | "__str__" | "__hash__" | "__eq__" | "__ne__" | "__lt__" | "__le__"
        | "__gt__" | "__ge__" | "__format__" => {
            !matches!(kind, TypeKind::Instance | TypeKind::Native)
        }
        "__len__" | "__contains__" | "__getitem__" | "__iter__" => container,
        "__setitem__" | "__delitem__" => {
            matches!(kind, TypeKind::List | TypeKind::Dict | TypeKind::ByteArray)
        }
        "__next__" => kind == TypeKind::Iterator,
        "__index__" => matches!(kind, TypeKind::Int | TypeKind::Bool),
        "__bool__" | "__neg__" | "__pos__" | "__abs__" | "__float__" | "__int__" => numeric,
        "__invert__" | "__lshift__" | "__rlshift__" | "__rshift__" | "__rrshift__" => {
            matches!(kind, TypeKind::Int | TypeKind::Bool)
        }
        "__and__" | "__rand__" | "__or__" | "__ror__" | "__xor__" | "__rxor__" => matches!(
            kind,
            TypeKind::Int | TypeKind::Bool | TypeKind::Set | TypeKind::FrozenSet | TypeKind::Dict
        ),
        "__add__" | "__radd__" | "__mul__" | "__rmul__" => numeric || container,
        "__mod__" | "__rmod__" => numeric || kind == TypeKind::Str,
        "__sub__" | "__rsub__" => numeric || matches!(kind, TypeKind::Set | TypeKind::FrozenSet),
        _ => numeric,
    }
}

/// The result of a built-in alternate constructor (`int.from_bytes`, `float.fromhex`)
/// called on `cls`: for a user subclass, `cls(value)`, as CPython does.
pub fn construct_for(vm: &mut Vm, cls: Option<&Value>, value: Value) -> PyResult<Value> {
    match cls {
        Some(c @ Value::Type(t)) if !t.builtin => {
            crate::protocols::call::call(vm, c, &[value], &[])
        }
        _ => Ok(value),
    }
}

/// Whether `name` is a classmethod of built-in type `kind` (`dict.fromkeys`,
/// `int.from_bytes`, `float.fromhex`): looked up on the type, it binds the type.
pub fn is_class_method(kind: TypeKind, name: &str) -> bool {
    let list: &[&str] = match kind {
        TypeKind::Dict => dict::CLASS_METHODS,
        TypeKind::Int | TypeKind::Bool => int::CLASS_METHODS,
        TypeKind::Float => float::CLASS_METHODS,
        _ => &[],
    };
    list.contains(&name)
}

/// The `'static` spelling of a method name (for the function object's `__name__`).
pub fn static_name(kind: TypeKind, name: &str) -> Option<&'static str> {
    table(kind)
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| *n)
}

/// Names of the methods of `kind` (for `dir()`).
pub fn method_names(kind: TypeKind) -> Vec<&'static str> {
    table(kind).iter().map(|(n, _)| *n).collect()
}

/// The constructor called by `kind(...)`.
pub fn constructor(kind: TypeKind) -> Option<NativeFn> {
    constructors::constructor(kind)
}

/// Data attributes of built-in values (`x.real`, `r.start`, `f.__name__`, `e.args`...).
pub fn get_property(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Option<Value>> {
    constructors::get_property(vm, obj, name)
}

/// Class-level attributes of built-in types other than methods.
pub fn class_attr(_vm: &mut Vm, _t: &std::rc::Rc<PyType>, _name: &str) -> PyResult<Option<Value>> {
    Ok(None)
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` on sets.
pub fn set_binary_op(
    vm: &mut Vm,
    op: BinOp,
    a: &Value,
    b: &Value,
    inplace: bool,
) -> PyResult<Value> {
    set::binary_op(vm, op, a, b, inplace)
}

/// Subset/superset comparisons of sets.
pub fn set_compare(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<bool> {
    set::compare(vm, a, b, op)
}
