use super::small;
use crate::Runtime;
use crate::runtime::operators::BinOp;
use crate::value::{SMALL_BIGINT_MAX, SMALL_BIGINT_MIN, Value};
use num_bigint::BigInt;

const MAX: i64 = SMALL_BIGINT_MAX;
const MIN: i64 = SMALL_BIGINT_MIN;

#[test]
fn small_bigints_round_trip_and_stay_out_of_the_other_kinds() {
    for i in [0, 1, -1, MAX, MIN, 42, -12345678901] {
        let v = Value::small_bigint(i).expect("in range");
        assert!(v.is_bigint() && v.is_small_bigint() && !v.is_bigint_cell());
        assert!(!v.is_number() && !v.is_cell() && !v.is_string() && !v.is_object() && !v.is_nullish());
        assert_eq!(v.as_small_bigint(), i);
    }
    assert!(Value::small_bigint(MAX + 1).is_none());
    assert!(Value::small_bigint(MIN - 1).is_none());
    assert!(Value::small_bigint(i64::MIN).is_none());
}

#[test]
fn new_bigint_is_canonical() {
    let mut rt = Runtime::new();
    let vm = &mut rt.vm;
    for i in [0, MAX, MIN, -7] {
        let v = vm.new_bigint(BigInt::from(i));
        assert_eq!(v, Value::small_bigint(i).expect("in range"));
        assert_eq!(vm.bigint_from_i128(i as i128), v);
    }
    for i in [MAX as i128 + 1, MIN as i128 - 1, i128::MAX, i128::MIN] {
        let v = vm.bigint_from_i128(i);
        assert!(v.is_bigint_cell());
        assert_eq!(*super::big(v), BigInt::from(i));
    }
}

#[test]
fn operators_compute_exactly_at_the_boundaries() {
    assert_eq!(small::binary(BinOp::Add, MAX, 1), Some(MAX as i128 + 1));
    assert_eq!(small::binary(BinOp::Sub, MIN, 1), Some(MIN as i128 - 1));
    assert_eq!(small::binary(BinOp::Mul, MIN, MIN), Some(1 << 94));
    assert_eq!(small::binary(BinOp::Div, -7, 2), Some(-3));
    assert_eq!(small::binary(BinOp::Mod, -7, 2), Some(-1));
    assert_eq!(small::binary(BinOp::Div, 1, 0), None);
    assert_eq!(small::binary(BinOp::Mod, 1, 0), None);
    assert_eq!(small::binary(BinOp::Exp, 2, 126), Some(1 << 126));
    assert_eq!(small::binary(BinOp::Exp, 2, 127), None);
    assert_eq!(small::binary(BinOp::Exp, 2, -1), None);
    assert_eq!(small::binary(BinOp::Shl, MIN, 79), Some((MIN as i128) << 79));
    assert_eq!(small::binary(BinOp::Shl, 1, 80), None);
    assert_eq!(small::binary(BinOp::Shl, 0, MAX), Some(0));
    assert_eq!(small::binary(BinOp::Shl, -5, -1), Some(-3));
    assert_eq!(small::binary(BinOp::Sar, -5, 1), Some(-3));
    assert_eq!(small::binary(BinOp::Sar, -5, MAX), Some(-1));
    assert_eq!(small::binary(BinOp::Sar, 5, MAX), Some(0));
    assert_eq!(small::binary(BinOp::Sar, 3, MIN), None);
    assert_eq!(small::binary(BinOp::Shr, 1, 1), None);
    assert_eq!(small::binary(BinOp::BitXor, -1, MAX), Some(MIN as i128));
}

#[test]
fn small_strings_match_num_bigint() {
    for x in [0, 1, -1, MAX, MIN, 255, -36] {
        for radix in [2, 8, 10, 16, 36] {
            assert_eq!(small::to_string_radix(x, radix), BigInt::from(x).to_str_radix(radix));
        }
    }
}

#[test]
fn equality_crosses_representations_by_value() {
    let mut rt = Runtime::new();
    let r = rt.eval(
        "const a = 2n ** 47n, b = a - 1n, c = b + 1n; \
         [a === c, b === c, (b + 1n) === a, Object.is(a - 1n, b), new Set([a, c, b, 2n ** 47n - 1n]).size].join()",
    );
    assert_eq!(r, Ok("true,false,true,true,2".to_string()));
}

#[test]
fn and_of_a_cell_with_a_non_negative_small_matches_num_bigint() {
    let cells =
        [BigInt::from(1) << 100usize, -(BigInt::from(3) << 70usize) + 5, BigInt::from(MAX) + 1, BigInt::from(MIN) - 1];
    for x in &cells {
        for y in [1, -1, 7, -7, 64, MAX, MIN, 0] {
            let and = small::and_non_negative(x, y).map(BigInt::from);
            assert_eq!(and, (y >= 0).then(|| x & BigInt::from(y)), "{x} & {y}");
        }
    }
}
