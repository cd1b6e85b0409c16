// twintowns atlas: the arcs, drawn off the main thread.  A dedicated worker samples every
// twinning's great circle once (map-draw.js's sampleArc through d3-geo's raw projection) and,
// on each request, strokes the layers asked for (lists of arc indexes) and the place dots
// on an OffscreenCanvas, then hands the picture back as an ImageBitmap.  Stroking ~32,000
// arcs takes hundreds of milliseconds on a phone; here it never blocks the page, so the year
// slider, panning and typing stay responsive while a picture is being made.
"use strict";

/* global d3, sampleArc, paintArcs */ // map-draw.js
importScripts("/static/vendor/d3-array.min.js", "/static/vendor/d3-geo.min.js", "/static/map-draw.js");

let arcs = [];        // Float32Array per arc: unit-projected samples (NaN breaks a line)
let canvas = null, ctx = null;

// {lines: Float64Array [lon0, lat0, lon1, lat1, ...], mercator}: sample every arc.
function setArcs(message) {
  const raw = message.mercator ? d3.geoMercatorRaw : d3.geoNaturalEarth1Raw, l = message.lines;
  arcs = new Array(l.length / 4);
  for (let i = 0; i < arcs.length; i++) arcs[i] = sampleArc(raw, [l[4 * i], l[4 * i + 1]], [l[4 * i + 2], l[4 * i + 3]]);
}

// {id, and the view paintArcs takes}: the picture, transferred back.
function draw(m) {
  const w = Math.max(1, Math.round(m.width * m.ratio)), h = Math.max(1, Math.round(m.height * m.ratio));
  if (!canvas) { canvas = new OffscreenCanvas(w, h); ctx = canvas.getContext("2d"); }
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  paintArcs(ctx, m, arcs);
  const bitmap = canvas.transferToImageBitmap();
  postMessage({ id: m.id, version: m.version, bitmap, k: m.k, tx: m.tx, ty: m.ty, ratio: m.ratio }, [bitmap]);
}

onmessage = (event) => {
  if (event.data.type === "arcs") setArcs(event.data);
  else if (event.data.type === "draw") draw(event.data);
};
