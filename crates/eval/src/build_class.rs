//! `class` statements: `__build_class__` picks the metaclass, prepares the namespace, runs
//! the class body and creates the class (see [`rpvm_object::subclass`] for the type
//! creation itself, the C3 method resolution order, `__set_name__` and
//! `__init_subclass__`).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyResult};
use rpvm_object::protocols::call::{call, split_args};
use rpvm_object::protocols::repr::str_;
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

pub use rpvm_object::subclass::{c3_mro_tail, make_class};

/// The most derived of the metaclasses of `bases` and the explicit one.
fn calculate_meta(explicit: Option<Rc<PyType>>, bases: &[Rc<PyType>]) -> PyResult<Rc<PyType>> {
    let mut winner = explicit.unwrap_or_else(|| builtin_types().type_.clone());
    for b in bases {
        let m = type_of(&Value::Type(b.clone()));
        if winner.is_subtype(&m) {
            continue;
        }
        if m.is_subtype(&winner) {
            winner = m;
            continue;
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// `__build_class__(func, name, *bases, **kwds)`.
pub fn build_class(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let (pos, kw) = split_args(args, kwnames);
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
                    type_name(other)
                )))
            }
        }
    }
    // Keyword arguments other than `metaclass` go to the metaclass and `__init_subclass__`.
    let mut explicit_meta: Option<Value> = None;
    let mut kw_values: Vec<Value> = Vec::new();
    let mut kw_names: Vec<Value> = Vec::new();
    for (k, v) in kw {
        if k == "metaclass" {
            explicit_meta = Some(v.clone());
        } else {
            kw_values.push(v.clone());
            kw_names.push(Value::str(k));
        }
    }
    let meta = match explicit_meta {
        None => Some(calculate_meta(None, &bases)?),
        Some(Value::Type(m)) => Some(calculate_meta(Some(m), &bases)?),
        // A non-type callable used as metaclass: called as is.
        Some(_) => None,
    };
    let bases_tuple = Value::tuple(bases.iter().cloned().map(Value::Type).collect());
    let name_value = Value::string(name.clone());
    let meta_value = match (&meta, &explicit_meta_value(args, kwnames)) {
        (Some(m), _) => Value::Type(m.clone()),
        (None, Some(v)) => v.clone(),
        (None, None) => Value::Type(builtin_types().type_.clone()),
    };
    let plain_type = matches!(&meta, Some(m) if m.builtin);
    // `__prepare__`.
    let ns = match &meta {
        Some(m) if !m.builtin => match m.lookup("__prepare__") {
            Some(prep) => {
                let prep = rpvm_object::descriptors::descriptor_get(vm, prep, None, m)?;
                let mut full = vec![name_value.clone(), bases_tuple.clone()];
                full.extend(kw_values.iter().cloned());
                match call(vm, &prep, &full, &kw_names)? {
                    Value::Dict(d) => d,
                    other => {
                        return Err(type_error(format!(
                            "{}.__prepare__() must return a mapping, not {}",
                            m.name,
                            type_name(&other)
                        )))
                    }
                }
            }
            None => Rc::new(PyDict::new()),
        },
        _ => Rc::new(PyDict::new()),
    };
    let cell = crate::eval::run_class_body(vm, func, ns.clone())?;
    let classcell_key = Value::str("__classcell__");
    ns.remove_hashed(&classcell_key, rpvm_object::str::hash_str("__classcell__"));
    let class = if plain_type {
        let class = make_class(&name, bases, ns, None)?;
        if let Value::Cell(c) = &cell {
            c.set(Value::Type(class.clone()));
        }
        rpvm_object::subclass::init_class(vm, &class, &kw_values, &kw_names)?;
        Value::Type(class)
    } else {
        let mut full = vec![name_value, bases_tuple, Value::Dict(ns)];
        full.extend(kw_values);
        let class = call(vm, &meta_value, &full, &kw_names)?;
        if let (Value::Cell(c), Value::Type(_)) = (&cell, &class) {
            c.set(class.clone());
        }
        class
    };
    Ok(class)
}

fn explicit_meta_value(args: &[Value], kwnames: &[Value]) -> Option<Value> {
    let npos = args.len() - kwnames.len();
    kwnames
        .iter()
        .position(|k| k.as_str() == Some("metaclass"))
        .map(|i| args[npos + i].clone())
}
