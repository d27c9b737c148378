// Date: only values independent of the clock and the time zone.
print(typeof Date, typeof new Date(), typeof Date(), typeof Date.now());
var d = new Date(0);
print(d.getTime(), d.valueOf(), +d, d.toISOString(), JSON.stringify(d));
var d2 = new Date(Date.UTC(2020, 1, 29, 12, 30, 15, 250));
print(d2.getUTCFullYear(), d2.getUTCMonth(), d2.getUTCDate(), d2.getUTCHours(), d2.getUTCMinutes(), d2.getUTCSeconds(), d2.getUTCMilliseconds(), d2.getUTCDay());
print(d2.toISOString(), Date.UTC(1970, 0, 1), Date.parse("2000-01-01T00:00:00.000Z"));
print(isNaN(new Date(NaN).getTime()), String(new Date(NaN)));
var start = Date.now(); var x = 0; for (var i = 0; i < 10000; i++) x += i; print(Date.now() - start >= 0, x);
print(d instanceof Date, Object.prototype.toString.call(d));
