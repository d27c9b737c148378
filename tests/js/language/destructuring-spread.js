// Destructuring, spread, rest, default values.
var [a, b, c = 3, ...rest] = [1, 2, undefined, 4, 5];
print(a, b, c, rest.join(","));
var { x, y: why, z = "dz" } = { x: 1, y: 2, p: 3, q: 4 };
print(x, why, z);
var [, second, , fourth] = [1, 2, 3, 4];
print(second, fourth);
var { nested: { deep: [first] } } = { nested: { deep: ["d0", "d1"] } };
print(first);
var p = 1, q = 2; [p, q] = [q, p]; print(p, q);
function params({ name, age = 0 }, [h, ...t]) { return name + ":" + age + ":" + h + ":" + t.length; }
print(params({ name: "n" }, [1, 2, 3]));
var arr = [1, 2, 3];
print(Math.max(...arr), [0, ...arr, 4].join(""), [..."hi"].join("|"), [...arr].reverse().join(""), arr.join(""));
var merged = Object.assign({}, { a: 1, b: 2 }, { b: 3 }, null);
print(JSON.stringify(merged));
var { length } = "hello"; print(length);
var [ch1, ch2] = "ab"; print(ch1, ch2);
var { [`comp${1}`]: computed } = { comp1: "computed key" }; print(computed);
try { var [bad] = null; } catch (e) { print(e.name); }
try { var { bad2 } = undefined; } catch (e) { print(e.name); }
var res = []; for (var { k, v } of [{ k: 1, v: 2 }, { k: 3, v: 4 }]) res.push(k + v); print(res.join(","));
function defaultsRef(a, b = a + 1, { c } = { c: b * 2 }) { return [a, b, c].join(","); }
print(defaultsRef(1), defaultsRef(1, 5, { c: 0 }));
var counter = 0; function side() { counter++; return counter; }
var [s1 = side(), s2 = side()] = [undefined, "given"]; print(s1, s2, counter);
var obj = {}; ({ a: obj.first, b: obj["second"] } = { a: 10, b: 20 }); print(obj.first, obj.second);
var arrowD = ({ a, b }) => a * b; print(arrowD({ a: 6, b: 7 }));
