//! The checked-in opcode table (`crates/loader/src/opcode_table.rs`) must be exactly what
//! `tools/gen_opcodes.py` generates from the `python3` (CPython 3.11) on PATH.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn opcode_table_matches_python3() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("python3")
        .arg("tools/gen_opcodes.py")
        .arg("--check")
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("this test needs python3 (CPython 3.11) on PATH: {e}"));
    assert!(
        out.status.success(),
        "python3 tools/gen_opcodes.py --check failed ({}): the opcode table is stale or python3 \
         is not CPython 3.11\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
