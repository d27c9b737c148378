//! Value-level runtime entries for compiled code: plain `extern "C"` functions of values, for the operations whose
//! fast cases compiled code tests inline and whose rest it calls here. They never throw and never allocate, so a
//! call needs no frame state.

use crate::value::Value;

/// `ToBoolean` of a value that is not a boolean or int32 (compiled code tests those inline).
pub extern "C" fn to_boolean(v: Value) -> u64 {
    crate::runtime::convert::to_boolean(v) as u64
}

/// `a === b` for two values with different bits (numbers of different representation, strings by content).
pub extern "C" fn strict_equals(a: Value, b: Value) -> u64 {
    crate::runtime::operators::strict_equals(a, b) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_agree_with_the_runtime() {
        assert_eq!(to_boolean(Value::double(0.0)), 0);
        assert_eq!(to_boolean(Value::double(f64::NAN)), 0);
        assert_eq!(to_boolean(Value::double(0.5)), 1);
        assert_eq!(strict_equals(Value::int(1), Value::double(1.0)), 1);
        assert_eq!(strict_equals(Value::double(f64::NAN), Value::double(f64::NAN)), 0);
        assert_eq!(strict_equals(Value::double(0.0), Value::double(-0.0)), 1);
        assert_eq!(strict_equals(Value::NULL, Value::UNDEFINED), 0);
    }
}
