// JSON.stringify and JSON.parse.
print(JSON.stringify({ a: 1, b: "two", c: [1, 2, { d: null }], e: true }));
print(JSON.stringify([1, "a", null, undefined, function () {}, NaN, Infinity, -0]));
print(JSON.stringify({ u: undefined, f: function () {}, n: null, nan: NaN }));
print(JSON.stringify("quote\" backslash\\ newline\n tab\t ctrl\u0001 unicode\u00e9 \u2028"));
print(JSON.stringify(42), JSON.stringify("s"), JSON.stringify(null), JSON.stringify(undefined), JSON.stringify(true), JSON.stringify(function () {}));
print(JSON.stringify({ a: [1, { b: 2 }], c: "x" }, null, 2));
print(JSON.stringify([1, [2, []], {}], null, "--"));
print(JSON.stringify({ a: 1, b: 2, c: 3 }, ["a", "c"]));
print(JSON.stringify({ a: 1, b: "x", c: { a: 2 } }, function (k, v) { return typeof v === "number" ? v * 10 : v; }));
print(JSON.stringify({ toJSON: function () { return { replaced: true }; } }), JSON.stringify({ d: { toJSON: function (key) { return "key:" + key; } } }));
print(JSON.stringify({ 2: "b", 1: "a", z: 1, y: 2 }), JSON.stringify(Object.create({ inherited: 1 })));
print(JSON.stringify(new Number(5)), JSON.stringify(new String("s")), JSON.stringify(new Boolean(false)), JSON.stringify([new Date(0)].length));
print(JSON.stringify({ a: 1 }, null, 20) === JSON.stringify({ a: 1 }, null, 10), JSON.stringify([1], null, "abcdefghijklmn"));
var parsed = JSON.parse('{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "str\\u0041\\n"}, "": "empty key"}');
print(parsed.a.length, parsed.a[1], parsed.a[2], parsed.a[3], parsed.a[5], parsed.b.c, parsed[""], typeof parsed.a[4]);
print(JSON.parse("1"), JSON.parse('"s"'), JSON.parse("null"), JSON.parse(" [ ] ").length, JSON.parse("true"), JSON.parse("-0") === 0, 1 / JSON.parse("-0"));
print(JSON.stringify(JSON.parse('{"x":{"y":[{"z":1}]}}')));
var revived = JSON.parse('{"a":1,"b":[1,2],"c":{"d":3}}', function (k, v) { return typeof v === "number" ? v + 100 : v; });
print(JSON.stringify(revived));
var order = []; JSON.parse('{"a":{"b":1},"c":[2]}', function (k, v) { order.push(k); return v; }); print(order.join(","));
var bad = ["{a:1}", "[1,]", "'single'", "01", "1.", "", "{\"a\":1,}", "[1 2]", "\"\t\"", "undefined", "NaN"];
for (var i = 0; i < bad.length; i++) { try { JSON.parse(bad[i]); print("accepted", bad[i]); } catch (e) { print("rejected", JSON.stringify(bad[i]), e.name); } }
var deep = []; var cur = deep; for (var j = 0; j < 50; j++) { var next = []; cur.push(next); cur = next; }
print(JSON.stringify(deep).length, JSON.stringify(JSON.parse(JSON.stringify(deep))) === JSON.stringify(deep));
var cyc = { a: {} }; cyc.a.self = cyc;
try { JSON.stringify(cyc); } catch (e) { print("cycle:", e.name); }
print(JSON.stringify({ big: 1e21, small: 1e-7, neg: -1.5, int: 123456789 }));
print(Object.prototype.toString.call(JSON), typeof JSON.parse);
