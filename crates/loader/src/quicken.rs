//! Quickening: the copy of a code object's instructions that the eval loop's fast paths run.
//!
//! CPython 3.11 rewrites instructions in place as they warm up (PEP 659). rpvm keeps the
//! decoded instructions as they are (for tracebacks, `--trace` and `dis`) and builds, once
//! per code object at load time, a second array with the same layout (one slot per code
//! unit, so every `pc` means the same instruction in both) and two changes:
//!
//! - **Superinstructions.** Where CPython 3.11 would use one of its superinstructions
//!   (`LOAD_FAST__LOAD_CONST`, `LOAD_FAST__LOAD_FAST`, `LOAD_CONST__LOAD_FAST`,
//!   `STORE_FAST__LOAD_FAST`, `STORE_FAST__STORE_FAST`), the first instruction's opcode says
//!   so, and the fast path runs the second one too, saving a dispatch. The second
//!   instruction keeps its own slot and opcode, so a jump to it still runs it alone.
//! - **No-ops stepped over.** `NOP` and `PRECALL` do nothing in rpvm. The
//!   instruction before one (when it falls through to it) gets a larger `skip`, so the fast
//!   loop goes straight past it. The no-op keeps its slot too, for jumps that land on it.
//!
//! [`entry_pc`] is where a call of the code can start: past a leading `RESUME`.

use crate::instr::Instr;
use crate::opcode::Opcode;

/// Whether `op` does nothing at all in rpvm (no stack effect, cannot raise) and can be
/// stepped over. Not RESUME: after a YIELD_VALUE it marks where a generator resumes, which
/// the generator code reads (a leading RESUME is skipped by [`entry_pc`] instead).
fn is_noop(op: Opcode) -> bool {
    matches!(op, Opcode::NOP | Opcode::PRECALL)
}

/// Whether execution can continue with the next instruction after `op` (so stepping over a
/// no-op that follows it is meaningful). Unconditional jumps, returns and raises cannot.
fn falls_through(op: Opcode) -> bool {
    !matches!(
        op,
        Opcode::JUMP_FORWARD
            | Opcode::JUMP_BACKWARD
            | Opcode::JUMP_BACKWARD_NO_INTERRUPT
            | Opcode::RETURN_VALUE
            | Opcode::RAISE_VARARGS
            | Opcode::RERAISE
            | Opcode::CACHE
    )
}

/// The superinstruction for `first` followed by `second`, if CPython 3.11 has one.
fn superinstruction(first: Opcode, second: Opcode) -> Option<Opcode> {
    Some(match (first, second) {
        (Opcode::LOAD_FAST, Opcode::LOAD_FAST) => Opcode::LOAD_FAST__LOAD_FAST,
        (Opcode::LOAD_FAST, Opcode::LOAD_CONST) => Opcode::LOAD_FAST__LOAD_CONST,
        (Opcode::LOAD_CONST, Opcode::LOAD_FAST) => Opcode::LOAD_CONST__LOAD_FAST,
        (Opcode::STORE_FAST, Opcode::LOAD_FAST) => Opcode::STORE_FAST__LOAD_FAST,
        (Opcode::STORE_FAST, Opcode::STORE_FAST) => Opcode::STORE_FAST__STORE_FAST,
        _ => return None,
    })
}

/// Builds the quickened copy of `instrs` (decoded instructions, one slot per code unit,
/// ending in a CACHE sentinel).
pub fn quicken(instrs: &[Instr]) -> Vec<Instr> {
    let mut quick = instrs.to_vec();
    let mut pc = 0;
    while pc < instrs.len() {
        let instr = instrs[pc];
        let next_pc = pc + 1 + instr.skip as usize;
        if instr.op == Opcode::CACHE {
            pc = next_pc;
            continue;
        }
        if falls_through(instr.op) {
            // Step over the no-ops that follow, while `skip` still fits in a byte.
            let mut skip = instr.skip as usize;
            let mut after = next_pc;
            while let Some(next) = instrs.get(after) {
                let extra = 1 + next.skip as usize;
                if !is_noop(next.op) || skip + extra > u8::MAX as usize {
                    break;
                }
                skip += extra;
                after += extra;
            }
            quick[pc].skip = skip as u8;
            if let Some(next) = instrs.get(after) {
                if let Some(op) = superinstruction(instr.op, next.op) {
                    quick[pc].op = op;
                }
            }
        }
        pc = next_pc;
    }
    quick
}

/// Where a call of this code can start executing: past a `RESUME` at the start (a no-op in
/// rpvm), else 0.
pub fn entry_pc(instrs: &[Instr]) -> usize {
    match instrs.first() {
        Some(first) if first.op == Opcode::RESUME && 1 + (first.skip as usize) < instrs.len() => {
            1 + first.skip as usize
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(op: Opcode, arg: u32) -> Instr {
        Instr { op, skip: 0, arg }
    }

    #[test]
    fn fuses_pairs_and_steps_over_noops() {
        let precall = Instr {
            op: Opcode::PRECALL,
            skip: 1,
            arg: 0,
        };
        let instrs = vec![
            i(Opcode::RESUME, 0),
            i(Opcode::LOAD_FAST, 0),
            i(Opcode::LOAD_CONST, 1),
            precall,
            Instr::SENTINEL,
            i(Opcode::RETURN_VALUE, 0),
            Instr::SENTINEL,
        ];
        let q = quicken(&instrs);
        assert_eq!(q[1].op, Opcode::LOAD_FAST__LOAD_CONST);
        assert_eq!(q[1].arg, 0);
        // LOAD_CONST steps over PRECALL and its cache unit.
        assert_eq!(q[2].op, Opcode::LOAD_CONST);
        assert_eq!(q[2].skip, 2);
        // The no-op keeps its slot for jumps that land on it.
        assert_eq!(q[3], precall);
        assert_eq!(q[5], instrs[5]);
        assert_eq!(entry_pc(&instrs), 1);
    }

    #[test]
    fn no_fusion_after_an_unconditional_jump() {
        let instrs = vec![
            i(Opcode::JUMP_FORWARD, 2),
            i(Opcode::NOP, 0),
            i(Opcode::LOAD_FAST, 0),
            i(Opcode::RETURN_VALUE, 0),
            Instr::SENTINEL,
        ];
        let q = quicken(&instrs);
        assert_eq!(q[0], instrs[0]);
        assert_eq!(q[1].op, Opcode::NOP);
        assert_eq!(entry_pc(&instrs), 0);
    }
}
