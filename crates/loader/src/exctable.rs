//! The 3.11 exception table (`co_exceptiontable`): which handler covers which instructions.
//!
//! Each entry is four varints (start, size, target, depth << 1 | lasti), in code units. The
//! varints are 6-bit chunks, most significant first, 0x40 meaning more follow; 0x80 marks the
//! first byte of an entry (Objects/exception_handling_notes.txt).

/// One handler range. Offsets are in code units (a byte offset is twice that).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First covered code unit.
    pub start: u32,
    /// One past the last covered code unit.
    pub end: u32,
    /// Code unit of the handler.
    pub target: u32,
    /// Stack depth to unwind to before pushing the exception.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed below the exception.
    pub lasti: bool,
}

fn varint(data: &[u8], pos: &mut usize) -> Option<u32> {
    let mut b = *data.get(*pos)?;
    *pos += 1;
    let mut val = (b & 63) as u32;
    while b & 64 != 0 {
        b = *data.get(*pos)?;
        *pos += 1;
        val = val.checked_shl(6)? | (b & 63) as u32;
        if val > u32::MAX >> 6 && b & 64 != 0 {
            return None;
        }
    }
    Some(val)
}

/// Decodes the table. Stops at the first incomplete entry, as `dis` does.
pub fn decode_exception_table(data: &[u8]) -> Vec<ExceptionEntry> {
    let mut entries = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let mut next = || varint(data, &mut pos);
        let (Some(start), Some(size), Some(target), Some(dl)) = (next(), next(), next(), next())
        else {
            break;
        };
        entries.push(ExceptionEntry {
            start,
            end: start.saturating_add(size),
            target,
            depth: dl >> 1,
            lasti: dl & 1 != 0,
        });
    }
    entries
}

/// The handler covering code unit `unit`, if any (the first entry whose range contains it).
pub fn find_handler(entries: &[ExceptionEntry], unit: u32) -> Option<&ExceptionEntry> {
    entries.iter().find(|e| e.start <= unit && unit < e.end)
}
