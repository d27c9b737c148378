// The TypeScript compiler (lib/typescript.js defines `ts`): transpile a module of every common construct under
// several targets and module kinds, and print the output's size and a checksum of it.
function checksum(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
const source = `
enum Color { Red = 1, Green, Blue }
interface Shape { area(): number; name?: string }
abstract class Base<T> implements Shape {
  constructor(protected readonly items: T[] = []) {}
  abstract area(): number;
  get size(): number { return this.items.length; }
  static create<U>(...xs: U[]): U[] { return [...xs]; }
}
class Square extends Base<number> {
  #side: number;
  constructor(side: number) { super([side]); this.#side = side; }
  area() { return this.#side ** 2; }
}
export async function* gen(n: number): AsyncGenerator<number> { for (let i = 0; i < n; i++) yield await i; }
export const tuple = <const T extends readonly unknown[]>(...t: T) => t;
type Mapped<T> = { readonly [K in keyof T]?: T[K] extends Function ? never : T[K] };
namespace NS { export const x = 1; export function f(a?: number, b = 2) { return (a ?? 0) + b; } }
label: for (const [k, v] of Object.entries({ a: 1, b: 2 })) { if (v > 1) break label; console.log(k?.length); }
export default new Square(3).area() + Color.Blue + NS.f(undefined) satisfies number;
`;
let total = 0;
for (const target of ["ES5", "ES2015", "ES2020", "ESNext"]) {
  for (const module of ["CommonJS", "ESNext", "AMD"]) {
    const out = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget[target], module: ts.ModuleKind[module], strict: true },
      reportDiagnostics: true,
    });
    total += out.outputText.length;
    print(target, module, out.outputText.length, checksum(out.outputText), out.diagnostics.length);
  }
}
print("total", total);
