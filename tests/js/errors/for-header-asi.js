// exit: 1
// stderr: SyntaxError
// Automatic semicolon insertion never makes one of the two semicolons of a for header (an early error).
print("not reached");
for (var i = 0; i < 1
) {
  break;
}
