// Bitwise operators: ToInt32 / ToUint32 wrap-around.
print(5 & 3, 5 | 3, 5 ^ 3, ~5, ~-1, ~0);
print(1 << 31, 1 << 32, 1 << 33, -1 << 31, 1 << -1);
print(-16 >> 2, -16 >>> 2, -1 >>> 0, -1 >>> 31, 16 >>> 32, 1 >>> 0);
print(2147483647 + 1 | 0, 4294967295 | 0, 4294967296 | 0, 4294967297 | 0);
print(2147483648 >> 0, 2147483648 >>> 0, -2147483649 | 0);
print(1.9 | 0, -1.9 | 0, 1e10 | 0, -1e10 | 0, 1e21 | 0, NaN | 0, Infinity | 0, -Infinity >>> 0);
print("12" | 0, "0x10" & 0xff, "abc" | 0, null | 5, undefined ^ 3, true << 3);
print(0xdeadbeef, 0xdeadbeef | 0, 0xdeadbeef >>> 0, 0xdeadbeef >> 16, 0xdeadbeef >>> 16);
print(~~3.7, ~~-3.7, ~~"42", ~~[]);
var h = 0;
for (var i = 0; i < 100; i++) { h = (h * 31 + i) | 0; }
print(h);
h = 0x811c9dc5;
var str = "hello world";
for (var j = 0; j < str.length; j++) { h ^= str.charCodeAt(j); h = Math.imul ? Math.imul(h, 16777619) : (h * 16777619) | 0; }
print(h >>> 0);
var a = 0x12345678;
a <<= 4; print(a); a >>= 8; print(a); a >>>= 1; print(a); a &= 0xff; print(a); a |= 0x100; print(a); a ^= 0xfff; print(a);
print(1 << 30 << 1, (1 << 30) * 2);
print(-0 | 0, 1 / (-0 | 0));
print(5 >>> 1.5, 5 << "1", 7 >> true);
