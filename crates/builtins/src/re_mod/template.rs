//! Replacement templates (`re/_parser.py`'s `parse_template`) and `re.escape`.

use super::parse::{is_identifier, py_repr, ReError};

/// One piece of a parsed replacement template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Lit(String),
    /// The text of a group (empty when the group did not match).
    Group(usize),
}

fn err(msg: impl Into<String>, pos: usize) -> ReError {
    ReError {
        msg: msg.into(),
        pos: Some(pos),
        builtin: None,
    }
}

/// Parses `template` for a pattern with `groups` groups and the named groups `names`.
/// An unknown group name is an `IndexError` (as in CPython).
pub fn parse_template(
    template: &str,
    groups: usize,
    names: &[(String, usize)],
) -> Result<Vec<Piece>, ReError> {
    let src: Vec<char> = template.chars().collect();
    let mut out: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let flush = |lit: &mut String, out: &mut Vec<Piece>| {
        if !lit.is_empty() {
            out.push(Piece::Lit(std::mem::take(lit)));
        }
    };
    while i < src.len() {
        let c = src[i];
        if c != '\\' {
            lit.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = src.get(i + 1) else {
            return Err(err("bad escape (end of pattern)", src.len() - 1));
        };
        i += 2;
        match e {
            'g' => {
                if src.get(i) != Some(&'<') {
                    return Err(err("missing <", i));
                }
                i += 1;
                let start = i;
                while i < src.len() && src[i] != '>' {
                    i += 1;
                }
                let name: String = src[start..i].iter().collect();
                let n = name.chars().count();
                if i >= src.len() {
                    if name.is_empty() {
                        return Err(err("missing group name", i));
                    }
                    return Err(err("missing >, unterminated name", i - n));
                }
                i += 1; // '>'
                if name.is_empty() {
                    return Err(err("missing group name", i - 1));
                }
                let index = if is_identifier(&name) {
                    match names.iter().find(|(k, _)| *k == name) {
                        Some((_, g)) => *g,
                        None => {
                            return Err(ReError {
                                msg: format!("unknown group name {}", py_repr(&name)),
                                pos: None,
                                builtin: Some("IndexError"),
                            })
                        }
                    }
                } else if name.chars().all(|c| c.is_ascii_digit()) {
                    name.parse::<usize>().unwrap_or(usize::MAX)
                } else {
                    return Err(err(
                        format!("bad character in group name {}", py_repr(&name)),
                        i - n - 1,
                    ));
                };
                if index > groups {
                    return Err(err(format!("invalid group reference {index}"), i - n - 1));
                }
                flush(&mut lit, &mut out);
                out.push(Piece::Group(index));
            }
            '0' => {
                let mut v = 0u32;
                let mut k = 0;
                while k < 2 && i < src.len() && ('0'..='7').contains(&src[i]) {
                    v = v * 8 + (src[i] as u32 - '0' as u32);
                    i += 1;
                    k += 1;
                }
                lit.push(char::from_u32(v & 0xff).unwrap_or('\0'));
            }
            '1'..='9' => {
                let start = i - 1;
                let mut digits = e.to_string();
                if i < src.len() && src[i].is_ascii_digit() {
                    let d = src[i];
                    digits.push(d);
                    i += 1;
                    let oct = |c: char| ('0'..='7').contains(&c);
                    if oct(e) && oct(d) && i < src.len() && oct(src[i]) {
                        digits.push(src[i]);
                        i += 1;
                        let v = u32::from_str_radix(&digits, 8).unwrap_or(0);
                        if v > 0o377 {
                            return Err(err(
                                format!("octal escape value \\{digits} outside of range 0-0o377"),
                                i - digits.len() - 1,
                            ));
                        }
                        lit.push(char::from_u32(v).unwrap_or('\0'));
                        continue;
                    }
                }
                let index: usize = digits.parse().unwrap_or(usize::MAX);
                if index > groups {
                    return Err(err(format!("invalid group reference {index}"), start));
                }
                flush(&mut lit, &mut out);
                out.push(Piece::Group(index));
            }
            _ => {
                let ch = match e {
                    'a' => Some('\x07'),
                    'b' => Some('\x08'),
                    'f' => Some('\x0c'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\x0b'),
                    '\\' => Some('\\'),
                    _ => None,
                };
                match ch {
                    Some(ch) => lit.push(ch),
                    None if e.is_ascii_alphabetic() => {
                        return Err(err(format!("bad escape \\{e}"), i - 2));
                    }
                    None => {
                        lit.push('\\');
                        lit.push(e);
                    }
                }
            }
        }
    }
    flush(&mut lit, &mut out);
    Ok(out)
}

/// `re.escape` on text: CPython 3.11's `_special_chars_map`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let names = vec![("w".to_string(), 1)];
        assert_eq!(
            parse_template(r"<\1|\g<w>|\g<0>\n>", 1, &names),
            Ok(vec![
                Piece::Lit("<".into()),
                Piece::Group(1),
                Piece::Lit("|".into()),
                Piece::Group(1),
                Piece::Lit("|".into()),
                Piece::Group(0),
                Piece::Lit("\n>".into()),
            ])
        );
        assert_eq!(
            parse_template(r"\2", 1, &names).map_err(|e| (e.msg, e.pos)),
            Err(("invalid group reference 2".to_string(), Some(1)))
        );
        assert_eq!(escape("a.b c"), r"a\.b\ c");
    }
}
