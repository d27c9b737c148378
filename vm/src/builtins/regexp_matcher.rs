//! [[RegExpMatcher]]: a RegExp's pattern compiled by the `regress` crate, matched against a JS string's code units.
//!
//! One `Matcher` per distinct (source, flags) is shared through a small per-thread cache, so a literal evaluated in
//! a loop or the splitter that `@@split` constructs on every call is compiled once. Match positions are code-unit
//! indices of the subject string whatever its storage (see `Subject`).

use super::regexp_source::{Shape, code_points, compile_stack, fix_up};
use crate::string::Units;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub has_indices: bool,
    pub global: bool,
    pub ignore_case: bool,
    pub multiline: bool,
    pub dot_all: bool,
    pub unicode: bool,
    pub unicode_sets: bool,
    pub sticky: bool,
}

impl Flags {
    /// Parses a flags string; None if it has an unknown or repeated flag, or both `u` and `v`.
    pub fn parse(s: &[u16]) -> Option<Flags> {
        let mut f = Flags::default();
        for &c in s {
            let slot = match u8::try_from(c).ok()? {
                b'd' => &mut f.has_indices,
                b'g' => &mut f.global,
                b'i' => &mut f.ignore_case,
                b'm' => &mut f.multiline,
                b's' => &mut f.dot_all,
                b'u' => &mut f.unicode,
                b'v' => &mut f.unicode_sets,
                b'y' => &mut f.sticky,
                _ => return None,
            };
            if *slot {
                return None;
            }
            *slot = true;
        }
        (!(f.unicode && f.unicode_sets)).then_some(f)
    }

    /// Whether the pattern and the subject are read as code points (surrogate pairs are one character).
    pub fn full_unicode(&self) -> bool {
        self.unicode || self.unicode_sets
    }

    fn regress(&self, shape: &Shape) -> regress::Flags {
        regress::Flags {
            no_opt: shape.alternatives > OPTIMIZED_ALTERNATIVES,
            icase: self.ignore_case,
            multiline: self.multiline,
            dot_all: self.dot_all,
            // regress applies the strict (non-Annex B) grammar only with `unicode`; `v` implies it.
            unicode: self.full_unicode(),
            unicode_sets: self.unicode_sets,
        }
    }
}

/// The contents of a string as the matcher reads them. ASCII Latin-1 is matched in place as UTF-8 (byte offsets
/// are code-unit offsets); other Latin-1 is widened, since its bytes are not UTF-8; UTF-16 is matched in place.
pub enum Subject<'a> {
    Ascii(&'a str),
    Wide(Cow<'a, [u16]>),
    /// A non-ASCII Latin-1 string, widened once (`widened`): the units in the range, of its own widened units or
    /// of its parent's when it is a slice.
    Shared(std::rc::Rc<[u16]>, Range<usize>),
}

/// A widened subject: the string's address and length, and its units.
type Widened = (usize, usize, std::rc::Rc<[u16]>);

thread_local! {
    /// The last non-ASCII Latin-1 subject widened, by address and length: a tokenizer matches against the same
    /// input again and again, and widening it each time was a copy of the whole input per token. A slice's
    /// matches read its parent's entry, so a tokenizer matching the input and slices of it (acorn) keeps one
    /// entry. Emptied by the collection that frees the string (`sweep_widened`), so a freed string's address can
    /// never match; emptied at every collection and keyed by the slice, acorn widened its 540 KB input 5,900
    /// times in five parses (15% of its time).
    static WIDENED: RefCell<Option<Widened>> = const { RefCell::new(None) };
}

/// The units of `s` (non-ASCII Latin-1, flat, not a slice) as UTF-16, from the one-entry cache when `s` was the
/// last one widened.
fn widened(s: &crate::string::JsString, bytes: &[u8]) -> std::rc::Rc<[u16]> {
    let key = (s as *const crate::string::JsString as usize, bytes.len());
    WIDENED.with(|w| {
        let mut w = w.borrow_mut();
        if let Some((addr, len, units)) = &*w
            && (*addr, *len) == key
        {
            return units.clone();
        }
        let units: std::rc::Rc<[u16]> = bytes.iter().map(|&c| c as u16).collect();
        *w = Some((key.0, key.1, units.clone()));
        units
    })
}

/// Empties the widened-subject cache if its string is about to be freed (a collection's weak phase: after
/// marking, before sweeping). A string's units never change while it lives, so a live one keeps its entry.
pub fn sweep_widened(t: &tetra_gc::Tracer) {
    WIDENED.with(|w| {
        let mut w = w.borrow_mut();
        if w.as_ref().is_some_and(|&(addr, _, _)| !t.is_marked(addr as *const u8)) {
            *w = None;
        }
    });
}

impl<'a> Subject<'a> {
    /// The subject for string `s`, whose ASCII-ness is known after its first match.
    pub fn of(s: &'a crate::string::JsString) -> Subject<'a> {
        match s.units() {
            // SAFETY: ASCII bytes are valid UTF-8.
            Units::Latin1(b) if s.is_ascii() => Subject::Ascii(unsafe { std::str::from_utf8_unchecked(b) }),
            // A slice (of a Latin-1 parent, as every Latin-1 slice is) matches in its parent's widened units.
            Units::Latin1(b) => {
                if let Some((parent, start)) = s.slice_of()
                    && let Units::Latin1(all) = parent.units()
                {
                    return Subject::Shared(widened(&parent, all), start..start + b.len());
                }
                Subject::Shared(widened(s, b), 0..b.len())
            }
            units => Subject::new(units),
        }
    }

    pub fn new(units: Units<'a>) -> Subject<'a> {
        match units {
            // SAFETY: ASCII bytes are valid UTF-8.
            Units::Latin1(b) if b.is_ascii() => Subject::Ascii(unsafe { std::str::from_utf8_unchecked(b) }),
            Units::Latin1(b) => Subject::Wide(Cow::Owned(b.iter().map(|&c| c as u16).collect())),
            Units::Utf16(u) => Subject::Wide(Cow::Borrowed(u)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Subject::Ascii(s) => s.len(),
            Subject::Wide(u) => u.len(),
            Subject::Shared(_, r) => r.len(),
        }
    }
}

/// A successful match: spans of the whole match and of each capture group, in code units.
pub struct Found {
    m: regress::Match,
    groups: usize,
}

impl Found {
    /// Number of capture groups, group 0 (the whole match) excluded.
    pub fn group_count(&self) -> usize {
        self.groups
    }

    /// Span of group `i` (0: the whole match); None if the group did not participate.
    pub fn group(&self, i: usize) -> Option<Range<usize>> {
        if i > self.groups {
            return None;
        }
        self.m.group(i)
    }

    pub fn range(&self) -> Range<usize> {
        self.m.range()
    }

    /// Whether the pattern has named groups (then exec results carry a `groups` object).
    pub fn has_names(&self) -> bool {
        self.m.named_groups().len() > 0
    }

    /// Each group name once, in pattern order, with the span of the group of that name that participated.
    pub fn named(&self) -> impl Iterator<Item = (&str, Option<Range<usize>>)> {
        self.m.named_groups()
    }
}

/// regress's IR passes take time quadratic in the length of an alternation (0.7 s for 8000 alternatives, against
/// 4 ms unoptimized, with the same matching speed), so patterns with more alternatives than this are compiled
/// without them.
const OPTIMIZED_ALTERNATIVES: usize = 256;

pub struct Matcher {
    pub flags: Flags,
    regex: regress::Regex,
    /// `(?:source)|()`, for matching at one position only (sticky patterns, and patterns anchored at the input's
    /// start): tried there it always matches (the trailing empty group participates only when the source did not
    /// match), so a failed match costs one attempt instead of a search to the end of the input. None when wrapping
    /// could change the pattern's meaning (see `compile`).
    one_attempt: Option<regress::Regex>,
    /// The pattern can only match at the start of the input: it begins with `^` outside any alternation and is
    /// not multiline. Searching it from every position made markdown parsers (which match `^`-rules against the
    /// rest of the document) quadratic.
    anchored: bool,
    /// Native stack a match may use (lookarounds recurse; everything else runs on the matcher's own heap stack).
    pub exec_stack: usize,
    /// Whether ASCII subjects may be matched in place as UTF-8 (see `Shape::surrogates`).
    ascii_in_place: bool,
}

impl Matcher {
    fn compile(pattern: &[u16], flags: Flags) -> Result<Matcher, String> {
        let cps = code_points(&fix_up(pattern, flags)?, flags.full_unicode());
        let shape = Shape::of(pattern);
        let regex = regress::Regex::from_unicode(cps.iter().copied(), flags.regress(&shape)).map_err(|e| e.text)?;
        // The wrapper's extra group would turn an Annex B escape `\N` (N one more than the source's group count)
        // into a back reference; such sources fall back to searching and checking the match start.
        let anchored = !flags.multiline && anchored_at_start(pattern);
        let one_attempt = if (flags.sticky || anchored) && !shape.decimal_escape {
            let open = "(?:".chars().map(u32::from);
            let close = ")|()".chars().map(u32::from);
            regress::Regex::from_unicode(open.chain(cps.iter().copied()).chain(close), flags.regress(&shape)).ok()
        } else {
            None
        };
        let ascii_in_place = !shape.surrogates;
        Ok(Matcher { flags, regex, one_attempt, anchored, exec_stack: shape.exec_stack(), ascii_in_place })
    }

    fn find(&self, re: &regress::Regex, subject: &Subject, start: usize) -> Option<regress::Match> {
        let units = match subject {
            Subject::Ascii(s) if self.ascii_in_place => return re.find_from(s, start).next(),
            Subject::Ascii(s) => &s.bytes().map(u16::from).collect::<Vec<u16>>(),
            Subject::Wide(u) => &u[..],
            Subject::Shared(u, r) => &u[r.clone()],
        };
        if self.flags.full_unicode() {
            re.find_from_utf16(units, start).next()
        } else {
            re.find_from_ucs2(units, start).next()
        }
    }

    /// The first match at or after `start` (`start <= subject.len()`), even for a sticky pattern: the first place
    /// where a sticky match would succeed.
    pub fn search(&self, subject: &Subject, start: usize) -> Option<Found> {
        if self.anchored {
            return if start == 0 { self.at(subject, 0) } else { None };
        }
        let m = self.find(&self.regex, subject, start)?;
        Some(Found { groups: m.captures.len(), m })
    }

    /// The match that starts at `start`, if any.
    fn at(&self, subject: &Subject, start: usize) -> Option<Found> {
        if let Some(re) = &self.one_attempt {
            let m = self.find(re, subject, start)?;
            let groups = m.captures.len() - 1;
            return m.captures[groups].is_none().then_some(Found { m, groups });
        }
        let m = self.find(&self.regex, subject, start)?;
        let groups = m.captures.len();
        (m.start() == start).then_some(Found { groups, m })
    }

    /// The first match at or after `start` (`start <= subject.len()`), or only at `start` for a sticky pattern.
    /// The caller makes sure `exec_stack` bytes of native stack are free.
    pub fn exec(&self, subject: &Subject, mut start: usize) -> Option<Found> {
        // A code-point matcher starts at the character that contains unit `start`, so inside a surrogate pair it
        // starts at the pair.
        let wide = match subject {
            Subject::Wide(u) => Some(&u[..]),
            Subject::Shared(u, r) => Some(&u[r.clone()]),
            Subject::Ascii(_) => None,
        };
        if let Some(u) = wide
            && self.flags.full_unicode()
            && start > 0
            && start < u.len()
            && (0xD800..0xDC00).contains(&u[start - 1])
            && (0xDC00..0xE000).contains(&u[start])
        {
            start -= 1;
        }
        if self.flags.sticky { self.at(subject, start) } else { self.search(subject, start) }
    }
}

/// Whether `pattern` begins with `^` and has no `|` outside groups and classes (so every match starts where `^`
/// holds).
fn anchored_at_start(pattern: &[u16]) -> bool {
    if pattern.first() != Some(&(b'^' as u16)) {
        return false;
    }
    let (mut depth, mut class, mut i) = (0usize, false, 1);
    while i < pattern.len() {
        match pattern[i] {
            0x5C => i += 1, // `\`: the next unit is escaped
            0x5B if !class => class = true,
            0x5D if class => class = false,
            0x28 if !class => depth += 1,
            0x29 if !class => depth = depth.saturating_sub(1),
            0x7C if !class && depth == 0 => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

type Cache = HashMap<(Box<[u16]>, Box<[u16]>), Rc<Matcher>>;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
}

/// Entries kept before the cache starts over: enough for any program's set of literals, small enough that
/// programs building patterns at run time do not keep their compiled forms forever.
const CACHE_LIMIT: usize = 512;

/// The matcher already compiled for (pattern, flags), if any.
pub fn cached(pattern: &[u16], flags: &[u16]) -> Option<Rc<Matcher>> {
    CACHE.with(|c| c.borrow().get(&(pattern.into(), flags.into())).cloned())
}

/// The early error for a regular expression literal, if it has one. A valid literal is compiled and cached here, so
/// evaluating it later costs a cache lookup. When the native stack is too low to compile the pattern safely, the
/// check is left to the evaluation (which then throws a RangeError or the SyntaxError).
pub fn literal_error(pattern: &[u16], flags: &[u16]) -> Option<String> {
    if Flags::parse(flags).is_none() {
        return Some("Invalid regular expression flags".into());
    }
    if cached(pattern, flags).is_some() {
        return None;
    }
    let limit = crate::stack_limit::native_stack_limit();
    if crate::stack_limit::stack_pointer().saturating_sub(compile_stack(pattern)) <= limit {
        return None;
    }
    compile(pattern, flags).err().map(|msg| {
        let (p, f) = (String::from_utf16_lossy(pattern), String::from_utf16_lossy(flags));
        format!("Invalid regular expression: /{p}/{f}: {msg}")
    })
}

/// Compiles (pattern, flags) and caches the result; the error is the message for the SyntaxError. The caller makes
/// sure `compile_stack(pattern)` bytes of native stack are free.
pub fn compile(pattern: &[u16], flags: &[u16]) -> Result<Rc<Matcher>, String> {
    let f = Flags::parse(flags).ok_or("Invalid flags")?;
    let m = Rc::new(Matcher::compile(pattern, f)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert((pattern.into(), flags.into()), m.clone());
    });
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compiler::utf16 as units;

    /// Every group of the first match at or after `start`, on the subject stored both ways it can be (Latin-1 when
    /// it fits, and UTF-16), which must agree.
    fn exec_at(p: &str, f: &str, s: &str, start: usize) -> Option<Vec<Option<String>>> {
        let m = compile(&units(p), &units(f)).unwrap_or_else(|e| panic!("/{p}/{f}: {e}"));
        let wide = units(s);
        let run = |subject: Subject| {
            m.exec(&subject, start).map(|found| {
                (0..=found.group_count())
                    .map(|i| found.group(i).map(|g| String::from_utf16_lossy(&wide[g])))
                    .collect::<Vec<_>>()
            })
        };
        let from_wide = run(Subject::new(Units::Utf16(&wide)));
        if wide.iter().all(|&u| u < 256) {
            let narrow: Vec<u8> = wide.iter().map(|&u| u as u8).collect();
            assert_eq!(run(Subject::new(Units::Latin1(&narrow))), from_wide, "/{p}/{f} on {s:?}");
        }
        from_wide
    }

    fn m0(p: &str, f: &str, s: &str) -> Option<String> {
        exec_at(p, f, s, 0).map(|c| c[0].clone().unwrap())
    }

    #[test]
    fn matches() {
        assert_eq!(m0("b+", "", "abbbc"), Some("bbb".into()));
        assert_eq!(m0("b+?", "", "abbbc"), Some("b".into()));
        assert_eq!(m0("^\\d{2,3}$", "", "1234"), None);
        assert_eq!(m0("[a-c]+", "i", "xAbCd"), Some("AbC".into()));
        assert_eq!(m0("(a|ab)(c|bcd)(d*)", "", "abcd"), Some("abcd".into()));
        assert_eq!(exec_at("(a)|b", "", "b", 0).unwrap()[1], None);
        let caps = exec_at("(z)((a+)?(b+)?(c))*", "", "zaacbbbcac", 0).unwrap();
        assert_eq!((caps[2].as_deref(), caps[3].as_deref(), caps[4].as_deref()), (Some("ac"), Some("a"), None));
        assert_eq!(m0("(?<y>\\d{4})-\\k<y>", "", "2020-2020"), Some("2020-2020".into()));
        assert_eq!(m0("(?<=\\$)\\d+", "", "cost $42"), Some("42".into()));
        assert_eq!(m0("(?<!\\$)\\b\\d+", "", "$4 5"), Some("5".into()));
        assert_eq!(m0("^b", "m", "a\nb"), Some("b".into()));
        assert_eq!(m0(".", "su", "\u{1F600}"), Some("\u{1F600}".into()));
        assert_eq!(m0(".", "s", "\u{1F600}"), Some("\u{FFFD}".into()), "one unit of the pair");
        assert_eq!(m0("a{,2}", "", "a{,2}"), Some("a{,2}".into()));
        assert_eq!(m0("\\x41\\u0042\\0", "", "AB\0"), Some("AB\0".into()));
        assert_eq!(m0("\\u212A", "iu", "k"), Some("k".into()));
        assert_eq!(m0("é", "i", "xÉ"), Some("É".into()));
        assert_eq!(exec_at("o", "g", "foo", 2).unwrap()[0].as_deref(), Some("o"));
    }

    #[test]
    fn annex_b_fix_ups() {
        assert_eq!(m0("\\u{2}", "", "uu"), Some("uu".into()));
        assert_eq!(m0("[\\u{41}]", "", "}"), Some("}".into()));
        assert_eq!(m0("\\u{41}", "u", "A"), Some("A".into()));
        assert_eq!(m0("(?<a\\u{62}>.)\\k<ab>", "", "xx"), Some("xx".into()));
        assert_eq!(m0("\\ud83d\\ude00", "", "\u{1F600}"), Some("\u{1F600}".into()));
        assert_eq!(m0("^[\\ud83d\\ude00]", "", "\u{1F600}"), Some("\u{FFFD}".into()), "one unit of the pair");
        assert_eq!(m0("\\ud83d?b", "", "ab"), Some("b".into()));
        assert_eq!(m0("\\b{a}", "", "x{a}"), Some("{a}".into()));
        for bad in ["\\b+", "a\\B{2}", "\\b{1,}", "\\b*"] {
            assert!(compile(&units(bad), &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn sticky_matches_only_at_start() {
        assert_eq!(exec_at("b", "y", "ab", 0), None);
        assert_eq!(exec_at("b", "y", "ab", 1).unwrap()[0].as_deref(), Some("b"));
        assert_eq!(exec_at("^a", "y", "aa", 1), None);
        assert_eq!(exec_at("^a", "my", "a\na", 2).unwrap()[0].as_deref(), Some("a"));
        assert_eq!(exec_at("(?<=a)b", "y", "ab", 1).unwrap()[0].as_deref(), Some("b"));
        assert_eq!(exec_at("a*", "y", "ba", 0).unwrap()[0].as_deref(), Some(""));
        // `\2` is an octal escape here, which the sticky wrapper's extra group would turn into a back reference.
        let m = compile(&units("(a)\\2"), &units("y")).unwrap();
        assert!(m.one_attempt.is_none());
        assert_eq!(exec_at("(a)\\2", "y", "a\u{2}", 0).unwrap().len(), 2);
        assert_eq!(exec_at("(a)\\2", "y", "xa\u{2}", 0), None);
        assert!(compile(&units("(a)\\1"), &units("y")).unwrap().one_attempt.is_none());
        assert!(compile(&units("a"), &units("y")).unwrap().one_attempt.is_some());
    }

    #[test]
    fn start_anchored_patterns_are_tried_at_the_start_only() {
        for (pattern, anchored) in [
            ("^a", true),
            ("^(a|b)c", true),
            ("^[|]", true),
            ("^\\|a", true),
            ("^\\\\|a", false),
            ("^a|b", false),
            ("a^", false),
            ("(^a)", false),
            ("^[\\]|]x", true),
        ] {
            assert_eq!(anchored_at_start(&units(pattern)), anchored, "{pattern}");
        }
        assert!(compile(&units("^a"), &[]).unwrap().anchored);
        assert!(!compile(&units("^a"), &units("m")).unwrap().anchored);
        assert_eq!(exec_at("^a", "", "ba", 0), None);
        assert_eq!(exec_at("^a", "g", "aa", 1), None);
        assert_eq!(exec_at("^a|a", "", "ba", 0).unwrap()[0].as_deref(), Some("a"));
    }

    #[test]
    fn errors() {
        for bad in ["(", "a)", "*a", "[b-a]", "a{2,1}", "(?<n>a)(?<n>b)", "\\k<x>(?<y>.)", "a**"] {
            assert!(compile(&units(bad), &[]).is_err(), "{bad}");
        }
        for bad in ["\\a", "{", "\\1", "\\u{110000}"] {
            assert!(compile(&units(bad), &units("u")).is_err(), "{bad}");
            assert!(compile(&units(bad), &units("v")).is_err(), "{bad}");
        }
        for bad in ["gg", "x", "uv", "G"] {
            assert!(Flags::parse(&units(bad)).is_none(), "{bad}");
        }
        assert!(Flags::parse(&units("dgimsuy")).is_some());
    }

    /// Random patterns over the syntax's corners, compiled and run on a few subjects: any result is fine, a panic
    /// is not.
    #[test]
    fn no_panics() {
        let atoms = [
            "a",
            "\\b",
            "\\B",
            "\\d",
            "\\w",
            ".",
            "^",
            "$",
            "(",
            ")",
            "(?:",
            "(?=",
            "(?!",
            "(?<=",
            "(?<!",
            "[",
            "]",
            "[^",
            "-",
            "{",
            "}",
            "{1}",
            "{1,2}",
            "{,2}",
            "*",
            "+",
            "?",
            "|",
            "\\1",
            "\\2",
            "\\k<n>",
            "(?<n>",
            "\\c",
            "\\cA",
            "\\0",
            "\\01",
            "\\8",
            "\\u0041",
            "\\u{41}",
            "\\u{",
            "\\x4",
            "\\u",
            "\\p{L}",
            "\\P{Lu}",
            "\\-",
            "ſ",
            "K",
            "é",
            "\\ud83d",
            "\\ude00",
            "\u{1F600}",
            "[[a]--b]",
            "&&",
            "\\q{ab}",
            "\\",
        ];
        let flags = ["", "i", "u", "iu", "y", "v", "iv", "my", "s"];
        let mut subjects: Vec<Vec<u16>> = ["", "ab", "aab-b", "kK\u{212A}ſs", "é\u{1F600}a"].map(units).into();
        subjects.push(vec![0xD83D, b'x' as u16]);
        let mut seed = 0x2545_f491_u32;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize % n
        };
        for _ in 0..3000 {
            let pattern: String = (0..1 + next(6)).map(|_| atoms[next(atoms.len())]).collect();
            let f = flags[next(flags.len())];
            let Ok(m) = compile(&units(&pattern), &units(f)) else {
                continue;
            };
            for s in &subjects {
                for start in 0..=s.len() {
                    let _ = m.exec(&Subject::new(Units::Utf16(s)), start);
                }
            }
        }
    }
}
