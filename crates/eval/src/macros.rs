//! The dispatch loop's small macros, shared by [`crate::eval`] and [`crate::rare_ops`].

/// Unwraps a `PyResult`, or breaks out of the labelled block `$l` with the exception.
macro_rules! tri {
    ($l:lifetime, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => break $l e,
        }
    };
}

/// Pops the top of the stack. Crafted bytecode that pops an empty stack gets NULL instead
/// of a panic (and fails cleanly later).
macro_rules! pop {
    ($s:expr) => {
        // Not `unwrap_or(Value::Null)`: that would build and drop a NULL on every pop.
        match $s.pop() {
            Some(v) => v,
            None => Value::Null,
        }
    };
}
