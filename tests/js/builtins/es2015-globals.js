// WeakMap, Promise, Reflect, Proxy (issue 4).
print(typeof Map, typeof Set, typeof WeakMap, typeof Promise, typeof Reflect, typeof Proxy);
