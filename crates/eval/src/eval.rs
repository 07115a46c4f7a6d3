//! The eval loop: one `match` over decoded 3.11 instructions.
//!
//! Each arm is one opcode; the stack effect is in the comment above it. Hot opcodes
//! (LOAD_FAST, STORE_FAST, LOAD_CONST, jumps, small-int BINARY_OP and COMPARE_OP) do no
//! allocation and no hashing. Errors leave the dispatch loop through `tri!`, which breaks out
//! with the exception; the code after the loop consults the exception table
//! (PEP 654-style zero-cost handling, as CPython 3.11 does) and either jumps to the handler
//! or returns the error to the caller.

use std::rc::Rc;

use rpvm_loader::exctable::find_handler;
use rpvm_loader::{Instr, Opcode};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{
    name_error, system_error, type_error, PyErr, PyException, PyResult, TracebackEntry,
};
use rpvm_object::function::{NameCache, PyCode, PyFunction};
use rpvm_object::iter::{IterState, PyIter};
use rpvm_object::protocols::attr::{
    get_attr_cached, get_attr_hashed, load_method_cached, load_method_hashed, set_attr_cached,
    set_attr_hashed, Method,
};
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::iter::get_iter;
use rpvm_object::protocols::subscript::{contains, get_item, set_item};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::tuple::PyTuple;
use rpvm_object::{Value, Vm};

use crate::frame::Frame;
use crate::ops;

/// How a frame stopped.
#[derive(Debug)]
pub enum FrameResult {
    /// RETURN_VALUE: the frame is finished.
    Return(Value),
    /// YIELD_VALUE (or RETURN_GENERATOR, with NULL): the frame is suspended at
    /// `frame.resume_at`.
    Yield(Value),
}

/// `stack[len - n]` (n >= 1), or NULL if the stack is shorter.
#[inline]
pub(crate) fn peek(stack: &[Value], n: usize) -> &Value {
    stack
        .len()
        .checked_sub(n)
        .and_then(|i| stack.get(i))
        .unwrap_or(&Value::Null)
}

/// Runs (or resumes) `frame` until it returns, yields or raises.
pub fn run_frame(vm: &mut Vm, frame: &mut Frame) -> PyResult<FrameResult> {
    if vm.tracing {
        run_frame_impl::<true>(vm, frame)
    } else {
        run_frame_impl::<false>(vm, frame)
    }
}

/// The dispatch loop, compiled twice: with `TRACING` false the tracing checks vanish from
/// the hot path.
fn run_frame_impl<const TRACING: bool>(vm: &mut Vm, root: &mut Frame) -> PyResult<FrameResult> {
    let mut callees = CalleeFrames::default();
    let result = dispatch::<TRACING>(vm, root, &mut callees);
    // The callee slots' vectors go back to the pool for the next call.
    for slot in callees.slots.drain(..) {
        slot.recycle(vm);
    }
    result
}

/// The stack depth up to which the fast JUMP_BACKWARD jumps without further checks. A
/// deeper stack takes the full JUMP_BACKWARD, which stops a loop of malformed bytecode that
/// keeps pushing (compiled code jumps back with a few iterators on the stack at most).
const SHALLOW_STACK: usize = 64;

/// The frames of the Python functions a `run_frame` call has entered without recursing.
///
/// A CALL of a plain Python function does not recurse into `run_frame`: the callee's frame
/// is set up in the next slot here and the loop continues in it (as CPython 3.11's
/// `_PyEval_EvalFrameDefault` does), so Python recursion costs no Rust stack and a call costs
/// no Rust prologue. Slots are boxed, so a frame never moves while it runs, and they are
/// reused: a return clears its slot (keeping the vectors' memory) instead of freeing it.
#[derive(Default)]
struct CalleeFrames {
    /// Slots `..depth` are live (innermost last); the rest are cleared and ready for reuse.
    /// A cleared slot still holds the code and globals of its last call (dropped on reuse or
    /// when `run_frame` returns).
    // Boxed on purpose: a running frame must not move when `slots` grows.
    #[allow(clippy::vec_box)]
    slots: Vec<Box<Frame>>,
    depth: usize,
}

/// The dispatch loop proper (see [`run_frame_impl`]).
fn dispatch<const TRACING: bool>(
    vm: &mut Vm,
    root: &mut Frame,
    callees: &mut CalleeFrames,
) -> PyResult<FrameResult> {
    let root: *mut Frame = root;
    // The frame running now: `root` or the innermost live callee slot.
    // SAFETY (every dereference of `current`): it points to `root` (borrowed for this whole
    // call) or to a boxed slot of `callees` below `depth`, which is neither dropped nor
    // moved (only the Box pointers move when `slots` grows) while it is live; the loop
    // holds one `&mut` to it at a time, derived afresh at the top of 'frame.
    let mut current_frame: *mut Frame = root;
    let frame: &mut Frame = unsafe { &mut *current_frame };
    let mut pc = frame.resume_at;
    let mut kwnames: Option<Rc<PyTuple>> = None;
    let tracing = TRACING;
    // Whether an instruction of this frame was traced and still owes its stack line.
    let mut traced = false;
    // An exception thrown into a suspended generator is raised at its yield point.
    let mut pending: Option<(PyErr, bool)> = crate::generator::take_thrown(frame);
    // The code unit of the instruction being executed: exception-table lookups use it even
    // when RERAISE restored an older `lasti` (which only decides what gets pushed).
    let mut current = frame.lasti;
    // The register view of the running frame's value stack (see `RawStack`): while
    // `vec_mode` is false the stack's values live in `stack_base..sp` and `frame.stack` is
    // empty; while it is true `frame.stack` holds them and the raw pointers are stale.
    let mut vec_mode = true;
    let mut raw = RawStack::EMPTY;
    // Entered again whenever CALL or RETURN_VALUE switches `frame` to another code object.
    'frame: loop {
        // The running frame and what the loop reads of its code. The fast CALL and
        // RETURN_VALUE below switch all of these in place (see `switch_to!`); anything else
        // that changes frames re-enters `'frame`.
        let mut frame: &mut Frame = unsafe { &mut *current_frame };
        // SAFETY: `frame` (root, or a live boxed callee slot) owns an Rc of its code and
        // keeps it until the frame's slot is reused by a later call, which only happens after
        // this frame has returned; `frame.code` is never replaced while the frame runs. So a
        // reference to the code itself (not to the frame's field) stays valid while the frame
        // is the running one, without a reference-count update per call and return.
        let mut code: &PyCode = unsafe { &*Rc::as_ptr(&frame.code) };
        // The fast paths run the quickened copy (same layout and length; see
        // rpvm_loader::quicken): superinstructions, and no-ops stepped over.
        let mut quick: &[rpvm_loader::Instr] = &code.code.quickened;
        let mut consts: &[Value] = &code.consts;
        // The quickened fast paths below index locals and instructions without bounds
        // checks; these two facts (with the loader's checks of every argument and jump
        // target) make that sound for this frame.
        if frame.locals.len() < code.code.nlocalsplus() || pc >= code.code.instructions.len() {
            return Err(system_error("frame does not match its code object"));
        }
        // Makes the frame at `$to` the running one, inside the fast loop: the same facts as
        // on entry to `'frame` hold (a fresh callee's locals were sized from its code and
        // its entry pc is inside it; a caller was checked when it was entered and resumes
        // after its CALL, which the loader checked lies inside the code). Used inside the
        // fast loop's `unsafe` block; its dereferences are sound for the reasons given for
        // `current_frame` and `code` above.
        macro_rules! switch_to {
            ($to:expr) => {
                current_frame = $to;
                frame = &mut *current_frame;
                code = &*Rc::as_ptr(&frame.code);
                quick = &code.code.quickened;
                consts = &code.consts;
                raw = RawStack::take(frame);
            };
        }
        'run: loop {
            let (err, is_reraise): (PyErr, bool) = match pending.take() {
                Some(p) => p,
                None => {
                    let e = 'op: loop {
                        // SAFETY (both instruction fetches below): `pc < instrs.len()`:
                        // checked on entry to the frame, and every later value is a jump or
                        // handler target (checked by the loader to lie inside the code) or the
                        // end of an instruction (checked by the loader to be at most the code's
                        // length, where a CACHE sentinel sits that stops execution).
                        let instr = if tracing {
                            let instrs = &code.code.instructions;
                            let instr = unsafe { *instrs.get_unchecked(pc) };
                            current = pc;
                            pc += 1 + instr.skip as usize;
                            if traced {
                                crate::trace::trace_stack(vm, frame);
                            }
                            crate::trace::trace_instruction(vm, frame, current);
                            traced = true;
                            instr
                        } else {
                            // Quickened fast paths on the register view of the stack, in a
                            // loop of their own: each arm either completes its instruction and
                            // `continue`s with the next one, or leaves the loop for the full
                            // implementation below (which handles every case, these included).
                            raw = RawStack::take(frame);
                            vec_mode = false;
                            let instr = loop {
                                let instr = unsafe { *quick.get_unchecked(pc) };
                                current = pc;
                                pc += 1 + instr.skip as usize;
                                let arg = instr.arg as usize;
                                // SAFETY (for every `unsafe` block in this match): `raw` was taken
                                // from `frame` and nothing else touches `frame.stack` or
                                // `frame.locals` until `RawStack::give` (see `RawStack`). Local
                                // and constant indexes were checked against their tables by the
                                // loader, and `frame.locals` has `nlocalsplus` slots (checked on
                                // entry to the frame).
                                unsafe {
                                    match instr.op {
                                        Opcode::NOP | Opcode::RESUME | Opcode::PRECALL => continue,
                                        // () -> (value)
                                        Opcode::LOAD_FAST => {
                                            let v = &*raw.locals.add(arg);
                                            if !v.is_null() && raw.has_room(1) {
                                                raw.push(v.clone());
                                                continue;
                                            }
                                        }
                                        // Superinstructions: the first half, then the
                                        // instruction after it without a dispatch. When the
                                        // second half cannot run here, `pc` is left on it.
                                        Opcode::LOAD_FAST__LOAD_CONST => {
                                            let v = &*raw.locals.add(arg);
                                            if !v.is_null() && raw.has_room(2) {
                                                raw.push(v.clone());
                                                let next = *quick.get_unchecked(pc);
                                                raw.push(
                                                    consts.get_unchecked(next.arg as usize).clone(),
                                                );
                                                pc += 1 + next.skip as usize;
                                                continue;
                                            }
                                            break Instr {
                                                op: Opcode::LOAD_FAST,
                                                ..instr
                                            };
                                        }
                                        Opcode::LOAD_FAST__LOAD_FAST => {
                                            let v = &*raw.locals.add(arg);
                                            if !v.is_null() && raw.has_room(2) {
                                                raw.push(v.clone());
                                                let next = *quick.get_unchecked(pc);
                                                let w = &*raw.locals.add(next.arg as usize);
                                                if !w.is_null() {
                                                    raw.push(w.clone());
                                                    pc += 1 + next.skip as usize;
                                                }
                                                continue;
                                            }
                                            break Instr {
                                                op: Opcode::LOAD_FAST,
                                                ..instr
                                            };
                                        }
                                        Opcode::LOAD_CONST__LOAD_FAST => {
                                            if raw.has_room(2) {
                                                raw.push(consts.get_unchecked(arg).clone());
                                                let next = *quick.get_unchecked(pc);
                                                let w = &*raw.locals.add(next.arg as usize);
                                                if !w.is_null() {
                                                    raw.push(w.clone());
                                                    pc += 1 + next.skip as usize;
                                                }
                                                continue;
                                            }
                                            break Instr {
                                                op: Opcode::LOAD_CONST,
                                                ..instr
                                            };
                                        }
                                        Opcode::STORE_FAST__LOAD_FAST => {
                                            if raw.depth() >= 1 {
                                                let v = raw.pop();
                                                std::mem::replace(&mut *raw.locals.add(arg), v)
                                                    .discard();
                                                let next = *quick.get_unchecked(pc);
                                                let w = &*raw.locals.add(next.arg as usize);
                                                if !w.is_null() {
                                                    raw.push(w.clone());
                                                    pc += 1 + next.skip as usize;
                                                }
                                                continue;
                                            }
                                            break Instr {
                                                op: Opcode::STORE_FAST,
                                                ..instr
                                            };
                                        }
                                        Opcode::STORE_FAST__STORE_FAST => {
                                            if raw.depth() >= 2 {
                                                let v = raw.pop();
                                                std::mem::replace(&mut *raw.locals.add(arg), v)
                                                    .discard();
                                                let next = *quick.get_unchecked(pc);
                                                let w = raw.pop();
                                                std::mem::replace(
                                                    &mut *raw.locals.add(next.arg as usize),
                                                    w,
                                                )
                                                .discard();
                                                pc += 1 + next.skip as usize;
                                                continue;
                                            }
                                            break Instr {
                                                op: Opcode::STORE_FAST,
                                                ..instr
                                            };
                                        }
                                        // (value) -> ()
                                        Opcode::STORE_FAST if raw.depth() >= 1 => {
                                            let v = raw.pop();
                                            std::mem::replace(&mut *raw.locals.add(arg), v)
                                                .discard();
                                            continue;
                                        }
                                        // () -> (const)
                                        Opcode::LOAD_CONST if raw.has_room(1) => {
                                            raw.push(consts.get_unchecked(arg).clone());
                                            continue;
                                        }
                                        Opcode::POP_TOP if raw.depth() >= 1 => {
                                            raw.pop().discard();
                                            continue;
                                        }
                                        Opcode::PUSH_NULL if raw.has_room(1) => {
                                            raw.push(Value::Null);
                                            continue;
                                        }
                                        Opcode::COPY
                                            if arg >= 1
                                                && raw.depth() >= arg
                                                && raw.has_room(1) =>
                                        {
                                            let v = (*raw.sp.sub(arg)).clone();
                                            raw.push(v);
                                            continue;
                                        }
                                        Opcode::SWAP if arg >= 1 && raw.depth() >= arg => {
                                            std::ptr::swap(raw.sp.sub(1), raw.sp.sub(arg));
                                            continue;
                                        }
                                        // (a, b) -> (a OP b) on two unboxed numbers: the result
                                        // overwrites `a` in place and `b` needs no drop.
                                        Opcode::BINARY_OP if raw.depth() >= 2 => {
                                            match (&mut *raw.sp.sub(2), &*raw.sp.sub(1)) {
                                                (Value::Int(x), Value::Int(y)) => {
                                                    if let Some(r) = ops::int_fast(arg, *x, *y) {
                                                        *x = r;
                                                        raw.sp = raw.sp.sub(1);
                                                        continue;
                                                    }
                                                }
                                                (Value::Float(x), Value::Float(y)) => {
                                                    if let Some(r) = ops::float_fast(arg, *x, *y) {
                                                        *x = r;
                                                        raw.sp = raw.sp.sub(1);
                                                        continue;
                                                    }
                                                }
                                                _ => {}
                                            }
                                        }
                                        // (a, b) -> (a OP b) on two ints or floats; with a
                                        // conditional jump next (CPython's COMPARE_OP_*_JUMP), the
                                        // jump is taken here without materialising the bool.
                                        Opcode::COMPARE_OP if raw.depth() >= 2 => {
                                            let r = match (&*raw.sp.sub(2), &*raw.sp.sub(1)) {
                                                (Value::Int(x), Value::Int(y)) => Some(
                                                    CompareOp::from_arg(instr.arg).test(x.cmp(y)),
                                                ),
                                                (Value::Float(x), Value::Float(y)) => Some(
                                                    CompareOp::from_arg(instr.arg).test_f64(*x, *y),
                                                ),
                                                _ => None,
                                            };
                                            if let Some(r) = r {
                                                raw.sp = raw.sp.sub(1);
                                                let next = quick.get_unchecked(pc);
                                                let jump_if = match next.op {
                                                    Opcode::POP_JUMP_FORWARD_IF_FALSE
                                                    | Opcode::POP_JUMP_BACKWARD_IF_FALSE => {
                                                        Some(false)
                                                    }
                                                    Opcode::POP_JUMP_FORWARD_IF_TRUE
                                                    | Opcode::POP_JUMP_BACKWARD_IF_TRUE => {
                                                        Some(true)
                                                    }
                                                    _ => None,
                                                };
                                                match jump_if {
                                                    Some(jump_if) => {
                                                        raw.sp = raw.sp.sub(1);
                                                        pc = if r == jump_if {
                                                            next.arg as usize
                                                        } else {
                                                            pc + 1 + next.skip as usize
                                                        };
                                                    }
                                                    None => *raw.sp.sub(1) = Value::Bool(r),
                                                }
                                                continue;
                                            }
                                        }
                                        Opcode::JUMP_FORWARD => {
                                            pc = arg;
                                            continue;
                                        }
                                        Opcode::JUMP_BACKWARD
                                        | Opcode::JUMP_BACKWARD_NO_INTERRUPT
                                            if raw.depth() <= SHALLOW_STACK =>
                                        {
                                            pc = arg;
                                            continue;
                                        }
                                        Opcode::POP_JUMP_FORWARD_IF_FALSE
                                        | Opcode::POP_JUMP_BACKWARD_IF_FALSE
                                            if raw.depth() >= 1 =>
                                        {
                                            if let Value::Bool(b) = *raw.sp.sub(1) {
                                                raw.sp = raw.sp.sub(1);
                                                if !b {
                                                    pc = arg;
                                                }
                                                continue;
                                            }
                                        }
                                        Opcode::POP_JUMP_FORWARD_IF_TRUE
                                        | Opcode::POP_JUMP_BACKWARD_IF_TRUE
                                            if raw.depth() >= 1 =>
                                        {
                                            if let Value::Bool(b) = *raw.sp.sub(1) {
                                                raw.sp = raw.sp.sub(1);
                                                if b {
                                                    pc = arg;
                                                }
                                                continue;
                                            }
                                        }
                                        Opcode::POP_JUMP_FORWARD_IF_NONE
                                        | Opcode::POP_JUMP_BACKWARD_IF_NONE
                                            if raw.depth() >= 1 =>
                                        {
                                            let v = raw.pop();
                                            if v.is_none() {
                                                pc = arg;
                                            }
                                            v.discard();
                                            continue;
                                        }
                                        Opcode::POP_JUMP_FORWARD_IF_NOT_NONE
                                        | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE
                                            if raw.depth() >= 1 =>
                                        {
                                            let v = raw.pop();
                                            if !v.is_none() {
                                                pc = arg;
                                            }
                                            v.discard();
                                            continue;
                                        }
                                        // (container, index) -> (item): BINARY_SUBSCR_LIST_INT and
                                        // BINARY_SUBSCR_TUPLE_INT.
                                        Opcode::BINARY_SUBSCR if raw.depth() >= 2 => {
                                            let item = match (&*raw.sp.sub(2), &*raw.sp.sub(1)) {
                                                (Value::List(l), Value::Int(i)) => {
                                                    usize::try_from(*i).ok().and_then(|i| l.get(i))
                                                }
                                                (Value::Tuple(t), Value::Int(i)) => {
                                                    usize::try_from(*i)
                                                        .ok()
                                                        .and_then(|i| t.as_slice().get(i).cloned())
                                                }
                                                _ => None,
                                            };
                                            if let Some(v) = item {
                                                raw.sp = raw.sp.sub(1);
                                                std::mem::replace(&mut *raw.sp.sub(1), v).discard();
                                                continue;
                                            }
                                        }
                                        // (value, list, index) -> (): STORE_SUBSCR_LIST_INT.
                                        Opcode::STORE_SUBSCR if raw.depth() >= 3 => {
                                            if let (Value::List(l), Value::Int(i)) =
                                                (&*raw.sp.sub(2), &*raw.sp.sub(1))
                                            {
                                                if let Ok(i) = usize::try_from(*i) {
                                                    if i < l.len() {
                                                        let item = raw.sp.sub(3).read();
                                                        match l.replace_at(i, item) {
                                                            Ok(old) => {
                                                                old.discard();
                                                                raw.sp = raw.sp.sub(1);
                                                                raw.pop().discard();
                                                                raw.sp = raw.sp.sub(1);
                                                                continue;
                                                            }
                                                            Err(item) => raw.sp.sub(3).write(item),
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                        // (iterator) -> (iterator, next) for range and list
                                        // iterators; exhaustion pops the iterator and jumps.
                                        Opcode::FOR_ITER if raw.depth() >= 1 && raw.has_room(1) => {
                                            let step = step_builtin_iter(&*raw.sp.sub(1));
                                            match step {
                                                Some(Some(v)) => {
                                                    raw.push(v);
                                                    continue;
                                                }
                                                Some(None) => {
                                                    raw.pop().discard();
                                                    pc = arg;
                                                    continue;
                                                }
                                                None => {}
                                            }
                                        }
                                        // () -> (global), with a NULL below it when arg & 1.
                                        Opcode::LOAD_GLOBAL if raw.has_room(2) => {
                                            let v = tri!('op, load_global(&frame.globals, &vm.builtins, code, arg >> 1));
                                            if arg & 1 == 1 {
                                                raw.push(Value::Null);
                                            }
                                            raw.push(v);
                                            continue;
                                        }
                                        // (obj) -> (obj.name)
                                        Opcode::LOAD_ATTR if raw.depth() >= 1 => {
                                            let obj = raw.pop();
                                            let v = get_attr_cached(
                                                vm,
                                                &obj,
                                                code.names.get_unchecked(arg),
                                                code.attr_caches.get_unchecked(arg),
                                            );
                                            obj.discard();
                                            raw.push(tri!('op, v));
                                            continue;
                                        }
                                        // (value, obj) -> ()
                                        Opcode::STORE_ATTR if raw.depth() >= 2 => {
                                            let obj = raw.pop();
                                            let v = raw.pop();
                                            let r = set_attr_cached(
                                                vm,
                                                &obj,
                                                code.names.get_unchecked(arg),
                                                v,
                                                code.store_caches.get_unchecked(arg),
                                            );
                                            obj.discard();
                                            tri!('op, r);
                                            continue;
                                        }
                                        // (obj) -> (method, obj) or (NULL, attr)
                                        Opcode::LOAD_METHOD
                                            if raw.depth() >= 1 && raw.has_room(1) =>
                                        {
                                            let obj = raw.pop();
                                            match load_method_cached(
                                                vm,
                                                &obj,
                                                code.names.get_unchecked(arg),
                                                code.method_caches.get_unchecked(arg),
                                            ) {
                                                Ok(Method::Unbound(f)) => {
                                                    raw.push(f);
                                                    raw.push(obj);
                                                }
                                                Ok(Method::Attr(a)) => {
                                                    obj.discard();
                                                    raw.push(Value::Null);
                                                    raw.push(a);
                                                }
                                                Err(e) => {
                                                    obj.discard();
                                                    break 'op e;
                                                }
                                            }
                                            continue;
                                        }
                                        // () -> (value) at module and class level
                                        Opcode::LOAD_NAME if raw.has_room(1) => {
                                            let v = tri!('op, load_name(frame, &vm.builtins, code, arg));
                                            raw.push(v);
                                            continue;
                                        }
                                        // (value) -> ()
                                        Opcode::STORE_NAME if raw.depth() >= 1 => {
                                            let v = raw.pop();
                                            let ns = match &frame.locals_dict {
                                                Some(d) => d,
                                                None => &frame.globals,
                                            };
                                            store_name(ns, code, arg, v);
                                            continue;
                                        }
                                        // (NULL|method, callable|self, args...) -> (): a plain
                                        // positional call of a Python function continues in
                                        // the next callee slot (CPython's CALL_PY_EXACT_ARGS);
                                        // everything else takes the full CALL below.
                                        Opcode::CALL
                                            if kwnames.is_none() && raw.depth() >= arg + 2 =>
                                        {
                                            let base = raw.sp.sub(arg + 2);
                                            let (slot, nargs) = if (*base).is_null() {
                                                (base.add(1), arg)
                                            } else {
                                                (base, arg + 1)
                                            };
                                            if let Value::Function(f) = &*slot {
                                                if f.code.code.fast_call_argcount == nargs
                                                    && callees.depth < callees.slots.len()
                                                    && vm.depth < vm.recursion_limit
                                                {
                                                    let callee: *mut Frame =
                                                        &mut *callees.slots[callees.depth];
                                                    pc_at_call(frame, current, pc);
                                                    pc = crate::call::enter_frame_exact(
                                                        vm,
                                                        &mut *callee,
                                                        slot,
                                                        nargs,
                                                    );
                                                    raw.sp = base;
                                                    raw.give(frame);
                                                    callees.depth += 1;
                                                    switch_to!(callee);
                                                    continue;
                                                }
                                            }
                                        }
                                        // (value) -> (): back to the caller parked by CALL.
                                        Opcode::RETURN_VALUE
                                            if callees.depth > 0
                                                && raw.depth() >= 1
                                                && !frame.is_init =>
                                        {
                                            let v = raw.pop();
                                            raw.give(frame);
                                            frame.clear(vm);
                                            vm.leave();
                                            let mut caller = callees.pop();
                                            if caller.is_null() {
                                                caller = root;
                                            }
                                            pc = (*caller).resume_at;
                                            switch_to!(caller);
                                            if raw.has_room(1) {
                                                raw.push(v);
                                            } else {
                                                raw.give(frame);
                                                frame.stack.push(v);
                                                raw = RawStack::take(frame);
                                            }
                                            continue;
                                        }
                                        _ => {}
                                    }
                                }
                                break instr;
                            };
                            // The full implementation works on `frame.stack`.
                            raw.give(frame);
                            vec_mode = true;
                            instr
                        };
                        let this_pc = current;
                        let instrs: &[rpvm_loader::Instr] = &code.code.instructions;
                        let stack = &mut frame.stack;
                        let locals = &mut frame.locals;
                        let arg = instr.arg as usize;
                        match instr.op {
                            // () -> ()
                            Opcode::NOP | Opcode::RESUME | Opcode::EXTENDED_ARG => {}
                            Opcode::CACHE => {
                                break 'op system_error(
                                    "bytecode ran into a CACHE entry or past the end of the code",
                                );
                            }
                            // () -> (value)
                            Opcode::LOAD_FAST => {
                                let v = &locals[arg];
                                if v.is_null() {
                                    break 'op unbound_local(code, arg);
                                }
                                stack.push(v.clone());
                            }
                            // (value) -> ()
                            Opcode::STORE_FAST => {
                                let v = pop!(stack);
                                std::mem::replace(&mut locals[arg], v).discard();
                            }
                            // () -> (const)
                            Opcode::LOAD_CONST => stack.push(code.consts[arg].clone()),
                            // (value) -> ()
                            Opcode::POP_TOP => {
                                if let Some(v) = stack.pop() {
                                    v.discard();
                                }
                            }
                            // () -> (NULL)
                            Opcode::PUSH_NULL => stack.push(Value::Null),
                            // (a, b) -> (b, a) generalised: swap TOS with the i-th item
                            Opcode::SWAP => {
                                let n = stack.len();
                                if arg < 1 || arg > n {
                                    break 'op system_error("SWAP past the bottom of the stack");
                                }
                                stack.swap(n - 1, n - arg);
                            }
                            // (.., v) -> (.., v, copy of the i-th item)
                            Opcode::COPY => {
                                let v = peek(stack, arg).clone();
                                stack.push(v);
                            }
                            // (a, b) -> (a OP b)
                            Opcode::BINARY_OP => {
                                // `s += t` on strings followed by `STORE_FAST s`: like CPython,
                                // drop the local's reference first so the string is unique and
                                // can grow in place (linear instead of quadratic string building).
                                if arg == 13 {
                                    if let (Some(next), [.., Value::Str(_), Value::Str(_)]) =
                                        (instrs.get(pc), stack.as_slice())
                                    {
                                        if next.op == Opcode::STORE_FAST {
                                            let slot = next.arg as usize;
                                            let n = stack.len();
                                            let same = matches!((&locals[slot], &stack[n - 2]), (Value::Str(a), Value::Str(b)) if Rc::ptr_eq(a, b));
                                            if same {
                                                locals[slot] = Value::Null;
                                                let right = stack.pop().unwrap_or(Value::Null);
                                                if let (Some(Value::Str(left)), Value::Str(r)) =
                                                    (stack.last_mut(), &right)
                                                {
                                                    if let Some(l) = Rc::get_mut(left) {
                                                        l.push_str_unique(r);
                                                        continue;
                                                    }
                                                }
                                                stack.push(right);
                                            }
                                        }
                                    }
                                }
                                // Fast paths: two unboxed numbers; the result overwrites the left
                                // operand in place (no temporaries, no drop glue).
                                match stack.as_mut_slice() {
                                    [.., Value::Int(x), Value::Int(y)] => {
                                        let r = match arg {
                                            0 | 13 => x.checked_add(*y),
                                            10 | 23 => x.checked_sub(*y),
                                            5 | 18 => x.checked_mul(*y),
                                            _ => None,
                                        };
                                        if let Some(r) = r {
                                            *x = r;
                                            if let Some(v) = stack.pop() {
                                                v.discard();
                                            }
                                            continue;
                                        }
                                    }
                                    [.., Value::Float(x), Value::Float(y)] => {
                                        if let Some(r) = ops::float_fast(arg, *x, *y) {
                                            *x = r;
                                            if let Some(v) = stack.pop() {
                                                v.discard();
                                            }
                                            continue;
                                        }
                                    }
                                    _ => {}
                                }
                                tri!('op, ops::binary_op_on_stack(vm, stack, instr.arg));
                            }
                            // (a, b) -> (a OP b)
                            Opcode::COMPARE_OP => {
                                let fast = match stack.as_slice() {
                                    [.., Value::Int(x), Value::Int(y)] => {
                                        Some(CompareOp::from_arg(instr.arg).test(x.cmp(y)))
                                    }
                                    [.., Value::Float(x), Value::Float(y)] => {
                                        Some(CompareOp::from_arg(instr.arg).test_f64(*x, *y))
                                    }
                                    _ => None,
                                };
                                if let Some(r) = fast {
                                    // Superinstruction (CPython 3.11's COMPARE_OP_*_JUMP): when a
                                    // conditional jump on the result follows, take it here without
                                    // materialising the bool. Not while tracing, so traces and
                                    // counts show every instruction.
                                    if !tracing {
                                        if let Some(next) = instrs.get(pc) {
                                            let jump_if = match next.op {
                                                Opcode::POP_JUMP_FORWARD_IF_FALSE
                                                | Opcode::POP_JUMP_BACKWARD_IF_FALSE => Some(false),
                                                Opcode::POP_JUMP_FORWARD_IF_TRUE
                                                | Opcode::POP_JUMP_BACKWARD_IF_TRUE => Some(true),
                                                _ => None,
                                            };
                                            if let Some(jump_if) = jump_if {
                                                stack.pop();
                                                stack.pop();
                                                pc = if r == jump_if {
                                                    next.arg as usize
                                                } else {
                                                    pc + 1 + next.skip as usize
                                                };
                                                continue;
                                            }
                                        }
                                    }
                                    stack.pop();
                                    if let Some(slot) = stack.last_mut() {
                                        *slot = Value::Bool(r);
                                    }
                                    continue;
                                }
                                let b = pop!(stack);
                                let a = pop!(stack);
                                let op = CompareOp::from_arg(instr.arg);
                                let r = match (&a, &b) {
                                    (Value::Int(x), Value::Int(y)) => {
                                        Value::Bool(op.test(x.cmp(y)))
                                    }
                                    (Value::Float(x), Value::Float(y)) => {
                                        Value::Bool(op.test_f64(*x, *y))
                                    }
                                    _ => tri!('op, rich_compare(vm, &a, &b, op)),
                                };
                                a.discard();
                                b.discard();
                                stack.push(r);
                            }
                            // (a, b) -> (a is b)
                            Opcode::IS_OP => {
                                let b = pop!(stack);
                                let a = pop!(stack);
                                stack.push(Value::Bool(a.is(&b) != (arg == 1)));
                            }
                            // (a, b) -> (a in b)
                            Opcode::CONTAINS_OP => {
                                let b = pop!(stack);
                                let a = pop!(stack);
                                let r = tri!('op, contains(vm, &b, &a));
                                stack.push(Value::Bool(r != (arg == 1)));
                            }
                            // Jumps: the loader resolved `arg` to the target code unit.
                            Opcode::JUMP_FORWARD => pc = arg,
                            Opcode::JUMP_BACKWARD | Opcode::JUMP_BACKWARD_NO_INTERRUPT => {
                                if stack.len() > code.code.raw.stacksize.max(0) as usize + 64 {
                                    break 'op system_error(
                                        "value stack overflow (malformed bytecode)",
                                    );
                                }
                                pc = arg;
                            }
                            Opcode::POP_JUMP_FORWARD_IF_FALSE
                            | Opcode::POP_JUMP_BACKWARD_IF_FALSE => {
                                let v = pop!(stack);
                                let t = match v {
                                    Value::Bool(b) => b,
                                    _ => tri!('op, is_true(vm, &v)),
                                };
                                v.discard();
                                if !t {
                                    pc = arg;
                                }
                            }
                            Opcode::POP_JUMP_FORWARD_IF_TRUE
                            | Opcode::POP_JUMP_BACKWARD_IF_TRUE => {
                                let v = pop!(stack);
                                let t = match v {
                                    Value::Bool(b) => b,
                                    _ => tri!('op, is_true(vm, &v)),
                                };
                                v.discard();
                                if t {
                                    pc = arg;
                                }
                            }
                            Opcode::POP_JUMP_FORWARD_IF_NONE
                            | Opcode::POP_JUMP_BACKWARD_IF_NONE => {
                                if pop!(stack).is_none() {
                                    pc = arg;
                                }
                            }
                            Opcode::POP_JUMP_FORWARD_IF_NOT_NONE
                            | Opcode::POP_JUMP_BACKWARD_IF_NOT_NONE => {
                                if !pop!(stack).is_none() {
                                    pc = arg;
                                }
                            }
                            Opcode::JUMP_IF_FALSE_OR_POP => {
                                let v = peek(stack, 1).clone();
                                if tri!('op, is_true(vm, &v)) {
                                    stack.pop();
                                } else {
                                    pc = arg;
                                }
                            }
                            Opcode::JUMP_IF_TRUE_OR_POP => {
                                let v = peek(stack, 1).clone();
                                if tri!('op, is_true(vm, &v)) {
                                    pc = arg;
                                } else {
                                    stack.pop();
                                }
                            }
                            // (iterable) -> (iterator)
                            Opcode::GET_ITER => {
                                let v = pop!(stack);
                                let it = tri!('op, get_iter(vm, &v));
                                stack.push(it);
                            }
                            // (iterator) -> (iterator, next) or jump after popping it
                            Opcode::FOR_ITER => {
                                // Fast path: range and list iterators step without a call.
                                let fast = stack.last().and_then(step_builtin_iter);
                                let item = match fast {
                                    Some(item) => item,
                                    None => tri!('op, ops::for_iter_next(vm, stack)),
                                };
                                match item {
                                    Some(v) => stack.push(v),
                                    None => {
                                        stack.pop();
                                        pc = arg;
                                    }
                                }
                            }
                            // () -> (global) with an optional NULL below it
                            Opcode::LOAD_GLOBAL => {
                                let v = tri!('op, load_global(&frame.globals, &vm.builtins, code, arg >> 1));
                                let stack = &mut frame.stack;
                                if arg & 1 == 1 {
                                    stack.push(Value::Null);
                                }
                                stack.push(v);
                            }
                            Opcode::LOAD_DEREF => {
                                let v = match &locals[arg] {
                                    Value::Cell(c) => c.get(),
                                    _ => Value::Null,
                                };
                                if v.is_null() {
                                    break 'op unbound_deref(code, arg);
                                }
                                stack.push(v);
                            }
                            // Attributes.
                            Opcode::LOAD_ATTR => {
                                let obj = pop!(stack);
                                let v = tri!('op, get_attr_hashed(vm, &obj, &code.names[arg]));
                                frame.stack.push(v);
                            }
                            Opcode::STORE_ATTR => {
                                let obj = pop!(stack);
                                let v = pop!(stack);
                                tri!('op, set_attr_hashed(vm, &obj, &code.names[arg], v));
                            }
                            // (obj) -> (method, obj) or (NULL, attr)
                            Opcode::LOAD_METHOD => {
                                let obj = pop!(stack);
                                match tri!('op, load_method_hashed(vm, &obj, &code.names[arg])) {
                                    Method::Unbound(f) => {
                                        frame.stack.push(f);
                                        frame.stack.push(obj);
                                    }
                                    Method::Attr(a) => {
                                        frame.stack.push(Value::Null);
                                        frame.stack.push(a);
                                    }
                                }
                            }
                            // Subscripts.
                            Opcode::BINARY_SUBSCR => {
                                // Fast path (CPython's BINARY_SUBSCR_LIST_INT): the item replaces
                                // the list on the stack; the int key needs no drop.
                                let item = match stack.as_slice() {
                                    [.., Value::List(l), Value::Int(i)] => {
                                        usize::try_from(*i).ok().and_then(|i| l.get(i))
                                    }
                                    // BINARY_SUBSCR_TUPLE_INT
                                    [.., Value::Tuple(t), Value::Int(i)] => usize::try_from(*i)
                                        .ok()
                                        .and_then(|i| t.as_slice().get(i).cloned()),
                                    _ => None,
                                };
                                if let Some(v) = item {
                                    stack.pop();
                                    if let Some(slot) = stack.last_mut() {
                                        std::mem::replace(slot, v).discard();
                                    }
                                    continue;
                                }
                                let key = pop!(stack);
                                let container = pop!(stack);
                                let v = match (&container, &key) {
                                    (Value::List(l), Value::Int(i)) if *i >= 0 => {
                                        match l.get(*i as usize) {
                                            Some(v) => v,
                                            None => tri!('op, get_item(vm, &container, &key)),
                                        }
                                    }
                                    _ => tri!('op, get_item(vm, &container, &key)),
                                };
                                frame.stack.push(v);
                            }
                            Opcode::STORE_SUBSCR => {
                                // Fast path (STORE_SUBSCR_LIST_INT): store into the list in place.
                                if let [.., v, Value::List(l), Value::Int(i)] = stack.as_mut_slice()
                                {
                                    if let Ok(i) = usize::try_from(*i) {
                                        let item = std::mem::replace(v, Value::Null);
                                        match l.replace_at(i, item) {
                                            Ok(old) => {
                                                old.discard();
                                                stack.pop();
                                                if let Some(l) = stack.pop() {
                                                    l.discard();
                                                }
                                                stack.pop();
                                                continue;
                                            }
                                            Err(item) => *v = item,
                                        }
                                    }
                                }
                                let key = pop!(stack);
                                let container = pop!(stack);
                                let v = pop!(stack);
                                tri!('op, set_item(vm, &container, &key, v));
                            }
                            // Building containers.
                            Opcode::BUILD_TUPLE => {
                                let items = pop_n(stack, arg);
                                stack.push(Value::tuple(items));
                            }
                            Opcode::LIST_APPEND => {
                                let v = pop!(stack);
                                if let Value::List(l) = peek(stack, arg) {
                                    l.push(v);
                                }
                            }
                            // (seq) -> (item_n-1, ..., item_0)
                            Opcode::UNPACK_SEQUENCE => {
                                let v = pop!(stack);
                                if let Value::Tuple(t) = &v {
                                    if t.len() == arg {
                                        stack.extend(t.as_slice().iter().rev().cloned());
                                        continue;
                                    }
                                }
                                let items = match &v {
                                    Value::Tuple(t) if t.len() == arg => t.as_slice().to_vec(),
                                    Value::List(l) if l.len() == arg => l.snapshot(),
                                    _ => tri!('op, ops::unpack(vm, &v, arg, None)),
                                };
                                frame.stack.extend(items.into_iter().rev());
                            }
                            // Calls.
                            Opcode::KW_NAMES => {
                                kwnames = match &code.consts[arg] {
                                    Value::Tuple(t) => Some(t.clone()),
                                    _ => None,
                                };
                            }
                            Opcode::PRECALL => {}
                            // (NULL|method, callable|self, args...) -> (result)
                            Opcode::CALL => {
                                let kw = kwnames.take();
                                let kwn: &[Value] =
                                    kw.as_ref().map(|t| t.as_slice()).unwrap_or(&[]);
                                let len = stack.len();
                                if len < arg + 2 {
                                    break 'op system_error(
                                        "CALL with too few values on the stack",
                                    );
                                }
                                let base = len - arg - 2;
                                // [NULL, callable, args...] or [method, self, args...]
                                let (callable, args_start) = if stack[base].is_null() {
                                    (
                                        std::mem::replace(&mut stack[base + 1], Value::Null),
                                        base + 2,
                                    )
                                } else {
                                    (std::mem::replace(&mut stack[base], Value::Null), base + 1)
                                };
                                // A Python function, or a plain class (whose instance
                                // then waits on this frame's stack as the CALL's result
                                // while its `__init__` runs): push a frame for the callee
                                // and continue in it.
                                let entered = match callable {
                                    Value::Function(f)
                                        if !tracing && crate::call::can_inline(&f) =>
                                    {
                                        if callees.depth == callees.slots.len() {
                                            let mut fresh =
                                                Frame::new(vm, f.code.clone(), f.globals.clone());
                                            fresh.clear(vm);
                                            callees.slots.push(Box::new(fresh));
                                        }
                                        let callee: &mut Frame = &mut callees.slots[callees.depth];
                                        tri!('op, crate::call::enter_frame(vm, callee, f, stack, base, args_start, kwn));
                                        callees.depth += 1;
                                        // Past a leading RESUME, which does nothing here.
                                        let entry_pc = callee.code.code.entry_pc;
                                        Ok((callee as *mut Frame, entry_pc))
                                    }
                                    // A plain class or a bound method (see
                                    // `enter_other_call`), out of line.
                                    other @ (Value::Type(_) | Value::BoundMethod(_))
                                        if !tracing && args_start == base + 2 =>
                                    {
                                        tri!('op, enter_other_call(vm, callees, other, stack, base, kwn))
                                    }
                                    other => Err(other),
                                };
                                let callable = match entered {
                                    Ok((callee, entry_pc)) => {
                                        frame.lasti = this_pc;
                                        frame.resume_at = pc;
                                        pc = entry_pc;
                                        current_frame = callee;
                                        continue 'frame;
                                    }
                                    Err(callable) => callable,
                                };
                                let result = match &callable {
                                    Value::Function(f) if kwn.is_empty() => {
                                        // Python to Python: arguments move into the new frame.
                                        crate::call::call_from_stack(vm, f, stack, args_start)
                                    }
                                    Value::Builtin(b)
                                        if arg == 0
                                            && b.bound_self.is_none()
                                            && matches!(
                                                b.name,
                                                "globals" | "locals" | "vars" | "dir"
                                            ) =>
                                    {
                                        crate::frame_builtins::call(vm, frame, b.name)
                                    }
                                    Value::Builtin(b)
                                        if arg == 0
                                            && b.name == "super"
                                            && b.bound_self.is_none() =>
                                    {
                                        // Zero-argument super() reads this frame.
                                        match crate::superobj::implicit_args(frame) {
                                            Ok((class, first)) => {
                                                ops::call_value(vm, &callable, &[class, first], &[])
                                            }
                                            Err(e) => Err(e),
                                        }
                                    }
                                    _ => ops::call_value(vm, &callable, &stack[args_start..], kwn),
                                };
                                let stack = &mut frame.stack;
                                stack.truncate(base);
                                callable.discard();
                                let r = tri!('op, result);
                                stack.push(r);
                            }
                            Opcode::RETURN_VALUE => {
                                let v = pop!(stack);
                                if callees.depth > 0 {
                                    // Back to the caller parked by CALL.
                                    let is_init = frame.is_init;
                                    frame.clear(vm);
                                    vm.leave();
                                    current_frame = callees.pop();
                                    if current_frame.is_null() {
                                        current_frame = root;
                                    }
                                    let frame = unsafe { &mut *current_frame };
                                    pc = frame.resume_at;
                                    if !is_init {
                                        frame.stack.push(v);
                                    } else if let Some(err) = init_returned(frame, v) {
                                        current = frame.lasti;
                                        pending = Some((err, false));
                                    }
                                    continue 'frame;
                                }
                                return Ok(FrameResult::Return(v));
                            }
                            Opcode::RERAISE => {
                                let exc = pop!(stack);
                                frame.lasti = this_pc;
                                if arg > 0 {
                                    if let Value::Int(l) = peek(stack, arg) {
                                        frame.lasti = (*l).max(0) as usize;
                                    }
                                }
                                match exc {
                                    Value::Exception(e) => {
                                        pending = Some((e, true));
                                        continue 'run;
                                    }
                                    other => {
                                        break 'op type_error(format!(
                                            "exceptions must derive from BaseException, not {}",
                                            type_name(&other)
                                        ))
                                    }
                                }
                            }
                            Opcode::RAISE_VARARGS => {
                                frame.lasti = this_pc;
                                let e = match arg {
                                    0 => match &vm.handled_exception {
                                        Value::Exception(e) => {
                                            pending = Some((e.clone(), true));
                                            continue 'run;
                                        }
                                        _ => rpvm_object::exception::runtime_error(
                                            "No active exception to reraise",
                                        ),
                                    },
                                    1 => {
                                        let exc = pop!(stack);
                                        tri!('op, ops::make_exception(vm, exc))
                                    }
                                    _ => {
                                        let cause = pop!(stack);
                                        let exc = pop!(stack);
                                        let e = tri!('op, ops::make_exception(vm, exc));
                                        tri!('op, ops::set_cause(vm, &e, cause));
                                        e
                                    }
                                };
                                break 'op e;
                            }
                            // Generators.
                            Opcode::RETURN_GENERATOR => {
                                if callees.depth > 0 {
                                    break 'op system_error("unexpected yield outside a generator");
                                }
                                frame.resume_at = pc;
                                return Ok(FrameResult::Yield(Value::Null));
                            }
                            Opcode::YIELD_VALUE => {
                                if callees.depth > 0 {
                                    break 'op system_error("unexpected yield outside a generator");
                                }
                                let v = pop!(stack);
                                frame.resume_at = pc;
                                frame.lasti = this_pc;
                                return Ok(FrameResult::Yield(v));
                            }
                            // (receiver, value) -> (receiver, yielded) or jump with (result)
                            Opcode::SEND => {
                                let v = pop!(stack);
                                let receiver = peek(stack, 1).clone();
                                match tri!('op, crate::generator::send_to(vm, &receiver, v)) {
                                    crate::generator::SendResult::Yielded(y) => frame.stack.push(y),
                                    crate::generator::SendResult::Returned(r) => {
                                        frame.stack.pop();
                                        frame.stack.push(r);
                                        pc = arg;
                                    }
                                }
                            }
                            Opcode::END_ASYNC_FOR => {
                                let exc = pop!(stack);
                                stack.pop();
                                match exc {
                                    Value::Exception(e)
                                        if e.is_instance_of("StopAsyncIteration") => {}
                                    Value::Exception(e) => {
                                        frame.lasti = this_pc;
                                        pending = Some((e, true));
                                        continue 'run;
                                    }
                                    _ => {}
                                }
                            }
                            Opcode::LOAD_NAME => {
                                let v = tri!('op, load_name(frame, &vm.builtins, code, arg));
                                frame.stack.push(v);
                            }
                            Opcode::STORE_NAME => {
                                let v = pop!(stack);
                                let ns = match &frame.locals_dict {
                                    Some(d) => d,
                                    None => &frame.globals,
                                };
                                store_name(ns, code, arg, v);
                            }
                            // Everything else: opcodes that are rare in hot loops run out of line
                            // (crate::rare_ops), which keeps this loop small enough for its state
                            // to stay in registers.
                            _ => {
                                tri!('op, crate::rare_ops::execute(vm, frame, code, instr, this_pc))
                            }
                        }
                    };
                    (e, false)
                }
            };
            if !vec_mode {
                raw.give(frame);
                vec_mode = true;
            }
            // An exception is propagating through this frame.
            if !is_reraise {
                frame.lasti = current;
                record_traceback(vm, &err, &frame.code, frame.lasti);
            }
            match find_handler(&code.code.exception_table, current as u32) {
                Some(h) => {
                    let depth = h.depth as usize;
                    frame.stack.truncate(depth);
                    if h.lasti {
                        frame.stack.push(Value::Int(frame.lasti as i64));
                    }
                    frame.stack.push(Value::Exception(err));
                    pc = h.target as usize;
                }
                None => match callees.depth {
                    0 => return Err(err),
                    // Unwind into the parked caller: its CALL is where the exception now is.
                    _ => {
                        frame.clear(vm);
                        vm.leave();
                        current_frame = callees.pop();
                        if current_frame.is_null() {
                            current_frame = root;
                        }
                        let frame = unsafe { &mut *current_frame };
                        current = frame.lasti;
                        pc = frame.resume_at;
                        pending = Some((err, false));
                        continue 'frame;
                    }
                },
            }
        }
    }
}

/// CALL, in the `[NULL, callable, args...]` form, of a plain class ([`enter_class_call`])
/// or of a bound method of a Python function ([`enter_bound_method`]): sets up the next
/// callee slot, or gives the callable back for the general call.
#[inline(never)]
fn enter_other_call(
    vm: &mut Vm,
    callees: &mut CalleeFrames,
    callable: Value,
    stack: &mut Vec<Value>,
    base: usize,
    kwnames: &[Value],
) -> PyResult<Result<(*mut Frame, usize), Value>> {
    Ok(match callable {
        Value::Type(t) if !t.builtin => {
            enter_class_call(vm, callees, t, stack, base, kwnames)?.map_err(Value::Type)
        }
        Value::BoundMethod(m) => {
            enter_bound_method(vm, callees, m, stack, base, kwnames)?.map_err(Value::BoundMethod)
        }
        other => Err(other),
    })
}

/// CALL of a class whose instances are made the default way with a Python `__init__`
/// (see [`rpvm_object::protocols::call::plain_class_init`]): makes the instance, leaves it
/// on the caller's `stack` as the CALL's result (the class's slot and the NULL under it
/// become the arguments' start), and sets up the next callee slot to run `__init__` on
/// it. Returns that slot and where to start in it, or gives the class back when it needs
/// the general call.
/// Out of line: its size would otherwise cost the dispatch loop's register allocation.
#[inline(never)]
fn enter_class_call(
    vm: &mut Vm,
    callees: &mut CalleeFrames,
    class: Rc<rpvm_object::typeobj::PyType>,
    stack: &mut Vec<Value>,
    base: usize,
    kwnames: &[Value],
) -> PyResult<Result<(*mut Frame, usize), Rc<rpvm_object::typeobj::PyType>>> {
    let args_start = base + 2;
    if stack.len() < args_start {
        return Ok(Err(class));
    }
    let found = rpvm_object::protocols::call::plain_class_init(
        vm,
        &class,
        &stack[args_start..],
        kwnames,
        crate::call::can_inline,
    )?;
    let Some((instance, init)) = found else {
        return Ok(Err(class));
    };
    // `__init__(instance, *args)`: the instance takes the class's slot.
    stack[base + 1] = instance.clone();
    let (callee, entry_pc) = push_callee(vm, callees, init, stack, base, kwnames)?;
    stack.push(instance);
    // The slot just made live.
    callees.slots[callees.depth - 1].is_init = true;
    Ok(Ok((callee, entry_pc)))
}

/// Sets up the next callee slot to run `func` with the arguments `stack[base + 1..]` (the
/// NULL at `base` is dropped) and makes it live; returns it and where to start in it.
fn push_callee(
    vm: &mut Vm,
    callees: &mut CalleeFrames,
    func: Rc<PyFunction>,
    stack: &mut Vec<Value>,
    base: usize,
    kwnames: &[Value],
) -> PyResult<(*mut Frame, usize)> {
    if callees.depth == callees.slots.len() {
        let mut fresh = Frame::new(vm, func.code.clone(), func.globals.clone());
        fresh.clear(vm);
        callees.slots.push(Box::new(fresh));
    }
    let callee: &mut Frame = &mut callees.slots[callees.depth];
    crate::call::enter_frame(vm, callee, func, stack, base, base + 1, kwnames)?;
    callees.depth += 1;
    let entry_pc = callee.code.code.entry_pc;
    Ok((callee, entry_pc))
}

/// CALL of a bound method whose function is a plain Python function: `self` takes the
/// method's slot on the caller's `stack` (the NULL under it stays), and the function runs
/// in the next callee slot as a direct call would. Returns that slot and where to start in
/// it, or gives the method back when it needs the general call. Out of line, as
/// [`enter_class_call`].
#[inline(never)]
fn enter_bound_method(
    vm: &mut Vm,
    callees: &mut CalleeFrames,
    method: Rc<rpvm_object::function::BoundMethod>,
    stack: &mut Vec<Value>,
    base: usize,
    kwnames: &[Value],
) -> PyResult<Result<(*mut Frame, usize), Rc<rpvm_object::function::BoundMethod>>> {
    let func = match &method.func {
        Value::Function(f) if crate::call::can_inline(f) && stack.len() >= base + 2 => f.clone(),
        _ => return Ok(Err(method)),
    };
    stack[base + 1] = method.self_.clone();
    Ok(Ok(push_callee(vm, callees, func, stack, base, kwnames)?))
}

/// Records in the calling `frame` where its CALL is (`lasti`, for tracebacks) and where
/// to resume after it.
#[inline(always)]
fn pc_at_call(frame: &mut Frame, call: usize, resume: usize) {
    frame.lasti = call;
    frame.resume_at = resume;
}

/// RETURN_VALUE of an `__init__` run by [`enter_class_call`], back in the caller `frame`
/// whose stack holds the instance: None is dropped and the instance stays as the result;
/// anything else drops the instance and gives CPython's TypeError to raise at the CALL.
#[inline(never)]
fn init_returned(frame: &mut Frame, result: Value) -> Option<PyErr> {
    if result.is_none() {
        return None;
    }
    if let Some(instance) = frame.stack.pop() {
        instance.discard();
    }
    let err = rpvm_object::protocols::call::init_returned_error(&result);
    result.discard();
    Some(err)
}

impl CalleeFrames {
    /// Ends the innermost live callee; returns the slot of the frame that is innermost now,
    /// or null when that is the root frame.
    #[inline(always)]
    fn pop(&mut self) -> *mut Frame {
        self.depth -= 1;
        match self.depth {
            0 => std::ptr::null_mut(),
            d => &mut *self.slots[d - 1],
        }
    }
}

/// One step of a range or list iterator without a call: `Some(Some(item))`, or
/// `Some(None)` when it is exhausted; `None` for any other value (the caller calls
/// `__next__`).
#[inline(always)]
fn step_builtin_iter(it: &Value) -> Option<Option<Value>> {
    let Value::Iter(i) = it else {
        return None;
    };
    match &mut *i.state.borrow_mut() {
        IterState::Range {
            next,
            step,
            remaining,
        } => {
            if *remaining > 0 {
                let v = *next;
                *remaining -= 1;
                *next = next.wrapping_add(*step);
                Some(Some(Value::Int(v)))
            } else {
                Some(None)
            }
        }
        IterState::List { list, index } => {
            let item = list.get(*index);
            *index += 1;
            Some(item)
        }
        _ => None,
    }
}

/// The register view of a frame's value stack and locals used by the quickened fast paths
/// of the dispatch loop: raw pointers that the compiler can keep in registers, where
/// `Vec::push` would load and store the vector's length through the frame on every push.
///
/// [`RawStack::take`] moves ownership of the stack's values from `frame.stack` (left with
/// length 0, its buffer untouched) to the region `base..sp`; [`RawStack::give`] hands them
/// back by restoring the length. In between, only the fast paths touch the stack and locals,
/// and they never push past the buffer's capacity (`limit`), so the buffer cannot move.
/// A panic in between leaks the values instead of dropping them twice.
struct RawStack {
    base: *mut Value,
    sp: *mut Value,
    limit: *mut Value,
    locals: *mut Value,
}

impl RawStack {
    const EMPTY: RawStack = RawStack {
        base: std::ptr::null_mut(),
        sp: std::ptr::null_mut(),
        limit: std::ptr::null_mut(),
        locals: std::ptr::null_mut(),
    };

    /// Takes the values of `frame.stack` into the raw view.
    #[inline(always)]
    fn take(frame: &mut Frame) -> RawStack {
        let n = frame.stack.len();
        let cap = frame.stack.capacity();
        let base = frame.stack.as_mut_ptr();
        // SAFETY: `n <= cap`, so both offsets stay inside (or one past) the buffer. After
        // `set_len(0)` the vector no longer drops `base..base + n`; this view owns them.
        unsafe {
            frame.stack.set_len(0);
            RawStack {
                base,
                sp: base.add(n),
                limit: base.add(cap),
                locals: frame.locals.as_mut_ptr(),
            }
        }
    }

    /// Gives the values back to `frame.stack`.
    #[inline(always)]
    fn give(&self, frame: &mut Frame) {
        // SAFETY: `base..sp` holds initialised values inside the buffer this view was taken
        // from (pushes stop at `limit`, pops at `base`), and the vector has not been touched
        // since `take`.
        unsafe { frame.stack.set_len(self.depth()) }
    }

    /// The number of values on the stack.
    #[inline(always)]
    fn depth(&self) -> usize {
        // SAFETY: both pointers are in the same buffer and `sp >= base`.
        unsafe { self.sp.offset_from(self.base) as usize }
    }

    /// Whether `n` more values fit without growing the buffer.
    #[inline(always)]
    fn has_room(&self, n: usize) -> bool {
        // SAFETY: as in `depth`.
        (unsafe { self.limit.offset_from(self.sp) as usize }) >= n
    }

    /// Pushes `v`. The caller has checked `has_room`.
    #[inline(always)]
    unsafe fn push(&mut self, v: Value) {
        self.sp.write(v);
        self.sp = self.sp.add(1);
    }

    /// Pops the top value. The caller has checked `depth() >= 1`.
    #[inline(always)]
    unsafe fn pop(&mut self) -> Value {
        self.sp = self.sp.sub(1);
        self.sp.read()
    }
}

/// Adds this frame to the exception's traceback and links the exception being handled as
/// its `__context__`.
fn record_traceback(
    vm: &mut Vm,
    err: &PyErr,
    code: &Rc<rpvm_object::function::PyCode>,
    unit: usize,
) {
    err.traceback.borrow_mut().push(TracebackEntry {
        code: code.clone(),
        unit: unit as u32,
    });
    if err.traceback.borrow().len() == 1 {
        if let Value::Exception(handled) = &vm.handled_exception {
            if !Rc::ptr_eq(handled, err) && err.context.borrow().is_none() {
                *err.context.borrow_mut() = Value::Exception(handled.clone());
            }
        }
    }
}

pub(crate) fn pop_n(stack: &mut Vec<Value>, n: usize) -> Vec<Value> {
    let at = stack.len().saturating_sub(n);
    stack.split_off(at)
}

pub(crate) fn unbound_local(code: &rpvm_object::function::PyCode, i: usize) -> PyErr {
    PyException::with_message(
        "UnboundLocalError",
        format!(
            "cannot access local variable '{}' where it is not associated with a value",
            code.localsplus_names[i].as_str()
        ),
    )
}

pub(crate) fn unbound_deref(code: &rpvm_object::function::PyCode, i: usize) -> PyErr {
    let name = code.localsplus_names[i].as_str();
    let kind = code.code.raw.localspluskinds.get(i).copied().unwrap_or(0);
    if kind & rpvm_loader::code::CO_FAST_FREE != 0 {
        name_error(format!(
            "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
        ))
    } else {
        PyException::with_message(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }
}

/// LOAD_GLOBAL: globals, then builtins, through the per-name version cache. The cache hit
/// is inlined into the dispatch loop; the lookup that fills the cache is out of line.
#[inline(always)]
fn load_global(
    globals: &Rc<PyDict>,
    builtins: &Rc<PyDict>,
    code: &rpvm_object::function::PyCode,
    i: usize,
) -> PyResult<Value> {
    let c = code.name_caches[i].get();
    if c.globals_version == globals.keys_version() {
        if !c.in_builtins {
            if let Some(v) = globals.value_at(c.index as usize) {
                return Ok(v);
            }
        } else if c.builtins_version == builtins.keys_version() {
            if let Some(v) = builtins.value_at(c.index as usize) {
                return Ok(v);
            }
        }
    }
    load_global_slow(globals, builtins, code, i)
}

#[inline(never)]
fn load_global_slow(
    globals: &Rc<PyDict>,
    builtins: &Rc<PyDict>,
    code: &rpvm_object::function::PyCode,
    i: usize,
) -> PyResult<Value> {
    let cache = &code.name_caches[i];
    let name = Value::Str(code.names[i].clone());
    let h = code.names[i].hash();
    if let Some(idx) = globals.index_of(&name, h) {
        cache.set(NameCache {
            globals_version: globals.keys_version(),
            builtins_version: 0,
            index: idx as u32,
            in_builtins: false,
        });
        return globals
            .value_at(idx)
            .ok_or_else(|| system_error("global vanished"));
    }
    if let Some(idx) = builtins.index_of(&name, h) {
        cache.set(NameCache {
            globals_version: globals.keys_version(),
            builtins_version: builtins.keys_version(),
            index: idx as u32,
            in_builtins: true,
        });
        return builtins
            .value_at(idx)
            .ok_or_else(|| system_error("builtin vanished"));
    }
    Err(name_error(format!(
        "name '{}' is not defined",
        code.names[i].as_str()
    )))
}

/// LOAD_NAME: the locals mapping, then globals, then builtins.
pub(crate) fn load_name(
    frame: &Frame,
    builtins: &Rc<PyDict>,
    code: &rpvm_object::function::PyCode,
    i: usize,
) -> PyResult<Value> {
    match &frame.locals_dict {
        Some(ns) if !Rc::ptr_eq(ns, &frame.globals) => {
            let name = Value::Str(code.names[i].clone());
            if let Some(v) = ns.get_hashed(&name, code.names[i].hash()) {
                return Ok(v);
            }
            load_global(&frame.globals, builtins, code, i)
        }
        _ => load_global(&frame.globals, builtins, code, i),
    }
}

/// STORE_NAME, using the name cache when the key already exists.
pub(crate) fn store_name(
    ns: &Rc<PyDict>,
    code: &rpvm_object::function::PyCode,
    i: usize,
    v: Value,
) {
    let cache = &code.name_caches[i];
    let c = cache.get();
    if !c.in_builtins
        && c.globals_version == ns.keys_version()
        && ns.set_value_at(c.index as usize, v.clone())
    {
        return;
    }
    let name = Value::Str(code.names[i].clone());
    let h = code.names[i].hash();
    ns.insert_hashed(name.clone(), h, v);
    if let Some(idx) = ns.index_of(&name, h) {
        cache.set(NameCache {
            globals_version: ns.keys_version(),
            builtins_version: 0,
            index: idx as u32,
            in_builtins: false,
        });
    }
}

/// Runs a module's code object with `globals` as both globals and locals.
pub fn run_module_code(
    vm: &mut Vm,
    code: Rc<rpvm_object::function::PyCode>,
    globals: Rc<PyDict>,
) -> PyResult<Value> {
    let mut frame = Frame::new(vm, code, globals.clone());
    frame.locals_dict = Some(globals);
    vm.enter("")?;
    let r = run_frame(vm, &mut frame);
    vm.leave();
    frame.recycle(vm);
    match r? {
        FrameResult::Return(v) => Ok(v),
        FrameResult::Yield(_) => Err(system_error("module code yielded")),
    }
}

/// Runs a class body with `ns` as its locals mapping (used by `__build_class__`).
pub fn run_class_body(vm: &mut Vm, func: &Rc<PyFunction>, ns: Rc<PyDict>) -> PyResult<Value> {
    let mut frame = Frame::new(vm, func.code.clone(), func.globals.clone());
    frame.locals_dict = Some(ns);
    frame.function = Some(func.clone());
    vm.enter("")?;
    let r = run_frame(vm, &mut frame);
    vm.leave();
    frame.recycle(vm);
    match r? {
        FrameResult::Return(v) => Ok(v),
        FrameResult::Yield(_) => Err(system_error("class body yielded")),
    }
}

/// Creates a fresh iterator over a list (used by tests of the fast path).
pub fn list_iter(l: Value) -> Value {
    match l {
        Value::List(list) => PyIter::new_value(IterState::List { list, index: 0 }),
        other => other,
    }
}
