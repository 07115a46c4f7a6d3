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
use rpvm_loader::Opcode;
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{
    name_error, system_error, type_error, PyErr, PyException, PyResult, TracebackEntry,
};
use rpvm_object::function::{NameCache, PyCell, PyFunction};
use rpvm_object::iter::{IterState, PyIter};
use rpvm_object::misc::PySlice;
use rpvm_object::protocols::arith::{binary_op, invert, negative, positive, BinOp};
use rpvm_object::protocols::attr::{
    del_attr, get_attr, get_attr_hashed, load_method_hashed, set_attr_hashed, Method,
};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::compare::{rich_compare, CompareOp};
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter, next};
use rpvm_object::protocols::subscript::{contains, del_item, get_item, set_item};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::set::PySet;
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

macro_rules! tri {
    ($l:lifetime, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => break $l e,
        }
    };
}

/// Pops the top of the stack. Crafted bytecode that pops an empty stack gets NULL instead
/// of a panic (and fails cleanly later).
macro_rules! pop {
    ($s:expr) => {
        // Not `unwrap_or(Value::Null)`: that would build and drop a NULL on every pop.
        match $s.pop() {
            Some(v) => v,
            None => Value::Null,
        }
    };
}

/// `stack[len - n]` (n >= 1), or NULL if the stack is shorter.
#[inline]
fn peek(stack: &[Value], n: usize) -> &Value {
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
fn run_frame_impl<const TRACING: bool>(vm: &mut Vm, frame: &mut Frame) -> PyResult<FrameResult> {
    let mut pc = frame.resume_at;
    // Callers of the frame running now, innermost last. A CALL of a plain Python function
    // does not recurse into `run_frame`: the caller is parked here and `frame` becomes the
    // callee (as CPython 3.11's `_PyEval_EvalFrameDefault` does), so Python recursion costs no
    // Rust stack and a call costs no Rust prologue.
    let mut callers: Vec<Frame> = Vec::new();
    let mut kwnames: Option<Rc<PyTuple>> = None;
    let tracing = TRACING;
    // Whether an instruction of this frame was traced and still owes its stack line.
    let mut traced = false;
    // An exception thrown into a suspended generator is raised at its yield point.
    let mut pending: Option<(PyErr, bool)> = crate::generator::take_thrown(frame);
    // The code unit of the instruction being executed: exception-table lookups use it even
    // when RERAISE restored an older `lasti` (which only decides what gets pushed).
    let mut current = frame.lasti;
    // Entered again whenever CALL or RETURN_VALUE switches `frame` to another code object.
    'frame: loop {
        let code = frame.code.clone();
        let instrs: &[rpvm_loader::Instr] = &code.code.instructions;
        'run: loop {
            let (err, is_reraise): (PyErr, bool) = match pending.take() {
                Some(p) => p,
                None => {
                    let e = 'op: loop {
                        // In range: jump targets are validated by the loader and the last slot is a
                        // CACHE sentinel that stops execution before `pc` can pass the end.
                        let Some(&instr) = instrs.get(pc) else {
                            break 'op system_error("bytecode ran past the end of the code");
                        };
                        let this_pc = pc;
                        current = this_pc;
                        pc += 1 + instr.skip as usize;
                        if tracing {
                            if traced {
                                crate::trace::trace_stack(vm, frame);
                            }
                            crate::trace::trace_instruction(vm, frame, this_pc);
                            traced = true;
                        }
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
                                    break 'op unbound_local(&code, arg);
                                }
                                stack.push(v.clone());
                            }
                            // (value) -> ()
                            Opcode::STORE_FAST => {
                                let v = pop!(stack);
                                std::mem::replace(&mut locals[arg], v).discard();
                            }
                            Opcode::DELETE_FAST => {
                                if locals[arg].is_null() {
                                    break 'op unbound_local(&code, arg);
                                }
                                locals[arg] = Value::Null;
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
                                let b = pop!(stack);
                                let a = pop!(stack);
                                let r = match (&a, &b) {
                                    (Value::Int(x), Value::Int(y)) if arg == 0 || arg == 13 => {
                                        match x.checked_add(*y) {
                                            Some(s) => Value::Int(s),
                                            None => {
                                                tri!('op, binary_op(vm, BinOp::Add, &a, &b, false))
                                            }
                                        }
                                    }
                                    (Value::Int(x), Value::Int(y)) if arg == 10 || arg == 23 => {
                                        match x.checked_sub(*y) {
                                            Some(s) => Value::Int(s),
                                            None => {
                                                tri!('op, binary_op(vm, BinOp::Sub, &a, &b, false))
                                            }
                                        }
                                    }
                                    (Value::Float(x), Value::Float(y)) => {
                                        match ops::float_fast(arg, *x, *y) {
                                            Some(f) => Value::Float(f),
                                            None => {
                                                let (op, inplace) = BinOp::from_arg(instr.arg)
                                                    .unwrap_or((BinOp::Add, false));
                                                tri!('op, binary_op(vm, op, &a, &b, inplace))
                                            }
                                        }
                                    }
                                    _ => {
                                        let (op, inplace) = BinOp::from_arg(instr.arg)
                                            .unwrap_or((BinOp::Add, false));
                                        tri!('op, binary_op(vm, op, &a, &b, inplace))
                                    }
                                };
                                a.discard();
                                b.discard();
                                stack.push(r);
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
                            Opcode::UNARY_NEGATIVE => {
                                let a = pop!(stack);
                                let r = tri!('op, negative(vm, &a));
                                stack.push(r);
                            }
                            Opcode::UNARY_POSITIVE => {
                                let a = pop!(stack);
                                let r = tri!('op, positive(vm, &a));
                                stack.push(r);
                            }
                            Opcode::UNARY_INVERT => {
                                let a = pop!(stack);
                                let r = tri!('op, invert(vm, &a));
                                stack.push(r);
                            }
                            Opcode::UNARY_NOT => {
                                let a = pop!(stack);
                                let r = tri!('op, is_true(vm, &a));
                                stack.push(Value::Bool(!r));
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
                                let it = peek(stack, 1).clone();
                                // Fast path: range and list iterators step without a call.
                                let fast = if let Value::Iter(i) = &it {
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
                                } else {
                                    None
                                };
                                let item = match fast {
                                    Some(item) => item,
                                    None => tri!('op, next(vm, &it)),
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
                                let v = tri!('op, load_global(&frame.globals, &vm.builtins, &code, arg >> 1));
                                let stack = &mut frame.stack;
                                if arg & 1 == 1 {
                                    stack.push(Value::Null);
                                }
                                stack.push(v);
                            }
                            Opcode::STORE_GLOBAL => {
                                let v = pop!(stack);
                                let name = Value::Str(code.names[arg].clone());
                                let h = code.names[arg].hash();
                                frame.globals.insert_hashed(name, h, v);
                            }
                            Opcode::DELETE_GLOBAL => {
                                let name = Value::Str(code.names[arg].clone());
                                let h = code.names[arg].hash();
                                if frame.globals.remove_hashed(&name, h).is_none() {
                                    break 'op name_error(format!(
                                        "name '{}' is not defined",
                                        code.names[arg].as_str()
                                    ));
                                }
                            }
                            // () -> (value): module and class bodies
                            Opcode::LOAD_NAME => {
                                let v = tri!('op, load_name(frame, &vm.builtins, &code, arg));
                                frame.stack.push(v);
                            }
                            Opcode::STORE_NAME => {
                                let v = pop!(stack);
                                let ns = frame
                                    .locals_dict
                                    .clone()
                                    .unwrap_or_else(|| frame.globals.clone());
                                store_name(&ns, &code, arg, v);
                            }
                            Opcode::DELETE_NAME => {
                                let ns = frame
                                    .locals_dict
                                    .clone()
                                    .unwrap_or_else(|| frame.globals.clone());
                                let name = Value::Str(code.names[arg].clone());
                                if ns.remove_hashed(&name, code.names[arg].hash()).is_none() {
                                    break 'op name_error(format!(
                                        "name '{}' is not defined",
                                        code.names[arg].as_str()
                                    ));
                                }
                            }
                            // Cells and free variables.
                            Opcode::MAKE_CELL => {
                                let v = std::mem::replace(&mut locals[arg], Value::Null);
                                locals[arg] = Value::Cell(Rc::new(PyCell::new(v)));
                            }
                            Opcode::COPY_FREE_VARS => {
                                let closure =
                                    frame.function.as_ref().and_then(|f| f.closure.clone());
                                let n = code.code.nlocalsplus();
                                match closure {
                                    Some(c) if c.len() >= arg && arg <= n => {
                                        for (i, cell) in c.as_slice()[..arg].iter().enumerate() {
                                            frame.locals[n - arg + i] = cell.clone();
                                        }
                                    }
                                    _ => {
                                        break 'op system_error(
                                            "COPY_FREE_VARS without a matching closure",
                                        )
                                    }
                                }
                            }
                            Opcode::LOAD_CLOSURE => stack.push(locals[arg].clone()),
                            Opcode::LOAD_DEREF => {
                                let v = match &locals[arg] {
                                    Value::Cell(c) => c.get(),
                                    _ => Value::Null,
                                };
                                if v.is_null() {
                                    break 'op unbound_deref(&code, arg);
                                }
                                stack.push(v);
                            }
                            Opcode::LOAD_CLASSDEREF => {
                                let name = &code.localsplus_names[arg];
                                let from_ns = frame.locals_dict.as_ref().and_then(|d| {
                                    d.get_hashed(&Value::Str(name.clone()), name.hash())
                                });
                                let v = match from_ns {
                                    Some(v) => v,
                                    None => match &frame.locals[arg] {
                                        Value::Cell(c) => c.get(),
                                        _ => Value::Null,
                                    },
                                };
                                if v.is_null() {
                                    break 'op unbound_deref(&code, arg);
                                }
                                frame.stack.push(v);
                            }
                            Opcode::STORE_DEREF => {
                                let v = pop!(stack);
                                match &locals[arg] {
                                    Value::Cell(c) => c.set(v),
                                    _ => locals[arg] = Value::Cell(Rc::new(PyCell::new(v))),
                                }
                            }
                            Opcode::DELETE_DEREF => {
                                let ok = match &locals[arg] {
                                    Value::Cell(c) => {
                                        !c.get().is_null() && {
                                            c.set(Value::Null);
                                            true
                                        }
                                    }
                                    _ => false,
                                };
                                if !ok {
                                    break 'op unbound_deref(&code, arg);
                                }
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
                            Opcode::DELETE_ATTR => {
                                let obj = pop!(stack);
                                tri!('op, del_attr(vm, &obj, code.names[arg].as_str()));
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
                                if let [.., Value::List(l), Value::Int(i)] = stack.as_slice() {
                                    if let Some(v) = usize::try_from(*i).ok().and_then(|i| l.get(i))
                                    {
                                        stack.pop();
                                        if let Some(slot) = stack.last_mut() {
                                            *slot = v;
                                        }
                                        continue;
                                    }
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
                            Opcode::DELETE_SUBSCR => {
                                let key = pop!(stack);
                                let container = pop!(stack);
                                tri!('op, del_item(vm, &container, &key));
                            }
                            // Building containers.
                            Opcode::BUILD_TUPLE => {
                                let items = pop_n(stack, arg);
                                stack.push(Value::tuple(items));
                            }
                            Opcode::BUILD_LIST => {
                                let items = pop_n(stack, arg);
                                stack.push(Value::list(items));
                            }
                            Opcode::BUILD_SET => {
                                let items = pop_n(stack, arg);
                                let t =
                                    tri!('op, rpvm_object::methods::set::table_from(vm, &items));
                                frame.stack.push(Value::Set(Rc::new(PySet::from_table(t))));
                            }
                            Opcode::BUILD_MAP => {
                                let items = pop_n(stack, 2 * arg);
                                let d = PyDict::new();
                                for pair in items.chunks(2) {
                                    let h = tri!('op, hash_value(vm, &pair[0]));
                                    d.insert_hashed(pair[0].clone(), h, pair[1].clone());
                                }
                                frame.stack.push(Value::Dict(Rc::new(d)));
                            }
                            Opcode::BUILD_CONST_KEY_MAP => {
                                let keys = pop!(stack);
                                let values = pop_n(stack, arg);
                                let d = PyDict::new();
                                if let Value::Tuple(k) = &keys {
                                    for (key, v) in k.as_slice().iter().zip(values) {
                                        let h = tri!('op, hash_value(vm, key));
                                        d.insert_hashed(key.clone(), h, v);
                                    }
                                }
                                frame.stack.push(Value::Dict(Rc::new(d)));
                            }
                            Opcode::BUILD_STRING => {
                                let parts = pop_n(stack, arg);
                                let mut s = String::new();
                                for p in &parts {
                                    s.push_str(p.as_str().unwrap_or(""));
                                }
                                stack.push(Value::string(s));
                            }
                            Opcode::BUILD_SLICE => {
                                let step = if arg == 3 { pop!(stack) } else { Value::None };
                                let stop = pop!(stack);
                                let start = pop!(stack);
                                stack.push(Value::Slice(Rc::new(PySlice { start, stop, step })));
                            }
                            Opcode::LIST_APPEND => {
                                let v = pop!(stack);
                                if let Value::List(l) = peek(stack, arg) {
                                    l.push(v);
                                }
                            }
                            Opcode::SET_ADD => {
                                let v = pop!(stack);
                                let target = peek(stack, arg).clone();
                                tri!('op, ops::set_add(vm, &target, v));
                            }
                            Opcode::MAP_ADD => {
                                let v = pop!(stack);
                                let k = pop!(stack);
                                let target = peek(stack, arg).clone();
                                if let Value::Dict(d) = &target {
                                    let h = tri!('op, hash_value(vm, &k));
                                    d.insert_hashed(k, h, v);
                                }
                            }
                            Opcode::LIST_EXTEND => {
                                let v = pop!(stack);
                                let target = peek(stack, arg).clone();
                                let items = match collect(vm, &v) {
                                    Ok(items) => items,
                                    Err(_) => {
                                        break 'op type_error(format!(
                                            "Value after * must be an iterable, not {}",
                                            type_name(&v)
                                        ))
                                    }
                                };
                                if let Value::List(l) = &target {
                                    if let Some(mut b) = l.try_borrow_mut() {
                                        b.extend(items);
                                    }
                                }
                            }
                            Opcode::SET_UPDATE => {
                                let v = pop!(stack);
                                let target = peek(stack, arg).clone();
                                tri!('op, ops::set_update(vm, &target, &v));
                            }
                            Opcode::DICT_UPDATE | Opcode::DICT_MERGE => {
                                let v = pop!(stack);
                                let target = peek(stack, arg).clone();
                                tri!('op, ops::dict_update(vm, &target, &v, instr.op == Opcode::DICT_MERGE, peek(&frame.stack, arg + 2)));
                            }
                            Opcode::LIST_TO_TUPLE => {
                                let v = pop!(stack);
                                let items = match &v {
                                    Value::List(l) => l.snapshot(),
                                    _ => vec![],
                                };
                                stack.push(Value::tuple(items));
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
                            Opcode::UNPACK_EX => {
                                let v = pop!(stack);
                                let items =
                                    tri!('op, ops::unpack(vm, &v, arg & 0xff, Some(arg >> 8)));
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
                                let callable = match callable {
                                    Value::Function(f)
                                        if !tracing && crate::call::can_inline(&f) =>
                                    {
                                        // Push a frame for the callee and continue in it.
                                        let callee = tri!('op, crate::call::frame_for_call(vm, f, stack, base, args_start, kwn));
                                        frame.lasti = this_pc;
                                        frame.resume_at = pc;
                                        callers.push(std::mem::replace(frame, callee));
                                        pc = 0;
                                        continue 'frame;
                                    }
                                    other => other,
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
                            // (NULL, callable, args tuple, [kwargs]) -> (result)
                            Opcode::CALL_FUNCTION_EX => {
                                let kwargs = if arg & 1 == 1 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let args = pop!(stack);
                                let callable = pop!(stack);
                                stack.pop();
                                let r =
                                    tri!('op, ops::call_ex(vm, &callable, &args, kwargs.as_ref()));
                                frame.stack.push(r);
                            }
                            Opcode::MAKE_FUNCTION => {
                                let code_obj = pop!(stack);
                                let closure = if arg & 8 != 0 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let annotations = if arg & 4 != 0 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let kwdefaults = if arg & 2 != 0 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let defaults = if arg & 1 != 0 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let f = tri!('op, ops::make_function(&frame.globals, code_obj, closure, annotations, kwdefaults, defaults));
                                frame.stack.push(f);
                            }
                            Opcode::RETURN_VALUE => {
                                let v = pop!(stack);
                                if let Some(caller) = callers.pop() {
                                    // Back to the caller parked by CALL.
                                    std::mem::replace(frame, caller).recycle(vm);
                                    vm.leave();
                                    pc = frame.resume_at;
                                    frame.stack.push(v);
                                    continue 'frame;
                                }
                                return Ok(FrameResult::Return(v));
                            }
                            // String formatting (f-strings).
                            Opcode::FORMAT_VALUE => {
                                let spec = if arg & 4 != 0 {
                                    Some(pop!(stack))
                                } else {
                                    None
                                };
                                let v = pop!(stack);
                                let r =
                                    tri!('op, ops::format_value(vm, &v, arg & 3, spec.as_ref()));
                                frame.stack.push(r);
                            }
                            // Imports.
                            Opcode::IMPORT_NAME => {
                                let fromlist = pop!(stack);
                                let level = match pop!(stack) {
                                    Value::Int(i) => i,
                                    _ => 0,
                                };
                                let name = code.names[arg].as_str().to_string();
                                let globals = frame.globals.clone();
                                let m = tri!('op, (vm.hooks.import)(vm, &name, &fromlist, level, &globals));
                                frame.stack.push(m);
                            }
                            Opcode::IMPORT_FROM => {
                                let module = peek(stack, 1).clone();
                                let r = tri!('op, ops::import_from(vm, &module, code.names[arg].as_str()));
                                frame.stack.push(r);
                            }
                            Opcode::IMPORT_STAR => {
                                let module = pop!(stack);
                                let ns = frame
                                    .locals_dict
                                    .clone()
                                    .unwrap_or_else(|| frame.globals.clone());
                                tri!('op, ops::import_star(vm, &module, &ns));
                            }
                            // Classes.
                            Opcode::LOAD_BUILD_CLASS => {
                                match vm.builtins.get_str("__build_class__") {
                                    Some(f) => stack.push(f),
                                    None => break 'op name_error("__build_class__ not found"),
                                }
                            }
                            Opcode::SETUP_ANNOTATIONS => {
                                let ns = frame
                                    .locals_dict
                                    .clone()
                                    .unwrap_or_else(|| frame.globals.clone());
                                if ns.get_str("__annotations__").is_none() {
                                    ns.set_str(
                                        "__annotations__",
                                        Value::Dict(Rc::new(PyDict::new())),
                                    );
                                }
                            }
                            // Exceptions.
                            Opcode::PUSH_EXC_INFO => {
                                let exc = pop!(stack);
                                let prev =
                                    std::mem::replace(&mut vm.handled_exception, exc.clone());
                                frame.stack.push(prev);
                                frame.stack.push(exc);
                            }
                            Opcode::POP_EXCEPT => {
                                vm.handled_exception = pop!(stack);
                            }
                            Opcode::CHECK_EXC_MATCH => {
                                let right = pop!(stack);
                                let left = peek(stack, 1).clone();
                                let m = tri!('op, ops::exception_matches(&left, &right));
                                frame.stack.push(Value::Bool(m));
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
                            Opcode::LOAD_ASSERTION_ERROR => {
                                stack.push(Value::Type(rpvm_object::typeobj::exception_type(
                                    "AssertionError",
                                )));
                            }
                            // (mgr) -> (exit, enter_result)
                            Opcode::BEFORE_WITH => {
                                let mgr = pop!(stack);
                                let (exit, res) = tri!('op, ops::before_with(vm, &mgr));
                                frame.stack.push(exit);
                                frame.stack.push(res);
                            }
                            // (exit, lasti, prev_exc, val) -> (..., exit(type, val, tb))
                            Opcode::WITH_EXCEPT_START => {
                                let val = peek(stack, 1).clone();
                                let exit = peek(stack, 4).clone();
                                let ty = Value::Type(type_of(&val));
                                let tb = match &val {
                                    Value::Exception(e) => {
                                        rpvm_object::exception::PyTraceback::of(e)
                                    }
                                    _ => Value::None,
                                };
                                let r = tri!('op, call(vm, &exit, &[ty, val, tb], &[]));
                                frame.stack.push(r);
                            }
                            Opcode::PREP_RERAISE_STAR => {
                                let excs = pop!(stack);
                                let orig = pop!(stack);
                                let r = tri!('op, ops::prep_reraise_star(vm, &orig, &excs));
                                frame.stack.push(r);
                            }
                            Opcode::CHECK_EG_MATCH => {
                                let match_type = pop!(stack);
                                let exc = pop!(stack);
                                let (rest, matched) =
                                    tri!('op, ops::check_eg_match(vm, &exc, &match_type));
                                frame.stack.push(rest);
                                frame.stack.push(matched);
                            }
                            // Generators.
                            Opcode::RETURN_GENERATOR => {
                                if !callers.is_empty() {
                                    break 'op system_error("unexpected yield outside a generator");
                                }
                                frame.resume_at = pc;
                                return Ok(FrameResult::Yield(Value::Null));
                            }
                            Opcode::YIELD_VALUE => {
                                if !callers.is_empty() {
                                    break 'op system_error("unexpected yield outside a generator");
                                }
                                let v = pop!(stack);
                                frame.resume_at = pc;
                                frame.lasti = this_pc;
                                return Ok(FrameResult::Yield(v));
                            }
                            Opcode::GET_YIELD_FROM_ITER => {
                                let v = pop!(stack);
                                let it = if crate::generator::is_generator(&v) {
                                    v
                                } else {
                                    tri!('op, get_iter(vm, &v))
                                };
                                frame.stack.push(it);
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
                            Opcode::ASYNC_GEN_WRAP => {}
                            Opcode::GET_AWAITABLE => {
                                let v = pop!(stack);
                                let a = tri!('op, crate::generator::get_awaitable(vm, &v));
                                frame.stack.push(a);
                            }
                            Opcode::GET_AITER => {
                                let v = pop!(stack);
                                let r = tri!('op, ops::call_method(vm, &v, "__aiter__", &[]));
                                frame.stack.push(r);
                            }
                            Opcode::GET_ANEXT => {
                                let v = peek(stack, 1).clone();
                                let r = tri!('op, ops::call_method(vm, &v, "__anext__", &[]));
                                let a = tri!('op, crate::generator::get_awaitable(vm, &r));
                                frame.stack.push(a);
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
                            Opcode::BEFORE_ASYNC_WITH => {
                                let mgr = pop!(stack);
                                let exit = tri!('op, get_attr(vm, &mgr, "__aexit__"));
                                let enter =
                                    tri!('op, ops::call_method(vm, &mgr, "__aenter__", &[]));
                                let a = tri!('op, crate::generator::get_awaitable(vm, &enter));
                                frame.stack.push(exit);
                                frame.stack.push(a);
                            }
                            // Pattern matching.
                            Opcode::GET_LEN => {
                                let v = peek(stack, 1).clone();
                                let n = tri!('op, ops::len(vm, &v));
                                frame.stack.push(Value::from(n));
                            }
                            Opcode::MATCH_MAPPING => {
                                let v = peek(stack, 1);
                                let m = matches!(v, Value::Dict(_));
                                stack.push(Value::Bool(m));
                            }
                            Opcode::MATCH_SEQUENCE => {
                                let v = peek(stack, 1);
                                let m =
                                    matches!(v, Value::List(_) | Value::Tuple(_) | Value::Range(_));
                                stack.push(Value::Bool(m));
                            }
                            Opcode::MATCH_KEYS => {
                                let keys = peek(stack, 1).clone();
                                let subject = peek(stack, 2).clone();
                                let r = tri!('op, ops::match_keys(vm, &subject, &keys));
                                frame.stack.push(r);
                            }
                            Opcode::MATCH_CLASS => {
                                let names = pop!(stack);
                                let cls = pop!(stack);
                                let subject = pop!(stack);
                                let r =
                                    tri!('op, ops::match_class(vm, &subject, &cls, arg, &names));
                                frame.stack.push(r);
                            }
                            Opcode::PRINT_EXPR => {
                                let v = pop!(stack);
                                if !v.is_none() {
                                    let s = tri!('op, rpvm_object::protocols::repr::repr(vm, &v));
                                    vm.stdout.write_str(&s);
                                    vm.stdout.write_str("\n");
                                }
                            }
                        }
                    };
                    (e, false)
                }
            };
            // An exception is propagating through this frame.
            if !is_reraise {
                frame.lasti = current;
                record_traceback(vm, &err, &code, frame.lasti);
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
                None => match callers.pop() {
                    // Unwind into the parked caller: its CALL is where the exception now is.
                    Some(caller) => {
                        std::mem::replace(frame, caller).recycle(vm);
                        vm.leave();
                        current = frame.lasti;
                        pending = Some((err, false));
                        continue 'frame;
                    }
                    None => return Err(err),
                },
            }
        }
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

fn pop_n(stack: &mut Vec<Value>, n: usize) -> Vec<Value> {
    let at = stack.len().saturating_sub(n);
    stack.split_off(at)
}

fn unbound_local(code: &rpvm_object::function::PyCode, i: usize) -> PyErr {
    PyException::with_message(
        "UnboundLocalError",
        format!(
            "cannot access local variable '{}' where it is not associated with a value",
            code.localsplus_names[i].as_str()
        ),
    )
}

fn unbound_deref(code: &rpvm_object::function::PyCode, i: usize) -> PyErr {
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
fn load_name(
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
fn store_name(ns: &Rc<PyDict>, code: &rpvm_object::function::PyCode, i: usize, v: Value) {
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
