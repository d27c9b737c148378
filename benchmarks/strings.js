// strings: building strings, splitting, joining, char codes, indexOf, replace.
if (typeof print === 'undefined') print = console.log;
function caesar(s, k) { var out = ""; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i);
  if (c >= 97 && c <= 122) c = (c - 97 + k) % 26 + 97; out += String.fromCharCode(c); } return out; }
var words = [];
for (var i = 0; i < 2000; i++) words.push("w" + (i * 7919 % 10007).toString(36));
var text = words.join(" ");
var checksum = 0;
for (var round = 0; round < 300; round++) {
  var enc = caesar(text, round + 1);
  var parts = enc.split(" ");
  checksum = (checksum + parts.length + enc.length) | 0;
  var counts = {};
  for (var j = 0; j < parts.length; j++) { var w = parts[j]; var key = w.charAt(1); counts[key] = (counts[key] || 0) + 1; }
  var keys = Object.keys(counts).sort();
  for (var k = 0; k < keys.length; k++) checksum = (checksum * 31 + counts[keys[k]] + keys[k].charCodeAt(0)) | 0;
  var rebuilt = parts.map(function (p) { return p.toUpperCase(); }).join("-");
  checksum = (checksum + rebuilt.indexOf("-") + rebuilt.lastIndexOf("W") + rebuilt.replace("-", "").length) | 0;
}
var pad = ""; for (var n = 0; n < 3000; n++) pad = (String(n).padStart(5, "0") + pad).slice(0, 200);
checksum = (checksum + pad.charCodeAt(7) + pad.length) | 0;
print("strings: checksum " + checksum);
if (checksum !== -213361204) throw new Error("strings: wrong result " + checksum);
