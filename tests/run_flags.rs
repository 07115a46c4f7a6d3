//! `rpvm run --trace` and `--stats`, and program arguments passed through to `sys.argv`.

use std::process::Command;

fn rpvm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run rpvm")
}

#[test]
fn trace_prints_each_instruction_then_the_stack_it_left() {
    let out = rpvm(&["run", "--trace", "pyc-samples/hello.pyc"]);
    assert!(out.status.success());
    assert_eq!(
        out.stdout, b"Hello, World!\n",
        "tracing must not change stdout"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    // The module's first instructions, formatted like `dis`, each followed by its stack.
    assert!(
        lines[0].starts_with("<module>") && lines[0].contains("RESUME"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].trim_start().starts_with("stack: []"),
        "{}",
        lines[1]
    );
    let load = lines
        .iter()
        .position(|l| l.contains("LOAD_CONST") && l.contains("<code object foo"))
        .expect("LOAD_CONST of foo");
    assert!(
        lines[load + 1].contains("stack: [<code object foo"),
        "{}",
        lines[load + 1]
    );
    // Instructions of the called function are traced too, with their arguments' meaning.
    assert!(
        err.contains("foo")
            && err.contains("FORMAT_VALUE")
            && err.contains("LOAD_FAST               0 (name)")
    );
    assert!(err.contains("BUILD_STRING"));
}

#[test]
fn stats_count_instructions_by_opcode() {
    let out = rpvm(&["run", "--stats", "pyc-samples/hello.pyc"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("== rpvm statistics =="), "{err}");
    // hello.py executes exactly 26 instructions under CPython 3.11's compiler.
    assert!(err.contains("instructions executed: 26"), "{err}");
    assert!(err.contains("calls (CALL + CALL_FUNCTION_EX): 2"), "{err}");
    let load_const = err
        .lines()
        .find(|l| l.trim_start().starts_with("LOAD_CONST"))
        .expect("LOAD_CONST row");
    assert!(load_const.contains(" 6 "), "{load_const}");
}

#[test]
fn program_arguments_reach_sys_argv() {
    let out = rpvm(&[
        "run",
        "pyc-samples/imports_stdlib.pyc",
        "-x",
        "--flag",
        "arg",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("'-x', '--flag', 'arg'") || text.contains("-x"),
        "{text}"
    );
}

#[test]
fn deep_recursion_raises_recursion_error_without_crashing() {
    // err_recursion recurses without bound: CPython's limit (1000) must stop it cleanly.
    let out = rpvm(&["run", "pyc-samples/err_recursion.pyc"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("RecursionError: maximum recursion depth exceeded"),
        "{err}"
    );
    assert!(
        err.contains("[Previous line repeated 996 more times]"),
        "{err}"
    );
}
