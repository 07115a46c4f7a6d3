//! Methods of `tuple`: `index` and `count`.

use std::rc::Rc;

use crate::exception::{type_error, value_error, PyResult};
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::methods::int::slice_index;
use crate::methods::list::{check_positional, eq_bool};
use crate::tuple::PyTuple;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `tuple`.
pub const METHODS: &[(&str, NativeFn)] = &[("index", index), ("count", count)];

fn this(args: &[Value]) -> PyResult<Rc<PyTuple>> {
    match args.first() {
        Some(Value::Tuple(t)) => Ok(t.clone()),
        Some(Value::Instance(inst)) => match &*inst.builtin_base.borrow() {
            Some(Value::Tuple(t)) => Ok(t.clone()),
            _ => Err(descriptor_error(&args[0])),
        },
        Some(other) => Err(descriptor_error(other)),
        None => Err(type_error("descriptor needs an argument")),
    }
}

fn descriptor_error(v: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "descriptor requires a 'tuple' object but received a '{}'",
        crate::protocols::type_name(v)
    ))
}

/// `tuple.index(x[, start[, stop]])`: ValueError `tuple.index(x): x not in tuple`.
fn index(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let t = this(args)?;
    check_positional("tuple.index", "index", &args[1..], kwnames, 1, 3)?;
    let len = t.len();
    let fix = |i: i64| -> usize {
        if i < 0 {
            i.saturating_add(len as i64).max(0) as usize
        } else {
            i as usize
        }
    };
    let start = match args.get(2) {
        Some(v) => fix(slice_index(vm, v)?),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(v) => fix(slice_index(vm, v)?).min(len),
        None => len,
    };
    for i in start..stop {
        if eq_bool(vm, &t.as_slice()[i], &args[1])? {
            return Ok(Value::from(i));
        }
    }
    Err(value_error("tuple.index(x): x not in tuple"))
}

/// `tuple.count(x)`.
fn count(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let t = this(args)?;
    check_args("tuple.count", &args[1..], kwnames, 1, 1)?;
    let mut n = 0usize;
    for item in t.as_slice() {
        if eq_bool(vm, item, &args[1])? {
            n += 1;
        }
    }
    Ok(Value::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: NativeFn, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
        let kw: Vec<Value> = kwnames.iter().map(|k| Value::str(k)).collect();
        f(&mut Vm::new(), args, &kw)
    }

    fn err(r: PyResult<Value>) -> String {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => format!(
                "{}: {}",
                e.type_name(),
                match e.args().first() {
                    Some(Value::Str(s)) => s.as_str().to_string(),
                    _ => String::new(),
                }
            ),
        }
    }

    fn ints(v: &[i64]) -> Value {
        Value::tuple(v.iter().map(|&i| Value::Int(i)).collect())
    }

    #[test]
    fn index_and_count() {
        let t = ints(&[1, 2, 3, 2]);
        assert!(matches!(
            call(index, &[t.clone(), Value::Int(2)], &[]),
            Ok(Value::Int(1))
        ));
        assert!(matches!(
            call(index, &[t.clone(), Value::Int(2), Value::Int(2)], &[]),
            Ok(Value::Int(3))
        ));
        assert!(matches!(
            call(index, &[t.clone(), Value::Int(3), Value::Int(-2)], &[]),
            Ok(Value::Int(2))
        ));
        assert!(matches!(
            call(index, &[t.clone(), Value::Float(3.0)], &[]),
            Ok(Value::Int(2))
        ));
        assert!(matches!(
            call(count, &[t.clone(), Value::Int(2)], &[]),
            Ok(Value::Int(2))
        ));
        assert!(matches!(
            call(count, &[t.clone(), Value::Int(9)], &[]),
            Ok(Value::Int(0))
        ));
        let cases: Vec<(NativeFn, Vec<Value>, Vec<&str>, &str)> = vec![
            (
                index,
                vec![ints(&[1]), Value::Int(2)],
                vec![],
                "ValueError: tuple.index(x): x not in tuple",
            ),
            (
                index,
                vec![
                    ints(&[1, 2, 3]),
                    Value::Int(3),
                    Value::Int(1),
                    Value::Int(2),
                ],
                vec![],
                "ValueError: tuple.index(x): x not in tuple",
            ),
            (
                index,
                vec![ints(&[1])],
                vec![],
                "TypeError: index expected at least 1 argument, got 0",
            ),
            (
                index,
                vec![ints(&[1]), Value::Int(1), Value::str("a")],
                vec![],
                "TypeError: slice indices must be integers or have an __index__ method",
            ),
            (
                index,
                vec![ints(&[1]), Value::Int(1), Value::Int(2)],
                vec!["x"],
                "TypeError: tuple.index() takes no keyword arguments",
            ),
            (
                count,
                vec![ints(&[1])],
                vec![],
                "TypeError: tuple.count() takes exactly one argument (0 given)",
            ),
            (
                count,
                vec![ints(&[1]), Value::Int(1)],
                vec!["x"],
                "TypeError: tuple.count() takes no keyword arguments",
            ),
        ];
        for (f, a, kw, want) in cases {
            assert_eq!(err(call(f, &a, &kw)), want);
        }
    }
}
