// Equality and relational comparison.
print(1 == "1", 1 === "1", 0 == "", 0 == "0", "" == "0", null == undefined, null === undefined);
print(null == 0, undefined == 0, null >= 0, null > 0, undefined >= 0, NaN == NaN, NaN != NaN, NaN === NaN);
print(0 === -0, 0 == -0, true == 1, true == "1", false == "", false == "0", true == "true");
print([] == false, [] == 0, [0] == false, [1] == 1, [1, 2] == "1,2", ({}) == "[object Object]");
var o = {}; var p = o;
print(o == p, o === p, o == {}, {} === {});
print("a" < "b", "B" < "a", "abc" < "abd", "abc" < "ab", "10" < "9", 10 < 9, "10" < 9, "a" < 1, "a" > 1);
print(2 < 3 < 1, 3 > 2 > 1, 1 <= 1, 1 >= 2, NaN < 1, NaN >= NaN, undefined < 1);
print(null < 1, null <= 0, "" < 1, [2] > 1, [1, 2] > 1);
print(Infinity > 1e308, -Infinity < -1e308, 0 < -0, 0 <= -0);
print("" == 0, " \t\n" == 0, "1e1" == 10, "0x10" == 16, "abc" == NaN);
print(typeof null == "object", typeof undefined === "undefined");
var calls = [];
var a = { valueOf: function () { calls.push("a"); return 1; } };
var b = { valueOf: function () { calls.push("b"); return 2; } };
print(a < b, a > b, a <= b, a >= b, a == 1, a === 1);
print(calls.join(","));
print("a" != "a", 1 !== 1.0, "1" != 1);
