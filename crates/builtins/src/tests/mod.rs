//! Unit tests: CPython-generated cases ([`cases`]) plus hand-written tests of `print`,
//! `input`, `sys` and the iterator builtins.

mod cases;

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::protocols::call::call;
use rpvm_object::protocols::iter::collect;
use rpvm_object::protocols::repr::{repr, str_};
use rpvm_object::vm::{Output, Sink};
use rpvm_object::{PyResult, Value, Vm};

fn new_vm() -> Vm {
    let mut vm = Vm::new();
    crate::install(&mut vm);
    crate::install_percent_format();
    vm
}

fn ty(vm: &mut Vm, name: &str) -> Value {
    vm.builtins.get_str(name).unwrap_or(Value::None)
}

fn big(s: &str) -> Value {
    Value::from_bigint(s.parse().unwrap_or_default())
}

fn fl(bits: u64) -> Value {
    Value::Float(f64::from_bits(bits))
}

fn dict(pairs: Vec<(Value, Value)>) -> Value {
    let mut vm = Vm::new();
    let d = rpvm_object::dict::PyDict::new();
    for (k, v) in pairs {
        let h = rpvm_object::protocols::hash::hash_value(&mut vm, &k).unwrap_or(0);
        d.insert_hashed(k, h, v);
    }
    Value::Dict(Rc::new(d))
}

fn set_of(items: Vec<Value>) -> Value {
    let mut vm = Vm::new();
    let set = rpvm_object::typeobj::builtin_types().set.clone();
    rpvm_object::protocols::call::call_type(&mut vm, &set, &[Value::list(items)], &[])
        .unwrap_or(Value::None)
}

fn range(start: i64, stop: i64, step: i64) -> Value {
    Value::Range(Rc::new(rpvm_object::misc::PyRange { start, stop, step }))
}

fn cx(re: Value, im: Value) -> Value {
    let f = |v: Value| match v {
        Value::Float(f) => f,
        Value::Int(i) => i as f64,
        _ => 0.0,
    };
    Value::Complex(Rc::new((f(re), f(im))))
}

/// Describes a result as the generator does: ("Ok", repr) or (exception type, str).
fn outcome(vm: &mut Vm, r: PyResult<Value>) -> (String, String) {
    match r {
        Ok(v) => (
            "Ok".into(),
            repr(vm, &v).unwrap_or_else(|e| format!("<repr failed: {e:?}>")),
        ),
        Err(e) => {
            let name = e.type_name().to_string();
            let text = str_(vm, &Value::Exception(e)).unwrap_or_default();
            (name, text)
        }
    }
}

fn call_builtin(
    vm: &mut Vm,
    name: &str,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> PyResult<Value> {
    let f = vm.builtins.get_str(name).expect("builtin installed");
    let mut all = args.to_vec();
    let mut names = Vec::new();
    for (k, v) in kwargs {
        all.push(v.clone());
        names.push(Value::str(k));
    }
    call(vm, &f, &all, &names)
}

fn check_all(label: &str, results: Vec<(String, (String, String), (&'static str, &'static str))>) {
    let mut failures = Vec::new();
    for (what, got, want) in &results {
        if got.0 != want.0 || got.1 != want.1 {
            failures.push(format!(
                "{what}\n    want {} {:?}\n    got  {} {:?}",
                want.0, want.1, got.0, got.1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{label}: {} of {} cases differ from CPython:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}

#[test]
fn builtin_calls_match_cpython() {
    let mut vm = new_vm();
    let cases = cases::calls(&mut vm);
    let mut results = Vec::new();
    for (name, args, kwargs, kind, text) in cases {
        let r = call_builtin(&mut vm, name, &args, &kwargs);
        let got = outcome(&mut vm, r);
        let shown: Vec<String> = args
            .iter()
            .map(|a| repr(&mut vm, a).unwrap_or_default())
            .collect();
        let kw: Vec<String> = kwargs
            .iter()
            .map(|(k, v)| format!("{k}={}", repr(&mut vm, v).unwrap_or_default()))
            .collect();
        results.push((
            format!("{name}({}; {})", shown.join(", "), kw.join(", ")),
            got,
            (kind, text),
        ));
    }
    check_all("builtin calls", results);
}

#[test]
fn iterator_builtins_match_cpython() {
    let mut vm = new_vm();
    let cases = cases::listed(&mut vm);
    let mut results = Vec::new();
    for (name, args, kwargs, kind, text) in cases {
        let r = call_builtin(&mut vm, name, &args, &kwargs)
            .and_then(|it| collect(&mut vm, &it).map(Value::list));
        let got = outcome(&mut vm, r);
        let shown: Vec<String> = args
            .iter()
            .map(|a| repr(&mut vm, a).unwrap_or_default())
            .collect();
        results.push((
            format!("list({name}({}))", shown.join(", ")),
            got,
            (kind, text),
        ));
    }
    check_all("iterator builtins", results);
}

#[test]
fn percent_format_matches_cpython() {
    let mut vm = new_vm();
    let mut results = Vec::new();
    for (fmt, args, kind, text) in cases::percent() {
        let r = rpvm_object::protocols::arith::binary_op(
            &mut vm,
            rpvm_object::protocols::arith::BinOp::Mod,
            &Value::str(fmt),
            &args,
            false,
        );
        let got = outcome(&mut vm, r);
        let shown = repr(&mut vm, &args).unwrap_or_default();
        results.push((format!("{fmt:?} % {shown}"), got, (kind, text)));
    }
    check_all("percent format", results);
}

#[test]
fn format_matches_cpython() {
    let mut vm = new_vm();
    let mut results = Vec::new();
    for (value, spec, kind, text) in cases::formats() {
        let r = call_builtin(&mut vm, "format", &[value.clone(), Value::str(spec)], &[]);
        let got = outcome(&mut vm, r);
        let shown = repr(&mut vm, &value).unwrap_or_default();
        results.push((format!("format({shown}, {spec:?})"), got, (kind, text)));
    }
    check_all("format", results);
}

fn capture(vm: &mut Vm) -> (Rc<RefCell<Vec<u8>>>, Rc<RefCell<Vec<u8>>>) {
    let out = Rc::new(RefCell::new(Vec::new()));
    let err = Rc::new(RefCell::new(Vec::new()));
    vm.stdout = Output::new(Sink::Capture(out.clone()), false);
    vm.stderr = Output::new(Sink::Capture(err.clone()), true);
    (out, err)
}

fn text(buf: &Rc<RefCell<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&buf.borrow()).into_owned()
}

#[test]
fn print_writes_sep_end_and_files() {
    let mut vm = new_vm();
    let sys = crate::make_sys(&mut vm);
    let (out, err) = capture(&mut vm);
    let s = |x: &str| Value::str(x);
    call_builtin(
        &mut vm,
        "print",
        &[s("a"), s("b"), s("c")],
        &[("sep", s("-")), ("end", s("!\n"))],
    )
    .unwrap();
    call_builtin(&mut vm, "print", &[s("no newline")], &[("end", s(""))]).unwrap();
    call_builtin(
        &mut vm,
        "print",
        &[s(" <- joined"), Value::Int(1), Value::None],
        &[("sep", s(""))],
    )
    .unwrap();
    call_builtin(&mut vm, "print", &[], &[]).unwrap();
    call_builtin(
        &mut vm,
        "print",
        &[Value::Int(1), Value::Int(2)],
        &[("sep", Value::None), ("end", Value::None)],
    )
    .unwrap();
    let stderr = rpvm_object::protocols::attr::get_attr(&mut vm, &sys, "stderr").unwrap();
    call_builtin(
        &mut vm,
        "print",
        &[s("oops")],
        &[("file", stderr.clone()), ("flush", Value::Bool(true))],
    )
    .unwrap();
    let stdout = rpvm_object::protocols::attr::get_attr(&mut vm, &sys, "stdout").unwrap();
    let write = rpvm_object::protocols::attr::get_attr(&mut vm, &stdout, "write").unwrap();
    let n = call(&mut vm, &write, &[s("héllo\n")], &[]).unwrap();
    assert!(matches!(n, Value::Int(6)));
    let bad = call(&mut vm, &write, &[Value::Int(1)], &[]).unwrap_err();
    assert_eq!(
        str_(&mut vm, &Value::Exception(bad)).unwrap(),
        "write() argument must be str, not int"
    );
    assert_eq!(
        repr(&mut vm, &stdout).unwrap(),
        "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"
    );
    vm.flush();
    assert_eq!(
        text(&out),
        "a-b-c!\nno newline <- joined1None\n\n1 2\nhéllo\n"
    );
    assert_eq!(text(&err), "oops\n");
}

#[test]
fn print_to_none_stdout_and_reassigned_stdout() {
    let mut vm = new_vm();
    let sys = crate::make_sys(&mut vm);
    let (out, err) = capture(&mut vm);
    let stderr = rpvm_object::protocols::attr::get_attr(&mut vm, &sys, "stderr").unwrap();
    rpvm_object::protocols::attr::set_attr(&mut vm, &sys, "stdout", stderr).unwrap();
    call_builtin(&mut vm, "print", &[Value::str("to err")], &[]).unwrap();
    rpvm_object::protocols::attr::set_attr(&mut vm, &sys, "stdout", Value::None).unwrap();
    call_builtin(&mut vm, "print", &[Value::str("dropped")], &[]).unwrap();
    vm.flush();
    assert_eq!(text(&out), "");
    assert_eq!(text(&err), "to err\n");
}

#[test]
fn input_reads_lines_and_raises_eof() {
    let mut vm = new_vm();
    crate::make_sys(&mut vm);
    let (out, _err) = capture(&mut vm);
    vm.stdin = Box::new(std::io::Cursor::new(b"first line\nsecond\r\nlast".to_vec()));
    let r = call_builtin(&mut vm, "input", &[Value::str("name? ")], &[]).unwrap();
    assert_eq!(r.as_str(), Some("first line"));
    assert_eq!(text(&out), "name? ");
    let r = call_builtin(&mut vm, "input", &[], &[]).unwrap();
    assert_eq!(r.as_str(), Some("second\r"));
    let r = call_builtin(&mut vm, "input", &[Value::Int(5)], &[]).unwrap();
    assert_eq!(r.as_str(), Some("last"));
    let e = call_builtin(&mut vm, "input", &[], &[]).unwrap_err();
    assert_eq!(e.type_name(), "EOFError");
    assert_eq!(
        str_(&mut vm, &Value::Exception(e)).unwrap(),
        "EOF when reading a line"
    );
    assert_eq!(text(&out), "name? 5");
}

#[test]
fn stdin_object_reads() {
    let mut vm = new_vm();
    let sys = crate::make_sys(&mut vm);
    vm.stdin = Box::new(std::io::Cursor::new(b"a\nb\nc\n".to_vec()));
    let stdin = rpvm_object::protocols::attr::get_attr(&mut vm, &sys, "stdin").unwrap();
    let readline = rpvm_object::protocols::attr::get_attr(&mut vm, &stdin, "readline").unwrap();
    let l = call(&mut vm, &readline, &[], &[]).unwrap();
    assert_eq!(l.as_str(), Some("a\n"));
    let rest = collect(&mut vm, &stdin).unwrap();
    let rest = repr(&mut vm, &Value::list(rest)).unwrap();
    assert_eq!(rest, "['b\\n', 'c\\n']");
    let l = call(&mut vm, &readline, &[], &[]).unwrap();
    assert_eq!(l.as_str(), Some(""));
}

#[test]
fn sys_module_attributes() {
    let mut vm = new_vm();
    vm.argv = vec!["prog.pyc".into(), "x".into()];
    let sys = crate::make_sys(&mut vm);
    let get = |vm: &mut Vm, n: &str| rpvm_object::protocols::attr::get_attr(vm, &sys, n).unwrap();
    let r = |vm: &mut Vm, n: &str| {
        let v = get(vm, n);
        repr(vm, &v).unwrap()
    };
    assert_eq!(r(&mut vm, "argv"), "['prog.pyc', 'x']");
    assert_eq!(r(&mut vm, "version_info"), "(3, 11, 7, 'final', 0)");
    assert_eq!(r(&mut vm, "maxsize"), "9223372036854775807");
    assert_eq!(r(&mut vm, "byteorder"), "'little'");
    assert_eq!(r(&mut vm, "platform"), "'linux'");
    assert!(matches!(vm.modules.get_str("sys"), Some(Value::Module(_))));
    let modules = get(&mut vm, "modules");
    assert!(matches!(modules, Value::Dict(d) if Rc::ptr_eq(&d, &vm.modules)));
    // exit
    let exit = get(&mut vm, "exit");
    let e = call(&mut vm, &exit, &[Value::Int(3)], &[]).unwrap_err();
    assert_eq!(e.type_name(), "SystemExit");
    assert_eq!(
        repr(&mut vm, &Value::Exception(e)).unwrap(),
        "SystemExit(3)"
    );
    let e = call(&mut vm, &exit, &[], &[]).unwrap_err();
    assert_eq!(repr(&mut vm, &Value::Exception(e)).unwrap(), "SystemExit()");
    // recursion limit
    let set = get(&mut vm, "setrecursionlimit");
    call(&mut vm, &set, &[Value::Int(50)], &[]).unwrap();
    let getl = get(&mut vm, "getrecursionlimit");
    let l = call(&mut vm, &getl, &[], &[]).unwrap();
    assert!(matches!(l, Value::Int(50)));
    let e = call(&mut vm, &set, &[Value::Int(0)], &[]).unwrap_err();
    assert_eq!(
        str_(&mut vm, &Value::Exception(e)).unwrap(),
        "recursion limit must be greater or equal than 1"
    );
    // exc_info
    let exc_info = get(&mut vm, "exc_info");
    let v = call(&mut vm, &exc_info, &[], &[]).unwrap();
    assert_eq!(repr(&mut vm, &v).unwrap(), "(None, None, None)");
    vm.handled_exception = Value::Exception(rpvm_object::exception::value_error("bad"));
    let v = call(&mut vm, &exc_info, &[], &[]).unwrap();
    assert_eq!(
        repr(&mut vm, &v).unwrap(),
        "(<class 'ValueError'>, ValueError('bad'), None)"
    );
    // intern
    let intern = get(&mut vm, "intern");
    let e = call(&mut vm, &intern, &[Value::Int(1)], &[]).unwrap_err();
    assert_eq!(
        str_(&mut vm, &Value::Exception(e)).unwrap(),
        "intern() argument must be str, not int"
    );
}

#[test]
fn builtins_namespace_contents() {
    let mut vm = new_vm();
    for name in [
        "int",
        "str",
        "list",
        "dict",
        "set",
        "frozenset",
        "tuple",
        "range",
        "bool",
        "float",
        "object",
        "type",
        "bytes",
        "bytearray",
        "complex",
        "slice",
        "BaseException",
        "ValueError",
        "KeyError",
        "StopIteration",
        "ExceptionGroup",
        "IOError",
    ] {
        assert!(
            matches!(vm.builtins.get_str(name), Some(Value::Type(_))),
            "{name}"
        );
    }
    assert!(matches!(
        vm.builtins.get_str("NotImplemented"),
        Some(Value::NotImplemented)
    ));
    assert!(matches!(
        vm.builtins.get_str("Ellipsis"),
        Some(Value::Ellipsis)
    ));
    assert_eq!(
        vm.builtins
            .get_str("__name__")
            .and_then(|v| v.as_str().map(String::from))
            .as_deref(),
        Some("builtins")
    );
    let p = vm.builtins.get_str("print").unwrap();
    assert_eq!(repr(&mut vm, &p).unwrap(), "<built-in function print>");
}

#[test]
fn id_is_stable_and_distinct() {
    let mut vm = new_vm();
    let a = Value::list(vec![]);
    let b = Value::list(vec![]);
    let id = |vm: &mut Vm, v: &Value| call_builtin(vm, "id", std::slice::from_ref(v), &[]).unwrap();
    let (ia, ia2, ib) = (id(&mut vm, &a), id(&mut vm, &a), id(&mut vm, &b));
    assert!(matches!((&ia, &ia2), (Value::Int(x), Value::Int(y)) if x == y));
    assert!(matches!((&ia, &ib), (Value::Int(x), Value::Int(y)) if x != y));
    let i1 = id(&mut vm, &Value::Int(1));
    let i2 = id(&mut vm, &Value::Int(2));
    let i1b = id(&mut vm, &Value::Int(1));
    assert!(matches!((&i1, &i1b), (Value::Int(x), Value::Int(y)) if x == y && *x > 0));
    assert!(matches!((&i1, &i2), (Value::Int(x), Value::Int(y)) if x != y));
}

#[test]
fn iter_with_sentinel_and_next_default() {
    let mut vm = new_vm();
    let it = call_builtin(
        &mut vm,
        "iter",
        &[Value::list(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(0),
            Value::Int(4),
        ])],
        &[],
    )
    .unwrap();
    // iter(next-bound, 0): callable_iterator stops at the sentinel.
    let n1 = call_builtin(&mut vm, "next", &[it.clone()], &[]).unwrap();
    assert!(matches!(n1, Value::Int(1)));
    let empty = call_builtin(&mut vm, "iter", &[Value::list(vec![])], &[]).unwrap();
    let d = call_builtin(
        &mut vm,
        "next",
        &[empty.clone(), Value::str("default")],
        &[],
    )
    .unwrap();
    assert_eq!(d.as_str(), Some("default"));
    let e = call_builtin(&mut vm, "next", &[empty], &[]).unwrap_err();
    assert_eq!(e.type_name(), "StopIteration");
    let len = vm.builtins.get_str("len").unwrap();
    let _ = call_builtin(&mut vm, "iter", &[len, Value::Int(0)], &[]).unwrap();
}

#[test]
fn dir_of_module_and_builtin_values() {
    let mut vm = new_vm();
    let sys = crate::make_sys(&mut vm);
    let d = call_builtin(&mut vm, "dir", &[sys], &[]).unwrap();
    let r = repr(&mut vm, &d).unwrap();
    assert!(r.starts_with("['__doc__', '__name__', '__stderr__'"), "{r}");
    let d = call_builtin(&mut vm, "dir", &[Value::Int(1)], &[]).unwrap();
    let items = collect(&mut vm, &d).unwrap();
    assert_eq!(items.len(), 73);
    assert_eq!(items[0].as_str(), Some("__abs__"));
}
