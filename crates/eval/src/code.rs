//! Turning the loader's code objects into runnable [`PyCode`]: constants and names are
//! converted to values once per code object, never on the hot path.

use std::cell::Cell;
use std::rc::Rc;

use rpvm_loader::{CodeObject, Constant};
use rpvm_object::function::{NameCache, PyCode};
use rpvm_object::methods::set::table_from;
use rpvm_object::set::PySet;
use rpvm_object::str::PyStr;
use rpvm_object::{PyResult, Value, Vm};

/// Converts a code object (and, recursively, the code objects among its constants).
pub fn make_code(vm: &mut Vm, code: &Rc<CodeObject>) -> PyResult<Rc<PyCode>> {
    let consts = code
        .raw
        .consts
        .iter()
        .map(|c| constant_to_value(vm, c))
        .collect::<PyResult<Vec<Value>>>()?;
    let names: Vec<Rc<PyStr>> = code.raw.names.iter().map(|n| interned_name(n)).collect();
    let localsplus_names = code
        .raw
        .localsplusnames
        .iter()
        .map(|n| Rc::new(PyStr::new(n)))
        .collect();
    let name_caches = names
        .iter()
        .map(|_| Cell::new(NameCache::default()))
        .collect();
    let attr_caches = names.iter().map(|_| Default::default()).collect();
    let method_caches = names.iter().map(|_| Default::default()).collect();
    let store_caches = names.iter().map(|_| Default::default()).collect();
    Ok(Rc::new(PyCode {
        code: code.clone(),
        consts: consts.into_boxed_slice(),
        names: names.into_boxed_slice(),
        localsplus_names,
        name_caches,
        attr_caches,
        store_caches,
        method_caches,
    }))
}

thread_local! {
    /// Attribute and global names shared by every code object loaded on this thread.
    static NAMES: std::cell::RefCell<std::collections::HashMap<Box<str>, Rc<PyStr>>> =
        Default::default();
}

/// The one shared string for the name `n` (`co_names`), so that `self.x` written in one
/// function and read in another uses the same string object: instance-dict keys and the
/// type lookup cache then compare names by pointer. The table holds a reference, so a
/// shared name is never unique and never mutated in place.
fn interned_name(n: &str) -> Rc<PyStr> {
    NAMES.with(|t| {
        t.borrow_mut()
            .entry(n.into())
            .or_insert_with(|| Rc::new(PyStr::new(n)))
            .clone()
    })
}

/// Converts one marshal constant to a value.
pub fn constant_to_value(vm: &mut Vm, c: &Constant) -> PyResult<Value> {
    Ok(match c {
        Constant::None => Value::None,
        Constant::StopIteration => {
            Value::Type(rpvm_object::typeobj::exception_type("StopIteration"))
        }
        Constant::Ellipsis => Value::Ellipsis,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(i) => Value::Int(*i),
        Constant::BigInt(b) => Value::BigInt(b.clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Complex(re, im) => Value::Complex(Rc::new((*re, *im))),
        Constant::Str(s) => Value::str(s),
        Constant::Bytes(b) => Value::Bytes(Rc::new(b.to_vec())),
        Constant::Tuple(items) | Constant::List(items) => {
            let values = items
                .iter()
                .map(|c| constant_to_value(vm, c))
                .collect::<PyResult<Vec<Value>>>()?;
            if matches!(c, Constant::List(_)) {
                Value::list(values)
            } else {
                Value::tuple(values)
            }
        }
        Constant::Set(items) | Constant::FrozenSet(items) => {
            let values = items
                .iter()
                .map(|c| constant_to_value(vm, c))
                .collect::<PyResult<Vec<Value>>>()?;
            let set = Rc::new(PySet::from_table(table_from(vm, &values)?));
            if matches!(c, Constant::Set(_)) {
                Value::Set(set)
            } else {
                Value::FrozenSet(set)
            }
        }
        Constant::Dict(pairs) => {
            let d = rpvm_object::dict::PyDict::new();
            for (k, v) in pairs.iter() {
                let k = constant_to_value(vm, k)?;
                let v = constant_to_value(vm, v)?;
                let h = rpvm_object::protocols::hash::hash_value(vm, &k)?;
                d.insert_hashed(k, h, v);
            }
            Value::Dict(Rc::new(d))
        }
        Constant::Code(code) => Value::Code(make_code(vm, code)?),
    })
}
