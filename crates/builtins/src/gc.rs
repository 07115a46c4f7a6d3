//! The `gc` module. rpvm frees memory by reference counting only, so the collector
//! interface is a facade: `collect()` finds nothing, `enable`/`disable` toggle a flag.

use std::cell::Cell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::PyResult;
use rpvm_object::module::PyModule;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static THRESHOLD: Cell<(i64, i64, i64)> = const { Cell::new((700, 10, 10)) };
}

fn collect(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    crate::weakref::run_pending(vm);
    Ok(Value::Int(0))
}

fn enable(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ENABLED.with(|e| e.set(true));
    Ok(Value::None)
}

fn disable(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    ENABLED.with(|e| e.set(false));
    Ok(Value::None)
}

fn isenabled(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(ENABLED.with(|e| e.get())))
}

fn get_count(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::tuple(vec![Value::Int(0); 3]))
}

fn get_threshold(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (a, b, c) = THRESHOLD.with(|t| t.get());
    Ok(Value::tuple(vec![
        Value::Int(a),
        Value::Int(b),
        Value::Int(c),
    ]))
}

fn set_threshold(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (mut a, mut b, mut c) = THRESHOLD.with(|t| t.get());
    if let Some(Value::Int(x)) = args.first() {
        a = *x;
    }
    if let Some(Value::Int(x)) = args.get(1) {
        b = *x;
    }
    if let Some(Value::Int(x)) = args.get(2) {
        c = *x;
    }
    THRESHOLD.with(|t| t.set((a, b, c)));
    Ok(Value::None)
}

fn empty_list(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::list(vec![]))
}

fn noop(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

fn is_tracked(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(matches!(
        args.first(),
        Some(
            Value::List(_)
                | Value::Dict(_)
                | Value::Set(_)
                | Value::Instance(_)
                | Value::Function(_)
                | Value::Type(_)
        )
    )))
}

/// Creates the `gc` module (also registered in `vm.modules`).
pub fn make_gc(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("gc"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_referrers", empty_list),
        ("get_referents", empty_list),
        ("get_objects", empty_list),
        ("is_tracked", is_tracked),
        ("freeze", noop),
        ("unfreeze", noop),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    d.set_str("garbage", Value::list(vec![]));
    d.set_str("callbacks", Value::list(vec![]));
    for (n, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        d.set_str(n, Value::Int(v));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "gc".to_string(),
        dict: d,
    }));
    vm.modules.set_str("gc", m.clone());
    m
}
