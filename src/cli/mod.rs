//! The command line: `rpvm run`, `rpvm dis` and `rpvm inspect`, parsed with clap.
//!
//! `rpvm FILE.pyc [ARGS]...` is shorthand for `rpvm run FILE.pyc [ARGS]...`: when the first
//! argument is neither an option nor a subcommand name, `run` is inserted before clap sees it.
//!
//! Every failure to read or decode the file is reported on stderr as `rpvm: FILE: MESSAGE`
//! with exit status 1 (see [`load`]); usage errors are clap's, with exit status 2.

mod load;
mod setorder;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use rpvm::run::{run_main, RunOptions};

const ABOUT: &str = "A Python virtual machine that runs CPython 3.11 .pyc files";

const LONG_ABOUT: &str = "\
A Python virtual machine that runs CPython 3.11 .pyc files.

rpvm reads the bytecode that CPython 3.11 compiles (`python3 -m py_compile prog.py` writes
__pycache__/prog.cpython-311.pyc) and runs it, disassembles it exactly as Python's `dis`
module does, or explains everything the file contains.";

const AFTER_HELP: &str = "\
Examples:
  rpvm run pyc-samples/hello.pyc           run a program
  rpvm pyc-samples/hello.pyc               the same: `run` may be left out
  rpvm run prog.pyc -v input.txt           arguments after the file go to the program
  rpvm dis pyc-samples/hello.pyc           the bytecode, as `dis.dis` prints it
  rpvm inspect pyc-samples/hello.pyc       every field of the file, explained";

/// The `rpvm` command line.
#[derive(Debug, Parser)]
#[command(
    name = "rpvm",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP
)]
struct Cli {
    /// What to do with the file.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run a .pyc file, like `python3 FILE.pyc [ARGS]...`
    #[command(
        long_about = "\
Run a CPython 3.11 .pyc file, as `python3 FILE.pyc [ARGS]...` would.

The program sees FILE as sys.argv[0] and ARGS as sys.argv[1:]. Everything after FILE belongs
to the program, even words that start with `-`, so rpvm's own options go before FILE. The
exit status is the program's: 0, the value passed to sys.exit(), or 1 after an uncaught
exception (whose traceback goes to stderr).",
        after_help = "\
Examples:
  rpvm run pyc-samples/hello.pyc
  rpvm run --trace pyc-samples/hello.pyc 2> trace.txt
  rpvm run --stats prog.pyc --verbose data.csv     (--verbose goes to the program)"
    )]
    Run(RunArgs),
    /// Disassemble a .pyc file exactly as Python's `dis.dis` does
    #[command(
        long_about = "\
Disassemble a CPython 3.11 .pyc file.

The output is byte for byte what Python prints for
  python3 -c \"import dis, marshal, sys; f = open(sys.argv[1], 'rb'); f.seek(16); dis.dis(marshal.load(f))\" FILE
except that object addresses print as 0x0. Each line shows the source line number (where a
new line starts), `>>` at jump and exception-handler targets, the byte offset, the opcode,
its argument and what the argument means. Nested code objects (functions, classes,
comprehensions) follow, each under a `Disassembly of ...` heading.",
        after_help = "\
Example:
  rpvm dis pyc-samples/hello.pyc"
    )]
    Dis(FileArg),
    /// Explain everything in a .pyc file: header, code objects, tables
    #[command(
        long_about = "\
Explain everything a CPython 3.11 .pyc file contains, for people learning how CPython works.

Shows the 16-byte header (magic number, flags, timestamp or source hash), then every code
object: its names, argument counts, flags, constants, local variables and their kinds, the raw
bytecode in hex beside the decoded instructions, the source location of every instruction,
and the exception table.",
        after_help = "\
Example:
  rpvm inspect pyc-samples/hello.pyc | less"
    )]
    Inspect(FileArg),
}

/// Arguments of `rpvm run`.
#[derive(Debug, Args)]
struct RunArgs {
    /// Print every executed instruction and the value stack to stderr
    #[arg(long)]
    trace: bool,
    /// Print instruction counts and timing to stderr after the run
    #[arg(long)]
    stats: bool,
    /// The .pyc file to run
    file: PathBuf,
    /// Arguments for the program (sys.argv[1:]); may start with `-`
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

/// The single file argument of `dis` and `inspect`.
#[derive(Debug, Args)]
struct FileArg {
    /// The .pyc file
    file: PathBuf,
}

/// Subcommand names: a first argument that is none of these (and no option) means `run`.
const SUBCOMMANDS: &[&str] = &["run", "dis", "inspect", "help"];

/// Inserts `run` when the first argument is a file rather than a subcommand or an option.
fn with_implicit_run(mut argv: Vec<OsString>) -> Vec<OsString> {
    if let Some(first) = argv.get(1) {
        let s = first.to_string_lossy();
        if !s.starts_with('-') && !SUBCOMMANDS.contains(&s.as_ref()) {
            argv.insert(1, OsString::from("run"));
        }
    }
    argv
}

/// Writes `text` to stdout. A closed pipe (`rpvm dis x.pyc | head`) is not an error.
fn print(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("rpvm: cannot write to stdout: {e}");
            1
        }
    }
}

/// Parses the process's arguments, runs the subcommand and returns the exit status.
pub fn main() -> i32 {
    rpvm::loader::pyrepr::install_set_order(setorder::cpython_set_order);
    let cli = Cli::parse_from(with_implicit_run(std::env::args_os().collect()));
    match cli.command {
        Command::Run(a) => run_main(&RunOptions {
            file: a.file,
            args: a.args,
            trace: a.trace,
            stats: a.stats,
        }),
        Command::Dis(a) => {
            match load::render(&a.file, |pyc| rpvm::loader::dis::dis_code(&pyc.code)) {
                Ok(text) => print(&text),
                Err(e) => e.report(),
            }
        }
        Command::Inspect(a) => match load::render(&a.file, rpvm::loader::inspect::inspect_pyc) {
            Ok(text) => print(&text),
            Err(e) => e.report(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn argv(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bare_file_means_run() {
        assert_eq!(
            with_implicit_run(argv(&["rpvm", "x.pyc", "-v"])),
            argv(&["rpvm", "run", "x.pyc", "-v"])
        );
        for kept in [
            &["rpvm", "dis", "x.pyc"][..],
            &["rpvm", "--help"],
            &["rpvm"],
        ] {
            assert_eq!(with_implicit_run(argv(kept)), argv(kept));
        }
    }

    #[test]
    fn program_arguments_may_look_like_options() {
        let cli = Cli::try_parse_from(with_implicit_run(argv(&[
            "rpvm", "run", "--trace", "x.pyc", "-v", "--stats", "--", "a",
        ])))
        .unwrap();
        let Command::Run(run) = cli.command else {
            panic!("not run: {cli:?}")
        };
        assert!(run.trace && !run.stats);
        assert_eq!(run.args, ["-v", "--stats", "--", "a"]);
    }
}
