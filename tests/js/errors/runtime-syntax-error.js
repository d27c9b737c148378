// SyntaxErrors at run time (JSON.parse, new Function) are ordinary catchable exceptions.
try { JSON.parse("{"); } catch (e) { print(e.name, e instanceof SyntaxError); }
try { new Function("return +*;"); } catch (e) { print(e.name, e instanceof SyntaxError); }
