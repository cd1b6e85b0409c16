// twintowns atlas: the map.  A Canvas 2D world (d3-geo + world-atlas 110m) with every
// twinning drawn as a great-circle arc, pan and zoom, and hit-testing of places and countries.
// No framework and no WebGL.  Arcs are sampled along their great circles and projected once,
// at scale 1 (d3 projections without rotation are linear in scale and translation), into one
// Path2D per layer; a redraw just strokes those paths under the current transform.  While the
// user drags or zooms, the last frame is moved as a bitmap and redrawn fully when still.
// Screens of pixel ratio 2-3 would make the thin arcs cost 10-100 times more to stroke (their
// width leaves Skia's one-pixel hairline path and the backing store grows with the square of
// the ratio), so the thin arcs go to their own canvas at a bounded ratio (ARC_RATIO) and are
// scaled up onto the page; the basemap, the thick arcs of a selection, dots, pins and labels
// stay sharp at the full ratio.  Every change asks for a frame: at most one render per
// animation frame, however many slider steps or pointer moves come in between.
"use strict";

/* global d3, topojson, sampleArc, addArc, drawPlaceLabels, drawMapMarkers, createArcPainter */ // map-draw.js, map-arcs.js

// Colours of statuses (also used by the legend in atlas.js); draw order: weakest first.
const STATUS_COLOURS = {
  unknown: "#8a94a6",
  proposed: "#3b82f6",
  ended: "#d64545",
  suspended: "#e6a700",
  active: "#1f9d55",
};
const ARC_RATIO = 1.25; // the thin arcs' backing store: at most this many pixels per CSS pixel

function createMap(canvas, options) {
  const ctx = canvas.getContext("2d");
  const tileUrl = options.tileUrl || null;
  // A tile server needs Web Mercator; the offline basemap looks better in Natural Earth.
  const makeProjection = () => (tileUrl ? d3.geoMercator() : d3.geoNaturalEarth1());
  const projection = makeProjection().precision(1);
  // screen = unit(p) * scale + translate; the raw projection is ~10x faster than the d3 stream
  const raw = tileUrl ? d3.geoMercatorRaw : d3.geoNaturalEarth1Raw, radians = Math.PI / 180;
  const unit = (p) => { const xy = raw(p[0] * radians, p[1] * radians); return [xy[0], -xy[1]]; };
  const path = d3.geoPath(projection, ctx);
  const frame = document.createElement("canvas"); // the last full render, reused while moving
  // the thin arcs and the dots, painted at a bounded resolution (in a worker when it can)
  const painter = createArcPainter(raw, Boolean(tileUrl), () => requestRender());
  let width = 0, height = 0, ratio = 1, arcRatio = 1, baseScale = 1, zoom = 1;
  let land = null, borders = null, countries = [];
  let layers = [];       // the thick ones: [{colour, width, alpha, path: Path2D in unit coordinates}]
  let dots = [];         // [{id, name, lon, lat}] places to mark and hit-test
  let dotXY = null;      // Float32Array of the dots' unit positions
  let moving = null;     // {k, ox, oy}: bitmap transform since the last full render
  let redrawTimer = 0;
  let viewTimer = 0;  // its own timer: a render requested meanwhile must not swallow the view
  let frameRequest = 0;  // the pending animation frame, if any
  let arcsShown = false; // whether a render has shown the arcs yet (the first-arcs mark)
  let labels = [];       // [{lon, lat, text, main}]: the selected place (main) and its partners
  let labelsDrawn = [];  // the labels' texts that found room at the last render
  let markers = [];      // [{lon, lat, colour, radiusKm, label}] drawn over everything (the quiz's)
  let clickHandler = null; // when set, a click gives its [lon, lat] here (a quiz map question)
  const tiles = new Map();

  // ---- size and view ----------------------------------------------------------------------
  function resize() {
    ratio = window.devicePixelRatio || 1;
    arcRatio = Math.min(ratio, ARC_RATIO);
    const box = canvas.parentElement.getBoundingClientRect();
    // first view: the whole world, centred on the prime meridian so neither side is cropped
    const centre = width ? projection.invert([width / 2, height / 2]) : [0, 8];
    width = Math.max(200, box.width); height = Math.max(200, box.height);
    for (const c of [canvas, frame]) { c.width = Math.round(width * ratio); c.height = Math.round(height * ratio); }
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    projection.scale(1).translate([0, 0]);
    const bounds = d3.geoPath(projection).bounds({ type: "Sphere" });
    // zoom 1 fills the width (the poles may be cut), or the height when the map is narrow
    baseScale = Math.min(width / (bounds[1][0] - bounds[0][0]), 1.25 * height / (bounds[1][1] - bounds[0][1]));
    if (tileUrl) baseScale = Math.min(width, height) / (2 * Math.PI);
    setView(centre[0], centre[1], zoom, true);
  }

  // Centre the map on [lon, lat] at zoom k (1 shows the whole world); `above` CSS px of the
  // map's bottom are covered (a bottom sheet on a phone): centre in the part left visible.
  function setView(lon, lat, k, quiet, above) {
    zoom = Math.max(1, Math.min(64, k));
    projection.scale(baseScale * zoom).translate([width / 2, height / 2]);
    const p = projection([lon, lat]) || [width / 2, height / 2];
    const t = projection.translate(), cy = (height - Math.min(height * 0.8, above || 0)) / 2;
    projection.translate([t[0] + width / 2 - p[0], t[1] + cy - p[1]]);
    if (!quiet) options.onView && options.onView(view());
    requestRender();
  }

  function view() {
    const c = projection.invert([width / 2, height / 2]);
    return { lon: c[0], lat: c[1], zoom };
  }

  // ---- drawing ------------------------------------------------------------------------------
  function drawTiles() {
    const s = projection.scale(), t = projection.translate();
    const world = 2 * Math.PI * s;
    const z = Math.max(0, Math.min(19, Math.round(Math.log2(world / 256))));
    const n = 2 ** z, size = world / n;
    const left = t[0] - world / 2, top = t[1] - world / 2;
    for (let y = Math.max(0, Math.floor(-top / size)); y < n && top + y * size < height; y++) {
      for (let x = Math.floor(-left / size); left + x * size < width; x++) {
        const key = `${z}/${((x % n) + n) % n}/${y}`;
        let image = tiles.get(key);
        if (!image) {
          image = new Image();
          image.onload = () => { baseKey = ""; requestRender(); };
          image.src = tileUrl.replace("{z}", z).replace("{x}", ((x % n) + n) % n).replace("{y}", y);
          tiles.set(key, image);
        }
        if (image.complete && image.naturalWidth) ctx.drawImage(image, left + x * size, top + y * size, size, size);
      }
    }
  }

  // The basemap, drawn again only when the view has changed (a year step keeps it): kept as
  // a bitmap of the canvas, keyed by the view.
  const baseCanvas = document.createElement("canvas");
  let baseKey = "";
  function drawBasemap() {
    const t = projection.translate(), key = [projection.scale(), t[0], t[1], canvas.width, canvas.height, land !== null].join();
    if (key === baseKey) {
      ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(baseCanvas, 0, 0); ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      return;
    }
    paintBasemap();
    baseCanvas.width = canvas.width; baseCanvas.height = canvas.height;
    baseCanvas.getContext("2d").drawImage(canvas, 0, 0);
    baseKey = key;
  }

  function paintBasemap() {
    ctx.fillStyle = "#dbe7f0"; ctx.fillRect(0, 0, width, height);
    if (tileUrl) { drawTiles(); return; }
    ctx.beginPath(); path({ type: "Sphere" }); ctx.fillStyle = "#eef4f8"; ctx.fill();
    if (land) { ctx.beginPath(); path(land); ctx.fillStyle = "#fbfaf6"; ctx.fill(); }
    if (borders) {
      ctx.beginPath(); path(borders);
      ctx.strokeStyle = "#c9c4b8"; ctx.lineWidth = 0.5; ctx.stroke();
    }
  }

  // Stroke `list` of layers on `c` at pixel ratio `r` (paths are in unit coordinates).
  function strokeLayers(c, r, list) {
    const k = projection.scale(), t = projection.translate();
    c.setTransform(r * k, 0, 0, r * k, r * t[0], r * t[1]);
    c.lineCap = "butt"; c.lineJoin = "miter"; // cheapest to rasterise
    for (const layer of list) {
      c.globalAlpha = layer.alpha; c.strokeStyle = layer.colour; c.lineWidth = layer.width / k;
      c.stroke(layer.path);
    }
    c.globalAlpha = 1;
  }

  // The thin arcs (the many) and the dots: the painter's latest picture, mapped from the view
  // it was made for to this one (exact when they are the same); the thick arcs (a selection,
  // a chain: a few) at the full ratio over them.  Returns whether the picture was current.
  function drawLayers() {
    const k = projection.scale(), t = projection.translate();
    const pic = painter.picture({ width, height, ratio: arcRatio, k, tx: t[0], ty: t[1], dot: zoom > 3 ? 2 : 1.2 });
    if (pic) {
      const s = k / pic.k;
      ctx.setTransform(ratio * s, 0, 0, ratio * s, ratio * (t[0] - pic.tx * s), ratio * (t[1] - pic.ty * s));
      ctx.drawImage(pic.image, 0, 0, pic.image.width / pic.ratio, pic.image.height / pic.ratio);
    }
    strokeLayers(ctx, ratio, layers);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return Boolean(pic) && painter.current();
  }

  function drawMarkers() { drawMapMarkers(ctx, path, projection, markers); }

  function drawLabels() {
    labelsDrawn = drawPlaceLabels(ctx, (lonLat) => projection(lonLat), labels, width, height);
  }

  // A full render: basemap, arcs layer by layer, place dots, markers, pin and labels; then
  // keep it as the frame.
  function render() {
    const started = performance.now();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawBasemap(); const current = drawLayers(); drawMarkers(); drawLabels();
    moving = null;
    window.renderMs = performance.now() - started;
    if (!arcsShown && current) {
      arcsShown = true;
      performance.mark("arcs-drawn");
    }
    options.onRender && options.onRender(window.renderMs);
  }

  // Ask for a frame: a full render, or (while moving) the last frame moved as a bitmap.  One
  // per animation frame, however often asked; a full render wins over a move.
  let frameKind = null;
  function requestFrame(kind) {
    if (kind === "full" || !frameKind) frameKind = kind;
    if (frameRequest) return;
    frameRequest = requestAnimationFrame(() => {
      const k = frameKind;
      frameRequest = 0; frameKind = null;
      if (k === "full") render(); else if (moving) showMoving();
    });
  }
  function requestRender() { clearTimeout(redrawTimer); requestFrame("full"); }

  // A full render once the user has been still for `delay` ms.
  function scheduleRender(delay) {
    clearTimeout(redrawTimer); clearTimeout(viewTimer);
    redrawTimer = setTimeout(requestRender, delay);
    // requestRender() clears redrawTimer (the arcs arriving after a zoom, say): the permalink
    // must still learn the new view
    viewTimer = setTimeout(() => { options.onView && options.onView(view()); }, delay);
  }

  // While moving: show the last frame, mapped by screen = frame * k + (ox, oy), and redraw
  // fully once still.
  function showMoving() {
    const m = moving;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#dbe7f0"; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(ratio * m.k, 0, 0, ratio * m.k, ratio * m.ox, ratio * m.oy);
    ctx.drawImage(frame, 0, 0, width, height);
  }

  // A move begins: keep the last full render as the frame to move (copied only now, not at
  // every render: a full-screen copy costs as much as drawing the arcs' picture).
  function startMoving() {
    if (moving) return;
    const f = frame.getContext("2d");
    f.setTransform(1, 0, 0, 1, 0, 0); f.clearRect(0, 0, frame.width, frame.height);
    f.drawImage(canvas, 0, 0);
    moving = { k: 1, ox: 0, oy: 0 };
  }

  function pan(dx, dy) {
    const t = projection.translate();
    projection.translate([t[0] + dx, t[1] + dy]);
    startMoving();
    moving.ox += dx; moving.oy += dy;
    requestFrame("move"); scheduleRender(160);
  }

  function zoomAt(factor, x, y) {
    const k = Math.max(1, Math.min(64, zoom * factor));
    factor = k / zoom;
    if (factor === 1) return;
    zoom = k;
    const t = projection.translate();
    projection.scale(baseScale * zoom).translate([x - (x - t[0]) * factor, y - (y - t[1]) * factor]);
    startMoving();
    moving.k *= factor;
    moving.ox = (moving.ox - x) * factor + x; moving.oy = (moving.oy - y) * factor + y;
    requestFrame("move"); scheduleRender(160);
  }

  // ---- hit-testing --------------------------------------------------------------------------
  function nearestDot(x, y, radius) {
    if (!dotXY || moving) return null;
    const k = projection.scale(), t = projection.translate();
    let best = null, bestD = radius * radius;
    for (let i = 0; i < dots.length; i++) {
      const dx = dotXY[2 * i] * k + t[0] - x, dy = dotXY[2 * i + 1] * k + t[1] - y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = dots[i]; }
    }
    return best;
  }

  // The [lon, lat] under a screen point, or null off the globe (where the inverse projection
  // does not lead back to the point).
  function lonLatAt(x, y) {
    const ll = projection.invert([x, y]);
    if (!ll || !Number.isFinite(ll[0]) || !Number.isFinite(ll[1])) return null;
    const back = projection(ll);
    return back && Math.hypot(back[0] - x, back[1] - y) < 1 ? ll : null;
  }

  function countryAt(x, y) {
    const lonlat = projection.invert([x, y]);
    if (!lonlat || !countries.length) return null;
    return countries.find((c) => d3.geoContains(c, lonlat)) || null;
  }

  // ---- pointer, touch and wheel ----------------------------------------------------------------
  // One pointer drags (or clicks); two pinch: the map zooms by the change of their distance
  // about their midpoint and pans with the midpoint.
  let drag = null;
  const pointers = new Map(); // pointerId -> {x, y}
  const pinchOf = () => {
    const [a, b] = [...pointers.values()];
    return { d: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  let pinch = null;
  canvas.addEventListener("pointerdown", (e) => {
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    try { canvas.setPointerCapture(e.pointerId); } catch (error) { /* a synthetic pointer */ }
    if (pointers.size === 2) { pinch = pinchOf(); drag = null; return; }
    drag = { x: e.clientX, y: e.clientY, moved: 0 };
  });
  canvas.addEventListener("pointermove", (e) => {
    const box = canvas.getBoundingClientRect();
    if (pointers.has(e.pointerId)) pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch && pointers.size === 2) {
      const now = pinchOf();
      if (pinch.d > 0 && now.d > 0) zoomAt(now.d / pinch.d, now.x - box.left, now.y - box.top);
      pan(now.x - pinch.x, now.y - pinch.y);
      pinch = now;
      return;
    }
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      drag.moved += Math.abs(dx) + Math.abs(dy); drag.x = e.clientX; drag.y = e.clientY;
      if (drag.moved > 3) pan(dx, dy);
      return;
    }
    // during a map question the names under the pointer would give the answer away
    const hit = clickHandler ? null : nearestDot(e.clientX - box.left, e.clientY - box.top, 8);
    options.onHover && options.onHover(hit, e.clientX - box.left, e.clientY - box.top);
  });
  const release = (e) => {
    pointers.delete(e.pointerId);
    if (pinch) { if (!pointers.size) pinch = null; drag = null; return false; }
    const click = drag && drag.moved <= 3;
    drag = null;
    return click;
  };
  canvas.addEventListener("pointercancel", release);
  canvas.addEventListener("pointerup", (e) => {
    if (!release(e)) return;
    const box = canvas.getBoundingClientRect();
    const x = e.clientX - box.left, y = e.clientY - box.top;
    if (clickHandler) {
      const ll = lonLatAt(x, y);
      if (ll) clickHandler({ lon: ll[0], lat: ll[1], x, y });
      return;
    }
    const dot = nearestDot(x, y, e.pointerType === "touch" ? 14 : 8);
    if (dot) options.onPlace && options.onPlace(dot.id);
    else { const c = countryAt(x, y); if (c) options.onCountry && options.onCountry(c); }
  });
  // The keyboard: arrows pan, + and - zoom (the canvas takes focus).
  canvas.addEventListener("keydown", (e) => {
    const step = 60, moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) { pan(...moves[e.key]); e.preventDefault(); }
    else if (e.key === "+" || e.key === "=") { zoomAt(1.5, width / 2, height / 2); e.preventDefault(); }
    else if (e.key === "-") { zoomAt(1 / 1.5, width / 2, height / 2); e.preventDefault(); }
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  // Re-fit when the map's box changes (window resized, side panel opened or closed).
  new ResizeObserver(() => { if (width) resize(); }).observe(canvas.parentElement);

  // ---- public interface -----------------------------------------------------------------------
  return {
    setWorld(topology) {
      const features = topojson.feature(topology, topology.objects.countries).features;
      countries = features;
      land = topojson.feature(topology, topology.objects.land);
      borders = topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b);
    },
    // The arcs layers refer to by index: [[[lon, lat], [lon, lat]], ...] (sampled once).
    setArcs(lines) { painter.setArcs(lines); },
    // Layers, drawn in order: {colour, width, alpha, arcs: [index...], lines: [[a, b]...]};
    // dots: the places to mark and hit-test, [{id, name, lon, lat}].
    setLayers(newLayers, newDots) {
      // layers of arcs by index go to the painter (the many); layers of lines stay here
      layers = newLayers.filter((layer) => layer.lines).map((layer) => {
        const path = new Path2D();
        for (const [a, b] of layer.lines) addArc(path, sampleArc(raw, a, b));
        return { colour: layer.colour, width: layer.width, alpha: layer.alpha, path };
      });
      dots = newDots;
      dotXY = new Float32Array(dots.length * 2);
      dots.forEach((d, i) => { const p = unit([d.lon, d.lat]); dotXY[2 * i] = p[0]; dotXY[2 * i + 1] = p[1]; });
      painter.setLayers(newLayers.filter((layer) => layer.arcs), dotXY);
      requestRender();
    },
    // The pin and labels: [{lon, lat, text, main}] (the main one first; [] clears them).
    setLabels(list) { labels = list; requestRender(); },
    // The labels' texts drawn at the last render (the others had no room).
    labelsDrawn() { return labelsDrawn.slice(); },
    setView, view, resize,
    // Markers to draw over the map ([] clears them): [{lon, lat, colour, radiusKm}].
    setMarkers(list) { markers = list; requestRender(); },
    // Take clicks for a while (fn({lon, lat, x, y})); null gives them back to the atlas.
    onClick(fn) { clickHandler = fn; },
    // Screen position of [lon, lat] in CSS pixels from the canvas's corner, and the inverse.
    project(lonLat) { return projection(lonLat); },
    invert(xy) { return lonLatAt(xy[0], xy[1]); },
    zoomBy(factor) { zoomAt(factor, width / 2, height / 2); },
    // Zoom to show every [lon, lat] of `points` (used for a chain of twinnings).
    fit(points) {
      if (!points.length) return;
      const [[x0, y0], [x1, y1]] = d3.geoBounds({ type: "MultiPoint", coordinates: points });
      const centre = d3.geoCentroid({ type: "MultiPoint", coordinates: points });
      const span = Math.max(Math.abs(x1 - x0) / 360, Math.abs(y1 - y0) / 170, 0.02);
      setView(centre[0], centre[1], Math.min(16, 0.7 / span));
    },
  };
}
