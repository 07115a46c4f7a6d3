//! In-process interpreter benchmarks: each program in `benches/programs/` (with a smaller
//! input, passed as `argv[1]`, so `cargo bench` finishes in a few minutes) is loaded and run through
//! `rpvm::run::Interpreter` with its output captured, on a thread with the interpreter's
//! stack size, exactly as `rpvm run` does.
//!
//! Run with `cargo bench --bench dispatch`; pick programs with a filter, e.g.
//! `cargo bench --bench dispatch -- loop_sum`. Set `RPVM_BENCH_FULL=1` to use the full-size
//! programs that `tools/bench_ratio.py` times instead of the small ones.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use rpvm::run::{Captured, Interpreter, Outcome, INTERPRETER_STACK_BYTES};

/// (benchmark name, program, program for the small run, its argv[1]). `loop_sum` keeps the
/// exact headline shape (a literal range bound), so its small run is a separate program.
/// The argv sizes match `SMALL` in `benches/programs/build.py`.
const PROGRAMS: &[(&str, &str, &str, Option<&str>)] = &[
    ("hello", "hello", "hello", None),
    ("loop_sum", "loop_sum", "loop_sum_small", None),
    ("fib", "fib", "fib", Some("22")),
    ("nbody", "nbody", "nbody", Some("5000")),
    (
        "string_build",
        "string_build",
        "string_build",
        Some("40000"),
    ),
    ("list_dict", "list_dict", "list_dict", Some("50000")),
];

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches")
        .join("programs")
}

/// Runs one `.pyc` image to completion in a fresh interpreter; returns captured stdout.
fn run_once(path: &Path, args: &[String], data: &[u8]) -> (Outcome, Vec<u8>) {
    let captured = Captured::default();
    let mut interp = Interpreter::new(path, args, Some(&captured));
    let outcome = interp.run_pyc(data);
    drop(interp);
    let out = captured.stdout.borrow().clone();
    (outcome, out)
}

fn bench_programs(c: &mut Criterion) {
    let full = std::env::var_os("RPVM_BENCH_FULL").is_some_and(|v| v != "0" && !v.is_empty());
    let dir = programs_dir();
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    for &(name, big, small, small_arg) in PROGRAMS {
        let (stem, args, expected_file) = match (full, small_arg) {
            (true, _) => (big, vec![], format!("{big}.expected")),
            (false, Some(arg)) => (
                small,
                vec![arg.to_string()],
                format!("{small}.small.expected"),
            ),
            (false, None) => (small, vec![], format!("{small}.expected")),
        };
        let path = dir.join(format!("{stem}.pyc"));
        let data = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run benches/programs/build.py)", path.display()));
        let expected = std::fs::read(dir.join(expected_file)).ok();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let path = path.clone();
                let args = args.clone();
                let data = data.clone();
                let expected = expected.clone();
                // The interpreter is !Send (Rc everywhere), so each measurement batch runs
                // wholly on one big-stack thread, like `rpvm run`.
                std::thread::Builder::new()
                    .name("rpvm-bench".into())
                    .stack_size(INTERPRETER_STACK_BYTES)
                    .spawn(move || {
                        let mut elapsed = std::time::Duration::ZERO;
                        for _ in 0..iters {
                            let start = std::time::Instant::now();
                            let (outcome, out) = run_once(&path, &args, &data);
                            elapsed += start.elapsed();
                            assert_eq!(outcome, Outcome::Exited(0), "{}", path.display());
                            if let Some(exp) = &expected {
                                assert_eq!(
                                    &out,
                                    exp,
                                    "{}: output differs from CPython",
                                    path.display()
                                );
                            }
                            std::hint::black_box(out);
                        }
                        elapsed
                    })
                    .expect("spawn interpreter thread")
                    .join()
                    .expect("interpreter thread panicked")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_programs);
criterion_main!(benches);
