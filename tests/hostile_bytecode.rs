//! Crafted bytecode must never crash the VM: every sample is mutated (bytes of its code
//! objects flipped, deterministically) and run through the `rpvm` binary. A mutated program
//! may fail to load, raise, loop or exit — but it must never panic (exit 101 / 70, or
//! "panicked" on stderr) or die from a signal such as a stack overflow.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Runs the binary on `pyc`; returns a description of a crash, or None.
fn crashes(pyc: &Path) -> Option<String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rpvm"))
        .arg("run")
        .arg(pyc)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rpvm");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            break None; // a mutated program may legitimately loop forever
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().unwrap_or_default();
    let status = status?;
    if stderr.contains("panicked") {
        return Some(format!(
            "panic: {}",
            stderr
                .lines()
                .find(|l| l.contains("panicked"))
                .unwrap_or("")
        ));
    }
    match status.code() {
        Some(101) | Some(70) => Some(format!(
            "exit {:?}: {}",
            status.code(),
            stderr.lines().last().unwrap_or("")
        )),
        None => Some("killed by a signal (stack overflow or abort)".into()),
        _ => None,
    }
}

#[test]
fn mutated_samples_never_crash_the_vm() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pyc-samples");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("pyc-samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pyc"))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "sample corpus missing");
    let tmp = std::env::temp_dir().join(format!("rpvm-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let mut rng = XorShift(0x9e3779b97f4a7c15);
    let mut failures = Vec::new();
    let mut runs = 0;
    for (k, path) in names.iter().enumerate().filter(|(k, _)| k % 3 == 0) {
        let data = std::fs::read(path).expect("read sample");
        for round in 0..6 {
            let mut m = data.clone();
            // The module's co_code sits at a fixed place: header (16), type byte, five int32
            // fields, then 's' + int32 length. Even rounds mutate it (valid marshal, hostile
            // bytecode for the eval loop); odd rounds flip bytes anywhere.
            let code_len = u32::from_le_bytes([m[38], m[39], m[40], m[41]]) as usize;
            let code_ok = m[37] & 0x7f == b's' && 42 + code_len <= m.len() && code_len > 0;
            for _ in 0..1 + rng.next() % 4 {
                let i = if round % 2 == 0 && code_ok {
                    42 + (rng.next() as usize) % code_len
                } else {
                    16 + (rng.next() as usize) % (m.len() - 16)
                };
                m[i] ^= 1 << (rng.next() % 8);
            }
            let out = tmp.join(format!("m{k}_{round}.pyc"));
            std::fs::write(&out, &m).expect("write mutant");
            runs += 1;
            if let Some(why) = crashes(&out) {
                failures.push(format!("{} round {round}: {why}", path.display()));
            }
        }
    }
    std::fs::remove_dir_all(&tmp).ok();
    assert!(runs >= 50);
    assert!(
        failures.is_empty(),
        "the VM crashed on crafted bytecode:\n{}",
        failures.join("\n")
    );
}
