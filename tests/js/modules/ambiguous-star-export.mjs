// exit: 1
// stderr: SyntaxError
// stderr: conflicting star exports for name 'a'
// Importing a name two `export *` provide from different modules is a SyntaxError at link time, before any code.
import { a } from './_star_both.mjs';
print('not reached', a);
