// Error constructors, properties, toString, subclassing.
var types = [Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];
for (var i = 0; i < types.length; i++) {
  var T = types[i];
  var e = new T("message " + i);
  var noNew = T("called");
  print(T.name, e.name, e.message, String(e), e instanceof T, e instanceof Error, noNew instanceof T, noNew.message, Object.getPrototypeOf(T.prototype) === (T === Error ? Object.prototype : Error.prototype));
}
print(String(new Error()), new Error().message === "", String(new Error(undefined)), String(new Error("")), new Error(42).message, typeof new Error(42).message);
var e2 = new Error("x");
e2.name = "Custom";
print(String(e2));
e2.name = "";
print(String(e2));
e2.message = "";
e2.name = "OnlyName";
print(String(e2));
print(Error.prototype.toString.call({ name: "Fake", message: "obj" }), Error.prototype.name, Error.prototype.message === "", TypeError.prototype.name);
print(e2.hasOwnProperty("message"), new Error().hasOwnProperty("message"), Object.keys(new Error("k")).length);
function MyError(msg) { this.message = msg; }
MyError.prototype = Object.create(Error.prototype);
MyError.prototype.name = "MyError";
MyError.prototype.constructor = MyError;
try { throw new MyError("old style"); } catch (err) { print(err.name, err.message, err instanceof MyError, err instanceof Error, String(err)); }
class Fancy extends RangeError { constructor(m, code) { super(m); this.code = code; } get name() { return "Fancy"; } }
try { throw new Fancy("new style", 7); } catch (err) { print(err.name, err.message, err.code, err instanceof RangeError, String(err)); }
print(typeof Error.prototype.toString, Error.length, TypeError.length);
print(Object.prototype.toString.call(new TypeError()), Object.prototype.toString.call(Error.prototype));
