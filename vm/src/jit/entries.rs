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

    /// Compiled code reads out-of-line slots and elements through the ThinVec header: its first word is the length,
    /// its capacity is at `thin_vec_capacity_offset` and the data follows at `thin_vec_data_offset`.
    #[test]
    fn thin_vec_layout_as_compiled_code_reads_it() {
        use crate::tiering::runtime::{thin_vec_capacity_offset, thin_vec_data_offset};
        let mut v: thin_vec::ThinVec<Value> = thin_vec::ThinVec::with_capacity(10);
        v.extend([Value::int(7), Value::int(8), Value::int(9)]);
        // SAFETY: as in `thin_vec_data_offset`.
        let header = unsafe { *(&v as *const thin_vec::ThinVec<Value> as *const usize) };
        // SAFETY: the header of a live ThinVec with three elements.
        unsafe {
            assert_eq!(*(header as *const usize), 3);
            assert_eq!(*((header + thin_vec_capacity_offset()) as *const usize), v.capacity());
            assert_eq!(*((header + thin_vec_data_offset() + 8) as *const Value), Value::int(8));
        }
    }
}
