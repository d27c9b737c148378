// exit: 1
// stderr: SyntaxError
"use strict";
print("must not run");
with ({}) { }
