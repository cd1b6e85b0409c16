// twintowns atlas: the painter of the map's many thin arcs and place dots (map.js asks it
// for pictures).  With OffscreenCanvas and workers (every current browser) the arcs are
// sampled and stroked in arcs-worker.js and come back as ImageBitmaps: the page's main
// thread only posts the view and draws the picture, so a slider step or a pan never waits
// for ~32,000 strokes.  One picture is made at a time; requests made meanwhile collapse
// into the latest.  Without workers the same painting (map-draw.js) runs on the page.  From
// 100,000 arcs (registries many times the world's size) the worker strokes a wide view by
// group (one arc per pair of grid cells) so a picture costs what the map shows, not the
// registry (the atlas loads every arc only while the registry has at most 100,000; past that
// it loads the server's grouped world and extents, atlas-arcs.js, and never reaches this).
"use strict";

/* global sampleArc, paintArcs */ // map-draw.js

// onPicture(): called when a newer picture is ready (from the worker).
function createArcPainter(raw, mercator, onPicture) {
  let worker = null;
  try {
    if (typeof OffscreenCanvas !== "undefined" && window.Worker) worker = new Worker("/static/arcs-worker.js");
  } catch (error) {
    worker = null; // refused (a policy, a sandbox): paint on the page
  }
  let arcs = [];                  // the page's own samples (only without a worker)
  let layers = [], dots = new Float32Array(0), version = 0;
  let picture = null;             // {image, k, tx, ty, ratio, version}
  let busy = false, pending = null, nextId = 0, asked = "";
  const canvas = worker ? null : document.createElement("canvas");

  function post(view) {
    busy = true;
    worker.postMessage({ type: "draw", id: ++nextId, layers, dots, ...view, version });
  }
  if (worker) {
    worker.onerror = (event) => { document.body.dataset.error = `arcs worker: ${event.message}`; };
    worker.onmessage = (event) => {
      const m = event.data;
      if (picture && picture.image.close) picture.image.close(); // free the old bitmap now
      picture = { image: m.bitmap, k: m.k, tx: m.tx, ty: m.ty, ratio: m.ratio, version: m.version };
      busy = false;
      if (pending) { const view = pending; pending = null; post(view); }
      onPicture();
    };
  }
  return {
    // [[[lon, lat], [lon, lat]], ...]: the arcs that layers name by index.
    setArcs(lines) {
      if (!worker) { arcs = lines.map(([a, b]) => sampleArc(raw, a, b)); return; }
      const flat = new Float64Array(lines.length * 4);
      lines.forEach(([a, b], i) => { flat.set([a[0], a[1], b[0], b[1]], 4 * i); });
      worker.postMessage({ type: "arcs", lines: flat, mercator }, [flat.buffer]);
    },
    // [{colour, width, alpha, arcs: [index...]}] and the dots' unit positions.
    setLayers(newLayers, dotXY) {
      layers = newLayers.map((l) => ({ colour: l.colour, width: l.width, alpha: l.alpha, arcs: Int32Array.from(l.arcs) }));
      dots = dotXY; version += 1;
    },
    // The picture for `view` ({width, height, ratio, k, tx, ty, dot}), asked for if the one
    // held is not of it: the picture held meanwhile (perhaps of another view), or null.
    picture(view) {
      const same = picture && picture.version === version && picture.k === view.k && picture.tx === view.tx && picture.ty === view.ty &&
        picture.image.width === Math.max(1, Math.round(view.width * view.ratio));
      if (same) return picture;
      const key = [version, view.k, view.tx, view.ty, view.width, view.height, view.ratio].join();
      if (worker && key === asked) return picture; // already being made
      asked = key;
      if (!worker) {
        canvas.width = Math.max(1, Math.round(view.width * view.ratio)); canvas.height = Math.max(1, Math.round(view.height * view.ratio));
        paintArcs(canvas.getContext("2d"), { ...view, layers, dots }, arcs);
        picture = { image: canvas, ...view, version };
      } else if (busy) pending = view;
      else post(view);
      return picture;
    },
    // Whether the picture held shows the current layers (however placed).
    current() { return picture !== null && picture.version === version; },
  };
}
