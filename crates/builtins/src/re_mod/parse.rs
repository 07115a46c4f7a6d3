//! Python regular-expression syntax → fancy-regex syntax.
//!
//! A port of the parsing half of CPython 3.11's `re/_parser.py`: the same tokenizer (a
//! backslash and the next character form one token), the same grammar, the same error
//! messages and positions (code-point indexes into the pattern). Instead of building
//! `sre` opcodes it writes an equivalent fancy-regex pattern in which nothing depends on
//! fancy-regex's own flags or syntax quirks:
//!
//! * every group is a plain numbered group (names are kept here, in [`Translated::names`]),
//!   so `(?P<n>…)`, `(?P=n)` and `(?(n)…)` become `(…)`, `\N` and `(?(N)…)`;
//! * ASCII punctuation is written as `\x{HH}`, so no character is special by accident;
//! * `.`, `^`, `$` are written out for the DOTALL/MULTILINE state in force at that point
//!   (`$` without MULTILINE is `(?=\n?\z)`, Python's "end or before a final newline");
//! * `\d`, `\w`, `\s` (and `\b`) get Python's meaning: `\w` is `[\p{L}\p{N}_]` (Python's
//!   `str.isalnum()` or `_`), `\s` is `str.isspace()`'s set, and with ASCII they are ASCII
//!   classes (`\b` then becomes a look-around on `[0-9A-Za-z_]`);
//! * VERBOSE whitespace and comments are dropped here; IGNORECASE is passed on as `(?i)`
//!   (scoped flags as `(?i:…)` / `(?-i:…)`);
//! * `{,n}` becomes `{0,n}`; possessive repeats become atomic groups.
//!
//! Widths are tracked as CPython does, for `look-behind requires fixed-width pattern`.

/// `re.TEMPLATE` (accepted, no effect).
pub const TEMPLATE: u32 = 1;
/// `re.IGNORECASE`.
pub const IGNORECASE: u32 = 2;
/// `re.LOCALE`.
pub const LOCALE: u32 = 4;
/// `re.MULTILINE`.
pub const MULTILINE: u32 = 8;
/// `re.DOTALL`.
pub const DOTALL: u32 = 16;
/// `re.UNICODE`.
pub const UNICODE: u32 = 32;
/// `re.VERBOSE`.
pub const VERBOSE: u32 = 64;
/// `re.DEBUG`.
pub const DEBUG: u32 = 128;
/// `re.ASCII`.
pub const ASCII: u32 = 256;

const TYPE_FLAGS: u32 = ASCII | LOCALE | UNICODE;
const GLOBAL_FLAGS: u32 = DEBUG | TEMPLATE;
/// `_sre.MAXREPEAT`.
const MAXREPEAT: u64 = 4_294_967_295;
/// How deep groups may nest (two levels of `nested` per group) before the parser stops
/// with `RecursionError` instead of risking the native stack. CPython gets to about 490
/// groups; fancy-regex itself refuses patterns nested more than about 60 deep anyway.
const MAX_NESTING: usize = 200;
/// `_sre.MAXGROUPS` on 64-bit builds.
const MAXGROUPS: usize = 1_073_741_823;

/// A parse error: CPython's message and, when it has one, the position in the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReError {
    /// The message without the position (`missing ), unterminated subpattern`).
    pub msg: String,
    /// Code-point index into the pattern.
    pub pos: Option<usize>,
    /// Raised as this built-in exception instead of `re.error` (CPython raises
    /// `OverflowError` for huge repeat counts).
    pub builtin: Option<&'static str>,
}

impl ReError {
    fn at(msg: impl Into<String>, pos: usize) -> ReError {
        ReError {
            msg: msg.into(),
            pos: Some(pos),
            builtin: None,
        }
    }
}

/// The result of translating a pattern.
#[derive(Debug, Clone)]
pub struct Translated {
    /// The fancy-regex pattern.
    pub regex: String,
    /// The pattern's flags as `Pattern.flags` reports them (inline global flags included).
    pub flags: u32,
    /// The number of capturing groups.
    pub groups: usize,
    /// Group names in order of definition, with their numbers.
    pub names: Vec<(String, usize)>,
    /// For each group number, the capturing group that encloses it (for `lastindex`).
    pub parents: Vec<Option<usize>>,
}

/// (min, max) width in characters; `None` is unbounded.
type Width = (u64, Option<u64>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Something a repeat may follow.
    Atom,
    /// `^`, `$`, `\A`, `\b` ...: CPython's AT codes ("nothing to repeat").
    At,
    /// A repeat ("multiple repeat").
    Repeat,
}

#[derive(Debug)]
struct Item {
    text: String,
    kind: Kind,
    width: Width,
}

/// One token of CPython's tokenizer: a character, or a backslash and the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Char(char),
    Esc(char),
}

impl Tok {
    fn len(self) -> usize {
        match self {
            Tok::Char(_) => 1,
            Tok::Esc(_) => 2,
        }
    }

    fn text(self) -> String {
        match self {
            Tok::Char(c) => c.to_string(),
            Tok::Esc(c) => format!("\\{c}"),
        }
    }
}

struct Parser {
    src: Vec<char>,
    /// Index of the next token.
    index: usize,
    /// Flags from the arguments and inline global flags.
    flags: u32,
    /// Widths of groups 1..; `None` while a group is open. `widths[0]` is group 0.
    widths: Vec<Option<Width>>,
    names: Vec<(String, usize)>,
    lookbehind_groups: Option<usize>,
    grouprefpos: Vec<(usize, usize)>,
    /// The capturing groups open at this point, innermost last.
    open: Vec<usize>,
    parents: Vec<Option<usize>>,
}

fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

impl Parser {
    /// The next token without consuming it; an error for a trailing backslash.
    fn peek(&self) -> Result<Option<Tok>, ReError> {
        match self.src.get(self.index) {
            None => Ok(None),
            Some('\\') => match self.src.get(self.index + 1) {
                Some(&c) => Ok(Some(Tok::Esc(c))),
                None => Err(ReError::at(
                    "bad escape (end of pattern)",
                    self.src.len().saturating_sub(1),
                )),
            },
            Some(&c) => Ok(Some(Tok::Char(c))),
        }
    }

    fn get(&mut self) -> Result<Option<Tok>, ReError> {
        let t = self.peek()?;
        if let Some(t) = t {
            self.index += t.len();
            self.peek()?;
        }
        Ok(t)
    }

    /// `source.match(c)`.
    fn eat(&mut self, c: char) -> Result<bool, ReError> {
        if self.peek()? == Some(Tok::Char(c)) {
            self.index += 1;
            self.peek()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn next_is_digit(&self) -> bool {
        matches!(self.src.get(self.index), Some(c) if c.is_ascii_digit())
    }

    fn next_in(&self, set: fn(char) -> bool) -> bool {
        matches!(self.src.get(self.index), Some(&c) if set(c))
    }

    /// `source.error(msg, offset)`.
    fn err(&self, msg: impl Into<String>, offset: usize) -> ReError {
        ReError::at(msg, self.index.saturating_sub(offset))
    }

    /// `getwhile(n, charset)`.
    fn get_while(&mut self, n: usize, set: fn(char) -> bool) -> Result<String, ReError> {
        let mut out = String::new();
        for _ in 0..n {
            match self.src.get(self.index) {
                Some(&c) if set(c) => {
                    out.push(c);
                    self.index += 1;
                }
                _ => break,
            }
        }
        if !out.is_empty() {
            // CPython's tokenizer looks one token ahead after each step.
            self.peek()?;
        }
        Ok(out)
    }

    /// `getuntil(terminator, name)`.
    fn get_until(&mut self, term: char, name: &str) -> Result<String, ReError> {
        let mut out = String::new();
        loop {
            let t = self.get()?;
            match t {
                None => {
                    if out.is_empty() {
                        return Err(self.err(format!("missing {name}"), 0));
                    }
                    return Err(self.err(
                        format!("missing {term}, unterminated name"),
                        out.chars().count(),
                    ));
                }
                Some(Tok::Char(c)) if c == term => {
                    if out.is_empty() {
                        return Err(self.err(format!("missing {name}"), 1));
                    }
                    return Ok(out);
                }
                Some(t) => out.push_str(&t.text()),
            }
        }
    }

    fn check_group_name(&self, name: &str, offset: usize) -> Result<(), ReError> {
        if !is_identifier(name) {
            return Err(self.err(
                format!("bad character in group name {}", py_repr(name)),
                name.chars().count() + offset,
            ));
        }
        Ok(())
    }

    fn groups(&self) -> usize {
        self.widths.len()
    }

    fn check_group(&self, gid: usize) -> bool {
        gid < self.groups() && self.widths[gid].is_some()
    }

    fn check_lookbehind_group(&self, gid: usize) -> Result<(), ReError> {
        if let Some(lb) = self.lookbehind_groups {
            if !self.check_group(gid) {
                return Err(self.err("cannot refer to an open group", 0));
            }
            if gid >= lb {
                return Err(self.err(
                    "cannot refer to group defined in the same lookbehind subpattern",
                    0,
                ));
            }
        }
        Ok(())
    }

    fn group_width(&self, gid: usize) -> Width {
        self.widths.get(gid).copied().flatten().unwrap_or((0, None))
    }

    /// `_parse_sub`: an alternation.
    fn parse_sub(&mut self, flags: u32, verbose: bool, nested: usize) -> Result<Item, ReError> {
        if nested > MAX_NESTING {
            // CPython's recursive parser runs out of Python stack about here.
            return Err(ReError {
                msg: "maximum recursion depth exceeded".into(),
                pos: None,
                builtin: Some("RecursionError"),
            });
        }
        let mut branches = Vec::new();
        let mut verbose = verbose;
        let mut flags = flags;
        loop {
            let first = nested == 0 && branches.is_empty();
            branches.push(self.parse_seq(&mut flags, verbose, nested + 1, first)?);
            if !self.eat('|')? {
                break;
            }
            if nested == 0 {
                verbose = self.flags & VERBOSE != 0;
                flags |= self.flags;
            }
        }
        if branches.len() == 1 {
            return Ok(branches.pop().unwrap_or(Item {
                text: String::new(),
                kind: Kind::Atom,
                width: (0, Some(0)),
            }));
        }
        let mut lo = u64::MAX;
        let mut hi = Some(0u64);
        let mut parts = Vec::new();
        for b in branches {
            lo = lo.min(b.width.0);
            hi = match (hi, b.width.1) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            parts.push(b.text);
        }
        Ok(Item {
            text: parts.join("|"),
            kind: Kind::Atom,
            width: (lo, hi),
        })
    }

    /// `_parse`: a sequence up to `|`, `)` or the end. `flags` may gain inline global flags.
    fn parse_seq(
        &mut self,
        flags: &mut u32,
        verbose: bool,
        nested: usize,
        first: bool,
    ) -> Result<Item, ReError> {
        let mut verbose = verbose;
        let mut items: Vec<Item> = Vec::new();
        while let Some(this) = self.peek()? {
            if this == Tok::Char('|') || this == Tok::Char(')') {
                break;
            }
            self.index += this.len();
            self.peek()?;
            if verbose {
                if let Tok::Char(c) = this {
                    if is_python_space(c) {
                        continue;
                    }
                    if c == '#' {
                        loop {
                            match self.get()? {
                                None | Some(Tok::Char('\n')) => break,
                                _ => {}
                            }
                        }
                        continue;
                    }
                }
            }
            match this {
                Tok::Esc(c) => items.push(self.escape(c, *flags)?),
                Tok::Char('[') => items.push(self.class(*flags)?),
                Tok::Char(c @ ('*' | '+' | '?' | '{')) => {
                    if !self.repeat(c, &mut items)? {
                        items.push(literal('{')?);
                    }
                }
                Tok::Char('.') => items.push(Item {
                    text: if *flags & DOTALL != 0 {
                        "(?s:.)".into()
                    } else {
                        ".".into()
                    },
                    kind: Kind::Atom,
                    width: (1, Some(1)),
                }),
                Tok::Char('(') => {
                    if let Some(item) =
                        self.group(flags, &mut verbose, nested, first && items.is_empty())?
                    {
                        items.push(item);
                    }
                }
                Tok::Char('^') => items.push(at(if *flags & MULTILINE != 0 {
                    "(?m:^)"
                } else {
                    r"\A"
                })),
                Tok::Char('$') => items.push(at(if *flags & MULTILINE != 0 {
                    "(?m:$)"
                } else {
                    r"(?=\n?\z)"
                })),
                Tok::Char(c) => items.push(literal(c)?),
            }
        }
        let mut text = String::new();
        let mut lo = 0u64;
        let mut hi = Some(0u64);
        for it in items {
            text.push_str(&it.text);
            lo = lo.saturating_add(it.width.0);
            hi = match (hi, it.width.1) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            };
        }
        Ok(Item {
            text,
            kind: Kind::Atom,
            width: (lo, hi),
        })
    }

    /// A repeat character just read: applies it to the last item. `false` when a `{`
    /// does not start a repeat (it is then a literal).
    fn repeat(&mut self, this: char, items: &mut [Item]) -> Result<bool, ReError> {
        let here = self.index;
        let (min, max) = match this {
            '?' => (0, Some(1)),
            '*' => (0, None),
            '+' => (1, None),
            _ => {
                // `{`: a repeat only if `{digits,digits}` follows, else a literal.
                if self.src.get(self.index) == Some(&'}') {
                    return Ok(false);
                }
                let lo = self.get_while(usize::MAX, |c| c.is_ascii_digit())?;
                let hi = if self.eat(',')? {
                    Some(self.get_while(usize::MAX, |c| c.is_ascii_digit())?)
                } else {
                    None
                };
                if !self.eat('}')? {
                    self.index = here;
                    self.peek()?;
                    return Ok(false);
                }
                let big = |s: &str| -> Result<u64, ReError> {
                    match s.parse::<u64>() {
                        Ok(v) if v < MAXREPEAT => Ok(v),
                        _ => Err(ReError {
                            msg: "the repetition number is too large".into(),
                            pos: None,
                            builtin: Some("OverflowError"),
                        }),
                    }
                };
                let min = if lo.is_empty() { 0 } else { big(&lo)? };
                let max = match &hi {
                    None => Some(min),
                    Some(h) if h.is_empty() => None,
                    Some(h) => {
                        let m = big(h)?;
                        if m < min {
                            return Err(
                                self.err("min repeat greater than max repeat", self.index - here)
                            );
                        }
                        Some(m)
                    }
                };
                (min, max)
            }
        };
        let offset = self.index - here + 1;
        let Some(last) = items.last_mut() else {
            return Err(self.err("nothing to repeat", offset));
        };
        match last.kind {
            Kind::At => return Err(self.err("nothing to repeat", offset)),
            Kind::Repeat => return Err(self.err("multiple repeat", offset)),
            Kind::Atom => {}
        }
        let quant = match (min, max) {
            (0, None) => "*".to_string(),
            (1, None) => "+".to_string(),
            (0, Some(1)) => "?".to_string(),
            (m, None) => format!("{{{m},}}"),
            (m, Some(n)) if m == n => format!("{{{m}}}"),
            (m, Some(n)) => format!("{{{m},{n}}}"),
        };
        let lazy = self.eat('?')?;
        let possessive = !lazy && self.eat('+')?;
        let text = if last.width == (0, Some(0)) {
            // fancy-regex refuses to repeat an empty or zero-width item; repeating one is
            // the same as trying it at most once.
            match (last.text.is_empty(), min, lazy) {
                (true, _, _) => String::new(),
                (false, 0, false) => format!("(?:{}|)", last.text),
                (false, 0, true) => format!("(?:|{})", last.text),
                (false, _, _) => format!("(?:{})", last.text),
            }
        } else {
            let body = format!("(?:{}){quant}", last.text);
            if lazy {
                format!("{body}?")
            } else if possessive {
                format!("(?>{body})")
            } else {
                body
            }
        };
        let w = last.width;
        let hi = match (w.1, max) {
            (Some(0), _) => Some(0),
            (Some(a), Some(b)) => Some(a.saturating_mul(b)),
            _ => None,
        };
        *last = Item {
            text,
            kind: Kind::Repeat,
            width: (w.0.saturating_mul(min), hi),
        };
        Ok(true)
    }

    /// An escape outside a class (`_escape`).
    fn escape(&mut self, c: char, flags: u32) -> Result<Item, ReError> {
        let ascii = flags & ASCII != 0;
        let cat = |s: &str| Item {
            text: s.to_string(),
            kind: Kind::Atom,
            width: (1, Some(1)),
        };
        match c {
            'A' => return Ok(at(r"\A")),
            'Z' => return Ok(at(r"\z")),
            'b' => {
                return Ok(at(if ascii {
                    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
                } else {
                    r"\b"
                }))
            }
            'B' => {
                // `\B` never matches in an empty string in CPython (`SRE_AT_NON_BOUNDARY`),
                // hence the check for a character on either side.
                return Ok(at(if ascii {
                    r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))(?:(?<=(?s:.))|(?=(?s:.)))"
                } else {
                    r"\B(?:(?<=(?s:.))|(?=(?s:.)))"
                }));
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                return Ok(cat(&format!("[{}]", category(c, ascii))));
            }
            _ => {}
        }
        if let Some(ch) = simple_escape(c) {
            return literal(ch);
        }
        match c {
            'x' | 'u' | 'U' => literal(self.hex_escape(c)?),
            'N' => Err(self.named_escape()),
            '0' => {
                let digits = self.get_while(2, is_oct)?;
                literal(char_of(
                    u32::from_str_radix(&format!("0{digits}"), 8).unwrap_or(0),
                    self,
                )?)
            }
            '1'..='9' => {
                let mut esc = format!("\\{c}");
                if self.next_is_digit() {
                    let d = self.src[self.index];
                    self.index += 1;
                    self.peek()?;
                    esc.push(d);
                    if is_oct(c) && is_oct(d) && self.next_in(is_oct) {
                        esc.push(self.src[self.index]);
                        self.index += 1;
                        self.peek()?;
                        let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                        if v > 0o377 {
                            return Err(self.err(
                                format!("octal escape value {esc} outside of range 0-0o377"),
                                esc.len(),
                            ));
                        }
                        return literal(char_of(v, self)?);
                    }
                }
                let group: usize = esc[1..].parse().unwrap_or(0);
                if group < self.groups() {
                    if !self.check_group(group) {
                        return Err(self.err("cannot refer to an open group", esc.len()));
                    }
                    self.check_lookbehind_group(group)?;
                    return Ok(Item {
                        text: format!(r"(?:\{group})"),
                        kind: Kind::Atom,
                        width: self.group_width(group),
                    });
                }
                Err(self.err(format!("invalid group reference {group}"), esc.len() - 1))
            }
            c if c.is_ascii_alphabetic() => Err(self.err(format!("bad escape \\{c}"), 2)),
            c => literal(c),
        }
    }

    /// `\xHH`, `\uHHHH`, `\UHHHHHHHH` (the `x`/`u`/`U` already read).
    fn hex_escape(&mut self, c: char) -> Result<char, ReError> {
        let n = match c {
            'x' => 2,
            'u' => 4,
            _ => 8,
        };
        let digits = self.get_while(n, |c| c.is_ascii_hexdigit())?;
        let esc = format!("\\{c}{digits}");
        if digits.len() != n {
            return Err(self.err(format!("incomplete escape {esc}"), esc.len()));
        }
        let v = u32::from_str_radix(&digits, 16).unwrap_or(u32::MAX);
        if v > 0x10FFFF {
            return Err(self.err(format!("bad escape {esc}"), esc.len()));
        }
        char_of(v, self)
    }

    /// `\N{...}`: rpvm has no Unicode name table, so this is an error.
    fn named_escape(&mut self) -> ReError {
        match self.eat('{') {
            Ok(true) => {}
            Ok(false) => return self.err("missing {", 0),
            Err(e) => return e,
        }
        match self.get_until('}', "character name") {
            Ok(name) => self.err(
                format!(
                    "undefined character name {} (rpvm has no Unicode name table)",
                    py_repr(&name)
                ),
                name.chars().count() + 4,
            ),
            Err(e) => e,
        }
    }

    /// A character class after its `[` (`[` at `self.index - 1`).
    fn class(&mut self, flags: u32) -> Result<Item, ReError> {
        let here = self.index - 1;
        let ascii = flags & ASCII != 0;
        let negate = self.eat('^')?;
        let mut body = String::new();
        let mut any = false;
        loop {
            let Some(this) = self.get()? else {
                return Err(self.err("unterminated character set", self.index - here));
            };
            if this == Tok::Char(']') && any {
                break;
            }
            any = true;
            let code1 = match this {
                Tok::Esc(c) => self.class_escape(c, ascii)?,
                Tok::Char(c) => ClassItem::Lit(c),
            };
            if self.eat('-')? {
                let Some(that) = self.get()? else {
                    return Err(self.err("unterminated character set", self.index - here));
                };
                if that == Tok::Char(']') {
                    push_class_item(&mut body, &code1);
                    push_class_item(&mut body, &ClassItem::Lit('-'));
                    break;
                }
                let code2 = match that {
                    Tok::Esc(c) => self.class_escape(c, ascii)?,
                    Tok::Char(c) => ClassItem::Lit(c),
                };
                let msg = format!("bad character range {}-{}", this.text(), that.text());
                let off = this.len() + 1 + that.len();
                match (code1, code2) {
                    (ClassItem::Lit(lo), ClassItem::Lit(hi)) if lo <= hi => {
                        body.push_str(&class_char(lo));
                        body.push('-');
                        body.push_str(&class_char(hi));
                    }
                    _ => return Err(self.err(msg, off)),
                }
            } else {
                push_class_item(&mut body, &code1);
            }
        }
        Ok(Item {
            text: format!("[{}{body}]", if negate { "^" } else { "" }),
            kind: Kind::Atom,
            width: (1, Some(1)),
        })
    }

    /// An escape inside a class (`_class_escape`).
    fn class_escape(&mut self, c: char, ascii: bool) -> Result<ClassItem, ReError> {
        if c == 'b' {
            return Ok(ClassItem::Lit('\x08'));
        }
        if let Some(ch) = simple_escape(c) {
            return Ok(ClassItem::Lit(ch));
        }
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Ok(ClassItem::Cat(category(c, ascii))),
            'x' | 'u' | 'U' => Ok(ClassItem::Lit(self.hex_escape(c)?)),
            'N' => Err(self.named_escape()),
            '0'..='7' => {
                let digits = self.get_while(2, is_oct)?;
                let esc = format!("\\{c}{digits}");
                let v = u32::from_str_radix(&esc[1..], 8).unwrap_or(0);
                if v > 0o377 {
                    return Err(self.err(
                        format!("octal escape value {esc} outside of range 0-0o377"),
                        esc.len(),
                    ));
                }
                Ok(ClassItem::Lit(char_of(v, self)?))
            }
            c if c.is_ascii_alphanumeric() => Err(self.err(format!("bad escape \\{c}"), 2)),
            c => Ok(ClassItem::Lit(c)),
        }
    }

    /// A `(` just read. Returns `None` for comments and global flags.
    fn group(
        &mut self,
        flags: &mut u32,
        verbose: &mut bool,
        nested: usize,
        first: bool,
    ) -> Result<Option<Item>, ReError> {
        let start = self.index - 1;
        let mut capture = true;
        let mut name: Option<String> = None;
        let mut add = 0u32;
        let mut del = 0u32;
        let mut atomic = false;
        if self.eat('?')? {
            let Some(ch) = self.get()? else {
                return Err(self.err("unexpected end of pattern", 0));
            };
            match ch {
                Tok::Char('P') => {
                    if self.eat('<')? {
                        let n = self.get_until('>', "group name")?;
                        self.check_group_name(&n, 1)?;
                        name = Some(n);
                    } else if self.eat('=')? {
                        let n = self.get_until(')', "group name")?;
                        self.check_group_name(&n, 1)?;
                        let Some(gid) = self.lookup_name(&n) else {
                            return Err(self.err(
                                format!("unknown group name {}", py_repr(&n)),
                                n.chars().count() + 1,
                            ));
                        };
                        if !self.check_group(gid) {
                            return Err(
                                self.err("cannot refer to an open group", n.chars().count() + 1)
                            );
                        }
                        self.check_lookbehind_group(gid)?;
                        return Ok(Some(Item {
                            text: format!(r"(?:\{gid})"),
                            kind: Kind::Atom,
                            width: self.group_width(gid),
                        }));
                    } else {
                        let Some(c) = self.get()? else {
                            return Err(self.err("unexpected end of pattern", 0));
                        };
                        return Err(
                            self.err(format!("unknown extension ?P{}", c.text()), c.len() + 2)
                        );
                    }
                }
                Tok::Char(':') => capture = false,
                Tok::Char('#') => {
                    loop {
                        if self.index >= self.src.len() {
                            return Err(
                                self.err("missing ), unterminated comment", self.index - start)
                            );
                        }
                        if self.get()? == Some(Tok::Char(')')) {
                            break;
                        }
                    }
                    return Ok(None);
                }
                Tok::Char(c @ ('=' | '!' | '<')) => {
                    return self
                        .lookaround(c, *flags, *verbose, nested, start)
                        .map(Some);
                }
                Tok::Char('(') => {
                    return self.conditional(flags, *verbose, nested, start).map(Some)
                }
                Tok::Char('>') => {
                    capture = false;
                    atomic = true;
                }
                Tok::Char(c) if flag_of(c).is_some() || c == '-' => match self.parse_flags(c)? {
                    None => {
                        if !first {
                            return Err(self.err(
                                "global flags not at the start of the expression",
                                self.index - start,
                            ));
                        }
                        *flags |= self.flags;
                        *verbose = self.flags & VERBOSE != 0;
                        return Ok(None);
                    }
                    Some((a, d)) => {
                        add = a;
                        del = d;
                        capture = false;
                    }
                },
                t => {
                    return Err(self.err(format!("unknown extension ?{}", t.text()), t.len() + 1));
                }
            }
        }
        let gid = if capture {
            let gid = self.groups();
            self.widths.push(None);
            self.parents.push(self.open.last().copied());
            if self.groups() > MAXGROUPS {
                return Err(self.err("too many groups", 0));
            }
            if let Some(n) = &name {
                if let Some(old) = self.lookup_name(n) {
                    return Err(self.err(
                        format!(
                            "redefinition of group name {} as group {gid}; was group {old}",
                            py_repr(n)
                        ),
                        n.chars().count() + 1,
                    ));
                }
                self.names.push((n.clone(), gid));
            }
            Some(gid)
        } else {
            None
        };
        let sub_verbose = (*verbose || add & VERBOSE != 0) && del & VERBOSE == 0;
        let sub_flags = (*flags | add) & !del;
        if let Some(g) = gid {
            self.open.push(g);
        }
        let p = self.parse_sub(sub_flags, sub_verbose, nested + 1)?;
        if gid.is_some() {
            self.open.pop();
        }
        if !self.eat(')')? {
            return Err(self.err("missing ), unterminated subpattern", self.index - start));
        }
        if let Some(g) = gid {
            if let Some(slot) = self.widths.get_mut(g) {
                *slot = Some(p.width);
            }
        }
        let opener = if capture {
            "("
        } else if atomic {
            "(?>"
        } else {
            match (*flags & IGNORECASE != 0, sub_flags & IGNORECASE != 0) {
                (false, true) => "(?i:",
                (true, false) => "(?-i:",
                _ => "(?:",
            }
        };
        Ok(Some(Item {
            text: format!("{opener}{})", p.text),
            kind: Kind::Atom,
            width: p.width,
        }))
    }

    fn lookup_name(&self, n: &str) -> Option<usize> {
        self.names.iter().find(|(k, _)| k == n).map(|(_, g)| *g)
    }

    /// `(?=`, `(?!`, `(?<=`, `(?<!` (the character after `?` is `c`).
    fn lookaround(
        &mut self,
        c: char,
        flags: u32,
        verbose: bool,
        nested: usize,
        start: usize,
    ) -> Result<Item, ReError> {
        let mut kind = c;
        let behind = c == '<';
        let mut outer_lb = None;
        if behind {
            let Some(t) = self.get()? else {
                return Err(self.err("unexpected end of pattern", 0));
            };
            match t {
                Tok::Char(k @ ('=' | '!')) => kind = k,
                t => return Err(self.err(format!("unknown extension ?<{}", t.text()), t.len() + 2)),
            }
            outer_lb = Some(self.lookbehind_groups);
            if self.lookbehind_groups.is_none() {
                self.lookbehind_groups = Some(self.groups());
            }
        }
        let p = self.parse_sub(flags, verbose, nested + 1)?;
        if let Some(prev) = outer_lb {
            self.lookbehind_groups = prev;
        }
        if !self.eat(')')? {
            return Err(self.err("missing ), unterminated subpattern", self.index - start));
        }
        if behind && p.width.1 != Some(p.width.0) {
            return Err(ReError {
                msg: "look-behind requires fixed-width pattern".into(),
                pos: None,
                builtin: None,
            });
        }
        let opener = match (behind, kind) {
            (false, '=') => "(?=",
            (false, _) => "(?!",
            (true, '=') => "(?<=",
            (true, _) => "(?<!",
        };
        Ok(Item {
            text: format!("{opener}{})", p.text),
            kind: Kind::Atom,
            width: (0, Some(0)),
        })
    }

    /// `(?(group)yes|no)` after `(?(`.
    fn conditional(
        &mut self,
        flags: &mut u32,
        verbose: bool,
        nested: usize,
        start: usize,
    ) -> Result<Item, ReError> {
        let name = self.get_until(')', "group name")?;
        let n = name.chars().count();
        let gid = if is_identifier(&name) {
            match self.lookup_name(&name) {
                Some(g) => g,
                None => {
                    return Err(self.err(format!("unknown group name {}", py_repr(&name)), n + 1))
                }
            }
        } else {
            let g: usize = match name.parse::<u64>() {
                Ok(v) if name.chars().all(|c| c.is_ascii_digit()) => {
                    usize::try_from(v).unwrap_or(usize::MAX)
                }
                _ => {
                    return Err(self.err(
                        format!("bad character in group name {}", py_repr(&name)),
                        n + 1,
                    ))
                }
            };
            if g == 0 {
                return Err(self.err("bad group number", n + 1));
            }
            if g >= MAXGROUPS {
                return Err(self.err(format!("invalid group reference {g}"), n + 1));
            }
            if !self.grouprefpos.iter().any(|(k, _)| *k == g) {
                self.grouprefpos.push((g, self.index - n - 1));
            }
            g
        };
        self.check_lookbehind_group(gid)?;
        let mut f = *flags;
        let yes = self.parse_seq(&mut f, verbose, nested + 1, false)?;
        let no = if self.eat('|')? {
            let no = self.parse_seq(&mut f, verbose, nested + 1, false)?;
            if self.peek()? == Some(Tok::Char('|')) {
                return Err(self.err("conditional backref with more than two branches", 0));
            }
            Some(no)
        } else {
            None
        };
        if !self.eat(')')? {
            return Err(self.err("missing ), unterminated subpattern", self.index - start));
        }
        let (text, width) = match no {
            Some(no) => (
                format!("(?({gid}){}|{})", yes.text, no.text),
                (
                    yes.width.0.min(no.width.0),
                    match (yes.width.1, no.width.1) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    },
                ),
            ),
            None => (format!("(?({gid}){}|)", yes.text), (0, yes.width.1)),
        };
        Ok(Item {
            text,
            kind: Kind::Atom,
            width,
        })
    }

    /// `_parse_flags`: `None` for global flags (`(?i)`), else the scoped (add, del).
    fn parse_flags(&mut self, first: char) -> Result<Option<(u32, u32)>, ReError> {
        let mut add = 0u32;
        let mut del = 0u32;
        let mut ch = first;
        if ch != '-' {
            loop {
                let flag = flag_of(ch).unwrap_or(0);
                if ch == 'L' {
                    return Err(self.err(
                        "bad inline flags: cannot use 'L' flag with a str pattern",
                        0,
                    ));
                }
                add |= flag;
                if flag & TYPE_FLAGS != 0 && add & TYPE_FLAGS != flag {
                    return Err(self.err(
                        "bad inline flags: flags 'a', 'u' and 'L' are incompatible",
                        0,
                    ));
                }
                match self.get()? {
                    None => return Err(self.err("missing -, : or )", 0)),
                    Some(Tok::Char(c @ (')' | '-' | ':'))) => {
                        ch = c;
                        break;
                    }
                    Some(Tok::Char(c)) if flag_of(c).is_some() => ch = c,
                    Some(t) => {
                        let alpha = matches!(t, Tok::Char(c) if c.is_alphabetic());
                        return Err(self.err(
                            if alpha {
                                "unknown flag"
                            } else {
                                "missing -, : or )"
                            },
                            t.len(),
                        ));
                    }
                }
            }
        }
        if ch == ')' {
            self.flags |= add;
            return Ok(None);
        }
        if add & GLOBAL_FLAGS != 0 {
            return Err(self.err("bad inline flags: cannot turn on global flag", 1));
        }
        if ch == '-' {
            let mut t = self.get()?;
            match t {
                None => return Err(self.err("missing flag", 0)),
                Some(Tok::Char(c)) if flag_of(c).is_some() => {}
                Some(t) => {
                    let alpha = matches!(t, Tok::Char(c) if c.is_alphabetic());
                    return Err(self.err(
                        if alpha {
                            "unknown flag"
                        } else {
                            "missing flag"
                        },
                        t.len(),
                    ));
                }
            }
            while let Some(Tok::Char(c)) = t {
                let flag = flag_of(c).unwrap_or(0);
                if flag & TYPE_FLAGS != 0 {
                    return Err(self.err(
                        "bad inline flags: cannot turn off flags 'a', 'u' and 'L'",
                        0,
                    ));
                }
                del |= flag;
                t = self.get()?;
                match t {
                    None => return Err(self.err("missing :", 0)),
                    Some(Tok::Char(':')) => break,
                    Some(Tok::Char(c)) if flag_of(c).is_some() => {}
                    Some(t) => {
                        let alpha = matches!(t, Tok::Char(c) if c.is_alphabetic());
                        return Err(
                            self.err(if alpha { "unknown flag" } else { "missing :" }, t.len())
                        );
                    }
                }
            }
        }
        if del & GLOBAL_FLAGS != 0 {
            return Err(self.err("bad inline flags: cannot turn off global flag", 1));
        }
        if add & del != 0 {
            return Err(self.err("bad inline flags: flag turned on and off", 1));
        }
        Ok(Some((add, del)))
    }
}

/// An item of a character class.
#[derive(Debug, Clone)]
enum ClassItem {
    Lit(char),
    /// The inside of a class (`0-9`, `[^0-9]`, `\p{L}\p{N}_`).
    Cat(String),
}

fn push_class_item(body: &mut String, item: &ClassItem) {
    match item {
        ClassItem::Lit(c) => body.push_str(&class_char(*c)),
        ClassItem::Cat(s) => body.push_str(s),
    }
}

/// A character written so that fancy-regex reads it as itself, in or out of a class.
fn class_char(c: char) -> String {
    if c.is_ascii_alphanumeric() || !c.is_ascii() {
        c.to_string()
    } else {
        format!("\\x{{{:02X}}}", c as u32)
    }
}

/// Python's whitespace (`str.isspace()`), as class contents.
const UNICODE_SPACE: &str = r"\t-\r\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";

/// The class contents for `\d \D \w \W \s \S` (usable inside another class).
fn category(c: char, ascii: bool) -> String {
    let (pos, neg) = match (c.to_ascii_lowercase(), ascii) {
        ('d', true) => ("0-9", true),
        ('d', false) => (r"\d", false),
        ('w', true) => ("0-9A-Za-z_", true),
        ('w', false) => (r"\p{L}\p{N}_", true),
        ('s', true) => (r"\t-\r\x{20}", true),
        _ => (UNICODE_SPACE, true),
    };
    let negated = c.is_ascii_uppercase();
    match (negated, neg) {
        (false, _) => pos.to_string(),
        (true, false) => r"\D".to_string(),
        (true, true) => format!("[^{pos}]"),
    }
}

fn at(text: &str) -> Item {
    Item {
        text: text.to_string(),
        kind: Kind::At,
        width: (0, Some(0)),
    }
}

fn literal(c: char) -> Result<Item, ReError> {
    Ok(Item {
        text: class_char(c),
        kind: Kind::Atom,
        width: (1, Some(1)),
    })
}

fn char_of(v: u32, p: &Parser) -> Result<char, ReError> {
    char::from_u32(v).ok_or_else(|| {
        p.err(
            format!("surrogate code point \\u{v:04x} is not supported by rpvm"),
            0,
        )
    })
}

fn is_oct(c: char) -> bool {
    ('0'..='7').contains(&c)
}

/// `ESCAPES`: `\a \f \n \r \t \v \\` (and `\b` only in classes).
fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        'a' => '\x07',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        '\\' => '\\',
        _ => return None,
    })
}

/// The flag an inline flag letter stands for.
fn flag_of(c: char) -> Option<u32> {
    Some(match c {
        'i' => IGNORECASE,
        'L' => LOCALE,
        'm' => MULTILINE,
        's' => DOTALL,
        'x' => VERBOSE,
        'a' => ASCII,
        't' => TEMPLATE,
        'u' => UNICODE,
        _ => return None,
    })
}

/// `str.isidentifier()` (close enough: letters, digits, `_`, not starting with a digit).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// `repr()` of a str (single quotes unless the text has one and no double quote).
pub fn py_repr(s: &str) -> String {
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
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Translates `pattern` compiled with `flags` (the caller has checked the flag
/// combination).
pub fn translate(pattern: &str, flags: u32) -> Result<Translated, ReError> {
    let mut p = Parser {
        src: pattern.chars().collect(),
        index: 0,
        flags,
        widths: vec![Some((0, Some(0)))],
        names: Vec::new(),
        lookbehind_groups: None,
        grouprefpos: Vec::new(),
        open: Vec::new(),
        parents: vec![None],
    };
    let item = p.parse_sub(flags, flags & VERBOSE != 0, 0)?;
    if p.index < p.src.len() {
        return Err(ReError::at("unbalanced parenthesis", p.index));
    }
    for &(g, pos) in &p.grouprefpos {
        if g >= p.groups() {
            return Err(ReError::at(format!("invalid group reference {g}"), pos));
        }
    }
    let mut out_flags = p.flags;
    if out_flags & ASCII == 0 {
        out_flags |= UNICODE;
    }
    let regex = if out_flags & IGNORECASE != 0 {
        format!("(?i){}", item.text)
    } else {
        item.text
    };
    Ok(Translated {
        regex,
        flags: out_flags,
        groups: p.groups() - 1,
        names: p.names,
        parents: p.parents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(p: &str) -> (String, Option<usize>) {
        match translate(p, 0) {
            Ok(t) => panic!("{p:?} translated to {:?}", t.regex),
            Err(e) => (e.msg, e.pos),
        }
    }

    #[test]
    fn translation() {
        let t = translate(r"(?P<w>\w+)\s(?P=w)$", 0).unwrap();
        assert_eq!(t.groups, 1);
        assert_eq!(t.names, vec![("w".to_string(), 1)]);
        assert!(t.regex.contains(r"(?:\1)"));
        assert!(t.regex.ends_with(r"(?=\n?\z)"));
        assert_eq!(t.flags, UNICODE);
        let t = translate("(?im)^a.", 0).unwrap();
        assert_eq!(t.flags, IGNORECASE | MULTILINE | UNICODE);
        assert_eq!(t.regex, "(?i)(?m:^)a.");
        assert_eq!(translate("a{,2}", 0).unwrap().regex, "(?:a){0,2}");
        assert_eq!(translate("x{", 0).unwrap().regex, r"x\x{7B}");
        assert_eq!(translate(" a # c", VERBOSE).unwrap().regex, "a");
    }

    #[test]
    fn errors() {
        assert_eq!(
            err("(a"),
            ("missing ), unterminated subpattern".into(), Some(0))
        );
        assert_eq!(err("a**"), ("multiple repeat".into(), Some(2)));
        assert_eq!(err("[z-a]"), ("bad character range z-a".into(), Some(1)));
        assert_eq!(err(r"(?<=a+)b").1, None);
        assert_eq!(err("?\\"), ("bad escape (end of pattern)".into(), Some(1)));
        assert_eq!(err(&"(".repeat(2000)).0, "maximum recursion depth exceeded");
    }
}
