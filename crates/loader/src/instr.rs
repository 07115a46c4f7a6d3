//! Instructions: the raw code units as `dis` shows them, and the decoded form the VM runs.
//!
//! Decoding happens once per code object, at load time:
//! - EXTENDED_ARG prefixes are folded into the instruction they extend;
//! - CACHE units are skipped (each instruction records how many units to step over);
//! - jump arguments become absolute targets (code-unit indexes);
//! - every argument that indexes a table is checked against that table.
//!
//! The decoded vector has one slot per code unit, so a code-unit index (CPython's `f_lasti`
//! / 2) is also an index into it. Slots that are CACHE units or the real instruction after an
//! EXTENDED_ARG hold the instruction too, and one extra [`Opcode::CACHE`] sentinel at the end
//! catches execution falling off the end of the code.

use crate::code::RawCode;
use crate::opcode::{ArgKind, JumpKind, Opcode, CMP_OP, NB_OPS, OPCODE_INFO};

/// One decoded instruction: 8 bytes, cheap to copy and dispatch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instr {
    /// What to do.
    pub op: Opcode,
    /// Code units to step over after this one to reach the next instruction
    /// (its CACHE units, plus the real instruction when this slot is a folded EXTENDED_ARG).
    pub skip: u8,
    /// The full argument (EXTENDED_ARG folded in); for jumps, the absolute target code unit.
    pub arg: u32,
}

impl Instr {
    /// The sentinel stored in slots that must never be executed.
    pub const SENTINEL: Instr = Instr {
        op: Opcode::CACHE,
        skip: 0,
        arg: 0,
    };
}

/// One code unit as `dis` lists it (EXTENDED_ARG shown separately, CACHE units omitted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawInstr {
    /// Byte offset in `co_code`.
    pub offset: usize,
    /// The opcode.
    pub op: Opcode,
    /// The argument with preceding EXTENDED_ARGs applied, `None` below HAVE_ARGUMENT.
    pub arg: Option<u32>,
}

impl RawInstr {
    /// For a jump, the byte offset it goes to (as `dis` computes it).
    pub fn jump_target(&self) -> Option<i64> {
        let arg = self.arg? as i64;
        match self.op.info().jump {
            JumpKind::None => None,
            JumpKind::Forward => Some(self.offset as i64 + 2 + 2 * arg),
            JumpKind::Backward => Some(self.offset as i64 + 2 - 2 * arg),
        }
    }
}

/// Lists the instructions of `code` as `dis._unpack_opargs` does. Fails on an opcode byte
/// that 3.11 does not define.
pub fn raw_instructions(code: &[u8]) -> Result<Vec<RawInstr>, (usize, String)> {
    let mut out = Vec::with_capacity(code.len() / 2);
    let mut extended: u32 = 0;
    let mut i = 0;
    while i + 1 < code.len() {
        let byte = code[i];
        let Some(info) = OPCODE_INFO[byte as usize] else {
            return Err((i, format!("unknown opcode {byte}")));
        };
        let arg = if info.opcode.has_arg() {
            let arg = (code[i + 1] as u32) | extended;
            extended = if info.opcode == Opcode::EXTENDED_ARG {
                arg << 8
            } else {
                0
            };
            Some(arg)
        } else {
            extended = 0;
            None
        };
        out.push(RawInstr {
            offset: i,
            op: info.opcode,
            arg,
        });
        i += 2 + 2 * info.caches as usize;
    }
    Ok(out)
}

/// Decodes and validates the bytecode of `raw` (see the module docs). The error is the byte
/// offset in `co_code` and what is wrong there.
pub fn decode_instructions(raw: &RawCode) -> Result<Vec<Instr>, (usize, String)> {
    let n_units = raw.code.len() / 2;
    let fail = |offset: usize, msg: String| Err((offset, msg));
    let listed = raw_instructions(&raw.code)?;
    let mut out = vec![Instr::SENTINEL; n_units + 1];
    // Index of the first EXTENDED_ARG of the run that prefixes the current instruction.
    let mut prefix_start: Option<usize> = None;
    for ri in &listed {
        let unit = ri.offset / 2;
        let info = ri.op.info();
        if ri.op == Opcode::EXTENDED_ARG {
            prefix_start.get_or_insert(unit);
            continue;
        }
        let arg = ri.arg.unwrap_or(0);
        let end = unit + 1 + info.caches as usize;
        if end > n_units {
            return fail(
                ri.offset,
                format!("{} is cut off by the end of the code", info.name),
            );
        }
        let bad_index = |len: usize, what: &str| {
            fail(
                ri.offset,
                format!(
                    "{} argument {arg} is out of range for {what} (length {len})",
                    info.name
                ),
            )
        };
        let decoded_arg = match info.arg {
            ArgKind::None | ArgKind::Number => arg,
            ArgKind::Const if (arg as usize) < raw.consts.len() => arg,
            ArgKind::Const => return bad_index(raw.consts.len(), "co_consts"),
            ArgKind::Name => {
                let index = if ri.op == Opcode::LOAD_GLOBAL {
                    arg >> 1
                } else {
                    arg
                };
                if index as usize >= raw.names.len() {
                    return bad_index(raw.names.len(), "co_names");
                }
                arg
            }
            ArgKind::Local | ArgKind::Free if (arg as usize) < raw.localsplusnames.len() => arg,
            ArgKind::Local | ArgKind::Free => {
                return bad_index(raw.localsplusnames.len(), "the fast locals")
            }
            ArgKind::Compare if (arg as usize) < CMP_OP.len() => arg,
            ArgKind::Compare => return bad_index(CMP_OP.len(), "the comparison operators"),
            ArgKind::Jump => match ri.jump_target() {
                Some(t) if t >= 0 && (t as usize) < raw.code.len() => (t / 2) as u32,
                _ => return fail(ri.offset, format!("{} jumps outside the code", info.name)),
            },
        };
        if ri.op == Opcode::BINARY_OP && decoded_arg as usize >= NB_OPS.len() {
            return bad_index(NB_OPS.len(), "the binary operators");
        }
        let instr = Instr {
            op: ri.op,
            skip: info.caches,
            arg: decoded_arg,
        };
        out[unit] = instr;
        if let Some(start) = prefix_start.take() {
            // The EXTENDED_ARG slots run the whole instruction and then skip past it. The
            // first slot skips the most; it must fit in `skip` (CPython writes at most 3
            // prefixes, a crafted file any number).
            if end - start - 1 > u8::MAX as usize {
                return fail(
                    start * 2,
                    format!(
                        "{} EXTENDED_ARG prefixes before {}",
                        unit - start,
                        info.name
                    ),
                );
            }
            for (k, slot) in out.iter_mut().enumerate().take(unit).skip(start) {
                let skip = end - k - 1;
                *slot = Instr {
                    skip: skip as u8,
                    ..instr
                };
            }
        }
    }
    if prefix_start.is_some() {
        return fail(raw.code.len(), "EXTENDED_ARG at the end of the code".into());
    }
    Ok(out)
}
