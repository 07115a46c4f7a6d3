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

pub mod anchors;
pub mod build_class;
pub mod call;
pub mod code;
pub mod eval;
pub mod frame;
pub mod generator;
pub mod ops;
pub mod trace;
pub mod traceback;

use std::rc::Rc;

use rpvm_object::function::BuiltinFunction;
use rpvm_object::{Value, Vm};

/// Installs the eval loop into `vm` (so Rust code can call Python functions) and adds the
/// builtins that need it (`__build_class__`).
pub fn install(vm: &mut Vm) {
    vm.hooks.call_function = call::call_function;
    vm.builtins.set_str(
        "__build_class__",
        Value::Builtin(Rc::new(BuiltinFunction {
            name: "__build_class__",
            func: build_class::build_class,
            bound_self: None,
            owner: None,
        })),
    );
}
