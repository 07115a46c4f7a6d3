//! The `binascii` module (what `base64` needs): `hexlify`/`b2a_hex`, `unhexlify`/`a2b_hex`,
//! `b2a_base64`, `a2b_base64` (CPython's non-strict decoding: characters outside the
//! alphabet are skipped), `crc32`, `Error`, `Incomplete`.

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::builtin_fn;

thread_local! {
    static ERROR: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
}

fn error(msg: impl Into<String>) -> rpvm_object::PyErr {
    match ERROR.with(|e| e.borrow().clone()) {
        Some(cls) => PyException::new(cls, vec![Value::string(msg.into())]),
        None => PyException::with_message("ValueError", msg),
    }
}

/// The bytes of a bytes-like argument (`ascii_str`: an ASCII str is accepted too).
fn data_arg(v: &Value, ascii_str: bool) -> PyResult<Vec<u8>> {
    match crate::args::builtin_base(v).unwrap_or_else(|| v.clone()) {
        Value::Bytes(b) => Ok(b.to_vec()),
        Value::ByteArray(b) => Ok(b.snapshot()),
        Value::Str(s) if ascii_str => {
            if s.as_str().is_ascii() {
                Ok(s.as_str().as_bytes().to_vec())
            } else {
                Err(PyException::with_message(
                    "ValueError",
                    "string argument should contain only ASCII characters",
                ))
            }
        }
        _ if ascii_str => Err(type_error(format!(
            "argument should be bytes, buffer or ASCII string, not '{}'",
            type_name(v)
        ))),
        _ => Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(v)
        ))),
    }
}

fn kwarg(args: &[Value], kw: &[Value], name: &str) -> Option<Value> {
    let npos = crate::args::npos(args, kw);
    kw.iter()
        .position(|k| k.as_str() == Some(name))
        .and_then(|i| args.get(npos + i).cloned())
}

fn bytes(v: Vec<u8>) -> Value {
    Value::Bytes(v.into())
}

fn hexlify(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let data = data_arg(crate::args::arg(args, 0)?, false)?;
    let mut out = Vec::with_capacity(data.len() * 2);
    for b in data {
        out.extend_from_slice(format!("{b:02x}").as_bytes());
    }
    Ok(bytes(out))
}

fn unhexlify(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let data = data_arg(crate::args::arg(args, 0)?, true)?;
    if data.len() % 2 != 0 {
        return Err(error("Odd-length string"));
    }
    let digit = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error("Non-hexadecimal digit found")),
        }
    }
    Ok(bytes(out))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b2a_base64(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let data = data_arg(crate::args::arg(args, 0)?, false)?;
    let newline = match kwarg(args, kw, "newline") {
        None => true,
        Some(v) => rpvm_object::protocols::truth::is_true(vm, &v)?,
    };
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        out.push(B64[(v >> 18) as usize & 63]);
        out.push(B64[(v >> 12) as usize & 63]);
        out.push(if n > 1 {
            B64[(v >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if n > 2 { B64[v as usize & 63] } else { b'=' });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(bytes(out))
}

fn a2b_base64(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    // CPython's non-strict loop: bytes are written as each character arrives, a padded
    // quad ends the data, characters outside the alphabet are skipped.
    let data = data_arg(crate::args::arg(args, 0)?, true)?;
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad = 0usize;
    let mut pads = 0usize;
    let mut left: u8 = 0;
    for &c in &data {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(bytes(out));
                }
            }
            continue;
        }
        let Some(v) = B64.iter().position(|&b| b == c) else {
            continue;
        };
        let v = v as u8;
        pads = 0;
        match quad {
            0 => {
                quad = 1;
                left = v;
            }
            1 => {
                quad = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad {
        0 => Ok(bytes(out)),
        1 => Err(error(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(error("Incorrect padding")),
    }
}

fn crc32(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let data = data_arg(crate::args::arg(args, 0)?, false)?;
    let start = match args.get(1) {
        None => 0u32,
        Some(v) => {
            let n = crate::args::index_bigint(vm, v)?;
            let m: num_bigint::BigInt = n & num_bigint::BigInt::from(0xffff_ffffu32);
            u32::try_from(m).unwrap_or(0)
        }
    };
    let mut crc = !start;
    for b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    Ok(Value::Int(i64::from(!crc)))
}

fn exception_class(vm: &mut Vm, name: &str, base: &str) -> Option<Rc<PyType>> {
    let base = rpvm_object::typeobj::builtin_types().exception(base)?;
    let ns = Rc::new(PyDict::new());
    ns.set_str("__module__", Value::str("binascii"));
    match rpvm_object::subclass::new_class(
        vm,
        None,
        &[
            Value::string(name.to_string()),
            Value::tuple(vec![Value::Type(base)]),
            Value::Dict(ns),
        ],
        &[],
    ) {
        Ok(Value::Type(t)) => Some(t),
        _ => None,
    }
}

/// `import binascii`.
pub fn make_binascii(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("binascii"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("crc32", crc32),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    if let Some(e) = exception_class(vm, "Error", "ValueError") {
        ERROR.with(|s| *s.borrow_mut() = Some(e.clone()));
        d.set_str("Error", Value::Type(e));
    }
    if let Some(e) = exception_class(vm, "Incomplete", "Exception") {
        d.set_str("Incomplete", Value::Type(e));
    }
    Value::Module(Rc::new(PyModule {
        name: "binascii".into(),
        dict: d,
    }))
}
