//! Methods of `int` (and `bool`, which inherits them), and the `__index__` conversions
//! (`operator.index`, `Py_ssize_t` and slice-index arguments) the container methods use.
//!
//! `int.from_bytes` is a classmethod: `args[0]` is the class (see [`CLASS_METHODS`]).

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::exception::{overflow_error, type_error, value_error, PyException, PyResult};
use crate::function::NativeFn;
use crate::methods::args::check_args;
use crate::methods::list::parse_clinic;
use crate::protocols::call::{call_dunder, lookup_special};
use crate::protocols::truth::is_true;
use crate::protocols::type_name;
use crate::typeobj::exception_type;
use crate::value::Value;
use crate::vm::Vm;

/// The method table of `int` (also used for `bool`).
pub const METHODS: &[(&str, NativeFn)] = &[
    ("bit_length", bit_length),
    ("bit_count", bit_count),
    ("to_bytes", to_bytes),
    ("from_bytes", from_bytes),
    ("conjugate", conjugate),
    ("as_integer_ratio", as_integer_ratio),
];

/// Entries of [`METHODS`] that are classmethods: looked up on the type or an instance,
/// they must be called with the class as `args[0]`.
pub const CLASS_METHODS: &[&str] = &["from_bytes"];

// ---------------------------------------------------------------------------------------
// __index__ conversions.
// ---------------------------------------------------------------------------------------

/// `operator.index(v)`: an int (`bool` becomes `int`), the wrapped int of an instance of an
/// `int` subclass, or the result of a user `__index__`; otherwise TypeError
/// `'str' object cannot be interpreted as an integer`.
pub fn index(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) | Value::BigInt(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Instance(inst) => {
            if lookup_special(v, "__index__").is_some() {
                let r = call_dunder(vm, v, "__index__", &[])?.unwrap_or(Value::None);
                return match r {
                    Value::Int(_) | Value::BigInt(_) => Ok(r),
                    Value::Bool(b) => Ok(Value::Int(b as i64)),
                    other => Err(type_error(format!(
                        "__index__ returned non-int (type {})",
                        type_name(&other)
                    ))),
                };
            }
            let base = inst.builtin_base.borrow().clone();
            match base {
                Some(b @ (Value::Int(_) | Value::BigInt(_) | Value::Bool(_))) => index(vm, &b),
                _ => Err(not_integer(v)),
            }
        }
        _ => Err(not_integer(v)),
    }
}

fn not_integer(v: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        type_name(v)
    ))
}

/// Whether `v` supports `__index__` (`_PyIndex_Check`).
pub fn has_index(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => true,
        Value::Instance(inst) => {
            lookup_special(v, "__index__").is_some()
                || matches!(
                    &*inst.builtin_base.borrow(),
                    Some(Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
                )
        }
        _ => false,
    }
}

/// An index argument converted to `Py_ssize_t` (`PyNumber_AsSsize_t(v, OverflowError)`):
/// OverflowError `Python int too large to convert to C ssize_t` beyond 64 bits.
pub fn ssize_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match index(vm, v)? {
        Value::Int(i) => Ok(i),
        _ => Err(overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// A slice-index argument (`_PyEval_SliceIndexNotNone`): an `__index__` value clamped to
/// the `i64` range; TypeError `slice indices must be integers or have an __index__ method`
/// otherwise (None included).
pub fn slice_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if !has_index(v) {
        return Err(type_error(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    Ok(match index(vm, v)? {
        Value::Int(i) => i,
        Value::BigInt(b) => {
            if b.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        _ => 0,
    })
}

// ---------------------------------------------------------------------------------------
// The methods.
// ---------------------------------------------------------------------------------------

/// The int value of `self` (an int, a bool, or an instance of an `int` subclass).
fn this(args: &[Value]) -> PyResult<BigInt> {
    match args.first() {
        Some(Value::Int(i)) => Ok(BigInt::from(*i)),
        Some(Value::Bool(b)) => Ok(BigInt::from(*b as i64)),
        Some(Value::BigInt(b)) => Ok((**b).clone()),
        Some(Value::Instance(inst)) => match &*inst.builtin_base.borrow() {
            Some(Value::Int(i)) => Ok(BigInt::from(*i)),
            Some(Value::Bool(b)) => Ok(BigInt::from(*b as i64)),
            Some(Value::BigInt(b)) => Ok((**b).clone()),
            _ => Err(descriptor_error(&args[0])),
        },
        Some(other) => Err(descriptor_error(other)),
        None => Err(type_error("descriptor needs an argument")),
    }
}

fn descriptor_error(v: &Value) -> crate::exception::PyErr {
    type_error(format!(
        "descriptor requires a 'int' object but received a '{}'",
        type_name(v)
    ))
}

/// `int.bit_length()`.
fn bit_length(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args(
        "int.bit_length",
        args.get(1..).unwrap_or(&[]),
        kwnames,
        0,
        0,
    )?;
    Ok(match args.first().unwrap_or(&Value::None) {
        &Value::Int(i) => Value::Int(64 - i.unsigned_abs().leading_zeros() as i64),
        _ => Value::from(this(args)?.bits() as usize),
    })
}

/// `int.bit_count()`: the number of ones in the binary form of `abs(self)`.
fn bit_count(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("int.bit_count", args.get(1..).unwrap_or(&[]), kwnames, 0, 0)?;
    Ok(match args.first().unwrap_or(&Value::None) {
        &Value::Int(i) => Value::Int(i.unsigned_abs().count_ones() as i64),
        _ => {
            let b = this(args)?;
            let n: u64 = b
                .magnitude()
                .iter_u64_digits()
                .map(|d| d.count_ones() as u64)
                .sum();
            Value::from(n as usize)
        }
    })
}

/// `int.conjugate()`: the int itself (`True.conjugate()` is `1`).
fn conjugate(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args("int.conjugate", args.get(1..).unwrap_or(&[]), kwnames, 0, 0)?;
    Ok(Value::from_bigint(this(args)?))
}

/// `int.as_integer_ratio()`: `(int(self), 1)`.
fn as_integer_ratio(_vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    check_args(
        "int.as_integer_ratio",
        args.get(1..).unwrap_or(&[]),
        kwnames,
        0,
        0,
    )?;
    Ok(Value::tuple(vec![
        Value::from_bigint(this(args)?),
        Value::Int(1),
    ]))
}

/// Argument Clinic's type check of `byteorder` (done before `signed` is converted).
fn check_byteorder_type(fname: &str, v: &Option<Value>) -> PyResult<()> {
    match v {
        None | Some(Value::Str(_)) => Ok(()),
        Some(other) => Err(type_error(format!(
            "{fname}() argument 'byteorder' must be str, not {}",
            type_name(other)
        ))),
    }
}

/// `byteorder` of `to_bytes` / `from_bytes`: `Ok(true)` for little-endian.
fn byteorder(fname: &str, v: &Option<Value>) -> PyResult<bool> {
    check_byteorder_type(fname, v)?;
    match v {
        Some(Value::Str(s)) => match s.as_str() {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => Err(value_error("byteorder must be either 'little' or 'big'")),
        },
        _ => Ok(false),
    }
}

fn memory_error() -> crate::exception::PyErr {
    PyException::new(exception_type("MemoryError"), vec![])
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn to_bytes(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let x = this(args)?;
    let a = parse_clinic(
        "to_bytes",
        args.get(1..).unwrap_or(&[]),
        kwnames,
        &["length", "byteorder", "signed"],
        0,
        2,
    )?;
    let length = match &a[0] {
        None => 1,
        Some(v) => ssize_index(vm, v)?,
    };
    check_byteorder_type("to_bytes", &a[1])?;
    let signed = match &a[2] {
        None => false,
        Some(v) => is_true(vm, v)?,
    };
    let little = byteorder("to_bytes", &a[1])?;
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let bytes = int_to_bytes(&x, length as u64, little, signed)?;
    Ok(Value::Bytes(bytes.into()))
}

/// `x` as `length` bytes (`_PyLong_AsByteArray`): OverflowError `can't convert negative
/// int to unsigned` or `int too big to convert`; MemoryError when `length` cannot be
/// allocated.
pub fn int_to_bytes(x: &BigInt, length: u64, little: bool, signed: bool) -> PyResult<Vec<u8>> {
    if !signed && x.is_negative() {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let mut le = if x.is_zero() {
        Vec::new()
    } else if signed {
        x.to_signed_bytes_le()
    } else {
        x.magnitude().to_bytes_le()
    };
    if le.len() as u64 > length {
        return Err(overflow_error("int too big to convert"));
    }
    let length = usize::try_from(length).map_err(|_| memory_error())?;
    let fill = if signed && x.is_negative() { 0xff } else { 0 };
    let extra = length - le.len();
    le.try_reserve_exact(extra).map_err(|_| memory_error())?;
    le.resize(length, fill);
    if !little {
        le.reverse();
    }
    Ok(le)
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a classmethod: `args[0]` is
/// the class).
fn from_bytes(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let rest = args.get(1..).unwrap_or(&[]);
    let a = parse_clinic(
        "from_bytes",
        rest,
        kwnames,
        &["bytes", "byteorder", "signed"],
        1,
        2,
    )?;
    check_byteorder_type("from_bytes", &a[1])?;
    let signed = match &a[2] {
        None => false,
        Some(v) => is_true(vm, v)?,
    };
    let little = byteorder("from_bytes", &a[1])?;
    let src = a[0].clone().unwrap_or(Value::None);
    let mut data = bytes_from_object(vm, &src)?;
    if !little {
        data.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&data)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &data)
    };
    crate::methods::construct_for(vm, args.first(), Value::from_bigint(v))
}

/// `bytes(v)` as `PyObject_Bytes` computes it: bytes, bytearray, `__bytes__`, or an
/// iterable of ints in `range(256)`; TypeError `cannot convert 'str' object to bytes` for
/// str and non-iterables.
pub fn bytes_from_object(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Bytes(b) => return Ok(b.to_vec()),
        Value::ByteArray(b) => return Ok(b.snapshot()),
        Value::Str(_) => return Err(cannot_convert(v)),
        _ => {}
    }
    if let Some(r) = call_dunder(vm, v, "__bytes__", &[])? {
        return match r {
            Value::Bytes(b) => Ok(b.to_vec()),
            other => Err(type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                type_name(&other)
            ))),
        };
    }
    let it = match v {
        Value::List(_) | Value::Tuple(_) => None,
        _ => match crate::protocols::iter::get_iter(vm, v) {
            Ok(it) => Some(it),
            Err(e) if e.is_instance_of("TypeError") => return Err(cannot_convert(v)),
            Err(e) => return Err(e),
        },
    };
    let mut out = Vec::new();
    let mut push = |vm: &mut Vm, item: Value| -> PyResult<bool> {
        let i = index(vm, &item)?;
        match i {
            Value::Int(n) if (0..256).contains(&n) => out.push(n as u8),
            _ => return Err(value_error("bytes must be in range(0, 256)")),
        }
        Ok(true)
    };
    match it {
        None => crate::methods::list::for_each(vm, v, &mut push)?,
        Some(it) => {
            while let Some(item) = crate::protocols::iter::next(vm, &it)? {
                push(vm, item)?;
            }
        }
    }
    Ok(out)
}

fn cannot_convert(v: &Value) -> crate::exception::PyErr {
    type_error(format!("cannot convert '{}' object to bytes", type_name(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm() -> Vm {
        Vm::new()
    }

    fn call(f: NativeFn, args: &[Value], kwnames: &[&str]) -> PyResult<Value> {
        let kw: Vec<Value> = kwnames.iter().map(|k| Value::str(k)).collect();
        f(&mut vm(), args, &kw)
    }

    fn err(r: PyResult<Value>) -> String {
        match r {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => {
                let msg = match e.args().first() {
                    Some(Value::Str(s)) => s.as_str().to_string(),
                    Some(other) => format!("{other:?}"),
                    None => String::new(),
                };
                format!("{}: {}", e.type_name(), msg)
            }
        }
    }

    fn bytes(r: PyResult<Value>) -> Vec<u8> {
        match r {
            Ok(Value::Bytes(b)) => b.to_vec(),
            other => panic!("expected bytes, got {other:?}"),
        }
    }

    fn big(s: &str) -> Value {
        Value::from_bigint(s.parse::<BigInt>().unwrap())
    }

    fn int(r: PyResult<Value>) -> String {
        match r {
            Ok(Value::Int(i)) => i.to_string(),
            Ok(Value::BigInt(b)) => b.to_string(),
            other => panic!("expected int, got {other:?}"),
        }
    }

    #[test]
    fn bit_length_and_count() {
        assert_eq!(int(call(bit_length, &[Value::Int(0)], &[])), "0");
        assert_eq!(int(call(bit_length, &[Value::Int(-5)], &[])), "3");
        assert_eq!(int(call(bit_length, &[Value::Int(i64::MIN)], &[])), "64");
        assert_eq!(int(call(bit_length, &[Value::Bool(true)], &[])), "1");
        assert_eq!(
            int(call(bit_length, &[big("-1180591620717411303424")], &[])),
            "71"
        );
        assert_eq!(int(call(bit_count, &[Value::Int(-5)], &[])), "2");
        assert_eq!(
            int(call(bit_count, &[big("1208925819614629174706176")], &[])),
            "1"
        );
        assert_eq!(
            err(call(bit_length, &[Value::Int(5), Value::Int(1)], &[])),
            "TypeError: int.bit_length() takes no arguments (1 given)"
        );
    }

    #[test]
    fn conjugate_and_ratio() {
        assert!(matches!(
            call(conjugate, &[Value::Bool(true)], &[]),
            Ok(Value::Int(1))
        ));
        let r = call(as_integer_ratio, &[big("-1208925819614629174706176")], &[]).unwrap();
        let mut vm = vm();
        assert_eq!(
            crate::protocols::repr::repr(&mut vm, &r).unwrap(),
            "(-1208925819614629174706176, 1)"
        );
        assert_eq!(
            err(call(conjugate, &[Value::Int(1), Value::Int(1)], &[])),
            "TypeError: int.conjugate() takes no arguments (1 given)"
        );
    }

    #[test]
    fn to_bytes_cases() {
        // Expectations from CPython 3.11.
        assert_eq!(bytes(call(to_bytes, &[Value::Int(5)], &[])), b"\x05");
        assert_eq!(
            bytes(call(
                to_bytes,
                &[Value::Int(5), Value::Int(2), Value::str("little")],
                &["length", "byteorder"]
            )),
            b"\x05\x00"
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[
                    Value::Int(-128),
                    Value::Int(1),
                    Value::str("big"),
                    Value::Bool(true)
                ],
                &["signed"]
            )),
            b"\x80"
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[Value::Int(0), Value::Int(0), Value::str("big")],
                &[]
            )),
            b""
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[Value::Int(-1), Value::Bool(true)],
                &["signed"]
            )),
            b"\xff"
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[
                    big("1208925819614629174706176"),
                    Value::Int(11),
                    Value::str("little")
                ],
                &[]
            )),
            b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[
                    big("-1208925819614629174706176"),
                    Value::Int(11),
                    Value::str("little"),
                    Value::Bool(true)
                ],
                &["signed"]
            )),
            b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff"
        );
        assert_eq!(
            bytes(call(
                to_bytes,
                &[
                    big("604462909807314587353087"),
                    Value::Int(10),
                    Value::str("big"),
                    Value::Bool(true)
                ],
                &["signed"]
            )),
            b"\x7f\xff\xff\xff\xff\xff\xff\xff\xff\xff"
        );
        // signed=None is falsy, signed='' too.
        assert_eq!(
            bytes(call(
                to_bytes,
                &[Value::Int(5), Value::Int(1), Value::str("big"), Value::None],
                &["signed"]
            )),
            b"\x05"
        );
        let cases: Vec<(Vec<Value>, Vec<&str>, &str)> = vec![
            (
                vec![Value::Int(5), Value::Int(1), Value::str("x")],
                vec![],
                "ValueError: byteorder must be either 'little' or 'big'",
            ),
            (
                vec![Value::Int(300), Value::Int(1), Value::str("big")],
                vec![],
                "OverflowError: int too big to convert",
            ),
            (
                vec![Value::Int(-1), Value::Int(1), Value::str("big")],
                vec![],
                "OverflowError: can't convert negative int to unsigned",
            ),
            (
                vec![Value::Int(5), Value::Int(-1), Value::str("big")],
                vec![],
                "ValueError: length argument must be non-negative",
            ),
            (
                vec![
                    Value::Int(5),
                    Value::Int(1),
                    Value::str("big"),
                    Value::Bool(true),
                ],
                vec![],
                "TypeError: to_bytes() takes at most 2 positional arguments (3 given)",
            ),
            (
                vec![
                    Value::Int(-129),
                    Value::Int(1),
                    Value::str("big"),
                    Value::Bool(true),
                ],
                vec!["signed"],
                "OverflowError: int too big to convert",
            ),
            (
                vec![Value::Int(255), Value::Bool(true)],
                vec!["signed"],
                "OverflowError: int too big to convert",
            ),
            (
                vec![Value::Int(1), Value::Int(0), Value::str("big")],
                vec![],
                "OverflowError: int too big to convert",
            ),
            (
                vec![Value::Int(5), Value::str("a")],
                vec![],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                vec![Value::Int(5), Value::Int(1), Value::Int(1)],
                vec![],
                "TypeError: to_bytes() argument 'byteorder' must be str, not int",
            ),
            (
                vec![
                    Value::Int(5),
                    Value::Int(1),
                    Value::str("big"),
                    Value::Bool(true),
                    Value::Int(1),
                ],
                vec!["signed", "x"],
                "TypeError: to_bytes() takes at most 3 arguments (4 given)",
            ),
            (
                vec![
                    Value::Int(5),
                    Value::Int(1),
                    Value::str("big"),
                    Value::Int(1),
                ],
                vec!["x"],
                "TypeError: 'x' is an invalid keyword argument for to_bytes()",
            ),
            (
                vec![Value::Int(5), Value::Int(1), Value::Int(1)],
                vec!["length"],
                "TypeError: argument for to_bytes() given by name ('length') and position (1)",
            ),
            (
                vec![Value::Int(5), big("9223372036854775808")],
                vec![],
                "OverflowError: Python int too large to convert to C ssize_t",
            ),
            (
                vec![Value::Int(5), Value::Int(1), Value::Int(1)],
                vec!["length2"],
                "TypeError: 'length2' is an invalid keyword argument for to_bytes()",
            ),
            (
                vec![Value::Int(5), Value::Int(i64::MAX), Value::str("big")],
                vec![],
                "MemoryError: ",
            ),
        ];
        for (a, kw, want) in cases {
            assert_eq!(err(call(to_bytes, &a, &kw)), want, "{a:?} {kw:?}");
        }
    }

    #[test]
    fn from_bytes_cases() {
        let cls = Value::None;
        let b = |s: &[u8]| Value::Bytes(s.to_vec().into());
        assert_eq!(
            int(call(
                from_bytes,
                &[cls.clone(), b(b"\x01\x00"), Value::str("little")],
                &[]
            )),
            "1"
        );
        assert_eq!(
            int(call(
                from_bytes,
                &[cls.clone(), b(b"\xff"), Value::Bool(true)],
                &["signed"]
            )),
            "-1"
        );
        assert_eq!(
            int(call(
                from_bytes,
                &[cls.clone(), Value::list(vec![Value::Int(1), Value::Int(2)])],
                &[]
            )),
            "258"
        );
        assert_eq!(
            int(call(
                from_bytes,
                &[cls.clone(), b(b""), Value::str("big")],
                &[]
            )),
            "0"
        );
        assert_eq!(
            int(call(from_bytes, &[cls.clone(), b(b"a")], &["bytes"])),
            "97"
        );
        assert_eq!(
            int(call(
                from_bytes,
                &[
                    cls.clone(),
                    b(b"\x80\x00"),
                    Value::str("big"),
                    Value::Bool(true)
                ],
                &["signed"]
            )),
            "-32768"
        );
        assert_eq!(
            int(call(
                from_bytes,
                &[cls.clone(), b(&[0xff; 12]), Value::str("big")],
                &[]
            )),
            "79228162514264337593543950335"
        );
        let cases: Vec<(Vec<Value>, Vec<&str>, &str)> = vec![
            (
                vec![cls.clone(), Value::str("ab")],
                vec![],
                "TypeError: cannot convert 'str' object to bytes",
            ),
            (
                vec![cls.clone(), Value::Int(1)],
                vec![],
                "TypeError: cannot convert 'int' object to bytes",
            ),
            (
                vec![cls.clone(), b(b"\x01"), Value::str("mid")],
                vec![],
                "ValueError: byteorder must be either 'little' or 'big'",
            ),
            (
                vec![cls.clone(), Value::list(vec![Value::Int(256)])],
                vec![],
                "ValueError: bytes must be in range(0, 256)",
            ),
            (
                vec![cls.clone(), Value::list(vec![Value::Int(-1)])],
                vec![],
                "ValueError: bytes must be in range(0, 256)",
            ),
            (
                vec![cls.clone(), Value::list(vec![Value::str("a")])],
                vec![],
                "TypeError: 'str' object cannot be interpreted as an integer",
            ),
            (
                vec![cls.clone()],
                vec![],
                "TypeError: from_bytes() missing required argument 'bytes' (pos 1)",
            ),
            (
                vec![cls.clone(), b(b""), Value::str("big"), Value::Bool(true)],
                vec![],
                "TypeError: from_bytes() takes at most 2 positional arguments (3 given)",
            ),
            (
                vec![cls.clone(), b(b""), Value::Int(1)],
                vec!["x"],
                "TypeError: 'x' is an invalid keyword argument for from_bytes()",
            ),
            (
                vec![cls.clone(), b(b"\x01"), Value::Int(1)],
                vec![],
                "TypeError: from_bytes() argument 'byteorder' must be str, not int",
            ),
        ];
        for (a, kw, want) in cases {
            assert_eq!(err(call(from_bytes, &a, &kw)), want, "{a:?} {kw:?}");
        }
    }

    #[test]
    fn index_helpers() {
        let mut vm = vm();
        assert_eq!(
            slice_index(&mut vm, &big("1267650600228229401496703205376")).unwrap(),
            i64::MAX
        );
        assert_eq!(
            slice_index(&mut vm, &big("-1267650600228229401496703205376")).unwrap(),
            i64::MIN
        );
        assert!(slice_index(&mut vm, &Value::None).is_err());
        assert_eq!(ssize_index(&mut vm, &Value::Bool(true)).unwrap(), 1);
        assert!(ssize_index(&mut vm, &Value::Float(1.0)).is_err());
    }
}
