//! Frames: the fast locals, the value stack and the namespaces one code object runs with.

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::function::PyCode;
use rpvm_object::Value;

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
    /// The builtins namespace.
    pub builtins: Rc<PyDict>,
    /// The locals mapping for module and class bodies (LOAD_NAME / STORE_NAME).
    pub locals_dict: Option<Rc<PyDict>>,
    /// Code unit to resume at (generators) — 0 for a fresh frame.
    pub resume_at: usize,
    /// The code unit of the instruction executing now (for tracebacks).
    pub lasti: usize,
    /// The function being run (for `super()` and `__class__`), if any.
    pub function: Option<Value>,
    /// An exception to raise at the resume point (`generator.throw()`).
    pub thrown: Option<rpvm_object::PyErr>,
}

thread_local! {
    /// Recycled `locals`/`stack` vectors: Python calls reuse memory instead of allocating.
    static POOL: RefCell<Vec<Vec<Value>>> = const { RefCell::new(Vec::new()) };
}

/// A cleared vector with at least `capacity` slots, from the pool if one is available.
#[inline]
pub fn take_vec(capacity: usize) -> Vec<Value> {
    let v = POOL.with(|p| p.borrow_mut().pop());
    match v {
        Some(mut v) => {
            v.reserve(capacity);
            v
        }
        None => Vec::with_capacity(capacity.max(8)),
    }
}

/// Returns a vector to the pool.
#[inline]
pub fn give_vec(mut v: Vec<Value>) {
    v.clear();
    if v.capacity() <= 256 {
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < 512 {
                p.push(v);
            }
        });
    }
}

impl Frame {
    /// A new frame for `code` with unbound locals.
    pub fn new(code: Rc<PyCode>, globals: Rc<PyDict>, builtins: Rc<PyDict>) -> Frame {
        let n = code.code.nlocalsplus();
        let mut locals = take_vec(n);
        locals.resize(n, Value::Null);
        let stack = take_vec(code.code.raw.stacksize.max(0) as usize);
        Frame {
            code,
            locals,
            stack,
            globals,
            builtins,
            locals_dict: None,
            resume_at: 0,
            lasti: 0,
            function: None,
            thrown: None,
        }
    }

    /// Returns the frame's vectors to the pool.
    pub fn recycle(self) {
        give_vec(self.locals);
        give_vec(self.stack);
    }
}
