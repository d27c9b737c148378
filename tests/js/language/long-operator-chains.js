// Left-deep chains of binary operators thousands of operands long (string concatenations of generated code) compile
// and run like short ones: the compiler and the scope analysis walk a chain's left spine without recursion, so only
// real nesting counts against their nesting limit (2000 operands were a SyntaxError; node takes 100000).
function chain(op, n, term) { return Array(n).fill(term).join(' ' + op + ' '); }
print(Function('return ' + chain('+', 5000, '1'))());
print(Function('return ' + chain('+', 5000, "'ab'"))().length);
print(Function('x', 'return ' + chain('-', 4000, 'x'))(2));
print(Function('x', 'return ' + chain('&&', 5000, 'x'))(7), Function('x', 'return ' + chain('||', 5000, 'x'))(0));
print(Function('x', 'return ' + chain('??', 3000, 'x'))(null));
print(Function('x', 'return ' + chain('==', 3001, 'x'))(1), Function('x', 'return ' + chain('!==', 3001, 'x'))(1));
print(Function('x', 'return ' + chain('*', 2500, 'x') + ' / 3 | 0')(1));
print(Function('x', 'return ' + chain('+', 3000, 'x * 2 - 1'))(3));
print(eval(chain('+', 4000, '"-"')).length);
var o = { k: 5 }, z = 0;
print(eval(chain('+', 3000, 'o.k') + ' + (z++, z)'));
try { Function('return ' + chain('+', 3000, 'o.k') + ' + o.missing.x')(); } catch (e) { print(e.name); }
