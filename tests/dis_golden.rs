//! The disassembler against CPython 3.11's `dis`, byte for byte.
//!
//! - every `pyc-samples/NAME.pyc` that has a `NAME.dis` golden, through the library and
//!   through the `rpvm dis` binary;
//! - CPython's own standard library: every `__pycache__/*.cpython-311.pyc` outside the test
//!   suites, with the expected text computed by `python3` at test time (a missing `python3` is
//!   a failure, not a skip). `cargo test -- --ignored` also runs the test suites' files.
//!
//! The one allowed difference: the items of a `frozenset({...})` repr are compared as a set.
//! CPython prints them in hash-table order; str hashes are randomised per process, and the
//! order of numbers is only reproduced by the `rpvm` binary (which installs
//! `rpvm-object`'s set layout into the loader), so the binary's output is held to exact order
//! for frozensets without strings.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use rpvm::loader::{dis::dis_code, load_pyc};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `python3`, or the interpreter named by `RPVM_PYTHON`.
fn python() -> String {
    std::env::var("RPVM_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Replaces every `at 0x<hex>` by `at 0x0`, as tools/gen_samples.py does for the goldens.
fn normalise_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("at 0x") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let hex = rest
            .find(|c: char| !matches!(c, '0'..='9' | 'a'..='f'))
            .unwrap_or(rest.len());
        if hex > 0 {
            out.push('0');
        }
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}

/// Index of the bracket closing the one opened just before `s`, skipping string literals.
fn matching_close(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return Some(i),
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits `s` at the top-level `, ` separators.
fn split_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = s;
    loop {
        let bytes = rest.as_bytes();
        let mut depth = 0usize;
        let mut i = 0;
        let mut cut = None;
        while i < bytes.len() {
            match bytes[i] {
                q @ (b'\'' | b'"') => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b',' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                    cut = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        match cut {
            Some(i) => {
                items.push(rest[..i].to_string());
                rest = &rest[i + 2..];
            }
            None => {
                items.push(rest.to_string());
                return items;
            }
        }
    }
}

/// Which `frozenset({...})` reprs may list their items in any order.
#[derive(Clone, Copy)]
enum AnyOrder {
    /// Every frozenset.
    AllSets,
    /// Only frozensets with a quote in their items (strings, bytes).
    StringSets,
}

/// Sorts the items of every `frozenset({...})` in `text` (recursively) that `which` allows,
/// so that two reprs of the same set compare equal whatever their iteration order.
fn normalise_sets(text: &str, which: AnyOrder) -> String {
    const OPEN: &str = "frozenset({";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i + OPEN.len()]);
        rest = &rest[i + OPEN.len()..];
        let Some(close) = matching_close(rest) else {
            break;
        };
        let inner = &rest[..close];
        let mut items: Vec<String> = split_items(inner)
            .iter()
            .map(|item| normalise_sets(item, which))
            .collect();
        if matches!(which, AnyOrder::AllSets) || inner.contains(['\'', '"']) {
            items.sort();
        }
        out.push_str(&items.join(", "));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Compares two disassemblies, allowing the items of the frozensets `which` names in any
/// order and any `at 0x...` address. On a mismatch, returns the first differing lines.
fn compare(want: &str, got: &str, which: AnyOrder) -> Result<(), String> {
    if want == got {
        return Ok(());
    }
    let (want_n, got_n) = (
        normalise_sets(&normalise_addresses(want), which),
        normalise_sets(&normalise_addresses(got), which),
    );
    if want_n == got_n {
        return Ok(());
    }
    let want_lines: Vec<&str> = want_n.split('\n').collect();
    let got_lines: Vec<&str> = got_n.split('\n').collect();
    let first = want_lines
        .iter()
        .zip(&got_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(want_lines.len().min(got_lines.len()));
    let mut msg = format!(
        "first difference at line {} (expected {} lines, got {}):\n",
        first + 1,
        want_lines.len(),
        got_lines.len()
    );
    let from = first.saturating_sub(2);
    for (tag, lines) in [("-", &want_lines), ("+", &got_lines)] {
        for line in lines.iter().skip(from).take(first - from + 3) {
            writeln!(msg, "  {tag} {line}").ok();
        }
    }
    Err(msg)
}

/// Samples that have both a `.pyc` and a `.dis` golden.
fn samples() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = repo().join("pyc-samples");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("pyc-samples/ exists") {
        let path = entry.expect("readable directory").path();
        if path.extension().is_some_and(|e| e == "pyc") {
            let golden = path.with_extension("dis");
            if golden.exists() {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                found.push((name, path, golden));
            }
        }
    }
    found.sort();
    found
}

fn check_all(failures: Vec<String>, checked: usize, what: &str) {
    assert!(checked > 0, "no {what} found");
    assert!(
        failures.is_empty(),
        "{} of {checked} {what} differ from CPython's dis:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn samples_match_dis_goldens() {
    let samples = samples();
    let mut failures = Vec::new();
    for (name, pyc, golden) in &samples {
        let want = std::fs::read_to_string(golden).unwrap();
        let got = match load_pyc(&std::fs::read(pyc).unwrap()) {
            Ok(module) => dis_code(&module.code),
            Err(e) => {
                failures.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };
        if let Err(diff) = compare(&want, &got, AnyOrder::AllSets) {
            failures.push(format!("{name}: {diff}"));
        }
    }
    check_all(failures, samples.len(), "samples");
}

#[test]
fn rpvm_dis_binary_matches_dis_goldens() {
    let samples = samples();
    let mut failures = Vec::new();
    for (name, pyc, golden) in &samples {
        let want = std::fs::read_to_string(golden).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_rpvm"))
            .arg("dis")
            .arg(pyc)
            .output()
            .expect("rpvm runs");
        let got = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() || !out.stderr.is_empty() {
            failures.push(format!(
                "{name}: exit {:?}, stderr {:?}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        } else if let Err(diff) = compare(&want, &got, AnyOrder::StringSets) {
            failures.push(format!("{name}: {diff}"));
        }
    }
    check_all(failures, samples.len(), "samples");
}

/// Python that lists the chosen stdlib `.pyc` files and prints, for each, a NUL, its path, a
/// newline and its `dis.dis` text.
const PY_DIS_STDLIB: &str = r#"
import dis, glob, io, marshal, os, sys, sysconfig
assert sys.version_info[:2] == (3, 11), sys.version
include_tests = sys.argv[1] == "all"
root = sysconfig.get_paths()["stdlib"]
out = sys.stdout
for path in sorted(glob.glob(os.path.join(root, "**", "__pycache__", "*.cpython-311.pyc"), recursive=True)):
    rel = os.path.relpath(path, root).split(os.sep)
    if "site-packages" in rel:
        continue
    if not include_tests and ("test" in rel or "tests" in rel):
        continue
    with open(path, "rb") as f:
        data = f.read()
    buf = io.StringIO()
    try:
        dis.dis(marshal.loads(data[16:]), file=buf)
    except Exception as e:
        continue
    out.write("\0" + path + "\n" + buf.getvalue())
"#;

fn check_stdlib(which: &str) {
    let out = Command::new(python())
        .args(["-c", PY_DIS_STDLIB, which])
        .env("PYTHONHASHSEED", "0")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (CPython 3.11 is required): {e}", python()));
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("python prints UTF-8");
    let mut expected: BTreeMap<&str, &str> = BTreeMap::new();
    for chunk in text.split('\0').skip(1) {
        let (path, dis) = chunk.split_once('\n').unwrap_or((chunk, ""));
        expected.insert(path, dis);
    }
    let files: Vec<(&str, &str)> = expected.into_iter().collect();
    let failures = std::sync::Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for part in files.chunks(files.len().div_ceil(threads).max(1)) {
            let failures = &failures;
            s.spawn(move || {
                for (path, want) in part {
                    let bytes = std::fs::read(Path::new(path)).unwrap();
                    let result = match load_pyc(&bytes) {
                        Ok(module) => compare(want, &dis_code(&module.code), AnyOrder::AllSets),
                        Err(e) => Err(format!("does not load: {e}")),
                    };
                    if let Err(diff) = result {
                        failures.lock().unwrap().push(format!("{path}: {diff}"));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    if let Ok(path) = std::env::var("RPVM_DIS_FAILURES") {
        std::fs::write(path, failures.join("\n")).ok();
    }
    let shown: Vec<String> = failures.iter().take(20).cloned().collect();
    assert!(
        failures.is_empty(),
        "{} of {} stdlib .pyc files differ from CPython's dis (first 20 shown):\n\n{}",
        failures.len(),
        files.len(),
        shown.join("\n")
    );
    assert!(
        files.len() > 100,
        "only {} stdlib .pyc files found",
        files.len()
    );
}

#[test]
fn stdlib_matches_python_dis() {
    check_stdlib("lib");
}

#[test]
#[ignore = "slow: about 1700 files; run with --ignored"]
fn stdlib_with_test_suites_matches_python_dis() {
    check_stdlib("all");
}

#[test]
fn normalisation_helpers() {
    assert_eq!(
        normalise_addresses("<code object f at 0x7f12ab, file"),
        "<code object f at 0x0, file"
    );
    assert_eq!(
        normalise_sets("(frozenset({'b', 'a, }', (1, 2)}))", AnyOrder::StringSets),
        "(frozenset({'a, }', 'b', (1, 2)}))"
    );
    assert_eq!(
        normalise_sets("frozenset({2, 1})", AnyOrder::StringSets),
        "frozenset({2, 1})"
    );
    assert_eq!(
        normalise_sets("frozenset({2, 1})", AnyOrder::AllSets),
        "frozenset({1, 2})"
    );
    let strs = ("frozenset({'x', 'y'})\n", "frozenset({'y', 'x'})\n");
    assert!(compare(strs.0, strs.1, AnyOrder::StringSets).is_ok());
    assert!(compare(
        "frozenset({1, 2})",
        "frozenset({2, 1})",
        AnyOrder::StringSets
    )
    .is_err());
    assert!(compare("a\nb\n", "a\nc\n", AnyOrder::AllSets).is_err());
}

/// Python that prints test values and their `repr`: `f BITS REPR` for floats,
/// `c BITS BITS REPR` for complex numbers, `s HEX,HEX,... REPR` for strings (code points).
const PY_REPRS: &str = r#"
import random, struct, sys
rng = random.Random(311)
bits = lambda x: struct.unpack("<Q", struct.pack("<d", x))[0]
floats = [0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5,
          5e-324, 1.7976931348623157e308, float("inf"), -float("inf"), float("nan"),
          -float("nan")]
floats += [2.0 ** e for e in range(-1074, 1024, 7)]
floats += [rng.uniform(-1e6, 1e6) for _ in range(300)]
floats += [round(rng.uniform(-100, 100), rng.randrange(0, 6)) for _ in range(300)]
floats += [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(3000)]
for x in floats:
    print("f", bits(x), repr(x))
parts = [0.0, -0.0, 1.0, -1.0, 2.5, 1e16, 1e-7, float("inf"), -float("inf"), float("nan"),
         -float("nan"), 0.1]
for re in parts:
    for im in parts:
        print("c", bits(re), bits(im), repr(complex(re, im)))
pools = [(0, 0x80), (0x80, 0x100), (0x100, 0x3000), (0x3000, 0xd800), (0xe000, 0x10000),
         (0x10000, 0x110000)]
for _ in range(3000):
    lo, hi = rng.choice(pools)
    s = "".join(chr(rng.randrange(lo, hi)) for _ in range(rng.randrange(0, 6)))
    s += rng.choice(["", "'", '"', "'\"", "\\"])
    print("s", ",".join("%x" % ord(c) for c in s), repr(s))
"#;

#[test]
fn constant_reprs_match_python() {
    use rpvm::loader::pyrepr::constant_repr;
    use rpvm::loader::Constant;
    use std::rc::Rc;
    let out = Command::new(python())
        .args(["-c", PY_REPRS])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (CPython 3.11 is required): {e}", python()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let float = |s: &str| f64::from_bits(s.parse::<u64>().unwrap());
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in text.lines() {
        let (value, want) = match line.split_once(' ').unwrap() {
            ("f", rest) => {
                let (b, want) = rest.split_once(' ').unwrap();
                (Constant::Float(float(b)), want)
            }
            ("c", rest) => {
                let mut it = rest.splitn(3, ' ');
                let (re, im) = (float(it.next().unwrap()), float(it.next().unwrap()));
                (Constant::Complex(re, im), it.next().unwrap())
            }
            ("s", rest) => {
                let (cps, want) = rest.split_once(' ').unwrap();
                let s: String = cps
                    .split(',')
                    .filter(|h| !h.is_empty())
                    .map(|h| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap())
                    .collect();
                (Constant::Str(Rc::from(s)), want)
            }
            other => panic!("bad line {other:?}"),
        };
        checked += 1;
        let got = constant_repr(&value);
        if got != want {
            failures.push(format!("{line}\n    rpvm: {got}"));
        }
    }
    assert!(checked > 6000);
    assert!(
        failures.is_empty(),
        "{} of {checked} reprs differ (first 20):\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn printable_table_is_current() {
    let out = Command::new(python())
        .arg(repo().join("tools/gen_printable.py"))
        .arg("--check")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} (CPython 3.11 is required): {e}", python()));
    assert!(
        out.status.success(),
        "crates/loader/src/printable_table.rs is stale: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
