//! The 3.11 location table (`co_linetable`, PEP 657): source positions per code unit.
//!
//! Format: Objects/locations.md in CPython. Each entry covers 1-8 code units; its head byte is
//! `1CCCCLLL` (code, length - 1), followed by varints whose meaning depends on the code.

/// The source span of one code unit. `None` fields are unknown, as in `co_positions()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// First source line.
    pub line: Option<u32>,
    /// Last source line.
    pub end_line: Option<u32>,
    /// Start column (0-based, in UTF-8 bytes).
    pub col: Option<u32>,
    /// End column (exclusive).
    pub end_col: Option<u32>,
}

struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// Unsigned varint: 6-bit chunks, least significant first, 0x40 = more follow.
    fn varint(&mut self) -> Option<u64> {
        let mut b = self.next()?;
        let mut val = (b & 63) as u64;
        let mut shift = 0u32;
        while b & 64 != 0 {
            b = self.next()?;
            shift += 6;
            if shift >= 64 {
                return None;
            }
            val |= ((b & 63) as u64) << shift;
        }
        Some(val)
    }

    fn signed_varint(&mut self) -> Option<i64> {
        let u = self.varint()?;
        let magnitude = (u >> 1) as i64;
        Some(if u & 1 != 0 { -magnitude } else { magnitude })
    }
}

fn to_line(line: i64) -> Option<u32> {
    u32::try_from(line).ok()
}

/// Decodes `linetable` into one [`Location`] per code unit (`n_units` of them).
///
/// A malformed or short table leaves the remaining units without a location, exactly as an
/// exhausted `co_positions()` iterator does; it never fails.
pub fn decode_locations(linetable: &[u8], firstlineno: i32, n_units: usize) -> Vec<Location> {
    let mut out = Vec::with_capacity(n_units);
    let mut it = Bytes {
        data: linetable,
        pos: 0,
    };
    let mut line = firstlineno as i64;
    while out.len() < n_units {
        let Some(head) = it.next() else { break };
        let code = (head >> 3) & 15;
        let length = (head & 7) as usize + 1;
        let loc = match code {
            15 => Some(Location::default()),
            14 => (|| {
                line = line.saturating_add(it.signed_varint()?);
                let end_line = line.saturating_add(it.varint()? as i64);
                let col = it.varint()?;
                let end_col = it.varint()?;
                Some(Location {
                    line: to_line(line),
                    end_line: to_line(end_line),
                    col: col.checked_sub(1).map(|c| c as u32),
                    end_col: end_col.checked_sub(1).map(|c| c as u32),
                })
            })(),
            13 => it.signed_varint().map(|delta| {
                line = line.saturating_add(delta);
                Location {
                    line: to_line(line),
                    end_line: to_line(line),
                    col: None,
                    end_col: None,
                }
            }),
            10..=12 => (|| {
                line = line.saturating_add((code - 10) as i64);
                let col = it.next()? as u32;
                let end_col = it.next()? as u32;
                Some(Location {
                    line: to_line(line),
                    end_line: to_line(line),
                    col: Some(col),
                    end_col: Some(end_col),
                })
            })(),
            _ => it.next().map(|second| {
                let col = ((code as u32) << 3) | ((second >> 4) as u32);
                Location {
                    line: to_line(line),
                    end_line: to_line(line),
                    col: Some(col),
                    end_col: Some(col + (second & 15) as u32),
                }
            }),
        };
        let Some(loc) = loc else { break };
        for _ in 0..length {
            if out.len() < n_units {
                out.push(loc);
            }
        }
    }
    out.resize(n_units, Location::default());
    out
}

/// The byte offsets where a new source line starts, as `dis.findlinestarts` computes them.
pub fn line_starts(locations: &[Location]) -> Vec<(usize, u32)> {
    let mut starts = Vec::new();
    let mut last: Option<u32> = None;
    for (unit, loc) in locations.iter().enumerate() {
        if let Some(line) = loc.line {
            if Some(line) != last {
                starts.push((unit * 2, line));
                last = Some(line);
            }
        }
    }
    starts
}
