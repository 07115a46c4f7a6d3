//! Finds CPython 3.11's standard-library directory at build time, so that `import textwrap`
//! (a module rpvm does not implement natively) can fall back to the compiled caches in its
//! `__pycache__`. The path is handed to the crate as `RPVM_BUILD_STDLIB`; it is empty when
//! `python3` is missing or is not CPython 3.11 (then there is no fallback unless
//! `RPVM_STDLIB` is set at run time).

use std::process::Command;

const SCRIPT: &str = "import sys, sysconfig; \
    ok = sys.implementation.name == 'cpython' and sys.version_info[:2] == (3, 11); \
    print(sysconfig.get_path('stdlib') if ok else '')";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RPVM_BUILD_PYTHON");
    let python = std::env::var("RPVM_BUILD_PYTHON").unwrap_or_else(|_| "python3".into());
    let dir = Command::new(python)
        .args(["-c", SCRIPT])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    println!("cargo:rustc-env=RPVM_BUILD_STDLIB={dir}");
}
