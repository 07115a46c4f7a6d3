//! Multi-file programs: a package with relative and circular imports, `import a.b as c`,
//! `from . import x`, ModuleNotFoundError, `if __name__ == "__main__"`, and the message for
//! a `.py` with no `.pyc`. The sources are written and compiled by python3 at test time and
//! CPython's output is the expectation.

use std::path::Path;
use std::process::Command;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn package_with_relative_and_circular_imports_matches_cpython() {
    let dir = std::env::temp_dir().join(format!("rpvm-imports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write(
        &dir,
        "pkg/__init__.py",
        "from .a import fa\nVERSION = '1.0'\n",
    );
    write(
        &dir,
        "pkg/a.py",
        "from . import b\ndef fa():\n    return 'fa+' + b.fb()\n",
    );
    write(
        &dir,
        "pkg/b.py",
        "import pkg.a\ndef fb():\n    return 'fb(' + str(hasattr(pkg.a, 'fa')) + ')'\n",
    );
    write(&dir, "pkg/sub/__init__.py", "from ..a import fa as alias\n");
    write(
        &dir,
        "main.py",
        "import pkg\nfrom pkg.a import fa\nimport pkg.b as bee\nimport pkg.sub\n\
         print(pkg.VERSION, fa(), bee.fb(), pkg.sub.alias is fa, __name__)\n\
         import sys\nprint(sorted(k for k in sys.modules if k.startswith('pkg')))\n\
         try:\n    import nosuchmod\nexcept ImportError as e:\n    print(type(e).__name__, e)\n\
         if __name__ == '__main__':\n    print('main')\n",
    );
    let (_, err, code) = run(Command::new("python3")
        .args(["-m", "compileall", "-q", "-b", "."])
        .current_dir(&dir));
    assert_eq!(code, 0, "python3 compileall failed: {err}");
    let want = run(Command::new("python3").arg("main.pyc").current_dir(&dir));
    let got = run(Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .args(["run", "main.pyc"])
        .current_dir(&dir));
    assert_eq!(got, want, "rpvm differs from CPython");
    // A .py without its .pyc: a clear ImportError that says how to compile it.
    write(&dir, "lonely.py", "x = 1\n");
    write(&dir, "uses_lonely.py", "import lonely\n");
    let _ = run(Command::new("python3")
        .args([
            "-c",
            "import py_compile; py_compile.compile('uses_lonely.py', 'uses_lonely.pyc')",
        ])
        .current_dir(&dir));
    let (_, err, code) = run(Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .args(["run", "uses_lonely.pyc"])
        .current_dir(&dir));
    assert_eq!(code, 1);
    assert!(
        err.contains("ImportError") && err.contains("compileall"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rpvmpath_adds_module_directories() {
    let dir = std::env::temp_dir().join(format!("rpvm-rpvmpath-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write(
        &dir,
        "lib/helper.py",
        "def greet():\n    return 'hi from lib'\n",
    );
    write(
        &dir,
        "app/main.py",
        "import helper\nprint(helper.greet())\n",
    );
    let (_, err, code) = run(Command::new("python3")
        .args(["-m", "compileall", "-q", "-b", "."])
        .current_dir(&dir));
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .args(["run", "app/main.pyc"])
        .env("RPVMPATH", dir.join("lib"))
        .current_dir(&dir));
    assert_eq!((out.as_str(), code), ("hi from lib\n", 0), "{err}");
    let (_, err, code) = run(Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .args(["run", "app/main.pyc"])
        .env_remove("RPVMPATH")
        .current_dir(&dir));
    assert_eq!(code, 1);
    assert!(
        err.contains("ModuleNotFoundError: No module named 'helper'"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
