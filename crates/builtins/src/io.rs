//! `print`, `input`, and the `sys.stdout` / `sys.stderr` / `sys.stdin` stream objects.

use rpvm_object::native::NativeRef;
use std::any::Any;
use std::io::{BufRead, Read};
use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, PyException, PyResult};
use rpvm_object::function::{BuiltinFunction, NativeFn};
use rpvm_object::native::NativeObject;
use rpvm_object::protocols::attr::get_attr;
use rpvm_object::protocols::call::call;
use rpvm_object::protocols::repr::str_;
use rpvm_object::protocols::truth::is_true;
use rpvm_object::protocols::type_name;
use rpvm_object::typeobj::{builtin_types, PyType, TypeKind};
use rpvm_object::{Value, Vm};

use crate::args::{check_positional, kwonly, no_kwargs, npos};

/// Which standard stream a [`StdStream`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamKind {
    /// `sys.stdin`.
    Stdin,
    /// `sys.stdout`.
    Stdout,
    /// `sys.stderr`.
    Stderr,
}

/// A standard stream object (`_io.TextIOWrapper`) backed by the Vm's stdin / stdout /
/// stderr.
#[derive(Debug)]
pub struct StdStream {
    /// Which stream.
    pub kind: StreamKind,
}

thread_local! {
    static TEXT_IO: Rc<PyType> = Rc::new(PyType {
        name: "TextIOWrapper".to_string(),
        qualname: "TextIOWrapper".to_string(),
        module: "_io".to_string(),
        kind: TypeKind::Native,
        bases: vec![builtin_types().object.clone()],
        mro_tail: vec![builtin_types().object.clone()],
        dict: {
            let dict = Rc::new(PyDict::new());
            dict.mark_type_dict();
            dict
        },
        builtin: true,
        subclassable: false,
        extra: Default::default(),
    });
}

impl StdStream {
    fn name(&self) -> &'static str {
        match self.kind {
            StreamKind::Stdin => "<stdin>",
            StreamKind::Stdout => "<stdout>",
            StreamKind::Stderr => "<stderr>",
        }
    }

    fn mode(&self) -> &'static str {
        match self.kind {
            StreamKind::Stdin => "r",
            _ => "w",
        }
    }
}

/// Whether the C library's LC_CTYPE is the C/POSIX locale (or C.UTF-8), where CPython uses
/// `surrogateescape` for stdin/stdout.
fn c_locale() -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default();
    matches!(
        locale.as_str(),
        "" | "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "C.utf-8"
    )
}

fn method(name: &'static str, func: NativeFn, self_value: &Value) -> Value {
    Value::Builtin(Rc::new(BuiltinFunction {
        name,
        func,
        bound_self: Some(self_value.clone()),
        owner: Some("TextIOWrapper"),
    }))
}

impl NativeObject for StdStream {
    fn class(&self) -> Rc<PyType> {
        TEXT_IO.with(|t| t.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        Ok(format!(
            "<_io.TextIOWrapper name='{}' mode='{}' encoding='utf-8'>",
            self.name(),
            self.mode()
        ))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let reading = self.kind == StreamKind::Stdin;
        Ok(Some(match name {
            "write" if !reading => method("write", stream_write, self_value),
            "writelines" if !reading => method("writelines", stream_writelines, self_value),
            "flush" => method("flush", stream_flush, self_value),
            "readline" if reading => method("readline", stream_readline, self_value),
            "readlines" if reading => method("readlines", stream_readlines, self_value),
            "read" if reading => method("read", stream_read, self_value),
            "__iter__" => method("__iter__", stream_iter, self_value),
            "__next__" if reading => method("__next__", stream_next, self_value),
            "isatty" => method("isatty", stream_isatty, self_value),
            "fileno" => method("fileno", stream_fileno, self_value),
            "readable" => method("readable", stream_readable, self_value),
            "writable" => method("writable", stream_writable, self_value),
            "name" => Value::str(self.name()),
            "mode" => Value::str(self.mode()),
            "encoding" => Value::str("utf-8"),
            "errors" => Value::str(if self.kind == StreamKind::Stderr {
                "backslashreplace"
            } else if c_locale() {
                "surrogateescape"
            } else {
                "strict"
            }),
            "closed" => Value::Bool(false),
            "buffer" => Value::Native(NativeRef::new(BinaryStream { kind: self.kind })),
            "line_buffering" => Value::Bool(false),
            "newlines" => Value::None,
            _ => return Ok(None),
        }))
    }

    fn next(&self, vm: &mut Vm) -> Option<PyResult<Option<Value>>> {
        if self.kind != StreamKind::Stdin {
            return None;
        }
        let line = read_line(vm);
        Some(Ok((!line.is_empty()).then(|| Value::string(line))))
    }
}

/// `sys.stdout.buffer` and friends: the byte streams under the text streams. Writes go to
/// the same buffer as the text layer, so text and bytes stay in program order.
#[derive(Debug)]
pub struct BinaryStream {
    /// Which stream.
    pub kind: StreamKind,
}

thread_local! {
    static BUFFERED_WRITER: Rc<PyType> = crate::random::native_type("BufferedWriter", "_io");
    static BUFFERED_READER: Rc<PyType> = crate::random::native_type("BufferedReader", "_io");
}

impl NativeObject for BinaryStream {
    fn class(&self) -> Rc<PyType> {
        if self.kind == StreamKind::Stdin {
            BUFFERED_READER.with(|t| t.clone())
        } else {
            BUFFERED_WRITER.with(|t| t.clone())
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn repr(&self, _vm: &mut Vm) -> PyResult<String> {
        let name = StdStream { kind: self.kind }.name();
        Ok(format!("<_io.{} name='{name}'>", self.class().name))
    }

    fn get_attr(&self, _vm: &mut Vm, self_value: &Value, name: &str) -> PyResult<Option<Value>> {
        let reading = self.kind == StreamKind::Stdin;
        let m = |n: &'static str, f: NativeFn| {
            Value::Builtin(Rc::new(BuiltinFunction {
                name: n,
                func: f,
                bound_self: Some(self_value.clone()),
                owner: Some(if reading {
                    "BufferedReader"
                } else {
                    "BufferedWriter"
                }),
            }))
        };
        Ok(Some(match name {
            "write" if !reading => m("write", binary_write),
            "read" if reading => m("read", binary_read),
            "readline" if reading => m("readline", binary_readline),
            "flush" => m("flush", binary_flush),
            "isatty" => m("isatty", stream_isatty_any),
            "readable" => Value::Builtin(Rc::new(BuiltinFunction {
                name: "readable",
                func: if reading { yes } else { no },
                bound_self: Some(self_value.clone()),
                owner: None,
            })),
            "writable" => Value::Builtin(Rc::new(BuiltinFunction {
                name: "writable",
                func: if reading { no } else { yes },
                bound_self: Some(self_value.clone()),
                owner: None,
            })),
            "name" => Value::str(StdStream { kind: self.kind }.name()),
            "mode" => Value::str(if reading { "rb" } else { "wb" }),
            "closed" => Value::Bool(false),
            _ => return Ok(None),
        }))
    }
}

fn binary_kind(args: &[Value]) -> PyResult<StreamKind> {
    if let Some(Value::Native(n)) = args.first() {
        if let Some(s) = n.as_any().downcast_ref::<BinaryStream>() {
            return Ok(s.kind);
        }
    }
    Err(type_error(
        "descriptor requires a '_io.BufferedWriter' object",
    ))
}

fn yes(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

fn no(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn stream_isatty_any(_vm: &mut Vm, _args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn binary_write(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let kind = binary_kind(args)?;
    no_kwargs("write", kwnames)?;
    if args.len() != 2 {
        return Err(type_error(format!(
            "write() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    let data: Vec<u8> = match crate::args::arg(args, 1)? {
        Value::Bytes(b) => b.to_vec(),
        Value::ByteArray(b) => b.snapshot(),
        Value::Native(_) => match crate::memoryview::memoryview_bytes(crate::args::arg(args, 1)?) {
            Some(b) => b,
            None => {
                return Err(type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    type_name(crate::args::arg(args, 1)?)
                )))
            }
        },
        other => {
            return Err(type_error(format!(
                "a bytes-like object is required, not '{}'",
                type_name(other)
            )))
        }
    };
    match kind {
        StreamKind::Stderr => vm.stderr.write_bytes(&data),
        _ => vm.stdout.write_bytes(&data),
    }
    Ok(Value::from(data.len()))
}

fn binary_flush(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    match binary_kind(args)? {
        StreamKind::Stdout => vm.stdout.flush(),
        StreamKind::Stderr => vm.stderr.flush(),
        StreamKind::Stdin => {}
    }
    Ok(Value::None)
}

fn binary_read(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    binary_kind(args)?;
    let limit = size_arg(vm, args)?;
    let mut buf = Vec::new();
    match limit {
        None => {
            let _ = vm.stdin.read_to_end(&mut buf);
        }
        Some(n) => {
            let _ = std::io::Read::by_ref(&mut vm.stdin)
                .take(n as u64)
                .read_to_end(&mut buf);
        }
    }
    Ok(Value::Bytes(buf.into()))
}

fn binary_readline(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    binary_kind(args)?;
    let mut buf = Vec::new();
    let _ = vm.stdin.read_until(b'\n', &mut buf);
    Ok(Value::Bytes(buf.into()))
}

fn this(args: &[Value]) -> PyResult<StreamKind> {
    if let Some(Value::Native(n)) = args.first() {
        if let Some(s) = n.as_any().downcast_ref::<StdStream>() {
            return Ok(s.kind);
        }
    }
    Err(type_error(
        "descriptor requires a '_io.TextIOWrapper' object",
    ))
}

fn write_to(vm: &mut Vm, kind: StreamKind, s: &str) {
    match kind {
        StreamKind::Stderr => vm.stderr.write_str(s),
        _ => vm.stdout.write_str(s),
    }
}

fn stream_write(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let kind = this(args)?;
    no_kwargs("write", kwnames)?;
    if args.len() != 2 {
        return Err(type_error(format!(
            "write() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        )));
    }
    match crate::args::arg(args, 1)? {
        Value::Str(s) => {
            write_to(vm, kind, s.as_str());
            Ok(Value::from(s.char_len()))
        }
        other => Err(type_error(format!(
            "write() argument must be str, not {}",
            type_name(other)
        ))),
    }
}

fn stream_writelines(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let kind = this(args)?;
    no_kwargs("writelines", kwnames)?;
    check_positional("writelines", args.len().saturating_sub(1), 1, 1)?;
    for line in rpvm_object::protocols::iter::collect(vm, crate::args::arg(args, 1)?)? {
        match &line {
            Value::Str(s) => write_to(vm, kind, s.as_str()),
            other => {
                return Err(type_error(format!(
                    "write() argument must be str, not {}",
                    type_name(other)
                )))
            }
        }
    }
    Ok(Value::None)
}

fn stream_flush(vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    match this(args)? {
        StreamKind::Stdout => vm.stdout.flush(),
        StreamKind::Stderr => vm.stderr.flush(),
        StreamKind::Stdin => {}
    }
    Ok(Value::None)
}

fn stream_isatty(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    Ok(Value::Bool(false))
}

fn stream_fileno(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    Ok(Value::Int(match this(args)? {
        StreamKind::Stdin => 0,
        StreamKind::Stdout => 1,
        StreamKind::Stderr => 2,
    }))
}

fn stream_readable(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(this(args)? == StreamKind::Stdin))
}

fn stream_writable(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(this(args)? != StreamKind::Stdin))
}

fn stream_iter(_vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    Ok(crate::args::arg(args, 0)?.clone())
}

fn stream_next(vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    let line = read_line(vm);
    if line.is_empty() {
        return Err(crate::numeric::stop_iteration());
    }
    Ok(Value::string(line))
}

/// Reads one line from the Vm's stdin (with its `\n`; empty at EOF). Like CPython's
/// `sys.stdin` on POSIX (`newline="\n"`), only `\n` ends a line and `\r` is kept.
pub fn read_line(vm: &mut Vm) -> String {
    let mut buf = Vec::new();
    let _ = vm.stdin.read_until(b'\n', &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn size_arg(vm: &mut Vm, args: &[Value]) -> PyResult<Option<usize>> {
    match args.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = crate::args::index_clamped(vm, v)?;
            Ok(usize::try_from(n).ok())
        }
    }
}

fn stream_readline(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    no_kwargs("readline", kwnames)?;
    let limit = size_arg(vm, args)?;
    let line = read_line(vm);
    match limit {
        Some(n) if line.chars().count() > n => {
            // The rest of the line is lost (rpvm does not push back into stdin).
            Ok(Value::string(line.chars().take(n).collect()))
        }
        _ => Ok(Value::string(line)),
    }
}

fn stream_readlines(vm: &mut Vm, args: &[Value], _kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    let mut lines = Vec::new();
    loop {
        let line = read_line(vm);
        if line.is_empty() {
            break;
        }
        lines.push(Value::string(line));
    }
    Ok(Value::list(lines))
}

fn stream_read(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    this(args)?;
    no_kwargs("read", kwnames)?;
    let limit = size_arg(vm, args)?;
    let mut buf = Vec::new();
    match limit {
        None => {
            let _ = vm.stdin.read_to_end(&mut buf);
        }
        Some(n) => {
            let _ = (&mut vm.stdin).take(n as u64).read_to_end(&mut buf);
        }
    }
    Ok(Value::string(String::from_utf8_lossy(&buf).into_owned()))
}

/// Where `print` / `input` write.
enum Target {
    Std(StreamKind),
    Object(Value),
    Discard,
}

/// `sys.stdout` (or `sys.stderr`, `sys.stdin`) as currently set in the `sys` module; the
/// Vm's own stream when there is no `sys` module.
fn sys_stream(vm: &Vm, name: &str) -> Value {
    if let Some(Value::Module(m)) = vm.modules.get_str("sys") {
        if let Some(v) = m.dict.get_str(name) {
            return v;
        }
    }
    let kind = match name {
        "stderr" => StreamKind::Stderr,
        "stdin" => StreamKind::Stdin,
        _ => StreamKind::Stdout,
    };
    Value::Native(NativeRef::new(StdStream { kind }))
}

fn target_of(file: &Value) -> Target {
    match file {
        Value::None => Target::Discard,
        Value::Native(n) => match n.as_any().downcast_ref::<StdStream>() {
            Some(s) if s.kind != StreamKind::Stdin => Target::Std(s.kind),
            _ => Target::Object(file.clone()),
        },
        _ => Target::Object(file.clone()),
    }
}

fn emit(vm: &mut Vm, target: &Target, s: &str) -> PyResult<()> {
    match target {
        Target::Std(kind) => {
            write_to(vm, *kind, s);
            Ok(())
        }
        Target::Object(f) => {
            let write = get_attr(vm, f, "write")?;
            call(vm, &write, &[Value::str(s)], &[])?;
            Ok(())
        }
        Target::Discard => Ok(()),
    }
}

fn flush_target(vm: &mut Vm, target: &Target) -> PyResult<()> {
    match target {
        Target::Std(StreamKind::Stderr) => vm.stderr.flush(),
        Target::Std(_) => vm.stdout.flush(),
        Target::Object(f) => {
            let flush = get_attr(vm, f, "flush")?;
            call(vm, &flush, &[], &[])?;
        }
        Target::Discard => {}
    }
    Ok(())
}

fn sep_arg(v: &Option<Value>, what: &str) -> PyResult<Option<Value>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(s @ Value::Str(_)) => Ok(Some(s.clone())),
        Some(other) => Err(type_error(format!(
            "{what} must be None or a string, not {}",
            type_name(other)
        ))),
    }
}

/// `print(*objects, sep=' ', end='\n', file=None, flush=False)`.
pub fn print(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    let np = npos(args, kwnames);
    let kw = kwonly("print", args, kwnames, &["sep", "end", "file", "flush"])?;
    let file = match &kw[2] {
        None | Some(Value::None) => sys_stream(vm, "stdout"),
        Some(f) => f.clone(),
    };
    let target = target_of(&file);
    if matches!(target, Target::Discard) {
        return Ok(Value::None);
    }
    let sep = sep_arg(&kw[0], "sep")?;
    let end = sep_arg(&kw[1], "end")?;
    for (i, obj) in args[..np].iter().enumerate() {
        if i > 0 {
            match &sep {
                Some(Value::Str(s)) => emit(vm, &target, s.as_str())?,
                _ => emit(vm, &target, " ")?,
            }
        }
        match obj {
            Value::Str(s) => emit(vm, &target, s.as_str())?,
            _ => {
                let s = str_(vm, obj)?;
                emit(vm, &target, &s)?;
            }
        }
    }
    match &end {
        Some(Value::Str(s)) => emit(vm, &target, s.as_str())?,
        _ => emit(vm, &target, "\n")?,
    }
    if let Some(f) = &kw[3] {
        if is_true(vm, f)? {
            flush_target(vm, &target)?;
        }
    }
    Ok(Value::None)
}

/// `input(prompt='')`: writes the prompt to `sys.stdout`, flushes it, reads a line from
/// stdin and strips its newline; EOFError at end of input.
pub fn input(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    no_kwargs("input", kwnames)?;
    check_positional("input", args.len(), 0, 1)?;
    vm.stderr.flush();
    let out = target_of(&sys_stream(vm, "stdout"));
    if let Some(prompt) = args.first() {
        let s = str_(vm, prompt)?;
        emit(vm, &out, &s)?;
    }
    flush_target(vm, &out)?;
    let stdin = sys_stream(vm, "stdin");
    let is_std =
        matches!(&stdin, Value::Native(n) if n.as_any().downcast_ref::<StdStream>().is_some());
    let mut line = if is_std {
        read_line(vm)
    } else {
        let readline = get_attr(vm, &stdin, "readline")?;
        match call(vm, &readline, &[], &[])? {
            Value::Str(s) => s.as_str().to_string(),
            other => {
                return Err(type_error(format!(
                    "object.readline() returned non-string (type {})",
                    type_name(&other)
                )))
            }
        }
    };
    if line.is_empty() {
        return Err(PyException::with_message(
            "EOFError",
            "EOF when reading a line",
        ));
    }
    if line.ends_with('\n') {
        line.pop();
    }
    Ok(Value::string(line))
}
