//! Methods of `float`.

use crate::function::NativeFn;

/// The method table of `float`.
pub const METHODS: &[(&str, NativeFn)] = &[];
