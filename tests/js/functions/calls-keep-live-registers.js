// Registers live across a call keep their values wherever the caller runs: optimised code keeps them in machine
// registers across its direct calls and writes them to the frame only for what reads the frame (a later generic
// store here reads `this` from a register the constructor's bytecode copied it into before the calls).
const SIZE = 4;
class Base { tag() { return "base"; } }
class Packet extends Base {
  constructor(link, id) {
    super();
    this.link = link;
    this.id = id;
    this.kind = 1;
    this.datum = 0;
    // The fifth property goes out of line: a generic store, which reads the object from the frame.
    this.data = new Array(SIZE).fill(id % 7);
  }
}
class Maker { make(link, id) { return new Packet(link, id); } }
const maker = new Maker();
let p = null;
let sum = 0;
for (let i = 0; i < 30000; i++) {
  p = maker.make(i % 10 ? p : null, i);
  sum += p.data[3] + (p.link ? 1 : 0);
}
print(p.id, p.data.join(","), sum, p.tag());
