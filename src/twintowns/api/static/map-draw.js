// twintowns atlas: drawing helpers of the map (map.js) that need none of its state: great-circle
// arcs sampled and projected at scale 1, the painting of the thin arcs, the quiz's markers,
// and the pin and labels of a selected place.
"use strict";

/* global d3 */

// Sample the great circle from a to b (about every 4 degrees) and project it at scale 1
// through the raw projection `raw`,
// breaking the line where it crosses the antimeridian.  Plain trigonometry (slerp between
// the two unit vectors): this runs for every arc at start-up.
function sampleArc(raw, a, b) {
  const radians = Math.PI / 180;
  const l0 = a[0] * radians, p0 = a[1] * radians, l1 = b[0] * radians, p1 = b[1] * radians;
  const x0 = Math.cos(p0) * Math.cos(l0), y0 = Math.cos(p0) * Math.sin(l0), z0 = Math.sin(p0);
  const x1 = Math.cos(p1) * Math.cos(l1), y1 = Math.cos(p1) * Math.sin(l1), z1 = Math.sin(p1);
  const d = Math.acos(Math.max(-1, Math.min(1, x0 * x1 + y0 * y1 + z0 * z1)));
  const steps = d < 1e-9 ? 1 : Math.ceil(d / 0.07), sd = Math.sin(d);
  const out = new Float32Array(2 * (steps + 1) + 6);
  let n = 0, lastLon = null, lastLat = 0;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const A = sd < 1e-9 ? 1 - t : Math.sin((1 - t) * d) / sd, B = sd < 1e-9 ? t : Math.sin(t * d) / sd;
    const x = A * x0 + B * x1, y = A * y0 + B * y1, z = A * z0 + B * z1;
    const lon = Math.atan2(y, x), lat = Math.atan2(z, Math.hypot(x, y));
    if (lastLon !== null && Math.abs(lon - lastLon) > Math.PI && n + 6 <= out.length) {
      const side = lastLon > 0 ? Math.PI : -Math.PI, next = lon + 2 * side;
      const cross = lastLat + ((side - lastLon) / (next - lastLon)) * (lat - lastLat);
      const edge = raw(side, cross), other = raw(-side, cross);
      out[n++] = edge[0]; out[n++] = -edge[1]; out[n++] = NaN; out[n++] = NaN;
      out[n++] = other[0]; out[n++] = -other[1];
    }
    const xy = raw(lon, lat);
    out[n++] = xy[0]; out[n++] = -xy[1];
    lastLon = lon; lastLat = lat;
  }
  return out.subarray(0, n);
}

function addArc(path, xy) {
  let pen = false;
  for (let j = 0; j < xy.length; j += 2) {
    if (Number.isNaN(xy[j])) { pen = false; continue; }
    if (pen) path.lineTo(xy[j], xy[j + 1]); else { path.moveTo(xy[j], xy[j + 1]); pen = true; }
  }
}

// A pin for the selected place and labels for it and its partners, each drawn only where
// it does not overlap one drawn before (the selected place first), white-haloed.
function drawPlaceLabels(ctx, project, labels, width, height) {
  const drawn = [];
  const boxes = [];
  for (const label of labels) {
    const p = project([label.lon, label.lat]);
    if (!p || p[0] < -50 || p[0] > width + 50 || p[1] < -20 || p[1] > height + 20) continue;
    if (label.main) {
      ctx.beginPath(); ctx.arc(p[0], p[1] - 9, 6, Math.PI * 0.8, Math.PI * 2.2);
      ctx.lineTo(p[0], p[1]); ctx.closePath();
      ctx.fillStyle = "#c2185b"; ctx.fill(); ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.5; ctx.stroke();
      ctx.beginPath(); ctx.arc(p[0], p[1] - 9, 2.2, 0, 2 * Math.PI); ctx.fillStyle = "#fff"; ctx.fill();
    } else {
      ctx.beginPath(); ctx.arc(p[0], p[1], 3, 0, 2 * Math.PI);
      ctx.fillStyle = "#fff"; ctx.fill(); ctx.strokeStyle = "#17324d"; ctx.lineWidth = 1.2; ctx.stroke();
    }
    ctx.font = label.main ? "600 13px system-ui, sans-serif" : "11.5px system-ui, sans-serif";
    const w = ctx.measureText(label.text).width, h = label.main ? 14 : 12;
    const x = p[0] + (label.main ? 9 : 5), y = p[1] + (label.main ? -6 : -3);
    const box = [x - 2, y - h, x + w + 2, y + 3];
    if (!label.main && boxes.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) continue;
    boxes.push(box);
    ctx.lineJoin = "round"; ctx.lineWidth = 3; ctx.strokeStyle = "#ffffffe6"; ctx.strokeText(label.text, x, y);
    ctx.fillStyle = label.main ? "#8a0f3f" : "#17324d"; ctx.fillText(label.text, x, y);
    drawn.push(label.text);
  }
  return drawn;
}

// Paint the thin arc layers and the place dots of view `m` on `ctx`, a context of
// m.width * m.ratio by m.height * m.ratio pixels: m = {width, height, ratio, k, tx, ty (the
// projection's scale and translation), layers: [{colour, width, alpha, arcs: [index...]}],
// dots: Float32Array of unit positions, dot: their size, keep: paint over what is there}; `arcs`
// the sampled arcs.
function paintArcs(ctx, m, arcs) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (!m.keep) ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height); // keep: paint over
  ctx.setTransform(m.ratio * m.k, 0, 0, m.ratio * m.k, m.ratio * m.tx, m.ratio * m.ty);
  ctx.lineCap = "butt"; ctx.lineJoin = "miter"; // cheapest to rasterise
  for (const layer of m.layers) {
    const path = new Path2D();
    for (const i of layer.arcs) if (arcs[i]) addArc(path, arcs[i]);
    ctx.globalAlpha = layer.alpha; ctx.strokeStyle = layer.colour; ctx.lineWidth = layer.width / m.k;
    ctx.stroke(path);
  }
  ctx.globalAlpha = 1;
  ctx.setTransform(m.ratio, 0, 0, m.ratio, 0, 0);
  ctx.fillStyle = "#33415c";
  const r = m.dot, d = m.dots;
  for (let i = 0; i < d.length; i += 2) {
    const x = d[i] * m.k + m.tx, y = d[i + 1] * m.k + m.ty;
    if (x >= 0 && x <= m.width && y >= 0 && y <= m.height) ctx.fillRect(x - r / 2, y - r / 2, r, r);
  }
}

// Markers (through the d3 geoPath `path` and `projection`): a dot each, and around those
// with radiusKm a geodesic circle of that radius (1 degree of arc = 111.195 km), dashed.
function drawMapMarkers(ctx, path, projection, markers) {
  for (const m of markers) {
    if (m.radiusKm) {
      ctx.beginPath(); path(d3.geoCircle().center([m.lon, m.lat]).radius(m.radiusKm / 111.195)());
      ctx.strokeStyle = m.colour; ctx.lineWidth = 1.5; ctx.setLineDash([5, 4]); ctx.stroke();
      ctx.setLineDash([]);
    }
    const p = projection([m.lon, m.lat]);
    if (!p) continue;
    ctx.beginPath(); ctx.arc(p[0], p[1], 5, 0, 2 * Math.PI);
    ctx.fillStyle = m.colour; ctx.fill(); ctx.strokeStyle = "#fff"; ctx.lineWidth = 1.5; ctx.stroke();
    if (m.label) { // a lettered point (a map question's keyboard answer)
      ctx.font = "700 15px system-ui, sans-serif"; ctx.lineJoin = "round";
      ctx.lineWidth = 4; ctx.strokeStyle = "#fff"; ctx.strokeText(m.label, p[0] + 7, p[1] - 6);
      ctx.fillStyle = m.colour; ctx.fillText(m.label, p[0] + 7, p[1] - 6);
    }
  }
}
