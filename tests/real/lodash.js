// lodash (lodash.js defines `_`): collections, strings, objects, functions and templates over generated data.
const people = _.times(2000, (i) => ({
  id: i, name: `person ${i}`, age: 18 + ((i * 7919) % 60), tags: _.range(i % 5).map((t) => `t${t}`),
  address: { city: ["Oslo", "Lima", "Pune", "Kobe"][i % 4], zip: String(10000 + i) },
}));
const byCity = _.groupBy(people, "address.city");
print(_.map(_.sortBy(Object.keys(byCity)), (c) => `${c}:${byCity[c].length}`).join(" "));
print(_.sumBy(people, "age"), _.meanBy(people, "age").toFixed(3), _.maxBy(people, "age").id);
print(JSON.stringify(_.countBy(_.flatMap(people, "tags"))));
print(_.chunk(_.shuffle.length ? _.range(20) : [], 6).map((c) => c.join("+")).join("|"));
const deep = _.merge({}, ...people.slice(0, 50).map((p) => ({ [p.address.city]: { [p.id]: p.tags } })));
print(_.size(deep), JSON.stringify(_.pick(deep.Oslo, ["0", "4", "8"])));
print(_.camelCase("Foo Bar_baz-qux"), _.kebabCase("fooBarBaz"), _.startCase("hello world"), _.pad("x", 9, "-"));
print(_.uniqBy(people, (p) => p.age % 13).length, _.intersection([1, 2, 3, 4], [2, 4, 6], [4, 2]).join());
const tpl = _.template("<% _.forEach(xs, function(x) { %><li><%- x %></li><% }); %>");
print(tpl({ xs: ["<a>", "b&c", "d"] }));
const memo = _.memoize((n) => (n < 2 ? n : memo(n - 1) + memo(n - 2)));
print(memo(90), _.isEqual(_.cloneDeep(people.slice(0, 100)), people.slice(0, 100)));
print(_.debounce && _.flow([_.add, _.partial(_.multiply, 3)])(2, 5), _.zipObject(["a", "b"], [1, 2]).b);
