#!/usr/bin/env python3
"""Regenerate the pyc-samples/ corpus: .pyc files and their goldens.

For every sample NAME (a file ``pyc-samples/NAME.py``) this writes:

  NAME.pyc   compiled by CPython 3.11 as an UNCHECKED_HASH pyc whose
             co_filename is the repo-relative path ``pyc-samples/NAME.py``
  NAME.dis   ``dis.dis`` of the module code object, with object addresses
             normalised (``at 0x...`` -> ``at 0x0``)
  NAME.out   stdout of ``python3 pyc-samples/NAME.pyc`` run from the repo root
  NAME.err   stderr of the same run
  NAME.code  exit status of the same run, as decimal text + newline

Optional inputs: ``NAME.args`` (one command-line argument per line) and
``NAME.stdin`` (bytes fed to standard input; otherwise stdin is /dev/null).

Every child process runs with a fixed environment (PYTHONHASHSEED=0,
LC_ALL=C.UTF-8, PYTHONDONTWRITEBYTECODE=1, no other PYTHON* variables) so
that regenerating gives identical bytes.

Usage:
  tools/gen_samples.py                 regenerate every sample
  tools/gen_samples.py hello closures  regenerate only the named samples
  tools/gen_samples.py --check         regenerate into a temporary directory
                                       and exit 1 listing every file that
                                       differs from the committed one
  tools/gen_samples.py --list          list the sample names

The interpreter used is the one running this script (it must be CPython
3.11), or the one named by --python / the RPVM_PYTHON environment variable.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES_DIR = "pyc-samples"
# Files produced by the generator for each sample.
GENERATED_EXTS = (".pyc", ".dis", ".out", ".err", ".code")
# Optional hand-written inputs for each sample.
INPUT_EXTS = (".args", ".stdin")
# Stamp recording which interpreter produced the goldens.
STAMP = "GENERATED_BY"
RUN_TIMEOUT = 120  # seconds per sample run

COMPILE_SCRIPT = (
    "import py_compile, sys\n"
    "py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile=sys.argv[3],\n"
    "    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,\n"
    "    doraise=True)\n"
)
DIS_SCRIPT = (
    "import dis, marshal, sys; f = open(sys.argv[1], 'rb'); f.seek(16); "
    "dis.dis(marshal.load(f))"
)
ADDR_RE = re.compile(rb"at 0x[0-9a-f]+")


def fixed_env() -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return env


def find_python(explicit: str | None) -> str:
    exe = explicit or os.environ.get("RPVM_PYTHON") or sys.executable
    out = subprocess.run(
        [exe, "-c", "import sys; print(sys.executable); "
         "print(sys.implementation.name, *sys.version_info[:3])"],
        capture_output=True, text=True, env=fixed_env(), check=True,
    ).stdout.split("\n")
    real, impl = out[0], out[1].split()
    if impl[0] != "cpython" or impl[1:3] != ["3", "11"]:
        sys.exit(f"gen_samples: {exe} is {' '.join(impl)}, need CPython 3.11 "
                 "(pass --python or set RPVM_PYTHON)")
    return real


def python_stamp(python: str) -> bytes:
    return subprocess.run(
        [python, "-c", "import platform; "
         "print('CPython', platform.python_version())"],
        capture_output=True, env=fixed_env(), check=True,
    ).stdout


def sample_names(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / SAMPLES_DIR).glob("*.py"))


def normalise_name(arg: str) -> str:
    name = Path(arg).name
    for ext in (".py",) + GENERATED_EXTS + INPUT_EXTS:
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def run(cmd: list[str], root: Path, stdin: bytes | None = None,
        timeout: float | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        cmd, cwd=root, env=fixed_env(), capture_output=True,
        input=stdin if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        timeout=timeout,
    )


def generate_one(python: str, root: Path, name: str) -> str | None:
    """Generate all files for one sample under root. Returns an error or None."""
    rel_src = f"{SAMPLES_DIR}/{name}.py"
    rel_pyc = f"{SAMPLES_DIR}/{name}.pyc"
    sdir = root / SAMPLES_DIR

    # 1. compile (in a fresh process so marshal output does not depend on
    #    what else this script has done)
    pyc = sdir / f"{name}.pyc"
    if pyc.exists():
        pyc.unlink()
    r = run([python, "-c", COMPILE_SCRIPT, rel_src, rel_pyc, rel_src], root)
    if r.returncode != 0:
        return f"{name}: compile failed:\n{r.stderr.decode(errors='replace')}"

    # 2. disassemble
    r = run([python, "-c", DIS_SCRIPT, rel_pyc], root)
    if r.returncode != 0:
        return f"{name}: dis failed:\n{r.stderr.decode(errors='replace')}"
    (sdir / f"{name}.dis").write_bytes(ADDR_RE.sub(b"at 0x0", r.stdout))

    # 3. run
    args: list[str] = []
    args_file = sdir / f"{name}.args"
    if args_file.exists():
        args = args_file.read_text(encoding="utf-8").splitlines()
    stdin_file = sdir / f"{name}.stdin"
    stdin = stdin_file.read_bytes() if stdin_file.exists() else None
    try:
        r = run([python, rel_pyc, *args], root, stdin=stdin,
                timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"{name}: timed out after {RUN_TIMEOUT}s"
    (sdir / f"{name}.out").write_bytes(r.stdout)
    (sdir / f"{name}.err").write_bytes(r.stderr)
    (sdir / f"{name}.code").write_text(f"{r.returncode}\n", encoding="ascii")
    return None


def generate(python: str, root: Path, names: list[str], jobs: int) -> list[str]:
    errors: list[str] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futs = {pool.submit(generate_one, python, root, n): n for n in names}
        for fut in concurrent.futures.as_completed(futs):
            err = fut.result()
            if err:
                errors.append(err)
    (root / SAMPLES_DIR / STAMP).write_bytes(python_stamp(python))
    return sorted(errors)


def orphans(root: Path) -> list[Path]:
    """Generated files whose NAME.py no longer exists."""
    sdir = root / SAMPLES_DIR
    names = set(sample_names(root))
    found = []
    for p in sorted(sdir.iterdir()):
        if p.suffix in GENERATED_EXTS + INPUT_EXTS and p.stem not in names:
            found.append(p)
    return found


def check(python: str, names: list[str], jobs: int) -> int:
    src_dir = REPO / SAMPLES_DIR
    with tempfile.TemporaryDirectory(prefix="rpvm-samples-") as tmp:
        troot = Path(tmp)
        tdir = troot / SAMPLES_DIR
        tdir.mkdir()
        for n in names:
            for ext in (".py",) + INPUT_EXTS:
                f = src_dir / f"{n}{ext}"
                if f.exists():
                    shutil.copyfile(f, tdir / f.name)
        errors = generate(python, troot, names, jobs)
        for e in errors:
            print(e, file=sys.stderr)
        bad: list[str] = []
        files = [f"{n}{ext}" for n in names for ext in GENERATED_EXTS] + [STAMP]
        for fname in files:
            want = tdir / fname
            have = src_dir / fname
            if not have.exists():
                bad.append(f"missing: {SAMPLES_DIR}/{fname}")
            elif want.read_bytes() != have.read_bytes():
                bad.append(f"differs: {SAMPLES_DIR}/{fname}")
        for p in orphans(REPO):
            bad.append(f"orphan (no {p.stem}.py): {SAMPLES_DIR}/{p.name}")
        for line in bad:
            print(line)
        if bad or errors:
            print(f"gen_samples --check: {len(bad)} file(s) out of date; "
                  "run `just samples` (tools/gen_samples.py) to regenerate",
                  file=sys.stderr)
            return 1
        print(f"gen_samples --check: {len(names)} samples up to date")
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="samples to regenerate (default: all)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and report differences")
    ap.add_argument("--list", action="store_true", help="list sample names")
    ap.add_argument("--python", help="CPython 3.11 interpreter to use")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    opts = ap.parse_args()

    all_names = sample_names(REPO)
    if opts.list:
        print("\n".join(all_names))
        return 0
    names = [normalise_name(a) for a in opts.names] or all_names
    unknown = [n for n in names if n not in all_names]
    if unknown:
        sys.exit(f"gen_samples: no such sample(s): {', '.join(unknown)}")

    python = find_python(opts.python)
    if opts.check:
        return check(python, names, opts.jobs)

    errors = generate(python, REPO, names, opts.jobs)
    for e in errors:
        print(e, file=sys.stderr)
    if not opts.names:
        for p in orphans(REPO):
            if p.suffix in GENERATED_EXTS:
                print(f"removing orphan {SAMPLES_DIR}/{p.name}")
                p.unlink()
            else:
                print(f"warning: orphan input {SAMPLES_DIR}/{p.name}",
                      file=sys.stderr)
    print(f"gen_samples: regenerated {len(names)} sample(s) with {python}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
