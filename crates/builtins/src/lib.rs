//! placeholder (temporary stub used by the lead until the builtins crate lands)
use rpvm_object::function::BuiltinFunction;
use rpvm_object::{PyResult, Value, Vm};
use std::rc::Rc;
fn print(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let n = args.len() - kw.len();
    let mut parts = Vec::new();
    for a in &args[..n] {
        parts.push(rpvm_object::protocols::repr::str_(vm, a)?);
    }
    vm.stdout.write_str(&parts.join(" "));
    vm.stdout.write_str("\n");
    Ok(Value::None)
}
fn len(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let _ = vm;
    Ok(Value::from(match &args[0] {
        Value::List(l) => l.len(),
        Value::Str(s) => s.char_len(),
        _ => 0,
    }))
}
pub fn install(vm: &mut Vm) {
    let t = rpvm_object::typeobj::builtin_types();
    for (n, f) in [
        ("print", print as rpvm_object::function::NativeFn),
        ("len", len),
    ] {
        vm.builtins.set_str(
            n,
            Value::Builtin(Rc::new(BuiltinFunction {
                name: n,
                func: f,
                bound_self: None,
                owner: None,
            })),
        );
    }
    for ty in [
        &t.int, &t.str_, &t.list, &t.range, &t.dict, &t.tuple, &t.float, &t.set, &t.bool_,
    ] {
        vm.builtins
            .set_str(&ty.name.clone(), Value::Type((*ty).clone()));
    }
    for e in &t.exceptions {
        vm.builtins.set_str(&e.name.clone(), Value::Type(e.clone()));
    }
}
pub fn make_sys(_vm: &mut Vm) -> Value {
    Value::None
}
