//! CPython's `repr()` of the constant types a code object can hold.

use std::sync::OnceLock;

use crate::code::CodeObject;
use crate::constant::Constant;
use crate::float_repr::float_repr;
use crate::printable_table::NON_PRINTABLE;

/// Whether CPython's `str.isprintable()` holds for `c` (used by `repr` to decide escaping).
///
/// Exact for CPython 3.11 (Unicode 14.0): the table is generated from `str.isprintable`.
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    // The last range starting at or below `u` decides.
    let i = NON_PRINTABLE.partition_point(|&(lo, _)| lo <= u);
    i == 0 || NON_PRINTABLE[i - 1].1 < u
}

/// `repr(str)`: single quotes unless the text has a `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                if u < 0x100 {
                    out.push_str(&format!("\\x{u:02x}"));
                } else if u < 0x10000 {
                    out.push_str(&format!("\\u{u:04x}"));
                } else {
                    out.push_str(&format!("\\U{u:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `repr(bytes)`: `b'...'` with CPython's quoting and escapes.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// `repr(complex)`: `1j`, `(1+2j)`, `(-0-1j)`, with float parts printed as `repr` would
/// but without a trailing `.0`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let part = |x: f64| {
        let s = float_repr(x);
        match s.strip_suffix(".0") {
            Some(t) => t.to_string(),
            None => s,
        }
    };
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part(im));
    }
    let im_s = part(im);
    let sign = if im_s.starts_with('-') || im_s.starts_with('+') {
        ""
    } else {
        "+"
    };
    format!("({}{}{}j)", part(re), sign, im_s)
}

/// `repr(code)`: `<code object NAME at 0x0, file "FILE", line N>`. rpvm prints the address as
/// `0x0` (it means nothing here); like CPython, a first line number of 0 prints as -1.
pub fn code_repr(code: &CodeObject) -> String {
    let line = match code.firstlineno() {
        0 => -1,
        n => n,
    };
    format!(
        "<code object {} at 0x0, file \"{}\", line {line}>",
        code.name(),
        code.filename()
    )
}

/// Computes the order in which CPython iterates a set built by adding `items` one by one (as
/// marshal does when it loads a set or frozenset), as indexes into `items`; `None` when that
/// order cannot be known (items whose hash is randomised per process, such as `str`, or
/// depends on an address, such as `None`).
pub type SetOrder = fn(items: &[Constant]) -> Option<Vec<usize>>;

static SET_ORDER: OnceLock<SetOrder> = OnceLock::new();

/// Installs, once per process, how [`constant_repr`] orders set and frozenset items.
///
/// Marshal stores set items in an order of its own; CPython prints them in hash-table order.
/// Reproducing that needs CPython's hash functions and set layout, which live above this
/// crate (in `rpvm-object`), so the program installs them here at startup. Without an order
/// (or when it returns `None`), items print in file order. Returns `false` if an order was
/// already installed (the first one stays).
pub fn install_set_order(order: SetOrder) -> bool {
    SET_ORDER.set(order).is_ok()
}

fn is_permutation(order: &[usize], len: usize) -> bool {
    let mut seen = vec![false; len];
    order.len() == len
        && order
            .iter()
            .all(|&i| i < len && !std::mem::replace(&mut seen[i], true))
}

/// `repr()` of a marshal constant. Code objects print as `<code object NAME at 0x0, file
/// "FILE", line N>` (the address is not meaningful in rpvm).
pub fn constant_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::StopIteration => "<class 'StopIteration'>".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(i) => i.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex(re, im) => complex_repr(*re, *im),
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        Constant::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(constant_repr).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        Constant::List(items) => {
            let inner: Vec<String> = items.iter().map(constant_repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Constant::Dict(pairs) => {
            let inner: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", constant_repr(k), constant_repr(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Constant::Set(items) | Constant::FrozenSet(items) => {
            let inner: Vec<String> = match SET_ORDER.get().and_then(|order| order(items)) {
                Some(order) if is_permutation(&order, items.len()) => {
                    order.iter().map(|&i| constant_repr(&items[i])).collect()
                }
                _ => items.iter().map(constant_repr).collect(),
            };
            let is_frozen = matches!(c, Constant::FrozenSet(_));
            match (is_frozen, inner.is_empty()) {
                (true, true) => "frozenset()".into(),
                (false, true) => "set()".into(),
                (true, false) => format!("frozenset({{{}}})", inner.join(", ")),
                (false, false) => format!("{{{}}}", inner.join(", ")),
            }
        }
        Constant::Code(code) => code_repr(code),
    }
}
