//! Async generators: `__anext__()`/`asend()` and `athrow()`/`aclose()` awaitables, after
//! CPython's Objects/genobject.c (`async_gen_asend_send`, `async_gen_athrow_send`, ...).
//!
//! A value an async generator yields with `yield` (ASYNC_GEN_WRAP + YIELD_VALUE) ends the
//! awaitable with StopIteration(value); a value it yields from an inner `await` is passed
//! through to whoever drives the awaitable.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rpvm_object::exception::{
    runtime_error, stop_iteration, type_error, PyErr, PyException, PyResult,
};
use rpvm_object::native::NativeObject;
use rpvm_object::typeobj::{builtin_types, exception_type, PyType};
use rpvm_object::{Value, Vm};

use super::{as_generator, bound, throw_args_to_exc, Generator, SendResult};

/// The state of an awaitable (`AWAITABLE_STATE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AwState {
    Init,
    Iter,
    Closed,
}

/// What one step of the underlying generator produced.
enum Raw {
    /// An inner `await` suspended: pass this value out to the driver.
    Await(Value),
    /// The async generator yielded this value (`yield v`).
    Wrapped(Value),
}

impl Generator {
    /// Whether the generator is suspended at a `yield` (not an inner `await`): the
    /// YIELD_VALUE it stopped at follows ASYNC_GEN_WRAP.
    fn yielded_wrapped(&self) -> bool {
        let f = self.frame.borrow();
        let Some(frame) = f.as_ref() else {
            return false;
        };
        frame.lasti > 0
            && frame
                .code
                .code
                .instructions
                .get(frame.lasti - 1)
                .is_some_and(|i| i.op == rpvm_loader::Opcode::ASYNC_GEN_WRAP)
    }

    /// Whether the frame has completed (`gi_frame_state >= FRAME_COMPLETED`).
    fn completed(&self) -> bool {
        self.frame.borrow().is_none() && !self.running.get()
    }
}

fn classify(g: &Generator, r: PyResult<SendResult>) -> PyResult<Raw> {
    match r? {
        SendResult::Yielded(v) => Ok(if g.yielded_wrapped() {
            Raw::Wrapped(v)
        } else {
            Raw::Await(v)
        }),
        SendResult::Returned(_) => Err(PyException::new(
            exception_type("StopAsyncIteration"),
            vec![],
        )),
    }
}

/// `gen_send` on an async generator.
fn raw_send(vm: &mut Vm, g: &Generator, v: Value) -> PyResult<Raw> {
    let r = g.resume(vm, v, None);
    classify(g, r)
}

/// `gen_throw` on an async generator.
fn raw_throw(vm: &mut Vm, g: &Generator, e: PyErr) -> PyResult<Raw> {
    let r = g.throw(vm, e);
    classify(g, r)
}

/// `async_gen_unwrap_value`.
fn unwrap_value(g: &Generator, r: PyResult<Raw>) -> PyResult<Value> {
    match r {
        Err(e) => {
            if e.is_instance_of("StopAsyncIteration") || e.is_instance_of("GeneratorExit") {
                g.ag_closed.set(true);
            }
            g.ag_running_async.set(false);
            Err(e)
        }
        Ok(Raw::Wrapped(v)) => {
            g.ag_running_async.set(false);
            Err(stop_iteration(Some(v)))
        }
        Ok(Raw::Await(v)) => Ok(v),
    }
}

/// The awaitable `__anext__()` and `asend(v)` return.
#[derive(Debug)]
pub struct ASend {
    gen: Value,
    sendval: RefCell<Value>,
    state: Cell<AwState>,
}

/// The awaitable `athrow(...)` (with `args`) and `aclose()` (without) return.
#[derive(Debug)]
pub struct AThrow {
    gen: Value,
    args: Option<Vec<Value>>,
    state: Cell<AwState>,
}

fn generator_of(v: &Value) -> &Generator {
    as_generator(v).expect("async generator awaitable over a generator")
}

impl ASend {
    fn send(&self, vm: &mut Vm, arg: Value) -> PyResult<Value> {
        let g = generator_of(&self.gen);
        let mut arg = arg;
        match self.state.get() {
            AwState::Closed => {
                return Err(runtime_error(
                    "cannot reuse already awaited __anext__()/asend()",
                ))
            }
            AwState::Init => {
                if g.ag_running_async.get() {
                    return Err(runtime_error(
                        "anext(): asynchronous generator is already running",
                    ));
                }
                if arg.is_none() {
                    arg = self.sendval.borrow().clone();
                }
                self.state.set(AwState::Iter);
            }
            AwState::Iter => {}
        }
        g.ag_running_async.set(true);
        let r = raw_send(vm, g, arg);
        let r = unwrap_value(g, r);
        if r.is_err() {
            self.state.set(AwState::Closed);
        }
        r
    }

    fn throw(&self, vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
        if self.state.get() == AwState::Closed {
            return Err(runtime_error(
                "cannot reuse already awaited __anext__()/asend()",
            ));
        }
        let g = generator_of(&self.gen);
        let e = throw_args_to_exc(vm, args)?;
        let r = raw_throw(vm, g, e);
        let r = unwrap_value(g, r);
        if r.is_err() {
            self.state.set(AwState::Closed);
        }
        r
    }
}

impl AThrow {
    fn what(&self) -> &'static str {
        if self.args.is_some() {
            "athrow"
        } else {
            "aclose"
        }
    }

    /// `check_error`: the generator raised `e` (or finished).
    fn check_error(&self, g: &Generator, e: PyErr) -> PyErr {
        g.ag_running_async.set(false);
        self.state.set(AwState::Closed);
        if self.args.is_none()
            && (e.is_instance_of("StopAsyncIteration") || e.is_instance_of("GeneratorExit"))
        {
            return stop_iteration(None);
        }
        e
    }

    fn yield_close(&self, g: &Generator) -> PyErr {
        g.ag_running_async.set(false);
        self.state.set(AwState::Closed);
        runtime_error("async generator ignored GeneratorExit")
    }

    fn send(&self, vm: &mut Vm, arg: Value) -> PyResult<Value> {
        let g = generator_of(&self.gen);
        if self.state.get() == AwState::Closed {
            return Err(runtime_error(
                "cannot reuse already awaited aclose()/athrow()",
            ));
        }
        if g.completed() {
            self.state.set(AwState::Closed);
            return Err(stop_iteration(None));
        }
        if self.state.get() == AwState::Init {
            if g.ag_running_async.get() {
                self.state.set(AwState::Closed);
                return Err(runtime_error(format!(
                    "{}(): asynchronous generator is already running",
                    self.what()
                )));
            }
            if g.ag_closed.get() {
                self.state.set(AwState::Closed);
                return Err(PyException::new(
                    exception_type("StopAsyncIteration"),
                    vec![],
                ));
            }
            if !arg.is_none() {
                return Err(runtime_error(
                    "can't send non-None value to a just-started coroutine",
                ));
            }
            self.state.set(AwState::Iter);
            g.ag_running_async.set(true);
            let r = match &self.args {
                None => {
                    g.ag_closed.set(true);
                    let exit = PyException::new(exception_type("GeneratorExit"), vec![]);
                    match raw_throw(vm, g, exit) {
                        Ok(Raw::Wrapped(_)) => return Err(self.yield_close(g)),
                        Ok(Raw::Await(v)) => Ok(v),
                        Err(e) => Err(e),
                    }
                }
                Some(args) => {
                    let e = throw_args_to_exc(vm, args)?;
                    let r = raw_throw(vm, g, e);
                    unwrap_value(g, r)
                }
            };
            return r.map_err(|e| self.check_error(g, e));
        }
        let r = raw_send(vm, g, arg);
        if self.args.is_some() {
            return unwrap_value(g, r);
        }
        match r {
            Ok(Raw::Wrapped(_)) => Err(self.yield_close(g)),
            Ok(Raw::Await(v)) => Ok(v),
            Err(e) => Err(self.check_error(g, e)),
        }
    }

    fn throw(&self, vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
        if self.state.get() == AwState::Closed {
            return Err(runtime_error(
                "cannot reuse already awaited aclose()/athrow()",
            ));
        }
        let g = generator_of(&self.gen);
        let e = throw_args_to_exc(vm, args)?;
        let r = raw_throw(vm, g, e);
        if self.args.is_some() {
            return unwrap_value(g, r);
        }
        match r {
            Ok(Raw::Wrapped(_)) => Err(self.yield_close(g)),
            Ok(Raw::Await(v)) => Ok(v),
            Err(e)
                if e.is_instance_of("StopAsyncIteration") || e.is_instance_of("GeneratorExit") =>
            {
                Err(stop_iteration(None))
            }
            Err(e) => Err(e),
        }
    }
}

/// Steps an `asend`/`athrow` awaitable with `v`; `None` when `receiver` is neither.
pub(super) fn send_awaitable(vm: &mut Vm, receiver: &Value, v: &Value) -> Option<PyResult<Value>> {
    let Value::Native(n) = receiver else {
        return None;
    };
    let any = n.as_any();
    if let Some(a) = any.downcast_ref::<ASend>() {
        return Some(a.send(vm, v.clone()));
    }
    any.downcast_ref::<AThrow>().map(|a| a.send(vm, v.clone()))
}

fn agen_self(args: &[Value]) -> PyResult<&Generator> {
    args.first()
        .and_then(as_generator)
        .ok_or_else(|| type_error("descriptor requires an async_generator"))
}

fn ag_aiter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    agen_self(args)?;
    Ok(args[0].clone())
}

fn new_asend(gen: &Value, v: Value) -> Value {
    Value::Native(NativeRef::new(ASend {
        gen: gen.clone(),
        sendval: RefCell::new(v),
        state: Cell::new(AwState::Init),
    }))
}

fn ag_anext(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    agen_self(args)?;
    Ok(new_asend(&args[0], Value::None))
}

fn ag_asend(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    agen_self(args)?;
    let Some(v) = args.get(1) else {
        return Err(type_error(
            "async_generator.asend() takes exactly one argument (0 given)",
        ));
    };
    Ok(new_asend(&args[0], v.clone()))
}

fn ag_athrow(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    agen_self(args)?;
    let rest = &args[1..];
    if rest.is_empty() || rest.len() > 3 {
        return Err(type_error(format!(
            "athrow expected at least 1 argument, got {}",
            rest.len()
        )));
    }
    Ok(Value::Native(NativeRef::new(AThrow {
        gen: args[0].clone(),
        args: Some(rest.to_vec()),
        state: Cell::new(AwState::Init),
    })))
}

fn ag_aclose(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    agen_self(args)?;
    Ok(Value::Native(NativeRef::new(AThrow {
        gen: args[0].clone(),
        args: None,
        state: Cell::new(AwState::Init),
    })))
}

/// Async-generator-only attributes of a [`Generator`].
pub(super) fn gen_attr(g: &Generator, self_value: &Value, name: &str) -> Option<Value> {
    Some(match name {
        "__aiter__" => bound("__aiter__", ag_aiter, self_value),
        "__anext__" => bound("__anext__", ag_anext, self_value),
        "asend" => bound("asend", ag_asend, self_value),
        "athrow" => bound("athrow", ag_athrow, self_value),
        "aclose" => bound("aclose", ag_aclose, self_value),
        "ag_running" => Value::Bool(g.ag_running_async.get()),
        _ => return None,
    })
}

enum Awaitable<'a> {
    Send(&'a ASend),
    Throw(&'a AThrow),
}

fn awaitable(args: &[Value]) -> PyResult<Awaitable<'_>> {
    if let Some(Value::Native(n)) = args.first() {
        if let Some(a) = n.as_any().downcast_ref::<ASend>() {
            return Ok(Awaitable::Send(a));
        }
        if let Some(a) = n.as_any().downcast_ref::<AThrow>() {
            return Ok(Awaitable::Throw(a));
        }
    }
    Err(type_error(
        "descriptor requires an async generator awaitable",
    ))
}

fn aw_send(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = args.get(1).cloned().unwrap_or(Value::None);
    match awaitable(args)? {
        Awaitable::Send(a) => a.send(vm, v),
        Awaitable::Throw(a) => a.send(vm, v),
    }
}

fn aw_next(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match awaitable(args)? {
        Awaitable::Send(a) => a.send(vm, Value::None),
        Awaitable::Throw(a) => a.send(vm, Value::None),
    }
}

fn aw_throw(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match awaitable(args)? {
        Awaitable::Send(a) => a.throw(vm, &args[1..]),
        Awaitable::Throw(a) => a.throw(vm, &args[1..]),
    }
}

fn aw_close(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match awaitable(args)? {
        Awaitable::Send(a) => a.state.set(AwState::Closed),
        Awaitable::Throw(a) => a.state.set(AwState::Closed),
    }
    Ok(Value::None)
}

fn aw_self(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

fn aw_attr(self_value: &Value, name: &str) -> Option<Value> {
    Some(match name {
        "send" => bound("send", aw_send, self_value),
        "throw" => bound("throw", aw_throw, self_value),
        "close" => bound("close", aw_close, self_value),
        "__next__" => bound("__next__", aw_next, self_value),
        "__iter__" => bound("__iter__", aw_self, self_value),
        "__await__" => bound("__await__", aw_self, self_value),
        _ => return None,
    })
}

fn as_next(r: PyResult<Value>) -> Option<PyResult<Option<Value>>> {
    Some(match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_instance_of("StopIteration") => Ok(None),
        Err(e) => Err(e),
    })
}

impl NativeObject for ASend {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("async_generator_asend")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<async_generator_asend object at {:#x}>",
            self as *const _ as usize
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(aw_attr(self_value, name))
    }

    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        as_next(self.send(vm, Value::None))
    }
}

impl NativeObject for AThrow {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("async_generator_athrow")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<async_generator_athrow object at {:#x}>",
            self as *const _ as usize
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(aw_attr(self_value, name))
    }

    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        as_next(self.send(vm, Value::None))
    }
}
