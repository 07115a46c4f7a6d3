//! Helpers shared by the loader's integration tests: a marshal writer for hand-made inputs, a
//! per-thread allocation counter, a panic catcher that remembers where the panic happened,
//! a small deterministic PRNG and the check every `LoadError` must pass.
//!
//! Each test binary includes this module with `mod common;`, so each gets its own counting
//! global allocator.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Once;

use rpvm_loader::LoadError;

// ---------------------------------------------------------------------------------------------
// Allocation accounting (per thread, so concurrently running tests do not disturb each other).

/// A global allocator that counts the bytes each thread has live and its peak.
pub struct CountingAlloc;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn account(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        account(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Runs `f` and returns its result and the most bytes this thread had allocated at once while
/// it ran (above what was live when it started).
pub fn peak_alloc<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let start = LIVE.with(|l| l.get());
    PEAK.with(|p| p.set(start));
    let r = f();
    let peak = PEAK.with(|p| p.get());
    (r, (peak - start).max(0) as usize)
}

// ---------------------------------------------------------------------------------------------
// Running code on a thread with a small stack, catching panics with their location.

/// Runs `f` on a new thread with a `stack`-byte stack and returns its result. A stack overflow
/// aborts the whole test binary, which fails the test run.
pub fn on_stack<R: Send + 'static>(stack: usize, f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn a test thread")
        .join()
        .unwrap_or_else(|e| panic::resume_unwind(e))
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Installs (once per process) a panic hook that records the message and location in a
/// thread-local instead of printing, so [`catch`] can report where a panic came from. Panics
/// outside [`catch`] still reach the test harness (and their message is printed by it).
fn install_hook() {
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "non-string panic payload".to_string()
            };
            let recorded = LAST_PANIC
                .try_with(|p| {
                    let mut p = p.borrow_mut();
                    if p.is_some() {
                        *p = Some(format!("{message} at {location}"));
                        true
                    } else {
                        false
                    }
                })
                .unwrap_or(false);
            if !recorded {
                default(info);
            }
        }));
    });
}

/// Calls `f`, turning a panic into `Err("message at file:line:col")`.
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_hook();
    // `Some("")` marks "inside catch": the hook records instead of printing.
    LAST_PANIC.with(|p| *p.borrow_mut() = Some(String::new()));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    let msg = LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_default();
    r.map_err(|_| msg)
}

// ---------------------------------------------------------------------------------------------
// Checking errors.

/// The byte offset an error names, and whether it is a file offset (`true`) or an offset inside
/// `co_code` (`false`). Header errors name no offset.
pub fn error_offset(e: &LoadError) -> Option<(usize, bool)> {
    match e {
        LoadError::TooShort { .. }
        | LoadError::NotPyc { .. }
        | LoadError::WrongVersion { .. }
        | LoadError::BadFlags { .. } => None,
        LoadError::Truncated { offset, .. }
        | LoadError::UnknownType { offset, .. }
        | LoadError::BadLength { offset, .. }
        | LoadError::BadReference { offset, .. }
        | LoadError::TooDeep { offset }
        | LoadError::BadValue { offset, .. }
        | LoadError::TrailingData { offset } => Some((*offset, true)),
        LoadError::BadBytecode { offset, .. } => Some((*offset, false)),
    }
}

/// What every error for a `len`-byte file must satisfy: a marshal error names a file offset
/// inside the marshal data (16..=len) and its message says "at byte N"; a bytecode error's
/// message says "at offset N". Returns a description of the problem, if any.
pub fn error_problem(e: &LoadError, len: usize) -> Option<String> {
    let text = e.to_string();
    if text.is_empty() {
        return Some(format!("{e:?} has an empty message"));
    }
    match error_offset(e) {
        None => {
            if len >= 16 && matches!(e, LoadError::TooShort { .. }) {
                return Some(format!("TooShort for a {len}-byte file"));
            }
            None
        }
        Some((offset, true)) => {
            if offset < 16 || offset > len {
                Some(format!(
                    "{e:?}: offset {offset} outside the marshal data (16..={len})"
                ))
            } else if !text.contains(&format!("at byte {offset}")) {
                Some(format!(
                    "{e:?}: message {text:?} does not name byte {offset}"
                ))
            } else {
                None
            }
        }
        Some((offset, false)) => {
            if !text.contains(&format!("at offset {offset}")) {
                Some(format!(
                    "{e:?}: message {text:?} does not name offset {offset}"
                ))
            } else {
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A deterministic PRNG (xorshift64*).

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }
}

/// FNV-1a, to derive a per-file seed from its name.
pub fn fnv(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

// ---------------------------------------------------------------------------------------------
// Writing marshal data and .pyc files by hand.

/// The 16-byte header of a timestamp-based CPython 3.11 `.pyc`.
pub fn header() -> Vec<u8> {
    let mut h = vec![0xa7, 0x0d, 0x0d, 0x0a];
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(&0u32.to_le_bytes());
    h.extend_from_slice(&0u32.to_le_bytes());
    h
}

/// A `.pyc` file: the 3.11 header followed by `body`.
pub fn pyc(body: &[u8]) -> Vec<u8> {
    let mut v = header();
    v.extend_from_slice(body);
    v
}

pub fn le32(v: i32) -> [u8; 4] {
    v.to_le_bytes()
}

/// `i`: an int32.
pub fn m_int(v: i32) -> Vec<u8> {
    let mut o = vec![b'i'];
    o.extend_from_slice(&le32(v));
    o
}

/// `s`: a bytes object.
pub fn m_bytes(b: &[u8]) -> Vec<u8> {
    let mut o = vec![b's'];
    o.extend_from_slice(&le32(b.len() as i32));
    o.extend_from_slice(b);
    o
}

/// `z`: a short ASCII str.
pub fn m_str(s: &str) -> Vec<u8> {
    assert!(s.is_ascii() && s.len() < 256);
    let mut o = vec![b'z', s.len() as u8];
    o.extend_from_slice(s.as_bytes());
    o
}

/// `(`: a tuple of already-encoded items.
pub fn m_tuple(items: &[Vec<u8>]) -> Vec<u8> {
    let mut o = vec![b'('];
    o.extend_from_slice(&le32(items.len() as i32));
    for i in items {
        o.extend_from_slice(i);
    }
    o
}

/// A code object, each object field already marshal-encoded so a test can put anything there.
#[derive(Clone, Debug)]
pub struct Code {
    /// argcount, posonlyargcount, kwonlyargcount, stacksize, flags.
    pub ints: [i32; 5],
    pub code: Vec<u8>,
    pub consts: Vec<u8>,
    pub names: Vec<u8>,
    pub localsplusnames: Vec<u8>,
    pub localspluskinds: Vec<u8>,
    pub filename: Vec<u8>,
    pub name: Vec<u8>,
    pub qualname: Vec<u8>,
    pub firstlineno: i32,
    pub linetable: Vec<u8>,
    pub exceptiontable: Vec<u8>,
}

/// RESUME 0; LOAD_CONST 0; RETURN_VALUE
pub const TRIVIAL_CODE: &[u8] = &[151, 0, 100, 0, 83, 0];

impl Code {
    /// A valid module code object running `co_code`, with `consts = (None,)` and no names.
    pub fn new(co_code: &[u8]) -> Code {
        Code {
            ints: [0, 0, 0, 1, 0],
            code: m_bytes(co_code),
            consts: m_tuple(&[b"N".to_vec()]),
            names: m_tuple(&[]),
            localsplusnames: m_tuple(&[]),
            localspluskinds: m_bytes(b""),
            filename: m_str("t.py"),
            name: m_str("<module>"),
            qualname: m_str("<module>"),
            firstlineno: 1,
            linetable: m_bytes(b""),
            exceptiontable: m_bytes(b""),
        }
    }

    /// The code object with `type_byte` as its type code (`c`, or `c | FLAG_REF`).
    pub fn encode_as(&self, type_byte: u8) -> Vec<u8> {
        let mut o = vec![type_byte];
        for v in self.ints {
            o.extend_from_slice(&le32(v));
        }
        for f in [
            &self.code,
            &self.consts,
            &self.names,
            &self.localsplusnames,
            &self.localspluskinds,
            &self.filename,
            &self.name,
            &self.qualname,
        ] {
            o.extend_from_slice(f);
        }
        o.extend_from_slice(&le32(self.firstlineno));
        o.extend_from_slice(&self.linetable);
        o.extend_from_slice(&self.exceptiontable);
        o
    }

    pub fn encode(&self) -> Vec<u8> {
        self.encode_as(b'c')
    }

    /// A whole `.pyc` whose module is this code object.
    pub fn pyc(&self) -> Vec<u8> {
        pyc(&self.encode())
    }
}

// ---------------------------------------------------------------------------------------------
// Locating things.

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `python3 -c CODE` and returns its stdout. Panics (failing the test) if python3 is
/// missing or fails: these tests need CPython 3.11 as their oracle.
pub fn python3(code: &str) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(code)
        .output()
        .unwrap_or_else(|e| panic!("these tests need python3 (CPython 3.11) on PATH: {e}"));
    assert!(
        out.status.success(),
        "python3 -c {code:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python3 printed UTF-8")
}
