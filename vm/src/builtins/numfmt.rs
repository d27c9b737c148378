//! Exact number formatting: Number.prototype.toString(radix), toFixed, toExponential, toPrecision.
//!
//! Digits come from the exact decimal expansion of the double (a small bignum), rounded half-up as the
//! specification asks ("if there are two such n, pick the larger").

use crate::runtime::convert::number_to_string;

/// Little-endian base-2^32 unsigned integer: just what the expansions need.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }
    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut() {
            let t = *limb as u64 * m as u64 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn shl(&mut self, bits: u32) {
        let (words, rem) = ((bits / 32) as usize, bits % 32);
        if rem > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let nv = (*limb << rem) | carry;
                carry = *limb >> (32 - rem);
                *limb = nv;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        let mut v = vec![0u32; words];
        v.extend_from_slice(&self.0);
        self.0 = v;
    }
    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }
    /// Divides in place by `d`, returning the remainder.
    fn div_small(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let cur = (rem << 32) | *limb as u64;
            *limb = (cur / d as u64) as u32;
            rem = cur % d as u64;
        }
        self.trim();
        rem as u32
    }
    fn to_decimal(&self) -> Vec<u8> {
        if self.is_zero() {
            return vec![0];
        }
        let mut b = self.clone();
        let mut chunks = Vec::new();
        while !b.is_zero() {
            chunks.push(b.div_small(1_000_000_000));
        }
        let mut out = Vec::new();
        for (i, c) in chunks.iter().rev().enumerate() {
            let s = if i == 0 { format!("{c}") } else { format!("{c:09}") };
            out.extend(s.bytes().map(|b| b - b'0'));
        }
        out
    }
}

/// The exact value of a finite, positive double as `digits × 10^exp` (digits without leading zeros).
pub fn exact_decimal(x: f64) -> (Vec<u8>, i32) {
    let bits = x.to_bits();
    let exp_field = ((bits >> 52) & 0x7FF) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_field == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp_field - 1075) };
    let mut b = Big::from_u64(m);
    if e >= 0 {
        b.shl(e as u32);
        let mut d = b.to_decimal();
        let mut exp = 0;
        while d.len() > 1 && *d.last().unwrap() == 0 {
            d.pop();
            exp += 1;
        }
        (d, exp)
    } else {
        // m / 2^k = m * 5^k / 10^k
        for _ in 0..-e {
            b.mul_small(5);
        }
        let mut d = b.to_decimal();
        let mut exp = e;
        while d.len() > 1 && *d.last().unwrap() == 0 {
            d.pop();
            exp += 1;
        }
        (d, exp)
    }
}

/// Rounds `digits × 10^exp` (half up) so that its last digit has place value 10^place; returns digits (may be empty
/// meaning zero) and the new exponent (= place).
fn round_at(digits: &[u8], exp: i32, place: i32) -> (Vec<u8>, i32) {
    if exp >= place {
        let mut d = digits.to_vec();
        d.extend(std::iter::repeat_n(0, (exp - place) as usize));
        return (d, place);
    }
    let drop = (place - exp) as usize;
    if drop > digits.len() {
        return (Vec::new(), place);
    }
    let keep = digits.len() - drop;
    let mut d = digits[..keep].to_vec();
    if digits[keep] >= 5 {
        let mut i = d.len();
        loop {
            if i == 0 {
                d.insert(0, 1);
                break;
            }
            i -= 1;
            if d[i] == 9 {
                d[i] = 0;
            } else {
                d[i] += 1;
                break;
            }
        }
    }
    (d, place)
}

fn digits_str(d: &[u8]) -> String {
    d.iter().map(|&c| (b'0' + c) as char).collect()
}

/// Number.prototype.toFixed for finite |x| < 1e21 and 0 <= f <= 100.
pub fn to_fixed(x: f64, f: usize) -> String {
    let neg = x < 0.0;
    let ax = x.abs();
    let mut s = if ax == 0.0 {
        "0".to_string()
    } else {
        let (d, e) = exact_decimal(ax);
        let (r, _) = round_at(&d, e, -(f as i32));
        // r × 10^-f
        let mut txt = digits_str(&r);
        if txt.len() <= f {
            txt = "0".repeat(f + 1 - txt.len()) + &txt;
        }
        let txt = txt.trim_start_matches('0').to_string();

        if txt.len() <= f { "0".repeat(f + 1 - txt.len()) + &txt } else { txt }
    };
    if f > 0 {
        if s.len() <= f {
            s = "0".repeat(f + 1 - s.len()) + &s;
        }
        s.insert(s.len() - f, '.');
    }
    if neg {
        // Even when the digits round to zero: (-0.0001).toFixed(2) is "-0.00".
        s.insert(0, '-');
    }
    s
}

/// The leading `p` significant digits of |x| (x finite, non-zero), rounded half up, and the decimal exponent of the
/// first digit.
fn precision_digits(ax: f64, p: usize) -> (Vec<u8>, i32) {
    let (d, e) = exact_decimal(ax);
    let lead = e + d.len() as i32 - 1; // exponent of the leading digit
    let place = lead - (p as i32 - 1);
    let (r, _) = round_at(&d, e, place);
    if r.len() > p {
        // carried into a new digit: 9.99 -> 10.0
        (r[..p].to_vec(), lead + 1)
    } else {
        (r, lead)
    }
}

/// Shortest round-trip digits and the exponent of the first digit.
fn shortest_digits(ax: f64) -> (Vec<u8>, i32) {
    let s = number_to_string(ax);
    let (mant, exp) = match s.find('e') {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().unwrap_or(0)),
        None => (&s[..], 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    let all: Vec<u8> = ip.bytes().chain(fp.bytes()).map(|b| b - b'0').collect();
    let lead_zeros = all.iter().take_while(|&&c| c == 0).count();
    let mut digits = all[lead_zeros..].to_vec();
    while digits.len() > 1 && *digits.last().unwrap() == 0 {
        digits.pop();
    }
    let lead = ip.len() as i32 - 1 - lead_zeros as i32 + exp;
    (digits, lead)
}

fn exp_suffix(e: i32) -> String {
    if e >= 0 { format!("e+{e}") } else { format!("e-{}", -e) }
}

/// Number.prototype.toExponential for finite x; `f` None means "as many digits as necessary".
pub fn to_exponential(x: f64, f: Option<usize>) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let ax = x.abs();
    let (d, e) = if ax == 0.0 {
        (vec![0; f.unwrap_or(0) + 1], 0)
    } else {
        match f {
            Some(f) => precision_digits(ax, f + 1),
            None => shortest_digits(ax),
        }
    };
    let mut m = digits_str(&d[..1]);
    if d.len() > 1 {
        m.push('.');
        m.push_str(&digits_str(&d[1..]));
    }
    format!("{sign}{m}{}", exp_suffix(e))
}

/// Number.prototype.toPrecision for finite x and 1 <= p <= 100.
pub fn to_precision(x: f64, p: usize) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let ax = x.abs();
    let (d, e) = if ax == 0.0 { (vec![0; p], 0) } else { precision_digits(ax, p) };
    if e < -6 || e >= p as i32 {
        let mut m = digits_str(&d[..1]);
        if p > 1 {
            m.push('.');
            m.push_str(&digits_str(&d[1..]));
        }
        return format!("{sign}{m}{}", exp_suffix(e));
    }
    let s = digits_str(&d);
    if e == p as i32 - 1 {
        return format!("{sign}{s}");
    }
    if e >= 0 {
        let (a, b) = s.split_at(e as usize + 1);
        return format!("{sign}{a}.{b}");
    }
    format!("{sign}0.{}{s}", "0".repeat((-e - 1) as usize))
}

/// Number.prototype.toString(radix) for radix != 10 (V8's DoubleToRadixCString).
pub fn to_radix_string(value: f64, radix: u32) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if value == 0.0 {
        return "0".into();
    }
    const CHARS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let negative = value < 0.0;
    let value = value.abs();
    let mut integer = value.floor();
    let mut fraction = value - integer;
    let next = f64::from_bits(value.to_bits() + 1);
    let mut delta = (0.5 * (next - value)).max(f64::from_bits(1));
    let mut frac_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            fraction *= radix as f64;
            delta *= radix as f64;
            let digit = fraction as u32;
            frac_digits.push(CHARS[digit as usize]);
            fraction -= digit as f64;
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                // Round up, propagating the carry backwards.
                loop {
                    match frac_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(c) => {
                            let d = if c > b'9' { c - b'a' + 10 } else { c - b'0' } as u32;
                            if d + 1 < radix {
                                frac_digits.push(CHARS[(d + 1) as usize]);
                                break;
                            }
                        }
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }
    let mut int_digits: Vec<u8> = Vec::new();
    while integer / radix as f64 >= 9007199254740992.0 {
        integer /= radix as f64;
        int_digits.push(b'0');
    }
    loop {
        let rem = integer % radix as f64;
        int_digits.push(CHARS[rem as usize]);
        integer = (integer - rem) / radix as f64;
        if integer <= 0.0 {
            break;
        }
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.extend(int_digits.iter().rev().map(|&c| c as char));
    if !frac_digits.is_empty() {
        out.push('.');
        out.extend(frac_digits.iter().map(|&c| c as char));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed() {
        assert_eq!(to_fixed(1.005, 2), "1.00");
        assert_eq!(to_fixed(1.5, 0), "2");
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(0.000001, 2), "0.00");
        assert_eq!(to_fixed(123.456, 1), "123.5");
        assert_eq!(to_fixed(-1.5, 0), "-2");
        assert_eq!(to_fixed(0.0, 2), "0.00");
        assert_eq!(to_fixed(1e20, 2), "100000000000000000000.00");
        assert_eq!(to_fixed(0.1, 20), "0.10000000000000000555");
        assert_eq!(to_fixed(-0.0001, 2), "-0.00");
    }

    #[test]
    fn precision_and_exponential() {
        assert_eq!(to_precision(123.456, 4), "123.5");
        assert_eq!(to_precision(0.000123, 2), "0.00012");
        assert_eq!(to_precision(123456.0, 2), "1.2e+5");
        assert_eq!(to_precision(1e-7, 1), "1e-7");
        assert_eq!(to_precision(99.99, 3), "100");
        assert_eq!(to_precision(0.0, 3), "0.00");
        assert_eq!(to_exponential(123456.0, Some(2)), "1.23e+5");
        assert_eq!(to_exponential(123456.0, None), "1.23456e+5");
        assert_eq!(to_exponential(0.00015, None), "1.5e-4");
        assert_eq!(to_exponential(0.0, Some(1)), "0.0e+0");
        assert_eq!(to_exponential(-5.0, None), "-5e+0");
    }

    #[test]
    fn radix() {
        assert_eq!(to_radix_string(255.0, 16), "ff");
        assert_eq!(to_radix_string(-255.0, 2), "-11111111");
        assert_eq!(to_radix_string(0.5, 2), "0.1");
        assert_eq!(to_radix_string(0.1, 3), "0.0022002200220022002200220022002201");
        assert_eq!(to_radix_string(3.75, 16), "3.c");
        assert_eq!(to_radix_string(1e21, 36), "5v1j4f4ds7c000");
    }
}
