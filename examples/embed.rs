//! Embedding tetra: run scripts, call a JS function from Rust, give scripts a native function, read results and
//! errors, and see what the tiers did. `cargo run --release -p tetra --example embed`.

use tetra::{JsResult, Runtime, Tier, Value, Vm};

/// `checksum(s)`: a native function scripts can call (the sum of the string's UTF-16 code units).
fn checksum(vm: &mut Vm, _this: Value, args: &[Value], _new_target: Value) -> JsResult<Value> {
    let Some(&s) = args.first().filter(|v| v.is_string()) else {
        return vm.throw_type("checksum: expected a string");
    };
    let sum: u32 = s.as_string().to_rust_string().encode_utf16().map(u32::from).sum();
    Ok(Value::number(sum as f64))
}

fn main() -> Result<(), tetra::Error> {
    // Default tiering, with a small budget so that the hot function below reaches `mid` quickly.
    let mut rt = Runtime::builder().interrupt_budget(1024).concurrent(false).build();
    rt.register_function("checksum", 1, checksum);

    // Scripts share the realm: the second one sees the first one's declarations.
    rt.eval("const greeting = 'hello'; function score(word, n) { return checksum(word) * n; }")?;
    let v = rt.eval("`${greeting}: ${score(greeting, 2)}`")?;
    println!("{}", rt.to_string(&v)?);

    // Calling a JS function from Rust, often enough that it tiers up.
    let score = rt.global("score")?;
    let word = rt.string("tier");
    let mut total = 0.0;
    for n in 0..20_000 {
        let r = rt.call(&score, &[word.value(), Value::int(n % 7)])?;
        total += rt.to_number(&r)?;
    }
    println!("total {total}, score runs in {:?}", rt.tier_of(&score).unwrap_or(Tier::Interp));

    // Errors come back with their name and message.
    match rt.eval("checksum(42)") {
        Ok(_) => println!("no error?"),
        Err(e) => println!("{} / name {} / message {}", e, e.name, e.message),
    }

    let stats = rt.stats();
    for tier in [Tier::Baseline, Tier::Mid] {
        let t = &stats.tiers[tier as usize];
        println!("{}: {} functions compiled", tier.name(), t.functions_compiled);
    }
    Ok(())
}
