//! A disassembler that prints exactly what CPython 3.11's `dis.dis(code)` prints.
//!
//! The output is compared byte for byte with `python3 -m dis`-style output in the golden
//! tests, so every rule here mirrors `Lib/dis.py`:
//!
//! - one line per instruction (EXTENDED_ARG included, CACHE units hidden), made of the fields
//!   line number (`%3d`, wider when a line is >= 1000, absent when the code has no line
//!   numbers at all), the current-instruction marker (`-->` or three spaces), the jump-target
//!   marker (`>>` or two spaces), the offset (`rjust(4)`, wider past 9998), the opcode name
//!   (`ljust(20)`), the argument (`rjust(5)`) and `(argrepr)`, joined by single spaces and
//!   right-stripped;
//! - a blank line before every instruction that starts a source line, except at offset 0;
//! - an `ExceptionTable:` section when the code has handlers;
//! - nested code objects from `co_consts`, depth first, each after a blank line and a
//!   `Disassembly of <code object ...>:` header (addresses print as `0x0`).
//!
//! The same formatter serves the VM's `--trace` mode: build a [`CodeListing`] once per code
//! object and call [`CodeListing::format`] for the instruction about to run, or use the
//! free functions [`format_instruction`] and [`argrepr`] directly.
//!
//! ```
//! let pyc = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../pyc-samples/hello.pyc")).unwrap();
//! let module = rpvm_loader::load_pyc(&pyc).unwrap();
//! let text = rpvm_loader::dis::dis_code(&module.code);
//! assert!(text.starts_with("  0           0 RESUME                   0\n"));
//! ```

use std::fmt::Write;

use crate::code::CodeObject;
use crate::constant::Constant;
use crate::instr::{raw_instructions, RawInstr};
use crate::linetable::line_starts;
use crate::opcode::{ArgKind, Opcode, CMP_OP, NB_OPS};
use crate::pyrepr::{code_repr, constant_repr};

/// Width of the opcode-name column (`dis._OPNAME_WIDTH`).
pub const OPNAME_WIDTH: usize = 20;
/// Width of the argument column (`dis._OPARG_WIDTH`).
pub const OPARG_WIDTH: usize = 5;

/// `dis.FORMAT_VALUE_CONVERTERS`: the conversion named by `FORMAT_VALUE`'s low two bits.
const FORMAT_VALUE_CONVERTERS: [&str; 4] = ["", "str", "repr", "ascii"];
/// `dis.MAKE_FUNCTION_FLAGS`: what each `MAKE_FUNCTION` flag bit pops.
const MAKE_FUNCTION_FLAGS: [&str; 4] = ["defaults", "kwdefaults", "annotations", "closure"];

/// Column widths shared by every line of one code object's listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    /// Width of the line-number column; 0 omits the column (the code has no line numbers).
    pub lineno_width: usize,
    /// Width of the offset column (4 unless the code is longer than 10000 bytes).
    pub offset_width: usize,
}

/// The per-line markers of one instruction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// The source line this instruction starts, if it starts one.
    pub starts_line: Option<u32>,
    /// Whether a jump or an exception handler goes to this instruction (`>>`).
    pub is_jump_target: bool,
    /// Whether to draw the `-->` arrow (the instruction being executed).
    pub is_current: bool,
}

/// `dis`'s human-readable description of the argument of `ri`: the constant's repr, the
/// name, `NULL + name`, `to 42`, `+=`, `defaults, closure`... Empty when `dis` shows
/// nothing (no argument, a plain number, `KW_NAMES`) or when the argument indexes outside
/// the code object's tables.
pub fn argrepr(code: &CodeObject, ri: &RawInstr) -> String {
    let Some(arg) = ri.arg else {
        return String::new();
    };
    let raw = &code.raw;
    let index = arg as usize;
    let name_at = |names: &[std::rc::Rc<str>], i: usize| {
        names.get(i).map(|n| n.to_string()).unwrap_or_default()
    };
    match ri.op {
        // `dis` only resolves LOAD_CONST; the other hasconst opcode (KW_NAMES) shows nothing.
        Opcode::LOAD_CONST => raw.consts.get(index).map(constant_repr).unwrap_or_default(),
        Opcode::LOAD_GLOBAL => match raw.names.get(index >> 1) {
            Some(name) if arg & 1 != 0 => format!("NULL + {name}"),
            Some(name) => name.to_string(),
            None => String::new(),
        },
        Opcode::FORMAT_VALUE => {
            let mut s = FORMAT_VALUE_CONVERTERS[index & 3].to_string();
            if arg & 4 != 0 {
                if !s.is_empty() {
                    s.push_str(", ");
                }
                s.push_str("with format");
            }
            s
        }
        Opcode::MAKE_FUNCTION => MAKE_FUNCTION_FLAGS
            .iter()
            .enumerate()
            .filter(|(bit, _)| arg & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", "),
        Opcode::BINARY_OP => NB_OPS
            .get(index)
            .map(|op| op.1.to_string())
            .unwrap_or_default(),
        _ => match ri.op.info().arg {
            ArgKind::Name => name_at(&raw.names, index),
            ArgKind::Local | ArgKind::Free => name_at(&raw.localsplusnames, index),
            ArgKind::Compare => CMP_OP.get(index).map(|s| s.to_string()).unwrap_or_default(),
            ArgKind::Jump => match ri.jump_target() {
                Some(target) => format!("to {target}"),
                None => String::new(),
            },
            ArgKind::Const | ArgKind::Number | ArgKind::None => String::new(),
        },
    }
}

/// One line of `dis` output for `ri` (no trailing newline), as
/// `dis.Instruction._disassemble` formats it.
pub fn format_instruction(
    code: &CodeObject,
    ri: &RawInstr,
    columns: &Columns,
    marks: &Marks,
) -> String {
    let mut line = String::with_capacity(64);
    if columns.lineno_width > 0 {
        match marks.starts_line {
            Some(n) => write!(line, "{n:>w$} ", w = columns.lineno_width),
            None => write!(line, "{:w$} ", "", w = columns.lineno_width),
        }
        .ok();
    }
    line.push_str(if marks.is_current { "--> " } else { "    " });
    line.push_str(if marks.is_jump_target { ">> " } else { "   " });
    write!(
        line,
        "{:>ow$} {:<nw$}",
        ri.offset,
        ri.op.name(),
        ow = columns.offset_width,
        nw = OPNAME_WIDTH
    )
    .ok();
    if let Some(arg) = ri.arg {
        write!(line, " {arg:>OPARG_WIDTH$}").ok();
        let desc = argrepr(code, ri);
        if !desc.is_empty() {
            write!(line, " ({desc})").ok();
        }
    }
    line.truncate(line.trim_end().len());
    line
}

/// Everything `dis` precomputes for one code object: its instructions, which of them start
/// a line or are jump targets, and the column widths. Build it once per code object (the
/// VM's tracer keeps one per code object it runs) and format lines from it.
#[derive(Clone, Debug)]
pub struct CodeListing {
    /// The instructions as `dis` lists them (EXTENDED_ARG separate, CACHE units skipped).
    pub instructions: Vec<RawInstr>,
    /// Column widths for this code object.
    pub columns: Columns,
    /// Per code unit: the line started there (`dis.findlinestarts`).
    starts: Vec<Option<u32>>,
    /// Per code unit: whether it is a jump or handler target (`dis.findlabels` + handlers).
    targets: Vec<bool>,
    /// A sentence about undecodable bytecode, printed after the last good instruction.
    error: Option<String>,
}

impl CodeListing {
    /// Analyses `code` the way `dis.disassemble` does before printing.
    pub fn new(code: &CodeObject) -> CodeListing {
        let bytes = &code.raw.code;
        let n_units = bytes.len() / 2;
        let (instructions, error) = match raw_instructions(bytes) {
            Ok(list) => (list, None),
            // The loader rejects unknown opcodes, so this only guards hand-built code objects:
            // list what decodes, then say where decoding stopped.
            Err((offset, msg)) => {
                let mut good = Vec::new();
                if let Ok(list) = raw_instructions(&bytes[..offset]) {
                    good = list;
                }
                (
                    good,
                    Some(format!("<bad bytecode at offset {offset}: {msg}>")),
                )
            }
        };
        let mut starts = vec![None; n_units];
        let found = line_starts(&code.locations);
        for &(offset, line) in &found {
            if let Some(slot) = starts.get_mut(offset / 2) {
                *slot = Some(line);
            }
        }
        let mut targets = vec![false; n_units];
        let mut mark = |offset: i64| {
            if offset >= 0 && offset % 2 == 0 {
                if let Some(t) = targets.get_mut((offset / 2) as usize) {
                    *t = true;
                }
            }
        };
        for ri in &instructions {
            if let Some(target) = ri.jump_target() {
                mark(target);
            }
        }
        // `dis` marks a handler only if its range covers at least one instruction.
        for e in &code.exception_table {
            if e.start < e.end {
                mark(e.target as i64 * 2);
            }
        }
        let lineno_width = match found.iter().map(|&(_, line)| line).max() {
            None => 0,
            Some(max) if max >= 1000 => max.to_string().len(),
            Some(_) => 3,
        };
        let max_offset = bytes.len().saturating_sub(2);
        let offset_width = if max_offset >= 10000 {
            max_offset.to_string().len()
        } else {
            4
        };
        CodeListing {
            instructions,
            columns: Columns {
                lineno_width,
                offset_width,
            },
            starts,
            targets,
            error,
        }
    }

    /// The markers of the instruction at byte `offset` (`is_current` left false).
    pub fn marks(&self, offset: usize) -> Marks {
        Marks {
            starts_line: self.starts.get(offset / 2).copied().flatten(),
            is_jump_target: self.targets.get(offset / 2).copied().unwrap_or(false),
            is_current: false,
        }
    }

    /// The listed instruction at byte `offset`, if one starts there.
    pub fn instruction_at(&self, offset: usize) -> Option<&RawInstr> {
        self.instructions
            .binary_search_by_key(&offset, |ri| ri.offset)
            .ok()
            .map(|i| &self.instructions[i])
    }

    /// One line of the listing for `ri`, with the `-->` arrow if `current`.
    pub fn format(&self, code: &CodeObject, ri: &RawInstr, current: bool) -> String {
        let marks = Marks {
            is_current: current,
            ..self.marks(ri.offset)
        };
        format_instruction(code, ri, &self.columns, &marks)
    }

    /// The whole listing of `code` (not its nested code objects), as
    /// `dis.disassemble(code, lasti)` prints it; `lasti` is the byte offset to mark with `-->`.
    pub fn render(&self, code: &CodeObject, lasti: Option<usize>) -> String {
        let mut out = String::new();
        for ri in &self.instructions {
            if self.columns.lineno_width > 0
                && ri.offset > 0
                && self.marks(ri.offset).starts_line.is_some()
            {
                out.push('\n');
            }
            out.push_str(&self.format(code, ri, lasti == Some(ri.offset)));
            out.push('\n');
        }
        if let Some(error) = &self.error {
            out.push_str(error);
            out.push('\n');
        }
        if !code.exception_table.is_empty() {
            out.push_str("ExceptionTable:\n");
            for e in &code.exception_table {
                let end = e.end as i64 * 2 - 2;
                let lasti = if e.lasti { " lasti" } else { "" };
                writeln!(
                    out,
                    "  {} to {end} -> {} [{}]{lasti}",
                    e.start as u64 * 2,
                    e.target as u64 * 2,
                    e.depth
                )
                .ok();
            }
        }
        out
    }
}

/// The instruction as `dis` lists it for the code unit `unit`, for tracers that hold a
/// code-unit index (CPython's `f_lasti / 2`).
///
/// A unit inside an EXTENDED_ARG prefix stands for the instruction the prefix extends: the
/// result is that instruction, at its own offset, with the full argument. `None` when `unit`
/// is past the end or holds no opcode 3.11 defines. Runs in time proportional to the length
/// of the prefix, not of the code.
pub fn instruction_at_unit(code: &CodeObject, unit: usize) -> Option<RawInstr> {
    let bytes = &code.raw.code;
    let ext = Opcode::EXTENDED_ARG as u8;
    let mut real = unit;
    while bytes.get(real * 2) == Some(&ext) {
        real += 1;
    }
    let op = Opcode::from_u8(*bytes.get(real * 2)?)?;
    let mut start = real;
    while start > 0 && bytes.get((start - 1) * 2) == Some(&ext) {
        start -= 1;
    }
    let arg = (start..=real).fold(0u32, |acc, u| {
        (acc << 8) | u32::from(bytes.get(u * 2 + 1).copied().unwrap_or(0))
    });
    Some(RawInstr {
        offset: real * 2,
        op,
        arg: op.has_arg().then_some(arg),
    })
}

/// `dis.disassemble(code)`: the listing of one code object, without its nested code objects.
pub fn disassemble(code: &CodeObject) -> String {
    CodeListing::new(code).render(code, None)
}

/// `dis.dis(code)`: the listing of `code` followed by the listings of every code object in
/// its constants, depth first, each introduced by a blank line and
/// `Disassembly of <code object NAME at 0x0, file "FILE", line N>:`.
pub fn dis_code(code: &CodeObject) -> String {
    let mut out = disassemble(code);
    // An explicit stack instead of recursion: marshal allows deeply nested code objects.
    let mut pending: Vec<&CodeObject> = nested_code(code).rev().collect();
    while let Some(inner) = pending.pop() {
        write!(out, "\nDisassembly of {}:\n", code_repr(inner)).ok();
        out.push_str(&disassemble(inner));
        pending.extend(nested_code(inner).rev());
    }
    out
}

/// The code objects among `code`'s constants, in order.
fn nested_code(code: &CodeObject) -> impl DoubleEndedIterator<Item = &CodeObject> {
    code.raw.consts.iter().filter_map(|c| match c {
        Constant::Code(inner) => Some(&**inner),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::RawCode;
    use std::rc::Rc;

    fn code_with(bytes: &[u8], consts: Vec<Constant>) -> CodeObject {
        let names: Rc<[Rc<str>]> = Rc::from(vec![Rc::from("x")]);
        CodeObject::new(RawCode {
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            stacksize: 4,
            flags: 0,
            code: Rc::from(bytes),
            consts: Rc::from(consts),
            names: names.clone(),
            localsplusnames: names,
            localspluskinds: Rc::from(vec![0x20u8]),
            filename: Rc::from("t.py"),
            name: Rc::from("<module>"),
            qualname: Rc::from("<module>"),
            firstlineno: 1,
            // One "no location" entry covering 8 units, then another.
            linetable: Rc::from(vec![0xffu8, 0xff]),
            exceptiontable: Rc::from(vec![]),
        })
        .unwrap()
    }

    #[test]
    fn extended_arg_prefix_and_no_line_numbers() {
        // EXTENDED_ARG 1; LOAD_CONST 2 (= 258); RETURN_VALUE
        let mut consts = vec![Constant::None; 259];
        consts[258] = Constant::Int(7);
        let code = code_with(&[144, 1, 100, 2, 83, 0], consts);
        // No line numbers anywhere: the line column disappears.
        assert_eq!(
            disassemble(&code),
            concat!(
                "          0 EXTENDED_ARG             1\n",
                "          2 LOAD_CONST             258 (7)\n",
                "          4 RETURN_VALUE\n"
            )
        );
        let at0 = instruction_at_unit(&code, 0).unwrap();
        assert_eq!(
            (at0.offset, at0.op, at0.arg),
            (2, Opcode::LOAD_CONST, Some(258))
        );
        assert_eq!(instruction_at_unit(&code, 1), Some(at0));
        assert_eq!(instruction_at_unit(&code, 2).unwrap().arg, None);
        assert_eq!(instruction_at_unit(&code, 3), None);
        let listing = CodeListing::new(&code);
        assert_eq!(
            listing.format(&code, &at0, true),
            "-->       2 LOAD_CONST             258 (7)"
        );
    }
}
