//! Robustness of `load_pyc` on real `.pyc` files and on damaged copies of them.
//!
//! The corpus is every `pyc-samples/*.pyc` plus a deterministic selection of CPython 3.11's own
//! stdlib `__pycache__/*.cpython-311.pyc` files (found with `python3`; a missing python3 fails
//! the tests). For every file:
//! - the whole file loads;
//! - every truncation (sampled for large files) fails with a truncation error naming an offset
//!   inside the prefix, and never panics;
//! - many random single- and multi-byte mutations never panic, and every error names an offset
//!   inside the file.
//!
//! Everything runs on threads with a 1 MiB stack, so a reader whose stack use grows with the
//! input's nesting would overflow here (which aborts the test binary).

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{catch, error_problem, fnv, on_stack, python3, repo_root, Rng};
use rpvm_loader::{load_pyc, LoadError};

/// The stack every check runs on.
const STACK: usize = 1 << 20;

/// No single `load_pyc` call may take longer than this (a debug build, a busy machine).
const SLOW: Duration = Duration::from_secs(10);

/// How many stdlib files to take by even sampling of the sorted list.
const STDLIB_SAMPLE: usize = 36;

/// Large or tricky stdlib modules always included.
const STDLIB_ALWAYS: &[&str] = &[
    "typing",
    "_pydecimal",
    "dataclasses",
    "enum",
    "argparse",
    "re/_parser",
];

/// Roughly how many bytes of input the truncation test feeds the loader per file (a debug
/// build reads about 10 MB/s): files up to ~1.8 KB get every prefix, larger ones a sample.
const PREFIX_BYTES_PER_FILE: usize = 1_600_000;

/// Roughly how many bytes of input the mutation test feeds the loader per file.
const MUTATION_BYTES_PER_FILE: usize = 1_200_000;

struct Sample {
    name: String,
    data: Vec<u8>,
}

fn pyc_files_in(dir: &PathBuf, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    files.sort();
    files
}

fn read(p: &PathBuf) -> Sample {
    Sample {
        name: p.display().to_string(),
        data: std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
    }
}

/// Every `pyc-samples/*.pyc`.
fn samples() -> Vec<Sample> {
    let files = pyc_files_in(&repo_root().join("pyc-samples"), ".pyc");
    assert!(
        !files.is_empty(),
        "no pyc-samples/*.pyc found: regenerate them with tools/gen_samples.py"
    );
    files.iter().map(read).collect()
}

/// A deterministic selection of CPython's own stdlib `.pyc` files.
fn stdlib() -> Vec<Sample> {
    let stdlib = PathBuf::from(python3("import os; print(os.path.dirname(os.__file__))").trim());
    let mut chosen: Vec<PathBuf> = Vec::new();
    let cached = pyc_files_in(&stdlib.join("__pycache__"), ".cpython-311.pyc");
    assert!(
        cached.len() >= 2 * STDLIB_SAMPLE,
        "expected CPython 3.11's stdlib __pycache__ at {}, found {} .cpython-311.pyc files",
        stdlib.display(),
        cached.len()
    );
    let step = cached.len() / STDLIB_SAMPLE;
    chosen.extend(cached.iter().step_by(step).take(STDLIB_SAMPLE).cloned());
    for module in STDLIB_ALWAYS {
        let (dir, base) = match module.rsplit_once('/') {
            Some((d, b)) => (stdlib.join(d), b),
            None => (stdlib.clone(), *module),
        };
        let p = dir
            .join("__pycache__")
            .join(format!("{base}.cpython-311.pyc"));
        assert!(p.exists(), "missing stdlib file {}", p.display());
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    chosen.iter().map(read).collect()
}

/// Calls `load_pyc`, turning a panic or a very slow call into a failure description.
fn checked_load(sample: &str, what: &str, data: &[u8]) -> Result<Result<(), LoadError>, String> {
    let start = Instant::now();
    let result = catch(|| load_pyc(data).map(drop));
    let took = start.elapsed();
    let result = result.map_err(|panic| format!("{sample}: {what}: panicked: {panic}"))?;
    if took > SLOW {
        return Err(format!("{sample}: {what}: load_pyc took {took:?}"));
    }
    if let Err(e) = &result {
        if let Some(problem) = error_problem(e, data.len()) {
            return Err(format!("{sample}: {what}: {problem}"));
        }
    }
    Ok(result)
}

fn report(failures: &[String], checked: usize) {
    assert!(
        failures.is_empty(),
        "{} of {checked} inputs failed; the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn whole_files_load() {
    on_stack(STACK, || {
        let corpus: Vec<Sample> = samples().into_iter().chain(stdlib()).collect();
        let mut failures = Vec::new();
        for s in &corpus {
            match checked_load(&s.name, "whole file", &s.data) {
                Err(f) => failures.push(f),
                Ok(Err(e)) => failures.push(format!("{}: does not load: {e}", s.name)),
                Ok(Ok(())) => {}
            }
        }
        report(&failures, corpus.len());
    });
}

/// The prefix lengths to try for a file of `len` bytes: all of them for small files; for
/// larger ones the first KiB, some of the last bytes and a random sample, about
/// [`PREFIX_BYTES_PER_FILE`] bytes of loading in all (a prefix costs its length).
fn prefix_lengths(name: &str, len: usize) -> Vec<usize> {
    if len * len / 2 <= PREFIX_BYTES_PER_FILE {
        return (0..len).collect();
    }
    let head = 1024.min(len);
    let budget = PREFIX_BYTES_PER_FILE - head * head / 2;
    let tail = (budget / 4 / len).clamp(8, 128).min(len - head);
    let samples = (budget.saturating_sub(tail * len) / (len / 2)).clamp(32, 4000);
    let mut lens: Vec<usize> = (0..head).chain(len - tail..len).collect();
    let mut rng = Rng::new(fnv(name.as_bytes()));
    lens.extend((0..samples).map(|_| head + rng.below(len - head)));
    lens.sort_unstable();
    lens.dedup();
    lens
}

/// Every truncation (or a sample of them) of every file fails with a truncation error that
/// names an offset inside the prefix.
fn truncations_fail_cleanly(corpus: Vec<Sample>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for s in &corpus {
        for cut in prefix_lengths(&s.name, s.data.len()) {
            checked += 1;
            let what = format!("prefix of {cut} bytes");
            match checked_load(&s.name, &what, &s.data[..cut]) {
                Err(f) => failures.push(f),
                Ok(Ok(())) => failures.push(format!("{}: {what} loaded", s.name)),
                Ok(Err(
                    LoadError::TooShort { .. }
                    | LoadError::Truncated { .. }
                    | LoadError::BadLength { .. },
                )) => {}
                Ok(Err(e)) => failures.push(format!(
                    "{}: {what}: expected a truncation error, got {e:?}",
                    s.name
                )),
            }
        }
    }
    report(&failures, checked);
}

#[test]
fn truncated_samples_fail_cleanly() {
    on_stack(STACK, || truncations_fail_cleanly(samples()));
}

#[test]
fn truncated_stdlib_files_fail_cleanly() {
    on_stack(STACK, || truncations_fail_cleanly(stdlib()));
}

/// One random mutation of `data`, described in words.
fn mutate(rng: &mut Rng, data: &[u8]) -> (Vec<u8>, String) {
    let mut d = data.to_vec();
    // Mostly damage the marshal data; sometimes the header too.
    let lo = if rng.below(16) == 0 { 0 } else { 16 };
    let pos = |rng: &mut Rng| lo + rng.below(data.len() - lo);
    let what = match rng.below(8) {
        0 | 1 => {
            let p = pos(rng);
            d[p] = rng.byte();
            format!("byte {p} := {:#04x}", d[p])
        }
        2 => {
            let p = pos(rng);
            d[p] ^= 1 << rng.below(8);
            format!("bit flip in byte {p}")
        }
        3 => {
            let n = 2 + rng.below(7);
            let ps: Vec<usize> = (0..n).map(|_| pos(rng)).collect();
            for &p in &ps {
                d[p] = rng.byte();
            }
            format!("bytes {ps:?} randomised")
        }
        4 => {
            // An extreme 32-bit value where a length, count or index may be.
            let p = pos(rng).min(data.len().saturating_sub(4));
            let v: u32 = [0x7fff_ffff, 0xffff_ffff, 0x8000_0000, 0x0001_0000, 0xffff][rng.below(5)];
            let n = 4.min(d.len() - p);
            d[p..p + n].copy_from_slice(&v.to_le_bytes()[..n]);
            format!("u32 {v:#x} at {p}")
        }
        5 => {
            let p = pos(rng);
            let n = 1 + rng.below(8.min(data.len() - p));
            d.drain(p..p + n);
            format!("{n} bytes deleted at {p}")
        }
        6 => {
            let p = pos(rng);
            let n = 1 + rng.below(8);
            let ins: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
            d.splice(p..p, ins);
            format!("{n} random bytes inserted at {p}")
        }
        _ => {
            // Copy a chunk of the file over another place (marshal-looking garbage).
            let from = pos(rng);
            let to = pos(rng);
            let n = (1 + rng.below(32))
                .min(data.len() - from)
                .min(data.len() - to);
            d.copy_within(from..from + n, to);
            format!("{n} bytes copied from {from} to {to}")
        }
    };
    (d, what)
}

/// Random mutations of every file never panic, and every error names an offset in the file.
fn mutations_fail_cleanly(corpus: Vec<Sample>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut rejected = 0;
    for s in &corpus {
        let mut rng = Rng::new(fnv(s.name.as_bytes()) ^ 0x5eed);
        let count = (2 * MUTATION_BYTES_PER_FILE / s.data.len()).clamp(40, 1500);
        for i in 0..count {
            checked += 1;
            let (d, what) = mutate(&mut rng, &s.data);
            let what = format!("mutation {i} ({what})");
            match checked_load(&s.name, &what, &d) {
                Err(f) => failures.push(f),
                Ok(r) => rejected += r.is_err() as usize,
            }
        }
    }
    report(&failures, checked);
    // The mutations must actually reach the error paths.
    assert!(
        rejected > checked / 4,
        "only {rejected} of {checked} mutations were rejected: the mutator is too weak"
    );
}

#[test]
fn mutated_samples_never_panic() {
    on_stack(STACK, || mutations_fail_cleanly(samples()));
}

#[test]
fn mutated_stdlib_files_never_panic() {
    on_stack(STACK, || mutations_fail_cleanly(stdlib()));
}
