// Completion values of statements, as eval returns them: expression statements set the value; if, loops, switch,
// try and catch blocks never complete empty (undefined when nothing inside gave a value); a finally block's value
// is dropped unless it breaks out; declarations and empty statements leave the value as it was.
var r = [eval("switch (1) { case 1: 5 }"), eval("1; if (true) {}"), eval("2; while (false);"), eval("3; do { 4; break; } while (false)"), eval("var x = 1; x"), eval("5; try {} finally {}"), eval("6; for (var k in {a:1}) { 7 }"), eval("8; for (var q of [1]) { }"), eval("9; {}"), eval("10; var y;"), eval("11; function f(){}"), eval("l: { 12; break l; }"),
 eval("1; try { 2; throw 0 } catch (e) {}"), eval("1; try { 2 } finally { 3 }"), eval("l: try { 2 } finally { 3; break l; }"), eval("1; while (x++ < 3) { if (x == 2) 5; }"), eval("for (var i = 0; i < 3; i++) { if (i == 1) continue; i; }"), eval("1; switch (2) { case 1: 3; case 2: }"), eval("0; if (false) 1; else ;")];
print(r.map(String).join());
function inFunction() { return eval("7; for (const z of [1, 2]) { z * 10; }"); }
let hot = 0; for (let i = 0; i < 2000; i++) hot += inFunction();
print(inFunction(), hot);
