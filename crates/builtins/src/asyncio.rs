//! A minimal `asyncio`: an event loop with CPython's scheduling order, `Future`, `Task`,
//! `run`, `sleep`, `gather`, `create_task`, `ensure_future`, `wait_for`, `Queue`, `Event`,
//! `Lock`, `TaskGroup`, `get_event_loop` / `new_event_loop` / `get_running_loop` and the loop methods
//! programs use (`run_until_complete`, `create_task`, `call_soon`, `call_later`, `time`, ...).
//!
//! The loop follows `BaseEventLoop._run_once`: each iteration moves the timers that are due
//! to the ready queue, then runs exactly the handles that were ready when it started (FIFO).
//! Futures schedule their done callbacks with `call_soon`; a task suspended on a future is
//! woken by such a callback and steps its coroutine with `send(None)` / `throw(exc)`, as
//! `Task.__step` / `Task.__wakeup` do. Timers really sleep (the clock is `Instant`).
//! Awaitables the module returns (`sleep()`, `Queue.get()`, ...) are native objects that
//! behave like CPython's coroutines when awaited or wrapped in tasks.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{
    runtime_error, stop_iteration, type_error, value_error, PyErr, PyException, PyResult,
};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::repr::repr;
use rpvm_object::typeobj::{builtin_types, exception_type, PyType};
use rpvm_object::{Value, Vm};

use crate::args::npos;
use crate::builtin_fn;
use crate::functools::{class_of, new_instance, split, state_of, ClassSpec, State};

// ---- helpers ----

fn st<T: std::fmt::Debug + 'static>(v: &Value) -> Option<Rc<T>> {
    let n = state_of::<Rc<T>>(v)?;
    n.as_any()
        .downcast_ref::<State<Rc<T>>>()
        .map(|s| s.0.clone())
}

/// The first argument (`self`), or None when a method is called unbound without one.
fn a0(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::None)
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::None)
}

fn kwarg(args: &[Value], kw: &[Value], name: &str) -> Option<Value> {
    let np = npos(args, kw);
    kw.iter()
        .position(|k| k.as_str() == Some(name))
        .and_then(|j| args.get(np + j).cloned())
}

fn call_method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let m = get_attr(vm, obj, name)?;
    call(vm, &m, args, &[])
}

thread_local! {
    static EXC_CLASSES: RefCell<Vec<(&'static str, Rc<PyType>)>> = const { RefCell::new(Vec::new()) };
    static RUNNING_LOOP: RefCell<Option<Value>> = const { RefCell::new(None) };
    static EVENT_LOOP: RefCell<Option<Value>> = const { RefCell::new(None) };
    static TASK_COUNTER: Cell<u64> = const { Cell::new(0) };
}

/// asyncio's own exception classes, created once per thread.
fn exc_class(name: &'static str) -> Rc<PyType> {
    if let Some(t) = EXC_CLASSES.with(|c| {
        c.borrow()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.clone())
    }) {
        return t;
    }
    let (base, module) = match name {
        "CancelledError" => ("BaseException", "asyncio.exceptions"),
        "InvalidStateError" => ("Exception", "asyncio.exceptions"),
        _ => ("Exception", "asyncio.queues"),
    };
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str(module));
    let t = rpvm_object::subclass::make_class(name, vec![exception_type(base)], ns, None)
        .unwrap_or_else(|_| exception_type(base));
    EXC_CLASSES.with(|c| c.borrow_mut().push((name, t.clone())));
    t
}

fn new_exc(name: &'static str, args: Vec<Value>) -> PyErr {
    PyException::new(exc_class(name), args)
}

fn is_exc(e: &PyErr, name: &'static str) -> bool {
    e.class.is_subtype(&exc_class(name))
}

fn cancelled_error(msg: &Value) -> PyErr {
    if msg.is_none() {
        new_exc("CancelledError", vec![])
    } else {
        new_exc("CancelledError", vec![msg.clone()])
    }
}

// ---- futures and tasks ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FState {
    Pending,
    Finished,
    Cancelled,
}

/// What a future does when it completes.
#[derive(Debug, Clone)]
enum DoneCb {
    /// `Task.__wakeup` of the task awaiting it.
    Wakeup(Value),
    /// `gather`'s `_done_callback`.
    Gather(Rc<Gather>),
    /// A callable added with `add_done_callback` (called with the future).
    User(Value),
    /// `run_until_complete`'s callback: stop the loop.
    Stop(Rc<LoopState>),
    /// `TaskGroup._on_task_done`.
    TaskGroup(Rc<TaskGroupState>),
}

#[derive(Debug)]
struct TaskPart {
    coro: Value,
    name: RefCell<Value>,
    must_cancel: Cell<bool>,
    fut_waiter: RefCell<Option<Value>>,
    /// `_num_cancels_requested` (`cancel()` adds one, `uncancel()` takes one off).
    num_cancels: Cell<u32>,
}

#[derive(Debug)]
struct FutState {
    lp: Rc<LoopState>,
    state: Cell<FState>,
    result: RefCell<Value>,
    exception: RefCell<Option<PyErr>>,
    cancel_msg: RefCell<Value>,
    /// The CancelledError a cancelled task's coroutine raised (re-raised by `result()`).
    cancelled_exc: RefCell<Option<PyErr>>,
    callbacks: RefCell<Vec<DoneCb>>,
    task: Option<TaskPart>,
}

impl FutState {
    fn new(lp: Rc<LoopState>, task: Option<TaskPart>) -> Rc<FutState> {
        Rc::new(FutState {
            lp,
            state: Cell::new(FState::Pending),
            result: RefCell::new(Value::None),
            exception: RefCell::new(None),
            cancel_msg: RefCell::new(Value::None),
            cancelled_exc: RefCell::new(None),
            callbacks: RefCell::new(Vec::new()),
            task,
        })
    }

    fn done(&self) -> bool {
        self.state.get() != FState::Pending
    }

    fn schedule_callbacks(&self, me: &Value) {
        let cbs: Vec<DoneCb> = self.callbacks.borrow_mut().drain(..).collect();
        for cb in cbs {
            self.lp.call_soon(done_handle(cb, me));
        }
    }

    fn set_result(&self, me: &Value, v: Value) -> PyResult<()> {
        if self.done() {
            return Err(new_exc(
                "InvalidStateError",
                vec![Value::str("invalid state")],
            ));
        }
        *self.result.borrow_mut() = v;
        self.state.set(FState::Finished);
        self.schedule_callbacks(me);
        Ok(())
    }

    fn set_exception(&self, me: &Value, e: PyErr) -> PyResult<()> {
        if self.done() {
            return Err(new_exc(
                "InvalidStateError",
                vec![Value::str("invalid state")],
            ));
        }
        *self.exception.borrow_mut() = Some(e);
        self.state.set(FState::Finished);
        self.schedule_callbacks(me);
        Ok(())
    }

    /// `Future.cancel()`.
    fn cancel_future(&self, me: &Value, msg: Value) -> bool {
        if self.done() {
            return false;
        }
        *self.cancel_msg.borrow_mut() = msg;
        self.state.set(FState::Cancelled);
        self.schedule_callbacks(me);
        true
    }

    fn make_cancelled_error(&self) -> PyErr {
        if let Some(e) = self.cancelled_exc.borrow().clone() {
            return e;
        }
        cancelled_error(&self.cancel_msg.borrow())
    }

    /// `result()`: the value, the stored exception, or CancelledError.
    fn result(&self) -> PyResult<Value> {
        match self.state.get() {
            FState::Pending => Err(new_exc(
                "InvalidStateError",
                vec![Value::str("Result is not set.")],
            )),
            FState::Cancelled => Err(self.make_cancelled_error()),
            FState::Finished => match self.exception.borrow().clone() {
                Some(e) => Err(e),
                None => Ok(self.result.borrow().clone()),
            },
        }
    }
}

fn done_handle(cb: DoneCb, fut: &Value) -> Handle {
    match cb {
        DoneCb::Wakeup(task) => Handle::Wakeup(task, fut.clone()),
        DoneCb::Gather(g) => Handle::GatherDone(g, fut.clone()),
        DoneCb::User(f) => Handle::Call(f, vec![fut.clone()], None),
        DoneCb::Stop(lp) => Handle::Stop(lp),
        DoneCb::TaskGroup(tg) => Handle::TaskGroupDone(tg, fut.clone()),
    }
}

fn fut_of(v: &Value) -> Option<Rc<FutState>> {
    st::<FutState>(v)
}

fn this_fut(v: &Value) -> PyResult<Rc<FutState>> {
    fut_of(v).ok_or_else(|| type_error("descriptor requires a '_asyncio.Future' object"))
}

fn add_done(fs: &FutState, me: &Value, cb: DoneCb) {
    if fs.done() {
        fs.lp.call_soon(done_handle(cb, me));
    } else {
        fs.callbacks.borrow_mut().push(cb);
    }
}

const FUTURE: ClassSpec = ClassSpec {
    name: "Future",
    module: "_asyncio",
    base: None,
    new: Some(future_new),
    dunders: &[("__init__", noop), ("__repr__", fut_repr)],
    methods: &[
        ("__await__", fut_await),
        ("__iter__", fut_await),
        ("result", fut_result),
        ("exception", fut_exception),
        ("done", fut_done),
        ("cancelled", fut_cancelled),
        ("cancel", fut_cancel),
        ("set_result", fut_set_result),
        ("set_exception", fut_set_exception),
        ("add_done_callback", fut_add_done_callback),
        ("remove_done_callback", fut_remove_done_callback),
        ("get_loop", fut_get_loop),
    ],
    props: &[],
};

fn future_class(vm: &mut Vm) -> Rc<PyType> {
    class_of(vm, &FUTURE)
}

fn task_class(vm: &mut Vm) -> Rc<PyType> {
    let base = future_class(vm);
    class_of(
        vm,
        &ClassSpec {
            name: "Task",
            module: "_asyncio",
            base: Some(base),
            new: Some(task_new),
            dunders: &[("__init__", noop), ("__repr__", fut_repr)],
            methods: &[
                ("cancel", task_cancel),
                ("get_name", task_get_name),
                ("set_name", task_set_name),
                ("get_coro", task_get_coro),
                ("cancelling", task_cancelling),
                ("uncancel", task_uncancel),
            ],
            props: &[],
        },
    )
}

fn noop(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn new_future(vm: &mut Vm, lp: &Rc<LoopState>) -> Value {
    let cls = future_class(vm);
    new_instance(cls, FutState::new(lp.clone(), None))
}

fn future_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let lp = match kwarg(args, kw, "loop") {
        Some(l) if !l.is_none() => loop_of(&l)?,
        _ => loop_state(&get_event_loop_value(vm)?)?,
    };
    let cls = match args.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => future_class(vm),
    };
    Ok(new_instance(cls, FutState::new(lp, None)))
}

fn fut_await(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this_fut(&a0(args))?;
    Ok(Value::Native(NativeRef::new(Awaitable {
        op: Op::Future(a0(args)),
        step: Cell::new(0),
        waiter: RefCell::new(None),
        timer: RefCell::new(None),
    })))
}

fn fut_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let state = match fs.state.get() {
        FState::Pending => "pending",
        FState::Finished => "finished",
        FState::Cancelled => "cancelled",
    };
    let mut s = match &fs.task {
        Some(t) => {
            let name = repr(vm, &t.name.borrow().clone())?;
            let coro = repr(vm, &t.coro)?;
            format!("<Task {state} name={name} coro={coro}")
        }
        None => format!("<Future {state}"),
    };
    if fs.state.get() == FState::Finished {
        match fs.exception.borrow().clone() {
            Some(e) => s.push_str(&format!(" exception={}", repr(vm, &Value::Exception(e))?)),
            None => {
                let r = fs.result.borrow().clone();
                s.push_str(&format!(" result={}", repr(vm, &r)?));
            }
        }
    }
    s.push('>');
    Ok(Value::string(s))
}

fn fut_result(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this_fut(&a0(args))?.result()
}

fn fut_exception(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    match fs.state.get() {
        FState::Pending => Err(new_exc(
            "InvalidStateError",
            vec![Value::str("Exception is not set.")],
        )),
        FState::Cancelled => Err(fs.make_cancelled_error()),
        FState::Finished => Ok(fs
            .exception
            .borrow()
            .clone()
            .map(Value::Exception)
            .unwrap_or(Value::None)),
    }
}

fn fut_done(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(this_fut(&a0(args))?.done()))
}

fn fut_cancelled(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(
        this_fut(&a0(args))?.state.get() == FState::Cancelled,
    ))
}

fn cancel_msg_arg(args: &[Value], kw: &[Value]) -> Value {
    kwarg(args, kw, "msg").unwrap_or_else(|| {
        let np = npos(args, kw);
        if np > 1 {
            args.get(1).cloned().unwrap_or(Value::None)
        } else {
            Value::None
        }
    })
}

fn fut_cancel(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    Ok(Value::Bool(
        fs.cancel_future(&a0(args), cancel_msg_arg(args, kw)),
    ))
}

fn fut_set_result(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this_fut(&a0(args))?.set_result(&a0(args), arg(args, 1))?;
    Ok(Value::None)
}

fn fut_set_exception(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let e = match arg(args, 1) {
        Value::Exception(e) => e,
        t @ Value::Type(_) => match call(vm, &t, &[], &[])? {
            Value::Exception(e) => e,
            _ => return Err(type_error("invalid exception object")),
        },
        _ => return Err(type_error("invalid exception object")),
    };
    fs.set_exception(&a0(args), e)?;
    Ok(Value::None)
}

fn fut_add_done_callback(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    add_done(&fs, &a0(args), DoneCb::User(arg(args, 1)));
    Ok(Value::None)
}

fn fut_remove_done_callback(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let f = arg(args, 1);
    let mut cbs = fs.callbacks.borrow_mut();
    let before = cbs.len();
    cbs.retain(|c| !matches!(c, DoneCb::User(u) if u.is(&f)));
    Ok(Value::Int((before - cbs.len()) as i64))
}

fn fut_get_loop(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let v = fs.lp.value.borrow().clone();
    Ok(v)
}

fn task_part(fs: &FutState) -> PyResult<&TaskPart> {
    fs.task
        .as_ref()
        .ok_or_else(|| type_error("descriptor requires a '_asyncio.Task' object"))
}

fn task_cancel(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let tp = task_part(&fs)?;
    if fs.done() {
        return Ok(Value::Bool(false));
    }
    tp.num_cancels.set(tp.num_cancels.get() + 1);
    let msg = cancel_msg_arg(args, kw);
    let waiter = tp.fut_waiter.borrow().clone();
    if let Some(w) = waiter {
        if let Some(wf) = fut_of(&w) {
            let cancelled = match &wf.task {
                Some(_) => task_cancel(_vm, &[w.clone(), msg.clone()], &[])?.is(&Value::Bool(true)),
                None => wf.cancel_future(&w, msg.clone()),
            };
            if cancelled {
                return Ok(Value::Bool(true));
            }
        }
    }
    tp.must_cancel.set(true);
    *fs.cancel_msg.borrow_mut() = msg;
    Ok(Value::Bool(true))
}

fn task_cancelling(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    Ok(Value::Int(task_part(&fs)?.num_cancels.get() as i64))
}

/// `Task.uncancel()`: one cancellation request fewer; returns how many are left.
fn task_uncancel(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    Ok(Value::Int(uncancel(task_part(&fs)?) as i64))
}

fn uncancel(tp: &TaskPart) -> u32 {
    let n = tp.num_cancels.get().saturating_sub(1);
    tp.num_cancels.set(n);
    n
}

fn task_get_name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let name = task_part(&fs)?.name.borrow().clone();
    Ok(name)
}

fn task_set_name(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    let name = rpvm_object::protocols::repr::str_(vm, &arg(args, 1))?;
    *task_part(&fs)?.name.borrow_mut() = Value::string(name);
    Ok(Value::None)
}

fn task_get_coro(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fs = this_fut(&a0(args))?;
    Ok(task_part(&fs)?.coro.clone())
}

fn is_coroutine(v: &Value) -> bool {
    match v {
        Value::Native(n) => {
            n.class().name == "coroutine" || n.as_any().downcast_ref::<Awaitable>().is_some()
        }
        _ => false,
    }
}

fn task_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let (pos, _) = split(args, kw);
    let coro = arg(&pos, 1);
    let lp = match kwarg(args, kw, "loop") {
        Some(l) if !l.is_none() => loop_of(&l)?,
        _ => loop_state(&get_event_loop_value(vm)?)?,
    };
    let name = kwarg(args, kw, "name").unwrap_or(Value::None);
    make_task(vm, &lp, coro, name)
}

/// `Task(coro)`: schedules its first step with `call_soon`.
fn make_task(vm: &mut Vm, lp: &Rc<LoopState>, coro: Value, name: Value) -> PyResult<Value> {
    if !is_coroutine(&coro) {
        let r = repr(vm, &coro)?;
        return Err(type_error(format!("a coroutine was expected, got {r}")));
    }
    let name = if name.is_none() {
        let n = TASK_COUNTER.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        Value::string(format!("Task-{n}"))
    } else {
        Value::string(rpvm_object::protocols::repr::str_(vm, &name)?)
    };
    let cls = task_class(vm);
    let task = new_instance(
        cls,
        FutState::new(
            lp.clone(),
            Some(TaskPart {
                coro,
                name: RefCell::new(name),
                must_cancel: Cell::new(false),
                fut_waiter: RefCell::new(None),
                num_cancels: Cell::new(0),
            }),
        ),
    );
    lp.call_soon(Handle::Step(task.clone(), None));
    lp.tasks.borrow_mut().push(task.clone());
    Ok(task)
}

fn is_base_exit(e: &PyErr) -> bool {
    e.is_instance_of("SystemExit") || e.is_instance_of("KeyboardInterrupt")
}

/// `Task.__step(exc)`.
fn task_step(vm: &mut Vm, task: &Value, exc: Option<PyErr>) -> PyResult<()> {
    let Some(fs) = fut_of(task) else {
        return Ok(());
    };
    let Some(tp) = fs.task.as_ref() else {
        return Ok(());
    };
    if fs.done() {
        return Ok(());
    }
    let mut exc = exc;
    if tp.must_cancel.get() {
        if !matches!(&exc, Some(e) if is_exc(e, "CancelledError")) {
            exc = Some(fs.make_cancelled_error());
        }
        tp.must_cancel.set(false);
    }
    *tp.fut_waiter.borrow_mut() = None;
    let prev = fs.lp.current.replace(task.clone());
    let r = match exc {
        None => call_method(vm, &tp.coro, "send", &[Value::None]),
        Some(e) => call_method(vm, &tp.coro, "throw", &[Value::Exception(e)]),
    };
    *fs.lp.current.borrow_mut() = prev;
    match r {
        Err(e) if e.is_instance_of("StopIteration") => {
            let v = e.args().first().cloned().unwrap_or(Value::None);
            if tp.must_cancel.get() {
                tp.must_cancel.set(false);
                let msg = fs.cancel_msg.borrow().clone();
                fs.cancel_future(task, msg);
            } else {
                fs.set_result(task, v)?;
            }
        }
        Err(e) if is_exc(&e, "CancelledError") => {
            *fs.cancelled_exc.borrow_mut() = Some(e);
            fs.cancel_future(task, Value::None);
        }
        Err(e) if is_base_exit(&e) => {
            fs.set_exception(task, e.clone())?;
            return Err(e);
        }
        Err(e) => fs.set_exception(task, e)?,
        Ok(y) => {
            if let Some(yf) = fut_of(&y) {
                if y.is(task) {
                    let r = repr(vm, task)?;
                    let err = runtime_error(format!("Task cannot await on itself: {r}"));
                    fs.lp.call_soon(Handle::Step(task.clone(), Some(err)));
                } else {
                    add_done(&yf, &y, DoneCb::Wakeup(task.clone()));
                    *tp.fut_waiter.borrow_mut() = Some(y.clone());
                    if tp.must_cancel.get() {
                        let msg = fs.cancel_msg.borrow().clone();
                        let cancelled = match &yf.task {
                            Some(_) => matches!(
                                task_cancel(vm, &[y.clone(), msg], &[])?,
                                Value::Bool(true)
                            ),
                            None => yf.cancel_future(&y, msg),
                        };
                        if cancelled {
                            tp.must_cancel.set(false);
                        }
                    }
                }
            } else if y.is_none() {
                fs.lp.call_soon(Handle::Step(task.clone(), None));
            } else {
                let r = repr(vm, &y)?;
                let err = runtime_error(format!("Task got bad yield: {r}"));
                fs.lp.call_soon(Handle::Step(task.clone(), Some(err)));
            }
        }
    }
    Ok(())
}

// ---- gather ----

#[derive(Debug)]
struct Gather {
    outer: Value,
    children: Vec<Value>,
    nfuts: usize,
    nfinished: Cell<usize>,
    return_exceptions: bool,
}

fn gather_done(vm: &mut Vm, g: &Rc<Gather>, fut: &Value) -> PyResult<()> {
    let _ = vm;
    g.nfinished.set(g.nfinished.get() + 1);
    let Some(outer) = fut_of(&g.outer) else {
        return Ok(());
    };
    if outer.done() {
        return Ok(());
    }
    let Some(fs) = fut_of(fut) else { return Ok(()) };
    if !g.return_exceptions {
        if fs.state.get() == FState::Cancelled {
            outer.set_exception(&g.outer, fs.make_cancelled_error())?;
            return Ok(());
        }
        let e = fs.exception.borrow().clone();
        if let Some(e) = e {
            outer.set_exception(&g.outer, e)?;
            return Ok(());
        }
    }
    if g.nfinished.get() == g.nfuts {
        let mut results = Vec::new();
        for c in &g.children {
            let Some(cs) = fut_of(c) else { continue };
            results.push(match cs.state.get() {
                FState::Cancelled => {
                    let m = cs.cancel_msg.borrow().clone();
                    Value::Exception(cancelled_error(&if m.is_none() {
                        Value::str("")
                    } else {
                        m
                    }))
                }
                _ => match cs.exception.borrow().clone() {
                    Some(e) => Value::Exception(e),
                    None => cs.result.borrow().clone(),
                },
            });
        }
        outer.set_result(&g.outer, Value::list(results))?;
    }
    Ok(())
}

fn gather(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let return_exceptions = match kwarg(args, kw, "return_exceptions") {
        Some(v) => rpvm_object::protocols::truth::is_true(vm, &v)?,
        None => false,
    };
    for k in kw {
        if k.as_str() != Some("return_exceptions") {
            return Err(type_error(format!(
                "gather() got an unexpected keyword argument '{}'",
                k.as_str().unwrap_or("?")
            )));
        }
    }
    let aws = &args[..np];
    if aws.is_empty() {
        let lp = loop_state(&get_event_loop_value(vm)?)?;
        let outer = new_future(vm, &lp);
        this_fut(&outer)?.set_result(&outer, Value::list(vec![]))?;
        return Ok(outer);
    }
    let mut children: Vec<Value> = Vec::new();
    let mut unique: Vec<(Value, Value)> = Vec::new();
    for a in aws {
        if let Some((_, f)) = unique.iter().find(|(k, _)| k.is(a)) {
            children.push(f.clone());
            continue;
        }
        let f = ensure_future(vm, a, None)?;
        unique.push((a.clone(), f.clone()));
        children.push(f);
    }
    let lp = this_fut(&children[0])?.lp.clone();
    let outer = new_future(vm, &lp);
    let g = Rc::new(Gather {
        outer: outer.clone(),
        children: children.clone(),
        nfuts: unique.len(),
        nfinished: Cell::new(0),
        return_exceptions,
    });
    for (_, f) in &unique {
        let fs = this_fut(f)?;
        add_done(&fs, f, DoneCb::Gather(g.clone()));
    }
    Ok(outer)
}

/// `ensure_future(aw)`: futures as they are, coroutines wrapped in a task.
fn ensure_future(vm: &mut Vm, aw: &Value, lp: Option<Rc<LoopState>>) -> PyResult<Value> {
    if fut_of(aw).is_some() {
        return Ok(aw.clone());
    }
    if is_coroutine(aw) {
        let lp = match lp {
            Some(l) => l,
            None => loop_state(&get_event_loop_value(vm)?)?,
        };
        return make_task(vm, &lp, aw.clone(), Value::None);
    }
    Err(type_error(
        "An asyncio.Future, a coroutine or an awaitable is required",
    ))
}

// ---- native awaitables ----

#[derive(Debug)]
enum Op {
    /// `await future` (`Future.__await__`).
    Future(Value),
    /// `sleep(delay, result)`.
    Sleep(f64, Value),
    /// `Queue.get()`.
    QueueGet(Value),
    /// `Queue.put(item)`.
    QueuePut(Value, Value),
    /// `Queue.join()`.
    QueueJoin(Value),
    /// `Event.wait()`.
    EventWait(Value),
    /// `Lock.acquire()`.
    LockAcquire(Value),
    /// An awaitable that finishes at once with this value (`Lock.__aexit__`).
    Ready(Value),
    /// `wait_for(aw, timeout)`.
    WaitFor(Value, f64),
    /// `TaskGroup.__aexit__(et, exc, tb)`: the group, the exception leaving the body, and
    /// the CancelledError to propagate (`propagate_cancellation_error`).
    TaskGroupExit(Value, Option<PyErr>, RefCell<Option<PyErr>>),
}

/// A coroutine-like object: awaiting it runs `op` as a small state machine. `step` counts
/// resumptions; `waiter` is the future it is suspended on.
#[derive(Debug)]
struct Awaitable {
    op: Op,
    step: Cell<u32>,
    waiter: RefCell<Option<Value>>,
    /// The cancel flag of its timer (`sleep`, `wait_for`), cancelled when it finishes.
    timer: RefCell<Option<Rc<Cell<bool>>>>,
}

fn finish(v: Value) -> PyResult<Option<Value>> {
    if v.is_none() {
        Ok(None)
    } else {
        Err(stop_iteration(Some(v)))
    }
}

impl Awaitable {
    /// One resumption: `Ok(Some(y))` yields `y`, `Ok(None)` returns None, and
    /// `Err(StopIteration(v))` returns `v`.
    fn advance(&self, vm: &mut Vm) -> PyResult<Option<Value>> {
        let step = self.step.get();
        self.step.set(step.saturating_add(1));
        if step == u32::MAX {
            return Err(runtime_error("cannot reuse already awaited coroutine"));
        }
        match &self.op {
            Op::Future(f) => {
                let fs = this_fut(f)?;
                if step == 0 && !fs.done() {
                    return Ok(Some(f.clone()));
                }
                self.step.set(u32::MAX);
                if !fs.done() {
                    return Err(runtime_error("await wasn't used with future"));
                }
                finish(fs.result()?)
            }
            Op::Sleep(delay, result) => {
                if step == 0 {
                    if *delay <= 0.0 {
                        return Ok(Some(Value::None));
                    }
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    let flag = Rc::new(Cell::new(false));
                    lp.call_later(
                        *delay,
                        Handle::SetResult(fut.clone(), result.clone(), Some(flag.clone())),
                    );
                    *self.timer.borrow_mut() = Some(flag);
                    *self.waiter.borrow_mut() = Some(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                if let Some(w) = self.waiter.borrow_mut().take() {
                    this_fut(&w)?.result()?;
                }
                finish(result.clone())
            }
            Op::QueueGet(q) => {
                let qs = queue_of(q)?;
                if qs.items.borrow().is_empty() {
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    qs.getters.borrow_mut().push_back(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                finish(queue_get_nowait(&qs)?)
            }
            Op::QueuePut(q, item) => {
                let qs = queue_of(q)?;
                if qs.full() {
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    qs.putters.borrow_mut().push_back(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                queue_put_nowait(&qs, item.clone())?;
                Ok(None)
            }
            Op::QueueJoin(q) => {
                let qs = queue_of(q)?;
                if qs.unfinished.get() > 0 {
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    qs.join_waiters.borrow_mut().push(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                Ok(None)
            }
            Op::EventWait(e) => {
                let es = event_of(e)?;
                if step == 0 {
                    if es.value.get() {
                        self.step.set(u32::MAX);
                        return finish(Value::Bool(true));
                    }
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    es.waiters.borrow_mut().push(fut.clone());
                    *self.waiter.borrow_mut() = Some(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                if let Some(w) = self.waiter.borrow_mut().take() {
                    es.waiters.borrow_mut().retain(|x| !x.is(&w));
                }
                finish(Value::Bool(true))
            }
            Op::LockAcquire(l) => {
                let ls = lock_of(l)?;
                if step == 0 {
                    let free = ls.waiters.borrow().iter().all(|w| {
                        fut_of(w)
                            .map(|f| f.state.get() == FState::Cancelled)
                            .unwrap_or(true)
                    });
                    if !ls.locked.get() && free {
                        ls.locked.set(true);
                        self.step.set(u32::MAX);
                        return finish(Value::Bool(true));
                    }
                    let lp = running_loop_state()?;
                    let fut = new_future(vm, &lp);
                    ls.waiters.borrow_mut().push_back(fut.clone());
                    *self.waiter.borrow_mut() = Some(fut.clone());
                    return Ok(Some(fut));
                }
                self.step.set(u32::MAX);
                if let Some(w) = self.waiter.borrow_mut().take() {
                    ls.waiters.borrow_mut().retain(|x| !x.is(&w));
                }
                ls.locked.set(true);
                finish(Value::Bool(true))
            }
            Op::Ready(v) => {
                self.step.set(u32::MAX);
                finish(v.clone())
            }
            Op::TaskGroupExit(tg, exc, propagate) => {
                let ts = task_group_of(tg)?;
                if step == 0 {
                    tg_exit_start(vm, &ts, exc.as_ref(), propagate)?;
                } else {
                    *ts.on_completed.borrow_mut() = None;
                }
                self.tg_exit_wait(vm, &ts, exc.as_ref(), propagate)
            }
            Op::WaitFor(inner, timeout) => {
                if step == 0 {
                    let lp = running_loop_state()?;
                    let fut = ensure_future(vm, inner, Some(lp.clone()))?;
                    let fs = this_fut(&fut)?;
                    if fs.done() {
                        self.step.set(u32::MAX);
                        return finish(fs.result()?);
                    }
                    if *timeout <= 0.0 {
                        self.step.set(u32::MAX);
                        cancel_any(vm, &fut)?;
                        return Err(timeout_error());
                    }
                    let waiter = new_future(vm, &lp);
                    let flag = Rc::new(Cell::new(false));
                    lp.call_later(
                        *timeout,
                        Handle::SetResult(waiter.clone(), Value::None, Some(flag.clone())),
                    );
                    *self.timer.borrow_mut() = Some(flag);
                    add_done(&fs, &fut, DoneCb::User(release_waiter(&waiter)));
                    *self.waiter.borrow_mut() = Some(Value::tuple(vec![fut, waiter.clone()]));
                    return Ok(Some(waiter));
                }
                let pair = self.waiter.borrow().clone();
                let Some(Value::Tuple(t)) = pair else {
                    self.step.set(u32::MAX);
                    return Ok(None);
                };
                let fut = t.as_slice()[0].clone();
                let fs = this_fut(&fut)?;
                if step == 1 {
                    self.cancel_timer();
                    if fs.done() {
                        self.step.set(u32::MAX);
                        return finish(fs.result()?);
                    }
                    // Timed out: cancel the inner future and wait until it has finished
                    // (`_cancel_and_wait`).
                    fs.callbacks
                        .borrow_mut()
                        .retain(|c| !matches!(c, DoneCb::User(_)));
                    let lp = running_loop_state()?;
                    let waiter2 = new_future(vm, &lp);
                    add_done(&fs, &fut, DoneCb::User(release_waiter(&waiter2)));
                    cancel_any(vm, &fut)?;
                    return Ok(Some(waiter2));
                }
                self.step.set(u32::MAX);
                if fs.state.get() == FState::Cancelled {
                    let e = timeout_error();
                    let cause = Value::Exception(fs.make_cancelled_error());
                    *e.cause.borrow_mut() = cause.clone();
                    *e.context.borrow_mut() = cause;
                    e.suppress_context.set(true);
                    return Err(e);
                }
                finish(fs.result()?)
            }
        }
    }
}

fn timeout_error() -> PyErr {
    PyException::new(exception_type("TimeoutError"), vec![])
}

impl Awaitable {
    fn cancel_timer(&self) {
        if let Some(f) = self.timer.borrow_mut().take() {
            f.set(true);
        }
    }
}

fn cancel_any(vm: &mut Vm, fut: &Value) -> PyResult<()> {
    let fs = this_fut(fut)?;
    if fs.task.is_some() {
        task_cancel(vm, std::slice::from_ref(fut), &[])?;
    } else {
        fs.cancel_future(fut, Value::None);
    }
    Ok(())
}

fn release_waiter_cb(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let waiter = arg(args, 0);
    if let Some(ws) = fut_of(&waiter) {
        if !ws.done() {
            ws.set_result(&waiter, Value::None)?;
        }
    }
    Ok(Value::None)
}

fn release_waiter(waiter: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name: "_release_waiter",
        func: release_waiter_cb,
        bound_self: Some(waiter.clone()),
        owner: None,
    }))
}

fn aw_this(args: &[Value]) -> PyResult<&Awaitable> {
    match args.first() {
        Some(Value::Native(n)) => n
            .as_any()
            .downcast_ref::<Awaitable>()
            .ok_or_else(|| type_error("descriptor requires a coroutine")),
        _ => Err(type_error("descriptor requires a coroutine")),
    }
}

fn to_send_result(r: PyResult<Option<Value>>) -> PyResult<Value> {
    match r {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(stop_iteration(None)),
        Err(e) => Err(e),
    }
}

fn aw_send(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = aw_this(args)?;
    to_send_result(a.advance(vm))
}

fn aw_throw(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let a = aw_this(args)?;
    if let (Op::TaskGroupExit(tg, exc, propagate), Value::Exception(e)) = (&a.op, arg(args, 1)) {
        // `except CancelledError` around `await self._on_completed_fut`.
        if a.step.get() != u32::MAX && is_exc(&e, "CancelledError") {
            let ts = task_group_of(tg)?;
            if !ts.aborting.get() {
                *propagate.borrow_mut() = Some(e);
                tg_abort(vm, &ts)?;
            }
            *ts.on_completed.borrow_mut() = None;
            return to_send_result(a.tg_exit_wait(vm, &ts, exc.as_ref(), propagate));
        }
    }
    a.step.set(u32::MAX);
    a.cancel_timer();
    match arg(args, 1) {
        Value::Exception(e) => Err(e),
        _ => Err(type_error(
            "exceptions must be classes or instances deriving from BaseException",
        )),
    }
}

fn aw_close(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    aw_this(args)?.step.set(u32::MAX);
    Ok(Value::None)
}

fn aw_self(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(arg(args, 0))
}

fn bound(name: &'static str, f: rpvm_object::function::NativeFn, me: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func: f,
        bound_self: Some(me.clone()),
        owner: None,
    }))
}

impl NativeObject for Awaitable {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("coroutine")
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        let name = match &self.op {
            Op::Future(_) => "Future.__await__",
            Op::Sleep(..) => "sleep",
            Op::QueueGet(_) => "Queue.get",
            Op::QueuePut(..) => "Queue.put",
            Op::QueueJoin(_) => "Queue.join",
            Op::EventWait(_) => "Event.wait",
            Op::LockAcquire(_) => "Lock.acquire",
            Op::Ready(_) => "Lock.__aexit__",
            Op::WaitFor(..) => "wait_for",
            Op::TaskGroupExit(..) => "TaskGroup.__aexit__",
        };
        Ok(format!(
            "<coroutine object {name} at {:#x}>",
            self as *const _ as usize
        ))
    }
    fn get_attr(&self, _vm: &mut Vm, me: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(Some(match name {
            "send" => bound("send", aw_send, me),
            "throw" => bound("throw", aw_throw, me),
            "close" => bound("close", aw_close, me),
            "__await__" => bound("__await__", aw_self, me),
            "__iter__" => bound("__iter__", aw_self, me),
            "__next__" => bound("__next__", aw_send, me),
            _ => return Ok(None),
        }))
    }
    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        Some(self.advance(vm))
    }
}

fn awaitable(op: Op) -> Value {
    Value::Native(NativeRef::new(Awaitable {
        op,
        step: Cell::new(0),
        waiter: RefCell::new(None),
        timer: RefCell::new(None),
    }))
}

fn number(vm: &mut Vm, v: &Value, what: &str) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Float(f) => Ok(*f),
        Value::BigInt(_) => Ok(f64::INFINITY),
        _ => {
            let _ = vm;
            Err(type_error(format!(
                "'{}' not supported between instances of '{}' and 'int'",
                what,
                rpvm_object::protocols::type_name(v)
            )))
        }
    }
}

fn sleep(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("sleep", args, kw, &["delay", "result"], 0, 1)?;
    let delay = number(vm, a[0].as_ref().unwrap_or(&Value::None), "<=")?;
    let result = a[1].clone().unwrap_or(Value::None);
    Ok(awaitable(Op::Sleep(delay, result)))
}

fn wait_for(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("wait_for", args, kw, &["fut", "timeout"], 0, 2)?;
    let inner = a[0].clone().unwrap_or(Value::None);
    let timeout = a[1].clone().unwrap_or(Value::None);
    if timeout.is_none() {
        if fut_of(&inner).is_some() {
            return fut_await(vm, &[inner], &[]);
        }
        return Ok(inner);
    }
    let t = number(vm, &timeout, "<=")?;
    Ok(awaitable(Op::WaitFor(inner, t)))
}

// ---- the event loop ----

#[derive(Debug)]
enum Handle {
    Step(Value, Option<PyErr>),
    Wakeup(Value, Value),
    GatherDone(Rc<Gather>, Value),
    Call(Value, Vec<Value>, Option<Rc<Cell<bool>>>),
    SetResult(Value, Value, Option<Rc<Cell<bool>>>),
    Stop(Rc<LoopState>),
    TaskGroupDone(Rc<TaskGroupState>, Value),
}

#[derive(Debug)]
struct LoopState {
    ready: RefCell<VecDeque<Handle>>,
    /// (when, sequence, handle), kept sorted.
    timers: RefCell<Vec<(f64, u64, Handle)>>,
    seq: Cell<u64>,
    stopping: Cell<bool>,
    running: Cell<bool>,
    closed: Cell<bool>,
    tasks: RefCell<Vec<Value>>,
    current: RefCell<Value>,
    start: Instant,
    /// The Python loop object.
    value: RefCell<Value>,
}

impl LoopState {
    fn time(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    fn call_soon(&self, h: Handle) {
        self.ready.borrow_mut().push_back(h);
    }

    fn call_at(&self, when: f64, h: Handle) {
        let seq = self.seq.get() + 1;
        self.seq.set(seq);
        let mut t = self.timers.borrow_mut();
        let pos = t
            .iter()
            .position(|(w, s, _)| (*w, *s) > (when, seq))
            .unwrap_or(t.len());
        t.insert(pos, (when, seq, h));
    }

    fn call_later(&self, delay: f64, h: Handle) {
        self.call_at(self.time() + delay.max(0.0), h);
    }
}

const LOOP: ClassSpec = ClassSpec {
    name: "_UnixSelectorEventLoop",
    module: "asyncio.unix_events",
    base: None,
    new: None,
    dunders: &[],
    methods: &[
        ("run_until_complete", loop_run_until_complete),
        ("run_forever", loop_run_forever),
        ("stop", loop_stop),
        ("close", loop_close),
        ("is_closed", loop_is_closed),
        ("is_running", loop_is_running),
        ("create_task", loop_create_task),
        ("create_future", loop_create_future),
        ("call_soon", loop_call_soon),
        ("call_later", loop_call_later),
        ("call_at", loop_call_at),
        ("time", loop_time),
        ("get_debug", loop_get_debug),
    ],
    props: &[],
};

fn new_loop(vm: &mut Vm) -> Value {
    let lp = Rc::new(LoopState {
        ready: RefCell::new(VecDeque::new()),
        timers: RefCell::new(Vec::new()),
        seq: Cell::new(0),
        stopping: Cell::new(false),
        running: Cell::new(false),
        closed: Cell::new(false),
        tasks: RefCell::new(Vec::new()),
        current: RefCell::new(Value::None),
        start: Instant::now(),
        value: RefCell::new(Value::None),
    });
    let cls = class_of(vm, &LOOP);
    let v = new_instance(cls, lp.clone());
    // The state points back at its Python object (a cycle that lives until exit, as a
    // loop usually does).
    *lp.value.borrow_mut() = v.clone();
    v
}

fn loop_of(v: &Value) -> PyResult<Rc<LoopState>> {
    st::<LoopState>(v).ok_or_else(|| type_error("an event loop was expected"))
}

fn loop_state(v: &Value) -> PyResult<Rc<LoopState>> {
    loop_of(v)
}

fn running_loop_value() -> Option<Value> {
    RUNNING_LOOP.with(|r| r.borrow().clone())
}

fn running_loop_state() -> PyResult<Rc<LoopState>> {
    match running_loop_value() {
        Some(v) => loop_of(&v),
        None => Err(runtime_error("no running event loop")),
    }
}

fn get_event_loop_value(vm: &mut Vm) -> PyResult<Value> {
    if let Some(v) = running_loop_value() {
        return Ok(v);
    }
    if let Some(v) = EVENT_LOOP.with(|e| e.borrow().clone()) {
        return Ok(v);
    }
    let v = new_loop(vm);
    EVENT_LOOP.with(|e| *e.borrow_mut() = Some(v.clone()));
    Ok(v)
}

fn report_callback_error(vm: &mut Vm, what: &Value, e: &PyErr) {
    let w = repr(vm, what).unwrap_or_default();
    let msg =
        rpvm_object::protocols::repr::str_(vm, &Value::Exception(e.clone())).unwrap_or_default();
    let line = if msg.is_empty() {
        e.class.name.clone()
    } else {
        format!("{}: {msg}", e.class.name)
    };
    vm.stderr
        .write_str(&format!("Exception in callback {w}\n{line}\n"));
}

fn run_handle(vm: &mut Vm, h: Handle) -> PyResult<()> {
    match h {
        Handle::Step(task, exc) => task_step(vm, &task, exc),
        Handle::Wakeup(task, fut) => {
            let exc = match fut_of(&fut) {
                Some(fs) => fs.result().err(),
                None => None,
            };
            task_step(vm, &task, exc)
        }
        Handle::GatherDone(g, fut) => gather_done(vm, &g, &fut),
        Handle::Call(f, args, cancelled) => {
            if cancelled.map(|c| c.get()).unwrap_or(false) {
                return Ok(());
            }
            match call(vm, &f, &args, &[]) {
                Ok(_) => Ok(()),
                Err(e) if is_base_exit(&e) => Err(e),
                Err(e) => {
                    report_callback_error(vm, &f, &e);
                    Ok(())
                }
            }
        }
        Handle::SetResult(fut, v, cancelled) => {
            if cancelled.map(|c| c.get()).unwrap_or(false) {
                return Ok(());
            }
            if let Some(fs) = fut_of(&fut) {
                if !fs.done() {
                    fs.set_result(&fut, v)?;
                }
            }
            Ok(())
        }
        Handle::Stop(lp) => {
            lp.stopping.set(true);
            Ok(())
        }
        Handle::TaskGroupDone(tg, task) => tg_on_task_done(vm, &tg, &task),
    }
}

/// One `_run_once` iteration. `Ok(false)` when nothing can ever happen again.
fn run_once(vm: &mut Vm, lp: &Rc<LoopState>) -> PyResult<bool> {
    crate::weakref::run_pending(vm);
    // Cancelled timers at the head are dropped (they must not make the loop sleep).
    loop {
        let cancelled = match lp.timers.borrow().first() {
            Some((_, _, Handle::Call(_, _, Some(c))))
            | Some((_, _, Handle::SetResult(_, _, Some(c)))) => c.get(),
            _ => false,
        };
        if !cancelled {
            break;
        }
        lp.timers.borrow_mut().remove(0);
    }
    let idle = lp.ready.borrow().is_empty() && !lp.stopping.get();
    if idle {
        let first = lp.timers.borrow().first().map(|(w, _, _)| *w);
        match first {
            None => return Ok(false),
            Some(when) => {
                let timeout = (when - lp.time()).max(0.0);
                if timeout > 0.0 {
                    // epoll's millisecond resolution, rounded up as selectors does.
                    let ms = (timeout * 1e3).ceil();
                    std::thread::sleep(Duration::from_secs_f64((ms * 1e-3).min(86400.0)));
                }
            }
        }
    }
    let end = lp.time() + 1e-9;
    loop {
        let due = matches!(lp.timers.borrow().first(), Some((w, _, _)) if *w < end);
        if !due {
            break;
        }
        let (_, _, h) = lp.timers.borrow_mut().remove(0);
        lp.ready.borrow_mut().push_back(h);
    }
    let ntodo = lp.ready.borrow().len();
    for _ in 0..ntodo {
        let h = lp.ready.borrow_mut().pop_front();
        let Some(h) = h else { break };
        run_handle(vm, h)?;
    }
    lp.tasks
        .borrow_mut()
        .retain(|t| fut_of(t).map(|f| !f.done()).unwrap_or(false));
    Ok(true)
}

fn run_forever(vm: &mut Vm, lp: &Rc<LoopState>) -> PyResult<()> {
    if lp.closed.get() {
        return Err(runtime_error("Event loop is closed"));
    }
    if lp.running.get() {
        return Err(runtime_error("This event loop is already running"));
    }
    if running_loop_value().is_some() {
        return Err(runtime_error(
            "Cannot run the event loop while another loop is running",
        ));
    }
    let me = lp.value.borrow().clone();
    RUNNING_LOOP.with(|r| *r.borrow_mut() = Some(me));
    lp.running.set(true);
    let result = (|| -> PyResult<()> {
        loop {
            if !run_once(vm, lp)? {
                return Err(runtime_error("Event loop stopped before Future completed."));
            }
            if lp.stopping.get() {
                return Ok(());
            }
        }
    })();
    lp.stopping.set(false);
    lp.running.set(false);
    RUNNING_LOOP.with(|r| *r.borrow_mut() = None);
    result
}

fn run_until_complete(vm: &mut Vm, lp: &Rc<LoopState>, aw: &Value) -> PyResult<Value> {
    if lp.closed.get() {
        return Err(runtime_error("Event loop is closed"));
    }
    if lp.running.get() {
        return Err(runtime_error("This event loop is already running"));
    }
    let fut = ensure_future(vm, aw, Some(lp.clone()))?;
    let fs = this_fut(&fut)?;
    add_done(&fs, &fut, DoneCb::Stop(lp.clone()));
    let r = run_forever(vm, lp);
    fs.callbacks
        .borrow_mut()
        .retain(|c| !matches!(c, DoneCb::Stop(_)));
    if let Err(e) = r {
        if !(e.is_instance_of("RuntimeError") && fs.done()) {
            return Err(e);
        }
    }
    if !fs.done() {
        return Err(runtime_error("Event loop stopped before Future completed."));
    }
    fs.result()
}

fn this_loop(args: &[Value]) -> PyResult<Rc<LoopState>> {
    loop_of(&arg(args, 0))
}

fn loop_run_until_complete(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    run_until_complete(vm, &lp, &arg(args, 1))
}

fn loop_run_forever(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    run_forever(vm, &lp)?;
    Ok(Value::None)
}

fn loop_stop(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    this_loop(args)?.stopping.set(true);
    Ok(Value::None)
}

fn loop_close(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    if lp.running.get() {
        return Err(runtime_error("Cannot close a running event loop"));
    }
    lp.closed.set(true);
    lp.ready.borrow_mut().clear();
    lp.timers.borrow_mut().clear();
    Ok(Value::None)
}

fn loop_is_closed(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(this_loop(args)?.closed.get()))
}

fn loop_is_running(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(this_loop(args)?.running.get()))
}

fn loop_get_debug(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn loop_create_task(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    let name = kwarg(args, kw, "name").unwrap_or(Value::None);
    make_task(vm, &lp, arg(args, 1), name)
}

fn loop_create_future(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    Ok(new_future(vm, &lp))
}

const TIMER_HANDLE: ClassSpec = ClassSpec {
    name: "TimerHandle",
    module: "asyncio.events",
    base: None,
    new: None,
    dunders: &[],
    methods: &[("cancel", handle_cancel), ("cancelled", handle_cancelled)],
    props: &[],
};

#[derive(Debug)]
struct HandleFlag(Rc<Cell<bool>>);

fn handle_cancel(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Some(h) = st::<HandleFlag>(&arg(args, 0)) {
        h.0.set(true);
    }
    Ok(Value::None)
}

fn handle_cancelled(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(
        st::<HandleFlag>(&arg(args, 0))
            .map(|h| h.0.get())
            .unwrap_or(false),
    ))
}

fn schedule_call(
    vm: &mut Vm,
    args: &[Value],
    kw: &[Value],
    first_arg: usize,
    when: Option<f64>,
) -> PyResult<Value> {
    let lp = this_loop(args)?;
    let np = npos(args, kw);
    if np <= first_arg {
        return Err(type_error("a callback is required"));
    }
    let f = args[first_arg].clone();
    let cargs = args[first_arg + 1..np].to_vec();
    let flag = Rc::new(Cell::new(false));
    let h = Handle::Call(f, cargs, Some(flag.clone()));
    match when {
        None => lp.call_soon(h),
        Some(w) => lp.call_at(w, h),
    }
    let cls = class_of(vm, &TIMER_HANDLE);
    Ok(new_instance(cls, Rc::new(HandleFlag(flag))))
}

fn loop_call_soon(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    schedule_call(vm, args, kw, 1, None)
}

fn loop_call_later(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let lp = this_loop(args)?;
    let d = number(vm, &arg(args, 1), "<=")?;
    let when = lp.time() + d.max(0.0);
    schedule_call(vm, args, kw, 2, Some(when))
}

fn loop_call_at(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let when = number(vm, &arg(args, 1), "<=")?;
    schedule_call(vm, args, kw, 2, Some(when))
}

fn loop_time(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Float(this_loop(args)?.time()))
}

// ---- module functions ----

fn run(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse("run", args, kw, &["main", "debug"], 0, 1)?;
    let main = a[0].clone().unwrap_or(Value::None);
    if running_loop_value().is_some() {
        return Err(runtime_error(
            "asyncio.run() cannot be called from a running event loop",
        ));
    }
    if !is_coroutine(&main) {
        let r = repr(vm, &main)?;
        return Err(value_error(format!("a coroutine was expected, got {r}")));
    }
    let loop_v = new_loop(vm);
    let lp = loop_of(&loop_v)?;
    EVENT_LOOP.with(|e| *e.borrow_mut() = Some(loop_v.clone()));
    let task = make_task(vm, &lp, main, Value::None)?;
    let result = run_until_complete(vm, &lp, &task);
    // Runner.close(): cancel what is left and let it finish.
    let left: Vec<Value> = lp
        .tasks
        .borrow()
        .iter()
        .filter(|t| fut_of(t).map(|f| !f.done()).unwrap_or(false))
        .cloned()
        .collect();
    if !left.is_empty() && !lp.closed.get() {
        for t in &left {
            task_cancel(vm, std::slice::from_ref(t), &[])?;
        }
        let names = [Value::str("return_exceptions")];
        let mut gargs = left.clone();
        gargs.push(Value::Bool(true));
        let g = gather(vm, &gargs, &names)?;
        let r = run_until_complete(vm, &lp, &g);
        if let Err(e) = r {
            if is_base_exit(&e) {
                return Err(e);
            }
        }
    }
    lp.closed.set(true);
    EVENT_LOOP.with(|e| *e.borrow_mut() = None);
    result
}

fn create_task(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let coro = arg(args, 0);
    let lp = match running_loop_state() {
        Ok(lp) => lp,
        Err(e) => {
            if let Value::Native(n) = &coro {
                // CPython closes the coroutine so it does not warn "never awaited".
                let _ = n;
            }
            return Err(e);
        }
    };
    let name = kwarg(args, kw, "name").unwrap_or(Value::None);
    make_task(vm, &lp, coro, name)
}

fn ensure_future_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let lp = match kwarg(args, kw, "loop") {
        Some(l) if !l.is_none() => Some(loop_of(&l)?),
        _ => None,
    };
    ensure_future(vm, &arg(args, 0), lp)
}

fn get_event_loop(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    get_event_loop_value(vm)
}

fn get_running_loop(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    running_loop_value().ok_or_else(|| runtime_error("no running event loop"))
}

fn new_event_loop(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(new_loop(vm))
}

fn set_event_loop(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = arg(args, 0);
    EVENT_LOOP.with(|e| *e.borrow_mut() = if v.is_none() { None } else { Some(v) });
    Ok(Value::None)
}

fn current_task(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = match args.first() {
        Some(l) if !l.is_none() => loop_of(l)?,
        _ => running_loop_state()?,
    };
    let cur = lp.current.borrow().clone();
    Ok(cur)
}

fn all_tasks(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let lp = match args.first() {
        Some(l) if !l.is_none() => loop_of(l)?,
        _ => running_loop_state()?,
    };
    let tasks: Vec<Value> = lp
        .tasks
        .borrow()
        .iter()
        .filter(|t| fut_of(t).map(|f| !f.done()).unwrap_or(false))
        .cloned()
        .collect();
    let s = Rc::new(rpvm_object::set::PySet::new());
    let sv = Value::Set(s);
    for t in tasks {
        let add = get_attr(_vm, &sv, "add")?;
        call(_vm, &add, &[t], &[])?;
    }
    Ok(sv)
}

fn iscoroutine(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(is_coroutine(&arg(args, 0))))
}

fn iscoroutinefunction(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(match arg(args, 0) {
        Value::Function(f) => f.code.code.flags & rpvm_loader_flags::CO_COROUTINE != 0,
        _ => false,
    }))
}

mod rpvm_loader_flags {
    /// `CO_COROUTINE` of `code.co_flags`.
    pub const CO_COROUTINE: u32 = 0x80;
}

fn isfuture(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(fut_of(&arg(args, 0)).is_some()))
}

// ---- Queue ----

#[derive(Debug)]
struct QueueState {
    maxsize: i64,
    items: RefCell<VecDeque<Value>>,
    getters: RefCell<VecDeque<Value>>,
    putters: RefCell<VecDeque<Value>>,
    unfinished: Cell<i64>,
    join_waiters: RefCell<Vec<Value>>,
}

impl QueueState {
    fn full(&self) -> bool {
        self.maxsize > 0 && self.items.borrow().len() as i64 >= self.maxsize
    }
}

fn wakeup_next(waiters: &RefCell<VecDeque<Value>>) -> PyResult<()> {
    loop {
        let w = waiters.borrow_mut().pop_front();
        let Some(w) = w else { return Ok(()) };
        if let Some(fs) = fut_of(&w) {
            if !fs.done() {
                fs.set_result(&w, Value::None)?;
                return Ok(());
            }
        }
    }
}

fn queue_get_nowait(qs: &QueueState) -> PyResult<Value> {
    let item = qs.items.borrow_mut().pop_front();
    match item {
        Some(v) => {
            wakeup_next(&qs.putters)?;
            Ok(v)
        }
        None => Err(new_exc("QueueEmpty", vec![])),
    }
}

fn queue_put_nowait(qs: &QueueState, item: Value) -> PyResult<()> {
    if qs.full() {
        return Err(new_exc("QueueFull", vec![]));
    }
    qs.items.borrow_mut().push_back(item);
    qs.unfinished.set(qs.unfinished.get() + 1);
    wakeup_next(&qs.getters)
}

fn queue_of(v: &Value) -> PyResult<Rc<QueueState>> {
    st::<QueueState>(v).ok_or_else(|| type_error("descriptor requires a 'Queue' object"))
}

const QUEUE: ClassSpec = ClassSpec {
    name: "Queue",
    module: "asyncio.queues",
    base: None,
    new: None,
    dunders: &[("__init__", q_init)],
    methods: &[
        ("put", q_put),
        ("get", q_get),
        ("put_nowait", q_put_nowait),
        ("get_nowait", q_get_nowait),
        ("qsize", q_qsize),
        ("empty", q_empty),
        ("full", q_full),
        ("task_done", q_task_done),
        ("join", q_join),
    ],
    props: &[("maxsize", q_maxsize)],
};

fn q_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = crate::args::parse(
        "Queue",
        args.get(1..).unwrap_or(&[]),
        kw,
        &["maxsize"],
        0,
        0,
    )?;
    let maxsize = match &a[0] {
        Some(v) => number(vm, v, "<=")? as i64,
        None => 0,
    };
    if let Value::Instance(i) = &a0(args) {
        *i.builtin_base.borrow_mut() =
            Some(Value::Native(NativeRef::new(State(Rc::new(QueueState {
                maxsize,
                items: RefCell::new(VecDeque::new()),
                getters: RefCell::new(VecDeque::new()),
                putters: RefCell::new(VecDeque::new()),
                unfinished: Cell::new(0),
                join_waiters: RefCell::new(Vec::new()),
            })))));
    }
    Ok(Value::None)
}

fn q_put(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    queue_of(&a0(args))?;
    Ok(awaitable(Op::QueuePut(a0(args), arg(args, 1))))
}

fn q_get(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    queue_of(&a0(args))?;
    Ok(awaitable(Op::QueueGet(a0(args))))
}

fn q_join(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    queue_of(&a0(args))?;
    Ok(awaitable(Op::QueueJoin(a0(args))))
}

fn q_put_nowait(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let qs = queue_of(&a0(args))?;
    queue_put_nowait(&qs, arg(args, 1))?;
    Ok(Value::None)
}

fn q_get_nowait(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let qs = queue_of(&a0(args))?;
    queue_get_nowait(&qs)
}

fn q_qsize(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(queue_of(&a0(args))?.items.borrow().len() as i64))
}

fn q_empty(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(queue_of(&a0(args))?.items.borrow().is_empty()))
}

fn q_full(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(queue_of(&a0(args))?.full()))
}

fn q_maxsize(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(queue_of(&a0(args))?.maxsize))
}

fn q_task_done(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let qs = queue_of(&a0(args))?;
    if qs.unfinished.get() <= 0 {
        return Err(value_error("task_done() called too many times"));
    }
    qs.unfinished.set(qs.unfinished.get() - 1);
    if qs.unfinished.get() == 0 {
        let waiters: Vec<Value> = qs.join_waiters.borrow_mut().drain(..).collect();
        for w in waiters {
            if let Some(fs) = fut_of(&w) {
                if !fs.done() {
                    fs.set_result(&w, Value::Bool(true))?;
                }
            }
        }
    }
    Ok(Value::None)
}

// ---- Event ----

#[derive(Debug)]
struct EventState {
    value: Cell<bool>,
    waiters: RefCell<Vec<Value>>,
}

fn event_of(v: &Value) -> PyResult<Rc<EventState>> {
    st::<EventState>(v).ok_or_else(|| type_error("descriptor requires an 'Event' object"))
}

const EVENT: ClassSpec = ClassSpec {
    name: "Event",
    module: "asyncio.locks",
    base: None,
    new: None,
    dunders: &[("__init__", ev_init)],
    methods: &[
        ("set", ev_set),
        ("clear", ev_clear),
        ("is_set", ev_is_set),
        ("wait", ev_wait),
    ],
    props: &[],
};

fn ev_init(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Value::Instance(i) = &a0(args) {
        *i.builtin_base.borrow_mut() =
            Some(Value::Native(NativeRef::new(State(Rc::new(EventState {
                value: Cell::new(false),
                waiters: RefCell::new(Vec::new()),
            })))));
    }
    Ok(Value::None)
}

fn ev_set(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let es = event_of(&a0(args))?;
    if !es.value.get() {
        es.value.set(true);
        let waiters = es.waiters.borrow().clone();
        for w in waiters {
            if let Some(fs) = fut_of(&w) {
                if !fs.done() {
                    fs.set_result(&w, Value::Bool(true))?;
                }
            }
        }
    }
    Ok(Value::None)
}

fn ev_clear(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    event_of(&a0(args))?.value.set(false);
    Ok(Value::None)
}

fn ev_is_set(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(event_of(&a0(args))?.value.get()))
}

fn ev_wait(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    event_of(&a0(args))?;
    Ok(awaitable(Op::EventWait(a0(args))))
}

// ---- Lock ----

#[derive(Debug)]
struct LockState {
    locked: Cell<bool>,
    waiters: RefCell<VecDeque<Value>>,
}

fn lock_of(v: &Value) -> PyResult<Rc<LockState>> {
    st::<LockState>(v).ok_or_else(|| type_error("descriptor requires a 'Lock' object"))
}

const LOCK: ClassSpec = ClassSpec {
    name: "Lock",
    module: "asyncio.locks",
    base: None,
    new: None,
    dunders: &[("__init__", lock_init)],
    methods: &[
        ("__aenter__", lock_acquire),
        ("__aexit__", lock_aexit),
        ("acquire", lock_acquire),
        ("release", lock_release),
        ("locked", lock_locked),
    ],
    props: &[],
};

fn lock_init(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Value::Instance(i) = &a0(args) {
        *i.builtin_base.borrow_mut() =
            Some(Value::Native(NativeRef::new(State(Rc::new(LockState {
                locked: Cell::new(false),
                waiters: RefCell::new(VecDeque::new()),
            })))));
    }
    Ok(Value::None)
}

fn lock_acquire(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    lock_of(&a0(args))?;
    Ok(awaitable(Op::LockAcquire(a0(args))))
}

fn lock_release_impl(ls: &LockState) -> PyResult<()> {
    if !ls.locked.get() {
        return Err(runtime_error("Lock is not acquired."));
    }
    ls.locked.set(false);
    let first = ls.waiters.borrow().front().cloned();
    if let Some(w) = first {
        if let Some(fs) = fut_of(&w) {
            if !fs.done() {
                fs.set_result(&w, Value::Bool(true))?;
            }
        }
    }
    Ok(())
}

fn lock_release(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let ls = lock_of(&a0(args))?;
    lock_release_impl(&ls)?;
    Ok(Value::None)
}

fn lock_aexit(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let ls = lock_of(&a0(args))?;
    lock_release_impl(&ls)?;
    Ok(awaitable(Op::Ready(Value::None)))
}

fn lock_locked(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(lock_of(&a0(args))?.locked.get()))
}

// ---- module ----

/// The `asyncio` module.
pub fn make_asyncio(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("asyncio"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("run", run),
        ("sleep", sleep),
        ("gather", gather),
        ("create_task", create_task),
        ("ensure_future", ensure_future_fn),
        ("wait_for", wait_for),
        ("get_event_loop", get_event_loop),
        ("get_running_loop", get_running_loop),
        ("new_event_loop", new_event_loop),
        ("set_event_loop", set_event_loop),
        ("current_task", current_task),
        ("all_tasks", all_tasks),
        ("iscoroutine", iscoroutine),
        ("iscoroutinefunction", iscoroutinefunction),
        ("isfuture", isfuture),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let fut = future_class(vm);
    d.set_str("Future", Value::Type(fut));
    let task = task_class(vm);
    d.set_str("Task", Value::Type(task));
    d.set_str("Queue", Value::Type(class_of(vm, &QUEUE)));
    d.set_str("Event", Value::Type(class_of(vm, &EVENT)));
    d.set_str("Lock", Value::Type(class_of(vm, &LOCK)));
    d.set_str("TaskGroup", Value::Type(class_of(vm, &TASK_GROUP)));
    for n in [
        "CancelledError",
        "InvalidStateError",
        "QueueEmpty",
        "QueueFull",
    ] {
        d.set_str(n, Value::Type(exc_class(n)));
    }
    d.set_str("TimeoutError", Value::Type(exception_type("TimeoutError")));
    let m = Value::Module(Rc::new(PyModule {
        name: "asyncio".to_string(),
        dict: d,
    }));
    vm.modules.set_str("asyncio", m.clone());
    m
}

// ---- TaskGroup ----

/// The state of a `TaskGroup` (3.11's `asyncio/taskgroups.py`).
#[derive(Debug)]
struct TaskGroupState {
    entered: Cell<bool>,
    exiting: Cell<bool>,
    aborting: Cell<bool>,
    lp: RefCell<Option<Rc<LoopState>>>,
    parent: RefCell<Value>,
    parent_cancel_requested: Cell<bool>,
    tasks: RefCell<Vec<Value>>,
    errors: RefCell<Vec<PyErr>>,
    base_error: RefCell<Option<PyErr>>,
    on_completed: RefCell<Option<Value>>,
}

fn task_group_of(v: &Value) -> PyResult<Rc<TaskGroupState>> {
    st::<TaskGroupState>(v).ok_or_else(|| type_error("descriptor requires a 'TaskGroup' object"))
}

const TASK_GROUP: ClassSpec = ClassSpec {
    name: "TaskGroup",
    module: "asyncio.taskgroups",
    base: None,
    new: None,
    dunders: &[("__init__", tg_init), ("__repr__", tg_repr)],
    methods: &[
        ("__aenter__", tg_aenter),
        ("__aexit__", tg_aexit),
        ("create_task", tg_create_task),
    ],
    props: &[],
};

fn tg_init(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    if let Value::Instance(i) = &a0(args) {
        *i.builtin_base.borrow_mut() = Some(Value::Native(NativeRef::new(State(Rc::new(
            TaskGroupState {
                entered: Cell::new(false),
                exiting: Cell::new(false),
                aborting: Cell::new(false),
                lp: RefCell::new(None),
                parent: RefCell::new(Value::None),
                parent_cancel_requested: Cell::new(false),
                tasks: RefCell::new(Vec::new()),
                errors: RefCell::new(Vec::new()),
                base_error: RefCell::new(None),
                on_completed: RefCell::new(None),
            },
        )))));
    }
    Ok(Value::None)
}

fn tg_repr_of(ts: &TaskGroupState) -> String {
    let mut info = String::new();
    let n = ts.tasks.borrow().len();
    if n > 0 {
        info.push_str(&format!(" tasks={n}"));
    }
    let n = ts.errors.borrow().len();
    if n > 0 {
        info.push_str(&format!(" errors={n}"));
    }
    if ts.aborting.get() {
        info.push_str(" cancelling");
    } else if ts.entered.get() {
        info.push_str(" entered");
    }
    format!("<TaskGroup{info}>")
}

fn tg_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let ts = task_group_of(&a0(args))?;
    Ok(Value::string(tg_repr_of(&ts)))
}

fn tg_aenter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let me = a0(args);
    let ts = task_group_of(&me)?;
    if ts.entered.get() {
        return Err(runtime_error(format!(
            "TaskGroup {} has been already entered",
            tg_repr_of(&ts)
        )));
    }
    ts.entered.set(true);
    let lp = running_loop_state()?;
    let parent = lp.current.borrow().clone();
    if parent.is_none() {
        return Err(runtime_error(format!(
            "TaskGroup {} cannot determine the parent task",
            tg_repr_of(&ts)
        )));
    }
    *ts.lp.borrow_mut() = Some(lp);
    *ts.parent.borrow_mut() = parent;
    Ok(awaitable(Op::Ready(me)))
}

fn tg_aexit(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let me = a0(args);
    task_group_of(&me)?;
    let exc = match arg(args, 2) {
        Value::Exception(e) => Some(e),
        _ => None,
    };
    Ok(awaitable(Op::TaskGroupExit(me, exc, RefCell::new(None))))
}

fn tg_abort(vm: &mut Vm, ts: &TaskGroupState) -> PyResult<()> {
    ts.aborting.set(true);
    let tasks = ts.tasks.borrow().clone();
    for t in tasks {
        if !this_fut(&t)?.done() {
            task_cancel(vm, std::slice::from_ref(&t), &[])?;
        }
    }
    Ok(())
}

/// The part of `__aexit__` before it waits for the tasks.
fn tg_exit_start(
    vm: &mut Vm,
    ts: &TaskGroupState,
    exc: Option<&PyErr>,
    propagate: &RefCell<Option<PyErr>>,
) -> PyResult<()> {
    ts.exiting.set(true);
    if let Some(e) = exc {
        if is_base_exit(e) && ts.base_error.borrow().is_none() {
            *ts.base_error.borrow_mut() = Some(e.clone());
        }
        if Rc::ptr_eq(&e.class, &exc_class("CancelledError")) {
            let parent = ts.parent.borrow().clone();
            let swallow = ts.parent_cancel_requested.get()
                && match fut_of(&parent) {
                    Some(pf) => pf.task.as_ref().map(uncancel) == Some(0),
                    None => false,
                };
            if !swallow {
                *propagate.borrow_mut() = Some(e.clone());
            }
        }
        if !ts.aborting.get() {
            tg_abort(vm, ts)?;
        }
    }
    Ok(())
}

impl Awaitable {
    /// `while self._tasks: await self._on_completed_fut`, then the end of `__aexit__`.
    fn tg_exit_wait(
        &self,
        vm: &mut Vm,
        ts: &TaskGroupState,
        exc: Option<&PyErr>,
        propagate: &RefCell<Option<PyErr>>,
    ) -> PyResult<Option<Value>> {
        if !ts.tasks.borrow().is_empty() {
            let lp = ts.lp.borrow().clone();
            let lp = match lp {
                Some(l) => l,
                None => running_loop_state()?,
            };
            let fut = new_future(vm, &lp);
            *ts.on_completed.borrow_mut() = Some(fut.clone());
            return Ok(Some(fut));
        }
        self.step.set(u32::MAX);
        if let Some(e) = ts.base_error.borrow().clone() {
            return Err(e);
        }
        let prop = propagate.borrow().clone();
        if let Some(p) = prop {
            if ts.errors.borrow().is_empty() {
                return Err(p);
            }
        }
        if let Some(e) = exc {
            if !Rc::ptr_eq(&e.class, &exc_class("CancelledError")) {
                ts.errors.borrow_mut().push(e.clone());
            }
        }
        let errors: Vec<PyErr> = ts.errors.borrow_mut().drain(..).collect();
        if errors.is_empty() {
            return Ok(None);
        }
        let cls = exception_type("BaseExceptionGroup");
        let items = Value::list(errors.into_iter().map(Value::Exception).collect());
        let eg = call(
            vm,
            &Value::Type(cls),
            &[Value::str("unhandled errors in a TaskGroup"), items],
            &[],
        )?;
        match eg {
            Value::Exception(e) => {
                e.suppress_context.set(true);
                Err(e)
            }
            _ => Err(runtime_error(
                "BaseExceptionGroup() did not make an exception",
            )),
        }
    }
}

fn tg_create_task(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let me = a0(args);
    let ts = task_group_of(&me)?;
    if !ts.entered.get() {
        return Err(runtime_error(format!(
            "TaskGroup {} has not been entered",
            tg_repr_of(&ts)
        )));
    }
    if ts.exiting.get() && ts.tasks.borrow().is_empty() {
        return Err(runtime_error(format!(
            "TaskGroup {} is finished",
            tg_repr_of(&ts)
        )));
    }
    if ts.aborting.get() {
        return Err(runtime_error(format!(
            "TaskGroup {} is shutting down",
            tg_repr_of(&ts)
        )));
    }
    let np = npos(args, kw);
    let coro = arg(&args[..np], 1);
    let name = kwarg(args, kw, "name").unwrap_or(Value::None);
    let lp = ts.lp.borrow().clone();
    let lp = match lp {
        Some(l) => l,
        None => running_loop_state()?,
    };
    let task = make_task(vm, &lp, coro, name)?;
    let fs = this_fut(&task)?;
    ts.tasks.borrow_mut().push(task.clone());
    add_done(&fs, &task, DoneCb::TaskGroup(ts.clone()));
    Ok(task)
}

/// `TaskGroup._on_task_done(task)`.
fn tg_on_task_done(vm: &mut Vm, ts: &Rc<TaskGroupState>, task: &Value) -> PyResult<()> {
    ts.tasks.borrow_mut().retain(|t| !t.is(task));
    if ts.tasks.borrow().is_empty() {
        let fut = ts.on_completed.borrow().clone();
        if let Some(f) = fut {
            let fs = this_fut(&f)?;
            if !fs.done() {
                fs.set_result(&f, Value::Bool(true))?;
            }
        }
    }
    let fs = this_fut(task)?;
    if fs.state.get() == FState::Cancelled {
        return Ok(());
    }
    let Some(e) = fs.exception.borrow().clone() else {
        return Ok(());
    };
    ts.errors.borrow_mut().push(e.clone());
    if is_base_exit(&e) && ts.base_error.borrow().is_none() {
        *ts.base_error.borrow_mut() = Some(e);
    }
    let parent = ts.parent.borrow().clone();
    if fut_of(&parent).map(|p| p.done()).unwrap_or(true) {
        return Ok(());
    }
    if !ts.aborting.get() && !ts.parent_cancel_requested.get() {
        tg_abort(vm, ts)?;
        ts.parent_cancel_requested.set(true);
        task_cancel(vm, std::slice::from_ref(&parent), &[])?;
    }
    Ok(())
}
