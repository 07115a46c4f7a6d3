//! The protocols: the operations the eval loop and builtins perform on any value
//! (compare, hash, repr, arithmetic, iteration, attributes, subscripts, calls).
//!
//! Each module handles the built-in types directly (fast paths first) and falls back to
//! special methods (`__add__`, `__eq__`, ...) for instances of user classes.

pub mod arith;
pub mod attr;
pub mod call;
pub mod compare;
pub mod convert;
pub mod eq;
pub mod format;
pub mod hash;
pub mod iter;
pub mod pattern;
pub mod repr;
pub mod subscript;
pub mod truth;

use std::rc::Rc;

use crate::typeobj::{builtin_types, PyType};
use crate::value::Value;

/// `type(v)`.
pub fn type_of(v: &Value) -> Rc<PyType> {
    let t = builtin_types();
    match v {
        Value::Null | Value::None => t.none.clone(),
        Value::NotImplemented => t.not_implemented.clone(),
        Value::Ellipsis => t.ellipsis.clone(),
        Value::Bool(_) => t.bool_.clone(),
        Value::Int(_) | Value::BigInt(_) => t.int.clone(),
        Value::Float(_) => t.float.clone(),
        Value::Complex(_) => t.complex.clone(),
        Value::Str(_) => t.str_.clone(),
        Value::Bytes(_) => t.bytes.clone(),
        Value::ByteArray(_) => t.bytearray.clone(),
        Value::Tuple(_) => t.tuple.clone(),
        Value::List(_) => t.list.clone(),
        Value::Dict(_) => t.dict.clone(),
        Value::Set(_) => t.set.clone(),
        Value::FrozenSet(_) => t.frozenset.clone(),
        Value::Range(_) => t.range.clone(),
        Value::Slice(_) => t.slice.clone(),
        Value::Function(_) => t.function.clone(),
        Value::Builtin(_) => t.builtin_function.clone(),
        Value::BoundMethod(_) => t.method.clone(),
        Value::Code(_) => t.code.clone(),
        Value::Cell(_) => t.cell.clone(),
        Value::Module(_) => t.module.clone(),
        Value::Type(c) => c.metaclass().unwrap_or_else(|| t.type_.clone()),
        Value::Iter(it) => {
            let name = it.state.borrow().type_name();
            t.iterator_type(name)
        }
        Value::Exception(e) => e.class.clone(),
        Value::Instance(i) => i.class.borrow().clone(),
        Value::Native(n) => n.class(),
    }
}

/// `type(v).__name__`, as error messages quote it.
pub fn type_name(v: &Value) -> String {
    match v {
        Value::Null | Value::None => "NoneType".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) | Value::BigInt(_) => "int".into(),
        Value::Float(_) => "float".into(),
        Value::Str(_) => "str".into(),
        Value::Tuple(_) => "tuple".into(),
        Value::List(_) => "list".into(),
        Value::Dict(_) => "dict".into(),
        _ => type_of(v).name.clone(),
    }
}
