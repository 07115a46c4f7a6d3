//! # rpvm
//!
//! A Python virtual machine that executes CPython 3.11 `.pyc` files. This crate is the
//! command-line program and the embedding API; the work is done by the workspace crates
//! `rpvm-loader`, `rpvm-object`, `rpvm-eval` and `rpvm-builtins`.

pub mod run;

pub use rpvm_loader as loader;
