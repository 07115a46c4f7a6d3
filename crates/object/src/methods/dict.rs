//! Methods of `dict`.

use crate::function::NativeFn;

/// The method table of `dict`.
pub const METHODS: &[(&str, NativeFn)] = &[];
