// Template literals.
var a = 5, b = 10;
print(`sum: ${a + b}`, `${a}${b}`, `plain`, `${"nested " + `inner ${a}`}`);
print(`line1
line2`);
print(`escapes: \` \${not} \\ \n-tab\t|`);
print(`${[1, 2, 3]}`, `${{}}`, `${null} ${undefined} ${-0} ${1e21}`);
var obj = { toString() { return "TS"; }, valueOf() { return "VO"; } };
print(`${obj}`, "" + obj);
function tag(strings, ...vals) { return strings.raw.join("|") + " :: " + strings.join("|") + " :: " + vals.join(","); }
print(tag`a${1}b${2}c`);
print(tag`\n${"x"}`);
print(String.raw`x\ny${1 + 1}`);
function same(s) { return s; }
var firsts = [];
for (var i = 0; i < 2; i++) firsts.push(same`t`);
print(firsts[0] === firsts[1], Object.isFrozen(firsts[0]));
print(`${`${`${"deep"}`}`}`);
print(`a${1}`.length, typeof `x`);
