//! # rpvm-builtins
//!
//! The `builtins` namespace and the `sys` module.
//!
//! The embedder (the `rpvm` binary, tests) calls, once per [`Vm`]:
//! - [`install`] to fill `vm.builtins` with the built-in types, exception classes,
//!   constants and functions;
//! - [`install_percent_format`] to make `str % args` work (a per-thread hook);
//! - [`make_sys`] to create the `sys` module (also registered in `vm.modules`);
//! - [`make_math`] to create the `math` module (likewise).
//!
//! Not installed here: `__build_class__`, `globals`, `locals` (they need the eval loop's
//! frames). `vars()` and `dir()` without arguments call the `locals` builtin once it is
//! installed.
//!
//! Modules: [`io`] (`print`, `input`, std streams), [`numeric`], [`iterators`],
//! [`introspection`], [`percent`] (`str % args`), [`sys`]. `format()` uses the object
//! crate's `protocols::format::format_value`.

#![warn(missing_docs)]

pub mod abc;
pub mod args;
pub mod array;
pub mod asyncio;
pub mod binascii;
pub mod bisect;
pub mod bytes_percent;
pub mod collections;
pub mod collections_abc;
pub mod copy;
pub mod dataclasses;
mod dir_tables;
pub mod enum_mod;
pub mod fileio;
pub mod functools;
pub mod gc;
pub mod heapq;
pub mod introspection;
pub mod io;
pub mod iterators;
pub mod itertools;
pub mod json;
pub mod keyword;
pub mod math;
pub mod memoryview;
pub mod numeric;
pub mod operator;
pub mod os_mod;
pub mod percent;
pub mod random;
pub mod re_mod;
pub mod shims;
pub mod stdlib_support;
pub mod string;
pub mod stringio;
pub mod struct_mod;
pub mod structseq;
pub mod sys;
pub mod thread_mod;
pub mod time;
pub mod types_mod;
pub mod typing;
pub mod user_collections;
pub mod weakref;

#[cfg(test)]
mod tests;

use std::rc::Rc;

use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::typeobj::{builtin_types, EXCEPTION_HIERARCHY};
use rpvm_object::{Value, Vm};

pub use abc::make_abc;
pub use array::make_array;
pub use asyncio::make_asyncio;
pub use bisect::make_bisect;
pub use collections::make_collections;
pub use collections_abc::make_collections_abc;
pub use copy::make_copy;
pub use dataclasses::make_dataclasses;
pub use enum_mod::make_enum;
pub use functools::make_functools;
pub use gc::make_gc;
pub use heapq::make_heapq;
pub use itertools::make_itertools;
pub use json::{make_json, make_json_submodule};
pub use keyword::make_keyword;
pub use math::make_math;
pub use operator::make_operator;
pub use os_mod::{make_os, make_os_path};
pub use random::make_random;
pub use re_mod::make_re;
pub use string::make_string;
pub use stringio::make_io;
pub use struct_mod::make_struct;
pub use sys::make_sys;
pub use time::make_time;
pub use types_mod::make_types;
pub use typing::make_typing;
pub use weakref::make_weakref;

/// A built-in function value named `name`.
pub fn builtin_fn(name: &'static str, func: NativeFn) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: None,
        owner: None,
    }))
}

/// A module's own exception class `module.error` (a subclass of `Exception`), made on
/// first use and kept in `slot` (a thread-local of the module) afterwards.
pub(crate) fn module_error_class(
    vm: &mut Vm,
    slot: &'static std::thread::LocalKey<
        std::cell::RefCell<Option<Rc<rpvm_object::typeobj::PyType>>>,
    >,
    module: &str,
) -> Option<Rc<rpvm_object::typeobj::PyType>> {
    if let Some(c) = slot.with(|e| e.borrow().clone()) {
        return Some(c);
    }
    let base = builtin_types().exception("Exception")?;
    let ns = Rc::new(rpvm_object::dict::PyDict::new());
    ns.set_str("__module__", Value::str(module));
    match rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::str("error"),
            Value::tuple(vec![Value::Type(base)]),
            Value::Dict(ns),
        ],
        &[],
    ) {
        Ok(Value::Type(t)) => {
            slot.with(|e| *e.borrow_mut() = Some(t.clone()));
            Some(t)
        }
        _ => None,
    }
}

/// The functions of the builtins namespace.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", io::print),
    ("input", io::input),
    ("open", fileio::open),
    ("len", iterators::len),
    ("iter", iterators::iter),
    ("next", iterators::next),
    ("enumerate", iterators::enumerate),
    ("zip", iterators::zip),
    ("map", iterators::map),
    ("filter", iterators::filter),
    ("reversed", iterators::reversed),
    ("sorted", iterators::sorted),
    ("all", iterators::all),
    ("any", iterators::any),
    ("abs", numeric::abs),
    ("round", numeric::round),
    ("divmod", numeric::divmod),
    ("pow", numeric::pow),
    ("sum", numeric::sum),
    ("min", numeric::min),
    ("max", numeric::max),
    ("hex", numeric::hex),
    ("oct", numeric::oct),
    ("bin", numeric::bin),
    ("chr", numeric::chr),
    ("ord", numeric::ord),
    ("hash", numeric::hash),
    ("id", numeric::id),
    ("isinstance", introspection::isinstance),
    ("issubclass", introspection::issubclass),
    ("getattr", introspection::getattr),
    ("setattr", introspection::setattr),
    ("hasattr", introspection::hasattr),
    ("delattr", introspection::delattr),
    ("callable", introspection::callable),
    ("repr", introspection::repr),
    ("ascii", introspection::ascii),
    ("format", introspection::format),
    ("vars", introspection::vars),
    ("dir", introspection::dir),
    ("__import__", introspection::import),
    ("memoryview", memoryview::memoryview),
];

/// Fills `vm.builtins` with the built-in types (`int`, `str`, ..., `object`, `type`), every
/// built-in exception class (plus the `EnvironmentError` / `IOError` aliases of `OSError`),
/// `NotImplemented`, `Ellipsis`, `__name__`, and the functions in [`FUNCTIONS`]; also calls
/// [`install_percent_format`]; registers the `builtins` module in `sys.modules`.
pub fn install(vm: &mut Vm) {
    install_percent_format();
    vm.hooks.type_union = types_mod::type_union;
    let b = vm.builtins.clone();
    b.set_str("__name__", Value::str("builtins"));
    b.set_str("__doc__", Value::None);
    b.set_str("None", Value::None);
    b.set_str("NotImplemented", Value::NotImplemented);
    b.set_str("Ellipsis", Value::Ellipsis);
    b.set_str("True", Value::Bool(true));
    b.set_str("False", Value::Bool(false));
    b.set_str("__debug__", Value::Bool(true));
    let t = builtin_types();
    let types = [
        &t.object,
        &t.type_,
        &t.int,
        &t.bool_,
        &t.float,
        &t.complex,
        &t.str_,
        &t.bytes,
        &t.bytearray,
        &t.tuple,
        &t.list,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.range,
        &t.slice,
    ];
    for ty in types {
        b.set_str(&ty.name, Value::Type(ty.clone()));
    }
    for ((name, _), ty) in EXCEPTION_HIERARCHY.iter().zip(&t.exceptions) {
        b.set_str(name, Value::Type(ty.clone()));
    }
    if let Some(os_error) = t.exception("OSError") {
        b.set_str("EnvironmentError", Value::Type(os_error.clone()));
        b.set_str("IOError", Value::Type(os_error));
    }
    for (name, func) in FUNCTIONS {
        b.set_str(name, builtin_fn(name, *func));
    }
    // `import builtins` finds it in sys.modules, as in CPython, where it is there from the
    // start; the module's dict is the builtins namespace itself.
    let module = Value::Module(Rc::new(rpvm_object::module::PyModule {
        name: "builtins".to_string(),
        dict: b,
    }));
    vm.modules.set_str("builtins", module);
}

/// Installs the builtins crate's implementation of `str % args` (printf-style formatting)
/// as the object crate's per-thread percent-format hook.
pub fn install_percent_format() {
    rpvm_object::protocols::arith::set_percent_format_hook(percent::percent_format);
    bytes_percent::install();
}
