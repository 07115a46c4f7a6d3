//! `os.path` (`posixpath`): the same string algorithms as CPython's `posixpath.py` and
//! `genericpath.py`, on str paths, plus the file tests that call `stat`.

use std::rc::Rc;

use rpvm_object::dict::PyDict;
use rpvm_object::exception::{type_error, value_error, PyResult};
use rpvm_object::module::PyModule;
use rpvm_object::protocols::iter::collect;
use rpvm_object::protocols::type_name;
use rpvm_object::{Value, Vm};

use super::{fspath_value, io_error};
use crate::args::npos;
use crate::builtin_fn;

/// Binds arguments as a Python function `fname(names...)` whose first `required` parameters
/// have no default would, with CPython's messages (posixpath's functions are Python code).
fn parse(
    fname: &str,
    args: &[Value],
    kw: &[Value],
    names: &[&str],
    _posonly: usize,
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let np = npos(args, kw);
    if np > names.len() {
        let takes = if required == names.len() {
            format!("{required}")
        } else {
            format!("from {required} to {}", names.len())
        };
        return Err(type_error(format!(
            "{fname}() takes {takes} positional argument{} but {np} {} given",
            if names.len() == 1 { "" } else { "s" },
            if np == 1 { "was" } else { "were" }
        )));
    }
    let mut out: Vec<Option<Value>> = args[..np].iter().cloned().map(Some).collect();
    out.resize(names.len(), None);
    for (k, v) in kw.iter().zip(&args[np..]) {
        let name = k.as_str().unwrap_or("");
        match names.iter().position(|n| *n == name) {
            Some(i) if out[i].is_some() => {
                return Err(type_error(format!(
                    "{fname}() got multiple values for argument '{name}'"
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(type_error(format!(
                    "{fname}() got an unexpected keyword argument '{name}'"
                )))
            }
        }
    }
    let missing: Vec<String> = names[..required]
        .iter()
        .zip(&out)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| format!("'{n}'"))
        .collect();
    if !missing.is_empty() {
        let list = match missing.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => String::new(),
        };
        return Err(type_error(format!(
            "{fname}() missing {} required positional argument{}: {list}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        )));
    }
    Ok(out)
}

/// A path argument as text: `os.fspath(v)`, which must give a str.
fn text(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let p = fspath_value(vm, v)?;
    match crate::args::builtin_base(&p).unwrap_or(p) {
        Value::Str(s) => Ok(s.as_str().to_string()),
        _ => Err(type_error(
            "rpvm's os.path supports str paths only, not bytes",
        )),
    }
}

/// The single argument of a one-path function.
fn one(vm: &mut Vm, fname: &str, args: &[Value], kw: &[Value]) -> PyResult<String> {
    let pname = match fname {
        "isabs" | "isdir" => "s",
        "normpath" | "abspath" | "expandvars" => "path",
        _ => "p",
    };
    let a = parse(fname, args, kw, &[pname], 0, 1)?;
    text(vm, a[0].as_ref().unwrap_or(&Value::None))
}

/// `join(a, b)` for two components.
pub(crate) fn join2(a: &str, b: &str) -> String {
    if b.starts_with('/') {
        b.to_string()
    } else if a.is_empty() || a.ends_with('/') {
        format!("{a}{b}")
    } else {
        format!("{a}/{b}")
    }
}

/// `posixpath.split(p)`: `(head, tail)`.
pub(crate) fn split(p: &str) -> (String, String) {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = (&p[..i], &p[i..]);
    let head = if !head.is_empty() && head.chars().any(|c| c != '/') {
        head.trim_end_matches('/')
    } else {
        head
    };
    (head.to_string(), tail.to_string())
}

fn splitext_str(p: &str) -> (String, String) {
    let sep = p.rfind('/').map_or(-1, |i| i as i64);
    let dot = p.rfind('.').map_or(-1, |i| i as i64);
    if dot > sep {
        let bytes = p.as_bytes();
        let mut i = (sep + 1) as usize;
        while (i as i64) < dot {
            if bytes[i] != b'.' {
                let d = dot as usize;
                return (p[..d].to_string(), p[d..].to_string());
            }
            i += 1;
        }
    }
    (p.to_string(), String::new())
}

/// `posixpath.normpath(p)`.
pub(crate) fn normpath_str(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else if p.starts_with('/') {
        1
    } else {
        0
    };
    let mut comps: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(comp);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let out = format!("{}{}", "/".repeat(initial), comps.join("/"));
    if out.is_empty() {
        ".".into()
    } else {
        out
    }
}

fn cwd() -> PyResult<String> {
    std::env::current_dir()
        .map(|p| p.display().to_string())
        .map_err(|e| io_error(&e, None))
}

/// `posixpath.abspath(p)`.
pub(crate) fn abspath_str(p: &str) -> PyResult<String> {
    let full = if p.starts_with('/') {
        p.to_string()
    } else {
        join2(&cwd()?, p)
    };
    Ok(normpath_str(&full))
}

fn is_symlink(p: &str) -> bool {
    std::fs::symlink_metadata(p)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false)
}

/// `posixpath._joinrealpath(path, rest, strict=False, seen)`.
fn join_realpath(
    mut path: String,
    rest: &str,
    seen: &mut Vec<(String, Option<String>)>,
    depth: usize,
) -> (String, bool) {
    let mut rest = rest;
    if let Some(r) = rest.strip_prefix('/') {
        rest = r;
        path = "/".into();
    }
    while !rest.is_empty() {
        let (name, r) = rest.split_once('/').unwrap_or((rest, ""));
        rest = r;
        if name.is_empty() || name == "." {
            continue;
        }
        if name == ".." {
            if path.is_empty() {
                path = "..".into();
            } else {
                let (head, tail) = split(&path);
                path = if tail == ".." {
                    join2(&join2(&head, ".."), "..")
                } else {
                    head
                };
            }
            continue;
        }
        let newpath = join2(&path, name);
        if !is_symlink(&newpath) {
            path = newpath;
            continue;
        }
        if let Some((_, resolved)) = seen.iter().find(|(k, _)| *k == newpath) {
            match resolved {
                Some(p) => {
                    path = p.clone();
                    continue;
                }
                None => return (join2(&newpath, rest), false),
            }
        }
        let target = match std::fs::read_link(&newpath) {
            Ok(t) => t.display().to_string(),
            Err(_) => {
                path = newpath;
                continue;
            }
        };
        if depth > 64 {
            return (join2(&newpath, rest), false);
        }
        seen.push((newpath.clone(), None));
        let (p, ok) = join_realpath(path, &target, seen, depth + 1);
        if !ok {
            return (join2(&p, rest), false);
        }
        for entry in seen.iter_mut() {
            if entry.0 == newpath {
                entry.1 = Some(p.clone());
            }
        }
        path = p;
    }
    (path, true)
}

fn join(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let np = npos(args, kw);
    if let Some(k) = kw.first() {
        return Err(type_error(format!(
            "join() got an unexpected keyword argument '{}'",
            k.as_str().unwrap_or("")
        )));
    }
    let Some(first) = args.first() else {
        return Err(type_error(
            "join() missing 1 required positional argument: 'a'",
        ));
    };
    let mut path = text(vm, first)?;
    for b in &args[1..np] {
        let s = match fspath_value(vm, b) {
            Ok(Value::Str(s)) => s.as_str().to_string(),
            Ok(v) if matches!(crate::args::builtin_base(&v), Some(Value::Str(_))) => text(vm, &v)?,
            Ok(Value::Bytes(_)) => {
                return Err(type_error("Can't mix strings and bytes in path components"))
            }
            _ => {
                return Err(type_error(format!(
                    "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                    type_name(b)
                )))
            }
        };
        path = join2(&path, &s);
    }
    Ok(Value::string(path))
}

fn split_fn(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "split", args, kw)?;
    let (h, t) = split(&p);
    Ok(Value::tuple(vec![Value::string(h), Value::string(t)]))
}

fn splitext(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "splitext", args, kw)?;
    let (a, b) = splitext_str(&p);
    Ok(Value::tuple(vec![Value::string(a), Value::string(b)]))
}

fn splitdrive(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "splitdrive", args, kw)?;
    Ok(Value::tuple(vec![Value::str(""), Value::string(p)]))
}

fn basename(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "basename", args, kw)?;
    let i = p.rfind('/').map_or(0, |i| i + 1);
    Ok(Value::str(&p[i..]))
}

fn dirname(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "dirname", args, kw)?;
    Ok(Value::string(split(&p).0))
}

fn isabs(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "isabs", args, kw)?;
    Ok(Value::Bool(p.starts_with('/')))
}

fn normpath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "normpath", args, kw)?;
    Ok(Value::string(normpath_str(&p)))
}

fn normcase(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("normcase", args, kw, &["s"], 0, 1)?;
    fspath_value(vm, a[0].as_ref().unwrap_or(&Value::None))
}

fn abspath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "abspath", args, kw)?;
    Ok(Value::string(abspath_str(&p)?))
}

fn realpath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("realpath", args, kw, &["filename", "strict"], 0, 1)?;
    let p = text(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let (path, _) = join_realpath(String::new(), &p, &mut Vec::new(), 0);
    Ok(Value::string(abspath_str(&path)?))
}

fn relpath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("relpath", args, kw, &["path", "start"], 0, 1)?;
    let p = text(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    if p.is_empty() {
        return Err(value_error("no path specified"));
    }
    let start = match a[1].clone().filter(|v| !v.is_none()) {
        Some(s) => text(vm, &s)?,
        None => ".".into(),
    };
    let start_abs = abspath_str(&start)?;
    let path_abs = abspath_str(&p)?;
    let sl: Vec<&str> = start_abs.split('/').filter(|x| !x.is_empty()).collect();
    let pl: Vec<&str> = path_abs.split('/').filter(|x| !x.is_empty()).collect();
    let i = sl.iter().zip(&pl).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<&str> = vec![".."; sl.len() - i];
    rel.extend(&pl[i..]);
    if rel.is_empty() {
        return Ok(Value::str("."));
    }
    Ok(Value::string(rel.iter().fold(String::new(), |acc, c| {
        if acc.is_empty() {
            c.to_string()
        } else {
            join2(&acc, c)
        }
    })))
}

fn expanduser(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("expanduser", args, kw, &["path"], 0, 1)?;
    let orig = fspath_value(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let p = text(vm, &orig)?;
    if !p.starts_with('~') {
        return Ok(orig);
    }
    let i = p[1..].find('/').map_or(p.len(), |i| i + 1);
    if i != 1 {
        // `~user`: no password database lookups; CPython leaves unknown users alone.
        return Ok(orig);
    }
    let Some(home) = std::env::var_os("HOME") else {
        return Ok(orig);
    };
    let home = home.to_string_lossy();
    let home = home.trim_end_matches('/');
    let out = format!("{home}{}", &p[i..]);
    Ok(Value::string(if out.is_empty() { "/".into() } else { out }))
}

/// `posixpath.expandvars(path)`: `$name` and `${name}` from the environment; unknown
/// variables are left as they are.
fn expandvars(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let p = one(vm, "expandvars", args, kw)?;
    if !p.contains('$') {
        return Ok(Value::string(p));
    }
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (name, end) = if chars.get(i + 1) == Some(&'{') {
            match chars[i + 2..].iter().position(|c| *c == '}') {
                Some(k) => (
                    chars[i + 2..i + 2 + k].iter().collect::<String>(),
                    i + 3 + k,
                ),
                None => (String::new(), i + 1),
            }
        } else {
            let k = chars[i + 1..].iter().take_while(|c| word(**c)).count();
            (chars[i + 1..i + 1 + k].iter().collect(), i + 1 + k)
        };
        match std::env::var(&name).ok().filter(|_| !name.is_empty()) {
            Some(v) => out.push_str(&v),
            None => out.extend(&chars[i..end.max(i + 1)]),
        }
        i = end.max(i + 1);
    }
    Ok(Value::string(out))
}

/// `stat` of the argument, or `None` when it fails with an OS error or a bad path.
fn try_meta(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: &[Value],
    follow: bool,
) -> PyResult<Option<std::fs::Metadata>> {
    let pname = if fname == "isdir" { "s" } else { "path" };
    let a = parse(fname, args, kw, &[pname], 0, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let p = match super::path_arg(vm, "stat", &v) {
        Ok(p) => p,
        Err(_) => {
            return Err(type_error(format!(
                "stat: path should be string, bytes, os.PathLike or integer, not {}",
                type_name(&v)
            )))
        }
    };
    if p.contains('\0') {
        return Ok(None);
    }
    Ok(if follow {
        std::fs::metadata(&p).ok()
    } else {
        std::fs::symlink_metadata(&p).ok()
    })
}

fn exists(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(
        try_meta(vm, "exists", args, kw, true)?.is_some(),
    ))
}

fn lexists(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    Ok(Value::Bool(
        try_meta(vm, "lexists", args, kw, false)?.is_some(),
    ))
}

fn isfile(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let m = try_meta(vm, "isfile", args, kw, true)?;
    Ok(Value::Bool(m.is_some_and(|m| m.is_file())))
}

fn isdir(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let m = try_meta(vm, "isdir", args, kw, true)?;
    Ok(Value::Bool(m.is_some_and(|m| m.is_dir())))
}

fn islink(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let m = try_meta(vm, "islink", args, kw, false)?;
    Ok(Value::Bool(m.is_some_and(|m| m.file_type().is_symlink())))
}

/// `getsize`/`getmtime`/...: one field of `os.stat(path)`, raising its OSError.
fn stat_field(
    vm: &mut Vm,
    fname: &str,
    args: &[Value],
    kw: &[Value],
    field: &str,
) -> PyResult<Value> {
    let a = parse(fname, args, kw, &["filename"], 0, 1)?;
    let st = super::stat(vm, &[a[0].clone().unwrap_or(Value::None)], &[])?;
    rpvm_object::protocols::attr::get_attr(vm, &st, field)
}

fn getsize(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_field(vm, "getsize", args, kw, "st_size")
}

fn getmtime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_field(vm, "getmtime", args, kw, "st_mtime")
}

fn getatime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_field(vm, "getatime", args, kw, "st_atime")
}

fn getctime(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    stat_field(vm, "getctime", args, kw, "st_ctime")
}

/// The str items of a sequence of paths.
fn path_list(vm: &mut Vm, v: &Value) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    for item in collect(vm, v)? {
        out.push(text(vm, &item)?);
    }
    Ok(out)
}

/// `commonprefix(m)`: the longest common leading string (character by character).
fn commonprefix(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("commonprefix", args, kw, &["m"], 0, 1)?;
    let m = path_list(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let (Some(s1), Some(s2)) = (m.iter().min(), m.iter().max()) else {
        return Ok(Value::str(""));
    };
    let n = s1
        .char_indices()
        .zip(s2.chars())
        .find(|((_, a), b)| a != b)
        .map_or(s1.len(), |((i, _), _)| i);
    Ok(Value::str(&s1[..n]))
}

/// `commonpath(paths)`: the longest common sub-path.
fn commonpath(vm: &mut Vm, args: &[Value], kw: &[Value]) -> PyResult<Value> {
    let a = parse("commonpath", args, kw, &["paths"], 0, 1)?;
    let paths = path_list(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    if paths.is_empty() {
        return Err(value_error("commonpath() arg is an empty sequence"));
    }
    let abs = paths[0].starts_with('/');
    if paths.iter().any(|p| p.starts_with('/') != abs) {
        return Err(value_error("Can't mix absolute and relative paths"));
    }
    let split: Vec<Vec<&str>> = paths
        .iter()
        .map(|p| {
            p.split('/')
                .filter(|c| !c.is_empty() && *c != ".")
                .collect()
        })
        .collect();
    let (Some(s1), Some(s2)) = (split.iter().min(), split.iter().max()) else {
        return Ok(Value::str(""));
    };
    let n = s1.iter().zip(s2).take_while(|(a, b)| a == b).count();
    let prefix = if abs { "/" } else { "" };
    Ok(Value::string(format!("{prefix}{}", s1[..n].join("/"))))
}

/// Builds the `os.path` module object.
pub(crate) fn build(_vm: &mut Vm) -> Value {
    let d = Rc::new(PyDict::new());
    d.set_str("__name__", Value::str("posixpath"));
    for (n, v) in [
        ("sep", "/"),
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
        ("pathsep", ":"),
        ("defpath", "/bin:/usr/bin"),
        ("devnull", "/dev/null"),
    ] {
        d.set_str(n, Value::str(v));
    }
    d.set_str("altsep", Value::None);
    d.set_str("supports_unicode_filenames", Value::Bool(false));
    let fns: &[(&'static str, rpvm_object::function::NativeFn)] = &[
        ("join", join),
        ("split", split_fn),
        ("splitext", splitext),
        ("splitdrive", splitdrive),
        ("basename", basename),
        ("dirname", dirname),
        ("isabs", isabs),
        ("normpath", normpath),
        ("normcase", normcase),
        ("abspath", abspath),
        ("realpath", realpath),
        ("relpath", relpath),
        ("expanduser", expanduser),
        ("expandvars", expandvars),
        ("exists", exists),
        ("lexists", lexists),
        ("isfile", isfile),
        ("isdir", isdir),
        ("islink", islink),
        ("getsize", getsize),
        ("getmtime", getmtime),
        ("getatime", getatime),
        ("getctime", getctime),
        ("commonprefix", commonprefix),
        ("commonpath", commonpath),
    ];
    for (n, f) in fns {
        d.set_str(n, builtin_fn(n, *f));
    }
    Value::Module(Rc::new(PyModule {
        name: "posixpath".to_string(),
        dict: d,
    }))
}

/// The `os.path` module (importing it imports `os`, which creates both).
pub fn make_os_path(vm: &mut Vm) -> Value {
    super::make_os(vm);
    vm.modules.get_str("os.path").unwrap_or_else(|| build(vm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normpath_matches_posixpath() {
        // Expected values from CPython 3.11's posixpath.normpath.
        let cases = [
            ("", "."),
            ("//", "//"),
            ("///", "/"),
            ("a/../..", ".."),
            ("/../a", "/a"),
            ("//a/b/../c", "//a/c"),
            ("a//b///c/", "a/b/c"),
        ];
        for (p, want) in cases {
            assert_eq!(normpath_str(p), want, "normpath({p:?})");
        }
    }

    #[test]
    fn split_and_splitext() {
        assert_eq!(split("//a"), ("//".into(), "a".into()));
        assert_eq!(split("a//b"), ("a".into(), "b".into()));
        assert_eq!(splitext_str("..x"), ("..x".into(), String::new()));
        assert_eq!(splitext_str("a/.b.c"), ("a/.b".into(), ".c".into()));
        assert_eq!(join2("a", "/b"), "/b");
    }
}
