// Exports of every form, for live-bindings.mjs.
export let count = 0;
export function increment() {
  count++;
}
export const label = 'counter';
export default class Counter {
  static make() {
    return new Counter();
  }
}
let hidden = 'renamed';
export { hidden as visible, hidden as 'string name' };
export var later;
later = 'assigned after the export';
