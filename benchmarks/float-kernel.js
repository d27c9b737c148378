// float-kernel: spectral-norm style power iteration and a small gravity simulation (written from scratch).
if (typeof print === 'undefined') print = console.log;
function a(i, j) { return 1 / ((i + j) * (i + j + 1) / 2 + i + 1); }
function mulAv(n, v, out) { for (var i = 0; i < n; i++) { var s = 0; for (var j = 0; j < n; j++) s += a(i, j) * v[j]; out[i] = s; } }
function mulAtv(n, v, out) { for (var i = 0; i < n; i++) { var s = 0; for (var j = 0; j < n; j++) s += a(j, i) * v[j]; out[i] = s; } }
function mulAtAv(n, v, out, tmp) { mulAv(n, v, tmp); mulAtv(n, tmp, out); }
function spectral(n) { var u = [], v = [], tmp = []; for (var i = 0; i < n; i++) { u.push(1); v.push(0); tmp.push(0); }
  for (var k = 0; k < 10; k++) { mulAtAv(n, u, v, tmp); mulAtAv(n, v, u, tmp); }
  var vBv = 0, vv = 0; for (var m = 0; m < n; m++) { vBv += u[m] * v[m]; vv += v[m] * v[m]; } return Math.sqrt(vBv / vv); }
function gravity(steps) {
  var ps = []; for (var i = 0; i < 5; i++) ps.push({ x: i, y: i * 0.5, z: -i, vx: 0, vy: 0.1 * i, vz: 0, m: 1 + i * 0.1 });
  var dt = 0.01;
  for (var s = 0; s < steps; s++) {
    for (var i2 = 0; i2 < ps.length; i2++) { var p = ps[i2];
      for (var j = i2 + 1; j < ps.length; j++) { var q = ps[j];
        var dx = p.x - q.x, dy = p.y - q.y, dz = p.z - q.z; var d2 = dx * dx + dy * dy + dz * dz + 0.01;
        var mag = dt / (d2 * Math.sqrt(d2));
        p.vx -= dx * q.m * mag; p.vy -= dy * q.m * mag; p.vz -= dz * q.m * mag;
        q.vx += dx * p.m * mag; q.vy += dy * p.m * mag; q.vz += dz * p.m * mag; } }
    for (var k = 0; k < ps.length; k++) { var r = ps[k]; r.x += dt * r.vx; r.y += dt * r.vy; r.z += dt * r.vz; } }
  var e = 0; for (var t = 0; t < ps.length; t++) { var b = ps[t]; e += 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz); }
  return e; }
var sn = spectral(200);
var en = gravity(50000);
print("float-kernel: spectral " + sn.toFixed(9) + ", energy " + en.toFixed(6));
if (sn.toFixed(9) !== "1.274223601" || en.toFixed(6) !== "8.377560") throw new Error("float-kernel: wrong result");
