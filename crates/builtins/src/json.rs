//! The `json` module: `dumps`/`dump` with the output of CPython's `json.encoder`,
//! `loads`/`load` with the results and errors of its C scanner ([`decode`]), and the
//! `JSONEncoder`/`JSONDecoder`/`JSONDecodeError` classes.

mod decode;

use std::collections::HashSet;
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyResult};
use rpvm_object::format::float_repr::float_repr;
use rpvm_object::list::PyList;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::{get_attr, set_attr};
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::repr::bigint_str;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::{type_name, type_of};
use rpvm_object::typeobj::PyType;
use rpvm_object::{Value, Vm};

use crate::args::{arg, kwonly, npos};
use crate::builtin_fn;
use crate::functools::{class_of, ClassSpec};

pub use decode::decode_error_class;

/// How `dumps` formats: the attributes of a `JSONEncoder`.
struct Encoder {
    skipkeys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    sort_keys: bool,
    /// The indentation unit (`' ' * indent` for an int), or `None` for one line.
    indent: Option<String>,
    item_sep: String,
    key_sep: String,
    /// `default(o)` for unsupported objects; `None`: raise CPython's TypeError.
    default: Option<Value>,
    /// `id()`s of the containers being encoded (`check_circular`).
    markers: HashSet<usize>,
}

const RECURSION: &str = " while encoding a JSON object";

/// `encode_basestring_ascii` / `encode_basestring`: `s` as a JSON string literal.
pub fn encode_string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && (c as u32) > 0x7e) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The built-in value behind `v` (the wrapped value of a subclass instance).
fn plain(v: &Value) -> Value {
    crate::args::builtin_base(v).unwrap_or_else(|| v.clone())
}

impl Encoder {
    /// A float as JSON: its repr, or `NaN`/`Infinity`/`-Infinity` when allowed.
    fn float(&self, x: f64) -> PyResult<String> {
        if x.is_finite() {
            return Ok(float_repr(x));
        }
        if !self.allow_nan {
            return Err(value_error(
                "Out of range float values are not JSON compliant",
            ));
        }
        Ok(if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string())
    }

    /// A scalar (`str`, `None`, bools, ints, floats) as JSON, or `None` for other values.
    fn scalar(&self, v: &Value) -> PyResult<Option<String>> {
        Ok(Some(match v {
            Value::Str(s) => {
                let mut out = String::with_capacity(s.as_str().len() + 2);
                encode_string(&mut out, s.as_str(), self.ensure_ascii);
                out
            }
            Value::None => "null".into(),
            Value::Bool(true) => "true".into(),
            Value::Bool(false) => "false".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => bigint_str(b)?,
            Value::Float(x) => self.float(*x)?,
            _ => return Ok(None),
        }))
    }

    /// A dict key as a string, or `None` when it is skipped (`skipkeys`).
    fn key(&self, k: &Value) -> PyResult<Option<String>> {
        Ok(Some(match plain(k) {
            Value::Str(s) => s.as_str().to_string(),
            Value::Float(x) => self.float(x)?,
            Value::Bool(true) => "true".into(),
            Value::Bool(false) => "false".into(),
            Value::None => "null".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => bigint_str(&b)?,
            _ if self.skipkeys => return Ok(None),
            _ => {
                return Err(type_error(format!(
                    "keys must be str, int, float, bool or None, not {}",
                    type_name(k)
                )))
            }
        }))
    }

    fn newline(&self, out: &mut String, level: usize) {
        if let Some(ind) = &self.indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(ind);
            }
        }
    }

    /// Marks `v` as being encoded (ValueError if it already is).
    fn mark(&mut self, v: &Value) -> PyResult<Option<usize>> {
        if !self.check_circular {
            return Ok(None);
        }
        let id = v.ptr().unwrap_or(0);
        if !self.markers.insert(id) {
            return Err(value_error("Circular reference detected"));
        }
        Ok(Some(id))
    }

    fn unmark(&mut self, id: Option<usize>) {
        if let Some(id) = id {
            self.markers.remove(&id);
        }
    }

    /// Encodes any value at nesting `level` (CPython's `encoder_listencode_obj`).
    fn encode(&mut self, vm: &mut Vm, out: &mut String, v: &Value, level: usize) -> PyResult<()> {
        let p = plain(v);
        if let Some(s) = self.scalar(&p)? {
            out.push_str(&s);
            return Ok(());
        }
        match &p {
            Value::List(_) | Value::Tuple(_) => {
                let items = match &p {
                    Value::List(l) => l.snapshot(),
                    Value::Tuple(t) => t.as_slice().to_vec(),
                    _ => Vec::new(),
                };
                self.nested(vm, v, |enc, vm| enc.list(vm, out, &items, level))
            }
            Value::Dict(d) => {
                let d = d.clone();
                self.nested(vm, v, |enc, vm| enc.dict(vm, out, &d, level))
            }
            _ => {
                let id = self.mark(v)?;
                let new = match &self.default {
                    Some(f) => call(vm, &f.clone(), std::slice::from_ref(v), &[])?,
                    None => return Err(not_serializable(v)),
                };
                vm.enter(RECURSION)?;
                let r = self.encode(vm, out, &new, level);
                vm.leave();
                r?;
                self.unmark(id);
                Ok(())
            }
        }
    }

    /// Runs `f` with `v` marked and one more level of recursion.
    fn nested(
        &mut self,
        vm: &mut Vm,
        v: &Value,
        f: impl FnOnce(&mut Self, &mut Vm) -> PyResult<()>,
    ) -> PyResult<()> {
        let id = self.mark(v)?;
        vm.enter(RECURSION)?;
        let r = f(self, vm);
        vm.leave();
        r?;
        self.unmark(id);
        Ok(())
    }

    fn list(
        &mut self,
        vm: &mut Vm,
        out: &mut String,
        items: &[Value],
        level: usize,
    ) -> PyResult<()> {
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        out.push('[');
        self.newline(out, level + 1);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.item_sep);
                self.newline(out, level + 1);
            }
            self.encode(vm, out, item, level + 1)?;
        }
        self.newline(out, level);
        out.push(']');
        Ok(())
    }

    fn dict(&mut self, vm: &mut Vm, out: &mut String, d: &PyDict, level: usize) -> PyResult<()> {
        if d.is_empty() {
            out.push_str("{}");
            return Ok(());
        }
        let mut items = d.items();
        if self.sort_keys {
            items = sort_items(vm, items)?;
        }
        out.push('{');
        self.newline(out, level + 1);
        let mut first = true;
        for (k, v) in items {
            let Some(key) = self.key(&k)? else { continue };
            if !first {
                out.push_str(&self.item_sep);
                self.newline(out, level + 1);
            }
            first = false;
            encode_string(out, &key, self.ensure_ascii);
            out.push_str(&self.key_sep);
            self.encode(vm, out, &v, level + 1)?;
        }
        self.newline(out, level);
        out.push('}');
        Ok(())
    }
}

/// `sorted(d.items())`: the (key, value) pairs compared as tuples.
fn sort_items(vm: &mut Vm, items: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    let tuples = items
        .into_iter()
        .map(|(k, v)| Value::tuple(vec![k, v]))
        .collect();
    let list = PyList::new(tuples);
    rpvm_object::methods::list::sort_list(vm, &list, None, false)?;
    Ok(list
        .snapshot()
        .into_iter()
        .filter_map(|t| match t {
            Value::Tuple(t) => match t.as_slice() {
                [k, v] => Some((k.clone(), v.clone())),
                _ => None,
            },
            _ => None,
        })
        .collect())
}

/// `TypeError: Object of type set is not JSON serializable`.
fn not_serializable(v: &Value) -> rpvm_object::PyErr {
    type_error(format!(
        "Object of type {} is not JSON serializable",
        type_of(v).name
    ))
}

/// The indentation unit for `indent`: a str as is, an int as that many spaces.
fn indent_unit(vm: &mut Vm, indent: &Value) -> PyResult<Option<String>> {
    match indent {
        Value::None => Ok(None),
        v => match plain(v) {
            Value::Str(s) => Ok(Some(s.as_str().to_string())),
            _ => {
                let spaces = rpvm_object::protocols::arith::binary_op(
                    vm,
                    rpvm_object::protocols::arith::BinOp::Mul,
                    &Value::str(" "),
                    v,
                    false,
                )?;
                Ok(Some(spaces.as_str().unwrap_or("").to_string()))
            }
        },
    }
}

/// `(item_separator, key_separator)` from a 2-sequence.
fn separators(vm: &mut Vm, v: &Value) -> PyResult<(String, String)> {
    let items = rpvm_object::protocols::iter::collect(vm, v)?;
    match items.as_slice() {
        [a, b] => Ok((str_arg(a)?, str_arg(b)?)),
        _ if items.len() < 2 => Err(value_error(format!(
            "not enough values to unpack (expected 2, got {})",
            items.len()
        ))),
        _ => Err(value_error("too many values to unpack (expected 2)")),
    }
}

fn str_arg(v: &Value) -> PyResult<String> {
    match plain(v) {
        Value::Str(s) => Ok(s.as_str().to_string()),
        _ => Err(type_error(format!(
            "separator must be str, not {}",
            type_name(v)
        ))),
    }
}

fn truthy(vm: &mut Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => is_true(vm, v),
        None => Ok(default),
    }
}

/// The keyword options shared by `dumps`, `dump` and `JSONEncoder`.
const ENCODER_OPTIONS: &[&str] = &[
    "skipkeys",
    "ensure_ascii",
    "check_circular",
    "allow_nan",
    "sort_keys",
    "indent",
    "separators",
    "default",
];

/// An encoder from [`ENCODER_OPTIONS`] values (`JSONEncoder.__init__`'s rules).
fn encoder_from(vm: &mut Vm, o: &[Option<Value>]) -> PyResult<Encoder> {
    let get = |i: usize| o.get(i).cloned().flatten();
    let indent = match get(5) {
        Some(v) => indent_unit(vm, &v)?,
        None => None,
    };
    let (item_sep, key_sep) = match get(6).filter(|v| !v.is_none()) {
        Some(s) => separators(vm, &s)?,
        None if indent.is_some() => (",".into(), ": ".into()),
        None => (", ".into(), ": ".into()),
    };
    Ok(Encoder {
        skipkeys: truthy(vm, &get(0), false)?,
        ensure_ascii: truthy(vm, &get(1), true)?,
        check_circular: truthy(vm, &get(2), true)?,
        allow_nan: truthy(vm, &get(3), true)?,
        sort_keys: truthy(vm, &get(4), false)?,
        indent,
        item_sep,
        key_sep,
        default: get(7).filter(|v| !v.is_none()),
        markers: HashSet::new(),
    })
}

/// Encodes `obj` to a string.
fn run_encoder(vm: &mut Vm, enc: &mut Encoder, obj: &Value) -> PyResult<Value> {
    let mut out = String::new();
    enc.encode(vm, &mut out, obj, 0)?;
    Ok(Value::string(out))
}

/// `dumps`/`dump`: the keyword arguments, through `cls` when it is given or unknown keywords
/// are present (as CPython does).
fn dumps_impl(vm: &mut Vm, obj: &Value, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    let kwvals = &args[np..];
    let mut known: Vec<Option<Value>> = vec![None; ENCODER_OPTIONS.len()];
    let mut cls: Option<Value> = None;
    let mut extra_names = Vec::new();
    let mut extra_vals = Vec::new();
    for (name, val) in kw.iter().zip(kwvals) {
        let n = name.as_str().unwrap_or("");
        if n == "cls" {
            cls = Some(val.clone()).filter(|v| !v.is_none());
        } else if let Some(i) = ENCODER_OPTIONS.iter().position(|o| *o == n) {
            known[i] = Some(val.clone());
        } else {
            extra_names.push(name.clone());
            extra_vals.push(val.clone());
        }
    }
    if cls.is_none() && extra_names.is_empty() {
        let mut enc = encoder_from(vm, &known)?;
        return run_encoder(vm, &mut enc, obj);
    }
    let cls = match cls {
        Some(c) => c,
        None => Value::Type(encoder_class(vm)),
    };
    // CPython passes every option, defaults included, in this order, then `**kw`.
    let order: [(usize, Value); 8] = [
        (0, Value::Bool(false)),
        (1, Value::Bool(true)),
        (2, Value::Bool(true)),
        (3, Value::Bool(true)),
        (5, Value::None),
        (6, Value::None),
        (7, Value::None),
        (4, Value::Bool(false)),
    ];
    let mut cargs = Vec::new();
    let mut cnames = Vec::new();
    for (i, default) in order {
        cnames.push(Value::str(ENCODER_OPTIONS[i]));
        cargs.push(known[i].clone().unwrap_or(default));
    }
    cnames.extend(extra_names);
    cargs.extend(extra_vals);
    let encoder = call(vm, &cls, &cargs, &cnames)?;
    let encode = get_attr(vm, &encoder, "encode")?;
    call(vm, &encode, std::slice::from_ref(obj), &[])
}

/// `json.dumps(obj, *, skipkeys, ensure_ascii, check_circular, allow_nan, cls, indent,
/// separators, default, sort_keys, **kw)`.
fn dumps(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    match np {
        1 => dumps_impl(vm, &args[0], args, kw),
        0 => Err(type_error(
            "dumps() missing 1 required positional argument: 'obj'",
        )),
        n => Err(type_error(format!(
            "dumps() takes 1 positional argument but {n} were given"
        ))),
    }
}

/// `json.dump(obj, fp, ...)`: `fp.write(dumps(obj, ...))`.
fn dump(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    if np != 2 {
        return Err(type_error(match np {
            0 => "dump() missing 2 required positional arguments: 'obj' and 'fp'".to_string(),
            1 => "dump() missing 1 required positional argument: 'fp'".to_string(),
            n => format!("dump() takes 2 positional arguments but {n} were given"),
        }));
    }
    let text = dumps_impl(vm, &args[0], args, kw)?;
    let write = get_attr(vm, &args[1], "write")?;
    call(vm, &write, &[text], &[])?;
    Ok(Value::None)
}

// ---- JSONEncoder ----

/// `JSONEncoder.__init__(self, *, skipkeys=False, ..., default=None)`: stores the options
/// as instance attributes, as CPython does.
fn encoder_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let np = npos(args, kw);
    if np > 1 {
        return Err(type_error(format!(
            "JSONEncoder.__init__() takes 1 positional argument but {np} were given"
        )));
    }
    let o = kwonly("JSONEncoder.__init__", args, kw, ENCODER_OPTIONS).map_err(|_| {
        let bad = kw
            .iter()
            .find(|k| !ENCODER_OPTIONS.contains(&k.as_str().unwrap_or("")))
            .and_then(|k| k.as_str().map(str::to_string))
            .unwrap_or_default();
        type_error(format!(
            "JSONEncoder.__init__() got an unexpected keyword argument '{bad}'"
        ))
    })?;
    let flags = [
        ("skipkeys", 0, false),
        ("ensure_ascii", 1, true),
        ("check_circular", 2, true),
        ("allow_nan", 3, true),
        ("sort_keys", 4, false),
    ];
    for (name, i, default) in flags {
        let v = o[i].clone().unwrap_or(Value::Bool(default));
        set_attr(vm, &this, name, v)?;
    }
    let indent = o[5].clone().unwrap_or(Value::None);
    set_attr(vm, &this, "indent", indent.clone())?;
    if let Some(seps) = o[6].clone().filter(|v| !v.is_none()) {
        let (a, b) = separators(vm, &seps)?;
        set_attr(vm, &this, "item_separator", Value::string(a))?;
        set_attr(vm, &this, "key_separator", Value::string(b))?;
    } else if !indent.is_none() {
        set_attr(vm, &this, "item_separator", Value::str(","))?;
    }
    if let Some(d) = o[7].clone().filter(|v| !v.is_none()) {
        set_attr(vm, &this, "default", d)?;
    }
    Ok(Value::None)
}

/// `JSONEncoder.default(self, o)`: raises `TypeError: Object of type T is not JSON
/// serializable`.
fn encoder_default(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Err(not_serializable(arg(args, 1)?))
}

/// `JSONEncoder.encode(self, o)`: encodes with the instance's attributes and its
/// (possibly overridden) `default` method.
fn encoder_encode(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let this = arg(args, 0)?.clone();
    let obj = arg(args, 1)?.clone();
    let mut opts: Vec<Option<Value>> = Vec::new();
    for name in &ENCODER_OPTIONS[..6] {
        opts.push(Some(get_attr(vm, &this, name)?));
    }
    let item = get_attr(vm, &this, "item_separator")?;
    let key = get_attr(vm, &this, "key_separator")?;
    opts.push(Some(Value::tuple(vec![item, key])));
    opts.push(Some(get_attr(vm, &this, "default")?));
    let mut enc = encoder_from(vm, &opts)?;
    run_encoder(vm, &mut enc, &obj)
}

/// `JSONEncoder.iterencode(self, o)`: an iterator over the encoding (one chunk).
fn encoder_iterencode(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let s = encoder_encode(vm, args, kw)?;
    rpvm_object::protocols::iter::get_iter(vm, &Value::list(vec![s]))
}

/// The `JSONEncoder` class (made once per thread).
fn encoder_class(vm: &mut Vm) -> Rc<PyType> {
    let t = class_of(
        vm,
        &ClassSpec {
            name: "JSONEncoder",
            module: "json.encoder",
            base: None,
            new: None,
            // Plain native methods (non-data descriptors), so `self.default = f` in
            // `__init__` can shadow `default` as in CPython.
            dunders: &[
                ("__init__", encoder_init),
                ("default", encoder_default),
                ("encode", encoder_encode),
                ("iterencode", encoder_iterencode),
            ],
            methods: &[],
            props: &[],
        },
    );
    if t.dict.get_str("item_separator").is_none() {
        t.dict.set_str("item_separator", Value::str(", "));
        t.dict.set_str("key_separator", Value::str(": "));
    }
    t
}

/// `json.encoder.encode_basestring(s)` / `encode_basestring_ascii(s)`.
fn basestring(args: &[Value], kw: &[Value], name: &str, ascii: bool) -> PyResult<Value> {
    let s = crate::args::one_arg(name, args, kw)?;
    match plain(s) {
        Value::Str(t) => {
            let mut out = String::new();
            encode_string(&mut out, t.as_str(), ascii);
            Ok(Value::string(out))
        }
        _ => Err(type_error(format!(
            "first argument must be a string, not {}",
            type_name(s)
        ))),
    }
}

fn encode_basestring(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    basestring(args, kw, "encode_basestring", false)
}

fn encode_basestring_ascii(_vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    basestring(args, kw, "encode_basestring_ascii", true)
}

/// A module `name` holding `items`, registered in `vm.modules`.
fn submodule(vm: &mut Vm, name: &str, items: Vec<(&str, Value)>) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str(name));
    for (n, v) in items {
        d.set_str(n, v);
    }
    let m = Value::Module(Rc::new(PyModule {
        name: name.to_string(),
        dict: d,
    }));
    vm.modules.set_str(name, m.clone());
    m
}

/// Creates the `json` module and its `json.encoder` / `json.decoder` submodules (all
/// registered in `vm.modules`).
pub fn make_json(vm: &mut Vm) -> Value {
    if let Some(m) = vm.modules.get_str("json") {
        return m;
    }
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("json"));
    d.set_str("__version__", Value::str("2.0.9"));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("dumps", dumps),
        ("dump", dump),
        ("loads", decode::loads),
        ("load", decode::load),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    let encoder = Value::Type(encoder_class(vm));
    let decoder = Value::Type(decode::decoder_class(vm));
    let error = Value::Type(decode_error_class(vm));
    d.set_str("JSONEncoder", encoder.clone());
    d.set_str("JSONDecoder", decoder.clone());
    d.set_str("JSONDecodeError", error.clone());
    let m = Value::Module(Rc::new(PyModule {
        name: "json".to_string(),
        dict: d.clone(),
    }));
    vm.modules.set_str("json", m.clone());
    let enc = submodule(
        vm,
        "json.encoder",
        vec![
            ("JSONEncoder", encoder),
            (
                "encode_basestring",
                builtin_fn("encode_basestring", encode_basestring),
            ),
            (
                "encode_basestring_ascii",
                builtin_fn("encode_basestring_ascii", encode_basestring_ascii),
            ),
        ],
    );
    let dec = submodule(
        vm,
        "json.decoder",
        vec![("JSONDecoder", decoder), ("JSONDecodeError", error)],
    );
    d.set_str("encoder", enc);
    d.set_str("decoder", dec);
    m
}

/// The `json.encoder` or `json.decoder` module (importing it imports `json`).
pub fn make_json_submodule(vm: &mut Vm, name: &str) -> Value {
    make_json(vm);
    vm.modules.get_str(name).unwrap_or(Value::None)
}

#[cfg(test)]
mod tests {
    use super::encode_string;

    fn enc(s: &str, ascii: bool) -> String {
        let mut out = String::new();
        encode_string(&mut out, s, ascii);
        out
    }

    #[test]
    fn strings_escape_as_cpython() {
        assert_eq!(enc("a\"b\\\n\u{1}", true), "\"a\\\"b\\\\\\n\\u0001\"");
        assert_eq!(
            enc("\u{7f}\u{e9}\u{1F600}", true),
            "\"\\u007f\\u00e9\\ud83d\\ude00\""
        );
        assert_eq!(enc("\u{7f}\u{e9}", false), "\"\u{7f}\u{e9}\"");
    }
}
