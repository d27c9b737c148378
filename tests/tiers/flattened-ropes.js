// Each round makes a 20 KB rope and reads it, which flattens it into a new buffer: 400 MB of garbage buffers.
var piece = "abcdefghij".repeat(1000), n = 0;
for (var i = 0; i < 20000; i++) { var s = piece + i + piece; n += s.charCodeAt(10000) + s.length; }
print(n);
