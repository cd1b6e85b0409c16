// twintowns atlas: the arcs of a registry too large to load whole (atlas.js draws them).  The
// page first asks /atlas/arcs/first.json: every arc while the registry is small (the same
// table as /atlas/arcs.json), else the world grouped (/atlas/arcs/world.json): one arc per
// group of twinnings sharing their ends' grid cells and countries, kind and status timeline,
// drawn wider the more twinnings it stands for, so the year slider, the filters and the
// legend work on it as on every arc.  Once the reader zooms in and is still, the extent
// shown comes from /atlas/arcs/view.json (in detail, or grouped more finely when it holds
// too many), kept per extent; zoomed out, the world's table again.  A selected place's
// partners are drawn from its panel's answer (atlas-panels.js) whatever the zoom.  Under the
// count, a grouped table says that it is grouped, and how many twinnings it stands for of
// how many when its answer left the smallest groups out (issue 22).
"use strict";

/* global $, api, el, t, map: writable, data: writable, indexChanges, redraw, STATUS_ORDER, STATUS_COLOURS */

let world = null;      // the grouped world table, when the registry is too large to load whole

// The layers of thin arcs, one per status (weakest first).  A grouped table's arcs go by the
// power of two of the count they stand for: darker up to 15 twinnings, wider from 16 (few
// groups: a line wider than a device pixel leaves Skia's fast hairline path and costs ten
// times more to stroke, so the many stay thin).
function arcLayers(byStatus, strokes) {
  // fainter lines when there are many, so dense regions stay readable
  const counts = data.arcs.count;
  if (!counts) {
    const alpha = Math.max(0.1, Math.min(0.85, 2000 / (strokes + 1)));
    return STATUS_ORDER.map((s) => ({ colour: STATUS_COLOURS[s], width: 0.7, alpha, arcs: byStatus[s] }));
  }
  // groups span the world more evenly than places do: fainter still, so the land shows
  const alpha = Math.max(0.05, Math.min(0.85, 1000 / (strokes + 1)));
  const layers = [];
  for (const s of STATUS_ORDER) {
    const byPower = [];
    for (const i of byStatus[s]) { const w = Math.min(7, Math.floor(Math.log2(counts[i]))); (byPower[w] || (byPower[w] = [])).push(i); }
    byPower.forEach((arcs, w) => layers.push({
      colour: STATUS_COLOURS[s], arcs, width: w < 4 ? 0.7 : 0.6 * (w - 2), alpha: Math.min(0.9, alpha * (1 + w / 2)),
    }));
  }
  return layers;
}

// The count line's second line, in words, when the table drawn is grouped (the world view, or
// an extent holding too many twinnings to send in detail): its lines are groups, and when the
// answer left the smallest groups out, how many twinnings it stands for of how many (the
// count above is then of the twinnings shown only), so a reader never takes a part for the
// whole.  Nothing for a table in detail (every arc, or an extent's).
function arcsNote() {
  if (data.mode !== "aggregate") return null;
  const partial = data.shown < data.total;
  const text = partial ? t("map.grouped.partial", { shown: data.shown, n: data.total }) : t("map.grouped.all", { n: data.total });
  return el("span", { id: "arcs-note", "data-shown": String(data.shown), "data-total": String(data.total), "data-partial": String(partial) }, text);
}

// The first table: the server's choice (every arc while few, else the world grouped);
// ?arcs=view or ?arcs=all in the page's address asks for one (tests compare the two).
function firstArcs() {
  const asked = new URLSearchParams(location.search).get("arcs");
  return asked === "view" ? "/atlas/arcs/world.json" : asked === "all" ? "/atlas/arcs.json" : "/atlas/arcs/first.json";
}

// Hand the drawn table's arcs to the map (sampled once per table).
function setArcs() {
  const p = data.places, a = data.arcs;
  map.setArcs(a.a.map((x, i) => [[p.lon[x], p.lat[x]], [p.lon[a.b[i]], p.lat[a.b[i]]]]));
}

const VIEW_FROM = 1.8;   // map zoom from which an extent's own arcs are asked for
const KEPT_VIEWS = 24;   // extents' tables kept (the latest asked)
const viewTables = new Map();   // url -> promise of its table
let viewTimer = 0, viewShown = null;

// The server's zoom (0: the world in one tile) and the visible box widened to its grid of
// 45 / 2^zoom degrees (as the server snaps it: nearby views share one answer), as the
// view.json address; null when the map shows (nearly) the whole world.
function viewUrl() {
  const k = map.view().zoom, canvas = $("#canvas"), w = canvas.clientWidth, h = canvas.clientHeight;
  if (k < VIEW_FROM || !w || !h) return null;
  const lons = [], lats = [];
  for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) {
    const ll = map.invert([(w * i) / 8, (h * j) / 8]);
    if (ll) { lons.push(ll[0]); lats.push(ll[1]); }
  }
  if (!lons.length) return null;
  const zoom = Math.max(0, Math.min(16, Math.round(Math.log2(k)) + 2)), step = 45 / 2 ** zoom;
  let west = Math.min(...lons), east = Math.max(...lons);
  if (east - west > 180) { west = -180; east = 180; } // across the antimeridian: every longitude
  const box = [Math.max(-180, Math.floor(west / step) * step), Math.max(-90, Math.floor(Math.min(...lats) / step) * step),
    Math.min(180, Math.ceil(east / step) * step), Math.min(90, Math.ceil(Math.max(...lats) / step) * step)];
  if (box[2] - box[0] >= 360 && box[3] - box[1] >= 150) return null;
  return `/atlas/arcs/view.json?west=${box[0]}&south=${box[1]}&east=${box[2]}&north=${box[3]}&zoom=${zoom}`;
}

function viewTable(url) {
  if (!viewTables.has(url)) {
    const asked = api(url);
    asked.catch(() => viewTables.delete(url));   // asked again next time
    viewTables.set(url, asked);
    if (viewTables.size > KEPT_VIEWS) viewTables.delete(viewTables.keys().next().value);
  }
  return viewTables.get(url);
}

// The view moved (once still): draw the extent's own arcs (or the world's) a moment later.
function askView() {
  if (!world) return;
  clearTimeout(viewTimer);
  viewTimer = setTimeout(async () => {
    const url = viewUrl();
    if (url === viewShown) return;
    viewShown = url;
    document.body.dataset.arcsView = "loading";
    try {
      const table = url ? await viewTable(url) : world;
      if (url !== viewShown) return;   // the view moved on meanwhile
      data = table; indexChanges(); setArcs(); redraw();
      document.body.dataset.arcsView = url ? `${table.mode} ${table.shown}/${table.total}` : "world";
    } catch (error) {
      viewShown = null;
      document.body.dataset.arcsView = `error: ${error.message}`;
    }
  }, 200);
}

