// Each builtin iterator's next() accepts only its own kind of iterator (TypeError otherwise).
var its = {
  array: [1, 2][Symbol.iterator](),
  string: "ab"[Symbol.iterator](),
  map: new Map([[1, 2]]).keys(),
  set: new Set([1]).values(),
  regexp: "a1b2".matchAll(/\d/g),
};
var names = Object.keys(its);
for (var i = 0; i < names.length; i++) {
  var row = [];
  for (var j = 0; j < names.length; j++) {
    var next = Object.getPrototypeOf(its[names[i]]).next;
    try { next.call(its[names[j]]); row.push("ok"); } catch (e) { row.push(e instanceof TypeError ? "TypeError" : "other"); }
  }
  print(names[i], row.join(" "));
}
