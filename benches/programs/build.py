"""Recompile every benchmark program in this directory to a .pyc next to it, and record
CPython's output of each as <name>.expected (checked by benches/dispatch.rs).

Run with CPython 3.11:  python3 benches/programs/build.py
"""
import pathlib
import py_compile
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

# Input sizes the criterion bench (benches/dispatch.rs) passes as argv[1]; keep in sync.
SMALL = {"fib": "22", "nbody": "5000", "list_dict": "50000", "string_build": "40000"}

for src in sorted(HERE.glob("*.py")):
    if src.name == "build.py":
        continue
    cfile = src.with_suffix(".pyc")
    py_compile.compile(
        str(src),
        cfile=str(cfile),
        dfile=src.name,
        doraise=True,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    out = subprocess.run([sys.executable, "-S", str(cfile)], check=True,
                         capture_output=True).stdout
    src.with_suffix(".expected").write_bytes(out)
    print(f"compiled {src.name} -> {cfile.name}, {src.stem}.expected")
    # The criterion bench runs the smaller input given as argv[1]; record its output too.
    if src.stem in SMALL:
        small = subprocess.run([sys.executable, "-S", str(cfile), SMALL[src.stem]],
                               check=True, capture_output=True).stdout
        (HERE / f"{src.stem}.small.expected").write_bytes(small)
        print(f"  {src.stem} {SMALL[src.stem]} -> {src.stem}.small.expected")
