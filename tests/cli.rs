//! The `rpvm` binary: `dis` and `inspect` on real samples, the `run` shorthand, help texts,
//! and what the user sees (stderr text and exit status) for every kind of bad file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    repo().join("pyc-samples").join(name)
}

fn rpvm(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("rpvm starts")
}

fn rpvm_str(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    rpvm(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory for this test, emptied first.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rpvm-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `rpvm SUBCOMMAND FILE` and checks the failure contract: exit status 1, nothing on
/// stdout, and exactly `rpvm: FILE: MESSAGE` on stderr. A `message` ending in `...` only
/// has to start the actual message (for details such as byte offsets).
fn assert_fails(subcommand: &str, file: &Path, message: &str) {
    let out = rpvm(&[subcommand.as_ref(), file.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{subcommand} {}: {}",
        file.display(),
        stderr(&out)
    );
    assert_eq!(stdout(&out), "", "{subcommand} {}", file.display());
    let err = stderr(&out);
    let prefix = format!("rpvm: {}: ", file.display());
    let ok = match message.strip_suffix("...") {
        Some(start) => {
            err.starts_with(&format!("{prefix}{start}"))
                && err.ends_with('\n')
                && err.lines().count() == 1
        }
        None => err == format!("{prefix}{message}\n"),
    };
    assert!(ok, "{subcommand}: expected {prefix}{message}, got {err:?}");
}

#[test]
fn dis_hello_prints_the_golden() {
    let out = rpvm(&["dis".as_ref(), sample("hello.pyc").as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let golden = std::fs::read_to_string(sample("hello.dis")).unwrap();
    assert_eq!(stdout(&out), golden);
}

#[test]
fn inspect_hello_explains_the_file() {
    let out = rpvm(&["inspect".as_ref(), sample("hello.pyc").as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let text = stdout(&out);
    for expected in [
        "== Header (16 bytes) ==",
        "magic number   a7 0d 0d 0a  = 3495 (CPython 3.11)",
        "hash-based, unchecked",
        "The file holds 2 code object(s).",
        "== Code object 1: <module> (the module) ==",
        "== Code object 2: foo (constant 0 of <module>) ==",
        "filename       pyc-samples/hello.py",
        "flags          0x00000003  OPTIMIZED, NEWLOCALS",
        "0: name             0x20 local, parameter",
        "1: message          0x20 local",
        // An instruction with its bytes, its caches and its meaning.
        "14  74 01  +5 units  LOAD_GLOBAL              1  NULL + print",
        "6  9b 00            FORMAT_VALUE             0",
        "Locations (co_linetable:",
        "14  LOAD_GLOBAL               3        3      4        9",
        "Exception table (co_exceptiontable: 0 bytes, 0 entries):",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// Python that prints, for every code object of a .pyc (depth first), one line per
/// instruction: `offset line end_line col end_col` with `-` for None.
const PY_POSITIONS: &str = r#"
import dis, marshal, sys
f = open(sys.argv[1], "rb"); f.seek(16)
todo = [marshal.load(f)]
while todo:
    co = todo.pop(0)
    inner = [c for c in co.co_consts if hasattr(c, "co_code")]
    todo[0:0] = inner
    pos = list(co.co_positions())
    for ins in dis.get_instructions(co):
        p = pos[ins.offset // 2]
        print(ins.offset, ins.opname, *("-" if v is None else v for v in p))
"#;

#[test]
fn inspect_locations_match_python_co_positions() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("pyc-samples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "pyc") {
            continue;
        }
        let py = Command::new(std::env::var("RPVM_PYTHON").unwrap_or("python3".into()))
            .args(["-c", PY_POSITIONS])
            .arg(&path)
            .output()
            .expect("python3 (CPython 3.11) is required");
        assert!(py.status.success(), "{}", stderr(&py));
        let want: Vec<String> = stdout(&py).lines().map(str::to_string).collect();
        let out = rpvm(&["inspect".as_ref(), path.as_os_str()]);
        assert!(out.status.success(), "{}", stderr(&out));
        // Rows of the "Locations" tables: offset, opname, four positions.
        let text = stdout(&out);
        let mut got = Vec::new();
        let mut in_table = false;
        for line in text.lines() {
            if line.starts_with("  Locations (") {
                in_table = true;
                continue;
            }
            if in_table {
                let words: Vec<&str> = line.split_whitespace().collect();
                if words.first() == Some(&"offset") {
                    continue;
                }
                if words.len() != 6 || words[0].parse::<usize>().is_err() {
                    in_table = false;
                    continue;
                }
                got.push(words.join(" "));
            }
        }
        assert_eq!(got, want, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 0);
}

#[test]
fn bare_file_is_shorthand_for_run() {
    let file = sample("hello.pyc");
    let explicit = rpvm(&["run".as_ref(), file.as_os_str()]);
    let short = rpvm(&[file.as_os_str()]);
    assert_eq!(short.status.code(), explicit.status.code());
    assert_eq!(short.stdout, explicit.stdout);
    assert_eq!(short.stderr, explicit.stderr);
}

#[test]
fn errors_are_one_line_with_status_1() {
    let dir = scratch("errors");
    let hello = std::fs::read(sample("hello.pyc")).unwrap();

    let missing = dir.join("missing.pyc");
    let text = dir.join("notes.txt");
    std::fs::write(&text, "print('hi')\n").unwrap();
    let short = dir.join("short.pyc");
    std::fs::write(&short, &hello[..10]).unwrap();
    let truncated = dir.join("truncated.pyc");
    std::fs::write(&truncated, &hello[..40]).unwrap();
    let py312 = dir.join("py312.pyc");
    let mut patched = hello.clone();
    patched[..2].copy_from_slice(&3531u16.to_le_bytes());
    std::fs::write(&py312, &patched).unwrap();
    let py27 = dir.join("py27.pyc");
    patched[..2].copy_from_slice(&62211u16.to_le_bytes());
    std::fs::write(&py27, &patched).unwrap();
    let garbage = dir.join("garbage.pyc");
    let mut bad = hello[..16].to_vec();
    bad.extend_from_slice(b"?nonsense");
    std::fs::write(&garbage, &bad).unwrap();

    let cases: [(&Path, &str); 8] = [
        (&missing, "No such file or directory"),
        (&dir, "Is a directory"),
        (
            &text,
            "not a .pyc file: the first bytes 70 72 69 6e are not a CPython magic number",
        ),
        (
            &short,
            "not a .pyc file: 10 bytes is shorter than the 16-byte header",
        ),
        (&truncated, "bad marshal data at byte ..."),
        (
            &py312,
            "compiled by CPython 3.12 (magic 3531); rpvm runs CPython 3.11 bytecode",
        ),
        (
            &py27,
            "compiled by CPython 2.x (magic 62211); rpvm runs CPython 3.11 bytecode",
        ),
        (
            &garbage,
            "bad marshal data at byte 16: unknown type code '?' (0x3f)",
        ),
    ];
    for (file, message) in cases {
        assert_fails("dis", file, message);
        assert_fails("inspect", file, message);
    }
    // `run` reports a file it cannot load the same way.
    for (file, message) in [
        (&missing, "No such file or directory"),
        (
            &py312,
            "compiled by CPython 3.12 (magic 3531); rpvm runs CPython 3.11 bytecode",
        ),
    ] {
        let out = rpvm(&["run".as_ref(), file.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "run {}", file.display());
        assert!(
            stderr(&out).contains(message) && stderr(&out).starts_with("rpvm: "),
            "run {}: {}",
            file.display(),
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["dis"],
        &["--frobnicate"],
        &["dis", "a.pyc", "b.pyc"],
    ] {
        let out = rpvm_str(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn help_explains_each_command_with_an_example() {
    for (args, expected) in [
        (&["--help"][..], "rpvm run prog.pyc -v input.txt"),
        (&["help", "run"], "sys.argv[1:]"),
        (&["run", "--help"], "rpvm run --trace pyc-samples/hello.pyc"),
        (&["dis", "--help"], "rpvm dis pyc-samples/hello.pyc"),
        (&["inspect", "--help"], "rpvm inspect pyc-samples/hello.pyc"),
    ] {
        let out = rpvm_str(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            stdout(&out).contains(expected),
            "{args:?}: no {expected:?} in\n{}",
            stdout(&out)
        );
    }
}

#[test]
fn closed_stdout_is_not_an_error() {
    // `rpvm inspect big.pyc | head -1`: the reader goes away mid-output. The largest sample
    // gives far more output than a pipe buffers.
    let biggest = std::fs::read_dir(repo().join("pyc-samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pyc"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .arg("inspect")
        .arg(biggest)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
