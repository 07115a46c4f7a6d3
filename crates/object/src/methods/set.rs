//! Methods of `set` and `frozenset`, and the set operators.

use std::rc::Rc;

use crate::exception::{type_error, PyResult};
use crate::function::NativeFn;
use crate::protocols::arith::BinOp;
use crate::protocols::compare::CompareOp;
use crate::protocols::eq::keys_equal;
use crate::protocols::hash::hash_value;
use crate::set::PySet;
use crate::settable::SetTable;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `set`.
pub const SET_METHODS: &[(&str, NativeFn)] = &[("add", add)];
/// The method table of `frozenset`.
pub const FROZENSET_METHODS: &[(&str, NativeFn)] = &[];

fn eq(a: &Value, b: &Value) -> Result<bool, ()> {
    Ok(keys_equal(a, b))
}

/// Builds a set table from values, in order.
pub fn table_from(vm: &mut Vm, items: &[Value]) -> PyResult<SetTable<Value>> {
    let mut t = SetTable::new();
    for v in items {
        let h = hash_value(vm, v)?;
        let _ = t.insert(h, v.clone(), eq);
    }
    Ok(t)
}

/// `set.add(x)`.
fn add(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    crate::methods::args::check_args("add", &args[1..], kwnames, 1, 1)?;
    if let Value::Set(s) = &args[0] {
        let h = hash_value(vm, &args[1])?;
        let _ = s.table_mut().insert(h, args[1].clone(), eq);
    }
    Ok(Value::None)
}

fn table_of(v: &Value) -> Option<&Rc<PySet>> {
    match v {
        Value::Set(s) | Value::FrozenSet(s) => Some(s),
        _ => None,
    }
}

/// The set operators (result type follows the left operand).
pub fn binary_op(vm: &mut Vm, op: BinOp, a: &Value, b: &Value, inplace: bool) -> PyResult<Value> {
    let (Some(x), Some(y)) = (table_of(a), table_of(b)) else {
        return Err(type_error("unsupported set operands"));
    };
    let xs = x.items();
    let ys = y.items();
    let yt = table_from(vm, &ys)?;
    let xt = table_from(vm, &xs)?;
    let result: Vec<Value> = match op {
        BinOp::Or => {
            let mut v = xs.clone();
            v.extend(ys.iter().cloned());
            v
        }
        BinOp::And => xs
            .iter()
            .filter(|v| contains(&yt, vm, v))
            .cloned()
            .collect(),
        BinOp::Sub => xs
            .iter()
            .filter(|v| !contains(&yt, vm, v))
            .cloned()
            .collect(),
        BinOp::Xor => {
            let mut v: Vec<Value> = xs
                .iter()
                .filter(|v| !contains(&yt, vm, v))
                .cloned()
                .collect();
            v.extend(ys.iter().filter(|v| !contains(&xt, vm, v)).cloned());
            v
        }
        _ => return Err(type_error("unsupported set operation")),
    };
    let table = table_from(vm, &result)?;
    if inplace {
        if let Value::Set(s) = a {
            *s.table_mut() = table;
            return Ok(a.clone());
        }
    }
    Ok(match a {
        Value::FrozenSet(_) => Value::FrozenSet(Rc::new(PySet::from_table(table))),
        _ => Value::Set(Rc::new(PySet::from_table(table))),
    })
}

fn contains(t: &SetTable<Value>, vm: &mut Vm, v: &Value) -> bool {
    match hash_value(vm, v) {
        Ok(h) => t.contains(h, v, eq).unwrap_or(false),
        Err(_) => false,
    }
}

/// Subset / superset comparisons.
pub fn compare(vm: &mut Vm, a: &Value, b: &Value, op: CompareOp) -> PyResult<bool> {
    let (Some(x), Some(y)) = (table_of(a), table_of(b)) else {
        return Ok(false);
    };
    let xs = x.items();
    let ys = y.items();
    let yt = table_from(vm, &ys)?;
    let xt = table_from(vm, &xs)?;
    let x_in_y = xs.iter().all(|v| contains(&yt, vm, v));
    let y_in_x = ys.iter().all(|v| contains(&xt, vm, v));
    Ok(match op {
        CompareOp::Le => x_in_y,
        CompareOp::Lt => x_in_y && xs.len() < ys.len(),
        CompareOp::Ge => y_in_x,
        CompareOp::Gt => y_in_x && xs.len() > ys.len(),
        CompareOp::Eq => x_in_y && xs.len() == ys.len(),
        CompareOp::Ne => !(x_in_y && xs.len() == ys.len()),
    })
}
