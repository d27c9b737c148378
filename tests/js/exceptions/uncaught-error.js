// exit: 1
// stderr: Uncaught TypeError
// Output before the uncaught error is printed; the rest is not.
print("before");
var notAFunction = 5;
function callIt() { notAFunction(); }
callIt();
print("never printed");
