//! # rpvm
//!
//! A Python virtual machine that executes CPython 3.11 `.pyc` files. This crate is the
//! command-line program and the embedding API; the work is done by the workspace crates
//! `rpvm-loader`, `rpvm-object`, `rpvm-eval` and `rpvm-builtins`.
//!
//! Embedding: run a program from bytes with its own argv, capturing its output.
//!
//! ```
//! let pyc = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/pyc-samples/hello.pyc")).unwrap();
//! let result = rpvm::run::run_pyc_bytes(&pyc, &["hello.pyc".to_string()]);
//! assert_eq!(result.outcome, rpvm::run::Outcome::Exited(0));
//! assert_eq!(result.stdout, b"Hello, World!\n");
//! ```

pub mod import;
pub mod run;
pub mod stats;

pub use rpvm_loader as loader;
