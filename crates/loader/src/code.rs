//! Code objects: the fields marshal stores, the fields CPython derives from them, and the
//! decoded forms (instructions, locations, exception table) the VM runs from.

use std::rc::Rc;

use crate::constant::Constant;
use crate::exctable::{decode_exception_table, ExceptionEntry};
use crate::instr::{decode_instructions, Instr};
use crate::linetable::{decode_locations, Location};

/// `co_localspluskinds` bit: an ordinary fast local (or argument).
pub const CO_FAST_LOCAL: u8 = 0x20;
/// `co_localspluskinds` bit: a cell variable (captured by an inner function).
pub const CO_FAST_CELL: u8 = 0x40;
/// `co_localspluskinds` bit: a free variable (captured from an outer function).
pub const CO_FAST_FREE: u8 = 0x80;

/// Code flag names by bit, in the order `dis.pretty_flags` prints them.
pub const CODE_FLAG_NAMES: &[(u32, &str)] = &[
    (0x1, "OPTIMIZED"),
    (0x2, "NEWLOCALS"),
    (0x4, "VARARGS"),
    (0x8, "VARKEYWORDS"),
    (0x10, "NESTED"),
    (0x20, "GENERATOR"),
    (0x40, "NOFREE"),
    (0x80, "COROUTINE"),
    (0x100, "ITERABLE_COROUTINE"),
    (0x200, "ASYNC_GENERATOR"),
];

/// `CO_VARARGS`: the function takes `*args`.
pub const CO_VARARGS: u32 = 0x4;
/// `CO_VARKEYWORDS`: the function takes `**kwargs`.
pub const CO_VARKEYWORDS: u32 = 0x8;
/// `CO_GENERATOR`: calling the function makes a generator.
pub const CO_GENERATOR: u32 = 0x20;
/// `CO_COROUTINE`: calling the function makes a coroutine.
pub const CO_COROUTINE: u32 = 0x80;
/// `CO_ASYNC_GENERATOR`: calling the function makes an async generator.
pub const CO_ASYNC_GENERATOR: u32 = 0x200;

/// The fields of a code object exactly as marshal stores them.
#[derive(Clone, Debug)]
pub struct RawCode {
    /// `co_argcount`.
    pub argcount: i32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: i32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: i32,
    /// `co_stacksize`.
    pub stacksize: i32,
    /// `co_flags`.
    pub flags: i32,
    /// `co_code`: the wordcode, CACHE units zeroed.
    pub code: Rc<[u8]>,
    /// `co_consts`.
    pub consts: Rc<[Constant]>,
    /// `co_names`.
    pub names: Rc<[Rc<str>]>,
    /// `co_localsplusnames`: locals, then cells, then free variables.
    pub localsplusnames: Rc<[Rc<str>]>,
    /// `co_localspluskinds`: a `CO_FAST_*` byte per name.
    pub localspluskinds: Rc<[u8]>,
    /// `co_filename`.
    pub filename: Rc<str>,
    /// `co_name`.
    pub name: Rc<str>,
    /// `co_qualname`.
    pub qualname: Rc<str>,
    /// `co_firstlineno`.
    pub firstlineno: i32,
    /// `co_linetable` (PEP 657 location table).
    pub linetable: Rc<[u8]>,
    /// `co_exceptiontable`.
    pub exceptiontable: Rc<[u8]>,
}

/// Why [`CodeObject::new`] rejects a code object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// A field is out of range or inconsistent with another; the sentence says which.
    Invalid(String),
    /// `co_code` cannot be decoded.
    Bytecode {
        /// Byte offset inside `co_code`.
        offset: usize,
        /// What is wrong, in words.
        message: String,
    },
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodeError::Invalid(message) => f.write_str(message),
            CodeError::Bytecode { offset, message } => {
                write!(f, "bad bytecode at offset {offset}: {message}")
            }
        }
    }
}

/// A validated code object with its derived and decoded forms.
#[derive(Debug)]
pub struct CodeObject {
    /// The fields as read.
    pub raw: RawCode,
    /// `co_argcount` as a count.
    pub argcount: usize,
    /// `co_posonlyargcount` as a count.
    pub posonlyargcount: usize,
    /// `co_kwonlyargcount` as a count.
    pub kwonlyargcount: usize,
    /// `co_flags`.
    pub flags: u32,
    /// `co_varnames`: names whose kind has `CO_FAST_LOCAL`.
    pub varnames: Vec<Rc<str>>,
    /// `co_cellvars`: names whose kind has `CO_FAST_CELL`.
    pub cellvars: Vec<Rc<str>>,
    /// `co_freevars`: names whose kind has `CO_FAST_FREE`.
    pub freevars: Vec<Rc<str>>,
    /// `co_nlocals`: the number of `varnames`.
    pub nlocals: usize,
    /// One decoded instruction per code unit (see [`crate::instr`]), plus a final sentinel.
    pub instructions: Vec<Instr>,
    /// The same instructions quickened for the eval loop's fast paths (same layout; see
    /// [`crate::quicken`]).
    pub quickened: Vec<Instr>,
    /// Where a call starts executing: past a leading RESUME (see [`crate::quicken::entry_pc`]).
    pub entry_pc: usize,
    /// The number of arguments a call can move straight into the frame's first locals with
    /// nothing to bind: `co_argcount` when the code has no keyword-only parameters, no
    /// `*args`/`**kwargs` and is not a generator or coroutine; `usize::MAX` otherwise. The
    /// eval loop's fast CALL compares the call's argument count with it.
    pub fast_call_argcount: usize,
    /// The source span of each code unit.
    pub locations: Vec<Location>,
    /// The decoded exception table.
    pub exception_table: Vec<ExceptionEntry>,
}

impl CodeObject {
    /// Validates `raw`, derives CPython's computed fields and decodes the bytecode.
    pub fn new(raw: RawCode) -> Result<CodeObject, CodeError> {
        let count = |v: i32, field: &str| {
            usize::try_from(v).map_err(|_| {
                CodeError::Invalid(format!("code object field {field} is negative ({v})"))
            })
        };
        let argcount = count(raw.argcount, "co_argcount")?;
        let posonlyargcount = count(raw.posonlyargcount, "co_posonlyargcount")?;
        let kwonlyargcount = count(raw.kwonlyargcount, "co_kwonlyargcount")?;
        count(raw.stacksize, "co_stacksize")?;
        if raw.localsplusnames.len() != raw.localspluskinds.len() {
            return Err(CodeError::Invalid(format!(
                "co_localsplusnames has {} names but co_localspluskinds has {} kinds",
                raw.localsplusnames.len(),
                raw.localspluskinds.len()
            )));
        }
        let flags = raw.flags as u32;
        let with_kind = |bit: u8| -> Vec<Rc<str>> {
            raw.localsplusnames
                .iter()
                .zip(raw.localspluskinds.iter())
                .filter(|(_, &k)| k & bit != 0)
                .map(|(n, _)| n.clone())
                .collect()
        };
        let varnames = with_kind(CO_FAST_LOCAL);
        let cellvars = with_kind(CO_FAST_CELL);
        let freevars = with_kind(CO_FAST_FREE);
        let nargs = argcount
            + kwonlyargcount
            + usize::from(flags & CO_VARARGS != 0)
            + usize::from(flags & CO_VARKEYWORDS != 0);
        if nargs > varnames.len() || posonlyargcount > argcount {
            return Err(CodeError::Invalid(format!(
                "code object {:?} declares {nargs} arguments but has {} local names",
                &*raw.name,
                varnames.len()
            )));
        }
        if raw.code.len() % 2 == 1 {
            return Err(CodeError::Bytecode {
                offset: raw.code.len() - 1,
                message: format!("co_code has odd length {}", raw.code.len()),
            });
        }
        let instructions = decode_instructions(&raw)
            .map_err(|(offset, message)| CodeError::Bytecode { offset, message })?;
        let n_units = raw.code.len() / 2;
        // No instruction pushes more than 3 values except the unpacks, so a larger
        // co_stacksize is corrupt (and would make frames allocate absurd stacks).
        let max_depth: u64 = instructions
            .iter()
            .map(|i| match i.op {
                crate::Opcode::UNPACK_SEQUENCE => u64::from(i.arg) + 3,
                crate::Opcode::UNPACK_EX => u64::from(i.arg & 0xff) + u64::from(i.arg >> 8) + 4,
                _ => 3,
            })
            .sum();
        if raw.stacksize as u64 > max_depth + 16 {
            return Err(CodeError::Invalid(format!(
                "code object {:?} has co_stacksize {} but its bytecode can use at most {}",
                &*raw.name,
                raw.stacksize,
                max_depth + 16
            )));
        }
        let locations = decode_locations(&raw.linetable, raw.firstlineno, n_units);
        let exception_table = decode_exception_table(&raw.exceptiontable);
        for e in &exception_table {
            if e.target as usize >= n_units || e.start > e.end {
                return Err(CodeError::Invalid(format!(
                    "exception table of {:?} has a handler outside the code (target {})",
                    &*raw.name,
                    u64::from(e.target) * 2
                )));
            }
        }
        let fast_call_argcount = if kwonlyargcount == 0
            && flags
                & (CO_VARARGS | CO_VARKEYWORDS | CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR)
                == 0
        {
            argcount
        } else {
            usize::MAX
        };
        Ok(CodeObject {
            fast_call_argcount,
            quickened: crate::quicken::quicken(&instructions),
            entry_pc: crate::quicken::entry_pc(&instructions),
            nlocals: varnames.len(),
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            varnames,
            cellvars,
            freevars,
            instructions,
            locations,
            exception_table,
            raw,
        })
    }

    /// `co_name`.
    pub fn name(&self) -> &str {
        &self.raw.name
    }

    /// `co_qualname`.
    pub fn qualname(&self) -> &str {
        &self.raw.qualname
    }

    /// `co_filename`.
    pub fn filename(&self) -> &str {
        &self.raw.filename
    }

    /// `co_firstlineno`.
    pub fn firstlineno(&self) -> i32 {
        self.raw.firstlineno
    }

    /// Number of fast-local slots (locals + cells + free variables).
    pub fn nlocalsplus(&self) -> usize {
        self.raw.localsplusnames.len()
    }

    /// `co_flags` decoded to CPython's names, joined with `, ` as `dis.pretty_flags` does.
    pub fn flag_names(&self) -> String {
        pretty_flags(self.flags)
    }

    /// The source line of the code unit `unit`, if known.
    pub fn line_of_unit(&self, unit: usize) -> Option<u32> {
        self.locations.get(unit).and_then(|l| l.line)
    }
}

/// `dis.pretty_flags`: flag names joined by `, `, unknown bits as hex.
pub fn pretty_flags(flags: u32) -> String {
    let mut names = Vec::new();
    let mut rest = flags;
    for (bit, name) in CODE_FLAG_NAMES {
        if flags & bit != 0 {
            names.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != 0 || names.is_empty() {
        names.push(format!("{rest:#x}"));
    }
    names.join(", ")
}
