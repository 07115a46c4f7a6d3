//! Small immutable built-in objects: `range` and `slice`.

use crate::value::Value;

/// A `range(start, stop, step)` with `i64` bounds (CPython allows bigger; rpvm raises
/// OverflowError for bounds beyond `i64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PyRange {
    /// First value.
    pub start: i64,
    /// Exclusive bound.
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl PyRange {
    /// Number of values the range produces.
    pub fn len(&self) -> i64 {
        let (lo, hi, step) = if self.step > 0 {
            (self.start as i128, self.stop as i128, self.step as i128)
        } else {
            (self.stop as i128, self.start as i128, -(self.step as i128))
        };
        if lo >= hi {
            0
        } else {
            ((hi - lo - 1) / step + 1) as i64
        }
    }

    /// Whether the range is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th value (caller checks `0 <= i < len`).
    pub fn item(&self, i: i64) -> i64 {
        self.start.wrapping_add(self.step.wrapping_mul(i))
    }
}

/// A `slice(start, stop, step)`; each part may be any value (usually int or None).
#[derive(Clone, Debug)]
pub struct PySlice {
    /// `start`.
    pub start: Value,
    /// `stop`.
    pub stop: Value,
    /// `step`.
    pub step: Value,
}
