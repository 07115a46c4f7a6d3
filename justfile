# Task runner for rpvm (https://just.systems). `just --list` shows recipes.
# The Python tools need CPython 3.11; override with `PYTHON=... just samples`.

python := env_var_or_default("PYTHON", "python3")

default:
    @just --list

# Regenerate pyc-samples/ (.pyc + .dis/.out/.err/.code goldens); optionally only the named samples
samples *NAMES:
    {{python}} tools/gen_samples.py {{NAMES}}

# Fail (listing the files) if any committed sample file differs from a fresh regeneration
check-samples:
    {{python}} tools/gen_samples.py --check

# Run the whole workspace's tests
test:
    cargo test --workspace

# Formatting and clippy, warnings are errors
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Run the benchmarks
bench:
    cargo bench --workspace

# Opcode coverage of the pyc-samples/ corpus (pass --by-sample for details)
coverage *ARGS:
    {{python}} tools/opcode_coverage.py {{ARGS}}
