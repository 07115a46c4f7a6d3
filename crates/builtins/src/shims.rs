//! Small native stand-ins for the C modules that CPython's pure-Python standard library
//! imports, so that the stdlib fallback (`textwrap`, `decimal`, `contextlib`, ...) loads:
//! `builtins` (the builtins namespace as a module), `_collections_abc` (rpvm's
//! `collections.abc` plus `_check_methods`) and `_contextvars` (`ContextVar`, `Token`,
//! `Context`, `copy_context` for a single-threaded program: a variable's value lives on the
//! variable).

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{del_attr, get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;
use crate::collections_abc::method;

use crate::stdlib_support::shim_module as module;

/// `import builtins`: the namespace every module's builtins come from.
pub fn make_builtins_module(vm: &mut Vm) -> Value {
    Value::Module(Rc::new(PyModule {
        name: "builtins".into(),
        dict: vm.builtins.clone(),
    }))
}

/// `_collections_abc._check_methods(C, *methods)`: whether every name is defined (not as
/// None) somewhere along C's MRO; `NotImplemented` otherwise.
fn check_methods(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let cls = crate::args::arg(args, 0)?.clone();
    let mro = get_attr(vm, &cls, "__mro__")?;
    let Value::Tuple(mro) = mro else {
        return Ok(Value::NotImplemented);
    };
    for name in &args[1..] {
        let Some(name) = name.as_str() else {
            return Err(type_error("method names must be strings"));
        };
        let mut found = false;
        for base in mro.as_slice() {
            let d = get_attr(vm, base, "__dict__")?;
            let item = rpvm_object::protocols::subscript::get_item(vm, &d, &Value::str(name));
            match item {
                Ok(Value::None) => return Ok(Value::NotImplemented),
                Ok(_) => {
                    found = true;
                    break;
                }
                Err(_) => continue,
            }
        }
        if !found {
            return Ok(Value::NotImplemented);
        }
    }
    Ok(Value::Bool(true))
}

/// `import _collections_abc`: the classes of rpvm's `collections.abc` (the same objects).
pub fn make_private_collections_abc(vm: &mut Vm) -> Value {
    let abc = match vm.modules.get_str("collections.abc") {
        Some(m) => m,
        None => crate::make_collections_abc(vm),
    };
    let d = Rc::new(PyDict::new());
    if let Value::Module(m) = &abc {
        for (k, v) in m.dict.items() {
            if let Some(k) = k.as_str() {
                d.set_str(k, v);
            }
        }
    }
    d.set_str(
        "_check_methods",
        builtin_fn("_check_methods", check_methods),
    );
    module("_collections_abc", d)
}

thread_local! {
    static TOKEN_CLASS: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
    static MISSING: RefCell<Option<Value>> = const { RefCell::new(None) };
}

fn new_class(vm: &mut Vm, name: &str, ns: Rc<PyDict>) -> PyResult<Rc<PyType>> {
    ns.set_str("__module__", Value::str("_contextvars"));
    ns.set_str("__qualname__", Value::string(name.to_string()));
    match crate::stdlib_support::plain_class(vm, name, ns)? {
        Value::Type(t) => Ok(t),
        _ => Err(type_error("cannot make class")),
    }
}

fn missing() -> Value {
    MISSING.with(|m| m.borrow().clone()).unwrap_or(Value::None)
}

fn kwarg(args: &[Value], kw: &[Value], name: &str) -> Option<Value> {
    let npos = crate::args::npos(args, kw);
    kw.iter()
        .position(|k| k.as_str() == Some(name))
        .and_then(|i| args.get(npos + i).cloned())
}

fn cv_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let npos = crate::args::npos(args, kw);
    let this = crate::args::arg(args, 0)?.clone();
    if npos < 2 {
        return Err(type_error(
            "ContextVar() missing required argument 'name' (pos 1)",
        ));
    }
    let name = args[1].clone();
    if name.as_str().is_none() {
        return Err(type_error("context variable name must be a str"));
    }
    set_attr(vm, &this, "name", name)?;
    if let Some(d) = kwarg(args, kw, "default").or_else(|| (npos > 2).then(|| args[2].clone())) {
        set_attr(vm, &this, "_default", d)?;
    }
    Ok(Value::None)
}

fn cv_get(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    if let Ok(v) = get_attr(vm, &this, "_value") {
        return Ok(v);
    }
    if let Some(d) = kwarg(args, kw, "default").or_else(|| args.get(1).cloned()) {
        return Ok(d);
    }
    if let Ok(v) = get_attr(vm, &this, "_default") {
        return Ok(v);
    }
    let name = get_attr(vm, &this, "name")?;
    let name = rpvm_object::protocols::repr::repr(vm, &name)?;
    Err(PyException::with_message(
        "LookupError",
        format!("<ContextVar name={name}>"),
    ))
}

fn cv_set(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let value = crate::args::arg(args, 1)?.clone();
    let old = get_attr(vm, &this, "_value").unwrap_or_else(|_| missing());
    set_attr(vm, &this, "_value", value)?;
    let Some(tok) = TOKEN_CLASS.with(|t| t.borrow().clone()) else {
        return Ok(Value::None);
    };
    let token = call(vm, &Value::Type(tok), &[], &[])?;
    set_attr(vm, &token, "var", this)?;
    set_attr(vm, &token, "old_value", old)?;
    Ok(token)
}

fn cv_reset(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let token = crate::args::arg(args, 1)?.clone();
    let old = get_attr(vm, &token, "old_value")?;
    if old.is(&missing()) {
        let _ = del_attr(vm, &this, "_value");
    } else {
        set_attr(vm, &this, "_value", old)?;
    }
    Ok(Value::None)
}

fn cv_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = crate::args::arg(args, 0)?.clone();
    let name = get_attr(vm, &this, "name")?;
    let name = rpvm_object::protocols::repr::repr(vm, &name)?;
    Ok(Value::string(format!("<ContextVar name={name}>")))
}

fn ctx_run(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 1)?.clone();
    call(vm, &f, &args[2..], kw)
}

fn copy_context(vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let ctx = vm
        .modules
        .get_str("_contextvars")
        .and_then(|m| match m {
            Value::Module(m) => m.dict.get_str("Context"),
            _ => None,
        })
        .ok_or_else(|| type_error("_contextvars is not loaded"))?;
    call(vm, &ctx, &[], &[])
}

/// `import _contextvars`.
pub fn make_contextvars(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    let made = (|| -> PyResult<()> {
        let ns = Rc::new(PyDict::new());
        ns.set_str("__init__", builtin_fn("__init__", cv_init));
        ns.set_str("__repr__", builtin_fn("__repr__", cv_repr));
        ns.set_str("get", method("get", cv_get));
        ns.set_str("set", method("set", cv_set));
        ns.set_str("reset", method("reset", cv_reset));
        d.set_str("ContextVar", Value::Type(new_class(vm, "ContextVar", ns)?));
        let tok = new_class(vm, "Token", Rc::new(PyDict::new()))?;
        let object = Value::Type(rpvm_object::typeobj::builtin_types().object.clone());
        let sentinel = call(vm, &object, &[], &[])?;
        MISSING.with(|m| *m.borrow_mut() = Some(sentinel.clone()));
        tok.dict.set_str("MISSING", sentinel);
        TOKEN_CLASS.with(|t| *t.borrow_mut() = Some(tok.clone()));
        d.set_str("Token", Value::Type(tok));
        let ns = Rc::new(PyDict::new());
        ns.set_str("run", method("run", ctx_run));
        d.set_str("Context", Value::Type(new_class(vm, "Context", ns)?));
        Ok(())
    })();
    let _ = made;
    d.set_str("copy_context", builtin_fn("copy_context", copy_context));
    module("_contextvars", d)
}

thread_local! {
    static SEARCH_FUNCTIONS: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

fn codecs_register(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 0)?.clone();
    SEARCH_FUNCTIONS.with(|s| s.borrow_mut().push(f));
    Ok(Value::None)
}

fn codecs_unregister(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let f = crate::args::arg(args, 0)?.clone();
    SEARCH_FUNCTIONS.with(|s| s.borrow_mut().retain(|g| !g.is(&f)));
    Ok(Value::None)
}

/// `_codecs.lookup(encoding)`: asks the registered search functions (the `encodings`
/// package's), with the name normalised as CPython does.
fn codecs_lookup(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let enc = crate::args::arg(args, 0)?;
    let Some(name) = enc.as_str() else {
        return Err(type_error(format!(
            "lookup() argument must be str, not {}",
            rpvm_object::protocols::type_name(enc)
        )));
    };
    let norm: String = name
        .chars()
        .map(|c| {
            if c == ' ' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let funcs = SEARCH_FUNCTIONS.with(|s| s.borrow().clone());
    for f in funcs {
        let r = call(vm, &f, &[Value::string(norm.clone())], &[])?;
        if !matches!(r, Value::None) {
            return Ok(r);
        }
    }
    Err(PyException::with_message(
        "LookupError",
        format!("unknown encoding: {name}"),
    ))
}

fn codecs_lookup_error(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let name = crate::args::arg(args, 0)?;
    let name = name.as_str().unwrap_or("?").to_string();
    Err(PyException::with_message(
        "LookupError",
        format!("unknown error handler name '{name}'"),
    ))
}

fn codecs_register_error(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::None)
}

/// `_codecs.encode(obj, encoding='utf-8', errors='strict')` through `str.encode`.
fn codecs_encode(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let obj = crate::args::arg(args, 0)?.clone();
    let m = get_attr(vm, &obj, "encode")?;
    call(vm, &m, &args[1..], kw)
}

/// `_codecs.decode(obj, encoding='utf-8', errors='strict')` through `bytes.decode`.
fn codecs_decode(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let obj = crate::args::arg(args, 0)?.clone();
    let m = get_attr(vm, &obj, "decode")?;
    call(vm, &m, &args[1..], kw)
}

/// `import _codecs`: the codec registry (search functions) and `encode`/`decode`, enough
/// for `codecs`, `encodings` and `locale` to load.
pub fn make_codecs(_vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("register", codecs_register),
        ("unregister", codecs_unregister),
        ("lookup", codecs_lookup),
        ("lookup_error", codecs_lookup_error),
        ("register_error", codecs_register_error),
        ("encode", codecs_encode),
        ("decode", codecs_decode),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    module("_codecs", d)
}

/// `Formatter.format(format_string, /, *args, **kwargs)`: `str.format`.
fn fmt_format(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    if crate::args::npos(args, kw) < 2 {
        return Err(type_error(
            "format() missing 1 required positional argument: 'format_string'",
        ));
    }
    let m = get_attr(vm, &args[1], "format")?;
    call(vm, &m, &args[2..], kw)
}

/// `Formatter.vformat(format_string, args, kwargs)`.
fn fmt_vformat(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let fmt = crate::args::arg(args, 1)?;
    let pos = rpvm_object::protocols::iter::collect(vm, crate::args::arg(args, 2)?)?;
    let mut argv = pos;
    let mut names = Vec::new();
    if let Value::Dict(d) = crate::args::arg(args, 3)? {
        for (k, v) in d.items() {
            names.push(k);
            argv.push(v);
        }
    }
    let m = get_attr(vm, fmt, "format")?;
    call(vm, &m, &argv, &names)
}

fn opt_str(s: Option<String>) -> Value {
    s.map_or(Value::None, Value::string)
}

/// `Formatter.parse(format_string)`: `(literal_text, field_name, format_spec, conversion)`
/// tuples, as `_string.formatter_parser` gives them.
fn fmt_parse(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let s = crate::args::arg(args, 1)?;
    let Some(s) = s.as_str() else {
        return Err(type_error("expected str"));
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    let tuple = |lit: String, field: Option<String>, spec: Option<String>, conv: Option<String>| {
        Value::tuple(vec![
            Value::string(lit),
            opt_str(field),
            opt_str(spec),
            opt_str(conv),
        ])
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                literal.push('}');
                out.push(tuple(std::mem::take(&mut literal), None, None, None));
                i += 2;
                continue;
            }
            return Err(rpvm_object::exception::value_error(
                "Single '}' encountered in format string",
            ));
        }
        if c != '{' {
            literal.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            literal.push('{');
            out.push(tuple(std::mem::take(&mut literal), None, None, None));
            i += 2;
            continue;
        }
        // A replacement field: up to the matching '}'.
        let mut depth = 1;
        let mut j = i + 1;
        while j < chars.len() {
            match chars[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() {
            let msg = if i + 1 >= chars.len() {
                "Single '{' encountered in format string"
            } else {
                "expected '}' before end of string"
            };
            return Err(rpvm_object::exception::value_error(msg));
        }
        let field: String = chars[i + 1..j].iter().collect();
        let mut name_end = field.len();
        let mut bracket = false;
        for (k, ch) in field.char_indices() {
            match ch {
                '[' => bracket = true,
                ']' => bracket = false,
                '!' | ':' if !bracket => {
                    name_end = k;
                    break;
                }
                _ => {}
            }
        }
        let name = field[..name_end].to_string();
        let rest = &field[name_end..];
        let (conv, spec) = if let Some(r) = rest.strip_prefix('!') {
            let mut it = r.chars();
            let Some(cv) = it.next() else {
                return Err(rpvm_object::exception::value_error(
                    "end of string while looking for conversion specifier",
                ));
            };
            let after: String = it.collect();
            let spec = match after.strip_prefix(':') {
                Some(sp) => sp.to_string(),
                None if after.is_empty() => String::new(),
                None => {
                    return Err(rpvm_object::exception::value_error(
                        "expected ':' after conversion specifier",
                    ))
                }
            };
            (Some(cv.to_string()), spec)
        } else {
            (None, rest.strip_prefix(':').unwrap_or("").to_string())
        };
        out.push(tuple(
            std::mem::take(&mut literal),
            Some(name),
            Some(spec),
            conv,
        ));
        i = j + 1;
    }
    if !literal.is_empty() {
        out.push(tuple(literal, None, None, None));
    }
    Ok(Value::list(out))
}

/// rpvm's `string` module plus `Formatter` (`format`, `vformat`, `parse`; a subclass's
/// overrides of `get_value`/`format_field`/... are not consulted).
pub fn make_string_module(vm: &mut Vm) -> Value {
    let m = crate::make_string(vm);
    if let Value::Module(md) = &m {
        let ns = Rc::new(PyDict::new());
        ns.set_str("__module__", Value::str("string"));
        ns.set_str("__qualname__", Value::str("Formatter"));
        ns.set_str("format", method("format", fmt_format));
        ns.set_str("vformat", method("vformat", fmt_vformat));
        ns.set_str("parse", method("parse", fmt_parse));
        if let Ok(Value::Type(t)) = rpvm_object::subclass::new_class(
            vm,
            None,
            &[
                Value::str("Formatter"),
                Value::tuple(vec![]),
                Value::Dict(ns),
            ],
            &[],
        ) {
            md.dict.set_str("Formatter", Value::Type(t));
        }
    }
    m
}

/// A module named `name` holding the same objects as rpvm's native module `source` (made by
/// `make` if not imported yet): `_weakref` and `_weakrefset` are `weakref`, `posix` is
/// `os`.
pub fn alias_module(vm: &mut Vm, name: &str, source: &str, make: fn(&mut Vm) -> Value) -> Value {
    let src = match vm.modules.get_str(source) {
        Some(m) => m,
        None => {
            let m = make(vm);
            vm.modules.set_str(source, m.clone());
            m
        }
    };
    let d = Rc::new(PyDict::new());
    if let Value::Module(m) = &src {
        for (k, v) in m.dict.items() {
            if let Some(k) = k.as_str() {
                d.set_str(k, v);
            }
        }
    }
    module(name, d)
}
