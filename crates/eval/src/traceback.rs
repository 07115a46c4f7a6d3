//! Printing an uncaught exception as CPython 3.11 does: chained exceptions, one
//! `File "...", line N, in NAME` entry per frame, the source line when the `.py` file is
//! readable, the `^^^^` markers from the location table, collapsed recursion, the
//! `TypeName: message` line.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rpvm_object::exception::PyException;
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
    let mut out = String::new();
    let mut seen: Vec<usize> = Vec::new();
    format_chain(vm, exc, &mut out, &mut seen);
    out
}

fn format_chain(vm: &mut Vm, exc: &Rc<PyException>, out: &mut String, seen: &mut Vec<usize>) {
    seen.push(Rc::as_ptr(exc) as usize);
    if seen.len() < 100 {
        let cause = exc.cause.borrow().clone();
        let context = exc.context.borrow().clone();
        if let Value::Exception(c) = cause {
            if !seen.contains(&(Rc::as_ptr(&c) as usize)) {
                format_chain(vm, &c, out, seen);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            }
        } else if let Value::Exception(c) = context {
            if !exc.suppress_context.get() && !seen.contains(&(Rc::as_ptr(&c) as usize)) {
                format_chain(vm, &c, out, seen);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
    }
    format_one(vm, exc, out);
}

fn format_one(vm: &mut Vm, exc: &Rc<PyException>, out: &mut String) {
    let entries = exc.traceback.borrow().clone();
    if !entries.is_empty() {
        out.push_str("Traceback (most recent call last):\n");
    }
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
            flush_repeats(out, repeat);
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
                source_and_carets(out, text, &loc);
            }
        }
    }
    flush_repeats(out, repeat);
    let name = if exc.class.module == "builtins" || exc.class.module == "__main__" {
        exc.class.qualname.clone()
    } else {
        format!("{}.{}", exc.class.module, exc.class.qualname)
    };
    let msg = str_(vm, &Value::Exception(exc.clone()))
        .unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        out.push_str(&name);
    } else {
        out.push_str(&format!("{name}: {msg}"));
    }
    out.push('\n');
    if let Some(Value::List(l)) = exc.get_attr("__notes__") {
        {
            for n in l.snapshot() {
                let s = str_(vm, &n).unwrap_or_default();
                out.push_str(&s);
                out.push('\n');
            }
        }
    }
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
