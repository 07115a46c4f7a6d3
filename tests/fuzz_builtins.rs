//! Robustness. `tests/fuzz/fuzz_builtins.py` calls every public callable of the native
//! modules and every method of the built-in types (bound, and unbound through the type)
//! with zero to three arguments of assorted types, catching every exception. Its output is
//! not compared with CPython's; rpvm must simply finish without a panic, an abort or a hang.
//! To find the callable that fails: `rpvm run fuzz_builtins.pyc START STOP -v` names each
//! one on stderr before calling it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SHARDS: usize = 4;

/// Compiles `tests/fuzz/NAME.py` with CPython (`python3`, as the other tests need).
fn compile(name: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fuzz/{name}.py"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.pyc"));
    let status = Command::new("python3")
        .arg("-c")
        .arg("import py_compile, sys; py_compile.compile(sys.argv[1], sys.argv[2], doraise=True)")
        .arg(&src)
        .arg(&out)
        .status()
        .expect("run python3");
    assert!(
        status.success(),
        "python3 could not compile {}",
        src.display()
    );
    out
}

/// Runs one shard; returns a description of the failure, if any.
fn run_shard(pyc: &Path, shard: usize) -> Option<String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz_cwd_{shard}"));
    std::fs::create_dir_all(&dir).expect("create working directory");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .current_dir(&dir)
        .arg("run")
        .arg(pyc)
        .args(["--shard", &shard.to_string(), &SHARDS.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rpvm");
    let mut so = child.stdout.take().expect("stdout pipe");
    let mut se = child.stderr.take().expect("stderr pipe");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut b).ok();
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut b).ok();
        b
    });
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    let tail: String = {
        let lines: Vec<&str> = err.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    };
    match status {
        None => Some(format!("shard {shard}: timed out\n{tail}")),
        Some(st) if !st.success() || err.contains("panicked") => Some(format!(
            "shard {shard}: exit {st}\nstdout: {out}\nstderr:\n{tail}"
        )),
        Some(_) if !out.contains("fuzzed") => Some(format!("shard {shard}: no summary: {out}")),
        Some(_) => None,
    }
}

#[test]
fn native_callables_never_panic() {
    let pyc = compile("fuzz_builtins");
    let handles: Vec<_> = (0..SHARDS)
        .map(|k| {
            let pyc = pyc.clone();
            std::thread::spawn(move || run_shard(&pyc, k))
        })
        .collect();
    let failures: Vec<String> = handles
        .into_iter()
        .filter_map(|h| h.join().expect("shard thread"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Robustness of deep recursion: `tests/fuzz/deep_recursion.py` makes 500,000 nested Python calls and a class-call recursion
/// with `sys.setrecursionlimit(10**6)` finish (RecursionError where Rust would run out of
/// stack) instead of overflowing the interpreter thread's stack.
#[test]
fn deep_recursion_never_overflows_the_stack() {
    let pyc = compile("deep_recursion");
    let out = Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .arg("run")
        .arg(&pyc)
        .stdin(Stdio::null())
        .output()
        .expect("run rpvm");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    assert!(!stderr.contains("overflow"), "stderr: {stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "stdout: {stdout}");
    assert!(
        lines[0] == "300001" || lines[0].starts_with("RecursionError: maximum recursion depth"),
        "stdout: {stdout}"
    );
    assert_eq!(&lines[1..], ["500000", "[3, 2, 1]"]);
}
