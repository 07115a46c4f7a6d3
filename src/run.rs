//! `rpvm run`: load a `.pyc`, execute it as `__main__`, and turn the outcome into an exit
//! status exactly as `python3 FILE.pyc` does (SystemExit rules, traceback on stderr, 1 on
//! an uncaught exception).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::vm::{Output, Sink};
use rpvm_object::{Value, Vm};

/// Options of `rpvm run`, filled in by the command line.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The `.pyc` to run.
    pub file: PathBuf,
    /// Arguments after the file: `sys.argv[1:]`.
    pub args: Vec<String>,
    /// Print each executed instruction and the value stack to stderr.
    pub trace: bool,
    /// Print instruction counts and timing to stderr after the run.
    pub stats: bool,
}

/// How a program ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It finished, or called `sys.exit` with this status.
    Exited(i32),
    /// An exception escaped; `traceback` is what was printed to stderr.
    Uncaught {
        /// The exception's type name.
        type_name: String,
        /// The full traceback text.
        traceback: String,
    },
    /// The file could not be loaded (not a .pyc, wrong version, bad marshal data...).
    LoadError(String),
}

impl Outcome {
    /// The process exit status `python3` would use.
    pub fn exit_status(&self) -> i32 {
        match self {
            Outcome::Exited(code) => *code,
            Outcome::Uncaught { .. } => 1,
            Outcome::LoadError(_) => 1,
        }
    }
}

/// Stack size of the interpreter thread. Python recursion is bounded by the recursion limit;
/// this leaves ample room for 1000 nested Python calls in a debug build.
pub const INTERPRETER_STACK_BYTES: usize = 1 << 30;

/// Runs a program as `python3 FILE [ARGS]` would and returns the process exit status.
pub fn run_main(opts: &RunOptions) -> i32 {
    let data = match std::fs::read(&opts.file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("rpvm: {}: {}", opts.file.display(), io_message(&e));
            return 1;
        }
    };
    let file_name = opts.file.display().to_string();
    let opts = opts.clone();
    let handle = std::thread::Builder::new()
        .name("rpvm".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let mut interp = Interpreter::new(&opts.file, &opts.args, None);
            guard_stack(&mut interp.vm, INTERPRETER_STACK_BYTES);
            interp.trace = opts.trace;
            interp.stats = opts.stats;
            let outcome = interp.run_pyc(&data);
            if let Outcome::LoadError(msg) = &outcome {
                eprintln!("rpvm: {}: {}", opts.file.display(), msg);
            }
            outcome.exit_status()
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(status)) => status,
        _ => {
            eprintln!("rpvm: internal error while running {file_name}");
            70
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
        _ => e.to_string(),
    }
}

/// Captured output of an embedded run.
#[derive(Clone, Debug, Default)]
pub struct Captured {
    /// Everything written to `sys.stdout`.
    pub stdout: Rc<RefCell<Vec<u8>>>,
    /// Everything written to `sys.stderr`.
    pub stderr: Rc<RefCell<Vec<u8>>>,
}

/// Stack kept free below the Python recursion budget for the native work one level may do
/// (formatting, sorting, a deep repr) before it checks again.
const STACK_RESERVE_BYTES: usize = 64 << 20;

/// Records the current thread's stack position in `vm`, so that recursion raises
/// RecursionError before the `stack_bytes` of this thread run out. Call it at the top of the
/// thread that runs the interpreter.
pub fn guard_stack(vm: &mut Vm, stack_bytes: usize) {
    let here = 0u8;
    let base = std::ptr::addr_of!(here) as usize;
    vm.stack_guard = (base, stack_bytes.saturating_sub(STACK_RESERVE_BYTES));
}

/// CPython 3.11's standard-library directory, searched after the program's directory and
/// `RPVMPATH`: the `RPVM_STDLIB` environment variable if it is set (empty disables the
/// fallback), else the directory `python3` reported when rpvm was built (none if it had no
/// CPython 3.11).
pub fn stdlib_dir() -> Option<String> {
    let dir = match std::env::var_os("RPVM_STDLIB") {
        Some(v) => v.to_string_lossy().into_owned(),
        None => env!("RPVM_BUILD_STDLIB").to_string(),
    };
    (!dir.is_empty()).then_some(dir)
}

/// An interpreter ready to run one program: a [`Vm`] with the builtins, `sys` and the eval
/// loop installed.
pub struct Interpreter {
    /// The VM state.
    pub vm: Vm,
    /// The program path (`sys.argv[0]`, `__file__`).
    pub path: PathBuf,
    /// Trace every instruction to stderr.
    pub trace: bool,
    /// Print statistics after the run.
    pub stats: bool,
}

impl Interpreter {
    /// A fresh interpreter for the program at `path` with `args` as `sys.argv[1:]`. With
    /// `capture`, stdout and stderr go to its buffers instead of the process's.
    pub fn new(path: &Path, args: &[String], capture: Option<&Captured>) -> Interpreter {
        let mut vm = Vm::new();
        if let Some(c) = capture {
            vm.stdout = Output::new(Sink::Capture(c.stdout.clone()), false);
            vm.stderr = Output::new(Sink::Capture(c.stderr.clone()), false);
        }
        vm.argv = std::iter::once(path.display().to_string())
            .chain(args.iter().cloned())
            .collect();
        let dir = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        vm.path = vec![if dir.is_empty() { ".".into() } else { dir }];
        // RPVMPATH works like PYTHONPATH: extra directories searched after the program's own.
        if let Some(extra) = std::env::var_os("RPVMPATH") {
            vm.path.extend(
                std::env::split_paths(&extra)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| p.display().to_string()),
            );
        }
        // Last, CPython's standard library, for the modules rpvm does not implement natively
        // (their compiled caches in its `__pycache__`).
        if let Some(dir) = stdlib_dir() {
            vm.path.push(dir);
        }
        rpvm_builtins::install(&mut vm);
        rpvm_eval::install(&mut vm);
        vm.hooks.import = crate::import::import_module;
        Interpreter {
            vm,
            path: path.to_path_buf(),
            trace: false,
            stats: false,
        }
    }

    /// Loads and runs a `.pyc` image as `__main__`.
    pub fn run_pyc(&mut self, data: &[u8]) -> Outcome {
        let pyc = match rpvm_loader::load_pyc(data) {
            Ok(p) => p,
            Err(e) => return Outcome::LoadError(e.to_string()),
        };
        rpvm_eval::trace::configure(&mut self.vm, self.trace, self.stats);
        let started = Instant::now();
        let result = self.run_code(&pyc.code);
        let outcome = self.finish(result);
        rpvm_builtins::thread_mod::run_atexit(&mut self.vm);
        if self.stats {
            let report = crate::stats::report(started.elapsed());
            self.vm.stderr.write_str(&report);
        }
        self.vm.flush();
        outcome
    }

    fn run_code(&mut self, code: &Rc<rpvm_loader::CodeObject>) -> PyResult<Value> {
        let vm = &mut self.vm;
        let code = rpvm_eval::code::make_code(vm, code)?;
        let globals = Rc::new(PyDict::new());
        globals.set_str("__name__", Value::str("__main__"));
        globals.set_str("__doc__", Value::None);
        globals.set_str("__package__", Value::None);
        globals.set_str("__loader__", Value::None);
        globals.set_str("__spec__", Value::None);
        globals.set_str("__file__", Value::string(self.path.display().to_string()));
        globals.set_str("__cached__", Value::None);
        globals.set_str(
            "__builtins__",
            Value::Module(Rc::new(PyModule {
                name: "builtins".into(),
                dict: vm.builtins.clone(),
            })),
        );
        let main = Value::Module(Rc::new(PyModule {
            name: "__main__".into(),
            dict: globals.clone(),
        }));
        vm.modules.set_str("__main__", main);
        rpvm_eval::eval::run_module_code(vm, code, globals)
    }

    /// Turns the result of the module into an outcome, printing tracebacks as CPython does.
    fn finish(&mut self, result: PyResult<Value>) -> Outcome {
        match result {
            Ok(_) => Outcome::Exited(0),
            Err(e) => self.handle_uncaught(e),
        }
    }

    fn handle_uncaught(&mut self, e: Rc<PyException>) -> Outcome {
        let vm = &mut self.vm;
        if e.is_instance_of("SystemExit") {
            let code = rpvm_object::methods::get_property(vm, &Value::Exception(e.clone()), "code")
                .ok()
                .flatten()
                .unwrap_or(Value::None);
            return Outcome::Exited(match code {
                Value::None => 0,
                Value::Int(i) => i as i32,
                Value::Bool(b) => b as i32,
                other => {
                    vm.stdout.flush();
                    let text = rpvm_object::protocols::repr::str_(vm, &other).unwrap_or_default();
                    vm.stderr.write_str(&text);
                    vm.stderr.write_str("\n");
                    1
                }
            });
        }
        vm.stdout.flush();
        let text = rpvm_eval::traceback::format_exception(vm, &e);
        vm.stderr.write_str(&text);
        Outcome::Uncaught {
            type_name: e.type_name().to_string(),
            traceback: text,
        }
    }
}

/// The result of [`run_pyc_bytes`]: how the program ended and what it wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// Exit status, uncaught exception (with its traceback text) or load error.
    pub outcome: Outcome,
    /// Everything the program wrote to `sys.stdout`.
    pub stdout: Vec<u8>,
    /// Everything the program wrote to `sys.stderr` (tracebacks included).
    pub stderr: Vec<u8>,
}

/// Runs a `.pyc` image with `argv` (`argv[0]` is the program path as `sys.argv[0]`),
/// capturing its output instead of writing to the process's streams. The interpreter runs on
/// its own thread with [`INTERPRETER_STACK_BYTES`] of stack, so any caller thread will do.
pub fn run_pyc_bytes(pyc: &[u8], argv: &[String]) -> RunResult {
    let pyc = pyc.to_vec();
    let argv = argv.to_vec();
    let spawned = std::thread::Builder::new()
        .name("rpvm".into())
        .stack_size(INTERPRETER_STACK_BYTES)
        .spawn(move || {
            let path = PathBuf::from(argv.first().cloned().unwrap_or_else(|| "<pyc>".into()));
            let args = argv.get(1..).unwrap_or(&[]).to_vec();
            let captured = Captured::default();
            let mut interp = Interpreter::new(&path, &args, Some(&captured));
            guard_stack(&mut interp.vm, INTERPRETER_STACK_BYTES);
            let outcome = interp.run_pyc(&pyc);
            drop(interp);
            let stdout = captured.stdout.borrow().clone();
            let stderr = captured.stderr.borrow().clone();
            RunResult {
                outcome,
                stdout,
                stderr,
            }
        });
    match spawned.map(|h| h.join()) {
        Ok(Ok(result)) => result,
        _ => RunResult {
            outcome: Outcome::LoadError("internal error: the interpreter thread failed".into()),
            stdout: Vec::new(),
            stderr: Vec::new(),
        },
    }
}
