// Tagged templates: the template object (cooked, raw, frozen, one per site), member tags as method calls,
// substitutions evaluated in order, invalid escapes, and String.raw-style tags.
function tag(strings, ...subs) {
  return JSON.stringify({ strings, raw: strings.raw, subs });
}
print(tag`a${1}b${"two"}c`);
print(tag`line\nbreak \u0041 ${[1, 2]} \x41`);
print(tag`\unicode and \u{110000} and \xg`);
print(tag``);
const sites = [];
function collect(s) {
  sites.push(s);
  return s;
}
for (let i = 0; i < 3; i++) collect`same site ${i}`;
collect`other site`;
print(sites[0] === sites[1], sites[1] === sites[2], sites[0] === sites[3]);
print(Object.isFrozen(sites[0]), Object.isFrozen(sites[0].raw), Array.isArray(sites[0]));
print(JSON.stringify(Object.getOwnPropertyDescriptor(sites[0], "raw")));
const obj = {
  prefix: ">",
  show(s, ...v) {
    return this.prefix + s.join("|") + v.join(",");
  },
};
print(obj.show`x${1}y${2}z`);
print(obj["show"]`computed ${"member"}`);
let f = (s, v) => "first " + v;
print(f`call ${(f = () => "second")}`, f``);
const order = [];
const t = (s, ...v) => v.join("");
print(t`${order.push("a")}${order.push("b")}${order.push("c")}`, order.join(""));
function raw(strings, ...subs) {
  let out = strings.raw[0];
  subs.forEach((s, i) => (out += s + strings.raw[i + 1]));
  return out;
}
print(raw`C:\new\table ${"and"} \u00e9`, String.raw`\n${1}\t`);
const curried = (a) => (b) => a[0] + b[0];
print(curried`one``two`);
class Base {
  greet(s) {
    return "base " + s[0];
  }
}
class Derived extends Base {
  greet(s) {
    return super.greet`from derived` + " / " + s[0];
  }
}
print(new Derived().greet`hello`);
