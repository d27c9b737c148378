// var hoisting, let/const block scoping, TDZ.
print(typeof hoisted, hoisted);
var hoisted = 1;
print(hoisted);
print(typeof fnDecl, fnDecl());
function fnDecl() { return "declared"; }
{
  let a = 1;
  {
    let a = 2;
    print("inner", a);
  }
  print("outer", a);
}
var v = "global var";
function shadow() { print(v); var v = "local"; print(v); }
shadow();
try { print(tdz); let tdz = 1; } catch (e) { print("TDZ:", e.name, e instanceof ReferenceError); }
try { useBefore(); } catch (e) { print("TDZ via call:", e.name); }
let late = "late";
function useBefore() { return late; }
print(useBefore());
try { typeof tdz2; let tdz2; } catch (e) { print("typeof in TDZ:", e.name); }
print(typeof notDeclaredAnywhere);
const c = 10;
try { c = 11; } catch (e) { print("const assign:", e.name, e instanceof TypeError); }
print(c);
const obj = { x: 1 };
obj.x = 2;
print(obj.x);
let u;
print(u);
for (var i = 0; i < 3; i++) {}
print("var i after loop", i);
for (let j = 0; j < 3; j++) {}
print(typeof j);
if (true) { var inIf = "visible"; let notVisible = 1; }
print(inIf, typeof notVisible);
function f() { if (false) { var never = 1; } return never; }
print(f());
let x1 = 1, y1 = x1 + 1;
print(x1, y1);
switch (1) { case 1: let sw = "switch scope"; print(sw); }
print(typeof sw);
var g1 = 1; var g1; print(g1);
print(this.hoisted, this.late, "hoisted" in this, "late" in this);
