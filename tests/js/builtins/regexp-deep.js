// Patterns and inputs that stress the matcher's recursion and backtracking: each case must finish with a result
// or a catchable error (never a crash).
function attempt(label, f) {
  try { f(); } catch (e) { if (!(e instanceof RangeError || e instanceof SyntaxError)) throw e; }
  print(label, "done");
}

attempt("nested groups 200", function () { new RegExp("(".repeat(200) + "a" + ")".repeat(200)).exec("a"); });
attempt("nested groups 5000", function () { new RegExp("(?:".repeat(5000) + "a" + ")".repeat(5000)).exec("a"); });
attempt("nested lookaheads 200", function () { new RegExp("(?=".repeat(200) + "a" + ")".repeat(200)).exec("a"); });
attempt("nested lookbehinds 200", function () { new RegExp("(?<=".repeat(200) + "a" + ")".repeat(200)).exec("ab"); });
attempt("nested classes v", function () { new RegExp("[".repeat(300) + "a" + "]".repeat(300), "v").exec("a"); });

var words = [];
for (var i = 0; i < 20000; i++) words.push("w" + i + "x");
var alt = new RegExp("^(?:" + words.join("|") + ")$");
print("long alternation", alt.test("w19999x"), alt.test("w20000x"));

var long = "ab".repeat(100000) + "c";
print("long input", /^(?:a|b)*c$/.test(long), /(?:ab)+c/.exec(long)[0].length, /(a|b)*c/.exec(long)[1]);
print("long lazy", /^[ab]*?c$/.test(long), /(?:a+?b)*?c/.exec(long).index, long.replace(/b/g, "").length);
print("backtracking", /^(\w+\s?)*$/.test("a b c d e f g h i j k l m n o p"), /(x+x+)+y/.test("xxxxxxxxxxxxxxxxxxxy"));

// Regular expressions used where the native stack is nearly exhausted.
var deepest = 0;
function down(n) {
  try { return down(n + 1); } catch (e) {
    deepest = n;
    try { return new RegExp("(?=".repeat(100) + "a" + ")".repeat(100)).test("a"); } catch (e2) { return e2 instanceof RangeError; }
  }
}
print("at stack limit", down(0), deepest > 100);
function down2(n) {
  try { return down2(n + 1); } catch (e) {
    try { return "aaa".replace(/a/g, function () { return "b"; }); } catch (e2) { return e2.name; }
  }
}
down2(0);
print("replace at stack limit done");
