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

/// Reads and decodes the `.pyc` at `path`.
pub fn load(path: &Path) -> Result<Pyc, FileError> {
    let error = |message: String| FileError {
        file: path.display().to_string(),
        message,
    };
    let data = std::fs::read(path).map_err(|e| {
        error(match e.kind() {
            ErrorKind::NotFound => "no such file".to_string(),
            ErrorKind::PermissionDenied => "permission denied".to_string(),
            ErrorKind::IsADirectory => "is a directory, not a .pyc file".to_string(),
            _ => format!("cannot read: {e}"),
        })
    })?;
    load_pyc(&data).map_err(|e| error(e.to_string()))
}
