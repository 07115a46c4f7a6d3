//! Methods of `int`.

use crate::function::NativeFn;

/// The method table of `int`.
pub const METHODS: &[(&str, NativeFn)] = &[];
