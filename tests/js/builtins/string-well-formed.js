// String.prototype.isWellFormed and toWellFormed (ES2024): lone surrogates, pairs, receiver coercion.
// Expected output from node >= 22.
function codes(s) { var out = []; for (var i = 0; i < s.length; i++) out.push(s.charCodeAt(i).toString(16)); return out.join(" "); }
var cases = ["abc", "", "é", "\ud83d\ude00", "a\ud800", "\udc00b", "\ud800\ud800\udc00", "x\udfffy\ud83d"];
cases.forEach(function (s) { print(s.isWellFormed(), codes(s.toWellFormed()), s.toWellFormed() === s); });
print(String.prototype.isWellFormed.call(12), String.prototype.toWellFormed.call({ toString: function () { return "\ud801"; } }).charCodeAt(0));
try { String.prototype.isWellFormed.call(null); } catch (e) { print(e.name); }
try { String.prototype.toWellFormed.call(undefined); } catch (e) { print(e.name); }
var n = 0;
for (var i = 0; i < 3000; i++) {
  var s = String.fromCharCode(0xd7f0 + (i % 40)) + "z";
  if (s.isWellFormed()) n++;
  n += s.toWellFormed().charCodeAt(0) === 0xfffd ? 2 : 0;
}
print(n);
