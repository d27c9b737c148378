// switch: strict equality, fallthrough, default in the middle, blocks.
function sw(x) {
  var r = [];
  switch (x) {
    case 1: r.push("one");
    case 2: r.push("two"); break;
    default: r.push("default");
    case 3: r.push("three");
    case 4: r.push("four"); break;
    case "1": r.push("string one"); break;
  }
  return r.join(",");
}
print(sw(1), "|", sw(2), "|", sw(3), "|", sw(4), "|", sw(5), "|", sw("1"), "|", sw(true));
function noDefault(x) { switch (x) { case 0: return "zero"; case -0: return "neg zero"; case NaN: return "nan"; } return "none"; }
print(noDefault(0), noDefault(-0), noDefault(NaN), noDefault(1));
var order = [];
function c(v) { order.push("case" + v); return v; }
switch (3) { case c(1): order.push("body1"); case c(3): order.push("body3"); case c(4): order.push("body4"); break; case c(5): order.push("body5"); }
print(order.join(","));
function grade(s) { switch (true) { case s >= 90: return "A"; case s >= 80: return "B"; case s >= 70: return "C"; default: return "F"; } }
print(grade(95), grade(85), grade(72), grade(10));
function defaultOnly(x) { switch (x) { default: return "d" + x; } }
print(defaultOnly(1));
var loopOut = [];
for (var i = 0; i < 5; i++) { switch (i) { case 1: continue; case 3: loopOut.push("three"); break; default: loopOut.push(i); } loopOut.push("|"); }
print(loopOut.join(""));
switch (1) { case 1: { let scoped = "block in case"; print(scoped); } }
var obj = {}; var same = obj;
switch (same) { case {}: print("wrong"); break; case obj: print("same object"); break; }
function empty(x) { switch (x) {} return "empty ok"; }
print(empty(1));
var strs = ["apple", "banana", "cherry", "date"];
print(strs.map(function (s) { switch (s.length) { case 5: return "five"; case 6: return "six"; default: return "other"; } }).join(" "));
