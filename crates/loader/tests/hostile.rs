//! Hand-crafted hostile `.pyc` files: each must give the specific `LoadError` that describes it,
//! naming the byte offset, quickly, without a panic, a stack overflow or a huge allocation.

mod common;

use std::time::{Duration, Instant};

use common::{
    catch, error_problem, header, le32, m_bytes, m_int, m_str, m_tuple, on_stack, peak_alloc, pyc,
    python3, Code, Rng, TRIVIAL_CODE,
};
use num_bigint::BigInt;
use rpvm_loader::marshal::{self, MAX_DEPTH};
use rpvm_loader::{load_pyc, Constant, LoadError, Opcode};

/// The stack the nesting tests run on: a Rust test thread's default size.
const TWO_MIB: usize = 2 << 20;

/// Loads `file` on the current thread and checks what every error must satisfy: no panic, an
/// offset inside the file that the message names, a modest allocation and a quick answer.
fn load(file: &[u8]) -> Result<(), LoadError> {
    let start = Instant::now();
    let (result, peak) = peak_alloc(|| catch(|| load_pyc(file).map(drop)));
    let took = start.elapsed();
    let result = result.unwrap_or_else(|panic| panic!("load_pyc panicked: {panic}"));
    if let Err(e) = &result {
        if let Some(problem) = error_problem(e, file.len()) {
            panic!("{problem}");
        }
    }
    // A loaded file may legitimately take a few dozen times its size (decoded instructions,
    // locations); nothing may take more.
    let limit = 64 * file.len() + (4 << 20);
    assert!(
        peak <= limit,
        "loading {} bytes allocated {peak} bytes at once (limit {limit}): {result:?}",
        file.len()
    );
    assert!(
        took < Duration::from_secs(5),
        "loading {} bytes took {took:?}: {result:?}",
        file.len()
    );
    result
}

/// Loads `file`, expects an error, and checks that its message names `offset` as a byte offset.
fn load_err(file: &[u8]) -> LoadError {
    match load(file) {
        Ok(()) => panic!("a hostile file loaded"),
        Err(e) => e,
    }
}

/// Asserts that `e` is a `BadValue` at `offset` whose message contains `needle`.
#[track_caller]
fn assert_bad_value(e: &LoadError, offset: usize, needle: &str) {
    match e {
        LoadError::BadValue { offset: o, message } => {
            assert_eq!(*o, offset, "{e}");
            assert!(message.contains(needle), "{e} does not mention {needle:?}");
            assert!(e.to_string().contains(&format!("at byte {offset}")), "{e}");
        }
        other => panic!("expected BadValue mentioning {needle:?} at {offset}, got {other:?}"),
    }
}

/// Asserts that `e` is a `BadBytecode` at `offset` whose message contains `needle`.
#[track_caller]
fn assert_bad_bytecode(e: &LoadError, offset: usize, needle: &str) {
    match e {
        LoadError::BadBytecode {
            offset: o, message, ..
        } => {
            assert_eq!(*o, offset, "{e}");
            assert!(message.contains(needle), "{e} does not mention {needle:?}");
            assert!(
                e.to_string().contains(&format!("at offset {offset}")),
                "{e}"
            );
        }
        other => panic!("expected BadBytecode mentioning {needle:?} at {offset}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The header.

#[test]
fn empty_and_short_files() {
    assert_eq!(load(b""), Err(LoadError::TooShort { len: 0 }));
    assert!(load(b"").unwrap_err().to_string().contains("0 bytes"));
    assert_eq!(load(b"\xa7\r"), Err(LoadError::TooShort { len: 2 }));
    assert_eq!(load(&header()[..15]), Err(LoadError::TooShort { len: 15 }));
}

#[test]
fn header_only_file() {
    let e = load_err(&header());
    assert!(
        matches!(e, LoadError::Truncated { offset: 16, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("at byte 16"), "{e}");
}

#[test]
fn text_file() {
    let text = b"print('hello, world')\n".repeat(4);
    let e = load_err(&text);
    assert_eq!(e, LoadError::NotPyc { found: *b"prin" });
    assert!(e.to_string().contains("70 72 69 6e"), "{e}");
}

#[test]
fn other_python_versions() {
    let with_magic = |magic: u16| {
        let mut f = Code::new(TRIVIAL_CODE).pyc();
        f[..2].copy_from_slice(&magic.to_le_bytes());
        f
    };
    let cases: &[(u16, &str)] = &[
        (3531, "3.12"),
        (3439, "3.10"),
        (3413, "3.8"),
        (3494, "a 3.11 pre-release"),
        (62211, "2.x"), // 2.7
    ];
    for &(magic, version) in cases {
        let e = load_err(&with_magic(magic));
        assert_eq!(e, LoadError::WrongVersion { magic, version });
        assert_eq!(
            e.to_string(),
            format!(
                "compiled by CPython {version} (magic {magic}); rpvm runs CPython 3.11 bytecode"
            )
        );
    }
    assert_eq!(
        load_err(&with_magic(3531)).to_string(),
        "compiled by CPython 3.12 (magic 3531); rpvm runs CPython 3.11 bytecode"
    );
    // The version is recognised from the first four bytes alone.
    assert!(matches!(
        load_err(&with_magic(3531)[..4]),
        LoadError::WrongVersion { magic: 3531, .. }
    ));
    // A magic number that no CPython wrote, and a good one without "\r\n".
    assert!(matches!(
        load_err(&with_magic(1234)),
        LoadError::NotPyc { .. }
    ));
    let mut no_crlf = Code::new(TRIVIAL_CODE).pyc();
    no_crlf[2] = b'\n';
    assert!(matches!(load_err(&no_crlf), LoadError::NotPyc { .. }));
}

#[test]
fn flags() {
    let with_flags = |flags: u32| {
        let mut f = Code::new(TRIVIAL_CODE).pyc();
        f[4..8].copy_from_slice(&flags.to_le_bytes());
        f
    };
    for ok in [0, 1, 3] {
        load(&with_flags(ok)).unwrap_or_else(|e| panic!("flags {ok}: {e}"));
    }
    for bad in [2, 4, 5, 0x8000_0000, u32::MAX] {
        let e = load_err(&with_flags(bad));
        assert_eq!(e, LoadError::BadFlags { flags: bad });
        assert!(e.to_string().contains(&format!("{bad:#x}")), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Marshal data.

/// A valid encoding of one object of every marshal type (and a FLAG_REF form of each).
fn one_of_each_type() -> Vec<(&'static str, Vec<u8>)> {
    let with_len = |code: u8, payload: &[u8]| {
        let mut o = vec![code];
        o.extend_from_slice(&le32(payload.len() as i32));
        o.extend_from_slice(payload);
        o
    };
    let mut v: Vec<(&str, Vec<u8>)> = vec![
        ("None", b"N".to_vec()),
        ("False", b"F".to_vec()),
        ("True", b"T".to_vec()),
        ("StopIteration", b"S".to_vec()),
        ("Ellipsis", b".".to_vec()),
        ("int32", m_int(-7)),
        ("int64", [&b"I"[..], &(1i64 << 40).to_le_bytes()].concat()),
        ("long", b"l\x02\x00\x00\x00\xff\x7f\x01\x00".to_vec()),
        ("binary float", [&b"g"[..], &1.5f64.to_le_bytes()].concat()),
        ("text float", b"f\x031.5".to_vec()),
        (
            "binary complex",
            [&b"y"[..], &1.5f64.to_le_bytes(), &(-2.0f64).to_le_bytes()].concat(),
        ),
        ("text complex", b"x\x031.5\x04-2.0".to_vec()),
        ("bytes", with_len(b's', b"abc")),
        ("interned str", with_len(b't', "h\u{e9}".as_bytes())),
        ("str", with_len(b'u', "h\u{e9}".as_bytes())),
        ("ascii", with_len(b'a', b"abc")),
        ("interned ascii", with_len(b'A', b"abc")),
        ("short ascii", b"z\x03abc".to_vec()),
        ("short interned ascii", b"Z\x03abc".to_vec()),
        ("tuple", b"(\x02\x00\x00\x00NT".to_vec()),
        ("small tuple", b")\x02NT".to_vec()),
        ("list", b"[\x02\x00\x00\x00NT".to_vec()),
        ("dict", b"{NTz\x01kF0".to_vec()),
        ("set", b"<\x02\x00\x00\x00NT".to_vec()),
        ("frozenset", b">\x02\x00\x00\x00NT".to_vec()),
        ("code", Code::new(TRIVIAL_CODE).encode()),
        // A reference needs something to refer to: a tuple holding a FLAG_REF'd str and a
        // reference back to it.
        ("ref", b")\x02\xda\x01xr\x00\x00\x00\x00".to_vec()),
    ];
    let flagged: Vec<(&str, Vec<u8>)> = v
        .iter()
        .filter(|(name, _)| *name != "ref")
        .map(|(_, enc)| {
            let mut e = enc.clone();
            e[0] |= 0x80;
            ("FLAG_REF", e)
        })
        .collect();
    v.extend(flagged);
    v
}

#[test]
fn every_type_loads_and_every_truncation_fails() {
    for (name, enc) in one_of_each_type() {
        // Whole: a value, which is not a module, or a code object, which is.
        let whole = load(&pyc(&enc));
        if enc[0] & 0x7f == b'c' {
            whole.unwrap_or_else(|e| panic!("{name}: {e}"));
        } else {
            let e = whole.expect_err(name);
            assert_bad_value(&e, 16, "not a code object");
        }
        // Every truncation inside the object.
        for cut in 0..enc.len() {
            let file = pyc(&enc[..cut]);
            let e = load_err(&file);
            assert!(
                matches!(e, LoadError::Truncated { .. } | LoadError::BadLength { .. }),
                "{name} cut at {cut}: {e:?}"
            );
        }
    }
}

#[test]
fn huge_lengths_fail_fast_without_allocating() {
    for code in [b's', b't', b'u', b'a', b'A', b'(', b'[', b'<', b'>', b'l'] {
        for len in [0x7fff_ffff, 0x7fff_0000, 1 << 24] {
            for flag in [0, 0x80] {
                // A few bytes of payload follow, far fewer than the length claims.
                let mut body = vec![code | flag];
                body.extend_from_slice(&le32(len));
                body.extend_from_slice(b"NNNN");
                let e = load_err(&pyc(&body));
                assert_eq!(
                    e,
                    LoadError::BadLength {
                        offset: 17,
                        len: len as i64
                    },
                    "{:?}",
                    code as char
                );
                assert!(e.to_string().contains("at byte 17"), "{e}");
            }
        }
    }
    // One-byte lengths can only over-run the file.
    for code in [b'z', b'Z', b')', b'f', b'x'] {
        let e = load_err(&pyc(&[code, 0xff, b'N']));
        assert!(
            matches!(e, LoadError::Truncated { .. } | LoadError::BadLength { .. }),
            "{:?}: {e:?}",
            code as char
        );
    }
    // The same inside a code object: co_code claims 2 GiB.
    let mut c = Code::new(TRIVIAL_CODE);
    c.code = [&b"s"[..], &le32(0x7fff_ffff)].concat();
    let e = load_err(&c.pyc());
    assert_eq!(
        e,
        LoadError::BadLength {
            offset: 16 + 21 + 1,
            len: 0x7fff_ffff
        }
    );
}

#[test]
fn negative_lengths() {
    for code in [b's', b't', b'u', b'a', b'A', b'(', b'[', b'<', b'>'] {
        for len in [-1, -2, i32::MIN] {
            let mut body = vec![code];
            body.extend_from_slice(&le32(len));
            body.extend_from_slice(b"NNNN");
            let e = load_err(&pyc(&body));
            assert_eq!(
                e,
                LoadError::BadLength {
                    offset: 17,
                    len: len as i64
                },
                "{:?}",
                code as char
            );
        }
    }
    // A long's digit count is signed (the sign of the number); its size must still fit.
    let e = load_err(&pyc(b"l\x00\x00\x00\x80\x01\x00"));
    assert!(
        matches!(e, LoadError::BadLength { offset: 17, .. }),
        "{e:?}"
    );
    let e = load_err(&pyc(b"l\xfd\xff\xff\xff\x01\x00"));
    assert!(
        matches!(e, LoadError::BadLength { offset: 17, .. }),
        "{e:?}"
    );
}

#[test]
fn bad_longs() {
    // A digit with bit 15 set.
    let e = load_err(&pyc(b"l\x02\x00\x00\x00\x00\x80\x01\x00"));
    assert_bad_value(&e, 16, "digit out of range");
    // A most significant digit of zero.
    let e = load_err(&pyc(b"l\x02\x00\x00\x00\x01\x00\x00\x00"));
    assert_bad_value(&e, 16, "unnormalized");
    let e = load_err(&pyc(b"l\xff\xff\xff\xff\x00\x00"));
    assert_bad_value(&e, 16, "unnormalized");
}

#[test]
fn longs_match_python() {
    let values = "[0, 1, -1, 2**15 - 1, 2**15, -2**15, 2**30, -2**31, 2**62, 2**63 - 1, 2**63, \
                  -2**63, -2**63 - 1, 2**64, 3**200, -7**300, 10**1000 + 12345]";
    let printed = python3(&format!(
        "import marshal, sys; v = {values}; sys.stdout.write(marshal.dumps(tuple(v)).hex() + '\\n' + \
         '\\n'.join(map(str, v)))"
    ));
    let mut lines = printed.lines();
    let hex = lines.next().expect("marshal hex");
    let data: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect();
    let Constant::Tuple(items) = marshal::loads(&data, 0).expect("python's marshal loads") else {
        panic!("not a tuple");
    };
    let expected: Vec<&str> = lines.collect();
    assert_eq!(items.len(), expected.len());
    for (c, want) in items.iter().zip(expected) {
        let got = match c {
            Constant::Int(i) => i.to_string(),
            Constant::BigInt(b) => {
                assert!(
                    i64::try_from(&**b).is_err(),
                    "{b} fits in an i64 but was not made a Constant::Int"
                );
                b.to_string()
            }
            other => panic!("{other:?}"),
        };
        assert_eq!(got, want);
    }
}

#[test]
fn huge_long_loads_in_linear_time() {
    // 200_000 digits of 15 bits: a 3-million-bit int (CPython reads it in milliseconds).
    let n = 200_000;
    let mut body = vec![b'l'];
    body.extend_from_slice(&le32(-n));
    for _ in 0..n {
        body.extend_from_slice(&0x7fffu16.to_le_bytes());
    }
    let start = Instant::now();
    let c = marshal::loads(&body, 16).expect("a valid long");
    let took = start.elapsed();
    let Constant::BigInt(b) = c else {
        panic!("not a big int")
    };
    let one = BigInt::from(1u8);
    let want = -((&one << (15 * n as usize)) - &one);
    assert_eq!(*b, want);
    assert!(
        took < Duration::from_secs(2),
        "reading the long took {took:?}"
    );
}

#[test]
fn bad_references() {
    // Out of range, negative, and to slots that are reserved but not yet filled.
    let cases: Vec<(&str, Vec<u8>, usize, i64)> = vec![
        (
            "past the table",
            b")\x02\xda\x01xr\x05\x00\x00\x00".to_vec(),
            21,
            5,
        ),
        (
            "one past the end",
            b")\x02\xda\x01xr\x01\x00\x00\x00".to_vec(),
            21,
            1,
        ),
        ("empty table", b"r\x00\x00\x00\x00".to_vec(), 16, 0),
        (
            "negative",
            b")\x02\xda\x01xr\xff\xff\xff\xff".to_vec(),
            21,
            -1,
        ),
        (
            "i32::MIN",
            b")\x01r\x00\x00\x00\x80".to_vec(),
            18,
            i32::MIN as i64,
        ),
        (
            "huge",
            b")\x01r\xff\xff\xff\x7f".to_vec(),
            18,
            i32::MAX as i64,
        ),
        ("own tuple", b"\xa9\x01r\x00\x00\x00\x00".to_vec(), 18, 0),
        (
            "own list",
            b"\xdb\x01\x00\x00\x00r\x00\x00\x00\x00".to_vec(),
            21,
            0,
        ),
        (
            "own frozenset",
            b"\xbe\x01\x00\x00\x00r\x00\x00\x00\x00".to_vec(),
            21,
            0,
        ),
        ("own dict", b"\xfbNr\x00\x00\x00\x000".to_vec(), 18, 0),
    ];
    for (name, body, offset, index) in cases {
        let e = load_err(&pyc(&body));
        assert_eq!(e, LoadError::BadReference { offset, index }, "{name}");
        assert!(e.to_string().contains(&format!("at byte {offset}")), "{e}");
    }
    // A code object that refers to itself from its own constants.
    let mut c = Code::new(TRIVIAL_CODE);
    c.consts = m_tuple(&[b"r\x00\x00\x00\x00".to_vec()]);
    let file = pyc(&c.encode_as(b'c' | 0x80));
    let e = load_err(&file);
    assert!(
        matches!(e, LoadError::BadReference { index: 0, .. }),
        "{e:?}"
    );
    // A good reference, for contrast.
    let mut c = Code::new(TRIVIAL_CODE);
    c.consts = m_tuple(&[b"\xda\x01x".to_vec(), b"r\x00\x00\x00\x00".to_vec()]);
    load(&c.pyc()).expect("a valid back-reference");
}

#[test]
fn unknown_type_codes() {
    let known = b"0NFTS.iIlgfyxstuaAzZ()[{<>cr";
    let mut seen = 0;
    for byte in 0..=255u8 {
        let code = byte & 0x7f;
        if known.contains(&code) {
            continue;
        }
        seen += 1;
        let e = load_err(&pyc(&[byte, 0, 0, 0, 0]));
        assert_eq!(e, LoadError::UnknownType { offset: 16, code }, "{byte:#x}");
        assert!(e.to_string().contains("at byte 16"), "{e}");
        // The same as a constant deep inside a code object.
        let mut c = Code::new(TRIVIAL_CODE);
        c.consts = m_tuple(&[b"N".to_vec(), vec![byte]]);
        let e = load_err(&c.pyc());
        let at = 16 + 21 + c.code.len() + 5 + 1;
        assert_eq!(e, LoadError::UnknownType { offset: at, code }, "{byte:#x}");
    }
    assert_eq!(seen, 2 * (128 - known.len()));
    // NULL is only a dict terminator.
    assert_bad_value(&load_err(&pyc(b"0")), 16, "NULL");
}

#[test]
fn trailing_data() {
    let mut file = Code::new(TRIVIAL_CODE).pyc();
    let end = file.len();
    load(&file).expect("valid");
    file.extend_from_slice(b"N");
    let e = load_err(&file);
    assert_eq!(e, LoadError::TrailingData { offset: end });
    assert!(e.to_string().contains(&format!("at byte {end}")), "{e}");
    file.extend_from_slice(&[0; 1000]);
    assert_eq!(load_err(&file), LoadError::TrailingData { offset: end });
}

#[test]
fn module_that_is_not_code() {
    assert_bad_value(&load_err(&pyc(&m_int(5))), 16, "not a code object");
    assert_bad_value(&load_err(&pyc(&m_tuple(&[]))), 16, "not a code object");
}

#[test]
fn code_fields_of_the_wrong_type() {
    type Field = fn(&mut Code) -> &mut Vec<u8>;
    let fields: &[(&str, Field)] = &[
        ("co_code", |c| &mut c.code),
        ("co_consts", |c| &mut c.consts),
        ("co_names", |c| &mut c.names),
        ("co_localsplusnames", |c| &mut c.localsplusnames),
        ("co_localspluskinds", |c| &mut c.localspluskinds),
        ("co_filename", |c| &mut c.filename),
        ("co_name", |c| &mut c.name),
        ("co_qualname", |c| &mut c.qualname),
        ("co_linetable", |c| &mut c.linetable),
        ("co_exceptiontable", |c| &mut c.exceptiontable),
    ];
    for &(name, field) in fields {
        for wrong in [
            b"N".to_vec(),
            m_int(3),
            b"[\x00\x00\x00\x00".to_vec(),
            m_tuple(&[m_int(1)]),
        ] {
            let mut c = Code::new(TRIVIAL_CODE);
            *field(&mut c) = wrong.clone();
            // The right type for this field would be fine; skip it.
            if name == "co_consts" && wrong[0] == b'(' {
                continue;
            }
            let e = load_err(&c.pyc());
            assert_bad_value(&e, 16, name);
        }
    }
    // Tuples of names whose items are not strs.
    for (name, field) in [
        ("co_names", (|c| &mut c.names) as Field),
        ("co_localsplusnames", |c| &mut c.localsplusnames),
    ] {
        let mut c = Code::new(TRIVIAL_CODE);
        *field(&mut c) = m_tuple(&[m_str("x"), b"N".to_vec()]);
        c.localspluskinds = m_bytes(b"\x20\x20");
        assert_bad_value(&load_err(&c.pyc()), 16, name);
    }
    // A nested code object's error names the nested object's offset.
    let inner = Code {
        filename: b"N".to_vec(),
        ..Code::new(TRIVIAL_CODE)
    };
    let mut outer = Code::new(TRIVIAL_CODE);
    outer.consts = m_tuple(&[b"N".to_vec(), inner.encode()]);
    let at = 16 + 21 + outer.code.len() + 5 + 1;
    assert_bad_value(&load_err(&outer.pyc()), at, "co_filename");
}

#[test]
fn inconsistent_code_fields() {
    // localsplusnames and localspluskinds of different lengths.
    let mut c = Code::new(TRIVIAL_CODE);
    c.localsplusnames = m_tuple(&[m_str("a"), m_str("b")]);
    c.localspluskinds = m_bytes(b"\x20");
    assert_bad_value(&load_err(&c.pyc()), 16, "co_localspluskinds");
    c.localspluskinds = m_bytes(b"\x20\x20\x20");
    assert_bad_value(&load_err(&c.pyc()), 16, "co_localspluskinds");
    c.localspluskinds = m_bytes(b"\x20\x20");
    load(&c.pyc()).expect("consistent");
    // Negative counts.
    for (i, name) in [
        "co_argcount",
        "co_posonlyargcount",
        "co_kwonlyargcount",
        "co_stacksize",
    ]
    .iter()
    .enumerate()
    {
        let mut c = Code::new(TRIVIAL_CODE);
        c.ints[i] = -1;
        assert_bad_value(&load_err(&c.pyc()), 16, name);
    }
    // More arguments than local variables.
    let mut c = Code::new(TRIVIAL_CODE);
    c.ints[0] = 3;
    assert_bad_value(&load_err(&c.pyc()), 16, "arguments");
}

// ---------------------------------------------------------------------------------------------
// Nesting.

/// `depth` nested one-item containers opened by `open`, around `leaf`.
fn nest(open: &[u8], depth: usize, leaf: &[u8]) -> Vec<u8> {
    let mut v = open.repeat(depth);
    v.extend_from_slice(leaf);
    v
}

const OPENERS: &[(&str, &[u8])] = &[
    ("list", b"[\x01\x00\x00\x00"),
    ("tuple", b"(\x01\x00\x00\x00"),
    ("small tuple", b")\x01"),
    ("set", b"<\x01\x00\x00\x00"),
    ("frozenset", b">\x01\x00\x00\x00"),
    ("flagged list", b"\xdb\x01\x00\x00\x00"),
];

#[test]
fn hundred_thousand_nested_containers_are_too_deep() {
    on_stack(1 << 20, || {
        for &(name, open) in OPENERS {
            let file = pyc(&nest(open, 100_000, b"N"));
            let e = load_err(&file);
            let at = 16 + MAX_DEPTH * open.len();
            assert_eq!(e, LoadError::TooDeep { offset: at }, "{name}");
            assert!(e.to_string().contains(&format!("at byte {at}")), "{e}");
        }
        // Dicts nest through their values: {None: {None: ...}}.
        let file = pyc(&[b"{N".repeat(100_000), b"N".to_vec()].concat());
        assert_eq!(
            load_err(&file),
            LoadError::TooDeep {
                offset: 16 + 2 * MAX_DEPTH - 1
            }
        );
    });
}

/// A module whose only constant is `value`, which starts at depth 2 (module, consts tuple).
fn module_with_const(value: Vec<u8>) -> Vec<u8> {
    let mut c = Code::new(TRIVIAL_CODE);
    c.consts = m_tuple(&[value]);
    c.pyc()
}

/// `n` code objects, each the only constant of the one outside it.
fn nested_code(n: usize) -> Vec<u8> {
    let mut inner = Code::new(TRIVIAL_CODE).encode();
    for _ in 1..n {
        let mut c = Code::new(TRIVIAL_CODE);
        c.consts = m_tuple(&[inner]);
        inner = c.encode();
    }
    pyc(&inner)
}

#[test]
fn deepest_allowed_nesting_loads_on_a_2_mib_stack() {
    // A debug build, a 2 MiB thread (a test thread's default): reading and then dropping the
    // deepest structures marshal allows must fit.
    on_stack(TWO_MIB, || {
        // Module + consts tuple + 1997 containers + the leaf = 2000 nested objects.
        let fits = MAX_DEPTH - 3;
        for &(name, open) in OPENERS {
            load(&module_with_const(nest(open, fits, b"N")))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let e = load_err(&module_with_const(nest(open, fits + 1, b"N")));
            assert!(matches!(e, LoadError::TooDeep { .. }), "{name}: {e:?}");
        }
        let dicts = |n: usize| [b"{N".repeat(n), b"N".to_vec(), b"0".repeat(n)].concat();
        load(&module_with_const(dicts(fits))).expect("nested dicts");
        assert!(matches!(
            load_err(&module_with_const(dicts(fits + 1))),
            LoadError::TooDeep { .. }
        ));
        // Code objects nest two levels at a time (code, consts tuple).
        load(&nested_code(MAX_DEPTH / 2 - 1)).expect("nested code objects");
        assert!(matches!(
            load_err(&nested_code(MAX_DEPTH / 2)),
            LoadError::TooDeep { .. }
        ));
    });
}

#[test]
fn references_cannot_build_deeper_structures() {
    // Chains of nested small tuples; each chain's innermost item is a reference to the previous
    // chain. Each chain alone is within the limit, but together they would nest 100 times
    // deeper, and dropping (or walking) such a value recurses once per level.
    on_stack(TWO_MIB, || {
        let chain_len = MAX_DEPTH - 100;
        let chains: Vec<Vec<u8>> = (0..100)
            .map(|i| {
                let leaf = if i == 0 {
                    b"N".to_vec()
                } else {
                    [&b"r"[..], &le32(i - 1)].concat()
                };
                let mut v = vec![b')' | 0x80, 1];
                v.extend_from_slice(&nest(b")\x01", chain_len - 1, &leaf));
                v
            })
            .collect();
        let mut c = Code::new(TRIVIAL_CODE);
        c.consts = m_tuple(&chains);
        let e = load_err(&c.pyc());
        assert!(matches!(e, LoadError::TooDeep { .. }), "{e:?}");
        // Short chains that stay within the limit together are fine.
        let chains: Vec<Vec<u8>> = (0..100)
            .map(|i| {
                let leaf = if i == 0 {
                    b"N".to_vec()
                } else {
                    [&b"r"[..], &le32(i - 1)].concat()
                };
                let mut v = vec![b')' | 0x80, 1];
                v.extend_from_slice(&nest(b")\x01", 9, &leaf));
                v
            })
            .collect();
        let mut c = Code::new(TRIVIAL_CODE);
        c.consts = m_tuple(&chains);
        load(&c.pyc()).expect("shallow shared chains");
    });
}

#[test]
fn nested_huge_counts_do_not_reserve_memory() {
    // 2000 nested tuples, each claiming as many items as there are bytes left in a 1 MB file:
    // every count passes the "could the rest of the file hold it" check, so a reader that
    // reserves `count` slots up front reserves 2000 * 1 MB * size_of::<Constant>().
    let padding = 1 << 20;
    let depth = MAX_DEPTH - 1;
    let mut body = Vec::new();
    for level in 0..depth {
        let remaining = (depth - level - 1) * 5 + padding;
        body.push(b'(');
        body.extend_from_slice(&le32(remaining as i32));
    }
    body.extend(std::iter::repeat_n(b'?', padding));
    let file = pyc(&body);
    let (e, peak) = peak_alloc(|| load_err(&file));
    assert!(matches!(e, LoadError::UnknownType { .. }), "{e:?}");
    assert!(
        peak < 16 << 20,
        "{depth} nested tuples reserved {peak} bytes"
    );
}

#[test]
fn shared_bytecode_cannot_multiply_work() {
    // 300 code objects whose co_code is one shared 200 KB bytes object (a back-reference):
    // decoding it once per code object would take 300 times the time and memory the file
    // size suggests.
    let units = 100_000;
    let shared = [
        &[b's' | 0x80][..],
        &le32(2 * units as i32),
        &[9u8, 0].repeat(units),
    ]
    .concat();
    let mut consts = vec![shared];
    for _ in 0..300 {
        let mut c = Code::new(TRIVIAL_CODE);
        c.code = b"r\x00\x00\x00\x00".to_vec();
        consts.push(c.encode());
    }
    let mut module = Code::new(TRIVIAL_CODE);
    module.consts = m_tuple(&consts);
    let e = load_err(&module.pyc());
    assert!(matches!(e, LoadError::BadValue { .. }), "{e:?}");
    // A few sharers are fine.
    consts.truncate(3);
    module.consts = m_tuple(&consts);
    load(&module.pyc()).expect("a little sharing");
}

// ---------------------------------------------------------------------------------------------
// Bytecode.

/// A module running `co_code` with constants (None,), names ("x",) and fast locals ("a",).
fn module(co_code: &[u8]) -> Code {
    let mut c = Code::new(co_code);
    c.names = m_tuple(&[m_str("x")]);
    c.localsplusnames = m_tuple(&[m_str("a")]);
    c.localspluskinds = m_bytes(b"\x20");
    c
}

fn bytecode_err(co_code: &[u8]) -> LoadError {
    load_err(&module(co_code).pyc())
}

const LOAD_CONST: u8 = Opcode::LOAD_CONST as u8;
const RETURN_VALUE: u8 = Opcode::RETURN_VALUE as u8;
const RESUME: u8 = Opcode::RESUME as u8;
const EXTENDED_ARG: u8 = Opcode::EXTENDED_ARG as u8;

#[test]
#[rustfmt::skip]
fn valid_bytecode_baseline() {
    load(&module(TRIVIAL_CODE).pyc()).expect("the baseline loads");
    // Every kind of indexed argument, in range.
    let code = [
        RESUME, 0,
        Opcode::LOAD_NAME as u8, 0,
        Opcode::POP_TOP as u8, 0,
        Opcode::LOAD_GLOBAL as u8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        Opcode::POP_TOP as u8, 0,
        Opcode::LOAD_FAST as u8, 0,
        Opcode::POP_TOP as u8, 0,
        Opcode::JUMP_FORWARD as u8, 0,
        EXTENDED_ARG, 0,
        LOAD_CONST, 0,
        RETURN_VALUE, 0,
    ];
    load(&module(&code).pyc()).expect("valid arguments");
}

#[test]
fn unknown_opcode() {
    let unknown: Vec<u8> = (0..=255u8)
        .filter(|&b| Opcode::from_u8(b).is_none())
        .collect();
    assert!(!unknown.is_empty());
    for op in unknown {
        let e = bytecode_err(&[RESUME, 0, op, 0, LOAD_CONST, 0, RETURN_VALUE, 0]);
        assert_bad_bytecode(&e, 2, &format!("unknown opcode {op}"));
    }
}

#[test]
#[rustfmt::skip]
fn arguments_out_of_range() {
    let cases: &[(&str, Vec<u8>, usize)] = &[
        ("co_consts", vec![RESUME, 0, LOAD_CONST, 1, RETURN_VALUE, 0], 2),
        ("co_consts", vec![RESUME, 0, EXTENDED_ARG, 1, LOAD_CONST, 0, RETURN_VALUE, 0], 4),
        ("co_names", vec![RESUME, 0, Opcode::LOAD_NAME as u8, 1, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        (
            "co_names",
            [&[RESUME, 0, Opcode::LOAD_GLOBAL as u8, 3][..], &[0; 10], &[LOAD_CONST, 0, RETURN_VALUE, 0]]
                .concat(),
            2,
        ),
        ("fast locals", vec![RESUME, 0, Opcode::LOAD_FAST as u8, 1, RETURN_VALUE, 0], 2),
        ("fast locals", vec![RESUME, 0, Opcode::STORE_FAST as u8, 200, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        ("fast locals", vec![RESUME, 0, Opcode::LOAD_DEREF as u8, 1, RETURN_VALUE, 0], 2),
        ("fast locals", vec![Opcode::MAKE_CELL as u8, 9, RESUME, 0, LOAD_CONST, 0, RETURN_VALUE, 0], 0),
        (
            "comparison",
            vec![RESUME, 0, Opcode::COMPARE_OP as u8, 6, 0, 0, 0, 0, RETURN_VALUE, 0],
            2,
        ),
        ("binary operators", vec![RESUME, 0, Opcode::BINARY_OP as u8, 26, 0, 0, RETURN_VALUE, 0], 2),
    ];
    for (what, code, offset) in cases {
        let e = bytecode_err(code);
        assert_bad_bytecode(&e, *offset, what);
        assert_bad_bytecode(&e, *offset, "out of range");
    }
}

#[test]
#[rustfmt::skip]
fn jumps_outside_the_code() {
    let fwd = Opcode::JUMP_FORWARD as u8;
    let back = Opcode::JUMP_BACKWARD as u8;
    let cases: &[(Vec<u8>, usize)] = &[
        (vec![RESUME, 0, fwd, 100, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        // Exactly one past the last instruction.
        (vec![RESUME, 0, fwd, 2, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        (vec![RESUME, 0, back, 3, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        (vec![RESUME, 0, back, 255, LOAD_CONST, 0, RETURN_VALUE, 0], 2),
        (vec![RESUME, 0, EXTENDED_ARG, 255, EXTENDED_ARG, 255, back, 255, RETURN_VALUE, 0], 6),
        (
            vec![RESUME, 0, Opcode::POP_JUMP_FORWARD_IF_TRUE as u8, 50, LOAD_CONST, 0, RETURN_VALUE, 0],
            2,
        ),
    ];
    for (code, offset) in cases {
        assert_bad_bytecode(&bytecode_err(code), *offset, "jumps outside the code");
    }
    // The same jumps in range are fine.
    load(&module(&[RESUME, 0, fwd, 1, LOAD_CONST, 0, RETURN_VALUE, 0]).pyc()).expect("in range");
    load(&module(&[RESUME, 0, LOAD_CONST, 0, back, 2, RETURN_VALUE, 0]).pyc()).expect("in range");
}

#[test]
fn truncated_instructions() {
    // EXTENDED_ARG with nothing after it.
    let e = bytecode_err(&[RESUME, 0, LOAD_CONST, 0, RETURN_VALUE, 0, EXTENDED_ARG, 1]);
    assert_bad_bytecode(&e, 8, "EXTENDED_ARG");
    // An odd number of bytes.
    let e = bytecode_err(&[RESUME, 0, LOAD_CONST, 0, RETURN_VALUE, 0, RESUME]);
    assert_bad_bytecode(&e, 6, "odd length");
    // Instructions whose inline caches run past the end.
    let e = bytecode_err(&[RESUME, 0, Opcode::LOAD_GLOBAL as u8, 0, 0, 0]);
    assert_bad_bytecode(&e, 2, "cut off");
    let e = bytecode_err(&[RESUME, 0, LOAD_CONST, 0, Opcode::BINARY_OP as u8, 0]);
    assert_bad_bytecode(&e, 4, "cut off");
    let e = bytecode_err(&[RESUME, 0, Opcode::LOAD_METHOD as u8, 0, 0, 0, 0, 0, 0, 0]);
    assert_bad_bytecode(&e, 2, "cut off");
}

#[test]
fn long_extended_arg_runs() {
    // CPython's compiler writes at most three EXTENDED_ARGs; a crafted file can write any
    // number. Each one folds into the instruction, and the instruction slots record how many
    // code units to skip in a u8: runs too long for that must be rejected, not truncated.
    for n in [3, 100, 253] {
        let mut code = vec![RESUME, 0];
        code.extend([EXTENDED_ARG, 0].repeat(n));
        code.extend([LOAD_CONST, 0, RETURN_VALUE, 0]);
        load(&module(&code).pyc()).unwrap_or_else(|e| panic!("{n} EXTENDED_ARGs: {e}"));
    }
    let mut code = vec![RESUME, 0];
    code.extend([EXTENDED_ARG, 0].repeat(300));
    code.extend([LOAD_CONST, 0, RETURN_VALUE, 0]);
    assert_bad_bytecode(&bytecode_err(&code), 2, "EXTENDED_ARG");
}

#[test]
fn exception_table_target_outside_the_code() {
    // One entry: start 0, size 1, target 50 (code units), depth 0.
    let mut c = module(TRIVIAL_CODE);
    c.exceptiontable = m_bytes(&[0x80, 1, 50, 0]);
    assert_bad_value(&load_err(&c.pyc()), 16, "exception table");
    // The largest target a varint can give (u32::MAX code units; its byte offset overflows
    // u32).
    c.exceptiontable = m_bytes(&[0x80, 1, 0x43, 0x7f, 0x7f, 0x7f, 0x7f, 0x3f, 0]);
    assert_bad_value(&load_err(&c.pyc()), 16, "exception table");
    c.exceptiontable = m_bytes(&[0x80, 1, 2, 0]);
    load(&c.pyc()).expect("a handler inside the code");
}

/// Encodes `v` as a location-table varint (6-bit chunks, least significant first).
fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while v >= 64 {
        out.push(0x40 | (v & 63) as u8);
        v >>= 6;
    }
    out.push(v as u8);
    out
}

#[test]
fn hostile_line_numbers() {
    // Long-form entries (code 14) that move the line by about ±2**62 each, so the running line
    // number reaches the ends of the i64 range, followed by entries of every other form.
    let up = [
        &[0x80 | (14 << 3)][..],
        &varint(u64::MAX >> 1 & !1),
        &[0, 1, 1],
    ]
    .concat();
    let down = [
        &[0x80 | (14 << 3)][..],
        &varint(u64::MAX >> 1 | 1),
        &[0, 1, 1],
    ]
    .concat();
    let one_line = |code: u8| vec![0x80 | (code << 3), 0, 1];
    let no_columns = [&[0x80 | (13 << 3)][..], &varint(u64::MAX >> 1)].concat();
    let short = vec![0x80 | (3 << 3), 0x12];
    let mut table = Vec::new();
    for part in [
        &up,
        &up,
        &up,
        &one_line(12),
        &one_line(11),
        &short,
        &no_columns,
    ] {
        table.extend_from_slice(part);
    }
    for part in [
        &down,
        &down,
        &down,
        &down,
        &one_line(10),
        &one_line(12),
        &short,
        &no_columns,
    ] {
        table.extend_from_slice(part);
    }
    let mut co_code = vec![RESUME, 0];
    co_code.extend([9, 0].repeat(16));
    co_code.extend([LOAD_CONST, 0, RETURN_VALUE, 0]);
    let mut c = module(&co_code);
    c.linetable = m_bytes(&table);
    for firstlineno in [1, i32::MAX, i32::MIN, -1] {
        c.firstlineno = firstlineno;
        load(&c.pyc()).unwrap_or_else(|e| panic!("firstlineno {firstlineno}: {e}"));
    }
}

#[test]
fn garbage_tables_never_panic() {
    let co_code = [
        RESUME,
        0,
        9,
        0,
        9,
        0,
        9,
        0,
        9,
        0,
        LOAD_CONST,
        0,
        RETURN_VALUE,
        0,
    ];
    let mut rng = Rng::new(7);
    for i in 0..3000 {
        let len = rng.below(40);
        let garbage: Vec<u8> = (0..len).map(|_| rng.byte()).collect();
        let mut c = module(&co_code);
        c.firstlineno = [1, 0, -5, i32::MAX, i32::MIN][i % 5];
        if i % 2 == 0 {
            // The location table is advisory: garbage only loses locations.
            c.linetable = m_bytes(&garbage);
            load(&c.pyc()).unwrap_or_else(|e| panic!("line table {garbage:?}: {e}"));
        } else {
            c.exceptiontable = m_bytes(&garbage);
            if let Err(e) = load(&c.pyc()) {
                assert_bad_value(&e, 16, "exception table");
            }
        }
    }
}

#[test]
fn python_made_bad_bytecode() {
    // CPython builds these itself (code.replace does not validate co_code); its marshal
    // writes them and rpvm must reject them at load time.
    let script = r#"
import importlib._bootstrap_external as b, sys
base = compile("x = 1\nprint(x)\n", "t.py", "exec")
for code in [bytes([151, 0, 100, 7, 83, 0]), bytes([151, 0, 101, 9, 83, 0]),
             bytes([151, 0, 110, 40, 83, 0]), bytes([151, 0, 100, 0, 83, 0, 144, 1])]:
    print(bytes(b._code_to_timestamp_pyc(base.replace(co_code=code), 0, 0)).hex())
print(bytes(b._code_to_timestamp_pyc(base, 0, 0)).hex())
"#;
    let out = python3(script);
    let files: Vec<Vec<u8>> = out
        .lines()
        .map(|hex| {
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect()
        })
        .collect();
    assert_eq!(files.len(), 5);
    assert_bad_bytecode(&load_err(&files[0]), 2, "co_consts");
    assert_bad_bytecode(&load_err(&files[1]), 2, "co_names");
    assert_bad_bytecode(&load_err(&files[2]), 2, "jumps outside the code");
    assert_bad_bytecode(&load_err(&files[3]), 8, "EXTENDED_ARG");
    load(&files[4]).expect("the unmodified module");
}
