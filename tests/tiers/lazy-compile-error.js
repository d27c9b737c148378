// A function whose bytecode generation fails at its first call (lazy compilation: the code generator refuses a
// construct the analysis accepted) throws a SyntaxError at that call and every later one, while the caller, hot,
// moves up the tiers with call feedback naming it.
function refused() { return [...[1], , 2]; }
function Refused() { this.x = [...[1], , 2]; }
var outcomes = {};
function note(f) {
  var what;
  try { what = String(f()); } catch (e) { what = e.constructor.name; }
  outcomes[what] = (outcomes[what] || 0) + 1;
}
for (var i = 0; i < 3000; i++) {
  note(function () { return refused(); });
  note(function () { return new Refused().x; });
}
print(JSON.stringify(outcomes));
