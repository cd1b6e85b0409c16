// twintowns atlas: the arcs, drawn off the main thread.  A dedicated worker samples every
// twinning's great circle once (map-draw.js's sampleArc through d3-geo's raw projection) and,
// on each request, strokes the layers asked for (lists of arc indexes) and the place dots
// on an OffscreenCanvas, then hands the picture back as an ImageBitmap.  Stroking ~32,000
// arcs takes hundreds of milliseconds on a phone; here it never blocks the page, so the year
// slider, panning and typing stay responsive while a picture is being made.
"use strict";

/* global d3, sampleArc, addArc, paintArcs */ // map-draw.js
importScripts("/static/vendor/d3-array.min.js", "/static/vendor/d3-geo.min.js", "/static/map-draw.js");

let arcs = [];        // Float32Array per arc: unit-projected samples (NaN breaks a line)
let canvas = null, ctx = null;
// Registries of many times the world's size: a view showing much of the world strokes one
// arc per pair of CELL-degree grid cells (between the cells' mean places, wider the more
// arcs it stands for) instead of every arc, so its cost follows the map, not the registry.
const GROUP_FROM = 100000;   // arcs from which wide views are drawn grouped
const CELL = 10;             // degrees
const WIDE = 1.5;            // a view wider than this (unit-projected width) is "wide"
let groupOf = null, groupArcs = [];

// {lines: Float64Array [lon0, lat0, lon1, lat1, ...], mercator}: sample every arc.
function setArcs(message) {
  const raw = message.mercator ? d3.geoMercatorRaw : d3.geoNaturalEarth1Raw, l = message.lines;
  arcs = new Array(l.length / 4);
  for (let i = 0; i < arcs.length; i++) arcs[i] = sampleArc(raw, [l[4 * i], l[4 * i + 1]], [l[4 * i + 2], l[4 * i + 3]]);
  if (arcs.length >= GROUP_FROM) group(raw, l); else { groupOf = null; groupArcs = []; }
}

// Each arc's group (its unordered pair of grid cells) and each group's sampled arc.
function group(raw, l) {
  const columns = 360 / CELL + 1, cellOf = (lon, lat) => Math.floor((lat + 90) / CELL) * columns + Math.floor((lon + 180) / CELL);
  const sums = new Map(), keys = new Map(), pairs = [];
  const add = (cell, lon, lat) => { const s = sums.get(cell) || [0, 0, 0]; s[0] += lon; s[1] += lat; s[2] += 1; sums.set(cell, s); };
  groupOf = new Int32Array(l.length / 4);
  for (let i = 0; i < groupOf.length; i++) {
    const ca = cellOf(l[4 * i], l[4 * i + 1]), cb = cellOf(l[4 * i + 2], l[4 * i + 3]);
    add(ca, l[4 * i], l[4 * i + 1]); add(cb, l[4 * i + 2], l[4 * i + 3]);
    const key = Math.min(ca, cb) * 100000 + Math.max(ca, cb);
    let g = keys.get(key);
    if (g === undefined) { g = pairs.length; keys.set(key, g); pairs.push([ca, cb]); }
    groupOf[i] = g;
  }
  const mean = (cell) => { const s = sums.get(cell); return [s[0] / s[2], s[1] / s[2]]; };
  groupArcs = pairs.map(([a, b]) => sampleArc(raw, mean(a), mean(b)));
}

// paintArcs (map-draw.js) with every layer's arcs stroked by group: widths by powers of two
// of the count, so a layer costs at most one stroke per width.
function paintGroups(c, m) {
  c.setTransform(1, 0, 0, 1, 0, 0); c.clearRect(0, 0, c.canvas.width, c.canvas.height);
  c.setTransform(m.ratio * m.k, 0, 0, m.ratio * m.k, m.ratio * m.tx, m.ratio * m.ty);
  c.lineCap = "butt"; c.lineJoin = "miter";
  const counts = new Int32Array(groupArcs.length);
  for (const layer of m.layers) {
    counts.fill(0);
    for (const i of layer.arcs) counts[groupOf[i]] += 1;
    const paths = [];
    counts.forEach((n, g) => { if (n) { const w = Math.min(6, Math.floor(Math.log2(n))); addArc(paths[w] || (paths[w] = new Path2D()), groupArcs[g]); } });
    c.globalAlpha = layer.alpha; c.strokeStyle = layer.colour;
    paths.forEach((path, w) => { c.lineWidth = (layer.width * (1 + w)) / m.k; c.stroke(path); });
  }
  c.globalAlpha = 1;
  paintArcs(c, { ...m, layers: [], keep: true }, arcs); // the dots, over the groups
}

// {id, and the view paintArcs takes}: the picture, transferred back.
function draw(m) {
  const w = Math.max(1, Math.round(m.width * m.ratio)), h = Math.max(1, Math.round(m.height * m.ratio));
  if (!canvas) { canvas = new OffscreenCanvas(w, h); ctx = canvas.getContext("2d"); }
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const grouped = Boolean(groupOf) && m.width / m.k > WIDE;
  if (grouped) paintGroups(ctx, m); else paintArcs(ctx, m, arcs);
  const bitmap = canvas.transferToImageBitmap();
  postMessage({ id: m.id, version: m.version, bitmap, k: m.k, tx: m.tx, ty: m.ty, ratio: m.ratio, grouped }, [bitmap]);
}

onmessage = (event) => {
  if (event.data.type === "arcs") setArcs(event.data);
  else if (event.data.type === "draw") draw(event.data);
};
