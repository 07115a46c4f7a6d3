#!/usr/bin/env python3
"""Opcode coverage of the pyc-samples/ corpus.

Walks every pyc-samples/**/*.pyc (recursing into nested code objects found
in co_consts), collects the opcodes that appear (via dis.get_instructions,
which reports the unspecialised opcodes a .pyc actually contains), and
prints how many CPython 3.11 opcodes are covered.

What the counts mean:
  * "real opcodes" = every name in opcode.opmap except CACHE. CACHE is not
    an instruction: it is the inline-cache filler that follows some
    instructions, and dis.get_instructions hides it.
  * The specialised/adaptive (quickened) instructions of 3.11
    (opcode._specialized_instructions, e.g. LOAD_ATTR_INSTANCE_VALUE) are
    not in opcode.opmap and are never written to a .pyc: the interpreter
    creates them at run time. They are not counted.
  * Some real opcodes cannot be produced by compiling a file (see
    UNREACHABLE below); they are reported separately so that
    "covered N of M" can be compared with the reachable maximum.

Must run under CPython 3.11 (marshal and opcode tables are version specific).

Usage: tools/opcode_coverage.py [--by-sample] [--json] [PYC_DIR]
"""

from __future__ import annotations

import argparse
import dis
import json
import marshal
import opcode
import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Real 3.11 opcodes that compiling a *file* (py_compile, mode "exec") never
# emits, with the reason.
UNREACHABLE = {
    "PRINT_EXPR": "only emitted for interactive ('single' mode) input",
}


def iter_code(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from iter_code(const)


def load_pyc(path: Path) -> types.CodeType:
    with open(path, "rb") as f:
        f.seek(16)
        return marshal.load(f)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pyc_dir", nargs="?", default=str(REPO / "pyc-samples"))
    ap.add_argument("--by-sample", action="store_true",
                    help="also list, per opcode, the samples that use it")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    opts = ap.parse_args()

    if sys.version_info[:2] != (3, 11):
        sys.exit("opcode_coverage: must run under CPython 3.11")

    real = sorted(name for name in opcode.opmap if name != "CACHE")
    reachable = [n for n in real if n not in UNREACHABLE]
    used: dict[str, set[str]] = {}
    pycs = sorted(Path(opts.pyc_dir).rglob("*.pyc"))
    if not pycs:
        sys.exit(f"opcode_coverage: no .pyc files under {opts.pyc_dir}")
    for pyc in pycs:
        sample = pyc.relative_to(opts.pyc_dir).with_suffix("").as_posix()
        for code in iter_code(load_pyc(pyc)):
            for ins in dis.get_instructions(code):
                used.setdefault(ins.opname, set()).add(sample)

    covered = [n for n in real if n in used]
    uncovered = [n for n in real if n not in used]
    uncovered_reachable = [n for n in uncovered if n not in UNREACHABLE]
    unexpected = sorted(set(used) - set(real))

    if opts.json:
        print(json.dumps({
            "pyc_files": len(pycs),
            "real_opcodes": len(real),
            "reachable_opcodes": len(reachable),
            "covered": len(covered),
            "uncovered": uncovered,
            "uncovered_reachable": uncovered_reachable,
            "unreachable": UNREACHABLE,
            "specialized_not_counted": len(opcode._specialized_instructions),
            "uses": {k: sorted(v) for k, v in sorted(used.items())},
        }, indent=2))
        return 0

    print(f"scanned {len(pycs)} .pyc files under {opts.pyc_dir}")
    print(f"covered {len(covered)} of {len(real)} CPython 3.11 opcodes")
    print(f"  M = {len(real)} = real opcodes: names in opcode.opmap "
          f"({len(opcode.opmap)}) minus CACHE (inline-cache filler, not an "
          "instruction)")
    print(f"  {len(opcode._specialized_instructions)} specialised/adaptive "
          "opcodes are not counted: they only exist at run time, never in a .pyc")
    print(f"covered {len(covered)} of {len(reachable)} opcodes that compiling "
          f"a file can emit ({len(UNREACHABLE)} unreachable: "
          + ", ".join(f"{k} - {v}" for k, v in UNREACHABLE.items()) + ")")
    print(f"uncovered ({len(uncovered)}): {' '.join(uncovered) or '-'}")
    if uncovered_reachable:
        print(f"uncovered but reachable ({len(uncovered_reachable)}): "
              + " ".join(uncovered_reachable))
    if unexpected:
        print(f"unexpected opnames seen: {' '.join(unexpected)}")
    if opts.by_sample:
        for name in covered:
            samples = sorted(used[name])
            shown = ", ".join(samples[:6]) + (" ..." if len(samples) > 6 else "")
            print(f"  {name:30} {len(samples):3d}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
