//! Methods of `str`.

use crate::function::NativeFn;

/// The method table of `str`.
pub const METHODS: &[(&str, NativeFn)] = &[];
