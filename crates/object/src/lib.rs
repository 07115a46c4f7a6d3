//! # rpvm-object
//!
//! rpvm's object model: the [`Value`] representation, the built-in types and their
//! methods, and the protocols (compare, hash, repr, arithmetic, iteration, attributes,
//! subscripts, calls) that the eval loop and the builtins are written against.
//!
//! Where to look:
//! - a value's layout: [`value`] and the module named after the type ([`str`], [`list`],
//!   [`dict`], [`set`], [`tuple`], [`function`], [`exception`], ...);
//! - a built-in type's methods: [`methods`] (`methods::str`, `methods::list`, ...);
//! - an operator: [`protocols`] (`protocols::arith`, `protocols::compare`, ...);
//! - number formatting: [`format`];
//! - CPython-exact hashing and set order: [`hash`] and [`settable`].

pub mod descriptors;
pub mod dict;
pub mod exception;
pub mod exception_group;
pub mod format;
pub mod function;
pub mod hash;
pub mod instance;
pub mod iter;
pub mod list;
pub mod methods;
pub mod misc;
pub mod module;
pub mod native;
pub mod protocols;
pub mod set;
pub mod settable;
pub mod str;
pub mod subclass;
pub mod tuple;
pub mod typeobj;
pub mod value;
pub mod vm;

pub use exception::{PyErr, PyException, PyResult};
pub use value::Value;
pub use vm::Vm;
