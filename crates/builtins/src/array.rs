//! The `array` module: `array.array(typecode[, initializer])` for the typecodes
//! `b B u h H i I l L q Q f d` (x86-64 C sizes; `u` is a 4-byte `wchar_t`), and
//! `array.typecodes`.
//!
//! An array is an instance of a heap class (so `type()`, `isinstance` and subclassing work
//! as for the other native classes) whose `builtin_base` slot holds the items as raw
//! native-endian bytes; items are decoded on access. Conversions raise CPython's
//! messages (`signed char is greater than maximum`, ...).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use num_traits::ToPrimitive;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{
    index_error, overflow_error, type_error, value_error, PyErr, PyException, PyResult,
};
use rpvm_object::module::PyModule;
use rpvm_object::native::{NativeObject, NativeRef};
use rpvm_object::protocols::call::{call_dunder, lookup_special};
use rpvm_object::protocols::compare::{compare_bool, equal, CompareOp};
use rpvm_object::protocols::iter::{get_iter, next};
use rpvm_object::protocols::repr::repr;
use rpvm_object::protocols::subscript::slice_indices;
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::functools::{class_of, state_of, ClassSpec, State};

/// The typecodes, in CPython's order.
pub const TYPECODES: &str = "bBuhHiIlLqQfd";

/// The state of one array: its typecode and items as native-endian bytes.
#[derive(Debug)]
pub(crate) struct ArrayState {
    code: u8,
    data: RefCell<Vec<u8>>,
}

fn itemsize(code: u8) -> usize {
    match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'u' | b'i' | b'I' | b'f' => 4,
        _ => 8,
    }
}

impl ArrayState {
    fn isz(&self) -> usize {
        itemsize(self.code)
    }

    fn len(&self) -> usize {
        self.data.borrow().len() / self.isz()
    }

    fn item(&self, i: usize) -> Option<Value> {
        let n = self.isz();
        let data = self.data.borrow();
        data.get(i * n..i * n + n).map(|b| decode(self.code, b))
    }

    fn items(&self) -> Vec<Value> {
        let n = self.isz();
        self.data
            .borrow()
            .chunks_exact(n)
            .map(|b| decode(self.code, b))
            .collect()
    }
}

/// The item stored in `b` (exactly `itemsize` bytes).
fn decode(code: u8, b: &[u8]) -> Value {
    let mut raw = [0u8; 8];
    raw[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
    let u = u64::from_ne_bytes(raw);
    match code {
        b'b' => Value::Int(b[0] as i8 as i64),
        b'B' => Value::Int(b[0] as i64),
        b'h' => Value::Int(i16::from_ne_bytes([b[0], b[1]]) as i64),
        b'H' => Value::Int(u16::from_ne_bytes([b[0], b[1]]) as i64),
        b'i' => Value::Int(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        b'I' => Value::Int(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        b'f' => Value::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
        b'u' => {
            let c = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
            let ch = char::from_u32(c).unwrap_or('\u{fffd}');
            Value::string(ch.to_string())
        }
        b'd' => Value::Float(f64::from_ne_bytes(raw)),
        b'l' | b'q' => Value::Int(u as i64),
        _ => match i64::try_from(u) {
            Ok(i) => Value::Int(i),
            Err(_) => Value::from_bigint(num_bigint::BigInt::from(u)),
        },
    }
}

/// `PyLong_AsLong`-style integer argument, clamped into `i128`.
fn array_int(vm: &mut Vm, v: &Value) -> PyResult<i128> {
    match v {
        Value::Int(i) => Ok(*i as i128),
        Value::Bool(b) => Ok(*b as i128),
        Value::BigInt(b) => Ok(clamp(b)),
        _ => {
            let b = crate::args::index_bigint(vm, v)?;
            Ok(clamp(&b))
        }
    }
}

fn clamp(b: &num_bigint::BigInt) -> i128 {
    b.to_i128()
        .unwrap_or(if b.sign() == num_bigint::Sign::Minus {
            i128::MIN
        } else {
            i128::MAX
        })
}

/// `PyFloat_AsDouble` with the `d`/`f` converter's TypeError.
fn array_double(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => rpvm_object::protocols::convert::bigint_to_f64(b),
        _ => {
            if lookup_special(v, "__float__").is_some() {
                if let Some(Value::Float(f)) = call_dunder(vm, v, "__float__", &[])? {
                    return Ok(f);
                }
            }
            if lookup_special(v, "__index__").is_some() {
                let b = crate::args::index_bigint(vm, v)?;
                return rpvm_object::protocols::convert::bigint_to_f64(&b);
            }
            if let Some(Value::Float(f)) = crate::args::builtin_base(v) {
                return Ok(f);
            }
            Err(type_error(format!(
                "must be real number, not {}",
                type_name(v)
            )))
        }
    }
}

fn range_check(n: i128, lo: i128, hi: i128, what: &str) -> PyResult<()> {
    if n < lo {
        Err(overflow_error(format!("{what} is less than minimum")))
    } else if n > hi {
        Err(overflow_error(format!("{what} is greater than maximum")))
    } else {
        Ok(())
    }
}

/// Converts `v` to the bits stored for typecode `code` (CPython's `*_setitem` rules).
fn encode(vm: &mut Vm, code: u8, v: &Value) -> PyResult<u64> {
    match code {
        b'd' => return Ok(array_double(vm, v)?.to_bits()),
        b'f' => return Ok((array_double(vm, v)? as f32).to_bits() as u64),
        b'u' => {
            if let Value::Str(s) = v {
                let mut chars = s.as_str().chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    return Ok(c as u64);
                }
            }
            return Err(type_error("array item must be unicode character"));
        }
        _ => {}
    }
    let n = array_int(vm, v)?;
    let long = (i64::MIN as i128)..=(i64::MAX as i128);
    let c_long = || overflow_error("Python int too large to convert to C long");
    match code {
        b'b' | b'B' | b'h' | b'H' | b'i' | b'l' if !long.contains(&n) => return Err(c_long()),
        b'b' => {
            range_check(
                n,
                i16::MIN as i128,
                i16::MAX as i128,
                "signed short integer",
            )?;
            range_check(n, -128, 127, "signed char")?;
        }
        b'B' => range_check(n, 0, 255, "unsigned byte integer")?,
        b'h' => range_check(
            n,
            i16::MIN as i128,
            i16::MAX as i128,
            "signed short integer",
        )?,
        b'H' => {
            range_check(n, i32::MIN as i128, i32::MAX as i128, "signed integer")?;
            range_check(n, 0, 65535, "unsigned short")?;
        }
        b'i' => range_check(n, i32::MIN as i128, i32::MAX as i128, "signed integer")?,
        b'I' | b'L' => {
            if n < 0 {
                return Err(overflow_error(
                    "can't convert negative value to unsigned int",
                ));
            }
            if n > u64::MAX as i128 {
                return Err(overflow_error(
                    "Python int too large to convert to C unsigned long",
                ));
            }
            if code == b'I' && n > u32::MAX as i128 {
                return Err(overflow_error("unsigned int is greater than maximum"));
            }
        }
        b'q' if !long.contains(&n) => return Err(overflow_error("int too big to convert")),
        b'Q' => {
            if n < 0 {
                return Err(overflow_error("can't convert negative int to unsigned"));
            }
            if n > u64::MAX as i128 {
                return Err(overflow_error("int too big to convert"));
            }
        }
        _ => {}
    }
    Ok(n as u64)
}

fn bits_bytes(code: u8, bits: u64) -> [u8; 8] {
    let mut out = [0u8; 8];
    let n = itemsize(code);
    match n {
        1 => out[0] = bits as u8,
        2 => out[..2].copy_from_slice(&(bits as u16).to_ne_bytes()),
        4 => out[..4].copy_from_slice(&(bits as u32).to_ne_bytes()),
        _ => out = bits.to_ne_bytes(),
    }
    out
}

fn encode_bytes(vm: &mut Vm, code: u8, v: &Value) -> PyResult<[u8; 8]> {
    Ok(bits_bytes(code, encode(vm, code, v)?))
}

// ---- class plumbing ----

const ARRAY: ClassSpec = ClassSpec {
    name: "array",
    module: "array",
    base: None,
    new: Some(array_new),
    dunders: &[
        ("__len__", ar_len),
        ("__getitem__", ar_getitem),
        ("__setitem__", ar_setitem),
        ("__delitem__", ar_delitem),
        ("__iter__", ar_iter),
        ("__contains__", ar_contains),
        ("__add__", ar_add),
        ("__iadd__", ar_iadd),
        ("__mul__", ar_mul),
        ("__rmul__", ar_mul),
        ("__imul__", ar_imul),
        ("__eq__", ar_eq),
        ("__ne__", ar_ne),
        ("__lt__", ar_lt),
        ("__le__", ar_le),
        ("__gt__", ar_gt),
        ("__ge__", ar_ge),
        ("__repr__", ar_repr),
        ("__hash__", ar_hash),
    ],
    methods: &[
        ("__copy__", ar_copy),
        ("__deepcopy__", ar_copy),
        ("append", ar_append),
        ("extend", ar_extend),
        ("insert", ar_insert),
        ("pop", ar_pop),
        ("remove", ar_remove),
        ("index", ar_index),
        ("count", ar_count),
        ("reverse", ar_reverse),
        ("tolist", ar_tolist),
        ("tobytes", ar_tobytes),
        ("frombytes", ar_frombytes),
        ("fromlist", ar_fromlist),
        ("fromunicode", ar_fromunicode),
        ("tounicode", ar_tounicode),
        ("byteswap", ar_byteswap),
        ("buffer_info", ar_buffer_info),
    ],
    props: &[("itemsize", ar_itemsize), ("typecode", ar_typecode)],
};

type Handle = NativeRef;

fn handle(v: &Value) -> Option<Handle> {
    state_of::<ArrayState>(v)
}

fn st(h: &Handle) -> &ArrayState {
    match h.as_any().downcast_ref::<State<ArrayState>>() {
        Some(s) => &s.0,
        None => unreachable_state(),
    }
}

/// `state_of` only returns handles holding an `ArrayState`, so this is never reached; it
/// exists so that no `unwrap` is needed.
fn unreachable_state() -> &'static ArrayState {
    thread_local! {
        static EMPTY: &'static ArrayState = Box::leak(Box::new(ArrayState {
            code: b'b',
            data: RefCell::new(Vec::new()),
        }));
    }
    EMPTY.with(|e| *e)
}

fn this(args: &[Value]) -> PyResult<Handle> {
    args.first()
        .and_then(handle)
        .ok_or_else(|| type_error("descriptor requires a 'array.array' object"))
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::None)
}

fn exactly_one(name: &str, args: &[Value]) -> PyResult<Value> {
    if args.len() != 2 {
        return Err(type_error(format!(
            "array.{name}() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    Ok(crate::args::arg(args, 1)?.clone())
}

fn new_array(vm: &mut Vm, cls: Option<Rc<PyType>>, code: u8, data: Vec<u8>) -> Value {
    let cls = cls.unwrap_or_else(|| class_of(vm, &ARRAY));
    Value::Instance(rpvm_object::instance::PyInstance::new(
        cls,
        Some(Value::Native(NativeRef::new(State(ArrayState {
            code,
            data: RefCell::new(data),
        })))),
    ))
}

/// The raw bytes of an array (for `struct` and other buffer users).
pub fn array_bytes(v: &Value) -> Option<Vec<u8>> {
    handle(v).map(|h| st(&h).data.borrow().clone())
}

/// The size in bytes of an array.
pub fn array_nbytes(v: &Value) -> Option<usize> {
    handle(v).map(|h| st(&h).data.borrow().len())
}

/// Overwrites bytes `at..at + data.len()` of an array (ignored when out of range).
pub fn array_write(v: &Value, at: usize, data: &[u8]) {
    if let Some(h) = handle(v) {
        let mut buf = st(&h).data.borrow_mut();
        if let Some(dst) = buf.get_mut(at..at + data.len()) {
            dst.copy_from_slice(data);
        }
    }
}

fn memory_error() -> PyErr {
    PyException::with_message("MemoryError", "")
}

// ---- construction ----

fn array_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let cls = match args.first() {
        Some(Value::Type(t)) => Some(t.clone()),
        _ => None,
    };
    let rest = args.get(1..).unwrap_or(&[]);
    if !kw.is_empty() {
        return Err(type_error("array.array() takes no keyword arguments"));
    }
    if rest.is_empty() || rest.len() > 2 {
        let (least, n) = if rest.is_empty() {
            ("least", 1)
        } else {
            ("most", 2)
        };
        return Err(type_error(format!(
            "array() takes at {least} {n} argument{} ({} given)",
            if n == 1 { "" } else { "s" },
            rest.len()
        )));
    }
    let code = match &rest[0] {
        Value::Str(s) if s.as_str().chars().count() == 1 => {
            s.as_str().chars().next().unwrap_or(' ')
        }
        other => {
            return Err(type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                type_name(other)
            )))
        }
    };
    if !code.is_ascii() || !TYPECODES.contains(code) {
        return Err(value_error(
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    let code = code as u8;
    let init = rest.get(1).cloned();
    let data = match &init {
        None => Vec::new(),
        Some(Value::Str(s)) => {
            if code != b'u' {
                return Err(type_error(format!(
                    "cannot use a str to initialize an array with typecode '{}'",
                    code as char
                )));
            }
            unicode_bytes(s.as_str())
        }
        Some(Value::Bytes(_)) | Some(Value::ByteArray(_)) => {
            let raw = crate::struct_mod::readable_bytes(init.as_ref().unwrap_or(&Value::None))
                .unwrap_or_default();
            if !raw.len().is_multiple_of(itemsize(code)) {
                return Err(value_error("bytes length not a multiple of item size"));
            }
            raw
        }
        Some(Value::List(_)) | Some(Value::Tuple(_)) => {
            let items = match init.as_ref() {
                Some(Value::List(l)) => l.snapshot(),
                Some(Value::Tuple(t)) => t.as_slice().to_vec(),
                _ => Vec::new(),
            };
            encode_all(vm, code, &items)?
        }
        Some(other) => match handle(other) {
            Some(h) if st(&h).code == code => st(&h).data.borrow().clone(),
            Some(h) if st(&h).code == b'u' => {
                return Err(type_error(format!(
                    "cannot use a unicode array to initialize an array with typecode '{}'",
                    code as char
                )))
            }
            _ => {
                let it = get_iter(vm, other)?;
                let mut out = Vec::new();
                while let Some(v) = next(vm, &it)? {
                    out.extend_from_slice(&encode_bytes(vm, code, &v)?[..itemsize(code)]);
                }
                out
            }
        },
    };
    Ok(new_array(vm, cls, code, data))
}

fn unicode_bytes(s: &str) -> Vec<u8> {
    s.chars().flat_map(|c| (c as u32).to_ne_bytes()).collect()
}

fn encode_all(vm: &mut Vm, code: u8, items: &[Value]) -> PyResult<Vec<u8>> {
    let n = itemsize(code);
    let mut out = Vec::with_capacity(items.len() * n);
    for v in items {
        out.extend_from_slice(&encode_bytes(vm, code, v)?[..n]);
    }
    Ok(out)
}

// ---- item access ----

enum Key {
    Index(i64),
    Slice(Rc<rpvm_object::misc::PySlice>),
}

fn key_of(vm: &mut Vm, key: &Value) -> PyResult<Key> {
    match key {
        Value::Int(i) => Ok(Key::Index(*i)),
        Value::Bool(b) => Ok(Key::Index(*b as i64)),
        Value::Slice(s) => Ok(Key::Slice(s.clone())),
        Value::BigInt(_) => Err(index_error("cannot fit 'int' into an index-sized integer")),
        _ if lookup_special(key, "__index__").is_some() => {
            let b = crate::args::index_bigint(vm, key)?;
            b.to_i64()
                .map(Key::Index)
                .ok_or_else(|| index_error("cannot fit 'int' into an index-sized integer"))
        }
        _ => Err(type_error("array indices must be integers")),
    }
}

fn resolve(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    (j >= 0 && (j as usize) < len).then_some(j as usize)
}

/// The item positions a slice selects.
fn slice_positions(s: &rpvm_object::misc::PySlice, len: usize) -> PyResult<(i64, i64, usize)> {
    let (start, _stop, step, count) = slice_indices(s, len)?;
    Ok((start, step, count))
}

fn ar_getitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let key = match args.get(1) {
        Some(Value::Int(i)) => Key::Index(*i),
        Some(k) => key_of(vm, k)?,
        None => return Err(type_error("array indices must be integers")),
    };
    match key {
        Key::Index(i) => {
            let len = a.len();
            match resolve(i, len).and_then(|j| a.item(j)) {
                Some(v) => Ok(v),
                None => Err(index_error("array index out of range")),
            }
        }
        Key::Slice(s) => {
            let (start, step, count) = slice_positions(&s, a.len())?;
            let n = a.isz();
            let data = a.data.borrow();
            let mut out = Vec::with_capacity(count * n);
            for k in 0..count {
                let p = (start + step * k as i64) as usize * n;
                if let Some(b) = data.get(p..p + n) {
                    out.extend_from_slice(b);
                }
            }
            drop(data);
            Ok(new_array(vm, None, a.code, out))
        }
    }
}

fn ar_setitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let key = match args.get(1) {
        Some(Value::Int(i)) => Key::Index(*i),
        Some(k) => key_of(vm, k)?,
        None => return Err(type_error("array indices must be integers")),
    };
    let value = arg(args, 2);
    match key {
        Key::Index(i) => {
            let n = a.isz();
            let len = a.len();
            let Some(j) = resolve(i, len) else {
                return Err(index_error("array assignment index out of range"));
            };
            let bytes = encode_bytes(vm, a.code, &value)?;
            let mut data = a.data.borrow_mut();
            if let Some(dst) = data.get_mut(j * n..j * n + n) {
                dst.copy_from_slice(&bytes[..n]);
            }
            Ok(Value::None)
        }
        Key::Slice(s) => {
            let Some(other) = handle(&value) else {
                return Err(type_error(format!(
                    "can only assign array (not \"{}\") to array slice",
                    type_name(&value)
                )));
            };
            let o = st(&other);
            if o.code != a.code {
                return Err(type_error("bad argument type for built-in operation"));
            }
            let src = o.data.borrow().clone();
            let n = a.isz();
            let len = a.len();
            let (start, stop, step, count) = slice_indices(&s, len)?;
            if step == 1 {
                let lo = start as usize * n;
                let hi = (stop.max(start) as usize) * n;
                a.data.borrow_mut().splice(lo..hi, src);
                return Ok(Value::None);
            }
            let m = src.len() / n;
            if m != count {
                return Err(value_error(format!(
                    "attempt to assign array of size {m} to extended slice of size {count}"
                )));
            }
            let mut data = a.data.borrow_mut();
            for k in 0..count {
                let p = (start + step * k as i64) as usize * n;
                if let (Some(dst), Some(b)) = (data.get_mut(p..p + n), src.get(k * n..k * n + n)) {
                    dst.copy_from_slice(b);
                }
            }
            Ok(Value::None)
        }
    }
}

fn delete_positions(a: &ArrayState, mut positions: Vec<usize>) {
    positions.sort_unstable();
    let n = a.isz();
    let mut data = a.data.borrow_mut();
    let old = std::mem::take(&mut *data);
    let mut skip = positions.into_iter().peekable();
    for (i, chunk) in old.chunks_exact(n).enumerate() {
        if skip.peek() == Some(&i) {
            skip.next();
            continue;
        }
        data.extend_from_slice(chunk);
    }
}

fn ar_delitem(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let key = key_of(vm, &arg(args, 1))?;
    let len = a.len();
    match key {
        Key::Index(i) => {
            let Some(j) = resolve(i, len) else {
                return Err(index_error("array assignment index out of range"));
            };
            let n = a.isz();
            a.data.borrow_mut().drain(j * n..j * n + n);
        }
        Key::Slice(s) => {
            let (start, step, count) = slice_positions(&s, len)?;
            let positions = (0..count)
                .map(|k| (start + step * k as i64) as usize)
                .collect();
            delete_positions(a, positions);
        }
    }
    Ok(Value::None)
}

fn ar_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(st(&this(args)?).len() as i64))
}

/// The iterator over an array (reads the array live, like CPython's `arrayiterator`).
#[derive(Debug)]
struct ArrayIter {
    array: Handle,
    index: Cell<usize>,
}

impl NativeObject for ArrayIter {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("arrayiterator")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok((name == "__iter__").then(|| {
            Value::Builtin(Rc::new(rpvm_object::function::BuiltinFunction {
                name: "__iter__",
                func: iter_self,
                bound_self: Some(self_value.clone()),
                owner: None,
            }))
        }))
    }

    fn next(&self, _vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        let i = self.index.get();
        let item = st(&self.array).item(i);
        if item.is_some() {
            self.index.set(i + 1);
        } else {
            self.index.set(usize::MAX / 2);
        }
        Some(Ok(item))
    }
}

fn iter_self(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(arg(args, 0))
}

fn ar_iter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Native(NativeRef::new(ArrayIter {
        array: this(args)?,
        index: Cell::new(0),
    })))
}

fn find(
    vm: &mut Vm,
    items: &[Value],
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    for (i, v) in items.iter().enumerate().take(stop).skip(start) {
        if equal(vm, v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn ar_contains(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let items = st(&this(args)?).items();
    let n = items.len();
    Ok(Value::Bool(
        find(vm, &items, &arg(args, 1), 0, n)?.is_some(),
    ))
}

// ---- operators ----

fn ar_add(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let other = arg(args, 1);
    let Some(oh) = handle(&other) else {
        if matches!(other, Value::Instance(_)) {
            return Ok(Value::NotImplemented);
        }
        return Err(type_error(format!(
            "can only append array (not \"{}\") to array",
            type_name(&other)
        )));
    };
    let o = st(&oh);
    if o.code != a.code {
        return Err(type_error("bad argument type for built-in operation"));
    }
    let mut data = a.data.borrow().clone();
    data.extend_from_slice(&o.data.borrow());
    Ok(new_array(vm, None, a.code, data))
}

fn ar_iadd(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let other = arg(args, 1);
    let Some(oh) = handle(&other) else {
        return Err(type_error(format!(
            "can only extend array with array (not \"{}\")",
            type_name(&other)
        )));
    };
    extend_with_array(st(&h), st(&oh))?;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn extend_with_array(a: &ArrayState, o: &ArrayState) -> PyResult<()> {
    if o.code != a.code {
        return Err(type_error("can only extend with array of same kind"));
    }
    let src = o.data.borrow().clone();
    a.data.borrow_mut().extend_from_slice(&src);
    Ok(())
}

/// The repeat count of `a * n`; `None` if `n` is not an index (NotImplemented).
fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<i64>> {
    match n {
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::BigInt(_) => Err(overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
        Value::Instance(_) if lookup_special(n, "__index__").is_none() => Ok(None),
        Value::Instance(_) => {
            let b = crate::args::index_bigint(vm, n)?;
            b.to_i64()
                .map(Some)
                .ok_or_else(|| overflow_error("cannot fit 'int' into an index-sized integer"))
        }
        _ => Err(type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            type_name(n)
        ))),
    }
}

fn repeated(data: &[u8], times: i64) -> PyResult<Vec<u8>> {
    let times = times.max(0) as usize;
    let total = data
        .len()
        .checked_mul(times)
        .filter(|t| *t <= isize::MAX as usize / 2)
        .ok_or_else(memory_error)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..times {
        out.extend_from_slice(data);
    }
    Ok(out)
}

fn ar_mul(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let Some(times) = repeat_count(vm, &arg(args, 1))? else {
        return Ok(Value::NotImplemented);
    };
    let data = repeated(&a.data.borrow(), times)?;
    Ok(new_array(vm, None, a.code, data))
}

fn ar_imul(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let Some(times) = repeat_count(vm, &arg(args, 1))? else {
        return Ok(Value::NotImplemented);
    };
    let data = repeated(&a.data.borrow(), times)?;
    *a.data.borrow_mut() = data;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn compare(vm: &mut Vm, args: &[Value], op: CompareOp, sym: &str) -> PyResult<Value> {
    let h = this(args)?;
    let other = arg(args, 1);
    let Some(oh) = handle(&other) else {
        if matches!(op, CompareOp::Eq | CompareOp::Ne) || matches!(other, Value::Instance(_)) {
            return Ok(Value::NotImplemented);
        }
        return Err(type_error(format!(
            "'{sym}' not supported between instances of 'array.array' and '{}'",
            type_name(&other)
        )));
    };
    let (a, o) = (st(&h), st(&oh));
    let (la, lo) = (a.len(), o.len());
    if la != lo && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Value::Bool(op == CompareOp::Ne));
    }
    if a.code == o.code
        && !matches!(a.code, b'f' | b'd')
        && matches!(op, CompareOp::Eq | CompareOp::Ne)
    {
        let same = *a.data.borrow() == *o.data.borrow();
        return Ok(Value::Bool(same == (op == CompareOp::Eq)));
    }
    let (xs, ys) = (a.items(), o.items());
    for (x, y) in xs.iter().zip(ys.iter()) {
        if !equal(vm, x, y)? {
            return Ok(Value::Bool(match op {
                CompareOp::Eq => false,
                CompareOp::Ne => true,
                _ => compare_bool(vm, x, y, op)?,
            }));
        }
    }
    Ok(Value::Bool(match op {
        CompareOp::Eq => la == lo,
        CompareOp::Ne => la != lo,
        CompareOp::Lt => la < lo,
        CompareOp::Le => la <= lo,
        CompareOp::Gt => la > lo,
        CompareOp::Ge => la >= lo,
    }))
}

fn ar_eq(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Eq, "==")
}
fn ar_ne(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Ne, "!=")
}
fn ar_lt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Lt, "<")
}
fn ar_le(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Le, "<=")
}
fn ar_gt(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Gt, ">")
}
fn ar_ge(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    compare(vm, args, CompareOp::Ge, ">=")
}

fn ar_repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let name = type_name(crate::args::arg(args, 0)?);
    let code = a.code as char;
    if a.len() == 0 {
        return Ok(Value::string(format!("{name}('{code}')")));
    }
    let body = if a.code == b'u' {
        repr(vm, &Value::string(unicode_string(a)))?
    } else {
        repr(vm, &Value::list(a.items()))?
    };
    Ok(Value::string(format!("{name}('{code}', {body})")))
}

fn ar_hash(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(type_error("unhashable type: 'array.array'"))
}

fn ar_copy(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let data = a.data.borrow().clone();
    Ok(new_array(
        vm,
        Some(type_of(crate::args::arg(args, 0)?)),
        a.code,
        data,
    ))
}

// ---- methods ----

fn ar_append(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let v = exactly_one("append", args)?;
    let b = encode_bytes(vm, a.code, &v)?;
    a.data.borrow_mut().extend_from_slice(&b[..a.isz()]);
    Ok(Value::None)
}

fn ar_extend(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let src = exactly_one("extend", args)?;
    if let Some(oh) = handle(&src) {
        extend_with_array(a, st(&oh))?;
        return Ok(Value::None);
    }
    let it = get_iter(vm, &src)?;
    while let Some(v) = next(vm, &it)? {
        let b = encode_bytes(vm, a.code, &v)?;
        a.data.borrow_mut().extend_from_slice(&b[..a.isz()]);
    }
    Ok(Value::None)
}

fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => crate::args::index_clamped(vm, v),
    }
}

fn ar_insert(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    if args.len() != 3 {
        return Err(type_error(format!(
            "insert expected 2 arguments, got {}",
            args.len().saturating_sub(1)
        )));
    }
    let i = index_arg(vm, crate::args::arg(args, 1)?)?;
    let b = encode_bytes(vm, a.code, crate::args::arg(args, 2)?)?;
    let n = a.isz();
    let len = a.len() as i64;
    let pos = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    a.data
        .borrow_mut()
        .splice(pos * n..pos * n, b[..n].iter().copied());
    Ok(Value::None)
}

fn ar_pop(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let i = match args.get(1) {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let len = a.len();
    if len == 0 {
        return Err(index_error("pop from empty array"));
    }
    let Some(j) = resolve(i, len) else {
        return Err(index_error("pop index out of range"));
    };
    let v = a.item(j).unwrap_or(Value::None);
    let n = a.isz();
    a.data.borrow_mut().drain(j * n..j * n + n);
    Ok(v)
}

fn ar_remove(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let x = exactly_one("remove", args)?;
    let items = a.items();
    match find(vm, &items, &x, 0, items.len())? {
        Some(j) => {
            let n = a.isz();
            let mut data = a.data.borrow_mut();
            if j * n + n <= data.len() {
                data.drain(j * n..j * n + n);
            }
            Ok(Value::None)
        }
        None => Err(value_error("array.remove(x): x not in array")),
    }
}

fn ar_index(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    if args.len() < 2 || args.len() > 4 {
        return Err(type_error(format!(
            "index expected at least 1 argument, got {}",
            args.len().saturating_sub(1)
        )));
    }
    let items = a.items();
    let len = items.len() as i64;
    let bound = |vm: &mut Vm, v: Option<&Value>, dflt: i64| -> PyResult<usize> {
        let i = match v {
            None => dflt,
            Some(Value::Int(i)) => *i,
            Some(v)
                if lookup_special(v, "__index__").is_some()
                    || matches!(v, Value::Bool(_) | Value::BigInt(_)) =>
            {
                index_arg(vm, v)?
            }
            Some(_) => {
                return Err(type_error(
                    "slice indices must be integers or have an __index__ method",
                ))
            }
        };
        let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
        Ok(i as usize)
    };
    let start = bound(vm, args.get(2), 0)?;
    let stop = bound(vm, args.get(3), len)?;
    match find(vm, &items, crate::args::arg(args, 1)?, start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(value_error("array.index(x): x not in array")),
    }
}

fn ar_count(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let x = exactly_one("count", args)?;
    let mut n = 0;
    for v in st(&h).items() {
        if equal(vm, &v, &x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn ar_reverse(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let n = a.isz();
    let mut data = a.data.borrow_mut();
    let reversed: Vec<u8> = data.chunks_exact(n).rev().flatten().copied().collect();
    *data = reversed;
    Ok(Value::None)
}

fn no_args(name: &str, args: &[Value]) -> PyResult<()> {
    if args.len() > 1 {
        return Err(type_error(format!(
            "array.{name}() takes no arguments ({} given)",
            args.len() - 1
        )));
    }
    Ok(())
}

fn ar_tolist(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    no_args("tolist", args)?;
    Ok(Value::list(st(&this(args)?).items()))
}

fn ar_tobytes(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    no_args("tobytes", args)?;
    let h = this(args)?;
    let data = st(&h).data.borrow().clone();
    Ok(Value::Bytes(data.into()))
}

fn ar_frombytes(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let src = exactly_one("frombytes", args)?;
    let raw = crate::struct_mod::readable_bytes(&src).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(&src)
        ))
    })?;
    if !raw.len().is_multiple_of(a.isz()) {
        return Err(value_error("bytes length not a multiple of item size"));
    }
    a.data.borrow_mut().extend_from_slice(&raw);
    Ok(Value::None)
}

fn ar_fromlist(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let Value::List(l) = exactly_one("fromlist", args)? else {
        return Err(type_error("arg must be list"));
    };
    let bytes = encode_all(vm, a.code, &l.snapshot())?;
    a.data.borrow_mut().extend_from_slice(&bytes);
    Ok(Value::None)
}

fn unicode_string(a: &ArrayState) -> String {
    a.data
        .borrow()
        .chunks_exact(4)
        .map(|b| char::from_u32(u32::from_ne_bytes([b[0], b[1], b[2], b[3]])).unwrap_or('\u{fffd}'))
        .collect()
}

fn ar_fromunicode(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let h = this(args)?;
    let a = st(&h);
    let src = exactly_one("fromunicode", args)?;
    let Value::Str(s) = &src else {
        return Err(type_error(format!(
            "fromunicode() argument must be str, not {}",
            type_name(&src)
        )));
    };
    if a.code != b'u' {
        return Err(value_error(
            "fromunicode() may only be called on unicode type arrays",
        ));
    }
    a.data.borrow_mut().extend(unicode_bytes(s.as_str()));
    Ok(Value::None)
}

fn ar_tounicode(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    no_args("tounicode", args)?;
    let h = this(args)?;
    let a = st(&h);
    if a.code != b'u' {
        return Err(value_error(
            "tounicode() may only be called on unicode type arrays",
        ));
    }
    Ok(Value::string(unicode_string(a)))
}

fn ar_byteswap(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    no_args("byteswap", args)?;
    let h = this(args)?;
    let a = st(&h);
    let n = a.isz();
    for chunk in a.data.borrow_mut().chunks_exact_mut(n) {
        chunk.reverse();
    }
    Ok(Value::None)
}

fn ar_buffer_info(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    no_args("buffer_info", args)?;
    let h = this(args)?;
    let a = st(&h);
    let addr = a.data.borrow().as_ptr() as usize as i64;
    Ok(Value::tuple(vec![
        Value::Int(addr),
        Value::Int(a.len() as i64),
    ]))
}

fn ar_itemsize(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(st(&this(args)?).isz() as i64))
}

fn ar_typecode(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let code = st(&this(args)?).code as char;
    Ok(Value::string(code.to_string()))
}

/// Creates the `array` module (also registered in `vm.modules`).
pub fn make_array(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("array"));
    let cls = class_of(vm, &ARRAY);
    d.set_str("array", Value::Type(cls.clone()));
    d.set_str("ArrayType", Value::Type(cls));
    d.set_str("typecodes", Value::str(TYPECODES));
    let m = Value::Module(Rc::new(PyModule {
        name: "array".to_string(),
        dict: d,
    }));
    vm.modules.set_str("array", m.clone());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_roundtrip() {
        let mut vm = Vm::new();
        for (code, v) in [
            (b'b', Value::Int(-5)),
            (b'B', Value::Int(200)),
            (b'h', Value::Int(-30000)),
            (b'H', Value::Int(60000)),
            (b'i', Value::Int(-7)),
            (b'I', Value::Int(4_000_000_000)),
            (b'l', Value::Int(i64::MIN)),
            (b'q', Value::Int(-1)),
            (b'd', Value::Float(1.5)),
            (b'f', Value::Float(0.25)),
        ] {
            let b = encode_bytes(&mut vm, code, &v).ok().unwrap_or_default();
            let back = decode(code, &b[..itemsize(code)]);
            assert_eq!(format!("{back:?}"), format!("{v:?}"), "{}", code as char);
        }
    }

    #[test]
    fn overflow_messages() {
        let mut vm = Vm::new();
        let msg = |vm: &mut Vm, code: u8, n: i64| match encode(vm, code, &Value::Int(n)) {
            Ok(_) => String::new(),
            Err(e) => e
                .args()
                .first()
                .and_then(|a| a.as_str().map(str::to_string))
                .unwrap_or_default(),
        };
        assert_eq!(
            msg(&mut vm, b'b', 128),
            "signed char is greater than maximum"
        );
        assert_eq!(
            msg(&mut vm, b'b', 40000),
            "signed short integer is greater than maximum"
        );
        assert_eq!(
            msg(&mut vm, b'B', -1),
            "unsigned byte integer is less than minimum"
        );
        assert_eq!(
            msg(&mut vm, b'H', 70000),
            "unsigned short is greater than maximum"
        );
        assert_eq!(
            msg(&mut vm, b'I', -1),
            "can't convert negative value to unsigned int"
        );
        assert_eq!(
            msg(&mut vm, b'Q', -1),
            "can't convert negative int to unsigned"
        );
        assert_eq!(msg(&mut vm, b'q', 5), "");
    }
}
