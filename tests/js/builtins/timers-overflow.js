// A setTimeout delay beyond 2^31 - 1 ms becomes 1 ms, as in node (it used to abort tetra).
setTimeout(function () { print("huge delay ran"); }, 1e300);
setTimeout(function () { print("overflowed delay ran"); }, 2147483648);
print("script done");
