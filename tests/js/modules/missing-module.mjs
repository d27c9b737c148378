// exit: 1
// stderr: Cannot find module './_no_such_module.mjs' imported from
// A missing module fails the load, before any code of the graph runs.
import './_counter.mjs';
import './_no_such_module.mjs';
print('not reached');
