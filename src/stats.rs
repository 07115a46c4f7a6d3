//! The `--stats` report: instructions executed per opcode and per second.

use std::time::Duration;

use rpvm_loader::opcode::OPCODE_INFO;

/// Formats the statistics gathered by the eval loop during a run that took `elapsed`.
pub fn report(elapsed: Duration) -> String {
    let counts = rpvm_eval::trace::counts();
    let total: u64 = counts.iter().sum();
    let mut rows: Vec<(u64, &str)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(op, &c)| (c, OPCODE_INFO[op].map(|i| i.name).unwrap_or("?")))
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let secs = elapsed.as_secs_f64();
    let mut out = String::new();
    out.push_str("\n== rpvm statistics ==\n");
    out.push_str(&format!("instructions executed: {total}\n"));
    out.push_str(&format!(
        "calls (CALL + CALL_FUNCTION_EX): {}\n",
        counts[rpvm_loader::Opcode::CALL as usize]
            + counts[rpvm_loader::Opcode::CALL_FUNCTION_EX as usize]
    ));
    out.push_str(&format!("wall time: {:.3} s\n", secs));
    if secs > 0.0 {
        out.push_str(&format!(
            "instructions per second (with counting on): {:.0}\n",
            total as f64 / secs
        ));
    }
    out.push_str("per opcode, most frequent first:\n");
    for (c, name) in rows {
        let pct = if total > 0 {
            100.0 * c as f64 / total as f64
        } else {
            0.0
        };
        out.push_str(&format!("  {name:<28} {c:>12} {pct:>6.2}%\n"));
    }
    out
}
