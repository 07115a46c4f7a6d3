//! `class` statements: `__build_class__` runs the class body with a fresh namespace and
//! creates the type, with the C3 method resolution order.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::protocols::call::split_args;
use rpvm_object::protocols::repr::str_;
use rpvm_object::typeobj::{builtin_types, PyType, TypeKind};
use rpvm_object::{Value, Vm};

/// The C3 linearisation of `bases` (the MRO without the class itself).
pub fn c3_mro_tail(bases: &[Rc<PyType>]) -> PyResult<Vec<Rc<PyType>>> {
    let mut seqs: Vec<Vec<Rc<PyType>>> = bases.iter().map(|b| b.mro()).collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<PyType>> = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs
            .iter()
            .map(|s| s[0].clone())
            .find(|c| !seqs.iter().any(|s| s[1..].iter().any(|t| Rc::ptr_eq(t, c))));
        let Some(c) = candidate else {
            let names: Vec<String> = bases.iter().map(|b| b.name.clone()).collect();
            return Err(type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if Rc::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// Creates a class: `type(name, bases, ns)`.
pub fn make_class(name: &str, bases: Vec<Rc<PyType>>, ns: Rc<PyDict>) -> PyResult<Rc<PyType>> {
    let types = builtin_types();
    let bases = if bases.is_empty() {
        vec![types.object.clone()]
    } else {
        bases
    };
    for b in &bases {
        if !b.subclassable {
            return Err(type_error(format!(
                "type '{}' is not an acceptable base type",
                b.name
            )));
        }
    }
    let kind = if bases.iter().any(|b| b.kind == TypeKind::Exception) {
        TypeKind::Exception
    } else {
        TypeKind::Instance
    };
    let mro_tail = c3_mro_tail(&bases)?;
    let qualname = ns
        .get_str("__qualname__")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| name.to_string());
    let module = ns
        .get_str("__module__")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "__main__".to_string());
    if ns.get_str("__qualname__").is_some() {
        ns.remove_hashed(
            &Value::str("__qualname__"),
            rpvm_object::str::hash_str("__qualname__"),
        );
    }
    Ok(Rc::new(PyType {
        name: name.to_string(),
        qualname,
        module,
        kind,
        bases,
        mro_tail,
        dict: ns,
        builtin: false,
        subclassable: true,
    }))
}

/// `__build_class__(func, name, *bases, **kwds)`.
pub fn build_class(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (pos, _kw) = split_args(args, kwnames);
    if pos.len() < 2 {
        return Err(type_error("__build_class__: not enough arguments"));
    }
    let Value::Function(func) = &pos[0] else {
        return Err(type_error("__build_class__: func must be a function"));
    };
    let name = str_(vm, &pos[1])?;
    let mut bases = Vec::new();
    for b in &pos[2..] {
        match b {
            Value::Type(t) => bases.push(t.clone()),
            other => {
                return Err(type_error(format!(
                    "bases must be types, not {}",
                    rpvm_object::protocols::type_name(other)
                )))
            }
        }
    }
    let ns = Rc::new(PyDict::new());
    let cell = crate::eval::run_class_body(vm, func, ns.clone())?;
    let classcell_key = Value::str("__classcell__");
    ns.remove_hashed(&classcell_key, rpvm_object::str::hash_str("__classcell__"));
    let class = make_class(&name, bases, ns)?;
    if let Value::Cell(c) = cell {
        c.set(Value::Type(class.clone()));
    }
    Ok(Value::Type(class))
}
