//! What is read from a RegExp source before regress compiles it: a quick scan (`Shape`) that sizes the native
//! stack compiling and matching may need and picks compile options, and fix-ups where regress 0.12 departs from
//! the grammar.

use super::regexp_matcher::Flags;
use std::borrow::Cow;

/// Stack bounds, measured on regress 0.12 with margin: parsing and the IR passes recurse once per group nesting
/// level (about 2 KiB each in a release build) and once per alternative of an alternation (about 100 bytes).
/// Debug builds have frames several times larger.
const STACK_SCALE: usize = if cfg!(debug_assertions) { 8 } else { 1 };
const STACK_BASE: usize = 64 * 1024 * STACK_SCALE;
const STACK_PER_NESTING: usize = 4 * 1024 * STACK_SCALE;
const STACK_PER_UNIT: usize = 256 * STACK_SCALE;

/// What a quick scan of the source tells before compiling it.
pub(super) struct Shape {
    /// Deepest nesting of groups and lookarounds.
    pub(super) depth: usize,
    /// Whether `\1`..`\9...` appears (a back reference, or an Annex B octal or identity escape).
    pub(super) decimal_escape: bool,
    /// Whether the pattern may spell a surrogate code point (a lone surrogate unit, `\uD800`..`\uDFFF`, or any
    /// `\u{...}`): regress 0.12 fails to match such atoms under a quantifier against UTF-8 input, even when they
    /// are optional, so such patterns never take the ASCII path.
    pub(super) surrogates: bool,
    /// Number of `|` outside classes.
    pub(super) alternatives: usize,
}

impl Shape {
    pub(super) fn of(pattern: &[u16]) -> Shape {
        let (mut depth, mut max_depth, mut in_class) = (0usize, 0usize, false);
        let (mut decimal_escape, mut surrogates, mut alternatives) = (false, false, 0);
        let unit = |i: usize| pattern.get(i).copied().unwrap_or(0);
        let mut i = 0;
        while i < pattern.len() {
            let c = pattern[i];
            if c == b'\\' as u16 {
                let next = unit(i + 1);
                decimal_escape |= (b'1' as u16..=b'9' as u16).contains(&next);
                surrogates |= next == b'u' as u16
                    && (unit(i + 2) == b'{' as u16
                        || (matches!(unit(i + 2), 0x44 | 0x64)
                            && matches!(unit(i + 3), 0x38 | 0x39 | 0x41..=0x46 | 0x61..=0x66)));
                i += 2;
                continue;
            }
            surrogates |= (0xD800..0xE000).contains(&c);
            match c {
                0x5D if in_class => in_class = false,
                0x5B => in_class = true,
                0x28 if !in_class => {
                    depth += 1;
                    max_depth = max_depth.max(depth);
                }
                0x29 if !in_class => depth = depth.saturating_sub(1),
                0x7C if !in_class => alternatives += 1,
                _ => {}
            }
            i += 1;
        }
        Shape { depth: max_depth, decimal_escape, surrogates, alternatives }
    }

    /// Native stack that compiling a pattern of this shape and `len` units may use.
    pub(super) fn compile_stack(&self, len: usize) -> usize {
        STACK_BASE + STACK_PER_NESTING * self.depth + STACK_PER_UNIT * len
    }

    /// Native stack that matching may use: lookarounds recurse (one level more for the sticky wrapper); everything
    /// else runs on the matcher's own heap stack.
    pub(super) fn exec_stack(&self) -> usize {
        STACK_BASE + STACK_PER_NESTING * (self.depth + 1)
    }
}

/// Native stack that compiling `pattern` may use.
pub(super) fn compile_stack(pattern: &[u16]) -> usize {
    Shape::of(pattern).compile_stack(pattern.len())
}

/// Where regress 0.12 departs from the grammar, the source is checked or rewritten before it is compiled:
/// - a quantified `\b` or `\B` is an error in every mode (regress accepts it);
/// - without `u`/`v`, `\u{...}` is the identity escape `u` followed by a braced quantifier or literal braces
///   (regress reads a code point), and `\uD83D\uDE00` is two code units (regress joins the pair into one code
///   point, which then never matches), so surrogate escapes become the raw units they stand for.
///
/// Group names (`(?<name>`, `\k<name>`) are copied as they are: their escapes always follow the `u` grammar.
pub(super) fn fix_up(pattern: &[u16], flags: Flags) -> Result<Cow<'_, [u16]>, String> {
    let unicode = flags.full_unicode();
    let unit = |i: usize| pattern.get(i).copied().unwrap_or(0);
    let end_of_name = |from: usize| {
        pattern[from.min(pattern.len())..]
            .iter()
            .position(|&u| u == b'>' as u16)
            .map_or(pattern.len(), |p| from + p + 1)
    };
    let mut out: Option<Vec<u16>> = None;
    let (mut i, mut class_depth) = (0, 0usize);
    while i < pattern.len() {
        let (next, replacement) = match pattern[i] {
            0x5C => {
                let e = unit(i + 1);
                if class_depth == 0 && (e == b'b' as u16 || e == b'B' as u16) && quantifier_at(pattern, i + 2) {
                    return Err("Nothing to repeat".into());
                }
                let hex = (i + 2..i + 6)
                    .try_fold(0u16, |v, j| Some(v * 16 + char::from_u32(unit(j) as u32)?.to_digit(16)? as u16));
                if e == b'k' as u16 && unit(i + 2) == b'<' as u16 {
                    (end_of_name(i + 3), None)
                } else if !unicode && e == b'u' as u16 && unit(i + 2) == b'{' as u16 {
                    (i + 2, Some(b'u' as u16))
                } else if let Some(v) = hex.filter(|v| !unicode && e == b'u' as u16 && (0xD800..0xE000).contains(v)) {
                    (i + 6, Some(v))
                } else {
                    ((i + 2).min(pattern.len()), None)
                }
            }
            0x28 if class_depth == 0
                && unit(i + 1) == b'?' as u16
                && unit(i + 2) == b'<' as u16
                && !matches!(unit(i + 3), 0x3D | 0x21) =>
            {
                (end_of_name(i + 3), None)
            }
            0x5B => {
                // Classes nest only with `v`.
                class_depth = if flags.unicode_sets { class_depth + 1 } else { 1 };
                (i + 1, None)
            }
            0x5D => {
                class_depth = class_depth.saturating_sub(1);
                (i + 1, None)
            }
            _ => (i + 1, None),
        };
        match replacement {
            Some(r) => out.get_or_insert_with(|| pattern[..i].to_vec()).push(r),
            None => {
                if let Some(o) = &mut out {
                    o.extend_from_slice(&pattern[i..next]);
                }
            }
        }
        i = next;
    }
    Ok(out.map_or(Cow::Borrowed(pattern), Cow::Owned))
}

/// Whether a quantifier (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`) starts at `i`.
fn quantifier_at(pattern: &[u16], i: usize) -> bool {
    let is_digit = |u: &u16| (b'0' as u16..=b'9' as u16).contains(u);
    match pattern.get(i).copied() {
        Some(0x2A | 0x2B | 0x3F) => true,
        Some(0x7B) => {
            let rest = &pattern[i + 1..];
            let min = rest.iter().take_while(|u| is_digit(u)).count();
            if min == 0 {
                return false;
            }
            let rest = &rest[min..];
            match rest.first().copied() {
                Some(0x7D) => true,
                Some(0x2C) => {
                    let max = rest[1..].iter().take_while(|u| is_digit(u)).count();
                    rest.get(1 + max) == Some(&0x7D)
                }
                _ => false,
            }
        }
        _ => false,
    }
}

pub(super) fn code_points(pattern: &[u16], unicode: bool) -> Vec<u32> {
    if unicode {
        char::decode_utf16(pattern.iter().copied())
            .map(|r| r.map_or_else(|e| e.unpaired_surrogate() as u32, u32::from))
            .collect()
    } else {
        pattern.iter().map(|&u| u as u32).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::compiler::utf16 as units;

    #[test]
    fn shape() {
        let s = Shape::of(&units("((a)[(]\\()|(?=b)|c"));
        assert_eq!((s.depth, s.decimal_escape, s.surrogates, s.alternatives), (2, false, false, 2));
        assert!(Shape::of(&units("(a)\\1")).decimal_escape);
        assert!(!Shape::of(&units("\\\\1")).decimal_escape);
        assert!(Shape::of(&units("\\uD800")).surrogates);
        assert!(Shape::of(&units("\\u{41}")).surrogates);
        assert!(!Shape::of(&units("\\u0041")).surrogates);
        assert!(compile_stack(&units("((((a))))")) > compile_stack(&units("a|b|c|d")));
    }

    #[test]
    fn quantifiers() {
        assert!(quantifier_at(&units("{1,2}"), 0));
        assert!(quantifier_at(&units("{1,}"), 0));
        assert!(quantifier_at(&units("+"), 0));
        assert!(!quantifier_at(&units("{1,2"), 0));
        assert!(!quantifier_at(&units("{,2}"), 0));
        assert!(!quantifier_at(&units("{a}"), 0));
    }
}
