//! `rpvm run --trace` and `--stats`: per-instruction tracing to stderr (formatted with the
//! disassembler's argument reprs) and instruction counts.

use std::cell::{Cell, RefCell};

use rpvm_loader::dis::argrepr;
use rpvm_loader::instr::RawInstr;
use rpvm_object::protocols::repr::repr;
use rpvm_object::Vm;

use crate::frame::Frame;

thread_local! {
    static TRACE: Cell<bool> = const { Cell::new(false) };
    static STATS: Cell<bool> = const { Cell::new(false) };
    static COUNTS: RefCell<Vec<u64>> = RefCell::new(vec![0; 256]);
}

/// Turns tracing and/or statistics on for this thread and tells `vm`'s eval loop.
pub fn configure(vm: &mut Vm, trace: bool, stats: bool) {
    TRACE.with(|t| t.set(trace));
    STATS.with(|s| s.set(stats));
    vm.tracing = trace || stats;
}

/// Whether the eval loop must call [`trace_instruction`] (tracing or counting is on).
#[inline]
pub fn enabled() -> bool {
    TRACE.with(|t| t.get()) || STATS.with(|s| s.get())
}

/// Executed-instruction counts by opcode number.
pub fn counts() -> Vec<u64> {
    COUNTS.with(|c| c.borrow().clone())
}

/// Called before each instruction when tracing or counting.
pub fn trace_instruction(vm: &mut Vm, frame: &Frame, unit: usize) {
    let code = &frame.code.code;
    let Some(instr) = code.instructions.get(unit) else {
        return;
    };
    if STATS.with(|s| s.get()) {
        COUNTS.with(|c| c.borrow_mut()[instr.op as u8 as usize] += 1);
    }
    if !TRACE.with(|t| t.get()) {
        return;
    }
    // The raw argument as `dis` shows it (jumps: the raw distance).
    let raw = &code.raw.code;
    let mut arg = raw.get(unit * 2 + 1).copied().unwrap_or(0) as u32;
    let mut k = unit;
    while k > 0 && raw.get((k - 1) * 2) == Some(&(rpvm_loader::Opcode::EXTENDED_ARG as u8)) {
        k -= 1;
        arg |= (raw.get(k * 2 + 1).copied().unwrap_or(0) as u32) << (8 * (unit - k));
    }
    let real_unit = if instr.op != rpvm_loader::Opcode::EXTENDED_ARG
        && raw.get(unit * 2) == Some(&(rpvm_loader::Opcode::EXTENDED_ARG as u8))
    {
        unit + (instr.skip as usize + 1 - 1 - instr.op.caches())
    } else {
        unit
    };
    let ri = RawInstr {
        offset: real_unit * 2,
        op: instr.op,
        arg: instr.op.has_arg().then_some(arg),
    };
    let ar = argrepr(code, &ri);
    let line = code
        .line_of_unit(unit)
        .map(|l| l.to_string())
        .unwrap_or_else(|| "-".into());
    let argtext = match ri.arg {
        Some(a) if ar.is_empty() => format!("{a}"),
        Some(a) => format!("{a} ({ar})"),
        None => String::new(),
    };
    let text = format!(
        "{:<20} {:>5} L{:<4} {:<24}{}\n",
        code.qualname(),
        ri.offset,
        line,
        instr.op.name(),
        argtext,
    );
    vm.stderr.write_str(&text);
}

/// Called after an instruction of `frame` completed: prints the value stack it left.
pub fn trace_stack(vm: &mut Vm, frame: &Frame) {
    if !TRACE.with(|t| t.get()) {
        return;
    }
    let mut stack = Vec::new();
    for v in &frame.stack {
        let s = if v.is_null() {
            "NULL".to_string()
        } else {
            repr(vm, v).unwrap_or_else(|_| "<?>".into())
        };
        stack.push(if s.chars().count() > 40 {
            format!("{}...", s.chars().take(37).collect::<String>())
        } else {
            s
        })
    }
    let text = format!("{:>28}stack: [{}]\n", "", stack.join(", "));
    vm.stderr.write_str(&text);
}
