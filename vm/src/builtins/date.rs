//! Date: time values (ms since the epoch, UTC) with the specification's day/year arithmetic, the local time zone
//! from the C library (localtime_r), ISO and toString-style parsing, and the usual formatting.

use super::util::{atom, constructor, sym_method};
use super::{arg, method};
use crate::object::ObjectKind;
use crate::runtime::convert::Hint;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_shapes::Attrs;

pub const MS_PER_DAY: f64 = 86_400_000.0;
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// ---- time arithmetic (pure) ----

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12). H. Hinnant's algorithm.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// (year, month 0..=11, day 1..=31) of a day number.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m - 1, d)
}

pub fn make_time(h: f64, m: f64, s: f64, ms: f64) -> f64 {
    if !(h.is_finite() && m.is_finite() && s.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    h.trunc() * 3_600_000.0 + m.trunc() * 60_000.0 + s.trunc() * 1000.0 + ms.trunc()
}

pub fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let (y, m, dt) = (year.trunc(), month.trunc(), date.trunc());
    let ym = y + (m / 12.0).floor();
    if ym.abs() > 400_000.0 {
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0);
    days_from_civil(ym as i64, mn as i64 + 1, 1) as f64 + dt - 1.0
}

pub fn make_date(day: f64, time: f64) -> f64 {
    if !day.is_finite() || !time.is_finite() {
        return f64::NAN;
    }
    day * MS_PER_DAY + time
}

pub fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        return f64::NAN;
    }
    t.trunc() + 0.0
}

/// Broken-down time: [year, month, date, hours, minutes, seconds, ms, weekday].
pub fn components(t: f64) -> [f64; 8] {
    let day = (t / MS_PER_DAY).floor();
    let within = t - day * MS_PER_DAY;
    let (y, m, d) = civil_from_days(day as i64);
    let wd = (day as i64 + 4).rem_euclid(7);
    [
        y as f64,
        m as f64,
        d as f64,
        (within / 3_600_000.0).floor(),
        ((within / 60_000.0).floor()).rem_euclid(60.0),
        ((within / 1000.0).floor()).rem_euclid(60.0),
        within.rem_euclid(1000.0),
        wd as f64,
    ]
}

/// Offset of local time from UTC at UTC time `t`, in ms, and the zone's abbreviation.
fn local_offset(t: f64) -> (f64, String) {
    if !t.is_finite() {
        return (0.0, String::new());
    }
    let secs = (t / 1000.0).floor() as libc::time_t;
    // SAFETY: localtime_r writes into our zeroed `tm`; tm_zone points at static storage of the C library.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&secs, &mut tm).is_null() {
            return (0.0, String::new());
        }
        let zone = if tm.tm_zone.is_null() {
            String::new()
        } else {
            std::ffi::CStr::from_ptr(tm.tm_zone).to_string_lossy().into_owned()
        };
        (tm.tm_gmtoff as f64 * 1000.0, zone)
    }
}

fn local_time(t: f64) -> f64 {
    t + local_offset(t).0
}

/// UTC(t) for a local time value.
fn utc(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    let guess = t - local_offset(t).0;
    t - local_offset(guess).0
}

fn pad2(v: f64) -> String {
    format!("{:02}", v as i64)
}

fn year_str(y: f64) -> String {
    if y < 0.0 { format!("-{:06}", -y as i64) } else { format!("{:04}", y as i64) }
}

pub fn iso_string(t: f64) -> String {
    let c = components(t);
    let y = c[0] as i64;
    let ys = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else if y < 0 {
        format!("-{:06}", -y)
    } else {
        format!("+{y:06}")
    };
    format!("{ys}-{}-{}T{}:{}:{}.{:03}Z", pad2(c[1] + 1.0), pad2(c[2]), pad2(c[3]), pad2(c[4]), pad2(c[5]), c[6] as i64)
}

fn zone_name(abbr: &str, offset: f64) -> String {
    if offset == 0.0 && (abbr == "UTC" || abbr == "GMT" || abbr.is_empty()) {
        "Coordinated Universal Time".into()
    } else {
        abbr.to_string()
    }
}

fn offset_str(offset: f64) -> String {
    let m = (offset / 60_000.0) as i64;
    let sign = if m < 0 { '-' } else { '+' };
    format!("GMT{sign}{:02}{:02}", m.abs() / 60, m.abs() % 60)
}

fn date_part(c: &[f64; 8]) -> String {
    format!("{} {} {} {}", DAYS[c[7] as usize], MONTHS[c[1] as usize], pad2(c[2]), year_str(c[0]))
}

fn time_part(t: f64) -> String {
    let (off, abbr) = local_offset(t);
    let c = components(t + off);
    format!("{}:{}:{} {} ({})", pad2(c[3]), pad2(c[4]), pad2(c[5]), offset_str(off), zone_name(&abbr, off))
}

pub fn to_date_string(t: f64) -> String {
    if t.is_nan() {
        return "Invalid Date".into();
    }
    let c = components(local_time(t));
    format!("{} {}", date_part(&c), time_part(t))
}

// ---- parsing ----

fn parse_iso(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, n: usize| -> Option<f64> {
        if *i + n > b.len() || !b[*i..*i + n].iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v = s[*i..*i + n].parse::<f64>().ok()?;
        *i += n;
        Some(v)
    };
    let year = if b.first() == Some(&b'+') || b.first() == Some(&b'-') {
        let neg = b[0] == b'-';
        i = 1;
        let y = num(&mut i, 6)?;
        if neg && y == 0.0 {
            return None;
        }
        if neg { -y } else { y }
    } else {
        num(&mut i, 4)?
    };
    let (mut month, mut day) = (1.0, 1.0);
    if b.get(i) == Some(&b'-') {
        i += 1;
        month = num(&mut i, 2)?;
        if b.get(i) == Some(&b'-') {
            i += 1;
            day = num(&mut i, 2)?;
        }
    }
    let (mut h, mut mi, mut sec, mut ms) = (0.0, 0.0, 0.0, 0.0);
    let mut offset: Option<f64> = Some(0.0);
    if b.get(i) == Some(&b'T') || b.get(i) == Some(&b't') || (b.get(i) == Some(&b' ') && i == 10) {
        i += 1;
        h = num(&mut i, 2)?;
        if b.get(i) != Some(&b':') {
            return None;
        }
        i += 1;
        mi = num(&mut i, 2)?;
        if b.get(i) == Some(&b':') {
            i += 1;
            sec = num(&mut i, 2)?;
            if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
                i += 1;
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                let frac = &s[start..i.min(start + 3)];
                ms = frac.parse::<f64>().ok()? * 10f64.powi(3 - frac.len() as i32);
            }
        }
        offset = None; // date-time forms without an offset are local time
        if b.get(i) == Some(&b'Z') || b.get(i) == Some(&b'z') {
            i += 1;
            offset = Some(0.0);
        } else if b.get(i) == Some(&b'+') || b.get(i) == Some(&b'-') {
            let sign = if b[i] == b'-' { -1.0 } else { 1.0 };
            i += 1;
            let oh = num(&mut i, 2)?;
            if b.get(i) == Some(&b':') {
                i += 1;
            }
            let om = num(&mut i, 2)?;
            offset = Some(sign * (oh * 60.0 + om) * 60_000.0);
        }
    }
    if i != b.len() {
        return None;
    }
    if !(1.0..=12.0).contains(&month) || !(1.0..=31.0).contains(&day) || h > 24.0 || mi > 59.0 || sec > 59.0 {
        return None;
    }
    if h == 24.0 && (mi != 0.0 || sec != 0.0 || ms != 0.0) {
        return None;
    }
    let t = make_date(make_day(year, month - 1.0, day), make_time(h, mi, sec, ms));
    Some(match offset {
        Some(o) => t - o,
        None => utc(t),
    })
}

/// Fallback for the toString / toUTCString formats and common "Month day, year [time]" strings.
fn parse_loose(s: &str) -> Option<f64> {
    let mut year: Option<f64> = None;
    let mut month: Option<f64> = None;
    let mut day: Option<f64> = None;
    let (mut h, mut mi, mut sec) = (0.0, 0.0, 0.0);
    let mut offset: Option<f64> = None;
    let mut pm: Option<bool> = None;
    let mut nums: Vec<f64> = Vec::new();
    let cleaned: String = {
        // Drop parenthesised comments.
        let mut depth = 0;
        s.chars()
            .filter(|&c| {
                if c == '(' {
                    depth += 1;
                }
                let keep = depth == 0;
                if c == ')' && depth > 0 {
                    depth -= 1;
                }
                keep && c != ')'
            })
            .collect()
    };
    for tok in cleaned.split(|c: char| c.is_whitespace() || c == ',') {
        if tok.is_empty() {
            continue;
        }
        let lower = tok.to_ascii_lowercase();
        if tok.contains(':') {
            let parts: Vec<&str> = tok.split(':').collect();
            h = parts.first()?.parse().ok()?;
            mi = parts.get(1).map_or(Some(0.0), |p| p.parse().ok())?;
            sec = parts.get(2).map_or(Some(0.0), |p| p.parse().ok())?;
        } else if lower == "am" || lower == "pm" {
            pm = Some(lower == "pm");
        } else if lower == "z" || lower == "gmt" || lower == "utc" || lower == "ut" {
            offset = Some(0.0);
        } else if let Some(rest) = lower.strip_prefix("gmt").or_else(|| lower.strip_prefix("utc")) {
            let sign = if rest.starts_with('-') { -1.0 } else { 1.0 };
            let digits = rest.trim_start_matches(['+', '-']);
            let v: f64 = digits.parse().ok()?;
            let (oh, om) = if digits.len() <= 2 { (v, 0.0) } else { ((v / 100.0).trunc(), v % 100.0) };
            offset = Some(sign * (oh * 60.0 + om) * 60_000.0);
        } else if (tok.starts_with('+') || tok.starts_with('-')) && tok.len() == 5 && offset.is_none() {
            let v: f64 = tok[1..].parse().ok()?;
            let sign = if tok.starts_with('-') { -1.0 } else { 1.0 };
            offset = Some(sign * ((v / 100.0).trunc() * 60.0 + v % 100.0) * 60_000.0);
        } else if tok.contains('/') {
            let parts: Vec<f64> = tok.split('/').map(|p| p.parse::<f64>()).collect::<Result<_, _>>().ok()?;
            if parts.len() != 3 {
                return None;
            }
            if parts[0] > 31.0 {
                year = Some(parts[0]);
                month = Some(parts[1] - 1.0);
                day = Some(parts[2]);
            } else {
                month = Some(parts[0] - 1.0);
                day = Some(parts[1]);
                year = Some(parts[2]);
            }
        } else if let Ok(n) = tok.parse::<f64>() {
            nums.push(n);
        } else if lower.len() >= 3 {
            if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(&m.to_ascii_lowercase())) {
                month = Some(m as f64);
            } else if !DAYS.iter().any(|d| lower.starts_with(&d.to_ascii_lowercase())) {
                return None;
            }
        } else {
            return None;
        }
    }
    for n in nums {
        if day.is_none() && n <= 31.0 && month.is_some() {
            day = Some(n);
        } else if year.is_none() {
            year = Some(n);
        } else if day.is_none() {
            day = Some(n);
        } else {
            return None;
        }
    }
    let mut y = year?;
    if (0.0..50.0).contains(&y) {
        y += 2000.0;
    } else if (50.0..100.0).contains(&y) {
        y += 1900.0;
    }
    if let Some(p) = pm {
        if p && h < 12.0 {
            h += 12.0;
        } else if !p && h == 12.0 {
            h = 0.0;
        }
    }
    let t = make_date(make_day(y, month?, day.unwrap_or(1.0)), make_time(h, mi, sec, 0.0));
    Some(match offset {
        Some(o) => t - o,
        None => utc(t),
    })
}

pub fn parse_date(s: &str) -> f64 {
    let s = s.trim();
    let t = parse_iso(s).or_else(|| parse_loose(s)).unwrap_or(f64::NAN);
    time_clip(t)
}

// ---- the builtins ----

fn now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_millis() as f64)
}

pub fn install(vm: &mut Vm) {
    let op = vm.realm.object_prototype;
    let dp = vm.new_object_with_proto(op);
    vm.realm.date_prototype = Value::object(dp);
    let c = constructor(vm, "Date", date_ctor, 7, Value::object(dp));
    method(vm, c, "now", date_now, 0);
    method(vm, c, "parse", date_parse, 1);
    method(vm, c, "UTC", date_utc, 7);

    let getters: &[(&str, crate::vm::NativeFn)] = &[
        ("getTime", get_time),
        ("valueOf", get_time),
        ("getFullYear", g_year),
        ("getMonth", g_month),
        ("getDate", g_date),
        ("getDay", g_day),
        ("getHours", g_hours),
        ("getMinutes", g_minutes),
        ("getSeconds", g_seconds),
        ("getMilliseconds", g_ms),
        ("getUTCFullYear", gu_year),
        ("getUTCMonth", gu_month),
        ("getUTCDate", gu_date),
        ("getUTCDay", gu_day),
        ("getUTCHours", gu_hours),
        ("getUTCMinutes", gu_minutes),
        ("getUTCSeconds", gu_seconds),
        ("getUTCMilliseconds", gu_ms),
        ("getTimezoneOffset", get_timezone_offset),
        ("toISOString", to_iso_string),
        ("toString", to_string),
        ("toDateString", to_date_only_string),
        ("toTimeString", to_time_string),
        ("toUTCString", to_utc_string),
        ("toLocaleString", to_locale_string),
        ("toLocaleDateString", to_locale_date_string),
        ("toLocaleTimeString", to_locale_time_string),
    ];
    for &(n, f) in getters {
        method(vm, dp, n, f, 0);
    }
    let utc_fn = vm.get_str(dp, "toUTCString").unwrap_or(Value::UNDEFINED);
    super::value(vm, dp, "toGMTString", utc_fn, Attrs::HIDDEN);
    method(vm, dp, "toJSON", to_json, 1);
    let setters: &[(&str, crate::vm::NativeFn, u32)] = &[
        ("setTime", set_time, 1),
        ("setMilliseconds", s_ms, 1),
        ("setSeconds", s_seconds, 2),
        ("setMinutes", s_minutes, 3),
        ("setHours", s_hours, 4),
        ("setDate", s_date, 1),
        ("setMonth", s_month, 2),
        ("setFullYear", s_year, 3),
        ("setUTCMilliseconds", su_ms, 1),
        ("setUTCSeconds", su_seconds, 2),
        ("setUTCMinutes", su_minutes, 3),
        ("setUTCHours", su_hours, 4),
        ("setUTCDate", su_date, 1),
        ("setUTCMonth", su_month, 2),
        ("setUTCFullYear", su_year, 3),
    ];
    for &(n, f, l) in setters {
        method(vm, dp, n, f, l);
    }
    let tp = vm.atoms.sym_to_primitive;
    sym_method(vm, dp, tp, "[Symbol.toPrimitive]", to_primitive, 1, Attrs(Attrs::CONFIGURABLE));
}

fn this_time(vm: &mut Vm, this: Value) -> JsResult<f64> {
    if let Some(o) = this.try_object()
        && let ObjectKind::Date(t) = o.kind
    {
        return Ok(t);
    }
    vm.throw_type("this is not a Date object.")
}

fn set_this_time(this: Value, t: f64) {
    // SAFETY: single-threaded VM; `this` was checked to be a live Date object.
    if let ObjectKind::Date(v) = &mut unsafe { this.as_object().get_mut() }.kind {
        *v = t;
    }
}

fn date_ctor(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if nt.is_undefined() {
        return Ok(vm.new_string(&to_date_string(now())));
    }
    let t = match args.len() {
        0 => now(),
        1 => {
            let v = args[0];
            let existing = match v.try_object() {
                Some(o) => match o.kind {
                    ObjectKind::Date(t) => Some(t),
                    _ => None,
                },
                None => None,
            };
            let tv = match existing {
                Some(t) => t,
                None => {
                    let p = vm.to_primitive(v, Hint::Default)?;
                    if p.is_string() { parse_date(&p.as_string().to_rust_string()) } else { vm.to_number(p)? }
                }
            };
            time_clip(tv)
        }
        _ => time_clip(utc(from_components(vm, args)?)),
    };
    let fallback = vm.realm.date_prototype;
    let proto = vm.get_prototype_from_constructor(nt, fallback)?;
    Ok(Value::object(vm.new_object_kind(proto, ObjectKind::Date(t), 4)))
}

/// MakeDate from (year, month[, date, hours, minutes, seconds, ms]) arguments, with the two-digit year rule.
fn from_components(vm: &mut Vm, args: &[Value]) -> JsResult<f64> {
    let mut c = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    for (i, slot) in c.iter_mut().enumerate() {
        if i < args.len() {
            *slot = vm.to_number(args[i])?;
        }
    }
    let mut y = c[0];
    if !y.is_nan() {
        let yi = y.trunc();
        if (0.0..=99.0).contains(&yi) {
            y = 1900.0 + yi;
        }
    }
    Ok(make_date(make_day(y, c[1], c[2]), make_time(c[3], c[4], c[5], c[6])))
}

fn date_now(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(now()))
}

fn date_parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(arg(args, 0))?;
    Ok(Value::number(parse_date(&s)))
}

fn date_utc(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = from_components(vm, args)?;
    Ok(Value::number(time_clip(t)))
}

fn get_time(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(this_time(vm, this)?))
}

fn get_component(vm: &mut Vm, this: Value, local: bool, i: usize) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(Value::double(f64::NAN));
    }
    let t = if local { local_time(t) } else { t };
    Ok(Value::number(components(t)[i]))
}

macro_rules! getters {
    ($($name:ident = $local:expr, $i:expr;)*) => {
        $(fn $name(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
            get_component(vm, this, $local, $i)
        })*
    };
}

getters! {
    g_year = true, 0; g_month = true, 1; g_date = true, 2; g_hours = true, 3; g_minutes = true, 4;
    g_seconds = true, 5; g_ms = true, 6; g_day = true, 7;
    gu_year = false, 0; gu_month = false, 1; gu_date = false, 2; gu_hours = false, 3; gu_minutes = false, 4;
    gu_seconds = false, 5; gu_ms = false, 6; gu_day = false, 7;
}

fn get_timezone_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(Value::double(f64::NAN));
    }
    Ok(Value::number((t - local_time(t)) / 60_000.0))
}

fn set_time(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_time(vm, this)?;
    let t = time_clip(vm.to_number(arg(args, 0))?);
    set_this_time(this, t);
    Ok(Value::number(t))
}

/// The setters: `first` is the component index of the first argument, `max` how many arguments it takes.
fn set_components(vm: &mut Vm, this: Value, args: &[Value], local: bool, first: usize, max: usize) -> JsResult<Value> {
    let t0 = this_time(vm, this)?;
    let mut t = if local { local_time(t0) } else { t0 };
    if t.is_nan() && first == 0 {
        t = 0.0;
    }
    let mut c = components(if t.is_nan() { 0.0 } else { t });
    let n = args.len().clamp(1, max);
    for i in 0..n {
        c[first + i] = vm.to_number(arg(args, i))?;
    }
    if t.is_nan() {
        return Ok(Value::double(f64::NAN));
    }
    let nd = make_date(make_day(c[0], c[1], c[2]), make_time(c[3], c[4], c[5], c[6]));
    let v = time_clip(if local { utc(nd) } else { nd });
    set_this_time(this, v);
    Ok(Value::number(v))
}

macro_rules! setters {
    ($($name:ident = $local:expr, $first:expr, $max:expr;)*) => {
        $(fn $name(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
            set_components(vm, this, args, $local, $first, $max)
        })*
    };
}

setters! {
    s_ms = true, 6, 1; s_seconds = true, 5, 2; s_minutes = true, 4, 3; s_hours = true, 3, 4;
    s_date = true, 2, 1; s_month = true, 1, 2; s_year = true, 0, 3;
    su_ms = false, 6, 1; su_seconds = false, 5, 2; su_minutes = false, 4, 3; su_hours = false, 3, 4;
    su_date = false, 2, 1; su_month = false, 1, 2; su_year = false, 0, 3;
}

fn to_iso_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return vm.throw_range("Invalid time value");
    }
    Ok(vm.new_string(&iso_string(t)))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    Ok(vm.new_string(&to_date_string(t)))
}

fn to_date_only_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    Ok(vm.new_string(&date_part(&components(local_time(t)))))
}

fn to_time_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    Ok(vm.new_string(&time_part(t)))
}

fn to_utc_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let c = components(t);
    let s = format!(
        "{}, {} {} {} {}:{}:{} GMT",
        DAYS[c[7] as usize],
        pad2(c[2]),
        MONTHS[c[1] as usize],
        year_str(c[0]),
        pad2(c[3]),
        pad2(c[4]),
        pad2(c[5])
    );
    Ok(vm.new_string(&s))
}

fn locale_date(c: &[f64; 8]) -> String {
    format!("{}/{}/{}", c[1] as i64 + 1, c[2] as i64, c[0] as i64)
}

fn locale_time(c: &[f64; 8]) -> String {
    let h = c[3] as i64;
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    format!("{h12}:{}:{} {}", pad2(c[4]), pad2(c[5]), if h < 12 { "AM" } else { "PM" })
}

fn locale_impl(vm: &mut Vm, this: Value, which: u8) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.new_string("Invalid Date"));
    }
    let c = components(local_time(t));
    let s = match which {
        0 => format!("{}, {}", locale_date(&c), locale_time(&c)),
        1 => locale_date(&c),
        _ => locale_time(&c),
    };
    Ok(vm.new_string(&s))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    locale_impl(vm, this, 0)
}
fn to_locale_date_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    locale_impl(vm, this, 1)
}
fn to_locale_time_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    locale_impl(vm, this, 2)
}

fn to_json(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let tv = vm.to_primitive(Value::object(o), Hint::Number)?;
    if tv.is_number() && !tv.as_number().is_finite() {
        return Ok(Value::NULL);
    }
    let f = vm.get_str(o, "toISOString")?;
    vm.call(f, Value::object(o), &[])
}

fn to_primitive(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw_type("Date.prototype[Symbol.toPrimitive] called on non-object");
    }
    let h = arg(args, 0);
    let hs = if h.is_string() { h.as_string().to_rust_string() } else { String::new() };
    let order = match hs.as_str() {
        "string" | "default" => [vm.atoms.to_string, vm.atoms.value_of],
        "number" => [vm.atoms.value_of, vm.atoms.to_string],
        _ => return vm.throw_type("Invalid hint"),
    };
    for name in order {
        let k = atom(name);
        let f = vm.get(this.as_object(), k, this)?;
        if vm.is_callable(f) {
            let r = vm.call(f, this, &[])?;
            if !r.is_object() {
                return Ok(r);
            }
        }
    }
    vm.throw_type("Cannot convert object to primitive value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        for z in [-1_000_000, -1, 0, 59, 11016, 11017, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m + 1, d), z);
        }
        assert_eq!(civil_from_days(-1), (1969, 11, 31));
    }

    #[test]
    fn make_and_split() {
        let t = make_date(make_day(2020.0, 1.0, 29.0), make_time(12.0, 30.0, 15.0, 250.0));
        assert_eq!(t, 1582979415250.0);
        assert_eq!(components(t), [2020.0, 1.0, 29.0, 12.0, 30.0, 15.0, 250.0, 6.0]);
        assert_eq!(make_day(2020.0, 13.0, 1.0), make_day(2021.0, 1.0, 1.0));
        assert_eq!(make_day(2020.0, -1.0, 1.0), make_day(2019.0, 11.0, 1.0));
        assert_eq!(components(-1.0)[0..7], [1969.0, 11.0, 31.0, 23.0, 59.0, 59.0, 999.0]);
    }

    #[test]
    fn iso() {
        assert_eq!(iso_string(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(parse_date("2000-01-01T00:00:00.000Z"), 946684800000.0);
        assert_eq!(parse_date("2000-01-01"), 946684800000.0);
        assert_eq!(parse_date("2000-01-01T01:00:00+01:00"), 946684800000.0);
        assert!(parse_date("2000-13-01").is_nan());
        assert!(parse_date("nonsense").is_nan());
        assert_eq!(parse_date("Sat, 01 Jan 2000 00:00:00 GMT"), 946684800000.0);
        assert_eq!(parse_date("Sat Jan 01 2000 01:00:00 GMT+0100 (CET)"), 946684800000.0);
        assert_eq!(iso_string(-62198755200000.0), "-000001-01-01T00:00:00.000Z");
    }
}
