//! Differential tests: every sample in `pyc-samples/` runs under rpvm and its stdout, stderr
//! and exit status are compared byte for byte with what CPython 3.11 produced (the goldens
//! `NAME.out`, `NAME.err`, `NAME.code`, made by `tools/gen_samples.py`).
//!
//! `pyc-samples/KNOWN_FAILING` is the feature matrix: samples rpvm does not run identically
//! yet, each with the reason. The test fails if a sample outside that list differs from
//! CPython, and also if a listed sample starts matching (so the list never goes stale).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pyc-samples")
}

fn known_failing() -> Vec<String> {
    let text = std::fs::read_to_string(samples_dir().join("KNOWN_FAILING")).unwrap_or_default();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Runs one sample; returns a description of the first difference, or None if identical.
fn run_sample(name: &str) -> Option<String> {
    let dir = samples_dir();
    let root = dir.parent().unwrap();
    let args: Vec<String> = std::fs::read_to_string(dir.join(format!("{name}.args")))
        .map(|t| t.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let stdin = match std::fs::File::open(dir.join(format!("{name}.stdin"))) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .current_dir(root)
        .arg("run")
        .arg(format!("pyc-samples/{name}.pyc"))
        .args(&args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rpvm");
    // Read the pipes on threads so a chatty program cannot block, and bound the run time.
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
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let stdout = t_out.join().unwrap_or_default();
    let stderr = t_err.join().unwrap_or_default();
    let Some(status) = status else {
        return Some(format!("{name}: did not finish within 60 s"));
    };
    struct Out {
        stdout: Vec<u8>,
        stderr: Vec<u8>,
        status: std::process::ExitStatus,
    }
    let out = Out {
        stdout,
        stderr,
        status,
    };
    let want_out = std::fs::read(dir.join(format!("{name}.out"))).expect("golden .out");
    let want_err = std::fs::read(dir.join(format!("{name}.err"))).unwrap_or_default();
    let want_code: i32 = std::fs::read_to_string(dir.join(format!("{name}.code")))
        .expect("golden .code")
        .trim()
        .parse()
        .expect("numeric .code");
    if out.stdout != want_out {
        return Some(format!(
            "{name}: stdout differs\n{}",
            first_diff(&want_out, &out.stdout)
        ));
    }
    if out.stderr != want_err {
        return Some(format!(
            "{name}: stderr differs\n{}",
            first_diff(&want_err, &out.stderr)
        ));
    }
    let code = out.status.code().unwrap_or(-1);
    if code != want_code {
        return Some(format!("{name}: exit status {code}, CPython {want_code}"));
    }
    None
}

fn first_diff(want: &[u8], got: &[u8]) -> String {
    let w = String::from_utf8_lossy(want);
    let g = String::from_utf8_lossy(got);
    for (i, (a, b)) in w.lines().zip(g.lines()).enumerate() {
        if a != b {
            return format!("  line {}:\n    CPython: {a}\n    rpvm:    {b}", i + 1);
        }
    }
    format!(
        "  CPython has {} lines, rpvm {} lines",
        w.lines().count(),
        g.lines().count()
    )
}

fn all_samples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(samples_dir())
        .expect("pyc-samples/")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "out").then(|| p.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names
}

#[test]
fn samples_match_cpython() {
    let known = known_failing();
    let mut unexpected_failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    let mut passed = 0;
    let names = all_samples();
    assert!(
        names.len() >= 40,
        "expected the sample corpus, found {} samples",
        names.len()
    );
    for name in &names {
        let diff = run_sample(name);
        let listed = known.contains(name);
        match (diff, listed) {
            (None, false) => passed += 1,
            (None, true) => unexpected_passes.push(name.clone()),
            (Some(d), false) => unexpected_failures.push(d),
            (Some(_), true) => {}
        }
    }
    for k in &known {
        assert!(
            names.contains(k),
            "KNOWN_FAILING names a sample that does not exist: {k}"
        );
    }
    println!(
        "{passed} of {} samples identical to CPython; {} listed as known failing",
        names.len(),
        known.len()
    );
    assert!(
        unexpected_failures.is_empty(),
        "samples that differ from CPython:\n{}",
        unexpected_failures.join("\n")
    );
    assert!(
        unexpected_passes.is_empty(),
        "these samples now match CPython: remove them from pyc-samples/KNOWN_FAILING: {unexpected_passes:?}"
    );
}
