//! Frames: the fast locals, the value stack and the namespaces one code object runs with.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::function::{PyCode, PyFunction};
use rpvm_object::{Value, Vm};

/// An executing (or suspended) code object.
#[derive(Debug)]
pub struct Frame {
    /// The code being run.
    pub code: Rc<PyCode>,
    /// `localsplus`: arguments and locals, then cells, then free variables.
    /// [`Value::Null`] marks an unbound local.
    pub locals: Vec<Value>,
    /// The value stack.
    pub stack: Vec<Value>,
    /// Module globals.
    pub globals: Rc<PyDict>,
    /// The locals mapping for module and class bodies (LOAD_NAME / STORE_NAME).
    pub locals_dict: Option<Rc<PyDict>>,
    /// Code unit to resume at (generators) — 0 for a fresh frame.
    pub resume_at: usize,
    /// The code unit of the instruction executing now (for tracebacks).
    pub lasti: usize,
    /// The function being run (for `super()` and `__class__`), if any.
    pub function: Option<Rc<PyFunction>>,
    /// An exception to raise at the resume point (`generator.throw()`).
    pub thrown: Option<rpvm_object::PyErr>,
    /// Whether this frame runs `__init__` for a class call made in place by CALL: its
    /// return value must be None, and the caller already holds the new instance.
    pub is_init: bool,
}

/// A cleared vector with at least `capacity` slots, from the Vm's pool when possible.
#[inline]
pub fn take_vec(vm: &mut Vm, capacity: usize) -> Vec<Value> {
    match vm.value_pool.pop() {
        Some(mut v) => {
            v.reserve(capacity);
            v
        }
        None => Vec::with_capacity(capacity.max(8)),
    }
}

/// Returns a vector to the pool.
#[inline(always)]
pub fn give_vec(vm: &mut Vm, mut v: Vec<Value>) {
    // Unboxed values (ints, floats, NULL) need no drop glue: skip its out-of-line call.
    while let Some(x) = v.pop() {
        x.discard();
    }
    if v.capacity() <= 256 && vm.value_pool.len() < 512 {
        vm.value_pool.push(v);
    }
}

impl Frame {
    /// A new frame for `code` with unbound locals.
    #[inline]
    pub fn new(vm: &mut Vm, code: Rc<PyCode>, globals: Rc<PyDict>) -> Frame {
        let n = code.code.nlocalsplus();
        let mut locals = take_vec(vm, n);
        for _ in 0..n {
            locals.push(Value::Null);
        }
        let stack = take_vec(vm, code.code.raw.stacksize.max(0) as usize);
        Frame {
            code,
            locals,
            stack,
            globals,
            locals_dict: None,
            resume_at: 0,
            lasti: 0,
            function: None,
            thrown: None,
            is_init: false,
        }
    }

    /// Empties a finished callee frame for reuse by the next call: drops its values, its
    /// function and any pending exception, keeping the vectors' memory (and the code and
    /// globals, which the next call replaces).
    #[inline(always)]
    pub fn clear(&mut self, vm: &mut Vm) {
        let _ = vm;
        while let Some(x) = self.locals.pop() {
            x.discard();
        }
        while let Some(x) = self.stack.pop() {
            x.discard();
        }
        self.function = None;
        self.locals_dict = None;
        self.thrown = None;
        self.is_init = false;
    }

    /// Finishes setting up a reusable callee slot whose locals are in place for a call of
    /// `func`: room on the value stack, the function's code and globals (kept when the slot
    /// last ran the same ones), and a fresh start.
    #[inline(always)]
    pub fn start_call(&mut self, func: Rc<PyFunction>) {
        self.stack
            .reserve(func.code.code.raw.stacksize.max(0) as usize + 1);
        if !Rc::ptr_eq(&self.code, &func.code) {
            self.code = func.code.clone();
        }
        if !Rc::ptr_eq(&self.globals, &func.globals) {
            self.globals = func.globals.clone();
        }
        self.resume_at = 0;
        self.lasti = 0;
        self.function = Some(func);
    }

    /// Returns the frame's vectors to the pool.
    #[inline(always)]
    pub fn recycle(self, vm: &mut Vm) {
        give_vec(vm, self.locals);
        give_vec(vm, self.stack);
    }
}
