//! # rpvm-eval
//!
//! Frames and the eval loop over decoded CPython 3.11 wordcode.
//!
//! - [`eval`]: the dispatch loop — one `match` arm per opcode, exception-table unwinding;
//! - [`ops`]: the bigger instruction bodies (calls with `*`/`**`, MAKE_FUNCTION, unpacking,
//!   f-strings, imports, `with`, `except*`, pattern matching);
//! - [`call`]: argument binding and Python-to-Python calls;
//! - [`frame`]: frames and the recycled locals/stack memory;
//! - [`generator`]: generators and coroutines;
//! - [`build_class`]: `class` statements;
//! - [`traceback`]: printing uncaught exceptions as CPython does;
//! - [`trace`]: `--trace` and `--stats`;
//! - [`code`]: converting loaded code objects to runnable ones.

#[macro_use]
mod macros;

pub mod anchors;
pub mod build_class;
pub mod call;
pub mod code;
pub mod eval;
pub mod frame;
pub mod frame_builtins;
pub mod generator;
pub mod ops;
pub mod rare_ops;
pub mod superobj;
pub mod trace;
pub mod traceback;

use std::rc::Rc;

use rpvm_object::function::BuiltinFunction;
use rpvm_object::{Value, Vm};

/// Installs the eval loop into `vm` (so Rust code can call Python functions) and adds the
/// builtins that need it (`__build_class__`).
pub fn install(vm: &mut Vm) {
    vm.hooks.call_function = call::call_function;
    frame_builtins::install(vm);
    let natives: [(&'static str, rpvm_object::function::NativeFn); 5] = [
        ("__build_class__", build_class::build_class),
        ("super", superobj::super_new),
        ("property", rpvm_object::descriptors::property_new),
        ("classmethod", rpvm_object::descriptors::classmethod_new),
        ("staticmethod", rpvm_object::descriptors::staticmethod_new),
    ];
    for (name, func) in natives {
        vm.builtins.set_str(
            name,
            Value::Builtin(Rc::new(BuiltinFunction {
                name,
                func,
                bound_self: None,
                owner: None,
            })),
        );
    }
}
