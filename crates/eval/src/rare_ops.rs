//! The opcodes that are rare in hot loops, executed out of line.
//!
//! The dispatch loop in [`crate::eval`] keeps the opcodes that dominate running time (loads,
//! stores, arithmetic, comparisons, jumps, iteration, attribute access and calls); every other
//! opcode is executed here. Keeping them out of the loop's function keeps that function small,
//! so the compiler can hold the loop's state (program counter, frame, stack) in registers.
//! The arms read exactly like the loop's: same stack comments, same `tri!`/`pop!` helpers.

use std::rc::Rc;

use rpvm_loader::{Instr, Opcode};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{name_error, system_error, type_error, PyErr};
use rpvm_object::function::{PyCell, PyCode};
use rpvm_object::misc::PySlice;
use rpvm_object::protocols::arith::{invert, negative, positive};
use rpvm_object::protocols::attr::{del_attr, get_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::hash::hash_value;
use rpvm_object::protocols::iter::{collect, get_iter};
use rpvm_object::protocols::subscript::del_item;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::set::PySet;
use rpvm_object::{Value, Vm};

use crate::eval::{peek, pop_n, unbound_deref, unbound_local};
use crate::frame::Frame;
use crate::ops;

/// Executes one rare instruction of `frame` (at code unit `this_pc`).
#[inline(never)]
pub fn execute(
    vm: &mut Vm,
    frame: &mut Frame,
    code: &PyCode,
    instr: Instr,
    this_pc: usize,
) -> Result<(), PyErr> {
    let _ = this_pc;
    let stack = &mut frame.stack;
    let locals = &mut frame.locals;
    let arg = instr.arg as usize;
    let err = 'op: {
        match instr.op {
            Opcode::DELETE_FAST => {
                if locals[arg].is_null() {
                    break 'op unbound_local(code, arg);
                }
                locals[arg] = Value::Null;
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
                let closure = frame.function.as_ref().and_then(|f| f.closure.clone());
                let n = code.code.nlocalsplus();
                match closure {
                    Some(c) if c.len() >= arg && arg <= n => {
                        for (i, cell) in c.as_slice()[..arg].iter().enumerate() {
                            frame.locals[n - arg + i] = cell.clone();
                        }
                    }
                    _ => break 'op system_error("COPY_FREE_VARS without a matching closure"),
                }
            }
            Opcode::LOAD_CLOSURE => stack.push(locals[arg].clone()),
            Opcode::LOAD_CLASSDEREF => {
                let name = &code.localsplus_names[arg];
                let from_ns = frame
                    .locals_dict
                    .as_ref()
                    .and_then(|d| d.get_hashed(&Value::Str(name.clone()), name.hash()));
                let v = match from_ns {
                    Some(v) => v,
                    None => match &frame.locals[arg] {
                        Value::Cell(c) => c.get(),
                        _ => Value::Null,
                    },
                };
                if v.is_null() {
                    break 'op unbound_deref(code, arg);
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
                    break 'op unbound_deref(code, arg);
                }
            }
            Opcode::DELETE_ATTR => {
                let obj = pop!(stack);
                tri!('op, del_attr(vm, &obj, code.names[arg].as_str()));
            }
            Opcode::DELETE_SUBSCR => {
                let key = pop!(stack);
                let container = pop!(stack);
                tri!('op, del_item(vm, &container, &key));
            }
            Opcode::BUILD_LIST => {
                let items = pop_n(stack, arg);
                stack.push(Value::list(items));
            }
            Opcode::BUILD_SET => {
                let items = pop_n(stack, arg);
                let t = tri!('op, rpvm_object::methods::set::table_from(vm, &items));
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
                // One allocation of the exact size (none for short results).
                let start = stack.len().saturating_sub(arg);
                let s = rpvm_object::str::PyStr::from_parts(&stack[start..]);
                stack.truncate(start);
                stack.push(Value::Str(Rc::new(s)));
            }
            Opcode::BUILD_SLICE => {
                let step = if arg == 3 { pop!(stack) } else { Value::None };
                let stop = pop!(stack);
                let start = pop!(stack);
                stack.push(Value::Slice(Rc::new(PySlice { start, stop, step })));
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
            Opcode::UNPACK_EX => {
                let v = pop!(stack);
                let items = tri!('op, ops::unpack(vm, &v, arg & 0xff, Some(arg >> 8)));
                frame.stack.extend(items.into_iter().rev());
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
                let r = tri!('op, ops::call_ex(vm, &callable, &args, kwargs.as_ref()));
                frame.stack.push(r);
            }
            Opcode::MAKE_FUNCTION => {
                let code_obj = pop!(stack);
                // The optional parts, pushed in this order, are flagged by bits 3..0.
                let mut part = |bit: usize| (arg & bit != 0).then(|| pop!(stack));
                let closure = part(8);
                let annotations = part(4);
                let kwdefaults = part(2);
                let defaults = part(1);
                let f = tri!('op, ops::make_function(&frame.globals, code_obj, closure, annotations, kwdefaults, defaults));
                frame.stack.push(f);
            }
            // String formatting (f-strings).
            Opcode::FORMAT_VALUE => {
                let spec = if arg & 4 != 0 {
                    Some(pop!(stack))
                } else {
                    None
                };
                let v = pop!(stack);
                let r = tri!('op, ops::format_value(vm, &v, arg & 3, spec.as_ref()));
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
            Opcode::LOAD_BUILD_CLASS => match vm.builtins.get_str("__build_class__") {
                Some(f) => stack.push(f),
                None => break 'op name_error("__build_class__ not found"),
            },
            Opcode::SETUP_ANNOTATIONS => {
                let ns = frame
                    .locals_dict
                    .clone()
                    .unwrap_or_else(|| frame.globals.clone());
                if ns.get_str("__annotations__").is_none() {
                    ns.set_str("__annotations__", Value::Dict(Rc::new(PyDict::new())));
                }
            }
            // Exceptions.
            Opcode::PUSH_EXC_INFO => {
                let exc = pop!(stack);
                let prev = std::mem::replace(&mut vm.handled_exception, exc.clone());
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
                    Value::Exception(e) => rpvm_object::exception::PyTraceback::of(e),
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
                let (rest, matched) = tri!('op, ops::check_eg_match(vm, &exc, &match_type));
                frame.stack.push(rest);
                frame.stack.push(matched);
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
            Opcode::BEFORE_ASYNC_WITH => {
                let mgr = pop!(stack);
                let exit = tri!('op, get_attr(vm, &mgr, "__aexit__"));
                let enter = tri!('op, ops::call_method(vm, &mgr, "__aenter__", &[]));
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
                let v = peek(stack, 1).clone();
                let m = tri!('op, rpvm_object::protocols::pattern::match_mapping(vm, &v));
                frame.stack.push(Value::Bool(m));
            }
            Opcode::MATCH_SEQUENCE => {
                let v = peek(stack, 1).clone();
                let m = tri!('op, rpvm_object::protocols::pattern::match_sequence(vm, &v));
                frame.stack.push(Value::Bool(m));
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
                let r = tri!('op, ops::match_class(vm, &subject, &cls, arg, &names));
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
            _ => break 'op system_error("unknown opcode"),
        }
        return Ok(());
    };
    Err(err)
}
