//! The `string` module: the character-class constants and `capwords`.

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
    let m = Value::Module(Rc::new(PyModule {
        name: "string".to_string(),
        dict: d,
    }));
    vm.modules.set_str("string", m.clone());
    m
}
