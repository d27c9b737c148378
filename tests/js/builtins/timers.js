// The event loop: the script is the first task; promise jobs run after each task; timers run in order of due time,
// then of scheduling; clearTimeout cancels; extra setTimeout arguments reach the callback.
const log = [];
setTimeout(() => { log.push("t2 (20ms)"); }, 20);
const id = setTimeout(() => log.push("cancelled"), 5);
setTimeout((a, b) => { log.push("t1 " + a + b); Promise.resolve().then(() => log.push("micro after t1")); }, 0, "x", "y");
setTimeout(() => log.push("t1b (same delay, later)"), 0);
clearTimeout(id);
Promise.resolve().then(() => log.push("micro from script"));
setTimeout(() => { setTimeout(() => print(log.join("\n")), 30); }, 25);
log.push("script end");
