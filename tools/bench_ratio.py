#!/usr/bin/env python3
"""Compare rpvm against CPython on the programs in benches/programs/.

Builds nothing: build the release binary first (`cargo build --release`) and, if the
sources changed, recompile the programs (`python3 benches/programs/build.py`).

For each program, CPython's real executable (`python3 -S FILE.pyc`) and rpvm
(`rpvm run FILE.pyc`) run the same .pyc alternately, in pairs, N times each. Outputs must
be identical. Prints a table of median wall-clock seconds and the ratio rpvm/CPython
(lower is better), plus start-up time of hello.pyc in milliseconds. Exits 1 if any output
or exit status differs.

    python3 tools/bench_ratio.py [--rpvm target/release/rpvm] [-n 5] [PROGRAM ...]
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROGRAMS_DIR = ROOT / "benches" / "programs"
DEFAULT_PROGRAMS = ["loop_sum", "fib", "nbody", "string_build", "list_dict"]


def real_python():
    """The resolved CPython executable behind `python3` (not a shim or wrapper script)."""
    out = subprocess.run(["python3", "-c", "import sys;print(sys.executable)"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return os.path.realpath(out)


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - start, proc.returncode, proc.stdout, proc.stderr


def measure(name, python, rpvm, runs):
    pyc = PROGRAMS_DIR / f"{name}.pyc"
    if not pyc.exists():
        sys.exit(f"{pyc} missing: run python3 benches/programs/build.py")
    py_cmd = [python, "-S", str(pyc)]
    rp_cmd = [rpvm, "run", str(pyc)]
    py_times, rp_times, ok = [], [], True
    for i in range(runs):
        # Alternate which goes first so drift (thermal, other load) hits both alike.
        order = [(py_cmd, py_times), (rp_cmd, rp_times)]
        if i % 2:
            order.reverse()
        results = {}
        for cmd, times in order:
            t, rc, out, err = timed(cmd)
            times.append(t)
            results[cmd is py_cmd] = (rc, out, err)
        py_res, rp_res = results[True], results[False]
        if py_res[:2] != rp_res[:2]:
            ok = False
            print(f"MISMATCH {name} (run {i + 1}): CPython rc={py_res[0]} rpvm rc={rp_res[0]}",
                  file=sys.stderr)
            print(f"  CPython stdout: {py_res[1][:300]!r}", file=sys.stderr)
            print(f"  rpvm    stdout: {rp_res[1][:300]!r}", file=sys.stderr)
            print(f"  rpvm    stderr: {rp_res[2][-500:]!r}", file=sys.stderr)
            break
    return statistics.median(py_times), statistics.median(rp_times), ok


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rpvm", default=str(ROOT / "target" / "release" / "rpvm"),
                    help="rpvm binary (default: target/release/rpvm)")
    ap.add_argument("-n", "--runs", type=int, default=5, help="runs of each (default 5)")
    ap.add_argument("programs", nargs="*", default=DEFAULT_PROGRAMS,
                    help=f"programs to time (default: {' '.join(DEFAULT_PROGRAMS)})")
    args = ap.parse_args()
    rpvm = os.path.abspath(args.rpvm)
    if not os.access(rpvm, os.X_OK):
        sys.exit(f"{rpvm}: not found; run cargo build --release first")
    python = real_python()
    print(f"CPython: {python} ({sys.version.split()[0]})")
    print(f"rpvm:    {rpvm}")
    print(f"runs:    {args.runs} of each, alternating; median wall-clock time")
    print()

    all_ok = True
    header = f"| {'program':<14} | {'CPython (s)':>11} | {'rpvm (s)':>9} | {'rpvm/CPython':>12} |"
    print(header)
    print(f"|{'-' * 16}|{'-' * 12}:|{'-' * 10}:|{'-' * 13}:|")
    ratios = []
    for name in args.programs:
        py, rp, ok = measure(name, python, rpvm, args.runs)
        all_ok &= ok
        ratio = rp / py
        ratios.append(ratio)
        flag = "" if ok else "  OUTPUT DIFFERS"
        print(f"| {name:<14} | {py:>11.3f} | {rp:>9.3f} | {ratio:>12.2f} |{flag}", flush=True)
    if ratios:
        print(f"| {'geomean':<14} | {'':>11} | {'':>9} | "
              f"{statistics.geometric_mean(ratios):>12.2f} |")

    py, rp, ok = measure("hello", python, rpvm, max(args.runs, 10))
    all_ok &= ok
    print()
    print(f"hello.pyc start-up: CPython {py * 1000:.1f} ms, rpvm {rp * 1000:.1f} ms"
          + ("" if ok else "  OUTPUT DIFFERS"))
    if not all_ok:
        print("\nFAIL: some output differed from CPython", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
