// OSR code per loop: an activation that runs its loop below the function's mid code (compiled for calls, with no
// entry at that loop) gets OSR code for the loop, kept beside the function's code; a deopt in it discards both.
function optimize(f) { try { Tetra.optimize(f, "mid"); } catch (e) { } }
function work(n, optimizeAt, changeAt) {
    let s = 0, label = "s", x = 0.5;
    for (let i = 0; i < n; i++) {
        if (i === optimizeAt) optimize(work);
        if (i === changeAt) s = s + 0.25;
        s = s + (i & 7);
        x = x * 1.0000001;
        if ((i & 0xffff) === 0) label = label + i;
    }
    return s + " " + label.length + " " + (x > 1);
}
print("ints", work(400000, 1000, -1));
print("deopt in loop code", work(400000, 1000, 300000));
print("again", work(300000, -1, -1));
