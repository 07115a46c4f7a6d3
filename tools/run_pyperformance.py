#!/usr/bin/env python3
"""Run benchmarks from the pyperformance suite under CPython and rpvm and compare.

Downloads the pyperformance wheel from PyPI (no install), extracts the benchmark scripts,
compiles them with this python3 (3.11), and runs each `.pyc` under CPython (`-S`) and rpvm
with a minimal `pyperf` stand-in (tools/pyperf_stub/pyperf.py) that runs each benchmark once.
Prints, per benchmark: whether the outputs are identical, and CPU seconds and the ratio.

    cargo build --release
    python3 tools/run_pyperformance.py [--rpvm target/release/rpvm] [--wheel W.whl] [NAME ...]

NAME is any name of the wheel's MANIFEST, variants included (`async_tree_io` runs
bm_async_tree with its `extra_opts`, `io`, on the command line).

Benchmarks that need modules rpvm does not have yet fail with ModuleNotFoundError; they are
reported, not hidden.
"""
import argparse
import glob
import math
import os
import py_compile
import resource
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = [
    "chaos", "coroutines", "deltablue", "fannkuch", "float", "go", "hexiom", "meteor_contest",
    "nbody", "nqueens", "pidigits", "richards", "richards_super", "spectral_norm",
    "unpack_sequence", "generators", "deepcopy", "comprehensions", "raytrace",
    "async_generators", "async_tree", "async_tree_io", "async_tree_memoization",
    "async_tree_cpu_io_mixed", "async_tree_eager", "async_tree_tg", "async_tree_io_tg",
    "barnes_hut", "gc_traversal", "json_dumps", "json_loads", "regex_compile", "regex_dna",
    "regex_effbot", "regex_v8", "scimark", "typing_runtime_protocols",
]


def cpu(cmd, env, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    p = subprocess.run(cmd, env={**os.environ, **env}, cwd=cwd, capture_output=True, timeout=600)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before, p


def find_variants(bench_root):
    """Benchmark name -> (directory name without `bm_`, extra command-line options), from the
    wheel's MANIFEST (`name<TAB><local>` or `<local:base>`) and the `extra_opts` of each
    benchmark's pyproject.toml or `bm_<name>.toml`."""
    out = {}
    with open(os.path.join(bench_root, "MANIFEST")) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 2 or not parts[1].startswith("<local"):
                continue
            name, loc = parts
            base = loc[len("<local:"):-1] if loc.startswith("<local:") else name
            toml = os.path.join(bench_root, f"bm_{base}", f"bm_{name}.toml")
            if not os.path.exists(toml):
                toml = os.path.join(bench_root, f"bm_{base}", "pyproject.toml")
            extra = []
            if os.path.exists(toml):
                with open(toml, "rb") as t:
                    extra = tomllib.load(t).get("tool", {}).get("pyperformance", {}).get("extra_opts", [])
            out[name] = (base, extra)
    for d in glob.glob(os.path.join(bench_root, "bm_*", "run_benchmark.py")):
        name = os.path.basename(os.path.dirname(d))[3:]
        out.setdefault(name, (name, []))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rpvm", default=os.path.join(HERE, "..", "target", "release", "rpvm"))
    ap.add_argument("--wheel", help="use this pyperformance wheel instead of downloading one")
    ap.add_argument("names", nargs="*", default=DEFAULT)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="rpvm-pyperformance-")
    try:
        if args.wheel:
            wheel = args.wheel
        else:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work, "pyperformance"], check=True)
            wheel = glob.glob(os.path.join(work, "pyperformance-*.whl"))[0]
        zipfile.ZipFile(wheel).extractall(os.path.join(work, "x"))
        bench_root = os.path.join(work, "x", "pyperformance", "data-files", "benchmarks")
        lib = os.path.join(work, "lib")
        run = os.path.join(work, "run")
        os.makedirs(lib)
        os.makedirs(run)
        shutil.copy(os.path.join(HERE, "pyperf_stub", "pyperf.py"), lib)
        py_compile.compile(os.path.join(lib, "pyperf.py"), os.path.join(lib, "pyperf.pyc"))
        print(f"{'benchmark':24} {'same output':>11} {'CPython s':>9} {'rpvm s':>9} {'ratio':>6}")
        ratios = []
        variants = find_variants(bench_root)
        for name in args.names:
            if name not in variants:
                print(f"{name:24} (not in this pyperformance release)")
                continue
            base, extra = variants[name]
            src = os.path.join(bench_root, f"bm_{base}", "run_benchmark.py")
            # The whole benchmark directory: some import sibling modules (regex_compile) or
            # read data files; the script keeps its name, so that a benchmark named after a
            # standard module (argparse, pprint, ...) does not shadow it.
            bdir = os.path.join(run, f"bm_{name}")
            shutil.copytree(os.path.dirname(src), bdir)
            for py in glob.glob(os.path.join(bdir, "*.py")):
                py_compile.compile(py, py[:-3] + ".pyc")
            pyc = os.path.join(bdir, "run_benchmark.pyc")
            t_py, p_py = cpu([sys.executable, "-S", pyc, *extra], {"PYTHONPATH": lib}, bdir)
            t_rp, p_rp = cpu([os.path.abspath(args.rpvm), "run", pyc, *extra], {"RPVMPATH": lib}, bdir)
            same = (p_py.stdout, p_py.returncode) == (p_rp.stdout, p_rp.returncode)
            if same and p_py.returncode == 0:
                r = max(t_rp, 1e-3) / max(t_py, 1e-3)
                ratios.append(r)
                print(f"{name:24} {'yes':>11} {t_py:9.3f} {t_rp:9.3f} {r:6.2f}")
            elif p_py.returncode != 0:
                last = (p_py.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
                print(f"{name:24} {'NO':>11}  CPython fails: {last[:66]}")
            else:
                last = (p_rp.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
                print(f"{name:24} {'NO':>11}  {last[:80]}")
        if ratios:
            g = math.exp(sum(map(math.log, ratios)) / len(ratios))
            print(f"{'geomean':24} {len(ratios):>8} ok {'':9} {'':9} {g:6.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
