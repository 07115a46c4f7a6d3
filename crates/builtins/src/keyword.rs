//! The `keyword` module: `kwlist`, `softkwlist`, `iskeyword`, `issoftkeyword`.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

const KWLIST: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const SOFTKWLIST: &[&str] = &["_", "case", "match"];

fn one(name: &str, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.len() != 1 {
        return Err(type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.len()
        )));
    }
    Ok(crate::args::arg(args, 0)?.clone())
}

fn iskeyword(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let v = one("__contains__", args, kw)?;
    Ok(Value::Bool(v.as_str().is_some_and(|s| KWLIST.contains(&s))))
}

fn issoftkeyword(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let v = one("__contains__", args, kw)?;
    Ok(Value::Bool(
        v.as_str().is_some_and(|s| SOFTKWLIST.contains(&s)),
    ))
}

/// Creates the `keyword` module (also registered in `vm.modules`).
pub fn make_keyword(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("keyword"));
    let list = |xs: &[&str]| Value::list(xs.iter().map(|s| Value::str(s)).collect());
    d.set_str("kwlist", list(KWLIST));
    d.set_str("softkwlist", list(SOFTKWLIST));
    d.set_str("iskeyword", builtin_fn("__contains__", iskeyword));
    d.set_str("issoftkeyword", builtin_fn("__contains__", issoftkeyword));
    d.set_str(
        "__all__",
        list(&["iskeyword", "issoftkeyword", "kwlist", "softkwlist"]),
    );
    let m = Value::Module(Rc::new(PyModule {
        name: "keyword".to_string(),
        dict: d,
    }));
    vm.modules.set_str("keyword", m.clone());
    m
}
