//! Printing an uncaught exception as CPython 3.11 does: chained exceptions, one
//! `File "...", line N, in NAME` entry per frame, the source line when the `.py` file is
//! readable, the `^^^^` markers from the location table, collapsed recursion, the
//! `TypeName: message` line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rpvm_object::exception::PyException;
use rpvm_object::exception_group::{self, is_group_type};
use rpvm_object::protocols::repr::str_;
use rpvm_object::{Value, Vm};

thread_local! {
    static SOURCES: RefCell<HashMap<String, Option<Rc<Vec<String>>>>> = RefCell::new(HashMap::new());
}

/// The lines of a source file, cached (`linecache`).
fn source_lines(path: &str) -> Option<Rc<Vec<String>>> {
    SOURCES.with(|s| {
        s.borrow_mut()
            .entry(path.to_string())
            .or_insert_with(|| {
                std::fs::read_to_string(path)
                    .ok()
                    .map(|t| Rc::new(t.lines().map(str::to_string).collect()))
            })
            .clone()
    })
}

/// The text of the last line(s) `python3` prints for an uncaught exception.
pub fn format_exception(vm: &mut Vm, exc: &Rc<PyException>) -> String {
    let mut ctx = Ctx {
        out: String::new(),
        seen: Vec::new(),
        depth: 0,
        need_close: false,
    };
    format_recursive(vm, exc, &mut ctx);
    ctx.out
}

/// Python/pythonrun.c `exception_print_context`.
struct Ctx {
    out: String,
    seen: Vec<usize>,
    /// `exception_group_depth`.
    depth: usize,
    need_close: bool,
}

const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

impl Ctx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// `write_indented_margin`.
    fn margin(&self) -> String {
        if self.depth > 0 {
            format!("{}| ", self.indent())
        } else {
            String::new()
        }
    }
}

/// `print_exception_recursive`.
fn format_recursive(vm: &mut Vm, exc: &Rc<PyException>, ctx: &mut Ctx) {
    ctx.seen.push(Rc::as_ptr(exc) as usize);
    if ctx.seen.len() < 100 {
        let cause = exc.cause.borrow().clone();
        let context = exc.context.borrow().clone();
        if let Value::Exception(c) = cause {
            if !ctx.seen.contains(&(Rc::as_ptr(&c) as usize)) {
                format_chained(
                    vm,
                    &c,
                    ctx,
                    "The above exception was the direct cause of the following exception:\n",
                );
            }
        } else if let Value::Exception(c) = context {
            if !exc.suppress_context.get() && !ctx.seen.contains(&(Rc::as_ptr(&c) as usize)) {
                format_chained(
                    vm,
                    &c,
                    ctx,
                    "During handling of the above exception, another exception occurred:\n",
                );
            }
        }
    }
    if is_group_type(&exc.class) {
        format_group(vm, exc, ctx);
    } else {
        format_one(vm, exc, ctx);
    }
}

/// `print_chained`.
fn format_chained(vm: &mut Vm, exc: &Rc<PyException>, ctx: &mut Ctx, message: &str) {
    let need_close = ctx.need_close;
    format_recursive(vm, exc, ctx);
    ctx.need_close = need_close;
    let m = ctx.margin();
    ctx.out.push_str(&format!("{m}\n{m}{message}{m}\n"));
}

/// `print_exception_group`.
fn format_group(vm: &mut Vm, exc: &Rc<PyException>, ctx: &mut Ctx) {
    if ctx.depth > MAX_GROUP_DEPTH {
        let m = ctx.margin();
        ctx.out
            .push_str(&format!("{m}... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
        return;
    }
    if ctx.depth == 0 {
        ctx.depth += 1;
    }
    format_one(vm, exc, ctx);
    let excs = exception_group::exceptions(vm, exc).unwrap_or_default();
    let num = excs.len();
    let n = if num <= MAX_GROUP_WIDTH {
        num
    } else {
        MAX_GROUP_WIDTH + 1
    };
    ctx.need_close = false;
    for (i, sub) in excs.iter().take(n).enumerate() {
        let last = i + 1 == n;
        if last {
            ctx.need_close = true;
        }
        let truncated = i >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (i + 1).to_string()
        };
        let lead = if i == 0 { "+-" } else { "  " };
        let indent = ctx.indent();
        ctx.out.push_str(&format!(
            "{indent}{lead}+---------------- {title} ----------------\n"
        ));
        ctx.depth += 1;
        if !truncated {
            match sub {
                Value::Exception(e) => format_recursive(vm, e, ctx),
                other => {
                    let m = ctx.margin();
                    let r = rpvm_object::protocols::repr::repr(vm, other).unwrap_or_default();
                    ctx.out.push_str(&format!("{m}{r}\n"));
                }
            }
        } else {
            let remaining = num - MAX_GROUP_WIDTH;
            let m = ctx.margin();
            ctx.out.push_str(&format!(
                "{m}and {remaining} more exception{}\n",
                if remaining > 1 { "s" } else { "" }
            ));
        }
        if last && ctx.need_close {
            let indent = ctx.indent();
            ctx.out
                .push_str(&format!("{indent}+------------------------------------\n"));
            ctx.need_close = false;
        }
        ctx.depth -= 1;
    }
    if ctx.depth == 1 {
        ctx.depth -= 1;
    }
}

/// `print_exception`: the traceback, the `Type: message` line and the notes.
fn format_one(vm: &mut Vm, exc: &Rc<PyException>, ctx: &mut Ctx) {
    let margin = ctx.margin();
    let entries = exc.traceback.borrow().clone();
    if !entries.is_empty() {
        let (header, header_margin) = if is_group_type(&exc.class) {
            (
                "Exception Group Traceback (most recent call last):\n",
                if ctx.depth == 1 {
                    format!("{}+ ", ctx.indent())
                } else {
                    margin.clone()
                },
            )
        } else {
            ("Traceback (most recent call last):\n", margin.clone())
        };
        ctx.out.push_str(&header_margin);
        ctx.out.push_str(header);
    }
    let mut out = String::new();
    let mut last: Option<(String, u32, String)> = None;
    let mut repeat = 0usize;
    for e in entries.iter().rev() {
        let code = &e.code.code;
        let unit = e.unit as usize;
        let loc = code.locations.get(unit).copied().unwrap_or_default();
        let line = loc.line.unwrap_or(0);
        let key = (code.filename().to_string(), line, code.name().to_string());
        if last.as_ref() == Some(&key) {
            repeat += 1;
            if repeat >= 3 {
                continue;
            }
        } else {
            flush_repeats(&mut out, repeat);
            repeat = 0;
            last = Some(key);
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            code.filename(),
            line,
            code.name()
        ));
        if let Some(lines) = source_lines(code.filename()) {
            if let Some(text) = lines.get((line as usize).wrapping_sub(1)) {
                source_and_carets(&mut out, text, &loc);
            }
        }
    }
    flush_repeats(&mut out, repeat);
    for l in out.split_inclusive('\n') {
        ctx.out.push_str(&margin);
        ctx.out.push_str(l);
    }
    let name = if exc.class.module == "builtins" || exc.class.module == "__main__" {
        exc.class.qualname.clone()
    } else {
        format!("{}.{}", exc.class.module, exc.class.qualname)
    };
    let msg = str_(vm, &Value::Exception(exc.clone()))
        .unwrap_or_else(|_| "<exception str() failed>".into());
    ctx.out.push_str(&margin);
    if msg.is_empty() {
        ctx.out.push_str(&name);
    } else {
        ctx.out.push_str(&format!("{name}: {msg}"));
    }
    ctx.out.push('\n');
    format_notes(vm, exc, ctx);
}

/// `print_exception_notes`.
fn format_notes(vm: &mut Vm, exc: &Rc<PyException>, ctx: &mut Ctx) {
    let Some(notes) = exc.get_attr("__notes__") else {
        return;
    };
    let margin = ctx.margin();
    let items = match &notes {
        Value::List(l) => l.snapshot(),
        Value::Tuple(t) => t.as_slice().to_vec(),
        other => {
            let r = rpvm_object::protocols::repr::repr(vm, other)
                .unwrap_or_else(|_| "<__notes__ repr() failed>".into());
            ctx.out.push_str(&format!("{margin}{r}\n"));
            return;
        }
    };
    for n in items {
        match str_(vm, &n) {
            Ok(s) => {
                for l in split_lines_keepends(&s) {
                    ctx.out.push_str(&margin);
                    ctx.out.push_str(l);
                }
            }
            Err(_) => ctx.out.push_str("<note str() failed>"),
        }
        ctx.out.push('\n');
    }
}

/// `str.splitlines(keepends=True)` for the common line breaks.
fn split_lines_keepends(s: &str) -> Vec<&str> {
    let mut v = Vec::new();
    let mut start = 0;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let mut end = i + 1;
            if b[i] == b'\r' && i + 1 < b.len() && b[i + 1] == b'\n' {
                end += 1;
            }
            v.push(&s[start..end]);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < s.len() {
        v.push(&s[start..]);
    }
    v
}

fn flush_repeats(out: &mut String, repeat: usize) {
    if repeat >= 3 {
        let n = repeat - 2;
        out.push_str(&format!(
            "  [Previous line repeated {} more time{}]\n",
            n,
            if n == 1 { "" } else { "s" }
        ));
    }
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\x0c'
}

/// Writes the source line (indentation removed) and, when the instruction covers only part
/// of it, the marker line, following Python/traceback.c `tb_displayline`.
fn source_and_carets(out: &mut String, text: &str, loc: &rpvm_loader::linetable::Location) {
    let chars: Vec<char> = text.chars().collect();
    let indent = chars.iter().take_while(|&&c| is_ws(c)).count();
    out.push_str("    ");
    out.extend(chars[indent..].iter());
    out.push('\n');
    let (Some(line), Some(end_line), Some(col), Some(end_col)) =
        (loc.line, loc.end_line, loc.col, loc.end_col)
    else {
        return;
    };
    // Byte offsets to character offsets.
    let to_char = |b: u32| -> usize {
        let b = b as usize;
        match text.get(..b.min(text.len())) {
            Some(prefix) => prefix.chars().count(),
            None => text.char_indices().take_while(|(i, _)| *i < b).count(),
        }
    };
    let start = to_char(col);
    let mut end = to_char(end_col);
    let mut anchor: Option<(usize, usize)> = None;
    if line == end_line {
        if start < end && end <= chars.len() {
            let segment: String = chars[start..end].iter().collect();
            anchor = crate::anchors::anchors(&segment).map(|(l, r)| (l + start, r + start));
        }
    } else {
        end = chars
            .iter()
            .rposition(|&c| !is_ws(c))
            .map(|i| i + 1)
            .unwrap_or(0);
    }
    let stripped_len = chars.len() - indent;
    if end.saturating_sub(start) == stripped_len && anchor.is_none() {
        return;
    }
    let mut marks = String::new();
    // Positions are printed from column indent - 4 (the four spaces before the text).
    let first = indent.saturating_sub(4);
    let pad = (indent as isize) - 4;
    if pad < 0 {
        marks.push_str(&" ".repeat((-pad) as usize));
    }
    for k in first..end {
        let c = if k < start {
            ' '
        } else {
            match anchor {
                Some((l, r)) if l <= k && k < r => '^',
                Some(_) => '~',
                None => '^',
            }
        };
        marks.push(c);
    }
    out.push_str(&marks);
    out.push('\n');
}
