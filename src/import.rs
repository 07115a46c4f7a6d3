//! The import system: `sys.modules`, then rpvm's native modules, then `.pyc` files found
//! beside the main program and on `sys.path`.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::{Value, Vm};

/// The import hook installed in the Vm (IMPORT_NAME calls it).
pub fn import_module(
    vm: &mut Vm,
    name: &str,
    fromlist: &Value,
    level: i64,
    globals: &Rc<PyDict>,
) -> PyResult<Value> {
    let full = resolve_name(name, level, globals)?;
    let top = load(vm, &full)?;
    // `import a.b` binds `a`; `from a.b import c` needs `a.b` itself.
    let has_fromlist =
        !matches!(fromlist, Value::None) && !matches!(fromlist, Value::Tuple(t) if t.is_empty());
    if has_fromlist {
        handle_fromlist(vm, &full, &top, fromlist)?;
        return Ok(top);
    }
    if !full.contains('.') {
        return Ok(top);
    }
    let first = full.split('.').next().unwrap_or(&full).to_string();
    vm.modules.get_str(&first).ok_or_else(|| not_found(&first))
}

fn not_found(name: &str) -> rpvm_object::PyErr {
    let e = PyException::with_message("ModuleNotFoundError", format!("No module named '{name}'"));
    e.set_attr("name", Value::str(name));
    e
}

fn resolve_name(name: &str, level: i64, globals: &Rc<PyDict>) -> PyResult<String> {
    if level <= 0 {
        return Ok(name.to_string());
    }
    let package = globals
        .get_str("__package__")
        .and_then(|v| v.as_str().map(str::to_string))
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            PyException::with_message(
                "ImportError",
                "attempted relative import with no known parent package",
            )
        })?;
    let mut parts: Vec<&str> = package.split('.').collect();
    for _ in 1..level {
        if parts.pop().is_none() {
            return Err(PyException::with_message(
                "ImportError",
                "attempted relative import beyond top-level package",
            ));
        }
    }
    let base = parts.join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{base}.{name}")
    })
}

/// Loads `full` (and its parent packages), returning the module itself.
fn load(vm: &mut Vm, full: &str) -> PyResult<Value> {
    if let Some(m) = vm.modules.get_str(full) {
        return Ok(m);
    }
    if let Some(m) = native_module(vm, full) {
        vm.modules.set_str(full, m.clone());
        return Ok(m);
    }
    let (parent, leaf) = match full.rsplit_once('.') {
        Some((p, l)) => (Some(p.to_string()), l.to_string()),
        None => (None, full.to_string()),
    };
    let search: Vec<String> = match &parent {
        Some(p) => {
            let pm = load(vm, p)?;
            match &pm {
                Value::Module(m) => match m.dict.get_str("__path__") {
                    Some(Value::List(l)) => l
                        .snapshot()
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    _ => return Err(not_found(full)),
                },
                _ => return Err(not_found(full)),
            }
        }
        None => vm.path.clone(),
    };
    for dir in &search {
        let base = std::path::Path::new(dir);
        let candidates = [
            (base.join(format!("{leaf}.pyc")), false),
            (
                base.join("__pycache__")
                    .join(format!("{leaf}.cpython-311.pyc")),
                false,
            ),
            (base.join(&leaf).join("__init__.pyc"), true),
            (
                base.join(&leaf)
                    .join("__pycache__")
                    .join("__init__.cpython-311.pyc"),
                true,
            ),
        ];
        for (path, is_package) in candidates {
            if path.is_file() {
                return exec_file(vm, full, &path, is_package, parent.as_deref());
            }
        }
        if base.join(format!("{leaf}.py")).is_file() {
            return Err(PyException::with_message(
                "ImportError",
                format!(
                    "rpvm runs compiled code only: {} has no .pyc; compile it with `python3 -m compileall {}`",
                    base.join(format!("{leaf}.py")).display(),
                    dir
                ),
            ));
        }
    }
    Err(not_found(full))
}

fn exec_file(
    vm: &mut Vm,
    full: &str,
    path: &std::path::Path,
    is_package: bool,
    parent: Option<&str>,
) -> PyResult<Value> {
    let data = std::fs::read(path).map_err(|e| {
        PyException::with_message("ImportError", format!("{}: {e}", path.display()))
    })?;
    let pyc = rpvm_loader::load_pyc(&data).map_err(|e| {
        PyException::with_message("ImportError", format!("{}: {e}", path.display()))
    })?;
    let code = rpvm_eval::code::make_code(vm, &pyc.code)?;
    let globals = Rc::new(PyDict::new());
    globals.set_str("__name__", Value::str(full));
    globals.set_str("__file__", Value::string(path.display().to_string()));
    let package = if is_package {
        full.to_string()
    } else {
        parent.unwrap_or("").to_string()
    };
    globals.set_str("__package__", Value::string(package));
    if is_package {
        let dir = path
            .parent()
            .map(|p| {
                if p.ends_with("__pycache__") {
                    p.parent().unwrap_or(p)
                } else {
                    p
                }
            })
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        globals.set_str("__path__", Value::list(vec![Value::string(dir)]));
    }
    let module = Value::Module(Rc::new(PyModule {
        name: full.to_string(),
        dict: globals.clone(),
    }));
    vm.modules.set_str(full, module.clone());
    if let Err(e) = rpvm_eval::eval::run_module_code(vm, code, globals) {
        let key = Value::str(full);
        vm.modules
            .remove_hashed(&key, rpvm_object::str::hash_str(full));
        return Err(e);
    }
    if let (Some(p), Some((_, leaf))) = (parent, full.rsplit_once('.')) {
        if let Some(Value::Module(pm)) = vm.modules.get_str(p) {
            pm.dict.set_str(leaf, module.clone());
        }
    }
    Ok(module)
}

/// rpvm's modules implemented in Rust, created on first import.
fn native_module(vm: &mut Vm, name: &str) -> Option<Value> {
    if name == "__future__" {
        return Some(future_module());
    }
    match name {
        "sys" => Some(sys_module(vm)),
        "builtins" => Some(rpvm_builtins::shims::make_builtins_module(vm)),
        "_collections_abc" => Some(rpvm_builtins::shims::make_private_collections_abc(vm)),
        "errno" => Some(rpvm_builtins::thread_mod::make_errno(vm)),
        "_thread" => Some(rpvm_builtins::thread_mod::make_thread(vm)),
        "atexit" => Some(rpvm_builtins::thread_mod::make_atexit(vm)),
        "_weakref" | "_weakrefset" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "weakref",
            rpvm_builtins::make_weakref,
        )),
        // The C accelerators of modules rpvm implements natively, for stdlib code that
        // imports them directly.
        "_operator" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "operator",
            rpvm_builtins::make_operator,
        )),
        "_heapq" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "heapq",
            rpvm_builtins::make_heapq,
        )),
        "_bisect" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "bisect",
            rpvm_builtins::make_bisect,
        )),
        "_struct" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "struct",
            rpvm_builtins::make_struct,
        )),
        "_io" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "io",
            rpvm_builtins::make_io,
        )),
        "posix" => Some(rpvm_builtins::shims::alias_module(
            vm,
            name,
            "os",
            rpvm_builtins::make_os,
        )),
        "binascii" => Some(rpvm_builtins::binascii::make_binascii(vm)),
        "_codecs" => Some(rpvm_builtins::shims::make_codecs(vm)),
        "_contextvars" => Some(rpvm_builtins::shims::make_contextvars(vm)),
        "math" => Some(rpvm_builtins::make_math(vm)),
        "random" => Some(rpvm_builtins::make_random(vm)),
        "time" => Some(rpvm_builtins::make_time(vm)),
        "itertools" => Some(rpvm_builtins::make_itertools(vm)),
        "functools" => Some(rpvm_builtins::make_functools(vm)),
        "operator" => Some(rpvm_builtins::make_operator(vm)),
        "heapq" => Some(rpvm_builtins::make_heapq(vm)),
        "re" => Some(rpvm_builtins::make_re(vm)),
        "bisect" => Some(rpvm_builtins::make_bisect(vm)),
        "struct" => Some(rpvm_builtins::make_struct(vm)),
        "array" => Some(rpvm_builtins::make_array(vm)),
        "collections" => Some(rpvm_builtins::make_collections(vm)),
        "collections.abc" => Some(rpvm_builtins::make_collections_abc(vm)),
        "enum" => Some(rpvm_builtins::make_enum(vm)),
        "typing" => Some(rpvm_builtins::make_typing(vm)),
        "gc" => Some(rpvm_builtins::make_gc(vm)),
        "string" => Some(rpvm_builtins::shims::make_string_module(vm)),
        "keyword" => Some(rpvm_builtins::make_keyword(vm)),
        "copy" => Some(rpvm_builtins::make_copy(vm)),
        "io" => Some(rpvm_builtins::make_io(vm)),
        "abc" => Some(rpvm_builtins::make_abc(vm)),
        "types" => Some(rpvm_builtins::make_types(vm)),
        "dataclasses" => Some(rpvm_builtins::make_dataclasses(vm)),
        "weakref" => Some(rpvm_builtins::make_weakref(vm)),
        "asyncio" => Some(rpvm_builtins::make_asyncio(vm)),
        "json" => Some(rpvm_builtins::make_json(vm)),
        "json.decoder" | "json.encoder" => Some(rpvm_builtins::make_json_submodule(vm, name)),
        "os" => {
            let m = rpvm_builtins::make_os(vm);
            if let Value::Module(os) = &m {
                rpvm_builtins::stdlib_support::extend_os(&os.dict);
            }
            Some(m)
        }
        "os.path" | "posixpath" => Some(rpvm_builtins::make_os_path(vm)),
        _ => None,
    }
}

/// `sys`, with the installation prefixes CPython derives from where its standard library
/// is (the directory two levels above `lib/python3.11`, as `sys.prefix` and friends).
fn sys_module(vm: &mut Vm) -> Value {
    let m = rpvm_builtins::make_sys(vm);
    if let Value::Module(sys) = &m {
        rpvm_builtins::stdlib_support::extend_sys(&sys.dict);
        let prefix = crate::run::stdlib_dir()
            .and_then(|d| {
                let p = std::path::Path::new(&d);
                p.parent()?.parent().map(|p| p.display().to_string())
            })
            .unwrap_or_default();
        for name in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
            if sys.dict.get_str(name).is_none() {
                sys.dict.set_str(name, Value::string(prefix.clone()));
            }
        }
    }
    m
}

/// `from package import name`: names that are not attributes of a package are imported as
/// its submodules (importlib's `_handle_fromlist`).
fn handle_fromlist(vm: &mut Vm, full: &str, module: &Value, fromlist: &Value) -> PyResult<()> {
    let Value::Module(m) = module else {
        return Ok(());
    };
    if m.dict.get_str("__path__").is_none() {
        return Ok(());
    }
    let Value::Tuple(names) = fromlist else {
        return Ok(());
    };
    for name in names.as_slice() {
        let Some(name) = name.as_str() else { continue };
        if name == "*" || m.dict.get_str(name).is_some() {
            continue;
        }
        let sub = format!("{full}.{name}");
        match load(vm, &sub) {
            Ok(_) => {}
            Err(e)
                if e.is_instance_of("ModuleNotFoundError")
                    && e.get_attr("name")
                        .and_then(|n| n.as_str().map(|s| s == sub))
                        == Some(true) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `__future__`: the compiler has already applied the features; the module only needs the
/// names so `from __future__ import annotations` binds something.
fn future_module() -> Value {
    let dict = Rc::new(PyDict::new());
    dict.set_str("__name__", Value::str("__future__"));
    let features = [
        ("nested_scopes", 0x0010),
        ("generators", 0),
        ("division", 0x20000),
        ("absolute_import", 0x40000),
        ("with_statement", 0x80000),
        ("print_function", 0x100000),
        ("unicode_literals", 0x200000),
        ("barry_as_FLUFL", 0x400000),
        ("generator_stop", 0x800000),
        ("annotations", 0x1000000),
    ];
    for (name, flag) in features {
        dict.set_str(name, Value::tuple(vec![Value::str(name), Value::Int(flag)]));
    }
    Value::Module(Rc::new(PyModule {
        name: "__future__".into(),
        dict,
    }))
}
