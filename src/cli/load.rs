//! Reading a `.pyc` for `dis` and `inspect`, and reporting why it could not be read.

use std::io::ErrorKind;
use std::path::Path;

use rpvm::loader::{load_pyc, Pyc};

/// Why a file could not be loaded: the file name and a sentence, printed as
/// `rpvm: FILE: MESSAGE`.
#[derive(Debug)]
pub struct FileError {
    /// The file as the user named it.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

impl FileError {
    /// Prints the error to stderr and returns the exit status for it (1).
    pub fn report(&self) -> i32 {
        eprintln!("rpvm: {}: {}", self.file, self.message);
        1
    }
}

/// Stack for loading and rendering: marshal data nests up to 2000 levels and debug builds
/// use several KiB per level. Only touched pages of it are ever committed.
const STACK_BYTES: usize = 256 << 20;

/// Loads the `.pyc` at `path` and turns it into text with `render`, on a thread with a
/// [`STACK_BYTES`] stack (falling back to the current thread if none can be made).
pub fn render(path: &Path, render: fn(&Pyc) -> String) -> Result<String, FileError> {
    let owned = path.to_path_buf();
    let work = move || load(&owned).map(|pyc| render(&pyc));
    match std::thread::Builder::new()
        .name("rpvm-load".into())
        .stack_size(STACK_BYTES)
        .spawn(work)
    {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            Err(FileError {
                file: path.display().to_string(),
                message: "internal error while decoding the file".into(),
            })
        }),
        Err(_) => load(path).map(|pyc| render(&pyc)),
    }
}

/// Reads and decodes the `.pyc` at `path`.
pub fn load(path: &Path) -> Result<Pyc, FileError> {
    let error = |message: String| FileError {
        file: path.display().to_string(),
        message,
    };
    let data = std::fs::read(path).map_err(|e| {
        // The wording of `rpvm run` (and of the C library), without the "(os error N)".
        error(match e.kind() {
            ErrorKind::NotFound => "No such file or directory".to_string(),
            ErrorKind::PermissionDenied => "Permission denied".to_string(),
            ErrorKind::IsADirectory => "Is a directory".to_string(),
            _ => e.to_string(),
        })
    })?;
    load_pyc(&data).map_err(|e| error(e.to_string()))
}
