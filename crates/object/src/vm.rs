//! [`Vm`]: the interpreter state that every operation can reach — builtins, modules,
//! output streams, the recursion counter, the exception being handled — and the hooks
//! through which the eval crate lets Rust code call back into Python code.

use std::cell::RefCell;
use std::io::{BufRead, Write};
use std::rc::Rc;

use crate::dict::PyDict;
use crate::exception::{system_error, PyException, PyResult};
use crate::function::PyFunction;
use crate::value::Value;

/// Where an output stream's bytes go.
#[derive(Debug, Clone)]
pub enum Sink {
    /// The process's stdout.
    Stdout,
    /// The process's stderr.
    Stderr,
    /// An in-memory buffer (for embedding and tests).
    Capture(Rc<RefCell<Vec<u8>>>),
}

/// A buffered output stream (`sys.stdout` / `sys.stderr`).
#[derive(Debug)]
pub struct Output {
    buf: Vec<u8>,
    sink: Sink,
    /// Flush after every write (stderr) rather than when the buffer fills.
    unbuffered: bool,
}

impl Output {
    /// A stream writing to `sink`.
    pub fn new(sink: Sink, unbuffered: bool) -> Output {
        Output {
            buf: Vec::with_capacity(8192),
            sink,
            unbuffered,
        }
    }

    /// Writes text.
    #[inline]
    pub fn write_str(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
        if self.unbuffered || self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }

    /// Writes raw bytes (`sys.stdout.buffer.write`).
    pub fn write_bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        if self.unbuffered || self.buf.len() >= 1 << 16 {
            self.flush();
        }
    }

    /// Sends buffered bytes to the sink. Errors (a closed pipe) are ignored, as CPython
    /// ignores them until exit.
    pub fn flush(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        match &self.sink {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&self.buf);
                let _ = out.flush();
            }
            Sink::Stderr => {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(&self.buf);
                let _ = err.flush();
            }
            Sink::Capture(buf) => buf.borrow_mut().extend_from_slice(&self.buf),
        }
        self.buf.clear();
    }
}

/// Calls a Python function: installed by the eval crate.
pub type CallFunctionHook =
    fn(&mut Vm, &Rc<PyFunction>, args: &[Value], kwnames: &[Value]) -> PyResult<Value>;

/// Imports a module: `(vm, name, fromlist, level, importer globals)`; installed by the
/// embedder (the eval crate's import system).
pub type ImportHook = fn(&mut Vm, &str, &Value, i64, &Rc<PyDict>) -> PyResult<Value>;

fn no_eval_loop(_: &mut Vm, _: &Rc<PyFunction>, _: &[Value], _: &[Value]) -> PyResult<Value> {
    Err(system_error("no eval loop is installed in this Vm"))
}

fn no_import(_: &mut Vm, name: &str, _: &Value, _: i64, _: &Rc<PyDict>) -> PyResult<Value> {
    Err(PyException::with_message(
        "ModuleNotFoundError",
        format!("No module named '{name}'"),
    ))
}

/// The hooks the eval crate installs.
#[derive(Clone, Copy, Debug)]
pub struct Hooks {
    /// Runs a Python function.
    pub call_function: CallFunctionHook,
    /// Imports a module.
    pub import: ImportHook,
    /// `a | b` where an operand is a class: builds a `types.UnionType` (`int | str`), or
    /// `None` when the operands cannot form one. Installed by the builtins crate.
    pub type_union: TypeUnionHook,
}

/// See [`Hooks::type_union`].
pub type TypeUnionHook = fn(&mut Vm, &Value, &Value) -> PyResult<Option<Value>>;

fn no_type_union(_: &mut Vm, _: &Value, _: &Value) -> PyResult<Option<Value>> {
    Ok(None)
}

/// CPython's default recursion limit.
pub const DEFAULT_RECURSION_LIMIT: u32 = 1000;

/// The interpreter state.
pub struct Vm {
    /// The `builtins` module's namespace.
    pub builtins: Rc<PyDict>,
    /// `sys.modules`.
    pub modules: Rc<PyDict>,
    /// `sys.stdout`.
    pub stdout: Output,
    /// `sys.stderr`.
    pub stderr: Output,
    /// `sys.stdin`.
    pub stdin: Box<dyn BufRead>,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// `sys.path`.
    pub path: Vec<String>,
    /// Current nesting of Python calls and recursive native operations.
    pub depth: u32,
    /// `sys.getrecursionlimit()`.
    pub recursion_limit: u32,
    /// Address of a local near the bottom of the interpreter thread's stack, and how many
    /// bytes below it Python-level recursion may use (0: unchecked). Calls that recurse in
    /// Rust (`__init__` from a class call, key functions, ...) raise RecursionError before
    /// the thread's stack runs out, even with `sys.setrecursionlimit(10**6)`.
    pub stack_guard: (usize, usize),
    /// The exception currently being handled (`sys.exc_info()[1]`), or `None`.
    pub handled_exception: Value,
    /// Hooks into the eval loop.
    pub hooks: Hooks,
    /// Containers whose repr is being computed (to print `[...]` for self-references).
    pub repr_guard: Vec<usize>,
    /// Recycled vectors for frames' locals and stacks (calls reuse memory).
    pub value_pool: Vec<Vec<Value>>,
    /// Whether the eval loop must report each instruction (`--trace` / `--stats`).
    pub tracing: bool,
}

impl std::fmt::Debug for Vm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vm").field("depth", &self.depth).finish()
    }
}

impl Vm {
    /// A Vm with empty builtins, writing to the process's stdout/stderr.
    pub fn new() -> Vm {
        Vm {
            builtins: Rc::new(PyDict::new()),
            modules: Rc::new(PyDict::new()),
            stdout: Output::new(Sink::Stdout, false),
            stderr: Output::new(Sink::Stderr, true),
            stdin: Box::new(std::io::BufReader::new(std::io::stdin())),
            argv: Vec::new(),
            path: Vec::new(),
            depth: 0,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            stack_guard: (0, 0),
            handled_exception: Value::None,
            hooks: Hooks {
                call_function: no_eval_loop,
                import: no_import,
                type_union: no_type_union,
            },
            repr_guard: Vec::new(),
            value_pool: Vec::new(),
            tracing: false,
        }
    }

    /// Whether this thread has used up the stack budget set in [`Vm::stack_guard`].
    #[inline]
    pub fn stack_exhausted(&self) -> bool {
        let (base, budget) = self.stack_guard;
        let here = 0u8;
        let sp = std::ptr::addr_of!(here) as usize;
        budget != 0 && base.abs_diff(sp) > budget
    }

    /// Enters one level of recursion, raising RecursionError past the limit.
    #[inline]
    pub fn enter(&mut self, what: &str) -> PyResult<()> {
        if self.depth >= self.recursion_limit || self.stack_exhausted() {
            return Err(PyException::with_message(
                "RecursionError",
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Enters one level of recursion for a Python call that the dispatch loop runs in place
    /// (no Rust stack is used, so only the recursion limit is checked).
    #[inline(always)]
    pub fn enter_inline(&mut self) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            return Err(PyException::with_message(
                "RecursionError",
                "maximum recursion depth exceeded".to_string(),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves one level of recursion.
    #[inline]
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Flushes both output streams.
    pub fn flush(&mut self) {
        self.stdout.flush();
        self.stderr.flush();
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}
