//! `open()` and the file objects it returns: `_io.TextIOWrapper` for text modes,
//! `_io.BufferedReader`/`BufferedWriter`/`BufferedRandom` for binary ones. Writes go
//! straight to the file; the first read loads the rest of the file (decoded, for text) and
//! later reads and `tell` work from that, until a write or `seek` drops it again.
//! Text files decode UTF-8 (also `ascii` and `latin-1`); `newline=None` turns `\r\n` and
//! `\r` into `\n` on reading, `newline='\r\n'` (or `'\r'`) translates `\n` on writing.

use std::cell::RefCell;
use std::io::{Read, Seek, SeekFrom, Write};

use rpvm_object::exception::{stop_iteration, type_error, value_error, PyException, PyResult};
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use crate::functools::{class_of, new_instance, split, with_state, ClassSpec};

#[derive(Debug)]
struct FileObj {
    file: Option<std::fs::File>,
    name: Value,
    mode: String,
    encoding: String,
    binary: bool,
    readable: bool,
    writable: bool,
    /// `newline=None`: translate `\r\n`/`\r` to `\n` on reading.
    translate: bool,
    /// What `\n` becomes on writing.
    write_nl: &'static str,
    /// The rest of the file, once a read has loaded it: bytes, or text for text files.
    loaded: Option<Loaded>,
}

#[derive(Debug)]
struct Loaded {
    /// File position where the loaded data starts.
    base: u64,
    bytes: Vec<u8>,
    text: String,
    /// Index into `bytes` or `text`.
    pos: usize,
}

type State = RefCell<FileObj>;

const CLOSED: &str = "I/O operation on closed file.";

fn unsupported(msg: &str) -> rpvm_object::PyErr {
    PyException::with_message("OSError", msg)
}

fn os_err(e: &std::io::Error, name: Option<&Value>) -> rpvm_object::PyErr {
    crate::os_mod::io_error(e, name)
}

/// Runs `f` on the open file `v` (ValueError if it is closed).
fn with_file<R>(v: &Value, f: impl FnOnce(&mut FileObj) -> PyResult<R>) -> PyResult<R> {
    with_state::<State, _>(v, "_io._IOBase", |s| {
        let mut s = s.borrow_mut();
        if s.file.is_none() {
            return Err(value_error(CLOSED));
        }
        f(&mut s)
    })?
}

fn decode(encoding: &str, data: &[u8]) -> PyResult<String> {
    match normal_encoding(encoding).as_str() {
        "utf-8" => match std::str::from_utf8(data) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let reason = if e.error_len().is_none() {
                    "unexpected end of data"
                } else if data[at] >= 0x80 && data[at] < 0xc0 || data[at] >= 0xf8 {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                };
                Err(PyException::with_message(
                    "UnicodeDecodeError",
                    format!(
                        "'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}",
                        data[at]
                    ),
                ))
            }
        },
        "latin-1" => Ok(data.iter().map(|&b| b as char).collect()),
        _ => match data.iter().position(|&b| b >= 0x80) {
            None => Ok(data.iter().map(|&b| b as char).collect()),
            Some(at) => Err(PyException::with_message(
                "UnicodeDecodeError",
                format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
                    data[at]
                ),
            )),
        },
    }
}

fn encode(encoding: &str, s: &str) -> PyResult<Vec<u8>> {
    match normal_encoding(encoding).as_str() {
        "utf-8" => Ok(s.as_bytes().to_vec()),
        enc => {
            let limit = if enc == "latin-1" { 0x100 } else { 0x80 };
            let mut out = Vec::with_capacity(s.len());
            for (i, c) in s.chars().enumerate() {
                if (c as u32) >= limit {
                    let codec = if enc == "latin-1" { "latin-1" } else { "ascii" };
                    let range = if enc == "latin-1" { 256 } else { 128 };
                    return Err(PyException::with_message(
                        "UnicodeEncodeError",
                        format!(
                            "'{codec}' codec can't encode character '\\x{:02x}' in position {i}: ordinal not in range({range})",
                            c as u32
                        ),
                    ));
                }
                out.push(c as u8);
            }
            Ok(out)
        }
    }
}

fn normal_encoding(e: &str) -> String {
    let e = e.to_ascii_lowercase().replace('_', "-");
    match e.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" => "utf-8".into(),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819" | "latin" => {
            "latin-1".into()
        }
        "ascii" | "us-ascii" | "646" => "ascii".into(),
        _ => e,
    }
}

impl FileObj {
    fn file(&mut self) -> &mut std::fs::File {
        self.file.as_mut().expect("checked open")
    }

    /// Loads the rest of the file for reading (once).
    fn load(&mut self) -> PyResult<&mut Loaded> {
        if !self.readable {
            return Err(unsupported("not readable"));
        }
        if self.loaded.is_none() {
            let name = self.name.clone();
            let f = self.file();
            let base = f.stream_position().map_err(|e| os_err(&e, Some(&name)))?;
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes)
                .map_err(|e| os_err(&e, Some(&name)))?;
            let text = if self.binary {
                String::new()
            } else {
                let t = decode(&self.encoding, &bytes)?;
                bytes = Vec::new();
                t
            };
            self.loaded = Some(Loaded {
                base,
                bytes,
                text,
                pos: 0,
            });
        }
        Ok(self.loaded.as_mut().expect("just loaded"))
    }

    /// Puts the OS file position back where reading got to and forgets the loaded data.
    fn unload(&mut self) -> PyResult<()> {
        if let Some(l) = self.loaded.take() {
            let at = l.base + l.consumed_bytes() as u64;
            let name = self.name.clone();
            self.file()
                .seek(SeekFrom::Start(at))
                .map_err(|e| os_err(&e, Some(&name)))?;
        }
        Ok(())
    }

    fn tell(&mut self) -> PyResult<u64> {
        if let Some(l) = &self.loaded {
            return Ok(l.base + l.consumed_bytes() as u64);
        }
        let name = self.name.clone();
        self.file()
            .stream_position()
            .map_err(|e| os_err(&e, Some(&name)))
    }

    /// Reads up to `limit` characters (text) or bytes, stopping after a newline if `line`.
    fn read_chunk(&mut self, limit: Option<usize>, line: bool) -> PyResult<Value> {
        let binary = self.binary;
        let translate = self.translate;
        let l = self.load()?;
        if binary {
            let rest = &l.bytes[l.pos..];
            let mut n = limit.unwrap_or(rest.len()).min(rest.len());
            if line {
                if let Some(i) = rest[..n].iter().position(|&b| b == b'\n') {
                    n = i + 1;
                }
            }
            let out = rest[..n].to_vec();
            l.pos += n;
            return Ok(Value::Bytes(out.into()));
        }
        let rest = &l.text[l.pos..];
        let mut out = String::new();
        let mut count = 0usize;
        let mut chars = rest.char_indices().peekable();
        let mut used = 0usize;
        while let Some((i, c)) = chars.next() {
            if limit.is_some_and(|n| count >= n) {
                break;
            }
            let mut c = c;
            used = i + c.len_utf8();
            if c == '\r' && translate {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    used = j + 1;
                }
                c = '\n';
            }
            out.push(c);
            count += 1;
            if line && (c == '\n' || (!translate && c == '\r' && !rest[used..].starts_with('\n'))) {
                break;
            }
        }
        l.pos += used;
        Ok(Value::string(out))
    }
}

impl Loaded {
    fn consumed_bytes(&self) -> usize {
        // Text positions are byte offsets in the decoded string, the file's bytes for UTF-8.
        self.pos
    }
}

fn this(args: &[Value]) -> PyResult<&Value> {
    crate::args::arg(args, 0)
}

use crate::stringio::size_arg;

fn read(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let n = size_arg(args)?;
    with_file(this(args)?, |f| f.read_chunk(n, false))
}

fn readline(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let n = size_arg(args)?;
    with_file(this(args)?, |f| f.read_chunk(n, true))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Bytes(b) => b.is_empty(),
        other => other.as_str().is_some_and(str::is_empty),
    }
}

fn readlines(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let hint = size_arg(args)?.filter(|&n| n > 0);
    with_file(this(args)?, |f| {
        let mut out = Vec::new();
        let mut total = 0usize;
        loop {
            let line = f.read_chunk(None, true)?;
            if is_empty(&line) {
                break;
            }
            total += match &line {
                Value::Bytes(b) => b.len(),
                other => other.as_str().map_or(0, |s| s.chars().count()),
            };
            out.push(line);
            if hint.is_some_and(|h| total >= h) {
                break;
            }
        }
        Ok(Value::list(out))
    })
}

fn next(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let line = with_file(this(args)?, |f| f.read_chunk(None, true))?;
    if is_empty(&line) {
        return Err(stop_iteration(None));
    }
    Ok(line)
}

fn iter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |_| Ok(()))?;
    Ok(this(args)?.clone())
}

fn write_value(f: &mut FileObj, v: &Value) -> PyResult<Value> {
    if !f.writable {
        return Err(unsupported("not writable"));
    }
    let (data, count) = if f.binary {
        match crate::args::builtin_base(v).unwrap_or_else(|| v.clone()) {
            Value::Bytes(b) => (b.to_vec(), b.len()),
            Value::ByteArray(b) => {
                let b = b.snapshot();
                let n = b.len();
                (b, n)
            }
            _ => {
                return Err(type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    type_name(v)
                )))
            }
        }
    } else {
        let Some(s) = v.as_str() else {
            return Err(type_error(format!(
                "write() argument must be str, not {}",
                type_name(v)
            )));
        };
        let count = s.chars().count();
        let s = if f.write_nl == "\n" {
            std::borrow::Cow::Borrowed(s)
        } else {
            std::borrow::Cow::Owned(s.replace('\n', f.write_nl))
        };
        (encode(&f.encoding, &s)?, count)
    };
    f.unload()?;
    let name = f.name.clone();
    f.file()
        .write_all(&data)
        .map_err(|e| os_err(&e, Some(&name)))?;
    Ok(Value::Int(count as i64))
}

fn write(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let v = crate::args::arg(args, 1)?.clone();
    with_file(this(args)?, |f| write_value(f, &v))
}

fn writelines(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let target = this(args)?.clone();
    with_file(&target, |_| Ok(()))?;
    let lines = rpvm_object::protocols::iter::collect(vm, crate::args::arg(args, 1)?)?;
    for line in lines {
        with_file(&target, |f| write_value(f, &line))?;
    }
    Ok(Value::None)
}

fn seek(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let offset = crate::args::index_clamped(vm, crate::args::arg(args, 1)?)?;
    let whence = match args.get(2) {
        None => 0,
        Some(v) => crate::args::index_clamped(vm, v)?,
    };
    with_file(this(args)?, |f| {
        if !f.binary && whence != 0 && offset != 0 {
            return Err(unsupported(if whence == 1 {
                "can't do nonzero cur-relative seeks"
            } else {
                "can't do nonzero end-relative seeks"
            }));
        }
        let to = match whence {
            0 => {
                if offset < 0 {
                    return Err(value_error(format!("negative seek position {offset}")));
                }
                SeekFrom::Start(offset as u64)
            }
            1 => SeekFrom::Start((f.tell()? as i64 + offset).max(0) as u64),
            2 => SeekFrom::End(offset),
            _ => {
                return Err(value_error(format!(
                    "invalid whence ({whence}, should be 0, 1 or 2)"
                )))
            }
        };
        f.loaded = None;
        let name = f.name.clone();
        let at = f.file().seek(to).map_err(|e| os_err(&e, Some(&name)))?;
        Ok(Value::Int(at as i64))
    })
}

fn tell(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |f| Ok(Value::Int(f.tell()? as i64)))
}

fn truncate(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let size = match args.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(crate::args::index_clamped(vm, v)?),
    };
    with_file(this(args)?, |f| {
        if !f.writable {
            return Err(unsupported("File not open for writing"));
        }
        f.unload()?;
        let size = match size {
            Some(n) => n.max(0) as u64,
            None => f.tell()?,
        };
        let name = f.name.clone();
        f.file()
            .set_len(size)
            .map_err(|e| os_err(&e, Some(&name)))?;
        Ok(Value::Int(size as i64))
    })
}

fn close(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_state::<State, _>(this(args)?, "_io._IOBase", |s| {
        let mut s = s.borrow_mut();
        s.file = None;
        s.loaded = None;
    })?;
    Ok(Value::None)
}

fn flush(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |_| Ok(Value::None))
}

fn readable(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |f| Ok(Value::Bool(f.readable)))
}

fn writable(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |f| Ok(Value::Bool(f.writable)))
}

fn seekable(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |_| Ok(Value::Bool(true)))
}

fn isatty(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |_| Ok(Value::Bool(false)))
}

fn fileno(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    use std::os::unix::io::AsRawFd;
    with_file(this(args)?, |f| {
        Ok(Value::Int(i64::from(f.file().as_raw_fd())))
    })
}

fn enter(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    with_file(this(args)?, |_| Ok(()))?;
    Ok(this(args)?.clone())
}

fn exit(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    close(vm, crate::args::first(args, 1), &[])
}

fn prop<R>(args: &[Value], f: impl FnOnce(&FileObj) -> R) -> PyResult<R> {
    with_state::<State, _>(this(args)?, "_io._IOBase", |s| f(&s.borrow()))
}

fn closed(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop(args, |f| Value::Bool(f.file.is_none()))
}

fn name(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop(args, |f| f.name.clone())
}

fn mode(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop(args, |f| Value::string(f.mode.clone()))
}

fn encoding(_vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    prop(args, |f| Value::string(f.encoding.clone()))
}

fn repr(vm: &mut Vm, args: &[Value], _kw: &[Value]) -> PyResult<Value> {
    let (name, mode, enc, binary, cls) = prop(args, |f| {
        (
            f.name.clone(),
            f.mode.clone(),
            f.encoding.clone(),
            f.binary,
            class_name(f),
        )
    })?;
    let name = rpvm_object::protocols::repr::repr(vm, &name)?;
    Ok(Value::string(if binary {
        format!("<_io.{cls} name={name}>")
    } else {
        format!("<_io.{cls} name={name} mode='{mode}' encoding='{enc}'>")
    }))
}

fn class_name(f: &FileObj) -> &'static str {
    match (f.binary, f.readable, f.writable) {
        (false, _, _) => "TextIOWrapper",
        (true, true, true) => "BufferedRandom",
        (true, true, false) => "BufferedReader",
        _ => "BufferedWriter",
    }
}

macro_rules! file_class {
    ($name:expr) => {
        ClassSpec {
            name: $name,
            module: "_io",
            base: None,
            new: None,
            dunders: &[
                ("__iter__", iter),
                ("__next__", next),
                ("__repr__", repr),
                ("__enter__", enter),
                ("__exit__", exit),
            ],
            methods: &[
                ("read", read),
                ("readline", readline),
                ("readlines", readlines),
                ("write", write),
                ("writelines", writelines),
                ("seek", seek),
                ("tell", tell),
                ("truncate", truncate),
                ("close", close),
                ("flush", flush),
                ("readable", readable),
                ("writable", writable),
                ("seekable", seekable),
                ("isatty", isatty),
                ("fileno", fileno),
            ],
            props: &[
                ("closed", closed),
                ("name", name),
                ("mode", mode),
                ("encoding", encoding),
            ],
        }
    };
}

const TEXT: ClassSpec = file_class!("TextIOWrapper");
const READER: ClassSpec = file_class!("BufferedReader");
const WRITER: ClassSpec = file_class!("BufferedWriter");
const RANDOM: ClassSpec = file_class!("BufferedRandom");

/// The file classes, for the `io` module: `(name, class)`.
pub fn file_classes(vm: &mut Vm) -> Vec<(&'static str, Value)> {
    [&TEXT, &READER, &WRITER, &RANDOM]
        .into_iter()
        .map(|spec| (spec.name, Value::Type(class_of(vm, spec))))
        .collect()
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`.
pub fn open(vm: &mut Vm, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
    const NAMES: [&str; 8] = [
        "file",
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
        "closefd",
        "opener",
    ];
    let (pos, kws) = split(args, kwnames);
    if pos.len() > NAMES.len() {
        return Err(type_error(format!(
            "open() takes at most 8 arguments ({} given)",
            pos.len()
        )));
    }
    let mut vals: [Option<Value>; 8] = Default::default();
    for (i, v) in pos.into_iter().enumerate() {
        vals[i] = Some(v);
    }
    for (k, v) in kws {
        let key = k.as_str().unwrap_or("");
        match NAMES.iter().position(|n| *n == key) {
            Some(i) if vals[i].is_none() => vals[i] = Some(v),
            Some(i) => {
                return Err(type_error(format!(
                    "argument for open() given by name ('{}') and position ({})",
                    NAMES[i],
                    i + 1
                )))
            }
            None => {
                return Err(type_error(format!(
                    "'{key}' is an invalid keyword argument for open()"
                )))
            }
        }
    }
    let Some(file) = vals[0].clone() else {
        return Err(type_error(
            "open() missing required argument 'file' (pos 1)",
        ));
    };
    let path_value = crate::os_mod::fspath_value(vm, &file)?;
    let path: String = match &path_value {
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        v => v.as_str().unwrap_or("").to_string(),
    };
    let mode = match &vals[1] {
        None => "r".to_string(),
        Some(v) => match v.as_str() {
            Some(s) => s.to_string(),
            None => {
                return Err(type_error(format!(
                    "open() argument 'mode' must be str, not {}",
                    type_name(v)
                )))
            }
        },
    };
    let opt_str = |i: usize, what: &str| -> PyResult<Option<String>> {
        match &vals[i] {
            None | Some(Value::None) => Ok(None),
            Some(v) => match v.as_str() {
                Some(s) => Ok(Some(s.to_string())),
                None => Err(type_error(format!(
                    "open() argument '{what}' must be str or None, not {}",
                    type_name(v)
                ))),
            },
        }
    };
    let encoding = opt_str(3, "encoding")?;
    let errors = opt_str(4, "errors")?;
    let newline = opt_str(5, "newline")?;

    let mut kind = None;
    let (mut binary, mut text, mut plus) = (false, false, false);
    for c in mode.chars() {
        let dup = match c {
            'r' | 'w' | 'x' | 'a' => {
                let d = kind.is_some();
                kind = Some(c);
                d
            }
            'b' => std::mem::replace(&mut binary, true),
            't' => std::mem::replace(&mut text, true),
            '+' => std::mem::replace(&mut plus, true),
            _ => return Err(value_error(format!("invalid mode: '{mode}'"))),
        };
        if dup && matches!(c, 'b' | 't' | '+') {
            return Err(value_error(format!("invalid mode: '{mode}'")));
        }
    }
    if binary && text {
        return Err(value_error("can't have text and binary mode at once"));
    }
    let count = mode.chars().filter(|c| "rwxa".contains(*c)).count();
    let Some(kind) = kind.filter(|_| count == 1) else {
        return Err(value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    };
    if binary && encoding.is_some() {
        return Err(value_error("binary mode doesn't take an encoding argument"));
    }
    if binary && errors.is_some() {
        return Err(value_error("binary mode doesn't take an errors argument"));
    }
    if binary && newline.is_some() {
        return Err(value_error("binary mode doesn't take a newline argument"));
    }
    let write_nl = match newline.as_deref() {
        None | Some("") | Some("\n") => "\n",
        Some("\r") => "\r",
        Some("\r\n") => "\r\n",
        Some(other) => {
            let r = rpvm_object::protocols::repr::repr(vm, &Value::str(other))?;
            return Err(value_error(format!("illegal newline value: {r}")));
        }
    };
    let encoding = encoding.unwrap_or_else(|| "UTF-8".to_string());
    if !binary
        && !matches!(
            normal_encoding(&encoding).as_str(),
            "utf-8" | "latin-1" | "ascii"
        )
    {
        return Err(PyException::with_message(
            "LookupError",
            format!("unknown encoding: {encoding}"),
        ));
    }
    let mut opts = std::fs::OpenOptions::new();
    let readable = kind == 'r' || plus;
    let writable = kind != 'r' || plus;
    opts.read(readable);
    match kind {
        'w' => {
            opts.write(true).create(true).truncate(true);
        }
        'a' => {
            opts.append(true).create(true);
        }
        'x' => {
            opts.write(true).create_new(true);
        }
        _ => {
            opts.write(plus);
        }
    }
    let handle = opts.open(&path).map_err(|e| os_err(&e, Some(&file)))?;
    if handle.metadata().is_ok_and(|m| m.is_dir()) {
        let e = std::io::Error::from_raw_os_error(21);
        return Err(os_err(&e, Some(&file)));
    }
    let obj = FileObj {
        file: Some(handle),
        name: file.clone(),
        mode: mode.clone(),
        encoding,
        binary,
        readable,
        writable,
        translate: newline.is_none(),
        write_nl,
        loaded: None,
    };
    let spec = match class_name(&obj) {
        "TextIOWrapper" => &TEXT,
        "BufferedRandom" => &RANDOM,
        "BufferedReader" => &READER,
        _ => &WRITER,
    };
    let cls = class_of(vm, spec);
    Ok(new_instance(cls, RefCell::new(obj)))
}
