//! JSON.parse and JSON.stringify.

use super::util::{atom, index_key};
use super::{arg, method, value};
use crate::handles::RootedVec;
use crate::object::{JsObject, ObjectKind};
use crate::realm::ErrorKind;
use crate::runtime::convert::number_to_string;
use crate::runtime::property::PropKey;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use tetra_gc::Gc;
use tetra_shapes::Attrs;

pub fn install(vm: &mut Vm) {
    let j = vm.new_object();
    let g = vm.realm.global.as_object();
    value(vm, g, "JSON", Value::object(j), Attrs::HIDDEN);
    method(vm, j, "parse", parse, 2);
    method(vm, j, "stringify", stringify, 3);
    super::util::to_string_tag(vm, j, "JSON");
}

// ---- parse ----

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], 0x20 | 0x09 | 0x0A | 0x0D) {
            self.i += 1;
        }
    }

    fn error<T>(&self, vm: &mut Vm) -> JsResult<T> {
        if self.i >= self.s.len() {
            return vm.throw(ErrorKind::SyntaxError, "Unexpected end of JSON input");
        }
        let c = self.s[self.i];
        let ch = char::from_u32(c as u32).unwrap_or('\u{FFFD}');
        let shown = if c == b'"' as u16 { "string".to_string() } else { format!("token {ch}") };
        vm.throw(ErrorKind::SyntaxError, &format!("Unexpected {shown} in JSON at position {}", self.i))
    }

    fn expect(&mut self, vm: &mut Vm, c: u8) -> JsResult<()> {
        if self.i < self.s.len() && self.s[self.i] == c as u16 {
            self.i += 1;
            Ok(())
        } else {
            self.error(vm)
        }
    }

    fn literal(&mut self, vm: &mut Vm, word: &str, v: Value) -> JsResult<Value> {
        for b in word.bytes() {
            self.expect(vm, b)?;
        }
        Ok(v)
    }

    fn value(&mut self, vm: &mut Vm) -> JsResult<Value> {
        if !vm.native_stack_ok() {
            return vm.throw_range("Maximum call stack size exceeded");
        }
        self.ws();
        let Some(&c) = self.s.get(self.i) else {
            return self.error(vm);
        };
        match c {
            0x7B => self.object(vm),
            0x5B => self.array(vm),
            0x22 => {
                let u = self.string(vm)?;
                vm.new_string_units(u)
            }
            0x74 => self.literal(vm, "true", Value::TRUE),
            0x66 => self.literal(vm, "false", Value::FALSE),
            0x6E => self.literal(vm, "null", Value::NULL),
            _ if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => self.number(vm),
            _ => self.error(vm),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.i < self.s.len() && (b'0' as u16..=b'9' as u16).contains(&self.s[self.i]) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self, vm: &mut Vm) -> JsResult<Value> {
        let start = self.i;
        if self.s[self.i] == b'-' as u16 {
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&(b'0' as u16)) {
            self.i += 1;
        } else if self.digits() == 0 {
            return self.error(vm);
        }
        if self.s.get(self.i) == Some(&(b'.' as u16)) {
            self.i += 1;
            if self.digits() == 0 {
                return self.error(vm);
            }
        }
        if matches!(self.s.get(self.i), Some(&0x65) | Some(&0x45)) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(&0x2B) | Some(&0x2D)) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.error(vm);
            }
        }
        let t: String = self.s[start..self.i].iter().map(|&c| c as u8 as char).collect();
        Ok(Value::number(t.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn string(&mut self, vm: &mut Vm) -> JsResult<Vec<u16>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return self.error(vm);
            };
            match c {
                0x22 => {
                    self.i += 1;
                    return Ok(out);
                }
                0x5C => {
                    self.i += 1;
                    let Some(&e) = self.s.get(self.i) else {
                        return self.error(vm);
                    };
                    let r = match e {
                        0x22 => 0x22,
                        0x5C => 0x5C,
                        0x2F => 0x2F,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v = 0u16;
                            for _ in 0..4 {
                                self.i += 1;
                                let d = self
                                    .s
                                    .get(self.i)
                                    .and_then(|&h| char::from_u32(h as u32))
                                    .and_then(|h| h.to_digit(16));
                                let Some(d) = d else { return self.error(vm) };
                                v = v * 16 + d as u16;
                            }
                            v
                        }
                        _ => return self.error(vm),
                    };
                    out.push(r);
                    self.i += 1;
                }
                _ if c < 0x20 => return self.error(vm),
                _ => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn array(&mut self, vm: &mut Vm) -> JsResult<Value> {
        self.i += 1;
        // Elements go straight into the (rooted, on-stack) array as they are parsed.
        let a = vm.new_array(thin_vec::ThinVec::new());
        self.ws();
        if self.s.get(self.i) == Some(&(b']' as u16)) {
            self.i += 1;
            return Ok(Value::object(a));
        }
        loop {
            let v = self.value(vm)?;
            // SAFETY: single-threaded VM, live array created above with fast elements.
            unsafe {
                let m = a.get_mut();
                m.elements.push(v);
                m.length = m.elements.len() as u32;
            }
            self.ws();
            match self.s.get(self.i) {
                Some(&0x2C) => self.i += 1,
                Some(&0x5D) => {
                    self.i += 1;
                    return Ok(Value::object(a));
                }
                _ => return self.error(vm),
            }
        }
    }

    fn object(&mut self, vm: &mut Vm) -> JsResult<Value> {
        self.i += 1;
        let o = vm.new_object();
        self.ws();
        if self.s.get(self.i) == Some(&(b'}' as u16)) {
            self.i += 1;
            return Ok(Value::object(o));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&(b'"' as u16)) {
                return self.error(vm);
            }
            let ku = self.string(vm)?;
            let ks = vm.intern_units(&ku);
            let k = vm.to_property_key(Value::string(ks))?;
            self.ws();
            self.expect(vm, b':')?;
            let v = self.value(vm)?;
            vm.create_data_property_or_throw(o, k, v)?;
            self.ws();
            match self.s.get(self.i) {
                Some(&0x2C) => self.i += 1,
                Some(&0x7D) => {
                    self.i += 1;
                    return Ok(Value::object(o));
                }
                _ => return self.error(vm),
            }
        }
    }
}

pub(crate) fn parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = vm.to_string(arg(args, 0))?;
    let units = text.units().to_vec();
    let mut p = Parser { s: &units, i: 0 };
    let v = p.value(vm)?;
    p.ws();
    if p.i < units.len() {
        return p.error(vm);
    }
    let reviver = arg(args, 1);
    if vm.is_callable(reviver) {
        let root = vm.new_object();
        let ek = atom(vm.atoms.empty);
        vm.create_data_property_or_throw(root, ek, v)?;
        return internalize(vm, root, vm.atoms.empty, reviver);
    }
    Ok(v)
}

fn internalize(vm: &mut Vm, holder: Gc<JsObject>, name: Value, reviver: Value) -> JsResult<Value> {
    if !vm.native_stack_ok() {
        return vm.throw_range("Maximum call stack size exceeded");
    }
    let nk = vm.to_property_key(name)?;
    let val = vm.get(holder, nk, Value::object(holder))?;
    if val.is_object() {
        let o = val.as_object();
        if vm.is_array_value(val)? {
            let len = vm.length_of(val)?;
            for i in 0..len {
                let ik = index_key(vm, i as f64);
                let ks = vm.key_to_value(ik);
                let ne = internalize(vm, o, ks, reviver)?;
                let k = index_key(vm, i as f64);
                if ne.is_undefined() {
                    vm.delete(o, k)?;
                } else {
                    vm.create_data_property(o, k, ne)?;
                }
            }
        } else {
            let keys = super::object::enumerable_own(vm, o, 0)?;
            let n = keys.length;
            for i in 0..n {
                let ks = vm.get(keys, PropKey::Index(i), Value::object(keys))?;
                let ne = internalize(vm, o, ks, reviver)?;
                let k = vm.to_property_key(ks)?;
                if ne.is_undefined() {
                    vm.delete(o, k)?;
                } else {
                    vm.create_data_property(o, k, ne)?;
                }
            }
        }
    }
    vm.call(reviver, Value::object(holder), &[name, val])
}

// ---- stringify ----

/// QuoteJSONString, appending to `out`.
pub fn quote(out: &mut Vec<u16>, s: &[u16]) {
    const HEX: &[u8] = b"0123456789abcdef";
    out.push(b'"' as u16);
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            0x22 => out.extend_from_slice(&[0x5C, 0x22]),
            0x5C => out.extend_from_slice(&[0x5C, 0x5C]),
            0x08 => out.extend_from_slice(&[0x5C, b'b' as u16]),
            0x0C => out.extend_from_slice(&[0x5C, b'f' as u16]),
            0x0A => out.extend_from_slice(&[0x5C, b'n' as u16]),
            0x0D => out.extend_from_slice(&[0x5C, b'r' as u16]),
            0x09 => out.extend_from_slice(&[0x5C, b't' as u16]),
            _ => {
                let lone = if (0xD800..0xDC00).contains(&c) {
                    if i + 1 < s.len() && (0xDC00..0xE000).contains(&s[i + 1]) {
                        out.push(c);
                        out.push(s[i + 1]);
                        i += 2;
                        continue;
                    }
                    true
                } else {
                    (0xDC00..0xE000).contains(&c)
                };
                if c < 0x20 || lone {
                    out.extend_from_slice(&[0x5C, b'u' as u16]);
                    for sh in [12, 8, 4, 0] {
                        out.push(HEX[((c >> sh) & 0xF) as usize] as u16);
                    }
                } else {
                    out.push(c);
                }
            }
        }
        i += 1;
    }
    out.push(b'"' as u16);
}

struct Stringifier {
    replacer: Value,
    /// Property list from an array replacer (keys as string values, rooted).
    keys: Option<RootedVec>,
    stack: Vec<Value>,
    indent: Vec<u16>,
    gap: Vec<u16>,
    out: Vec<u16>,
}

impl Stringifier {
    /// SerializeJSONProperty; returns false when the value serializes to undefined.
    fn property(&mut self, vm: &mut Vm, holder: Gc<JsObject>, key: Value) -> JsResult<bool> {
        let k = vm.to_property_key(key)?;
        let mut v = vm.get(holder, k, Value::object(holder))?;
        if v.is_object() || v.is_bigint() {
            let tj = atom(vm.atoms.to_json);
            let f = vm.get_v(v, tj)?;
            if vm.is_callable(f) {
                v = vm.call(f, v, &[key])?;
            }
        }
        if !self.replacer.is_undefined() {
            v = vm.call(self.replacer, Value::object(holder), &[key, v])?;
        }
        self.value(vm, v)
    }

    fn value(&mut self, vm: &mut Vm, mut v: Value) -> JsResult<bool> {
        if let Some(o) = v.try_object() {
            match o.kind {
                ObjectKind::Number(_) => v = Value::number(vm.to_number(v)?),
                ObjectKind::String(_) => v = vm.to_string_value(v)?,
                ObjectKind::Boolean(b) => v = Value::bool(b),
                ObjectKind::BigInt(b) => v = b,
                _ => {}
            }
        }
        if v.is_bigint() {
            return vm.throw_type("Do not know how to serialize a BigInt");
        }
        if v.is_null() {
            self.out.extend("null".encode_utf16());
        } else if v.is_bool() {
            self.out.extend(if v.as_bool() { "true" } else { "false" }.encode_utf16());
        } else if v.is_string() {
            quote(&mut self.out, &v.as_string().units().to_vec());
        } else if v.is_number() {
            let d = v.as_number();
            let s = if d.is_finite() { number_to_string(d) } else { "null".into() };
            self.out.extend(s.encode_utf16());
        } else if v.is_object() && !vm.is_callable(v) {
            if vm.is_array_value(v)? {
                self.array(vm, v.as_object())?;
            } else {
                self.object(vm, v.as_object())?;
            }
        } else {
            return Ok(false);
        }
        Ok(true)
    }

    fn enter(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        if self.stack.contains(&Value::object(o)) {
            return vm.throw_type("Converting circular structure to JSON");
        }
        if !vm.native_stack_ok() {
            return vm.throw_range("Maximum call stack size exceeded");
        }
        self.stack.push(Value::object(o));
        Ok(())
    }

    /// The output so far fits in a string (V8's limit), else the RangeError.
    fn check_length(&self, vm: &mut Vm) -> JsResult<()> {
        if self.out.len() > super::string::MAX_STRING_LENGTH {
            return vm.throw_range("Invalid string length");
        }
        Ok(())
    }

    fn newline_indent(&mut self) {
        self.out.push(b'\n' as u16);
        self.out.extend_from_slice(&self.indent);
    }

    fn object(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        self.enter(vm, o)?;
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap.clone());
        let keys: RootedVec = match &self.keys {
            Some(k) => RootedVec::from_vec(k.to_vec()),
            None => {
                let arr = super::object::enumerable_own(vm, o, 0)?;
                RootedVec::from_vec(arr.elements.to_vec())
            }
        };
        self.out.push(b'{' as u16);
        let mut any = false;
        for &k in keys.iter() {
            let mark = self.out.len();
            if any {
                self.out.push(b',' as u16);
            }
            if !self.gap.is_empty() {
                self.newline_indent();
            }
            quote(&mut self.out, &k.as_string().units().to_vec());
            self.out.push(b':' as u16);
            if !self.gap.is_empty() {
                self.out.push(b' ' as u16);
            }
            if self.property(vm, o, k)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
            self.check_length(vm)?;
        }
        self.indent.truncate(stepback);
        if any && !self.gap.is_empty() {
            self.newline_indent();
        }
        self.out.push(b'}' as u16);
        self.stack.pop();
        Ok(())
    }

    fn array(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        self.enter(vm, o)?;
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap.clone());
        let len = vm.length_of(Value::object(o))?;
        self.out.push(b'[' as u16);
        for i in 0..len {
            if i > 0 {
                self.out.push(b',' as u16);
            }
            if !self.gap.is_empty() {
                self.newline_indent();
            }
            let k = index_key(vm, i as f64);
            let kv = vm.key_to_value(k);
            if !self.property(vm, o, kv)? {
                self.out.extend("null".encode_utf16());
            }
            self.check_length(vm)?;
        }
        self.indent.truncate(stepback);
        if len > 0 && !self.gap.is_empty() {
            self.newline_indent();
        }
        self.out.push(b']' as u16);
        self.stack.pop();
        Ok(())
    }
}

fn stringify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let value = arg(args, 0);
    let replacer = arg(args, 1);
    let mut space = arg(args, 2);
    let mut st = Stringifier {
        replacer: Value::UNDEFINED,
        keys: None,
        stack: Vec::new(),
        indent: Vec::new(),
        gap: Vec::new(),
        out: Vec::new(),
    };
    if vm.is_callable(replacer) {
        st.replacer = replacer;
    } else if vm.is_array_value(replacer)? {
        let mut list = RootedVec::new();
        let len = vm.length_of(replacer)?;
        for i in 0..len {
            let k = index_key(vm, i as f64);
            let v = vm.get_v(replacer, k)?;
            let item = if v.is_string() {
                Some(v)
            } else if v.is_number()
                || (v.is_object() && matches!(v.as_object().kind, ObjectKind::Number(_) | ObjectKind::String(_)))
            {
                Some(vm.to_string_value(v)?)
            } else {
                None
            };
            if let Some(item) = item {
                let s = vm.intern_string(item.as_string());
                let iv = Value::string(s);
                if !list.contains(&iv) {
                    list.push(iv);
                }
            }
        }
        st.keys = Some(list);
    }
    if let Some(o) = space.try_object() {
        match o.kind {
            ObjectKind::Number(_) => space = Value::number(vm.to_number(space)?),
            ObjectKind::String(_) => space = vm.to_string_value(space)?,
            _ => {}
        }
    }
    if space.is_number() {
        let n = space.as_number();
        let n = if n.is_nan() { 0.0 } else { n.trunc().clamp(0.0, 10.0) };
        st.gap = vec![b' ' as u16; n as usize];
    } else if space.is_string() {
        st.gap = space.as_string().units().iter().take(10).collect();
    }
    let wrapper = vm.new_object();
    let ek = atom(vm.atoms.empty);
    vm.create_data_property_or_throw(wrapper, ek, value)?;
    let empty = vm.atoms.empty;
    if !st.property(vm, wrapper, empty)? {
        return Ok(Value::UNDEFINED);
    }
    st.check_length(vm)?;
    vm.new_string_units(st.out)
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting() {
        let q = |s: &[u16]| {
            String::from_utf16(&{
                let mut o = Vec::new();
                quote(&mut o, s);
                o
            })
            .unwrap()
        };
        assert_eq!(q(&"a\"b\\c\n\u{1}".encode_utf16().collect::<Vec<_>>()), "\"a\\\"b\\\\c\\n\\u0001\"");
        assert_eq!(q(&[0xD800]), "\"\\ud800\"");
        assert_eq!(q(&[0xDC00, 0x41]), "\"\\udc00A\"");
        assert_eq!(q(&[0xD83D, 0xDE00]), "\"\u{1F600}\"");
    }
}
