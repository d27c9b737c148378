//! A backtracking regular-expression engine for ECMAScript patterns (ES2018 syntax: named groups, lookbehind,
//! dotAll, unicode), over UTF-16 code units. Parsing follows the Annex B grammar without the `u` flag.

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub global: bool,
    pub ignore_case: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
    pub sticky: bool,
    pub has_indices: bool,
}

impl Flags {
    /// Parses a flags string; None if it has an unknown or repeated flag.
    pub fn parse(s: &[u16]) -> Option<Flags> {
        let mut f = Flags::default();
        for &c in s {
            let slot = match c as u8 {
                b'g' if c < 128 => &mut f.global,
                b'i' if c < 128 => &mut f.ignore_case,
                b'm' if c < 128 => &mut f.multiline,
                b's' if c < 128 => &mut f.dot_all,
                b'u' if c < 128 => &mut f.unicode,
                b'y' if c < 128 => &mut f.sticky,
                b'd' if c < 128 => &mut f.has_indices,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        Some(f)
    }
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(u32, u32),
    Digit(bool),
    Word(bool),
    Space(bool),
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Char(u32),
    Any,
    Class(Vec<ClassItem>, bool),
    Start,
    End,
    WordBoundary(bool),
    Group(Box<Node>, usize),
    Look(Box<Node>, bool, bool),
    BackRef(usize),
    NamedBackRef(String),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    /// node, min, max, greedy, first capture inside, capture count inside
    Repeat(Box<Node>, u32, u32, bool, usize, usize),
}

pub struct Regex {
    node: Node,
    pub flags: Flags,
    /// Number of capture groups, group 0 excluded.
    pub groups: usize,
    pub names: Vec<(String, usize)>,
}

struct Parser<'a> {
    p: &'a [u32],
    i: usize,
    unicode: bool,
    ncap: usize,
    total_caps: usize,
    names: Vec<(String, usize)>,
    has_named: bool,
}

type PResult<T> = Result<T, String>;

fn is_syntax_char(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some(
            '^' | '$'
                | '\\'
                | '.'
                | '*'
                | '+'
                | '?'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '|'
                | '/'
        )
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<u32> {
        self.p.get(self.i).copied()
    }

    /// Annex B legacy octal escapes: up to `max` more octal digits after the value `v` so far, while the value
    /// stays a byte (at most \377).
    fn octal_digits(&mut self, mut v: u32, max: usize) -> u32 {
        for _ in 0..max {
            match self.peek().and_then(char::from_u32).and_then(|c| c.to_digit(8)) {
                Some(d) if v * 8 + d <= 255 => {
                    v = v * 8 + d;
                    self.i += 1;
                }
                _ => break,
            }
        }
        v
    }
    fn peek_is(&self, c: char) -> bool {
        self.peek() == Some(c as u32)
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek_is(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn disjunction(&mut self) -> PResult<Node> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> PResult<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' as u32 || c == ')' as u32 {
                break;
            }
            items.push(self.term()?);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap(),
            _ => Node::Concat(items),
        })
    }

    fn term(&mut self) -> PResult<Node> {
        let cap_before = self.ncap;
        let c = self.peek().unwrap();
        let atom = match char::from_u32(c).unwrap_or('\0') {
            '^' => {
                self.i += 1;
                return Ok(Node::Start);
            }
            '$' => {
                self.i += 1;
                return Ok(Node::End);
            }
            '\\' if matches!(
                self.p.get(self.i + 1).and_then(|&c| char::from_u32(c)),
                Some('b' | 'B')
            ) =>
            {
                let b = self.p[self.i + 1] == 'b' as u32;
                self.i += 2;
                return Ok(Node::WordBoundary(b));
            }
            '(' => {
                self.i += 1;
                if self.eat('?') {
                    if self.eat(':') {
                        let d = self.disjunction()?;
                        self.close()?;
                        d
                    } else if self.eat('=') || self.peek_is('!') {
                        let neg = self.eat('!');
                        let d = self.disjunction()?;
                        self.close()?;
                        let look = Node::Look(Box::new(d), true, neg);
                        // Annex B: lookaheads can be quantified without the u flag.
                        if self.unicode {
                            return Ok(look);
                        }
                        look
                    } else if self.eat('<') {
                        if self.eat('=') || self.peek_is('!') {
                            let neg = self.eat('!');
                            let d = self.disjunction()?;
                            self.close()?;
                            return Ok(Node::Look(Box::new(d), false, neg));
                        }
                        let name = self.group_name()?;
                        self.ncap += 1;
                        let idx = self.ncap;
                        if self.names.iter().any(|(n, _)| *n == name) {
                            return Err("Duplicate capture group name".into());
                        }
                        self.names.push((name, idx));
                        let d = self.disjunction()?;
                        self.close()?;
                        Node::Group(Box::new(d), idx)
                    } else {
                        return Err("Invalid group".into());
                    }
                } else {
                    self.ncap += 1;
                    let idx = self.ncap;
                    let d = self.disjunction()?;
                    self.close()?;
                    Node::Group(Box::new(d), idx)
                }
            }
            ')' => return Err("Unmatched ')'".into()),
            '.' => {
                self.i += 1;
                Node::Any
            }
            '[' => {
                self.i += 1;
                self.class()?
            }
            '\\' => {
                self.i += 1;
                self.atom_escape()?
            }
            '*' | '+' | '?' => return Err("Nothing to repeat".into()),
            '{' => {
                if self.unicode || self.try_quantifier_braces().is_some() {
                    return Err("Nothing to repeat".into());
                }
                self.i += 1;
                Node::Char(c)
            }
            ']' | '}' if self.unicode => return Err("Lone quantifier brackets".into()),
            _ => {
                self.i += 1;
                Node::Char(self.combine_surrogates(c))
            }
        };
        self.quantifier(atom, cap_before)
    }

    fn combine_surrogates(&mut self, c: u32) -> u32 {
        if self.unicode
            && (0xD800..0xDC00).contains(&c)
            && let Some(&d) = self.p.get(self.i)
            && (0xDC00..0xE000).contains(&d)
        {
            self.i += 1;
            return 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
        }
        c
    }

    fn close(&mut self) -> PResult<()> {
        if self.eat(')') {
            Ok(())
        } else {
            Err("Unterminated group".into())
        }
    }

    fn group_name(&mut self) -> PResult<String> {
        let mut name = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err("Invalid capture group name".into());
            };
            self.i += 1;
            if c == '>' as u32 {
                break;
            }
            let ch = char::from_u32(c).ok_or("Invalid capture group name")?;
            if !(ch.is_alphanumeric() || ch == '_' || ch == '$')
                || (name.is_empty() && ch.is_ascii_digit())
            {
                return Err("Invalid capture group name".into());
            }
            name.push(ch);
        }
        if name.is_empty() {
            return Err("Invalid capture group name".into());
        }
        Ok(name)
    }

    /// `{n}`, `{n,}`, `{n,m}` at the cursor: (min, max, length in units).
    fn try_quantifier_braces(&self) -> Option<(u32, u32, usize)> {
        let mut j = self.i;
        if self.p.get(j) != Some(&('{' as u32)) {
            return None;
        }
        j += 1;
        let digits = |j: &mut usize| -> Option<u32> {
            let start = *j;
            let mut v: u64 = 0;
            while let Some(&c) = self.p.get(*j) {
                if !(('0' as u32)..=('9' as u32)).contains(&c) {
                    break;
                }
                v = (v * 10 + (c - '0' as u32) as u64).min(u32::MAX as u64);
                *j += 1;
            }
            (*j > start).then_some(v as u32)
        };
        let min = digits(&mut j)?;
        let max = if self.p.get(j) == Some(&(',' as u32)) {
            j += 1;
            digits(&mut j).unwrap_or(u32::MAX)
        } else {
            min
        };
        if self.p.get(j) != Some(&('}' as u32)) {
            return None;
        }
        Some((min, max, j + 1 - self.i))
    }

    fn quantifier(&mut self, atom: Node, cap_before: usize) -> PResult<Node> {
        let (min, max) = match self.peek().and_then(char::from_u32) {
            Some('*') => {
                self.i += 1;
                (0, u32::MAX)
            }
            Some('+') => {
                self.i += 1;
                (1, u32::MAX)
            }
            Some('?') => {
                self.i += 1;
                (0, 1)
            }
            Some('{') => match self.try_quantifier_braces() {
                Some((a, b, len)) => {
                    if a > b {
                        return Err("numbers out of order in {} quantifier".into());
                    }
                    self.i += len;
                    (a, b)
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::WordBoundary(_))
            || (self.unicode && matches!(atom, Node::Look(..)))
        {
            return Err("Nothing to repeat".into());
        }
        let greedy = !self.eat('?');
        Ok(Node::Repeat(
            Box::new(atom),
            min,
            max,
            greedy,
            cap_before + 1,
            self.ncap - cap_before,
        ))
    }

    fn hex(&mut self, n: usize) -> Option<u32> {
        let mut v = 0;
        for k in 0..n {
            let d = char::from_u32(*self.p.get(self.i + k)?)?.to_digit(16)?;
            v = v * 16 + d;
        }
        self.i += n;
        Some(v)
    }

    /// Escapes shared by atoms and classes: returns a code point, or None when not a character escape.
    fn char_escape(&mut self, in_class: bool) -> PResult<Option<u32>> {
        let Some(c) = self.peek() else {
            return Err("\\ at end of pattern".into());
        };
        let ch = char::from_u32(c).unwrap_or('\0');
        self.i += 1;
        Ok(Some(match ch {
            't' => 9,
            'n' => 10,
            'v' => 11,
            'f' => 12,
            'r' => 13,
            '0' if !self
                .peek()
                .is_some_and(|d| (('0' as u32)..=('9' as u32)).contains(&d)) =>
            {
                0
            }
            'c' => match self.peek().and_then(char::from_u32) {
                Some(l)
                    if l.is_ascii_alphabetic()
                        || (in_class && !self.unicode && (l.is_ascii_digit() || l == '_')) =>
                {
                    self.i += 1;
                    l as u32 % 32
                }
                _ => {
                    if self.unicode {
                        return Err("Invalid unicode escape".into());
                    }
                    self.i -= 1;
                    '\\' as u32
                }
            },
            'x' => match self.hex(2) {
                Some(v) => v,
                None if self.unicode => return Err("Invalid escape".into()),
                None => 'x' as u32,
            },
            'u' => {
                if self.unicode && self.peek_is('{') {
                    self.i += 1;
                    let mut v: u32 = 0;
                    let start = self.i;
                    while let Some(d) = self
                        .peek()
                        .and_then(char::from_u32)
                        .and_then(|c| c.to_digit(16))
                    {
                        v = v.saturating_mul(16).saturating_add(d);
                        self.i += 1;
                    }
                    if self.i == start || !self.eat('}') || v > 0x10FFFF {
                        return Err("Invalid Unicode escape".into());
                    }
                    v
                } else if let Some(v) = self.hex(4) {
                    if self.unicode
                        && (0xD800..0xDC00).contains(&v)
                        && self.peek_is('\\')
                        && self.p.get(self.i + 1) == Some(&('u' as u32))
                    {
                        let save = self.i;
                        self.i += 2;
                        match self.hex(4) {
                            Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                            }
                            _ => {
                                self.i = save;
                                v
                            }
                        }
                    } else {
                        v
                    }
                } else if self.unicode {
                    return Err("Invalid Unicode escape".into());
                } else {
                    'u' as u32
                }
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                self.i -= 1;
                return Ok(None);
            }
            '-' if in_class => '-' as u32,
            '0'..='7' if !self.unicode && (in_class || ch == '0') => {
                // Legacy octal escape.
                self.octal_digits(ch as u32 - '0' as u32, 2)
            }
            'b' if in_class => 8,
            _ => {
                if self.unicode && !is_syntax_char(c) && ch != '-' {
                    return Err("Invalid escape".into());
                }
                if !self.unicode && ch == 'k' && self.has_named {
                    return Err("Invalid named reference".into());
                }
                self.combine_surrogates(c)
            }
        }))
    }

    fn class_escape(&mut self) -> Option<ClassItem> {
        let c = char::from_u32(self.peek()?)?;
        let item = match c {
            'd' => ClassItem::Digit(false),
            'D' => ClassItem::Digit(true),
            'w' => ClassItem::Word(false),
            'W' => ClassItem::Word(true),
            's' => ClassItem::Space(false),
            'S' => ClassItem::Space(true),
            _ => return None,
        };
        self.i += 1;
        Some(item)
    }

    fn atom_escape(&mut self) -> PResult<Node> {
        if let Some(item) = self.class_escape() {
            return Ok(Node::Class(vec![item], false));
        }
        let c = self.peek().ok_or("\\ at end of pattern")?;
        if (('1' as u32)..=('9' as u32)).contains(&c) {
            let start = self.i;
            let mut v = 0usize;
            while let Some(d) = self
                .peek()
                .filter(|d| (('0' as u32)..=('9' as u32)).contains(d))
            {
                v = v
                    .saturating_mul(10)
                    .saturating_add((d - '0' as u32) as usize);
                self.i += 1;
            }
            if v <= self.total_caps {
                return Ok(Node::BackRef(v));
            }
            if self.unicode {
                return Err("Invalid escape".into());
            }
            self.i = start;
            // Annex B: an octal escape, or an identity escape for 8 and 9.
            if c >= '8' as u32 {
                self.i += 1;
                return Ok(Node::Char(c));
            }
            return Ok(Node::Char(self.octal_digits(0, 3)));
        }
        if c == 'k' as u32 && (self.has_named || self.unicode) {
            self.i += 1;
            if !self.eat('<') {
                return Err("Invalid named reference".into());
            }
            let name = self.group_name()?;
            return Ok(Node::NamedBackRef(name));
        }
        match self.char_escape(false)? {
            Some(v) => Ok(Node::Char(v)),
            None => Err("Invalid escape".into()),
        }
    }

    fn class_atom(&mut self) -> PResult<Result<u32, ClassItem>> {
        let c = self.peek().ok_or("Unterminated character class")?;
        if c == '\\' as u32 {
            self.i += 1;
            if let Some(item) = self.class_escape() {
                return Ok(Err(item));
            }
            return match self.char_escape(true)? {
                Some(v) => Ok(Ok(v)),
                None => Err("Invalid class escape".into()),
            };
        }
        self.i += 1;
        Ok(Ok(self.combine_surrogates(c)))
    }

    fn class(&mut self) -> PResult<Node> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            if self.eat(']') {
                break;
            }
            let a = self.class_atom()?;
            if self.peek_is('-') && self.p.get(self.i + 1).is_some_and(|&c| c != ']' as u32) {
                self.i += 1;
                let b = self.class_atom()?;
                match (a, b) {
                    (Ok(lo), Ok(hi)) => {
                        if lo > hi {
                            return Err("Range out of order in character class".into());
                        }
                        items.push(ClassItem::Range(lo, hi));
                    }
                    (a, b) => {
                        if self.unicode {
                            return Err("Invalid character class".into());
                        }
                        for x in [a, b] {
                            items.push(match x {
                                Ok(c) => ClassItem::Range(c, c),
                                Err(item) => item,
                            });
                        }
                        items.push(ClassItem::Range('-' as u32, '-' as u32));
                    }
                }
            } else {
                items.push(match a {
                    Ok(c) => ClassItem::Range(c, c),
                    Err(item) => item,
                });
            }
        }
        Ok(Node::Class(items, negated))
    }
}

fn count_groups(p: &[u32]) -> (usize, bool) {
    let (mut n, mut named, mut i, mut in_class) = (0, false, 0, false);
    while i < p.len() {
        let c = p[i];
        if c == '\\' as u32 {
            i += 2;
            continue;
        }
        if in_class {
            if c == ']' as u32 {
                in_class = false;
            }
        } else if c == '[' as u32 {
            in_class = true;
        } else if c == '(' as u32 {
            if p.get(i + 1) != Some(&('?' as u32)) {
                n += 1;
            } else if p.get(i + 2) == Some(&('<' as u32))
                && !matches!(p.get(i + 3), Some(&x) if x == '=' as u32 || x == '!' as u32)
            {
                n += 1;
                named = true;
            }
        }
        i += 1;
    }
    (n, named)
}

fn resolve_names(node: &mut Node, names: &[(String, usize)]) -> PResult<()> {
    match node {
        Node::NamedBackRef(name) => {
            let idx = names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, i)| *i)
                .ok_or("Invalid named capture referenced")?;
            *node = Node::BackRef(idx);
        }
        Node::Group(n, _) | Node::Look(n, _, _) | Node::Repeat(n, ..) => resolve_names(n, names)?,
        Node::Concat(v) | Node::Alt(v) => {
            for n in v {
                resolve_names(n, names)?;
            }
        }
        _ => {}
    }
    Ok(())
}

impl Regex {
    pub fn new(pattern: &[u16], flags: Flags) -> Result<Regex, String> {
        let p: Vec<u32> = pattern.iter().map(|&u| u as u32).collect();
        let (total, has_named) = count_groups(&p);
        let mut parser = Parser {
            p: &p,
            i: 0,
            unicode: flags.unicode,
            ncap: 0,
            total_caps: total,
            names: Vec::new(),
            has_named,
        };
        let mut node = parser.disjunction()?;
        if parser.i < p.len() {
            return Err(if p[parser.i] == ')' as u32 {
                "Unmatched ')'".into()
            } else {
                "Unexpected character".into()
            });
        }
        let names = std::mem::take(&mut parser.names);
        resolve_names(&mut node, &names)?;
        Ok(Regex {
            node,
            flags,
            groups: parser.ncap,
            names,
        })
    }

    /// The first match starting at or after `start` (positions advance by code unit; in unicode mode a match never
    /// starts inside a surrogate pair).
    pub fn find_from(&self, input: &[u16], start: usize) -> Option<Vec<Option<(usize, usize)>>> {
        let first = first_char(&self.node).filter(|_| !self.flags.ignore_case);
        let mut i = start;
        while i <= input.len() {
            if let Some(c) = first {
                match input[i..].iter().position(|&u| u as u32 == c) {
                    Some(off) => i += off,
                    None => return None,
                }
            }
            if let Some(caps) = self.match_at(input, i) {
                return Some(caps);
            }
            i += 1;
            if self.flags.unicode
                && i < input.len()
                && (0xDC00..0xE000).contains(&input[i])
                && (0xD800..0xDC00).contains(&input[i - 1])
            {
                i += 1;
            }
        }
        None
    }

    /// Tries a match starting exactly at `start`; on success the capture slots (start, end) for groups 0..=groups.
    pub fn match_at(&self, input: &[u16], start: usize) -> Option<Vec<Option<(usize, usize)>>> {
        let mut st = State {
            caps: vec![None; self.groups + 1],
            input,
            flags: self.flags,
            steps: 0,
        };
        let mut end = None;
        let ok = m(&self.node, start, &mut st, &mut |p, _| {
            end = Some(p);
            true
        });
        if !ok {
            return None;
        }
        let mut caps = st.caps;
        caps[0] = Some((start, end.unwrap()));
        Some(caps)
    }
}

/// A code unit every match must start with, if the pattern begins with a literal one.
fn first_char(node: &Node) -> Option<u32> {
    match node {
        Node::Char(c) if *c < 0x10000 => Some(*c),
        Node::Concat(items) => items.first().and_then(first_char),
        Node::Group(inner, _) => first_char(inner),
        Node::Repeat(inner, min, ..) if *min > 0 => first_char(inner),
        _ => None,
    }
}

struct State<'a> {
    caps: Vec<Option<(usize, usize)>>,
    input: &'a [u16],
    flags: Flags,
    steps: u64,
}

fn is_line_terminator(c: u16) -> bool {
    matches!(c, 0x0A | 0x0D | 0x2028 | 0x2029)
}

fn is_word(c: u32) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || c == '_' as u32)
}

/// Simple case folding (Canonicalize): non-unicode mode uppercases, unicode mode folds to lower case.
fn canonicalize(c: u32, unicode: bool) -> u32 {
    let Some(ch) = char::from_u32(c) else {
        return c;
    };
    if unicode {
        let mut l = ch.to_lowercase();
        return match (l.next(), l.next()) {
            (Some(x), None) => x as u32,
            _ => c,
        };
    }
    let mut u = ch.to_uppercase();
    match (u.next(), u.next()) {
        (Some(x), None) if !(c >= 128 && (x as u32) < 128) && (x as u32) < 0x10000 => x as u32,
        _ => c,
    }
}

impl State<'_> {
    /// The character at `pos` and its length in units (a surrogate pair is one character in unicode mode).
    fn char_at(&self, pos: usize) -> Option<(u32, usize)> {
        let c = *self.input.get(pos)? as u32;
        if self.flags.unicode
            && (0xD800..0xDC00).contains(&c)
            && let Some(&d) = self.input.get(pos + 1)
            && (0xDC00..0xE000).contains(&d)
        {
            return Some((0x10000 + ((c - 0xD800) << 10) + (d as u32 - 0xDC00), 2));
        }
        Some((c, 1))
    }

    fn class_matches(&self, items: &[ClassItem], negated: bool, c: u32) -> bool {
        let test = |c: u32| {
            items.iter().any(|it| match *it {
                ClassItem::Range(lo, hi) => lo <= c && c <= hi,
                ClassItem::Digit(neg) => (('0' as u32)..=('9' as u32)).contains(&c) != neg,
                ClassItem::Word(neg) => is_word(c) != neg,
                ClassItem::Space(neg) => {
                    (c < 0x10000 && crate::runtime::convert::is_js_whitespace(c as u16)) != neg
                }
            })
        };
        let mut r = test(c);
        if !r && self.flags.ignore_case {
            let cc = canonicalize(c, self.flags.unicode);
            r = items.iter().any(|it| match *it {
                ClassItem::Range(lo, hi) => {
                    if hi - lo > 5000 {
                        lo <= cc && cc <= hi
                    } else {
                        (lo..=hi).any(|x| canonicalize(x, self.flags.unicode) == cc)
                    }
                }
                _ => false,
            }) || test(cc);
        }
        r != negated
    }

    /// Matches a single-character node at `pos`: the length consumed.
    fn single(&self, node: &Node, pos: usize) -> Option<usize> {
        let (c, len) = self.char_at(pos)?;
        let ok = match node {
            Node::Char(x) => {
                *x == c
                    || (self.flags.ignore_case
                        && canonicalize(*x, self.flags.unicode)
                            == canonicalize(c, self.flags.unicode))
            }
            Node::Any => self.flags.dot_all || !(c < 0x10000 && is_line_terminator(c as u16)),
            Node::Class(items, neg) => self.class_matches(items, *neg, c),
            _ => false,
        };
        ok.then_some(len)
    }
}

type Cont<'c, 'a> = &'c mut dyn FnMut(usize, &mut State<'a>) -> bool;

thread_local! {
    /// Lowest native stack address the matcher may recurse to (0: no limit), and whether it got there.
    static STACK_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static OVERFLOWED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Sets the recursion limit for the matches that follow and clears the overflow flag.
pub fn set_stack_limit(limit: usize) {
    STACK_LIMIT.with(|l| l.set(limit));
    OVERFLOWED.with(|o| o.set(false));
}

/// Whether a match since `set_stack_limit` gave up because the native stack ran low.
pub fn overflowed() -> bool {
    OVERFLOWED.with(|o| o.get())
}

fn m<'a>(node: &Node, pos: usize, st: &mut State<'a>, k: Cont<'_, 'a>) -> bool {
    st.steps += 1;
    if st.steps & 15 == 0 {
        let marker = 0u8;
        let here = &marker as *const u8 as usize;
        if here < STACK_LIMIT.with(|l| l.get()) {
            OVERFLOWED.with(|o| o.set(true));
            st.steps = u64::MAX / 2;
            return false;
        }
    }
    if st.steps > 50_000_000 {
        return false;
    }
    match node {
        Node::Empty => k(pos, st),
        Node::Char(_) | Node::Any | Node::Class(..) => match st.single(node, pos) {
            Some(len) => k(pos + len, st),
            None => false,
        },
        Node::Start => {
            (pos == 0 || (st.flags.multiline && is_line_terminator(st.input[pos - 1])))
                && k(pos, st)
        }
        Node::End => {
            (pos == st.input.len() || (st.flags.multiline && is_line_terminator(st.input[pos])))
                && k(pos, st)
        }
        Node::WordBoundary(want) => {
            let a = pos > 0 && is_word(st.input[pos - 1] as u32);
            let b = pos < st.input.len() && is_word(st.input[pos] as u32);
            ((a != b) == *want) && k(pos, st)
        }
        Node::Group(inner, idx) => {
            let idx = *idx;
            m(inner, pos, st, &mut |p, st: &mut State<'a>| {
                let old = st.caps[idx];
                st.caps[idx] = Some((pos, p));
                if k(p, st) {
                    return true;
                }
                st.caps[idx] = old;
                false
            })
        }
        Node::Look(inner, ahead, negate) => {
            let saved = st.caps.clone();
            let matched = if *ahead {
                m(inner, pos, st, &mut |_, _| true)
            } else {
                (0..=pos)
                    .rev()
                    .any(|j| m(inner, j, st, &mut |p, _| p == pos))
            };
            if *negate {
                st.caps = saved;
                return !matched && k(pos, st);
            }
            if !matched {
                st.caps = saved;
                return false;
            }
            if k(pos, st) {
                return true;
            }
            st.caps = saved;
            false
        }
        Node::BackRef(i) => {
            let Some((s, e)) = st.caps[*i] else {
                return k(pos, st);
            };
            let len = e - s;
            if pos + len > st.input.len() {
                return false;
            }
            let eq = (0..len).all(|j| {
                let (a, b) = (st.input[s + j] as u32, st.input[pos + j] as u32);
                a == b
                    || (st.flags.ignore_case
                        && canonicalize(a, st.flags.unicode) == canonicalize(b, st.flags.unicode))
            });
            eq && k(pos + len, st)
        }
        Node::NamedBackRef(_) => false,
        Node::Concat(items) => seq(items, pos, st, k),
        Node::Alt(alts) => alts.iter().any(|a| m(a, pos, st, k)),
        Node::Repeat(inner, min, max, greedy, first_cap, ncaps) => {
            // Single-character bodies repeat without recursion (long inputs, `.*`).
            if matches!(**inner, Node::Char(_) | Node::Any | Node::Class(..)) {
                let mut ends = vec![pos];
                let mut p = pos;
                while (ends.len() - 1) < *max as usize {
                    match st.single(inner, p) {
                        Some(len) => {
                            p += len;
                            ends.push(p);
                        }
                        None => break,
                    }
                    if !*greedy && ends.len() > *min as usize {
                        break;
                    }
                }
                if !*greedy {
                    // Lazy: try the fewest first, extending one at a time.
                    let mut count = ends.len() - 1;
                    if count < *min as usize {
                        return false;
                    }
                    let mut p = ends[count];
                    loop {
                        if k(p, st) {
                            return true;
                        }
                        if count >= *max as usize {
                            return false;
                        }
                        match st.single(inner, p) {
                            Some(len) => {
                                p += len;
                                count += 1;
                            }
                            None => return false,
                        }
                    }
                }
                let n = ends.len() - 1;
                if n < *min as usize {
                    return false;
                }
                return (*min as usize..=n).rev().any(|c| k(ends[c], st));
            }
            repeat(
                inner, *min, *max, *greedy, *first_cap, *ncaps, 0, pos, st, k,
            )
        }
    }
}

fn seq<'a>(items: &[Node], pos: usize, st: &mut State<'a>, k: Cont<'_, 'a>) -> bool {
    match items.split_first() {
        None => k(pos, st),
        Some((first, rest)) => m(first, pos, st, &mut |p, st: &mut State<'a>| {
            seq(rest, p, st, k)
        }),
    }
}

// Greedy and lazy differ only in the order of the two alternatives.
#[allow(clippy::too_many_arguments, clippy::if_same_then_else)]
fn repeat<'a>(
    inner: &Node,
    min: u32,
    max: u32,
    greedy: bool,
    first_cap: usize,
    ncaps: usize,
    count: u32,
    pos: usize,
    st: &mut State<'a>,
    k: Cont<'_, 'a>,
) -> bool {
    let iterate = |st: &mut State<'a>, k: Cont<'_, 'a>| -> bool {
        if count >= max {
            return false;
        }
        // Captures inside the atom are reset at each iteration.
        let saved: Vec<_> = st.caps[first_cap..first_cap + ncaps].to_vec();
        for c in &mut st.caps[first_cap..first_cap + ncaps] {
            *c = None;
        }
        let r = m(inner, pos, st, &mut |p, st: &mut State<'a>| {
            if p == pos && count >= min {
                return false;
            }
            repeat(
                inner,
                min,
                max,
                greedy,
                first_cap,
                ncaps,
                count.saturating_add(1),
                p,
                st,
                k,
            )
        });
        if !r {
            st.caps[first_cap..first_cap + ncaps].copy_from_slice(&saved);
        }
        r
    };
    if count < min {
        return iterate(st, k);
    }
    if greedy {
        iterate(st, k) || k(pos, st)
    } else {
        k(pos, st) || iterate(st, k)
    }
}

type Cache = HashMap<(Vec<u16>, Vec<u16>), std::rc::Rc<Regex>>;

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(HashMap::new());
}

/// A compiled regex for (pattern, flags), cached per thread.
pub fn compile(pattern: &[u16], flags: &[u16]) -> Result<std::rc::Rc<Regex>, String> {
    let key = (pattern.to_vec(), flags.to_vec());
    if let Some(r) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(r);
    }
    let f = Flags::parse(flags).ok_or_else(|| "Invalid flags".to_string())?;
    let r = std::rc::Rc::new(Regex::new(pattern, f)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() > 1000 {
            c.clear();
        }
        c.insert(key, r.clone());
    });
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(p: &str, f: &str, s: &str) -> Option<Vec<Option<String>>> {
        let r = compile(
            &p.encode_utf16().collect::<Vec<_>>(),
            &f.encode_utf16().collect::<Vec<_>>(),
        )
        .unwrap();
        let input: Vec<u16> = s.encode_utf16().collect();
        (0..=input.len())
            .find_map(|i| r.match_at(&input, i))
            .map(|caps| {
                caps.iter()
                    .map(|c| c.map(|(a, b)| String::from_utf16(&input[a..b]).unwrap()))
                    .collect()
            })
    }

    fn m0(p: &str, f: &str, s: &str) -> Option<String> {
        find(p, f, s).map(|c| c[0].clone().unwrap())
    }

    #[test]
    fn basics() {
        assert_eq!(m0("b+", "", "abbbc"), Some("bbb".into()));
        assert_eq!(m0("b+?", "", "abbbc"), Some("b".into()));
        assert_eq!(m0("a.c", "", "xabcx"), Some("abc".into()));
        assert_eq!(m0("^\\d{2,3}$", "", "1234"), None);
        assert_eq!(m0("\\d{2,3}", "", "1234"), Some("123".into()));
        assert_eq!(m0("[a-c]+", "i", "xAbCd"), Some("AbC".into()));
        assert_eq!(m0("\\bfoo\\b", "", "a foo b"), Some("foo".into()));
        assert_eq!(m0("x*", "", "abc"), Some("".into()));
        assert_eq!(m0("(a|ab)(c|bcd)(d*)", "", "abcd"), Some("abcd".into()));
        assert_eq!(find("(a)|b", "", "b").unwrap()[1], None);
        let caps = find("(z)((a+)?(b+)?(c))*", "", "zaacbbbcac").unwrap();
        assert_eq!(
            (caps[2].clone(), caps[3].clone(), caps[4].clone()),
            (Some("ac".into()), Some("a".into()), None)
        );
        assert_eq!(m0("(\\w)\\1", "", "abccd"), Some("cc".into()));
        assert_eq!(
            m0("(?<y>\\d{4})-\\k<y>", "", "2020-2020"),
            Some("2020-2020".into())
        );
        assert_eq!(m0("a(?=b)", "", "acab"), Some("a".into()));
        assert_eq!(m0("a(?!b)", "", "abac"), Some("a".into()));
        assert_eq!(m0("(?<=\\$)\\d+", "", "cost $42"), Some("42".into()));
        assert_eq!(m0("(?<!\\$)\\b\\d+", "", "$4 5"), Some("5".into()));
        assert_eq!(m0("^b", "m", "a\nb"), Some("b".into()));
        assert_eq!(m0(".", "su", "\u{1F600}"), Some("\u{1F600}".into()));
        assert_eq!(m0("[^a]", "", "ab"), Some("b".into()));
        assert_eq!(m0("a{,2}", "", "a{,2}"), Some("a{,2}".into()));
        assert_eq!(m0("\\x41\\u0042\\0", "", "AB\0"), Some("AB\0".into()));
        assert_eq!(m0("(a*)*b", "", "aaab"), Some("aaab".into()));
        assert_eq!(m0("(?:ab)+", "", "ababx"), Some("abab".into()));
    }

    #[test]
    fn errors() {
        for bad in [
            "(",
            "a)",
            "*a",
            "[b-a]",
            "a{2,1}",
            "(?<n>a)(?<n>b)",
            "\\k<x>(?<y>.)",
        ] {
            assert!(
                Regex::new(&bad.encode_utf16().collect::<Vec<_>>(), Flags::default()).is_err(),
                "{bad}"
            );
        }
        assert!(Flags::parse(&"gg".encode_utf16().collect::<Vec<_>>()).is_none());
    }
}
