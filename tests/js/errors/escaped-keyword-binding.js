// exit: 1
// stderr: SyntaxError
// A reserved word spelled with escapes is still reserved: it cannot name a binding (an early error, nothing runs).
print('not reached');
var \u{62}\u{72}\u{65}\u{61}\u{6b} = 123;
