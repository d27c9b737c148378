// Template literals.
var a = 5, b = 10;
print(`sum: ${a + b}`, `${a}${b}`, `plain`, `${"nested " + `inner ${a}`}`);
print(`line1
line2`);
print(`escapes: \` \${not} \\ \n-tab\t|`);
print(`${[1, 2, 3]}`, `${{}}`, `${null} ${undefined} ${-0} ${1e21}`);
var obj = { toString() { return "TS"; }, valueOf() { return "VO"; } };
print(`${obj}`, "" + obj);
print(`${`${`${"deep"}`}`}`);
print(`a${1}`.length, typeof `x`);
