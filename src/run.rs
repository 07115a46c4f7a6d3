//! `rpvm run`: load a `.pyc`, execute it, and turn the outcome into an exit status.

use std::path::PathBuf;

/// Options of `rpvm run`, filled in by the command line.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The `.pyc` to run.
    pub file: PathBuf,
    /// Arguments after the file: `sys.argv[1:]`.
    pub args: Vec<String>,
    /// Print each executed instruction and the value stack to stderr.
    pub trace: bool,
    /// Print instruction counts and timing to stderr after the run.
    pub stats: bool,
}

/// Runs a program as `python3 FILE [ARGS]` would and returns the process exit status.
pub fn run_main(opts: &RunOptions) -> i32 {
    eprintln!("rpvm: {}: `run` is not implemented yet", opts.file.display());
    2
}
