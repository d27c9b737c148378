// Tagged templates (issue 4).
function tag(strings, ...vals) { return strings.raw.join("|") + " :: " + strings.join("|") + " :: " + vals.join(","); }
print(tag`a${1}b${2}c`);
print(tag`\n${"x"}`);
print(String.raw`x\ny${1 + 1}`);
function same(s) { return s; }
var firsts = [];
for (var i = 0; i < 2; i++) firsts.push(same`t`);
print(firsts[0] === firsts[1], Object.isFrozen(firsts[0]));
