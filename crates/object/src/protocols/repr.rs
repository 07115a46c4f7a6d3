//! `repr()` and `str()` exactly as CPython prints them.

use num_bigint::BigInt;

use rpvm_loader::float_repr::float_repr;
use rpvm_loader::pyrepr::{bytes_repr, complex_repr, str_repr};

use crate::exception::{type_error, value_error, PyResult};
use crate::protocols::call::call_dunder;
use crate::protocols::type_of;
use crate::value::Value;
use crate::vm::Vm;

/// CPython's default limit on int/str conversion (`sys.get_int_max_str_digits()`).
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// `str(int)` with CPython 3.11's digit limit.
pub fn bigint_str(b: &BigInt) -> PyResult<String> {
    // 4300 decimal digits need about 14284 bits; only then count exactly.
    if b.bits() > 14_000 {
        let s = b.to_string();
        let digits = s.trim_start_matches('-').len();
        if digits > INT_MAX_STR_DIGITS {
            return Err(value_error(format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        return Ok(s);
    }
    Ok(b.to_string())
}

/// A placeholder address for default reprs (`<object at 0x...>`), stable per object.
pub fn addr(v: &Value) -> String {
    format!("{:#x}", v.ptr().unwrap_or(0))
}

fn seq_repr(
    vm: &mut Vm,
    v: &Value,
    items: &[Value],
    open: &str,
    close: &str,
    trailing_comma: bool,
) -> PyResult<String> {
    let key = v.ptr().unwrap_or(0);
    if vm.repr_guard.contains(&key) {
        return Ok(format!("{open}...{close}"));
    }
    vm.enter(" while getting the repr of an object")?;
    vm.repr_guard.push(key);
    let result = (|| -> PyResult<String> {
        let mut out = String::from(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&repr(vm, item)?);
        }
        if trailing_comma && items.len() == 1 {
            out.push(',');
        }
        out.push_str(close);
        Ok(out)
    })();
    vm.repr_guard.pop();
    vm.leave();
    result
}

/// `repr(v)`.
pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    Ok(match v {
        Value::Null => "<NULL>".into(),
        Value::None => "None".into(),
        Value::NotImplemented => "NotImplemented".into(),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => bigint_str(b)?,
        Value::Float(f) => float_repr(*f),
        Value::Complex(c) => complex_repr(c.0, c.1),
        Value::Str(s) => str_repr(s.as_str()),
        Value::Bytes(b) => bytes_repr(b),
        Value::ByteArray(b) => format!("bytearray({})", bytes_repr(&b.snapshot())),
        Value::Tuple(t) => seq_repr(vm, v, t.as_slice(), "(", ")", true)?,
        Value::List(l) => {
            let items = l.snapshot();
            seq_repr(vm, v, &items, "[", "]", false)?
        }
        Value::Dict(d) => {
            let key = v.ptr().unwrap_or(0);
            if vm.repr_guard.contains(&key) {
                return Ok("{...}".into());
            }
            vm.enter(" while getting the repr of an object")?;
            vm.repr_guard.push(key);
            let result = (|| -> PyResult<String> {
                let mut out = String::from("{");
                for (i, (k, val)) in d.items().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&repr(vm, k)?);
                    out.push_str(": ");
                    out.push_str(&repr(vm, val)?);
                }
                out.push('}');
                Ok(out)
            })();
            vm.repr_guard.pop();
            vm.leave();
            result?
        }
        Value::Set(s) => {
            let items = s.items();
            if items.is_empty() {
                "set()".into()
            } else {
                seq_repr(vm, v, &items, "{", "}", false)?
            }
        }
        Value::FrozenSet(s) => {
            let items = s.items();
            if items.is_empty() {
                "frozenset()".into()
            } else {
                seq_repr(vm, v, &items, "frozenset({", "})", false)?
            }
        }
        Value::Range(r) => {
            if r.step == 1 {
                format!("range({}, {})", r.start, r.stop)
            } else {
                format!("range({}, {}, {})", r.start, r.stop, r.step)
            }
        }
        Value::Slice(s) => format!(
            "slice({}, {}, {})",
            repr(vm, &s.start)?,
            repr(vm, &s.stop)?,
            repr(vm, &s.step)?
        ),
        Value::Function(f) => format!(
            "<function {} at {}>",
            str_(vm, &f.qualname.borrow().clone())?,
            addr(v)
        ),
        Value::Builtin(b) => match (&b.bound_self, b.owner) {
            (Some(s), _) if !matches!(s, Value::Module(_)) => format!(
                "<built-in method {} of {} object at {}>",
                b.name,
                type_of(s).name,
                addr(s)
            ),
            // A method descriptor reached through its type (`int.bit_length`).
            (None, Some(owner)) if !b.name.starts_with("__") => {
                format!("<method '{}' of '{owner}' objects>", b.name)
            }
            _ => format!("<built-in function {}>", b.name),
        },
        Value::BoundMethod(m) => {
            let fname = match &m.func {
                Value::Function(f) => str_(vm, &f.qualname.borrow().clone())?,
                other => repr(vm, other)?,
            };
            format!("<bound method {} of {}>", fname, repr(vm, &m.self_)?)
        }
        Value::Code(c) => format!(
            "<code object {} at {}, file \"{}\", line {}>",
            c.code.name(),
            addr(v),
            c.code.filename(),
            c.code.firstlineno()
        ),
        Value::Cell(_) => format!("<cell at {}>", addr(v)),
        Value::Module(m) => match m.dict.get_str("__file__") {
            // CPython's module_repr: the file a module was loaded from, `(built-in)` for the
            // modules compiled into the interpreter.
            Some(Value::Str(f)) => format!("<module '{}' from '{}'>", m.name, f.as_str()),
            _ if m.name == "sys" || m.name == "builtins" => {
                format!("<module '{}' (built-in)>", m.name)
            }
            _ => format!("<module '{}'>", m.name),
        },
        Value::Type(t) => {
            if let Some(r) = call_dunder(vm, v, "__repr__", &[])? {
                return expect_str(r, "__repr__");
            }
            t.repr()
        }
        Value::Iter(it) => format!("<{} object at {}>", it.state.borrow().type_name(), addr(v)),
        Value::Exception(e) => {
            if let Some(r) = call_dunder(vm, v, "__repr__", &[])? {
                return expect_str(r, "__repr__");
            }
            let args = e.args();
            let inner = if args.len() == 1 {
                repr(vm, &args[0])?
            } else {
                let t = seq_repr(vm, v, &args, "(", ")", true)?;
                t[1..t.len() - 1].trim_end_matches(',').to_string()
            };
            format!("{}({})", e.class.name, inner)
        }
        Value::Instance(inst) => {
            if let Some(r) = call_dunder(vm, v, "__repr__", &[])? {
                return expect_str(r, "__repr__");
            }
            let class = inst.class.borrow().clone();
            if class.module == "builtins" {
                // `<object object at 0x...>`: CPython leaves out the builtins module.
                return Ok(format!("<{} object at {}>", class.qualname, addr(v)));
            }
            format!(
                "<{}.{} object at {}>",
                class.module,
                class.qualname,
                addr(v)
            )
        }
        Value::Native(n) => n.repr(vm)?,
    })
}

fn expect_str(r: Value, method: &str) -> PyResult<String> {
    match r {
        Value::Str(s) => Ok(s.as_str().to_string()),
        other => Err(type_error(format!(
            "{method} returned non-string (type {})",
            crate::protocols::type_name(&other)
        ))),
    }
}

/// `str(v)`.
pub fn str_(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v {
        Value::Str(s) => Ok(s.as_str().to_string()),
        Value::Exception(e) => {
            if let Some(r) = call_dunder(vm, v, "__str__", &[])? {
                return expect_str(r, "__str__");
            }
            if let Some(text) = crate::methods::bytes::unicode_error_str(e) {
                return Ok(text);
            }
            if crate::exception_group::is_group_type(&e.class) {
                return crate::exception_group::group_str(vm, e);
            }
            let args = e.args();
            if e.is_instance_of("OSError") && (2..=5).contains(&args.len()) {
                let errno = str_(vm, &args[0])?;
                let strerror = str_(vm, &args[1])?;
                return Ok(match args.get(2) {
                    Some(f) if !f.is_none() => match args.get(4) {
                        Some(f2) if !f2.is_none() => format!(
                            "[Errno {errno}] {strerror}: {} -> {}",
                            repr(vm, f)?,
                            repr(vm, f2)?
                        ),
                        _ => format!("[Errno {errno}] {strerror}: {}", repr(vm, f)?),
                    },
                    _ => format!("[Errno {errno}] {strerror}"),
                });
            }
            match args.len() {
                0 => Ok(String::new()),
                1 if e.is_instance_of("KeyError") => repr(vm, &args[0]),
                1 => str_(vm, &args[0]),
                _ => repr(vm, &Value::tuple(args)),
            }
        }
        Value::Instance(_) => {
            if crate::protocols::call::lookup_special(v, "__str__").is_some() {
                if let Some(r) = call_dunder(vm, v, "__str__", &[])? {
                    return expect_str(r, "__str__");
                }
            }
            // `str.__str__` for str subclasses; everything else uses `repr`.
            if let Some(Value::Str(s)) = crate::instance::base_value(v) {
                return Ok(s.as_str().to_string());
            }
            repr(vm, v)
        }
        _ => repr(vm, v),
    }
}

/// `ascii(v)`: `repr` with non-ASCII characters escaped.
pub fn ascii(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let r = repr(vm, v)?;
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u < 0x100 {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u < 0x10000 {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    Ok(out)
}
