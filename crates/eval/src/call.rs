//! Calling Python functions: binding arguments to parameters exactly as CPython does
//! (positional, keyword, defaults, keyword-only, positional-only, `*args`, `**kwargs`,
//! with CPython's TypeError messages), then running the frame.

use std::rc::Rc;

use rpvm_loader::code::{
    CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS,
};
use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::function::PyFunction;
use rpvm_object::protocols::repr::str_;
use rpvm_object::str::PyStr;
use rpvm_object::{Value, Vm};

use crate::eval::{run_frame, FrameResult};
use crate::frame::Frame;

/// The eval crate's implementation of [`rpvm_object::vm::CallFunctionHook`].
pub fn call_function(
    vm: &mut Vm,
    func: &Rc<PyFunction>,
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<Value> {
    let mut frame = Frame::new(vm, func.code.clone(), func.globals.clone());
    frame.function = Some(func.clone());
    bind_arguments(vm, func, &mut frame.locals, args, kwnames)?;
    let flags = func.code.code.flags;
    if flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
        return crate::generator::make_generator(vm, func, frame);
    }
    vm.enter("")?;
    let result = run_frame(vm, &mut frame);
    vm.leave();
    frame.recycle(vm);
    match result? {
        FrameResult::Return(v) => Ok(v),
        FrameResult::Yield(_) => Err(rpvm_object::exception::system_error(
            "unexpected yield outside a generator",
        )),
    }
}

fn qualname(vm: &mut Vm, func: &PyFunction) -> String {
    str_(vm, &func.qualname.borrow()).unwrap_or_default()
}

/// Joins names CPython-style: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn name_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Fills `locals` (length nlocalsplus) from the call's arguments.
pub fn bind_arguments(
    vm: &mut Vm,
    func: &PyFunction,
    locals: &mut [Value],
    args: &[Value],
    kwnames: &[Value],
) -> PyResult<()> {
    let code = &func.code.code;
    let argcount = code.argcount;
    let posonly = code.posonlyargcount;
    let kwonly = code.kwonlyargcount;
    let flags = code.flags;
    let npos = args.len() - kwnames.len().min(args.len());
    let total_params = argcount + kwonly;
    let varargs_slot = (flags & CO_VARARGS != 0).then_some(total_params);
    let varkw_slot =
        (flags & CO_VARKEYWORDS != 0).then(|| total_params + usize::from(varargs_slot.is_some()));

    // Fast path: exact positional call, no keywords, no varargs.
    if kwnames.is_empty()
        && npos == argcount
        && kwonly == 0
        && varargs_slot.is_none()
        && varkw_slot.is_none()
    {
        locals[..argcount].clone_from_slice(&args[..argcount]);
        return Ok(());
    }

    let ncopy = npos.min(argcount);
    locals[..ncopy].clone_from_slice(&args[..ncopy]);
    if let Some(slot) = varargs_slot {
        let extra = if npos > argcount {
            args[argcount..npos].to_vec()
        } else {
            vec![]
        };
        locals[slot] = Value::tuple(extra);
    }
    let kwdict = varkw_slot.map(|_| Rc::new(PyDict::new()));
    let names = &code.raw.localsplusnames;
    let mut posonly_as_kw: Vec<&str> = Vec::new();
    for (i, kname) in kwnames.iter().enumerate() {
        let value = &args[npos + i];
        let kstr = kname.as_str().unwrap_or("");
        let found = (posonly..total_params).find(|&j| &*names[j] == kstr);
        match found {
            Some(j) => {
                if !locals[j].is_null() {
                    return Err(type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        qualname(vm, func),
                        kstr
                    )));
                }
                locals[j] = value.clone();
            }
            None => match &kwdict {
                Some(d) => {
                    let h = rpvm_object::str::hash_str(kstr);
                    d.insert_hashed(kname.clone(), h, value.clone());
                }
                None => {
                    if (0..posonly).any(|j| &*names[j] == kstr) {
                        posonly_as_kw.push(kstr);
                        continue;
                    }
                    return Err(type_error(format!(
                        "{}() got an unexpected keyword argument '{}'",
                        qualname(vm, func),
                        kstr
                    )));
                }
            },
        }
    }
    if !posonly_as_kw.is_empty() {
        return Err(type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            qualname(vm, func),
            posonly_as_kw.join(", ")
        )));
    }
    if let (Some(slot), Some(d)) = (varkw_slot, kwdict) {
        locals[slot] = Value::Dict(d);
    }
    if npos > argcount && varargs_slot.is_none() {
        let ndefaults = func.defaults.as_ref().map(|d| d.len()).unwrap_or(0);
        let given_kwonly = (argcount..total_params)
            .filter(|&j| !locals[j].is_null())
            .count();
        let takes = if ndefaults > 0 {
            format!(
                "from {} to {}",
                argcount - ndefaults.min(argcount),
                argcount
            )
        } else {
            argcount.to_string()
        };
        let plural_takes = if argcount == 1 && ndefaults == 0 {
            ""
        } else {
            "s"
        };
        let given = if given_kwonly > 0 {
            format!(
                "{} positional argument{} (and {} keyword-only argument{})",
                npos,
                if npos == 1 { "" } else { "s" },
                given_kwonly,
                if given_kwonly == 1 { "" } else { "s" }
            )
        } else {
            npos.to_string()
        };
        let verb = if npos == 1 && given_kwonly == 0 {
            "was"
        } else {
            "were"
        };
        return Err(type_error(format!(
            "{}() takes {} positional argument{} but {} {} given",
            qualname(vm, func),
            takes,
            plural_takes,
            given,
            verb
        )));
    }
    // Defaults for missing positional parameters.
    if npos < argcount {
        let defaults: &[Value] = func.defaults.as_ref().map(|d| d.as_slice()).unwrap_or(&[]);
        let first_default = argcount - defaults.len().min(argcount);
        let mut missing: Vec<&str> = Vec::new();
        for j in npos..argcount {
            if locals[j].is_null() {
                if j >= first_default {
                    locals[j] = defaults[j - first_default].clone();
                } else {
                    missing.push(&names[j]);
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required positional argument{}: {}",
                qualname(vm, func),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
    }
    if kwonly > 0 {
        let mut missing: Vec<&str> = Vec::new();
        for j in argcount..total_params {
            if locals[j].is_null() {
                let name = &names[j];
                let default = func.kwdefaults.as_ref().and_then(|d| {
                    d.get_hashed(&Value::str(name), rpvm_object::str::hash_str(name))
                });
                match default {
                    Some(v) => locals[j] = v,
                    None => missing.push(name),
                }
            }
        }
        if !missing.is_empty() {
            return Err(type_error(format!(
                "{}() missing {} required keyword-only argument{}: {}",
                qualname(vm, func),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                name_list(&missing)
            )));
        }
    }
    let _ = PyStr::new;
    Ok(())
}

/// Whether CALL may run `func` in the caller's dispatch loop instead of recursing:
/// anything but generator, coroutine and async-generator code (their frames outlive the call).
#[inline]
pub fn can_inline(func: &PyFunction) -> bool {
    func.code.code.flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) == 0
}

/// Sets up `callee`, an empty reusable frame slot, for calling `func` with the arguments
/// `stack[start..]` (the last `kwnames.len()` of them keyword arguments), counting one level
/// of recursion, and truncates `stack` to `base` (the callable's slots below the arguments
/// hold NULLs). A plain positional call moves the arguments; others bind them as CPython
/// does. On error `callee` is left empty.
#[inline(always)]
pub fn enter_frame(
    vm: &mut Vm,
    callee: &mut Frame,
    func: Rc<PyFunction>,
    stack: &mut Vec<Value>,
    base: usize,
    start: usize,
    kwnames: &[Value],
) -> PyResult<()> {
    let code = &func.code.code;
    let nargs = stack.len() - start;
    let simple = kwnames.is_empty()
        && code.argcount == nargs
        && code.kwonlyargcount == 0
        && code.flags & (CO_VARARGS | CO_VARKEYWORDS) == 0;
    let n = code.nlocalsplus();
    let locals = &mut callee.locals;
    locals.reserve(n);
    let bound = if simple {
        for slot in &mut stack[start..] {
            locals.push(std::mem::replace(slot, Value::Null));
        }
        for _ in nargs..n {
            locals.push(Value::Null);
        }
        // Everything from `base` up is NULL now: the marker below a callable, the
        // callable's slot (CALL took it) and the moved arguments.
        if stack[base.min(stack.len())..].iter().all(Value::is_null) {
            // SAFETY: NULLs own nothing, so forgetting them instead of dropping is exact.
            unsafe { stack.set_len(base.min(stack.len())) };
        }
        Ok(())
    } else {
        locals.resize(n, Value::Null);
        bind_arguments(vm, &func, locals, &stack[start..], kwnames)
    };
    // Pop without drop glue for the NULLs (the arguments were moved or are dropped here).
    while stack.len() > base {
        if let Some(v) = stack.pop() {
            v.discard();
        }
    }
    if let Err(e) = bound.and_then(|()| vm.enter_inline()) {
        callee.clear(vm);
        return Err(e);
    }
    callee.start_call(func);
    Ok(())
}

/// Sets up `callee`, an empty reusable frame slot, for the fast CALL of the Python function
/// in `*slot` with the `nargs` values after it as its positional arguments, which its code
/// takes as they are (`nargs == fast_call_argcount`). The function and the arguments are
/// moved out: the caller must treat `slot..` as empty. Counts one level of recursion (the
/// caller checked the limit). Returns the pc to start the callee at.
///
/// # Safety
/// `slot` holds a `Value::Function` whose code has `fast_call_argcount == nargs`, followed
/// by `nargs` initialised values, all owned by the caller's stack.
#[inline(always)]
pub unsafe fn enter_frame_exact(
    vm: &mut Vm,
    callee: &mut Frame,
    slot: *mut Value,
    nargs: usize,
) -> usize {
    let func: Rc<PyFunction> = match slot.read() {
        Value::Function(f) => f,
        // SAFETY: the caller matched `Value::Function` in this slot.
        _ => std::hint::unreachable_unchecked(),
    };
    let code = &func.code.code;
    let n = code.nlocalsplus();
    let locals = &mut callee.locals;
    locals.reserve(n);
    let dst = locals.as_mut_ptr();
    // SAFETY: the slot's locals are empty (cleared) and have room for `n >= nargs` values
    // (`fast_call_argcount <= nlocalsplus`); the arguments move, so nothing is dropped twice.
    for i in 0..nargs {
        dst.add(i).write(slot.add(1 + i).read());
    }
    for i in nargs..n {
        dst.add(i).write(Value::Null);
    }
    locals.set_len(n);
    let entry_pc = code.entry_pc;
    callee.start_call(func);
    vm.depth += 1;
    entry_pc
}

/// CALL's fast path for a Python function: the arguments are `stack[start..]`, moved (not
/// cloned) into the new frame's locals when the call is a plain positional one; anything
/// else goes through [`call_function`]. Either way `stack` is truncated to `start`.
#[inline]
pub fn call_from_stack(
    vm: &mut Vm,
    func: &Rc<PyFunction>,
    stack: &mut Vec<Value>,
    start: usize,
) -> PyResult<Value> {
    let code = &func.code.code;
    let nargs = stack.len() - start;
    let simple = code.argcount == nargs
        && code.kwonlyargcount == 0
        && code.flags
            & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)
            == 0;
    if !simple {
        let r = call_function(vm, func, &stack[start..], &[]);
        stack.truncate(start);
        return r;
    }
    let n = code.nlocalsplus();
    let mut locals = crate::frame::take_vec(vm, n);
    for slot in &mut stack[start..] {
        locals.push(std::mem::replace(slot, Value::Null));
    }
    for _ in nargs..n {
        locals.push(Value::Null);
    }
    let mut frame = Frame {
        code: func.code.clone(),
        locals,
        stack: crate::frame::take_vec(vm, code.raw.stacksize.max(0) as usize),
        globals: func.globals.clone(),
        locals_dict: None,
        resume_at: 0,
        lasti: 0,
        function: Some(func.clone()),
        thrown: None,
        is_init: false,
    };
    vm.enter("")?;
    let result = run_frame(vm, &mut frame);
    vm.leave();
    frame.recycle(vm);
    match result? {
        FrameResult::Return(v) => Ok(v),
        FrameResult::Yield(_) => Err(rpvm_object::exception::system_error(
            "unexpected yield outside a generator",
        )),
    }
}
