//! Generators and coroutines: a suspended [`Frame`] kept on the heap and resumed in place
//! (never copied) by `next()`, `send()`, `throw()` and `close()`.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rpvm_object::exception::{
    runtime_error, type_error, value_error, PyErr, PyException, PyResult,
};
use rpvm_object::function::{BuiltinFunction, NativeFn, PyFunction};
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::repr::{addr, str_};
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::eval::{run_frame, FrameResult};
use crate::frame::Frame;

mod asyncgen;

/// Which kind of object a generator-like function creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenKind {
    /// `def f(): yield`.
    Generator,
    /// `async def f()`.
    Coroutine,
    /// `async def f(): yield`.
    AsyncGenerator,
}

impl GenKind {
    fn name(self) -> &'static str {
        match self {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
            GenKind::AsyncGenerator => "async_generator",
        }
    }
}

/// A generator or coroutine object.
#[derive(Debug)]
pub struct Generator {
    /// The suspended frame; `None` once finished.
    pub frame: RefCell<Option<Frame>>,
    /// Whether the frame is executing now.
    pub running: Cell<bool>,
    /// Whether it has been resumed at least once.
    pub started: Cell<bool>,
    /// `__name__`.
    pub name: String,
    /// `__qualname__`.
    pub qualname: String,
    /// Generator, coroutine or async generator.
    pub kind: GenKind,
    /// Async generators: `ag_closed` (set once it finished or was closed by `aclose()`).
    pub ag_closed: Cell<bool>,
    /// Async generators: an `asend()`/`athrow()` awaitable is driving it now.
    pub ag_running_async: Cell<bool>,
    /// `gi_code` (kept after the frame is gone).
    pub code: Rc<rpvm_object::function::PyCode>,
}

/// What resuming a generator produced.
pub enum SendResult {
    /// It yielded this value and is suspended again.
    Yielded(Value),
    /// It returned this value and is finished.
    Returned(Value),
}

/// Takes an exception queued by `throw()` for the frame being resumed.
pub fn take_thrown(frame: &mut Frame) -> Option<(PyErr, bool)> {
    frame.thrown.take().map(|e| (e, false))
}

/// Called by `call_function` for generator code: runs the prologue up to RETURN_GENERATOR
/// and wraps the frame.
pub fn make_generator(vm: &mut Vm, func: &Rc<PyFunction>, mut frame: Frame) -> PyResult<Value> {
    let flags = func.code.code.flags;
    let kind = if flags & rpvm_loader::code::CO_COROUTINE != 0 {
        GenKind::Coroutine
    } else if flags & rpvm_loader::code::CO_ASYNC_GENERATOR != 0 {
        GenKind::AsyncGenerator
    } else {
        GenKind::Generator
    };
    match run_frame(vm, &mut frame)? {
        FrameResult::Yield(_) => {}
        FrameResult::Return(v) => return Ok(v),
    }
    let name = str_(vm, &func.name.borrow().clone())?;
    let qualname = str_(vm, &func.qualname.borrow().clone())?;
    let code = frame.code.clone();
    Ok(Value::Native(NativeRef::new(Generator {
        code,
        frame: RefCell::new(Some(frame)),
        running: Cell::new(false),
        started: Cell::new(false),
        name,
        qualname,
        kind,
        ag_closed: Cell::new(false),
        ag_running_async: Cell::new(false),
    })))
}

/// The generator behind a value, if it is one.
pub fn as_generator(v: &Value) -> Option<&Generator> {
    match v {
        Value::Native(n) => n.as_any().downcast_ref::<Generator>(),
        _ => None,
    }
}

/// Whether `v` is a generator or coroutine (GET_YIELD_FROM_ITER keeps those as they are).
pub fn is_generator(v: &Value) -> bool {
    as_generator(v).is_some()
}

impl Generator {
    /// The sub-iterator this generator is delegating to (suspended inside `yield from` or
    /// `await`: the next instruction is RESUME 2/3 and the delegate is on top of the stack).
    fn delegate(&self) -> Option<(Value, usize)> {
        let f = self.frame.borrow();
        let frame = f.as_ref()?;
        let code = &frame.code.code;
        let resume = code.instructions.get(frame.resume_at)?;
        if resume.op != rpvm_loader::Opcode::RESUME || resume.arg < 2 || frame.resume_at < 2 {
            return None;
        }
        let send = code.instructions.get(frame.resume_at - 2)?;
        if send.op != rpvm_loader::Opcode::SEND {
            return None;
        }
        Some((frame.stack.last()?.clone(), send.arg as usize))
    }

    /// Pops the finished delegate and moves the resume point to SEND's exit.
    fn end_delegation(&self, send_target: usize) {
        if let Some(frame) = self.frame.borrow_mut().as_mut() {
            frame.stack.pop();
            frame.resume_at = send_target;
        }
    }

    /// `throw()`: raises `e` at the yield point, first inside the delegate of a `yield from`.
    pub fn throw(&self, vm: &mut Vm, e: PyErr) -> PyResult<SendResult> {
        if self.running.get() {
            return Err(value_error(format!(
                "{} already executing",
                self.kind.name()
            )));
        }
        let Some((sub, send_target)) = self.delegate() else {
            return self.resume(vm, Value::None, Some(e));
        };
        if e.is_instance_of("GeneratorExit") {
            if let Some(g) = as_generator(&sub) {
                if let Err(err) = g.close(vm) {
                    self.end_delegation(send_target);
                    return self.resume(vm, Value::None, Some(err));
                }
            }
            return self.resume(vm, Value::None, Some(e));
        }
        self.running.set(true);
        let result = match as_generator(&sub) {
            Some(g) => g.throw(vm, e.clone()),
            None => match rpvm_object::protocols::attr::get_attr(vm, &sub, "throw") {
                Ok(m) => match call(vm, &m, &[Value::Exception(e.clone())], &[]) {
                    Ok(v) => Ok(SendResult::Yielded(v)),
                    Err(err) if err.is_instance_of("StopIteration") => Ok(SendResult::Returned(
                        err.args().first().cloned().unwrap_or(Value::None),
                    )),
                    Err(err) => Err(err),
                },
                Err(_) => {
                    self.running.set(false);
                    return self.resume(vm, Value::None, Some(e));
                }
            },
        };
        self.running.set(false);
        match result {
            Ok(SendResult::Yielded(v)) => Ok(SendResult::Yielded(v)),
            Ok(SendResult::Returned(v)) => {
                self.end_delegation(send_target);
                self.resume(vm, v, None)
            }
            Err(err) => {
                self.end_delegation(send_target);
                self.resume(vm, Value::None, Some(err))
            }
        }
    }

    /// Resumes the frame with `value` sent in, or with `thrown` raised at the yield point.
    pub fn resume(&self, vm: &mut Vm, value: Value, thrown: Option<PyErr>) -> PyResult<SendResult> {
        if self.running.get() {
            return Err(value_error(format!(
                "{} already executing",
                self.kind.name()
            )));
        }
        let taken = self.frame.borrow_mut().take();
        let Some(mut frame) = taken else {
            if let Some(e) = thrown {
                return Err(e);
            }
            if self.kind == GenKind::Coroutine {
                return Err(runtime_error("cannot reuse already awaited coroutine"));
            }
            return Ok(SendResult::Returned(Value::None));
        };
        if !self.started.get() && thrown.is_none() && !value.is_none() {
            *self.frame.borrow_mut() = Some(frame);
            return Err(type_error(format!(
                "can't send non-None value to a just-started {}",
                self.kind.name()
            )));
        }
        self.started.set(true);
        match thrown {
            Some(e) => frame.thrown = Some(e),
            None => frame.stack.push(value),
        }
        self.running.set(true);
        let entered = vm.enter("");
        let result = match entered {
            Ok(()) => {
                let r = run_frame(vm, &mut frame);
                vm.leave();
                r
            }
            Err(e) => Err(e),
        };
        self.running.set(false);
        match result {
            Ok(FrameResult::Yield(v)) => {
                *self.frame.borrow_mut() = Some(frame);
                Ok(SendResult::Yielded(v))
            }
            Ok(FrameResult::Return(v)) => {
                frame.recycle(vm);
                Ok(SendResult::Returned(v))
            }
            Err(e) => {
                frame.recycle(vm);
                if self.kind == GenKind::AsyncGenerator && e.is_instance_of("StopAsyncIteration") {
                    let r = runtime_error("async generator raised StopAsyncIteration");
                    *r.cause.borrow_mut() = Value::Exception(e.clone());
                    *r.context.borrow_mut() = Value::Exception(e);
                    r.suppress_context.set(true);
                    return Err(r);
                }
                if e.is_instance_of("StopIteration") {
                    let what = match self.kind {
                        GenKind::Generator => "generator",
                        GenKind::Coroutine => "coroutine",
                        GenKind::AsyncGenerator => "async generator",
                    };
                    let r = runtime_error(format!("{what} raised StopIteration"));
                    *r.cause.borrow_mut() = Value::Exception(e.clone());
                    *r.context.borrow_mut() = Value::Exception(e);
                    r.suppress_context.set(true);
                    return Err(r);
                }
                Err(e)
            }
        }
    }

    /// `close()`: raises GeneratorExit inside; it must not yield again.
    pub fn close(&self, vm: &mut Vm) -> PyResult<Value> {
        if self.frame.borrow().is_none() {
            return Ok(Value::None);
        }
        if !self.started.get() {
            if let Some(f) = self.frame.borrow_mut().take() {
                f.recycle(vm);
            }
            return Ok(Value::None);
        }
        let exit = PyException::new(
            rpvm_object::typeobj::exception_type("GeneratorExit"),
            vec![],
        );
        match self.resume(vm, Value::None, Some(exit)) {
            Ok(SendResult::Yielded(_)) => Err(runtime_error(format!(
                "{} ignored GeneratorExit",
                self.kind.name()
            ))),
            Ok(SendResult::Returned(_)) => Ok(Value::None),
            Err(e) if e.is_instance_of("GeneratorExit") || e.is_instance_of("StopIteration") => {
                Ok(Value::None)
            }
            Err(e) => Err(e),
        }
    }
}

fn returned_to_stop(r: SendResult) -> PyResult<Value> {
    match r {
        SendResult::Yielded(v) => Ok(v),
        SendResult::Returned(v) => Err(rpvm_object::exception::stop_iteration(if v.is_none() {
            None
        } else {
            Some(v)
        })),
    }
}

fn this(args: &[Value]) -> PyResult<&Generator> {
    args.first()
        .and_then(as_generator)
        .ok_or_else(|| type_error("descriptor requires a generator"))
}

fn gen_send(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let g = this(args)?;
    let v = args.get(1).cloned().unwrap_or(Value::None);
    returned_to_stop(g.resume(vm, v, None)?)
}

fn gen_next(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let g = this(args)?;
    returned_to_stop(g.resume(vm, Value::None, None)?)
}

fn gen_throw(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let g = this(args)?;
    let e = throw_args_to_exc(vm, &args[1..])?;
    returned_to_stop(g.throw(vm, e)?)
}

/// The exception `throw(typ[, val[, tb]])` raises.
pub(crate) fn throw_args_to_exc(vm: &mut Vm, args: &[Value]) -> PyResult<PyErr> {
    let exc = args.first().cloned().unwrap_or(Value::None);
    Ok(match exc {
        Value::Exception(e) => e,
        Value::Type(_) => {
            match call(vm, &exc, &args[1.min(args.len())..args.len().min(2)], &[])? {
                Value::Exception(e) => e,
                _ => return Err(type_error(
                    "exceptions must be classes or instances deriving from BaseException, not type",
                )),
            }
        }
        other => {
            return Err(type_error(format!(
                "exceptions must be classes or instances deriving from BaseException, not {}",
                rpvm_object::protocols::type_name(&other)
            )))
        }
    })
}

fn gen_close(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this(args)?.close(vm)
}

fn gen_iter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn bound(name: &'static str, func: NativeFn, self_value: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: None,
    }))
}

impl NativeObject for Generator {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type(self.kind.name())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<{} object {} at {:#x}>",
            self.kind.name(),
            self.qualname,
            self as *const _ as usize
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(Some(match name {
            "send" => bound("send", gen_send, self_value),
            "throw" => bound("throw", gen_throw, self_value),
            "close" => bound("close", gen_close, self_value),
            "__next__" if self.kind == GenKind::Generator => {
                bound("__next__", gen_next, self_value)
            }
            "__iter__" if self.kind == GenKind::Generator => {
                bound("__iter__", gen_iter, self_value)
            }
            "__await__" if self.kind == GenKind::Coroutine => {
                bound("__await__", gen_iter, self_value)
            }
            "__aiter__" | "__anext__" | "asend" | "athrow" | "aclose" | "ag_running"
                if self.kind == GenKind::AsyncGenerator =>
            {
                return Ok(asyncgen::gen_attr(self, self_value, name));
            }
            "__name__" => Value::str(&self.name),
            "__qualname__" => Value::str(&self.qualname),
            "gi_running" | "cr_running" => Value::Bool(self.running.get()),
            "gi_frame" | "cr_frame" | "ag_frame" => self.frame_snapshot(),
            "gi_code" | "cr_code" | "ag_code" => Value::Code(self.code.clone()),
            "gi_suspended" | "cr_suspended" => Value::Bool(
                self.started.get() && !self.running.get() && self.frame.borrow().is_some(),
            ),
            "gi_yieldfrom" | "cr_await" | "ag_await" => match self.delegate() {
                Some((d, _)) => d,
                None => Value::None,
            },
            _ => return Ok(None),
        }))
    }

    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        if self.kind != GenKind::Generator {
            return None;
        }
        Some(match self.resume(vm, Value::None, None) {
            Ok(SendResult::Yielded(v)) => Ok(Some(v)),
            Ok(SendResult::Returned(_)) => Ok(None),
            Err(e) => Err(e),
        })
    }
}

impl Generator {
    /// `gi_frame`: a read-only view of the suspended frame (its code, line, locals and
    /// globals at this moment), or `None` once the generator has finished.
    fn frame_snapshot(&self) -> Value {
        let f = self.frame.borrow();
        let Some(frame) = f.as_ref() else {
            return Value::None;
        };
        let code = &frame.code.code;
        let unit = if self.started.get() || frame.lasti > 0 {
            frame.lasti
        } else {
            0
        };
        let line = if self.started.get() {
            code.line_of_unit(unit).map(i64::from)
        } else {
            None
        }
        .unwrap_or(code.firstlineno() as i64);
        let locals = rpvm_object::dict::PyDict::new();
        for (name, v) in frame.code.localsplus_names.iter().zip(&frame.locals) {
            let v = match v {
                Value::Cell(c) => c.value.borrow().clone(),
                other => other.clone(),
            };
            if !matches!(v, Value::Null) {
                locals.set_str(name.as_str(), v);
            }
        }
        Value::Native(NativeRef::new(GenFrame {
            code: frame.code.clone(),
            line,
            lasti: unit as i64 * 2,
            locals: Rc::new(locals),
            globals: frame.globals.clone(),
        }))
    }
}

/// What `gen.gi_frame` returns: a snapshot of a suspended generator's frame.
#[derive(Debug)]
pub struct GenFrame {
    code: Rc<rpvm_object::function::PyCode>,
    line: i64,
    lasti: i64,
    locals: Rc<rpvm_object::dict::PyDict>,
    globals: Rc<rpvm_object::dict::PyDict>,
}

impl NativeObject for GenFrame {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("frame")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<frame at {:#x}, file '{}', line {}, code {}>",
            self as *const _ as usize,
            self.code.code.filename(),
            self.line,
            self.code.code.name()
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, _self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(Some(match name {
            "f_code" => Value::Code(self.code.clone()),
            "f_lineno" => Value::Int(self.line),
            "f_lasti" => Value::Int(self.lasti),
            "f_locals" => Value::Dict(self.locals.clone()),
            "f_globals" => Value::Dict(self.globals.clone()),
            "f_builtins" => match self.globals.get_str("__builtins__") {
                Some(b) => b,
                None => Value::None,
            },
            "f_back" | "f_trace" => Value::None,
            _ => return Ok(None),
        }))
    }
}

/// SEND: resumes a sub-generator (`yield from`, `await`) with `v`.
pub fn send_to(vm: &mut Vm, receiver: &Value, v: Value) -> PyResult<SendResult> {
    if let Some(g) = as_generator(receiver) {
        return g.resume(vm, v, None);
    }
    if let Some(r) = asyncgen::send_awaitable(vm, receiver, &v) {
        return match r {
            Ok(y) => Ok(SendResult::Yielded(y)),
            Err(e) if e.is_instance_of("StopIteration") => Ok(SendResult::Returned(
                e.args().first().cloned().unwrap_or(Value::None),
            )),
            Err(e) => Err(e),
        };
    }
    let result = if v.is_none() {
        // A native iterator may finish with `StopIteration(value)` (asyncio's awaitables).
        match rpvm_object::protocols::iter::next(vm, receiver) {
            Ok(Some(y)) => return Ok(SendResult::Yielded(y)),
            Ok(None) => return Ok(SendResult::Returned(Value::None)),
            Err(e) => Err(e),
        }
    } else {
        crate::ops::call_method(vm, receiver, "send", &[v])
    };
    match result {
        Ok(y) => Ok(SendResult::Yielded(y)),
        Err(e) if e.is_instance_of("StopIteration") => {
            let value = e.args().first().cloned().unwrap_or(Value::None);
            Ok(SendResult::Returned(value))
        }
        Err(e) => Err(e),
    }
}

/// GET_AWAITABLE: a coroutine itself, or the iterator `__await__` returns.
pub fn get_awaitable(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    if let Some(g) = as_generator(v) {
        if g.kind == GenKind::Coroutine {
            return Ok(v.clone());
        }
    }
    match crate::ops::call_method(vm, v, "__await__", &[]) {
        Ok(it) => Ok(it),
        Err(_) => Err(type_error(format!(
            "object {} can't be used in 'await' expression",
            rpvm_object::protocols::type_name(v)
        ))),
    }
}

#[allow(dead_code)]
fn unused_addr(v: &Value) -> String {
    addr(v)
}
