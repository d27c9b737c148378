// js-yaml (dist/js-yaml.js defines `jsyaml`): dump a generated document, load it back, and compare.
const doc = {
  services: Array.from({ length: 300 }, (_, i) => ({
    name: `svc-${i}`, replicas: i % 7, enabled: i % 3 !== 0, ratio: i / 8,
    env: { MODE: i % 2 ? "prod" : "dev", LIST: [i, `x${i}`, null], NOTE: "multi\nline: text #" + i },
    created: new Date(Date.UTC(2024, i % 12, 1 + (i % 28))),
  })),
  anchors: "&a *b | > ' \"",
};
const text = jsyaml.dump(doc, { lineWidth: 80 });
print(text.length, text.split("\n").length);
const back = jsyaml.load(text);
print(JSON.stringify(back) === JSON.stringify(doc), back.services[299].env.NOTE.length);
print(JSON.stringify(jsyaml.load("a: &x [1, 2]\nb: *x\nc: !!str 12\nd: 0x1f\ne: .inf\nf: ~\n")));
try { jsyaml.load("a: [1, 2\nb: 3"); } catch (e) { print(e.name, e.message.split("\n")[0]); }
