// Lazy compilation: five functions declared besides the script, two of them called (one of them twice).
function called(x) { return x + 1; }
function calledTwice(x) { return x * 2; }
function neverA() { return 1; }
function neverB() { return function nested() { return 2; }; }
var neverC = () => 3;
print("before calls");
print(called(1), calledTwice(2), calledTwice(3));
