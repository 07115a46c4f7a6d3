//! The `string` module: the character-class constants, `capwords` and `Template`
//! (`substitute`, `safe_substitute`, `get_identifiers`, `is_valid`; the delimiter may be
//! overridden by a subclass, the identifier pattern is always CPython's default).

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::PyResult;
use rpvm_object::module::PyModule;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::{Value, Vm};

use crate::args::parse;
use crate::builtin_fn;

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCT: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const WS: &str = " \t\n\r\x0b\x0c";

fn method(vm: &mut Vm, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = get_attr(vm, obj, name)?;
    call(vm, &f, args, &[])
}

/// `string.capwords(s, sep=None)`.
fn capwords(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse("capwords", args, kw, &["s", "sep"], 0, 1)?;
    let s = p[0].clone().unwrap();
    let sep = p[1].clone().unwrap_or(Value::None);
    let parts = method(vm, &s, "split", std::slice::from_ref(&sep))?;
    let parts = match &parts {
        Value::List(l) => l.snapshot(),
        _ => vec![],
    };
    let mut out = Vec::new();
    for w in parts {
        out.push(method(vm, &w, "capitalize", &[])?);
    }
    let joiner = if sep.is_none() { Value::str(" ") } else { sep };
    method(vm, &joiner, "join", &[Value::list(out)])
}

// ---- Template ----

/// One `$` placeholder found in a template.
enum Piece {
    /// Literal text.
    Text(String),
    /// `$$`.
    Escaped,
    /// `$name` or `${name}` (the whole match kept for `safe_substitute`).
    Named(String, String),
    /// A delimiter not followed by a valid placeholder, at this char index.
    Invalid(usize),
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_id_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

fn parse_template(text: &str, delim: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let dl: Vec<char> = delim.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < chars.len() {
        if dl.is_empty() || !chars[i..].starts_with(&dl) {
            lit.push(chars[i]);
            i += 1;
            continue;
        }
        if !lit.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut lit)));
        }
        let j = i + dl.len();
        if chars[j..].starts_with(&dl) {
            out.push(Piece::Escaped);
            i = j + dl.len();
            continue;
        }
        if j < chars.len() && is_id_start(chars[j]) {
            let mut k = j + 1;
            while k < chars.len() && is_id_char(chars[k]) {
                k += 1;
            }
            let name: String = chars[j..k].iter().collect();
            let whole: String = chars[i..k].iter().collect();
            out.push(Piece::Named(name, whole));
            i = k;
            continue;
        }
        if j + 1 < chars.len() && chars[j] == '{' && is_id_start(chars[j + 1]) {
            let mut k = j + 2;
            while k < chars.len() && is_id_char(chars[k]) {
                k += 1;
            }
            if k < chars.len() && chars[k] == '}' {
                let name: String = chars[j + 1..k].iter().collect();
                let whole: String = chars[i..=k].iter().collect();
                out.push(Piece::Named(name, whole));
                i = k + 1;
                continue;
            }
        }
        out.push(Piece::Invalid(j));
        lit.push_str(delim);
        i = j;
    }
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    out
}

fn invalid_placeholder(text: &str, at: usize) -> rpvm_object::PyErr {
    let before: Vec<char> = text.chars().take(at).collect();
    let mut lineno = 1;
    let mut line_start = 0;
    for (idx, c) in before.iter().enumerate() {
        if matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            let crlf = *c == '\r' && before.get(idx + 1) == Some(&'\n');
            if !crlf && idx + 1 < before.len() {
                lineno += 1;
                line_start = idx + 1;
            }
        }
    }
    let colno = if before.is_empty() {
        1
    } else {
        at - line_start
    };
    rpvm_object::exception::value_error(format!(
        "Invalid placeholder in string: line {lineno}, col {colno}"
    ))
}

fn template_init(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = parse(
        "Template",
        crate::args::rest(args, 1),
        kw,
        &["template"],
        0,
        1,
    )?;
    rpvm_object::protocols::attr::set_attr(
        vm,
        crate::args::arg(args, 0)?,
        "template",
        p[0].clone().unwrap(),
    )?;
    Ok(Value::None)
}

fn template_parts(vm: &mut Vm, this: &Value) -> PyResult<(String, Vec<Piece>)> {
    let t = get_attr(vm, this, "template")?;
    let text = rpvm_object::protocols::repr::str_(vm, &t)?;
    let d = get_attr(vm, this, "delimiter")?;
    let delim = rpvm_object::protocols::repr::str_(vm, &d)?;
    let pieces = parse_template(&text, &delim);
    Ok((text, pieces))
}

fn template_sub(vm: &mut Vm, args: &[Value], kw: &[Value], safe: bool) -> PyResult<Value> {
    let fname = if safe {
        "safe_substitute"
    } else {
        "substitute"
    };
    let this = crate::args::arg(args, 0)?;
    let np = crate::args::npos(args, kw);
    if np > 2 {
        return Err(rpvm_object::exception::type_error(format!(
            "Template.{fname}() takes from 1 to 2 positional arguments but {np} were given"
        )));
    }
    let mapping = if np == 2 {
        Some(crate::args::arg(args, 1)?.clone())
    } else {
        None
    };
    let kws: Vec<(Value, Value)> = kw.iter().cloned().zip(args[np..].iter().cloned()).collect();
    let (text, pieces) = template_parts(vm, this)?;
    let d = get_attr(vm, this, "delimiter")?;
    let delim = rpvm_object::protocols::repr::str_(vm, &d)?;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Escaped => out.push_str(&delim),
            Piece::Invalid(at) => {
                if !safe {
                    return Err(invalid_placeholder(&text, at));
                }
            }
            Piece::Named(name, whole) => {
                let found = kws.iter().find(|(k, _)| k.as_str() == Some(name.as_str()));
                let value = match (found, &mapping) {
                    (Some((_, v)), _) => Ok(v.clone()),
                    (None, Some(m)) => rpvm_object::protocols::subscript::get_item(
                        vm,
                        m,
                        &Value::string(name.clone()),
                    ),
                    (None, None) => Err(rpvm_object::exception::key_error(Value::string(name))),
                };
                match value {
                    Ok(v) => out.push_str(&rpvm_object::protocols::repr::str_(vm, &v)?),
                    Err(e) if safe && e.is_instance_of("KeyError") => out.push_str(&whole),
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(Value::string(out))
}

fn template_substitute(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    template_sub(vm, args, kw, false)
}

fn template_safe_substitute(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    template_sub(vm, args, kw, true)
}

fn template_get_identifiers(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, pieces) = template_parts(vm, crate::args::arg(args, 0)?)?;
    let mut ids: Vec<String> = Vec::new();
    for p in pieces {
        if let Piece::Named(n, _) = p {
            if !ids.contains(&n) {
                ids.push(n);
            }
        }
    }
    Ok(Value::list(ids.into_iter().map(Value::string).collect()))
}

fn template_is_valid(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (_, pieces) = template_parts(vm, crate::args::arg(args, 0)?)?;
    Ok(Value::Bool(
        !pieces.iter().any(|p| matches!(p, Piece::Invalid(_))),
    ))
}

const TEMPLATE: crate::functools::ClassSpec = crate::functools::ClassSpec {
    name: "Template",
    module: "string",
    base: None,
    new: None,
    dunders: &[("__init__", template_init)],
    methods: &[
        ("substitute", template_substitute),
        ("safe_substitute", template_safe_substitute),
        ("get_identifiers", template_get_identifiers),
        ("is_valid", template_is_valid),
    ],
    props: &[],
};

/// Creates the `string` module (also registered in `vm.modules`).
pub fn make_string(vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("string"));
    let letters = format!("{LOWER}{UPPER}");
    d.set_str("ascii_lowercase", Value::str(LOWER));
    d.set_str("ascii_uppercase", Value::str(UPPER));
    d.set_str("ascii_letters", Value::string(letters.clone()));
    d.set_str("digits", Value::str(DIGITS));
    d.set_str("hexdigits", Value::str("0123456789abcdefABCDEF"));
    d.set_str("octdigits", Value::str("01234567"));
    d.set_str("punctuation", Value::str(PUNCT));
    d.set_str("whitespace", Value::str(WS));
    d.set_str(
        "printable",
        Value::string(format!("{DIGITS}{letters}{PUNCT}{WS}")),
    );
    d.set_str("capwords", builtin_fn("capwords", capwords));
    let t = crate::functools::class_of(vm, &TEMPLATE);
    t.dict.set_str("delimiter", Value::str("$"));
    t.dict
        .set_str("idpattern", Value::str("(?a:[_a-z][_a-z0-9]*)"));
    t.dict.set_str("braceidpattern", Value::None);
    d.set_str("Template", Value::Type(t));
    let m = Value::Module(Rc::new(PyModule {
        name: "string".to_string(),
        dict: d,
    }));
    vm.modules.set_str("string", m.clone());
    m
}
