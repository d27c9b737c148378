// Long strings made afresh own malloc'd buffers: 400 MB of them, each garbage at once, must let collections run.
var src = "abcdefghij".repeat(100000);
var n = 0;
for (var i = 0; i < 20000; i++) n += src.slice(i, i + 20000).toUpperCase().length;
print(n);
