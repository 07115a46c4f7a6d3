//! The `rpvm` command: `rpvm run FILE.pyc`, `rpvm dis FILE.pyc`, `rpvm inspect FILE.pyc`
//! (see [`cli`] for the options, or run `rpvm --help`).

mod cli;

/// Stack for the thread that does all the work. Reading, disassembling and running bytecode
/// recurse over nested data (marshal allows 2000 levels) and Python calls; debug builds use
/// several KiB per level. The memory is only reserved: pages are touched as the stack grows.
const STACK_SIZE: usize = 256 << 20;

fn main() {
    let worker = std::thread::Builder::new()
        .name("rpvm".into())
        .stack_size(STACK_SIZE)
        .spawn(cli::main);
    let status = match worker {
        Ok(handle) => handle.join().unwrap_or(101),
        // No thread (a strict memory limit?): do the work here instead.
        Err(_) => cli::main(),
    };
    std::process::exit(status);
}
