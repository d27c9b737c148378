// Number to string conversion (shortest round-trip, exponent thresholds).
var nums = [0, -0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 10 / 3, 100, 1e6, 1e20, 1e21, 1.5e21, 123456789012345680000,
  1e-6, 1e-7, 1.5e-7, 0.000001234, 5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 53 + 2, 2 ** 64, 2 ** 31, -(2 ** 31),
  0.5, 1.25, 3.14159, 299792458, 6.02214076e23, 1.602e-19, 4.35, 0.3, 1234.5678, 999999999999999900000, 1e100, 123e-20];
for (var i = 0; i < nums.length; i++) print(nums[i], String(nums[i]), "" + nums[i]);
print(NaN, Infinity, -Infinity);
print([0.1, -0, 1e21].join(";"));
print((255).toString(16), (255).toString(2), (-255).toString(36), (0.5).toString(2), (3.75).toString(2), (35).toString(36));
print((1234.5678).toFixed(2), (0.000001).toFixed(7), (1.45).toFixed(1), (-1.5).toFixed(0), (1e21).toFixed(2), (0).toFixed(3), (123.456).toFixed());
print((1.005).toFixed(2), (10.235).toFixed(2), (2.5).toFixed(0), (-0).toFixed(1));
print((123.456).toPrecision(4), (0.00001234).toPrecision(2), (123456).toPrecision(2), (1.5).toPrecision(1));
print((123456).toExponential(2), (0.00015).toExponential(1), (5).toExponential());
