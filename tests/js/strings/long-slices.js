// Long substrings are slices of their parent's units (a slice of a slice points at the first parent): contents,
// equality, property keys, concatenation and regexps over them, whatever the parent is stored as.
var big = "0123456789".repeat(300) + "\u1234" + "abcdefghij".repeat(300);
var a = big.slice(5, 2000), b = a.slice(7, 1500), c = big.substring(2990, 3600), d = (big + "!").slice(100, 3000);
print(a.length, b.length, c.length, d.length, b === big.slice(12, 1505), c.charCodeAt(11), c.indexOf("\u1234"));
print(b.slice(0, 20), c.slice(0, 15), JSON.stringify(c.slice(8, 14)), d.slice(-5), a.toUpperCase().slice(0, 12));
var o = {}; o[b] = 1; print(o[big.slice(12, 1505)], Object.keys(o)[0].length);
print([a, b, c].join("").length, (a + b).length, a.split("5").length, /9\u1234a/.test(c), c.replace(/a/g, "A").slice(9, 14));
