//! Methods of `tuple`.

use crate::function::NativeFn;

/// The method table of `tuple`.
pub const METHODS: &[(&str, NativeFn)] = &[];
