// `await` in the parameters of an arrow function inside an async function is an early error (swc reports it only
// in the async function's own parameters; tetra's compiler once panicked on it).
for (const src of [
  "async function f() { (x = await 0) => x; }",
  "async function f() { ({ a = await 0 }) => a; }",
  "async function f() { ([a = await 0]) => a; }",
  "async () => { (x = (y = await 0) => y) => x; }",
  "async function f() { async (x = await 0) => x; }",
]) {
  try { eval(src); print("no error:", src); } catch (e) { print(e.constructor.name); }
}
// Still fine: `await` in the body, and parameters with defaults that do not await.
async function g() { const h = (x = 1) => x; return h() + await 2; }
g().then(v => print("g", v));
const k = async (a = 1, b = async () => await a) => a + await b();
k().then(v => print("k", v));
