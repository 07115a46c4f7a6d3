//! Tests for the formatting module: hand-written spot checks plus drivers for the tables in
//! `tests_generated.rs` (produced by `tools/gen_format_cases.py` from CPython 3.11).

use std::str::FromStr;

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::tests_generated::{self as gen, Args, A};
use super::*;

fn res_string(r: Result<String, FormatError>) -> (bool, String) {
    match r {
        Ok(s) => (true, s),
        Err(e) => (false, format!("{}: {}", e.kind().name(), e)),
    }
}

fn big(s: &str) -> BigInt {
    BigInt::from_str(s).expect("test table holds valid integers")
}

#[test]
fn repr_spot_checks() {
    let cases: &[(f64, &str)] = &[
        (0.1, "0.1"),
        (1e16, "1e+16"),
        (1.5e-7, "1.5e-07"),
        (123456789012345.0, "123456789012345.0"),
        (1234567890123456.8, "1234567890123456.8"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "nan"),
        (-f64::NAN, "nan"),
        (-0.0, "-0.0"),
        (0.0, "0.0"),
        (1e-5, "1e-05"),
        (0.0001, "0.0001"),
        (1e22, "1e+22"),
        (1e23, "1e+23"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9999999999999998.0, "9999999999999998.0"),
        (100.0, "100.0"),
    ];
    for &(x, want) in cases {
        assert_eq!(float_repr(x), want, "repr({:e})", x);
        assert_eq!(float_str(x), want);
    }
}

#[test]
fn rounding_spot_checks() {
    let f = |x: f64, s: &str| format_float_spec(x, s, "float").expect("valid spec");
    assert_eq!(f(0.125, ".2f"), "0.12");
    assert_eq!(f(0.375, ".2f"), "0.38");
    assert_eq!(f(2.675, ".2f"), "2.67");
    assert_eq!(f(0.5, ".0f"), "0");
    assert_eq!(f(1.5, ".0f"), "2");
    assert_eq!(f(2.5, ".0f"), "2");
    assert_eq!(f(1.0, ".3"), "1.0");
    assert_eq!(f(1e20, ""), "1e+20");
    assert_eq!(f(1.5, ""), "1.5");
    assert_eq!(
        f(1.0 / 3.0, ".60f"),
        "0.333333333333333314829616256247390992939472198486328125000000"
    );
    assert_eq!(f(1234567.0, "020,.2f"), "0,000,001,234,567.00");
}

#[test]
fn int_spot_checks() {
    let f = |v: i64, s: &str| format_int_spec(&BigInt::from(v), s, "int");
    assert_eq!(f(1234, "010,").as_deref(), Ok("00,001,234"));
    assert_eq!(f(255, "#X").as_deref(), Ok("0XFF"));
    assert_eq!(f(-255, "#_b").as_deref(), Ok("-0b1111_1111"));
    assert_eq!(f(65, "c").as_deref(), Ok("A"));
    let e = f(1, ".2").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ValueError);
    assert_eq!(
        e.to_string(),
        "Precision not allowed in integer format specifier"
    );
    let e = f(1, "q").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Unknown format code 'q' for object of type 'int'"
    );
    let e = format_float_spec(1.0, "d", "float").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Unknown format code 'd' for object of type 'float'"
    );
    assert_eq!(int_to_base_string(&BigInt::from(-31), 16, true), "-0x1f");
    assert_eq!(int_to_base_string(&BigInt::from(0), 2, true), "0b0");
    assert_eq!(int_to_base_string(&BigInt::from(8), 8, true), "0o10");
    assert_eq!(int_to_base_string(&BigInt::from(35), 99, false), "35");
}

#[test]
fn str_spot_checks() {
    let f = |v: &str, s: &str| res_string(format_str_spec(v, s, "str"));
    assert_eq!(f("ab", "05"), (true, "ab000".to_string()));
    assert_eq!(
        f("h\u{e9}llo", "*^9.3"),
        (true, "***h\u{e9}l***".to_string())
    );
    assert_eq!(
        f("s", ","),
        (
            false,
            "ValueError: Cannot specify ',' with 's'.".to_string()
        )
    );
    assert_eq!(
        f("s", "+"),
        (
            false,
            "ValueError: Sign not allowed in string format specifier".to_string()
        )
    );
    assert_eq!(
        f("s", "#"),
        (
            false,
            "ValueError: Alternate form (#) not allowed in string format specifier".to_string()
        )
    );
    assert_eq!(
        f("s", "="),
        (
            false,
            "ValueError: '=' alignment not allowed in string format specifier".to_string()
        )
    );
    assert_eq!(
        f("s", "."),
        (
            false,
            "ValueError: Format specifier missing precision".to_string()
        )
    );
    assert_eq!(
        f("s", "99999999999999999999"),
        (
            false,
            "ValueError: Too many decimal digits in format string".to_string()
        )
    );
}

#[test]
fn huge_width_is_memory_error_not_abort() {
    let r = format_str_spec("x", "999999999999999999", "str");
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::MemoryError));
    let r = format_int_spec(&BigInt::from(1), "999999999999999999", "int");
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::MemoryError));
    let r = format_int_spec(&BigInt::from(1), "0999999999999999999,", "int");
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::MemoryError));
    let r = format_float_spec(1.5, "0999999999999999999_", "float");
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::MemoryError));
    let r = match parse_percent_spec("%999999999999999999d", 1, false) {
        Ok(PercentDirective::Spec(s)) => percent_format_int(&BigInt::from(1), &s),
        other => panic!("unexpected {:?}", other),
    };
    assert_eq!(r.map_err(|e| e.kind()), Err(ErrorKind::MemoryError));
}

#[test]
fn unicode_digits_in_spec() {
    assert_eq!(unicode_decimal_value('\u{663}'), Some(3));
    assert_eq!(unicode_decimal_value('\u{1fbf9}'), Some(9));
    assert_eq!(unicode_decimal_value('\u{1fbfa}'), None);
    assert_eq!(unicode_decimal_value('a'), None);
    assert_eq!(
        format_int_spec(&BigInt::from(1), "\u{663}", "int").as_deref(),
        Ok("  1")
    );
}

#[test]
fn table_float_repr() {
    for &(b, want) in gen::FLOAT_REPR {
        let x = f64::from_bits(b);
        assert_eq!(float_repr(x), want, "repr of bits {:#018x}", b);
    }
}

#[test]
fn table_complex_repr() {
    for &(r, i, want) in gen::COMPLEX_REPR {
        let got = complex_repr(f64::from_bits(r), f64::from_bits(i));
        assert_eq!(got, want, "complex repr {:#018x} {:#018x}", r, i);
    }
}

#[test]
fn table_float_format() {
    for &(b, spec, ok, want) in gen::FLOAT_FORMAT {
        let got = res_string(format_float_spec(f64::from_bits(b), spec, "float"));
        assert_eq!(
            got,
            (ok, want.to_string()),
            "format({:#018x}, {:?})",
            b,
            spec
        );
    }
}

#[test]
fn table_long_float_format() {
    for &(b, spec, before, zeros, after) in gen::LONG_FLOAT_FORMAT {
        let want = format!("{}{}{}", before, "0".repeat(zeros), after);
        let got = format_float_spec(f64::from_bits(b), spec, "float");
        assert_eq!(
            got.as_deref(),
            Ok(want.as_str()),
            "format({:#018x}, {:?})",
            b,
            spec
        );
    }
}

#[test]
fn table_int_format() {
    for &(v, type_name, spec, ok, want) in gen::INT_FORMAT {
        let got = if spec.is_empty() && type_name == "bool" {
            (true, if v == "0" { "False" } else { "True" }.to_string())
        } else {
            res_string(format_int_spec(&big(v), spec, type_name))
        };
        assert_eq!(got, (ok, want.to_string()), "format({}, {:?})", v, spec);
    }
}

#[test]
fn table_str_format() {
    for &(v, spec, ok, want) in gen::STR_FORMAT {
        let got = res_string(format_str_spec(v, spec, "str"));
        assert_eq!(got, (ok, want.to_string()), "format({:?}, {:?})", v, spec);
    }
}

#[test]
fn table_complex_format() {
    for &(r, i, spec, ok, want) in gen::COMPLEX_FORMAT {
        let got = res_string(format_complex_spec(
            f64::from_bits(r),
            f64::from_bits(i),
            spec,
            "complex",
        ));
        assert_eq!(
            got,
            (ok, want.to_string()),
            "format(complex({:#018x}, {:#018x}), {:?})",
            r,
            i,
            spec
        );
    }
}

#[test]
fn table_int_base() {
    for &(v, base, alt, want) in gen::INT_BASE {
        assert_eq!(
            int_to_base_string(&big(v), base, alt),
            want,
            "{} base {}",
            v,
            base
        );
    }
}

#[test]
fn table_int_to_float() {
    for &(v, ok, b) in gen::INT_TO_FLOAT {
        let got = bigint_to_f64(&big(v));
        if ok {
            assert_eq!(got.map(f64::to_bits), Ok(b), "float({})", v);
        } else {
            assert_eq!(got, Err(FormatError::IntTooLargeForFloat), "float({})", v);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A reference driver for `str % args`, following the algorithm documented in `percent.rs`.
// The argument model is tiny (int, bool, float, str) but the control flow is CPython's.

fn py_str(a: A) -> String {
    match a {
        A::I(s) => s.to_string(),
        A::B(b) => if b { "True" } else { "False" }.to_string(),
        A::F(b) => float_repr(f64::from_bits(b)),
        A::S(s) => s.to_string(),
    }
}

/// `repr()`/`ascii()` of a str, enough for the test strings (printable text).
fn py_str_repr(s: &str, ascii: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if ascii && (c as u32) > 0x7f => {
                let u = c as u32;
                if u <= 0xff {
                    out.push_str(&format!("\\x{:02x}", u));
                } else if u <= 0xffff {
                    out.push_str(&format!("\\u{:04x}", u));
                } else {
                    out.push_str(&format!("\\U{:08x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn py_repr(a: A, ascii: bool) -> String {
    match a {
        A::S(s) => py_str_repr(s, ascii),
        other => py_str(other),
    }
}

fn type_name(a: A) -> &'static str {
    match a {
        A::I(_) => "int",
        A::B(_) => "bool",
        A::F(_) => "float",
        A::S(_) => "str",
    }
}

fn as_int(a: A) -> Option<BigInt> {
    match a {
        A::I(s) => Some(big(s)),
        A::B(b) => Some(BigInt::from(b as u8)),
        _ => None,
    }
}

/// `fmt % args`; errors are rendered as "Kind: message".
fn percent_driver(fmt: &str, args: Args) -> Result<String, String> {
    let ferr = |e: FormatError| format!("{}: {}", e.kind().name(), e);
    let type_error = |m: &str| format!("TypeError: {}", m);
    let not_enough = || type_error("not enough arguments for format string");
    type Dict = &'static [(&'static str, A)];
    let (mut items, dict): (Vec<A>, Option<Dict>) = match args {
        Args::Tuple(t) => (t.to_vec(), None),
        Args::Dict(d) => (Vec::new(), Some(d)),
    };
    // With a dict operand, the dict itself is the single "argument" until a key is used.
    let mut dict_arg_used = false;
    let mut idx = 0usize;
    let mut out = String::new();
    let mut pos = 0usize;
    while pos < fmt.len() {
        let Some(off) = fmt[pos..].find('%') else {
            out.push_str(&fmt[pos..]);
            break;
        };
        out.push_str(&fmt[pos..pos + off]);
        let start = pos + off + 1;
        let mut next_arg = |items: &Vec<A>, idx: &mut usize| -> Result<Option<A>, String> {
            if dict.is_some() && items.is_empty() {
                // The dict itself (not representable as A): only valid for %s-like, unused here.
                if dict_arg_used {
                    return Err(not_enough());
                }
                dict_arg_used = true;
                return Ok(None);
            }
            let a = items.get(*idx).copied().ok_or_else(not_enough)?;
            *idx += 1;
            Ok(Some(a))
        };
        let directive = match parse_percent_spec(fmt, start, dict.is_some()) {
            Ok(d) => d,
            Err(e) => {
                for _ in 0..e.stars_before {
                    match next_arg(&items, &mut idx)? {
                        Some(a) if as_int(a).is_some() => {}
                        _ => return Err(type_error("* wants int")),
                    }
                }
                return Err(ferr(e.error));
            }
        };
        let mut spec = match directive {
            PercentDirective::Literal { end } => {
                out.push('%');
                pos = end;
                continue;
            }
            PercentDirective::Spec(s) => s,
        };
        if let (Some(key), Some(d)) = (&spec.key, dict) {
            let v = d
                .iter()
                .find(|(k, _)| k == key)
                .map(|&(_, v)| v)
                .ok_or_else(|| format!("KeyError: '{}'", key))?;
            items = vec![v];
            idx = 0;
        }
        if spec.width_star {
            let w = next_arg(&items, &mut idx)?
                .and_then(as_int)
                .ok_or_else(|| type_error("* wants int"))?;
            spec.set_star_width(&w).map_err(ferr)?;
        }
        if spec.precision_star {
            let p = next_arg(&items, &mut idx)?
                .and_then(as_int)
                .ok_or_else(|| type_error("* wants int"))?;
            spec.set_star_precision(&p).map_err(ferr)?;
        }
        let v = next_arg(&items, &mut idx)?.ok_or_else(|| "unsupported: dict arg".to_string())?;
        let piece = match spec.conversion {
            's' => percent_format_str(&py_str(v), &spec),
            'r' => percent_format_str(&py_repr(v, false), &spec),
            'a' => percent_format_str(&py_repr(v, true), &spec),
            'c' => {
                let ch = match v {
                    A::S(s) if s.chars().count() == 1 => s.chars().next().unwrap_or('\0'),
                    A::I(_) | A::B(_) => {
                        percent_char_from_int(&as_int(v).unwrap_or_default()).map_err(ferr)?
                    }
                    _ => return Err(type_error("%c requires int or char")),
                };
                percent_format_str(ch.encode_utf8(&mut [0; 4]), &spec)
            }
            c @ ('d' | 'i' | 'u' | 'o' | 'x' | 'X') => {
                let n = match v {
                    A::F(b) if !matches!(c, 'o' | 'x' | 'X') => {
                        let f = f64::from_bits(b).trunc();
                        BigInt::from_str(&format!("{:.0}", f)).unwrap_or_else(|_| BigInt::zero())
                    }
                    _ => match as_int(v) {
                        Some(n) => n,
                        None => {
                            let what = if matches!(c, 'o' | 'x' | 'X') {
                                "an integer"
                            } else {
                                "a real number"
                            };
                            return Err(type_error(&format!(
                                "%{} format: {} is required, not {}",
                                c,
                                what,
                                type_name(v)
                            )));
                        }
                    },
                };
                percent_format_int(&n, &spec)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match v {
                    A::F(b) => f64::from_bits(b),
                    A::S(_) => {
                        return Err(type_error(&format!(
                            "must be real number, not {}",
                            type_name(v)
                        )))
                    }
                    _ => bigint_to_f64(&as_int(v).unwrap_or_default()).map_err(ferr)?,
                };
                percent_format_float(x, &spec)
            }
            _ => Err(spec.unsupported_error(fmt)),
        }
        .map_err(ferr)?;
        out.push_str(&piece);
        if dict.is_some() && idx < items.len() {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
        pos = spec.end;
    }
    if dict.is_none() && idx < items.len() {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

#[test]
fn table_percent() {
    for &(fmt, args, ok, want) in gen::PERCENT {
        let got = match percent_driver(fmt, args) {
            Ok(s) => (true, s),
            Err(s) => (false, s),
        };
        assert_eq!(got, (ok, want.to_string()), "{:?} % {:?}", fmt, args);
    }
}

#[test]
fn percent_parse_details() {
    let spec = |fmt: &str| match parse_percent_spec(fmt, 1, true) {
        Ok(PercentDirective::Spec(s)) => s,
        other => panic!("unexpected {:?}", other),
    };
    let s = spec("%(na(m)e)-+ #0*.*lx!");
    assert_eq!(s.key.as_deref(), Some("na(m)e"));
    assert!(s.flags.left && s.flags.sign && s.flags.blank && s.flags.alt && s.flags.zero);
    assert!(s.width_star && s.precision_star);
    assert_eq!(s.conversion, 'x');
    assert_eq!(&"%(na(m)e)-+ #0*.*lx!"[s.end..], "!");
    assert_eq!(
        parse_percent_spec("%%x", 1, false),
        Ok(PercentDirective::Literal { end: 2 })
    );
    let e = parse_percent_spec("%*.*", 1, false).unwrap_err();
    assert_eq!(e.stars_before, 2);
    assert_eq!(e.error, FormatError::IncompleteFormat);
    let e = parse_percent_spec("%(a)s", 1, false).unwrap_err();
    assert_eq!(e.error.kind(), ErrorKind::TypeError);
    assert_eq!(e.error.to_string(), "format requires a mapping");
    // Out-of-range start offsets never panic.
    assert!(parse_percent_spec("%", 5, false).is_err());
    assert!(parse_percent_spec("\u{e9}", 1, false).is_err());
    let mut s = spec("%*d");
    assert_eq!(
        s.set_star_width(&(BigInt::from(1) << 70u32)),
        Err(FormatError::IntTooLargeForSsize)
    );
    assert_eq!(
        s.set_star_precision(&(BigInt::from(1) << 40u32)),
        Err(FormatError::IntTooLargeForCInt)
    );
    assert_eq!(BigInt::from(3).to_i32(), Some(3));
}

#[test]
fn no_panics_on_arbitrary_specs() {
    // A small deterministic fuzz over spec characters: every call must return, never panic.
    let alphabet: Vec<char> = "<>^=+- z#0123456789,_.%eEfFgGnbcdoxXs\u{0}\u{e9}\u{663}*()hl"
        .chars()
        .collect();
    let mut state: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let vals = [0.0, -0.0, 1.5, -1e300, f64::NAN, f64::INFINITY, 5e-324];
    for _ in 0..20000 {
        let len = (next() % 8) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        if s.contains("99999") {
            continue; // keep widths/precisions small enough to stay fast
        }
        let x = vals[(next() % vals.len() as u64) as usize];
        let _ = format_float_spec(x, &s, "float");
        let _ = format_int_spec(&BigInt::from(-12345), &s, "int");
        let _ = format_str_spec("h\u{e9}llo", &s, "str");
        let _ = format_complex_spec(x, -x, &s, "complex");
        let pf = format!("%{}", s);
        if let Ok(PercentDirective::Spec(sp)) = parse_percent_spec(&pf, 1, true) {
            let _ = percent_format_int(&BigInt::from(-42), &sp);
            let _ = percent_format_float(x, &sp);
            let _ = percent_format_str("abc", &sp);
        }
    }
}
