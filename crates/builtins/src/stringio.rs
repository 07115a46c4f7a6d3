//! The `io` module's in-memory streams: `StringIO` and `BytesIO` (write, read, readline,
//! readlines, iteration, getvalue, seek, tell, truncate, close, context manager).

use std::cell::RefCell;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{stop_iteration, type_error, value_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::functools::{class_of, new_instance, split, with_state, ClassSpec};

/// The buffer of a `StringIO` (chars) or `BytesIO` (bytes).
#[derive(Debug, Default)]
struct Buf<T> {
    data: Vec<T>,
    pos: usize,
    closed: bool,
}

type SBuf = RefCell<Buf<char>>;
type BBuf = RefCell<Buf<u8>>;

trait Item: Copy + Default + std::fmt::Debug + 'static {
    const CLASS: &'static str;
    const CLOSED: &'static str;
    fn newline() -> Self;
    fn to_value(items: &[Self]) -> Value;
    fn from_value(v: &Value) -> PyResult<Vec<Self>>;
}

impl Item for char {
    const CLASS: &'static str = "StringIO";
    const CLOSED: &'static str = "I/O operation on closed file";
    fn newline() -> Self {
        '\n'
    }
    fn to_value(items: &[Self]) -> Value {
        Value::string(items.iter().collect())
    }
    fn from_value(v: &Value) -> PyResult<Vec<Self>> {
        match v.as_str() {
            Some(s) => Ok(s.chars().collect()),
            None => Err(type_error(format!(
                "string argument expected, got '{}'",
                type_name(v)
            ))),
        }
    }
}

impl Item for u8 {
    const CLASS: &'static str = "BytesIO";
    const CLOSED: &'static str = "I/O operation on closed file.";
    fn newline() -> Self {
        b'\n'
    }
    fn to_value(items: &[Self]) -> Value {
        Value::Bytes(Rc::new(items.to_vec()))
    }
    fn from_value(v: &Value) -> PyResult<Vec<Self>> {
        match v {
            Value::Bytes(b) => Ok(b.to_vec()),
            Value::ByteArray(b) => Ok(b.snapshot()),
            _ => Err(type_error(format!(
                "a bytes-like object is required, not '{}'",
                type_name(v)
            ))),
        }
    }
}

fn with_buf<T: Item, R>(v: &Value, f: impl FnOnce(&mut Buf<T>) -> PyResult<R>) -> PyResult<R> {
    with_state::<RefCell<Buf<T>>, _>(v, T::CLASS, |b| {
        let mut b = b.borrow_mut();
        if b.closed {
            return Err(value_error(T::CLOSED));
        }
        f(&mut b)
    })?
}

/// The optional size argument of `read`/`readline`/`readlines` (None or negative: all).
pub(crate) fn size_arg(args: &[Value]) -> PyResult<Option<usize>> {
    match args.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(n)) if *n < 0 => Ok(None),
        Some(Value::Int(n)) => Ok(Some(*n as usize)),
        Some(Value::Bool(b)) => Ok(Some(*b as usize)),
        Some(v) => Err(type_error(format!(
            "argument should be integer or None, not '{}'",
            type_name(v)
        ))),
    }
}

fn new_buf<T: Item>(
    vm: &mut Vm,
    spec: &ClassSpec,
    args: &[Value],
    kw: &[Value],
) -> PyResult<Value> {
    let (pos, kws) = split(args, kw);
    let cls = match pos.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, spec),
    };
    let mut init = pos.get(1).cloned();
    for (k, v) in kws {
        if matches!(k.as_str(), Some("initial_value") | Some("initial_bytes")) {
            init = Some(v);
        }
    }
    let data = match init {
        None | Some(Value::None) => Vec::new(),
        Some(v) => T::from_value(&v)?,
    };
    Ok(new_instance(
        cls,
        RefCell::new(Buf::<T> {
            data,
            pos: 0,
            closed: false,
        }),
    ))
}

fn write<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(v) = args.get(1) else {
        return Err(type_error("write() takes exactly one argument (0 given)"));
    };
    let items = T::from_value(v)?;
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        let n = items.len();
        if b.pos > b.data.len() {
            let p = b.pos;
            b.data.resize(p, T::default());
        }
        let end = b.pos + n;
        if end > b.data.len() {
            b.data.resize(end, T::default());
        }
        let p = b.pos;
        b.data[p..end].copy_from_slice(&items);
        b.pos = end;
        Ok(Value::Int(n as i64))
    })
}

fn writelines<T: Item>(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let Some(it) = args.get(1) else {
        return Err(type_error("writelines() takes exactly one argument"));
    };
    for line in rpvm_object::protocols::iter::collect(vm, it)? {
        write::<T>(vm, &[crate::args::arg(args, 0)?.clone(), line], &[])?;
    }
    Ok(Value::None)
}

fn read<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let size = size_arg(args)?;
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        let start = b.pos.min(b.data.len());
        let end = match size {
            Some(n) => (start + n).min(b.data.len()),
            None => b.data.len(),
        };
        b.pos = end.max(b.pos);
        Ok(T::to_value(&b.data[start..end]))
    })
}

fn read_line<T: Item>(b: &mut Buf<T>, size: Option<usize>) -> Vec<T> {
    let start = b.pos.min(b.data.len());
    let limit = match size {
        Some(n) => (start + n).min(b.data.len()),
        None => b.data.len(),
    };
    let nl = T::newline();
    let mut end = start;
    while end < limit {
        let is_nl = format!("{:?}", b.data[end]) == format!("{nl:?}");
        end += 1;
        if is_nl {
            break;
        }
    }
    b.pos = end.max(b.pos);
    b.data[start..end].to_vec()
}

fn readline<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let size = size_arg(args)?;
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        Ok(T::to_value(&read_line(b, size)))
    })
}

fn readlines<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        let mut out = Vec::new();
        loop {
            let l = read_line(b, None);
            if l.is_empty() {
                break;
            }
            out.push(T::to_value(&l));
        }
        Ok(Value::list(out))
    })
}

fn next<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let line = with_buf::<T, _>(crate::args::arg(args, 0)?, |b| Ok(read_line(b, None)))?;
    if line.is_empty() {
        return Err(stop_iteration(None));
    }
    Ok(T::to_value(&line))
}

fn iter<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |_| Ok(()))?;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn getvalue<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| Ok(T::to_value(&b.data)))
}

fn seek<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let pos = match args.get(1) {
        Some(Value::Int(n)) => *n,
        Some(Value::Bool(b)) => *b as i64,
        Some(v) => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(v)
            )))
        }
        None => return Err(type_error("seek() takes at least 1 argument (0 given)")),
    };
    let whence = match args.get(2) {
        Some(Value::Int(n)) => *n,
        _ => 0,
    };
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        let new = match whence {
            0 => {
                if pos < 0 {
                    return Err(value_error(format!("Negative seek position {pos}")));
                }
                pos
            }
            1 => b.pos as i64 + pos,
            2 => b.data.len() as i64 + pos,
            w => {
                return Err(value_error(format!(
                    "Invalid whence ({w}, should be 0, 1 or 2)"
                )))
            }
        };
        b.pos = new.max(0) as usize;
        Ok(Value::Int(b.pos as i64))
    })
}

fn tell<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| Ok(Value::Int(b.pos as i64)))
}

fn truncate<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let size = match args.get(1) {
        Some(Value::Int(n)) if *n < 0 => {
            return Err(value_error(format!("Negative size value {n}")))
        }
        Some(Value::Int(n)) => Some(*n as usize),
        _ => None,
    };
    with_buf::<T, _>(crate::args::arg(args, 0)?, |b| {
        let n = size.unwrap_or(b.pos);
        if n < b.data.len() {
            b.data.truncate(n);
        }
        Ok(Value::Int(n as i64))
    })
}

fn close<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<RefCell<Buf<T>>, _>(crate::args::arg(args, 0)?, T::CLASS, |b| {
        let mut b = b.borrow_mut();
        b.closed = true;
        b.data = Vec::new();
    })?;
    Ok(Value::None)
}

fn closed<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<RefCell<Buf<T>>, _>(crate::args::arg(args, 0)?, T::CLASS, |b| {
        Value::Bool(b.borrow().closed)
    })
}

fn true_if_open<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |_| Ok(Value::Bool(true)))
}

fn flush<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |_| Ok(Value::None))
}

fn enter<T: Item>(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_buf::<T, _>(crate::args::arg(args, 0)?, |_| Ok(()))?;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn exit<T: Item>(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    close::<T>(vm, crate::args::first(args, 1), &[])?;
    Ok(Value::None)
}

fn stringio_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    new_buf::<char>(vm, &STRINGIO, args, kw)
}

fn bytesio_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    new_buf::<u8>(vm, &BYTESIO, args, kw)
}

macro_rules! methods {
    ($t:ty) => {
        &[
            ("write", write::<$t>),
            ("writelines", writelines::<$t>),
            ("read", read::<$t>),
            ("readline", readline::<$t>),
            ("readlines", readlines::<$t>),
            ("getvalue", getvalue::<$t>),
            ("seek", seek::<$t>),
            ("tell", tell::<$t>),
            ("truncate", truncate::<$t>),
            ("close", close::<$t>),
            ("readable", true_if_open::<$t>),
            ("writable", true_if_open::<$t>),
            ("seekable", true_if_open::<$t>),
            ("flush", flush::<$t>),
            ("__enter__", enter::<$t>),
            ("__exit__", exit::<$t>),
        ]
    };
}

macro_rules! dunders {
    ($t:ty) => {
        &[("__iter__", iter::<$t>), ("__next__", next::<$t>)]
    };
}

const STRINGIO: ClassSpec = ClassSpec {
    name: "StringIO",
    module: "_io",
    base: None,
    new: Some(stringio_new),
    dunders: dunders!(char),
    methods: methods!(char),
    props: &[("closed", closed::<char>)],
};

const BYTESIO: ClassSpec = ClassSpec {
    name: "BytesIO",
    module: "_io",
    base: None,
    new: Some(bytesio_new),
    dunders: dunders!(u8),
    methods: methods!(u8),
    props: &[("closed", closed::<u8>)],
};

/// Creates the `io` module (also registered in `vm.modules`): `StringIO`, `BytesIO` and
/// the `SEEK_*` constants.
pub fn make_io(vm: &mut Vm) -> Value {
    let _: Option<(SBuf, BBuf)> = None;
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("io"));
    d.set_str("StringIO", Value::Type(class_of(vm, &STRINGIO)));
    d.set_str("BytesIO", Value::Type(class_of(vm, &BYTESIO)));
    for (name, cls) in crate::fileio::file_classes(vm) {
        d.set_str(name, cls);
    }
    d.set_str("open", crate::builtin_fn("open", crate::fileio::open));
    // The abstract bases, for code that subclasses them (the file classes do not derive
    // from them).
    let mut iobase = None;
    for (name, base) in [
        ("IOBase", None),
        ("RawIOBase", Some("IOBase")),
        ("BufferedIOBase", Some("IOBase")),
        ("TextIOBase", Some("IOBase")),
    ] {
        let ns = Rc::new(PyDict::new());
        ns.set_str("__module__", Value::str("io"));
        ns.set_str("__qualname__", Value::str(name));
        let bases = match (base, &iobase) {
            (Some(_), Some(b)) => vec![Value::clone(b)],
            _ => vec![],
        };
        if let Ok(cls) = rpvm_object::subclass::new_class(
            vm,
            None,
            &[Value::str(name), Value::tuple(bases), Value::Dict(ns)],
            &[],
        ) {
            if base.is_none() {
                iobase = Some(cls.clone());
            }
            d.set_str(name, cls);
        }
    }
    d.set_str("SEEK_SET", Value::Int(0));
    d.set_str("SEEK_CUR", Value::Int(1));
    d.set_str("SEEK_END", Value::Int(2));
    d.set_str("DEFAULT_BUFFER_SIZE", Value::Int(8192));
    if let Some(os) = rpvm_object::typeobj::builtin_types().exception("OSError") {
        d.set_str("UnsupportedOperation", Value::Type(os));
    }
    let m = Value::Module(Rc::new(PyModule {
        name: "io".to_string(),
        dict: d,
    }));
    vm.modules.set_str("io", m.clone());
    m
}
