//! The `rpvm` command: `rpvm run FILE.pyc`, `rpvm dis FILE.pyc`, `rpvm inspect FILE.pyc`
//! (see [`cli`] for the options, or run `rpvm --help`).

mod cli;

fn main() {
    std::process::exit(cli::main());
}
