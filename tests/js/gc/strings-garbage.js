// Allocation-heavy: many temporary strings, concatenation, splitting, and string-keyed objects.
var words = [];
for (var i = 0; i < 5000; i++) words.push("w" + i.toString(36));
var text = words.join(" ");
var split = text.split(" ");
print(text.length, split.length, split[4999], split[123]);
var total = 0;
for (var r = 0; r < 200; r++) {
  var s = "";
  for (var j = 0; j < 50; j++) s += String.fromCharCode(65 + ((r + j) % 26));
  total += s.charCodeAt(r % 50) + s.toLowerCase().charCodeAt(0);
}
print(total);
var dict = {};
for (var k = 0; k < 3000; k++) dict["k" + (k * 7 % 1000)] = (dict["k" + (k * 7 % 1000)] || 0) + 1;
var keys = Object.keys(dict);
print(keys.length, dict.k0, dict.k999, dict.k500);
var big = [];
for (var b = 0; b < 300; b++) big.push(new Array(100).join(String.fromCharCode(97 + (b % 26))));
print(big.length, big[0].length, big[299].charAt(5), big.join("").length);
var replaced = 0;
for (var q = 0; q < 2000; q++) replaced += ("item-" + q).replace("-", "_").toUpperCase().length;
print(replaced);
var json = [];
for (var x = 0; x < 500; x++) json.push(JSON.stringify({ id: x, name: "n" + x, tags: ["a", "b"] }));
var back = json.map(function (s) { return JSON.parse(s); });
print(back.length, back[499].name, back.reduce(function (a, o) { return a + o.id; }, 0));
