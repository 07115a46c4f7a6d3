//! Methods of `bytes` and `bytearray`.

use crate::function::NativeFn;

/// The method table of `bytes`.
pub const BYTES_METHODS: &[(&str, NativeFn)] = &[];
/// The method table of `bytearray`.
pub const BYTEARRAY_METHODS: &[(&str, NativeFn)] = &[];
