//! The Math object.

use super::{arg, method, value};
use crate::runtime::operators::js_pow;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::cell::Cell;
use tetra_shapes::Attrs;

/// Math functions a compiled tier computes inline for a number argument.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MathIntrinsic {
    Sqrt,
    Abs,
}

/// Which intrinsic the function object `f` is, if any (compared by its native entry point).
pub fn intrinsic_of(f: Value) -> Option<MathIntrinsic> {
    let crate::object::ObjectKind::Native(n) = &f.try_object()?.kind else { return None };
    let entry = n.f as *const () as usize;
    if entry == f_sqrt as *const () as usize {
        Some(MathIntrinsic::Sqrt)
    } else if entry == f_abs as *const () as usize {
        Some(MathIntrinsic::Abs)
    } else {
        None
    }
}

pub fn install(vm: &mut Vm) {
    let m = vm.new_object();
    let g = vm.realm.global.as_object();
    value(vm, g, "Math", Value::object(m), Attrs::HIDDEN);
    let consts = [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ];
    for (n, v) in consts {
        value(vm, m, n, Value::number(v), Attrs::NONE);
    }
    super::util::to_string_tag(vm, m, "Math");
    let unary: &[(&str, crate::vm::NativeFn)] = &[
        ("abs", f_abs),
        ("acos", f_acos),
        ("acosh", f_acosh),
        ("asin", f_asin),
        ("asinh", f_asinh),
        ("atan", f_atan),
        ("atanh", f_atanh),
        ("cbrt", f_cbrt),
        ("ceil", f_ceil),
        ("clz32", f_clz32),
        ("cos", f_cos),
        ("cosh", f_cosh),
        ("exp", f_exp),
        ("expm1", f_expm1),
        ("floor", f_floor),
        ("fround", f_fround),
        ("f16round", f_f16round),
        ("log", f_log),
        ("log1p", f_log1p),
        ("log10", f_log10),
        ("log2", f_log2),
        ("round", f_round),
        ("sign", f_sign),
        ("sin", f_sin),
        ("sinh", f_sinh),
        ("sqrt", f_sqrt),
        ("tan", f_tan),
        ("tanh", f_tanh),
        ("trunc", f_trunc),
    ];
    for &(n, f) in unary {
        method(vm, m, n, f, 1);
    }
    method(vm, m, "atan2", atan2, 2);
    method(vm, m, "hypot", hypot, 2);
    method(vm, m, "imul", imul, 2);
    method(vm, m, "max", max, 2);
    method(vm, m, "min", min, 2);
    method(vm, m, "pow", pow, 2);
    method(vm, m, "random", random, 0);
}

macro_rules! unary {
    ($($name:ident => $e:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
                let x = vm.to_number(arg(args, 0))?;
                let f: fn(f64) -> f64 = $e;
                Ok(Value::number(f(x)))
            }
        )*
    };
}

unary! {
    f_abs => |x| x.abs();
    f_acos => |x| x.acos();
    f_acosh => |x| x.acosh();
    f_asin => |x| x.asin();
    f_asinh => |x| if x == 0.0 { x } else { x.asinh() };
    f_atan => |x| x.atan();
    f_atanh => |x| if x == 0.0 { x } else { x.atanh() };
    f_cbrt => |x| x.cbrt();
    f_ceil => |x| x.ceil();
    f_clz32 => f_clz32_fix;
    f_cos => |x| x.cos();
    f_cosh => |x| x.cosh();
    f_exp => |x| x.exp();
    f_expm1 => |x| x.exp_m1();
    f_floor => |x| x.floor();
    f_fround => |x| x as f32 as f64;
    f_f16round => crate::builtins::typed_array::kinds::f16_round;
    f_log => |x| x.ln();
    f_log1p => |x| x.ln_1p();
    f_log10 => |x| x.log10();
    f_log2 => |x| x.log2();
    f_round => round;
    f_sign => |x| if x.is_nan() || x == 0.0 { x } else { x.signum() };
    f_sin => |x| x.sin();
    f_sinh => |x| x.sinh();
    f_sqrt => |x| x.sqrt();
    f_tan => |x| x.tan();
    f_tanh => |x| x.tanh();
    f_trunc => |x| x.trunc();
}

fn round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    let r = x.floor();
    if x - r >= 0.5 { r + 1.0 } else { r }
}

fn f_clz32_fix(x: f64) -> f64 {
    (crate::runtime::convert::f64_to_int32(x) as u32).leading_zeros() as f64
}

fn atan2(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let y = vm.to_number(arg(args, 0))?;
    let x = vm.to_number(arg(args, 1))?;
    Ok(Value::number(y.atan2(x)))
}

fn pow(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = vm.to_number(arg(args, 0))?;
    let e = vm.to_number(arg(args, 1))?;
    Ok(Value::number(js_pow(b, e)))
}

fn imul(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let a = vm.to_int32(arg(args, 0))?;
    let b = vm.to_int32(arg(args, 1))?;
    Ok(Value::int(a.wrapping_mul(b)))
}

fn numbers(vm: &mut Vm, args: &[Value]) -> JsResult<Vec<f64>> {
    let mut v = Vec::with_capacity(args.len());
    for &a in args {
        v.push(vm.to_number(a)?);
    }
    Ok(v)
}

fn hypot(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = numbers(vm, args)?;
    if v.iter().any(|x| x.is_infinite()) {
        return Ok(Value::double(f64::INFINITY));
    }
    if v.iter().any(|x| x.is_nan()) {
        return Ok(Value::double(f64::NAN));
    }
    let m = v.iter().fold(0.0f64, |a, &x| a.max(x.abs()));
    if m == 0.0 {
        return Ok(Value::int(0));
    }
    let s: f64 = v.iter().map(|&x| (x / m) * (x / m)).sum();
    Ok(Value::number(s.sqrt() * m))
}

fn max(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = numbers(vm, args)?;
    let mut r = f64::NEG_INFINITY;
    for x in v {
        if x.is_nan() {
            r = f64::NAN;
        } else if !r.is_nan() && (x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative())) {
            r = x;
        }
    }
    Ok(Value::number(r))
}

fn min(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = numbers(vm, args)?;
    let mut r = f64::INFINITY;
    for x in v {
        if x.is_nan() {
            r = f64::NAN;
        } else if !r.is_nan() && (x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative())) {
            r = x;
        }
    }
    Ok(Value::number(r))
}

thread_local! {
    static RNG: Cell<u64> = const { Cell::new(0) };
}

fn random(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let x = RNG.with(|s| {
        let mut x = s.get();
        if x == 0 {
            let t =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
            x = t ^ 0x9E37_79B9_7F4A_7C15;
            if x == 0 {
                x = 1;
            }
        }
        // xorshift64*
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    });
    Ok(Value::double((x >> 11) as f64 / (1u64 << 53) as f64))
}
