// exit: 1
// stderr: Uncaught Error: from finally
function f() { try { print("in try"); return 1; } finally { print("in finally"); throw new Error("from finally"); } }
f();
