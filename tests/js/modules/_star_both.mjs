// Two `export *` give the same name from different modules: ambiguous, left out of the namespace.
export * from "./_star_one.mjs";
export * from "./_star_two.mjs";
