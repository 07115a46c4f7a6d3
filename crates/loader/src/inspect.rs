//! `rpvm inspect`: everything a `.pyc` holds, laid out for someone learning how CPython works.
//!
//! [`inspect_pyc`] prints the 16-byte header decoded field by field, then every code object
//! (the module first, then the code objects in its constants, depth first) with:
//!
//! - its identity (name, qualname, file, first line) and signature counts;
//! - `co_flags` in hex and by name;
//! - the constants (with their index, as `LOAD_CONST` uses it), the names, and the fast
//!   locals (`co_localsplusnames`) with their kind bits decoded and the derived
//!   `co_varnames` / `co_cellvars` / `co_freevars`;
//! - the bytecode: each instruction's bytes in hex beside its decoded form, with the inline
//!   CACHE units it owns;
//! - the location table decoded per instruction (line, end line, column, end column);
//! - the exception table.
//!
//! The text is meant for people; it is not a stable format and no tool should parse it.

use std::fmt::Write;

use crate::code::{
    CodeObject, CO_FAST_CELL, CO_FAST_FREE, CO_FAST_LOCAL, CO_VARARGS, CO_VARKEYWORDS,
};
use crate::constant::Constant;
use crate::dis::{argrepr, CodeListing};
use crate::header::{Invalidation, MAGIC_3_11};
use crate::pyrepr::{code_repr, constant_repr};
use crate::Pyc;

/// Writes a line into a `String` (writing to a `String` cannot fail).
macro_rules! line {
    ($out:expr) => { $out.push('\n') };
    ($out:expr, $($arg:tt)*) => {{ let _ = writeln!($out, $($arg)*); }};
}

/// The whole report for `pyc`: header, then every code object.
pub fn inspect_pyc(pyc: &Pyc) -> String {
    let mut out = String::new();
    header_section(&mut out, pyc);
    let mut all = vec![(String::from("the module"), &*pyc.code)];
    let mut i = 0;
    // Depth first, in constant order (as `dis` lists them), without recursion.
    while i < all.len() {
        let code = all[i].1;
        let children: Vec<(String, &CodeObject)> = code
            .raw
            .consts
            .iter()
            .enumerate()
            .filter_map(|(k, c)| match c {
                Constant::Code(inner) => {
                    Some((format!("constant {k} of {}", code.qualname()), &**inner))
                }
                _ => None,
            })
            .collect();
        all.splice(i + 1..i + 1, children);
        i += 1;
    }
    line!(out, "The file holds {} code object(s).", all.len());
    for (n, (origin, code)) in all.iter().enumerate() {
        line!(out);
        code_section(&mut out, n + 1, origin, code);
    }
    out
}

/// Days since 1970-01-01 to a (year, month, day) civil date (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A Unix time as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc_date(seconds: u32) -> String {
    let secs = i64::from(seconds);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn header_section(out: &mut String, pyc: &Pyc) {
    let h = &pyc.header;
    line!(out, "== Header (16 bytes) ==");
    let magic = h.magic.to_le_bytes();
    line!(
        out,
        "  magic number   {} 0d 0a  = {} (CPython {}){}",
        hex(&magic),
        h.magic,
        h.version(),
        if h.magic == MAGIC_3_11 {
            ", the bytecode rpvm runs"
        } else {
            ""
        }
    );
    line!(
        out,
        "                 (two little-endian bytes that change with every bytecode format, then \\r\\n)"
    );
    let kind = match h.invalidation {
        Invalidation::Timestamp { .. } => {
            "timestamp-based: the importer compares the source's mtime and size"
        }
        Invalidation::Hash {
            check_source: true, ..
        } => "hash-based, checked: the importer re-hashes the source to validate this file",
        Invalidation::Hash {
            check_source: false,
            ..
        } => "hash-based, unchecked: the importer uses this file without looking at the source",
    };
    line!(out, "  flags          {:#010x}  (PEP 552) {kind}", h.flags);
    match h.invalidation {
        Invalidation::Timestamp { mtime, source_size } => {
            line!(out, "  source mtime   {mtime}  ({})", utc_date(mtime));
            line!(out, "  source size    {source_size} bytes");
        }
        Invalidation::Hash { hash, .. } => {
            line!(
                out,
                "  source hash    {}  (SipHash of the source bytes, as importlib.util.source_hash)",
                hash.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
        }
    }
    line!(
        out,
        "  then           the module's code object, in marshal format, from byte 16"
    );
    line!(out);
}

/// What the kind bits of one `co_localspluskinds` entry mean.
fn kind_names(kind: u8) -> String {
    let mut names = Vec::new();
    for (bit, name) in [
        (CO_FAST_LOCAL, "local"),
        (CO_FAST_CELL, "cell"),
        (CO_FAST_FREE, "free"),
    ] {
        if kind & bit != 0 {
            names.push(name.to_string());
        }
    }
    let rest = kind & !(CO_FAST_LOCAL | CO_FAST_CELL | CO_FAST_FREE);
    if rest != 0 {
        names.push(format!("unknown bits {rest:#04x}"));
    }
    if names.is_empty() {
        names.push("no kind".into());
    }
    names.join(" + ")
}

/// Which parameter slot `i` (an index into the fast locals) is, if it is one.
fn parameter_kind(code: &CodeObject, i: usize) -> Option<&'static str> {
    let mut n = code.argcount;
    if i < code.posonlyargcount {
        return Some("positional-only parameter");
    }
    if i < n {
        return Some("parameter");
    }
    n += code.kwonlyargcount;
    if i < n {
        return Some("keyword-only parameter");
    }
    if code.flags & CO_VARARGS != 0 {
        if i == n {
            return Some("*args parameter");
        }
        n += 1;
    }
    if code.flags & CO_VARKEYWORDS != 0 && i == n {
        return Some("**kwargs parameter");
    }
    None
}

fn name_list(out: &mut String, title: &str, names: &[std::rc::Rc<str>]) {
    if names.is_empty() {
        line!(out, "  {title}: (none)");
    } else {
        let joined: Vec<&str> = names.iter().map(|n| &**n).collect();
        line!(out, "  {title}: {}", joined.join(", "));
    }
}

fn or_dash(v: Option<u32>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn code_section(out: &mut String, number: usize, origin: &str, code: &CodeObject) {
    let raw = &code.raw;
    line!(
        out,
        "== Code object {number}: {} ({origin}) ==",
        code.qualname()
    );
    line!(out, "  {}", code_repr(code));
    line!(out, "  name           {}", code.name());
    line!(out, "  qualname       {}", code.qualname());
    line!(out, "  filename       {}", code.filename());
    line!(out, "  first line     {}", code.firstlineno());
    line!(
        out,
        "  arguments      {} positional ({} of them positional-only), {} keyword-only",
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount
    );
    line!(
        out,
        "  stack size     {} (deepest the value stack gets)",
        raw.stacksize
    );
    line!(
        out,
        "  flags          {:#010x}  {}",
        code.flags,
        code.flag_names()
    );
    line!(out, "  locals         {} (co_nlocals)", code.nlocals);
    line!(out);

    line!(out, "  Constants (co_consts, indexed by LOAD_CONST):");
    if raw.consts.is_empty() {
        line!(out, "    (none)");
    }
    for (i, c) in raw.consts.iter().enumerate() {
        line!(
            out,
            "    {i:>4}: {:<10} {}",
            c.type_name(),
            constant_repr(c)
        );
    }
    line!(out);
    line!(
        out,
        "  Names (co_names: globals, attributes, imports; indexed by LOAD_NAME, LOAD_ATTR...):"
    );
    if raw.names.is_empty() {
        line!(out, "    (none)");
    }
    for (i, n) in raw.names.iter().enumerate() {
        line!(out, "    {i:>4}: {n}");
    }
    line!(out);
    line!(
        out,
        "  Fast locals (co_localsplusnames + co_localspluskinds, indexed by LOAD_FAST, LOAD_DEREF...):"
    );
    if raw.localsplusnames.is_empty() {
        line!(out, "    (none)");
    }
    for (i, (name, kind)) in raw
        .localsplusnames
        .iter()
        .zip(raw.localspluskinds.iter())
        .enumerate()
    {
        let param = parameter_kind(code, i)
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        line!(
            out,
            "    {i:>4}: {name:<16} {kind:#04x} {}{param}",
            kind_names(*kind)
        );
    }
    name_list(out, "varnames", &code.varnames);
    name_list(out, "cellvars", &code.cellvars);
    name_list(out, "freevars", &code.freevars);
    line!(out);

    let listing = CodeListing::new(code);
    bytecode_section(out, code, &listing);
    locations_section(out, code, &listing);
    exceptions_section(out, code);
}

fn bytecode_section(out: &mut String, code: &CodeObject, listing: &CodeListing) {
    let bytes = &code.raw.code;
    line!(
        out,
        "  Bytecode (co_code: {} bytes = {} code units of [opcode, argument]):",
        bytes.len(),
        bytes.len() / 2
    );
    line!(
        out,
        "    {:>6}  {:<5}  {:<8}  {:<20} {:>5}  meaning",
        "offset",
        "bytes",
        "caches",
        "instruction",
        "arg"
    );
    for ri in &listing.instructions {
        let unit = bytes.get(ri.offset..ri.offset + 2).unwrap_or(&[]);
        let caches = ri.op.caches();
        let cache_note = if caches == 0 {
            String::new()
        } else {
            format!("+{caches} unit{}", if caches == 1 { "" } else { "s" })
        };
        let marks = listing.marks(ri.offset);
        let arg = ri.arg.map(|a| a.to_string()).unwrap_or_default();
        let mut meaning = argrepr(code, ri);
        if marks.is_jump_target {
            meaning = if meaning.is_empty() {
                "(jump target)".into()
            } else {
                format!("{meaning}  (jump target)")
            };
        }
        let text = format!(
            "    {:>6}  {:<5}  {:<8}  {:<20} {:>5}  {}",
            ri.offset,
            hex(unit),
            cache_note,
            ri.op.name(),
            arg,
            meaning
        );
        line!(out, "{}", text.trim_end());
    }
    line!(
        out,
        "    (caches: inline CACHE units after an instruction, zero in the file; the adaptive"
    );
    line!(
        out,
        "     interpreter stores specialisation data there at run time)"
    );
    line!(out);
}

fn locations_section(out: &mut String, code: &CodeObject, listing: &CodeListing) {
    line!(
        out,
        "  Locations (co_linetable: {} bytes, PEP 657; per instruction):",
        code.raw.linetable.len()
    );
    line!(
        out,
        "    {:>6}  {:<20} {:>6} {:>8} {:>6} {:>8}",
        "offset",
        "instruction",
        "line",
        "end line",
        "col",
        "end col"
    );
    for ri in &listing.instructions {
        let loc = code
            .locations
            .get(ri.offset / 2)
            .copied()
            .unwrap_or_default();
        line!(
            out,
            "    {:>6}  {:<20} {:>6} {:>8} {:>6} {:>8}",
            ri.offset,
            ri.op.name(),
            or_dash(loc.line),
            or_dash(loc.end_line),
            or_dash(loc.col),
            or_dash(loc.end_col)
        );
    }
    line!(
        out,
        "    (columns are 0-based UTF-8 byte offsets; end column is exclusive; - = unknown)"
    );
    line!(out);
}

fn exceptions_section(out: &mut String, code: &CodeObject) {
    let table = &code.exception_table;
    line!(
        out,
        "  Exception table (co_exceptiontable: {} bytes, {} entr{}):",
        code.raw.exceptiontable.len(),
        table.len(),
        if table.len() == 1 { "y" } else { "ies" }
    );
    if table.is_empty() {
        line!(
            out,
            "    (none: an exception anywhere in this code leaves the frame)"
        );
        return;
    }
    for e in table {
        line!(
            out,
            "    offsets {} to {} -> handler at {}, stack depth {}{}",
            e.start as u64 * 2,
            (e.end as u64 * 2).saturating_sub(2),
            e.target as u64 * 2,
            e.depth,
            if e.lasti {
                ", pushes the offset of the failing instruction (lasti)"
            } else {
                ""
            }
        );
    }
    line!(
        out,
        "    (on an exception in the range: pop the stack to the depth, push lasti if marked,"
    );
    line!(out, "     push the exception, and jump to the handler)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_date(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_date(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc_date(u32::MAX), "2106-02-07 06:28:15 UTC");
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_names(0x20), "local");
        assert_eq!(kind_names(0x60), "local + cell");
        assert_eq!(kind_names(0x80), "free");
        assert_eq!(kind_names(0x01), "unknown bits 0x01");
    }
}
