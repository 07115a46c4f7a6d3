//! The 3.11 instruction set: what each opcode's argument means and how it jumps.
//!
//! The table itself lives in [`crate::opcode_table`], generated from CPython's `opcode`
//! module; this file holds the types it is made of and the lookups everyone uses.

pub use crate::opcode_table::{
    Opcode, CMP_OP, HAVE_ARGUMENT, NB_OPS, OPCODE_COUNT, OPCODE_INFO, SUPERINSTRUCTION_INFO,
};

/// What an instruction's argument indexes or means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// The opcode takes no argument (below `HAVE_ARGUMENT`).
    None,
    /// An index into `co_consts`.
    Const,
    /// An index into `co_names` (LOAD_GLOBAL: index << 1 | push-NULL flag).
    Name,
    /// A relative jump distance in code units.
    Jump,
    /// An index into the fast locals (`co_localsplusnames`).
    Local,
    /// An index into the cell/free part of `co_localsplusnames`.
    Free,
    /// An index into [`CMP_OP`].
    Compare,
    /// A plain number (a count, a flag set, an operator number...).
    Number,
}

/// Which way a jump instruction moves the instruction pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JumpKind {
    /// Not a jump.
    None,
    /// Target = offset of the next instruction + 2 * arg.
    Forward,
    /// Target = offset of the next instruction - 2 * arg.
    Backward,
}

/// One row of the opcode table.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// The opcode this row describes.
    pub opcode: Opcode,
    /// Its name as CPython spells it (`LOAD_FAST`).
    pub name: &'static str,
    /// How many 2-byte CACHE units follow the instruction.
    pub caches: u8,
    /// What the argument means.
    pub arg: ArgKind,
    /// Whether and which way it jumps.
    pub jump: JumpKind,
}

impl Opcode {
    /// The opcode with this number, if 3.11 defines one.
    #[inline]
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        OPCODE_INFO[byte as usize].map(|info| info.opcode)
    }

    /// This opcode's row in the table.
    #[inline]
    pub fn info(self) -> &'static OpInfo {
        match (
            &OPCODE_INFO[self as usize],
            &SUPERINSTRUCTION_INFO[self as usize],
        ) {
            (Some(info), _) | (None, Some(info)) => info,
            // Every `Opcode` value was produced from a row of one of the two tables.
            (None, None) => unreachable!("opcode table has no row for {:?}", self as u8),
        }
    }

    /// For a superinstruction (`LOAD_FAST__LOAD_CONST`), the real opcode of its first half
    /// (`LOAD_FAST`); any other opcode itself. Like CPython's `_PyOpcode_Deopt`.
    #[inline]
    pub fn deopt(self) -> Opcode {
        match self {
            Opcode::LOAD_FAST__LOAD_CONST | Opcode::LOAD_FAST__LOAD_FAST => Opcode::LOAD_FAST,
            Opcode::LOAD_CONST__LOAD_FAST => Opcode::LOAD_CONST,
            Opcode::STORE_FAST__LOAD_FAST | Opcode::STORE_FAST__STORE_FAST => Opcode::STORE_FAST,
            op => op,
        }
    }

    /// CPython's name for the opcode.
    #[inline]
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Number of inline CACHE units after the instruction.
    #[inline]
    pub fn caches(self) -> usize {
        self.info().caches as usize
    }

    /// Whether the opcode takes an argument.
    #[inline]
    pub fn has_arg(self) -> bool {
        (self as u8) >= HAVE_ARGUMENT
    }
}
