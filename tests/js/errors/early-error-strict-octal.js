// exit: 1
// stderr: SyntaxError
function f() { "use strict"; return 010; }
print("must not run");
