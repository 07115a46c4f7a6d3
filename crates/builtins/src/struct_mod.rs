//! The `struct` module (CPython's `_struct`): `pack`, `unpack`, `calcsize`, `iter_unpack`,
//! `pack_into`, `unpack_from`, the `Struct` class and `struct.error`.
//!
//! A format is parsed once into a [`Layout`] (cached per thread, like CPython's cache) and
//! values are packed with CPython's three tables: native (`@`, sizes and alignment of the
//! x86-64 C ABI), little-endian standard (`<`, `=`) and big-endian standard (`>`, `!`). On a
//! little-endian host CPython swaps the native packers into the little-endian table where
//! the sizes agree, which is why `<h` and `>h` report different range errors; that is kept.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{overflow_error, type_error, PyErr, PyException, PyResult};
use rpvm_object::function::BuiltinFunction;
use rpvm_object::module::PyModule;
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::call::{call_dunder, lookup_special};
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{builtin_types, PyType};
use rpvm_object::{Value, Vm};

use crate::args::{index_clamped, npos, parse};
use crate::builtin_fn;
use crate::functools::{class_of, new_instance, with_state, ClassSpec};

thread_local! {
    static ERROR: RefCell<Option<Rc<PyType>>> = const { RefCell::new(None) };
    static CACHE: RefCell<HashMap<String, Rc<Layout>>> = RefCell::new(HashMap::new());
}

const HOST_LITTLE: bool = cfg!(target_endian = "little");

/// `struct.error(msg)`.
fn error(msg: impl Into<String>) -> PyErr {
    let class = ERROR.with(|e| e.borrow().clone());
    match class {
        Some(c) => PyException::new(c, vec![Value::string(msg.into())]),
        None => PyException::with_message("Exception", msg),
    }
}

/// The byte order / size table a format selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// `@`: native sizes and alignment.
    Native,
    /// `<` (and `=` on a little-endian host): standard sizes, little-endian.
    Little,
    /// `>` and `!` (and `=` on a big-endian host): standard sizes, big-endian.
    Big,
}

/// One format code with its repeat count resolved.
#[derive(Debug, Clone)]
struct Code {
    ch: u8,
    /// Byte offset of the first item.
    offset: usize,
    /// Size of one item (for `s`/`p`: of the whole string).
    size: usize,
    /// Number of items (1 for `s`/`p`).
    count: usize,
}

/// A parsed format.
#[derive(Debug)]
pub(crate) struct Layout {
    format: String,
    order: Order,
    codes: Vec<Code>,
    size: usize,
    nitems: usize,
}

/// (size, alignment) of `ch` in the table of `order`; `None` for a bad char.
fn entry(order: Order, ch: u8) -> Option<(usize, usize)> {
    let native = order == Order::Native;
    Some(match ch {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => (1, 1),
        b'h' | b'H' | b'e' => (2, 2),
        b'i' | b'I' | b'f' => (4, 4),
        b'l' | b'L' if native => (8, 8),
        b'l' | b'L' => (4, 4),
        b'q' | b'Q' | b'd' => (8, 8),
        b'n' | b'N' | b'P' if native => (8, 8),
        _ => return None,
    })
}

/// Parses a format string (CPython's `prepare_s`); the error is `struct.error`'s message.
pub(crate) fn parse_format(fmt: &str) -> Result<Layout, String> {
    let bytes = fmt.as_bytes();
    let (order, mut i) = match bytes.first() {
        Some(b'@') => (Order::Native, 1),
        Some(b'<') => (Order::Little, 1),
        Some(b'>') | Some(b'!') => (Order::Big, 1),
        Some(b'=') if HOST_LITTLE => (Order::Little, 1),
        Some(b'=') => (Order::Big, 1),
        _ => (Order::Native, 0),
    };
    let too_long = || "total struct size too long".to_string();
    let mut codes = Vec::new();
    let mut size: usize = 0;
    let mut nitems: usize = 0;
    let max = isize::MAX as usize;
    while i < bytes.len() {
        let mut c = bytes[i];
        i += 1;
        if c.is_ascii_whitespace() {
            continue;
        }
        let num = if c.is_ascii_digit() {
            let mut num = (c - b'0') as usize;
            loop {
                match bytes.get(i) {
                    Some(d) if d.is_ascii_digit() => {
                        num = num
                            .checked_mul(10)
                            .and_then(|n| n.checked_add((d - b'0') as usize))
                            .filter(|n| *n <= max)
                            .ok_or_else(too_long)?;
                        i += 1;
                    }
                    Some(d) => {
                        c = *d;
                        i += 1;
                        break;
                    }
                    None => return Err("repeat count given without format specifier".into()),
                }
            }
            num
        } else {
            1
        };
        let (isz, align) = entry(order, c).ok_or("bad char in struct format")?;
        if order == Order::Native && size > 0 {
            let extra = (align - 1) - (size - 1) % align;
            size = size.checked_add(extra).ok_or_else(too_long)?;
        }
        match c {
            b's' | b'p' => {
                codes.push(Code {
                    ch: c,
                    offset: size,
                    size: num,
                    count: 1,
                });
                nitems += 1;
            }
            b'x' => {}
            _ => {
                if num > 0 {
                    codes.push(Code {
                        ch: c,
                        offset: size,
                        size: isz,
                        count: num,
                    });
                }
                nitems = nitems.checked_add(num).ok_or_else(too_long)?;
            }
        }
        if num > (max - size) / isz {
            return Err(too_long());
        }
        size += num * isz;
    }
    Ok(Layout {
        format: fmt.to_string(),
        order,
        codes,
        size,
        nitems,
    })
}

/// The layout of a format argument (str or bytes), through the per-thread cache.
fn layout_of(fmt: &Value) -> PyResult<Rc<Layout>> {
    let text = match fmt {
        Value::Str(s) => s.as_str().to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        other => {
            if let Some(Value::Str(s)) = crate::args::builtin_base(other) {
                s.as_str().to_string()
            } else {
                return Err(type_error(format!(
                    "Struct() argument 1 must be a str or bytes object, not {}",
                    type_name(other)
                )));
            }
        }
    };
    if let Some(l) = CACHE.with(|c| c.borrow().get(&text).cloned()) {
        return Ok(l);
    }
    if let Some(pos) = text.chars().position(|ch| !ch.is_ascii()) {
        let ch = text.chars().nth(pos).unwrap_or(' ');
        return Err(PyException::with_message(
            "UnicodeEncodeError",
            format!(
                "'ascii' codec can't encode character '\\x{:x}' in position {pos}: ordinal not in range(128)",
                ch as u32
            ),
        ));
    }
    let layout = Rc::new(parse_format(&text).map_err(error)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 256 {
            c.clear();
        }
        c.insert(text, layout.clone());
    });
    Ok(layout)
}

// ---- integers ----

/// `get_pylong`: an int (or `__index__` result) clamped into `i128` (values beyond that
/// range fail every check the same way).
fn get_int(vm: &mut Vm, v: &Value) -> PyResult<i128> {
    let big = match v {
        Value::Int(i) => return Ok(*i as i128),
        Value::Bool(b) => return Ok(*b as i128),
        Value::BigInt(b) => (**b).clone(),
        _ => {
            if lookup_special(v, "__index__").is_none() {
                return Err(error("required argument is not an integer"));
            }
            crate::args::index_bigint(vm, v)?
        }
    };
    Ok(clamp_i128(&big))
}

fn clamp_i128(b: &BigInt) -> i128 {
    b.to_i128()
        .unwrap_or(if b.sign() == num_bigint::Sign::Minus {
            i128::MIN
        } else {
            i128::MAX
        })
}

fn signed_bounds(size: usize) -> (i128, i128) {
    let max = (1i128 << (8 * size - 1)) - 1;
    (-max - 1, max)
}

fn unsigned_max(size: usize) -> i128 {
    (1i128 << (8 * size)) - 1
}

fn is_signed(ch: u8) -> bool {
    matches!(ch, b'b' | b'h' | b'i' | b'l' | b'q' | b'n')
}

/// Checks `n` against the rules of the packer CPython uses for `ch` in `order`; returns the
/// two's complement bit pattern.
fn check_int(order: Order, ch: u8, size: usize, n: i128) -> PyResult<u64> {
    let aor = || error("argument out of range");
    let fits_long = (i64::MIN as i128..=i64::MAX as i128).contains(&n);
    let fits_ulong = (0..=u64::MAX as i128).contains(&n);
    if ch == b'P' {
        if !(i64::MIN as i128..=u64::MAX as i128).contains(&n) {
            return Err(error("int too large to convert"));
        }
        return Ok(n as u64);
    }
    let native_like = order == Order::Native
        || matches!(ch, b'b' | b'B')
        || (order == Order::Little
            && HOST_LITTLE
            && matches!(ch, b'h' | b'H' | b'i' | b'I' | b'q' | b'Q'))
        || (order == Order::Big
            && !HOST_LITTLE
            && matches!(ch, b'h' | b'H' | b'i' | b'I' | b'q' | b'Q'));
    let signed = is_signed(ch);
    if native_like {
        match ch {
            b'b' | b'B' | b'h' | b'H' | b'i' => {
                if !fits_long {
                    return Err(aor());
                }
                let (lo, hi) = if signed {
                    signed_bounds(size)
                } else {
                    (0, unsigned_max(size))
                };
                if n < lo || n > hi {
                    return Err(error(match ch {
                        b'b' => "byte format requires -128 <= number <= 127".to_string(),
                        b'B' => "ubyte format requires 0 <= number <= 255".to_string(),
                        b'h' => "short format requires -32768 <= number <= 32767".to_string(),
                        b'H' => "ushort format requires 0 <= number <= 65535".to_string(),
                        _ => format!("'{}' format requires {lo} <= number <= {hi}", ch as char),
                    }));
                }
            }
            b'I' => {
                if !fits_ulong {
                    return Err(aor());
                }
                if n > u32::MAX as i128 {
                    return Err(error("'I' format requires 0 <= number <= 4294967295"));
                }
            }
            _ if signed => {
                if !fits_long {
                    return Err(aor());
                }
            }
            _ => {
                if !fits_ulong {
                    return Err(aor());
                }
            }
        }
        return Ok(n as u64);
    }
    if size == 8 {
        // lp_longlong / bp_longlong: _PyLong_AsByteArray's OverflowError, reported by
        // pack_internal as "int too large to convert".
        let ok = if signed { fits_long } else { fits_ulong };
        if !ok {
            return Err(error("int too large to convert"));
        }
        return Ok(n as u64);
    }
    if signed {
        if !fits_long {
            return Err(aor());
        }
        let (lo, hi) = signed_bounds(size);
        if n < lo || n > hi {
            return Err(error(format!(
                "'{}' format requires {lo} <= number <= {hi}",
                ch as char
            )));
        }
    } else {
        if !fits_ulong {
            return Err(aor());
        }
        let hi = unsigned_max(size);
        if n > hi {
            return Err(error(format!(
                "'{}' format requires 0 <= number <= {hi}",
                ch as char
            )));
        }
    }
    Ok(n as u64)
}

// ---- floats ----

/// `PyFloat_AsDouble` as the struct packers use it (any failure is
/// `struct.error: required argument is not a float`).
fn get_double(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    let not_float = || error("required argument is not a float");
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(not_float()),
        },
        _ => {
            if lookup_special(v, "__float__").is_some() {
                return match call_dunder(vm, v, "__float__", &[]) {
                    Ok(Some(Value::Float(f))) => Ok(f),
                    _ => Err(not_float()),
                };
            }
            if lookup_special(v, "__index__").is_some() {
                let b = crate::args::index_bigint(vm, v).map_err(|_| not_float())?;
                return match b.to_f64() {
                    Some(f) if f.is_finite() => Ok(f),
                    _ => Err(not_float()),
                };
            }
            if let Some(Value::Float(f)) = crate::args::builtin_base(v) {
                return Ok(f);
            }
            Err(not_float())
        }
    }
}

/// `frexp`: `x = m * 2**e` with `0.5 <= |m| < 1` (for finite, non-zero `x`).
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let mut x = x;
    let mut adj = 0;
    if x.abs() < f64::MIN_POSITIVE {
        x *= 2f64.powi(54);
        adj = -54;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e + adj)
}

/// `PyFloat_Pack2`: `None` on overflow.
pub(crate) fn pack_half(x: f64) -> Option<u16> {
    let sign: u16;
    let mut e: i32;
    let mut bits: u16;
    if x == 0.0 {
        sign = x.is_sign_negative() as u16;
        e = 0;
        bits = 0;
    } else if x.is_infinite() {
        sign = (x < 0.0) as u16;
        e = 0x1f;
        bits = 0;
    } else if x.is_nan() {
        sign = x.is_sign_negative() as u16;
        e = 0x1f;
        bits = 512;
    } else {
        sign = (x < 0.0) as u16;
        let (mut f, ex) = frexp(x.abs());
        e = ex;
        f *= 2.0;
        e -= 1;
        if e >= 16 {
            return None;
        } else if e < -25 {
            f = 0.0;
            e = 0;
        } else if e < -14 {
            f *= 2f64.powi(14 + e);
            e = 0;
        } else {
            e += 15;
            f -= 1.0;
        }
        f *= 1024.0;
        bits = f as u16;
        let rest = f - bits as f64;
        if rest > 0.5 || (rest == 0.5 && bits % 2 == 1) {
            bits += 1;
            if bits == 1024 {
                bits = 0;
                e += 1;
                if e == 31 {
                    return None;
                }
            }
        }
    }
    Some(bits | ((e as u16) << 10) | (sign << 15))
}

/// `PyFloat_Unpack2`.
pub(crate) fn unpack_half(h: u16) -> f64 {
    let sign = (h >> 15) & 1;
    let mut e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    if e == 0x1f {
        let v = if f == 0.0 { f64::INFINITY } else { f64::NAN };
        return if sign == 1 { -v } else { v };
    }
    let mut x = f / 1024.0;
    if e == 0 {
        e = -14;
    } else {
        x += 1.0;
        e -= 15;
    }
    x *= 2f64.powi(e);
    if sign == 1 {
        -x
    } else {
        x
    }
}

fn is_int_value(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// The overflow a float packer reports: `struct.error` for an int argument (pack_internal's
/// rule), `OverflowError` otherwise.
fn float_overflow(v: &Value, code: char) -> PyErr {
    if is_int_value(v) {
        error("int too large to convert")
    } else {
        overflow_error(format!("float too large to pack with {code} format"))
    }
}

// ---- packing ----

fn put(buf: &mut [u8], at: usize, size: usize, bits: u64, little: bool) {
    for k in 0..size {
        let byte = (bits >> (8 * k)) as u8;
        let pos = if little { at + k } else { at + size - 1 - k };
        if let Some(slot) = buf.get_mut(pos) {
            *slot = byte;
        }
    }
}

fn get(buf: &[u8], at: usize, size: usize, little: bool) -> u64 {
    let mut bits = 0u64;
    for k in 0..size {
        let pos = if little { at + k } else { at + size - 1 - k };
        bits |= (buf.get(pos).copied().unwrap_or(0) as u64) << (8 * k);
    }
    bits
}

fn is_little(order: Order) -> bool {
    match order {
        Order::Native => HOST_LITTLE,
        Order::Little => true,
        Order::Big => false,
    }
}

fn bytes_arg(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Bytes(b) => Some(b.to_vec()),
        Value::ByteArray(b) => Some(b.snapshot()),
        _ => None,
    }
}

/// Packs `args` into `buf` (already `layout.size` zero bytes). On error the items packed so
/// far stay in `buf`, as in CPython.
fn pack_items(vm: &mut Vm, layout: &Layout, args: &[Value], buf: &mut [u8]) -> PyResult<()> {
    let little = is_little(layout.order);
    let mut k = 0;
    for code in &layout.codes {
        if matches!(code.ch, b's' | b'p') {
            let v = args.get(k).cloned().unwrap_or(Value::None);
            k += 1;
            let data = bytes_arg(&v).ok_or_else(|| {
                error(format!(
                    "argument for '{}' must be a bytes object",
                    code.ch as char
                ))
            })?;
            if code.ch == b's' {
                let n = data.len().min(code.size);
                buf[code.offset..code.offset + n].copy_from_slice(&data[..n]);
            } else if code.size > 0 {
                let n = data.len().min(code.size - 1);
                buf[code.offset + 1..code.offset + 1 + n].copy_from_slice(&data[..n]);
                buf[code.offset] = n.min(255) as u8;
            }
            continue;
        }
        for j in 0..code.count {
            let v = args.get(k).cloned().unwrap_or(Value::None);
            k += 1;
            let at = code.offset + j * code.size;
            let bits: u64 = match code.ch {
                b'c' => match &v {
                    Value::Bytes(b) if b.len() == 1 => b[0] as u64,
                    _ => return Err(error("char format requires a bytes object of length 1")),
                },
                b'?' => is_true(vm, &v)? as u64,
                b'e' => {
                    let x = get_double(vm, &v)?;
                    pack_half(x).ok_or_else(|| float_overflow(&v, 'e'))? as u64
                }
                b'f' => {
                    let x = get_double(vm, &v)?;
                    let y = x as f32;
                    if layout.order != Order::Native && y.is_infinite() && x.is_finite() {
                        return Err(float_overflow(&v, 'f'));
                    }
                    y.to_bits() as u64
                }
                b'd' => get_double(vm, &v)?.to_bits(),
                ch => {
                    let n = get_int(vm, &v)?;
                    check_int(layout.order, ch, code.size, n)?
                }
            };
            put(buf, at, code.size, bits, little);
        }
    }
    Ok(())
}

/// Unpacks one whole layout from `buf` (at least `layout.size` bytes).
fn unpack_items(layout: &Layout, buf: &[u8]) -> Value {
    let little = is_little(layout.order);
    let mut out = Vec::with_capacity(layout.nitems);
    for code in &layout.codes {
        match code.ch {
            b's' => {
                let end = (code.offset + code.size).min(buf.len());
                let start = code.offset.min(end);
                out.push(Value::Bytes(buf[start..end].to_vec().into()));
                continue;
            }
            b'p' => {
                let n = buf.get(code.offset).copied().unwrap_or(0) as usize;
                let n = n.min(code.size.saturating_sub(1));
                let start = (code.offset + 1).min(buf.len());
                let end = (start + n).min(buf.len());
                out.push(Value::Bytes(buf[start..end].to_vec().into()));
                continue;
            }
            _ => {}
        }
        for j in 0..code.count {
            let at = code.offset + j * code.size;
            let bits = get(buf, at, code.size, little);
            let v = match code.ch {
                b'c' => Value::Bytes(vec![bits as u8].into()),
                b'?' => Value::Bool(bits != 0),
                b'e' => Value::Float(unpack_half(bits as u16)),
                b'f' => Value::Float(f32::from_bits(bits as u32) as f64),
                b'd' => Value::Float(f64::from_bits(bits)),
                ch if is_signed(ch) => {
                    let shift = 64 - 8 * code.size as u32;
                    Value::Int(((bits << shift) as i64) >> shift)
                }
                _ => match i64::try_from(bits) {
                    Ok(i) => Value::Int(i),
                    Err(_) => Value::from_bigint(BigInt::from(bits)),
                },
            };
            out.push(v);
        }
    }
    Value::tuple(out)
}

// ---- buffers ----

/// The bytes of a bytes-like object (bytes, bytearray, memoryview, array).
pub(crate) fn readable_bytes(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Bytes(b) => Some(b.to_vec()),
        Value::ByteArray(b) => Some(b.snapshot()),
        _ => crate::memoryview::memoryview_bytes(v).or_else(|| crate::array::array_bytes(v)),
    }
}

fn not_bytes_like(v: &Value) -> PyErr {
    type_error(format!(
        "a bytes-like object is required, not '{}'",
        type_name(v)
    ))
}

fn read_buffer(v: &Value) -> PyResult<Vec<u8>> {
    readable_bytes(v).ok_or_else(|| not_bytes_like(v))
}

/// Length of a writable buffer (bytearray or array).
fn writable_len(v: &Value) -> PyResult<usize> {
    match v {
        Value::ByteArray(b) => Ok(b.len()),
        _ => match crate::array::array_nbytes(v) {
            Some(n) => Ok(n),
            None => Err(type_error(format!(
                "argument must be read-write bytes-like object, not {}",
                type_name(v)
            ))),
        },
    }
}

fn write_buffer(v: &Value, at: usize, data: &[u8]) {
    match v {
        Value::ByteArray(b) => {
            if let Some(mut items) = b.try_borrow_mut() {
                if let Some(dst) = items.get_mut(at..at + data.len()) {
                    dst.copy_from_slice(data);
                }
            }
        }
        _ => crate::array::array_write(v, at, data),
    }
}

// ---- operations shared by the functions and the Struct methods ----

fn do_pack(vm: &mut Vm, layout: &Layout, args: &[Value], fname: &str) -> PyResult<Value> {
    if args.len() != layout.nitems {
        return Err(error(format!(
            "{fname} expected {} items for packing (got {})",
            layout.nitems,
            args.len()
        )));
    }
    let mut buf = vec![0u8; layout.size];
    pack_items(vm, layout, args, &mut buf)?;
    Ok(Value::Bytes(buf.into()))
}

fn do_unpack(layout: &Layout, buffer: &Value) -> PyResult<Value> {
    let data = read_buffer(buffer)?;
    if data.len() != layout.size {
        return Err(error(format!(
            "unpack requires a buffer of {} bytes",
            layout.size
        )));
    }
    Ok(unpack_items(layout, &data))
}

fn do_unpack_from(
    vm: &mut Vm,
    layout: &Layout,
    buffer: &Value,
    offset: Option<&Value>,
) -> PyResult<Value> {
    let offset = match offset {
        Some(v) => index_clamped(vm, v)?,
        None => 0,
    };
    let data = read_buffer(buffer)?;
    let len = data.len() as i64;
    let size = layout.size as i64;
    let mut off = offset;
    if off < 0 {
        if off.saturating_add(size) > 0 {
            return Err(error(format!(
                "not enough data to unpack {size} bytes at offset {off}"
            )));
        }
        if off.saturating_add(len) < 0 {
            return Err(error(format!(
                "offset {off} out of range for {len}-byte buffer"
            )));
        }
        off += len;
    }
    if len - off < size {
        return Err(error(format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {off} (actual buffer size is {len})",
            size.saturating_add(off)
        )));
    }
    Ok(unpack_items(layout, &data[off as usize..]))
}

fn do_pack_into(vm: &mut Vm, layout: &Layout, args: &[Value]) -> PyResult<Value> {
    if args.len() != layout.nitems + 2 {
        return Err(error(match args.len() {
            0 => "pack_into expected buffer argument".to_string(),
            1 => "pack_into expected offset argument".to_string(),
            n => format!(
                "pack_into expected {} items for packing (got {})",
                layout.nitems,
                n - 2
            ),
        }));
    }
    let target = crate::args::arg(args, 0)?;
    let len = writable_len(target)? as i64;
    let mut off = match crate::args::arg(args, 1)? {
        Value::Int(i) => *i,
        v => crate::args::index_bigint(vm, v)
            .map(|b| clamp_i128(&b).clamp(i64::MIN as i128, i64::MAX as i128) as i64)?,
    };
    let size = layout.size as i64;
    if off < 0 {
        if off.saturating_add(size) > 0 {
            return Err(error(format!(
                "no space to pack {size} bytes at offset {off}"
            )));
        }
        if off.saturating_add(len) < 0 {
            return Err(error(format!(
                "offset {off} out of range for {len}-byte buffer"
            )));
        }
        off += len;
    }
    if len - off < size {
        return Err(error(format!(
            "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {off} (actual buffer size is {len})",
            size.saturating_add(off)
        )));
    }
    let mut buf = vec![0u8; layout.size];
    let r = pack_items(vm, layout, crate::args::rest(args, 2), &mut buf);
    write_buffer(target, off as usize, &buf);
    r.map(|_| Value::None)
}

/// The iterator `iter_unpack` returns.
#[derive(Debug)]
struct UnpackIter {
    layout: Rc<Layout>,
    data: Vec<u8>,
    pos: Cell<usize>,
}

fn unpack_iter_len(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match args.first() {
        Some(Value::Native(n)) => match n.as_any().downcast_ref::<UnpackIter>() {
            Some(it) => {
                let left = it.data.len().saturating_sub(it.pos.get());
                Ok(Value::Int((left / it.layout.size.max(1)) as i64))
            }
            None => Ok(Value::Int(0)),
        },
        _ => Ok(Value::Int(0)),
    }
}

fn identity(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(args.first().cloned().unwrap_or(Value::None))
}

impl NativeObject for UnpackIter {
    fn class(&self) -> Rc<PyType> {
        builtin_types().iterator_type("unpack_iterator")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let bound = |name: &'static str, func| {
            Value::Builtin(Rc::new(BuiltinFunction {
                name,
                func,
                bound_self: Some(self_value.clone()),
                owner: None,
            }))
        };
        Ok(match name {
            "__length_hint__" => Some(bound("__length_hint__", unpack_iter_len)),
            "__iter__" => Some(bound("__iter__", identity)),
            _ => None,
        })
    }

    fn next(&self, _vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        let pos = self.pos.get();
        let size = self.layout.size;
        if size == 0 || pos + size > self.data.len() {
            return Some(Ok(None));
        }
        self.pos.set(pos + size);
        Some(Ok(Some(unpack_items(
            &self.layout,
            &self.data[pos..pos + size],
        ))))
    }
}

fn do_iter_unpack(layout: Rc<Layout>, buffer: &Value) -> PyResult<Value> {
    if layout.size == 0 {
        return Err(error("cannot iteratively unpack with a struct of length 0"));
    }
    let data = read_buffer(buffer)?;
    if !data.len().is_multiple_of(layout.size) {
        return Err(error(format!(
            "iterative unpacking requires a buffer of a multiple of {} bytes",
            layout.size
        )));
    }
    Ok(Value::Native(NativeRef::new(UnpackIter {
        layout,
        data,
        pos: Cell::new(0),
    })))
}

// ---- module functions ----

fn format_arg<'a>(args: &'a [Value], kw: &[Value], fname: &str) -> PyResult<&'a Value> {
    if npos(args, kw) == 0 {
        return Err(type_error("missing format argument"));
    }
    crate::args::no_kwargs(fname, kw)?;
    crate::args::arg(args, 0)
}

fn pack(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let layout = layout_of(format_arg(args, kw, "pack")?)?;
    do_pack(vm, &layout, crate::args::rest(args, 1), "pack")
}

fn pack_into(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let layout = layout_of(format_arg(args, kw, "pack_into")?)?;
    do_pack_into(vm, &layout, crate::args::rest(args, 1))
}

fn unpack(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("unpack", kw)?;
    crate::args::check_positional("unpack", args.len(), 2, 2)?;
    let layout = layout_of(crate::args::arg(args, 0)?)?;
    do_unpack(&layout, crate::args::arg(args, 1)?)
}

fn unpack_from(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse(
        "unpack_from",
        args,
        kw,
        &["format", "buffer", "offset"],
        1,
        2,
    )?;
    let fmt = p[0].clone().unwrap_or(Value::None);
    let layout = layout_of(&fmt)?;
    let buffer = p[1].clone().unwrap_or(Value::None);
    do_unpack_from(vm, &layout, &buffer, p[2].as_ref())
}

fn iter_unpack(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("iter_unpack", kw)?;
    crate::args::check_positional("iter_unpack", args.len(), 2, 2)?;
    let layout = layout_of(crate::args::arg(args, 0)?)?;
    do_iter_unpack(layout, crate::args::arg(args, 1)?)
}

fn calcsize(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let fmt = crate::args::one_arg("_struct.calcsize", args, kw)?;
    Ok(Value::Int(layout_of(fmt)?.size as i64))
}

fn clearcache(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(Value::None)
}

// ---- the Struct class ----

#[derive(Debug)]
struct StructState {
    layout: Rc<Layout>,
}

const STRUCT: ClassSpec = ClassSpec {
    name: "Struct",
    module: "_struct",
    base: None,
    new: Some(struct_new),
    dunders: &[("__repr__", st_repr)],
    methods: &[
        ("pack", st_pack),
        ("unpack", st_unpack),
        ("pack_into", st_pack_into),
        ("unpack_from", st_unpack_from),
        ("iter_unpack", st_iter_unpack),
    ],
    props: &[("size", st_size), ("format", st_format)],
};

fn struct_new(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse(
        "Struct",
        args.get(1..).unwrap_or(&[]),
        kw,
        &["format"],
        0,
        1,
    )?;
    let fmt = p[0].clone().unwrap_or(Value::None);
    let layout = layout_of(&fmt)?;
    let cls = match args.first() {
        Some(Value::Type(t)) => t.clone(),
        _ => class_of(vm, &STRUCT),
    };
    Ok(new_instance(cls, StructState { layout }))
}

fn layout_self(args: &[Value]) -> PyResult<Rc<Layout>> {
    let this = args.first().cloned().unwrap_or(Value::None);
    with_state::<StructState, _>(&this, "_struct.Struct", |s| s.layout.clone())
}

fn st_pack(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("pack", kw)?;
    let layout = layout_self(args)?;
    do_pack(vm, &layout, crate::args::rest(args, 1), "pack")
}

fn st_unpack(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let layout = layout_self(args)?;
    let b = crate::args::one_arg("Struct.unpack", crate::args::rest(args, 1), kw)?;
    do_unpack(&layout, b)
}

fn st_pack_into(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    crate::args::no_kwargs("pack_into", kw)?;
    let layout = layout_self(args)?;
    do_pack_into(vm, &layout, crate::args::rest(args, 1))
}

fn st_unpack_from(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let layout = layout_self(args)?;
    let p = parse(
        "unpack_from",
        crate::args::rest(args, 1),
        kw,
        &["buffer", "offset"],
        0,
        1,
    )?;
    let buffer = p[0].clone().unwrap_or(Value::None);
    do_unpack_from(vm, &layout, &buffer, p[1].as_ref())
}

fn st_iter_unpack(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let layout = layout_self(args)?;
    let b = crate::args::one_arg("Struct.iter_unpack", crate::args::rest(args, 1), kw)?;
    do_iter_unpack(layout, b)
}

fn st_repr(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let addr = args.first().and_then(Value::ptr).unwrap_or(0);
    Ok(Value::string(format!(
        "<_struct.Struct object at {addr:#x}>"
    )))
}

fn st_size(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(layout_self(args)?.size as i64))
}

fn st_format(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::str(&layout_self(args)?.format))
}

fn error_class(vm: &mut Vm) -> Option<Rc<PyType>> {
    crate::module_error_class(vm, &ERROR, "struct")
}

/// Creates the `struct` module (also registered in `vm.modules`).
pub fn make_struct(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("struct"));
    d.set_str("pack", builtin_fn("pack", pack));
    d.set_str("unpack", builtin_fn("unpack", unpack));
    d.set_str("calcsize", builtin_fn("calcsize", calcsize));
    d.set_str("iter_unpack", builtin_fn("iter_unpack", iter_unpack));
    d.set_str("pack_into", builtin_fn("pack_into", pack_into));
    d.set_str("unpack_from", builtin_fn("unpack_from", unpack_from));
    d.set_str("_clearcache", builtin_fn("_clearcache", clearcache));
    if let Some(e) = error_class(vm) {
        d.set_str("error", Value::Type(e));
    }
    d.set_str("Struct", Value::Type(class_of(vm, &STRUCT)));
    let m = Value::Module(Rc::new(PyModule {
        name: "struct".to_string(),
        dict: d,
    }));
    vm.modules.set_str("struct", m.clone());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_alignment() {
        let size = |f: &str| parse_format(f).map(|l| l.size);
        assert_eq!(size("@bi"), Ok(8));
        assert_eq!(size("=bi"), Ok(5));
        assert_eq!(size("bq"), Ok(16));
        assert_eq!(size("<bq"), Ok(9));
        assert_eq!(size("i0q"), Ok(8));
        assert_eq!(size("c3xi"), Ok(8));
        assert_eq!(size("2i3s"), Ok(11));
        assert_eq!(size(" i i "), Ok(8));
        assert_eq!(size("<l"), Ok(4));
        assert_eq!(size("l"), Ok(8));
        assert_eq!(size("Z"), Err("bad char in struct format".to_string()));
        assert_eq!(size("<n"), Err("bad char in struct format".to_string()));
        assert_eq!(
            size("i 4"),
            Err("repeat count given without format specifier".to_string())
        );
        assert_eq!(
            size("99999999999999999999999i"),
            Err("total struct size too long".to_string())
        );
    }

    #[test]
    fn half_floats() {
        assert_eq!(pack_half(1.5), Some(0x3e00));
        assert_eq!(pack_half(0.1), Some(0x2e66));
        assert_eq!(pack_half(65504.0), Some(0x7bff));
        assert_eq!(pack_half(65520.0), None);
        assert_eq!(pack_half(6e-8), Some(1));
        assert_eq!(pack_half(1e-8), Some(0));
        assert_eq!(pack_half(f64::INFINITY), Some(0x7c00));
        assert_eq!(unpack_half(0x0001), 5.960464477539063e-08);
        assert_eq!(unpack_half(0x3e00), 1.5);
        assert!(unpack_half(0x7c01).is_nan());
        for h in 0..0x7c00u16 {
            assert_eq!(pack_half(unpack_half(h)), Some(h));
        }
    }

    #[test]
    fn frexp_matches_definition() {
        for x in [1.0, 0.5, 3.0, 1e-310, 123456.789, f64::MIN_POSITIVE] {
            let (m, e) = frexp(x);
            assert!((0.5..1.0).contains(&m), "{x}");
            assert_eq!(m * 2f64.powi(e + 100), x * 2f64.powi(100));
        }
    }

    #[test]
    fn int_range_messages() {
        let msg = |o, ch, size, n| match check_int(o, ch, size, n) {
            Ok(_) => String::new(),
            Err(e) => format!(
                "{:?}",
                e.args()
                    .first()
                    .and_then(|a| a.as_str().map(str::to_string))
            ),
        };
        assert!(
            msg(Order::Native, b'b', 1, 300).contains("byte format requires -128 <= number <= 127")
        );
        assert!(msg(Order::Big, b'h', 2, 70000)
            .contains("'h' format requires -32768 <= number <= 32767"));
        assert!(msg(Order::Little, b'h', 2, 70000).contains("short format requires"));
        assert!(msg(Order::Big, b'Q', 8, -1).contains("int too large to convert"));
        assert!(msg(Order::Native, b'Q', 8, -1).contains("argument out of range"));
        assert!(msg(Order::Little, b'L', 4, 1 << 32)
            .contains("'L' format requires 0 <= number <= 4294967295"));
        assert_eq!(check_int(Order::Native, b'i', 4, -1).ok(), Some(u64::MAX));
    }
}
