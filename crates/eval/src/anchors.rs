//! The `~~~^^^` markers of 3.11 tracebacks (Python/traceback.c,
//! `extract_anchors_from_expr`): when the failing source segment is a single binary
//! operation, the operator is marked with `^` and the operands with `~`; when it is a
//! subscript, `[...]` is marked with `^` and the value with `~`.
//!
//! CPython parses the segment with its real parser; rpvm uses a small tokenizer and an
//! operator-precedence scan that recognise the same two shapes and give up (no anchors,
//! plain `^^^`) on anything else.

/// One token: its kind and its char range in the segment.
#[derive(Clone, Debug, PartialEq)]
struct Tok {
    text: String,
    start: usize,
    end: usize,
}

/// Splits `s` (as chars) into tokens, skipping whitespace. `None` if it cannot be tokenized
/// (an unterminated string, a comment...).
fn tokenize(s: &[char]) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = s.len();
    while i < n {
        let c = s[i];
        if c == ' ' || c == '\t' || c == '\x0c' {
            i += 1;
            continue;
        }
        if c == '#' || c == '\\' || c == '\n' {
            return None;
        }
        let start = i;
        if c.is_alphabetic() || c == '_' {
            while i < n && (s[i].is_alphanumeric() || s[i] == '_') {
                i += 1;
            }
            // String prefixes (r, b, f, u, rb, ...).
            if i < n && (s[i] == '\'' || s[i] == '"') && i - start <= 2 {
                i = skip_string(s, i)?;
            }
        } else if c.is_ascii_digit() || (c == '.' && i + 1 < n && s[i + 1].is_ascii_digit()) {
            while i < n
                && (s[i].is_alphanumeric()
                    || s[i] == '.'
                    || s[i] == '_'
                    || ((s[i] == '+' || s[i] == '-')
                        && matches!(s[i - 1], 'e' | 'E')
                        && !s[start..i].iter().any(|c| matches!(c, 'x' | 'X'))))
            {
                i += 1;
            }
        } else if c == '\'' || c == '"' {
            i = skip_string(s, i)?;
        } else {
            let three: String = s[i..(i + 3).min(n)].iter().collect();
            let two: String = s[i..(i + 2).min(n)].iter().collect();
            let len = if ["**=", "//=", ">>=", "<<=", "..."].contains(&three.as_str()) {
                3
            } else if [
                "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=",
                "%=", "&=", "|=", "^=", "@=",
            ]
            .contains(&two.as_str())
            {
                2
            } else {
                1
            };
            i += len;
        }
        out.push(Tok {
            text: s[start..i].iter().collect(),
            start,
            end: i,
        });
    }
    Some(out)
}

fn skip_string(s: &[char], mut i: usize) -> Option<usize> {
    let q = s[i];
    let n = s.len();
    let triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
    if triple {
        i += 3;
        while i + 2 < n {
            if s[i] == '\\' {
                i += 2;
                continue;
            }
            if s[i] == q && s[i + 1] == q && s[i + 2] == q {
                return Some(i + 3);
            }
            i += 1;
        }
        return None;
    }
    i += 1;
    while i < n {
        if s[i] == '\\' {
            i += 2;
            continue;
        }
        if s[i] == q {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

fn is_open(t: &str) -> bool {
    matches!(t, "(" | "[" | "{")
}

fn is_close(t: &str) -> bool {
    matches!(t, ")" | "]" | "}")
}

/// Binding power of a binary operator (higher binds tighter); `None` if not one.
fn binary_level(t: &str) -> Option<u8> {
    Some(match t {
        "|" => 1,
        "^" => 2,
        "&" => 3,
        "<<" | ">>" => 4,
        "+" | "-" => 5,
        "*" | "/" | "//" | "%" | "@" => 6,
        "**" => 8,
        _ => return None,
    })
}

/// Tokens that make the top-level expression something other than BinOp/Subscript.
fn stops_expression(t: &str) -> bool {
    matches!(
        t,
        "<" | ">"
            | "=="
            | ">="
            | "<="
            | "!="
            | "in"
            | "is"
            | "not"
            | "and"
            | "or"
            | "if"
            | "else"
            | "lambda"
            | ","
            | ":="
            | "="
            | ":"
            | "await"
            | "yield"
            | ";"
            | "->"
            | "for"
            | "async"
            | "+="
            | "-="
            | "*="
            | "/="
            | "//="
            | "%="
            | "**="
            | ">>="
            | "<<="
            | "&="
            | "|="
            | "^="
            | "@="
            | "return"
            | "del"
            | "assert"
            | "raise"
            | "import"
            | "from"
            | "global"
            | "pass"
    )
}

/// Whether a token ends an operand (so a following `+`/`-` is binary).
fn ends_operand(t: &Tok) -> bool {
    let s = t.text.as_str();
    is_close(s)
        || s.starts_with(|c: char| {
            c.is_alphanumeric() || c == '_' || c == '\'' || c == '"' || c == '.'
        }) && !matches!(
            s,
            "not" | "and" | "or" | "in" | "is" | "if" | "else" | "lambda" | "await"
        )
}

/// The char range of an operand's node: tokens `toks[a..b]`, without enclosing parentheses.
fn node_range(toks: &[Tok], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    loop {
        if b <= a {
            return None;
        }
        if toks[a].text == "(" && toks[b - 1].text == ")" && matching(toks, a) == Some(b - 1) {
            // A parenthesised tuple keeps its parentheses in the AST; other nodes do not.
            let inner_has_comma = depth0(toks, a + 1, b - 1).any(|i| toks[i].text == ",");
            if inner_has_comma || b - a == 2 {
                return Some((toks[a].start, toks[b - 1].end));
            }
            a += 1;
            b -= 1;
            continue;
        }
        return Some((toks[a].start, toks[b - 1].end));
    }
}

fn matching(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if is_open(&t.text) {
            depth += 1;
        } else if is_close(&t.text) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Indexes of the tokens in `a..b` at bracket depth 0 (relative to `a`).
fn depth0(toks: &[Tok], a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
    let mut depth = 0i32;
    (a..b).filter(move |&i| {
        let t = toks[i].text.as_str();
        let at0 = depth == 0 && !is_close(t);
        if is_open(t) {
            depth += 1;
        } else if is_close(t) {
            depth -= 1;
        }
        at0
    })
}

/// The anchors CPython computes for `segment`: `(left, right)` char offsets within it such
/// that `left..right` gets `^` and the rest `~`. `None` when CPython prints plain carets.
pub fn anchors(segment: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = segment.chars().collect();
    let toks = tokenize(&chars)?;
    if toks.is_empty() {
        return None;
    }
    // Brackets must balance, as they would for the parser to succeed.
    let mut depth = 0i32;
    for t in &toks {
        if is_open(&t.text) {
            depth += 1;
        } else if is_close(&t.text) {
            depth -= 1;
            if depth < 0 {
                return None;
            }
        }
    }
    if depth != 0 {
        return None;
    }
    let top: Vec<usize> = depth0(&toks, 0, toks.len()).collect();
    if top.iter().any(|&i| stops_expression(&toks[i].text)) {
        return None;
    }
    if toks[0].text == "*" || toks[0].text == "**" {
        return None;
    }
    // Binary operators at depth 0 (a `+`/`-`/`~` after an operator is unary).
    let mut binops: Vec<(usize, u8)> = Vec::new();
    for (k, &i) in top.iter().enumerate() {
        if let Some(level) = binary_level(&toks[i].text) {
            let prev_is_operand = k > 0 && ends_operand(&toks[top[k - 1]]) && top[k - 1] + 1 == i
                || (k > 0 && i > 0 && ends_operand(&toks[i - 1]));
            if prev_is_operand {
                binops.push((i, level));
            }
        }
    }
    if let Some(min_level) = binops.iter().map(|&(_, l)| l).min() {
        let starts_unary = matches!(toks[0].text.as_str(), "-" | "+" | "~");
        if starts_unary && min_level >= 7 {
            return None; // -a ** b is a UnaryOp
        }
        let op = if min_level == 8 {
            binops.iter().find(|&&(_, l)| l == min_level)?.0
        } else {
            binops.iter().rev().find(|&&(_, l)| l == min_level)?.0
        };
        let (_, left_end) = node_range(&toks, 0, op)?;
        let (right_start, _) = node_range(&toks, op + 1, toks.len())?;
        let mut result = None;
        let mut i = left_end;
        while i < right_start {
            let c = chars[i];
            if c == ' ' || c == '\t' || c == '\x0c' {
                i += 1;
                continue;
            }
            let mut right = i + 1;
            if i + 1 < right_start && !matches!(chars[i + 1], ' ' | '\t' | '\x0c') {
                right += 1;
            }
            result = Some((i, right));
            if i + 1 < right_start && c == ')' {
                i += 1;
                continue;
            }
            break;
        }
        return result;
    }
    // A subscript: the expression ends with `[...]` at depth 0 and is a primary.
    let last = toks.len() - 1;
    if toks[last].text != "]" {
        return None;
    }
    if matches!(toks[0].text.as_str(), "-" | "+" | "~") {
        return None;
    }
    let open = top.iter().rev().find(|&&i| toks[i].text == "[").copied()?;
    if open == 0 || matching(&toks, open) != Some(last) {
        return None; // a list display, not a subscript
    }
    Some((toks[open].start, toks[last].end))
}

#[cfg(test)]
mod tests {
    use super::anchors;

    fn marks(seg: &str) -> String {
        match anchors(seg) {
            None => "^".repeat(seg.chars().count()),
            Some((l, r)) => (0..seg.chars().count())
                .map(|i| if (l..r).contains(&i) { '^' } else { '~' })
                .collect(),
        }
    }

    #[test]
    fn shapes_match_cpython() {
        // Expected markers produced by CPython 3.11 tracebacks.
        assert_eq!(marks("1/0"), "~^~");
        assert_eq!(marks("a + b"), "~~^~~");
        assert_eq!(marks("x // y"), "~~^^~~");
        assert_eq!(marks("(a + b) * c"), "~~~~~~~~^~~");
        assert_eq!(marks("a[1]"), "~^^^");
        assert_eq!(marks("d['k']"), "~^^^^^");
        assert_eq!(marks("f(x)"), "^^^^");
        assert_eq!(marks("a < b"), "^^^^^");
        assert_eq!(marks("-a ** b"), "^^^^^^^");
        assert_eq!(marks("a + b * c"), "~~^~~~~~~");
        assert_eq!(marks("[1, 2][5]"), "~~~~~~^^^");
        assert_eq!(marks("x.y"), "^^^");
    }
}
