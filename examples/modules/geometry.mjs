// Shapes with a common interface: every instance of a class shares one hidden class.
export class Rect {
  constructor(w, h) {
    this.w = w;
    this.h = h;
  }
  area() {
    return this.w * this.h;
  }
}

export class Circle {
  constructor(r) {
    this.r = r;
  }
  area() {
    return Math.PI * this.r * this.r;
  }
}

export let created = 0;

export function make(i) {
  created++;
  return i % 3 === 0 ? new Circle(i % 10) : new Rect(i % 7, i % 5);
}
