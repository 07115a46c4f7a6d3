//! # rpvm
//!
//! A Python virtual machine that executes CPython 3.11 `.pyc` files. This crate is the
//! command-line program and the embedding API; the work is done by the workspace crates
//! `rpvm-loader`, `rpvm-object`, `rpvm-eval` and `rpvm-builtins`.
//!
//! Embedding: run a program from bytes with its own argv, capturing its output.
//!
//! ```
//! use rpvm::run::{Captured, Interpreter, Outcome};
//! let pyc = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/pyc-samples/hello.pyc")).unwrap();
//! let out = Captured::default();
//! let outcome = std::thread::Builder::new()
//!     .stack_size(rpvm::run::INTERPRETER_STACK_BYTES)
//!     .spawn(move || {
//!         let mut interp = Interpreter::new("hello.pyc".as_ref(), &[], Some(&out));
//!         let outcome = interp.run_pyc(&pyc);
//!         let text = String::from_utf8(out.stdout.borrow().clone()).unwrap();
//!         (outcome, text)
//!     })
//!     .unwrap()
//!     .join()
//!     .unwrap();
//! assert_eq!(outcome.0, Outcome::Exited(0));
//! assert_eq!(outcome.1, "Hello, World!\n");
//! ```

pub mod import;
pub mod run;
pub mod stats;

pub use rpvm_loader as loader;
