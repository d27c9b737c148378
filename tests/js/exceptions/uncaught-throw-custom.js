// exit: 1
// stderr: Uncaught RangeError: custom message here
print("start");
try { throw new Error("caught fine"); } catch (e) { print("caught", e.message); }
throw new RangeError("custom message here");
