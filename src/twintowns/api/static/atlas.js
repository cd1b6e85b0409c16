// twintowns atlas: the page.  Loads the twinnings as an arc table (parallel arrays): every
// one at once while the registry is small (/atlas/arcs/first.json answers /atlas/arcs.json),
// else the world grouped (/atlas/arcs/world.json: an arc per group, drawn wider the more
// twinnings it stands for) and then the extent shown, in detail, as the reader zooms and
// pans (/atlas/arcs/view.json, asked once still, kept per extent); filters and replays them
// by year on the map (map.js), and shows places, countries and chains of twinnings in the
// side panel (atlas-panels.js) from the JSON API; search and keys in atlas-search.js.  Every
// view is a permalink: the state lives in the URL hash.
"use strict";

/* global createMap, STATUS_COLOURS, I18n */

const $ = (selector) => document.querySelector(selector);
const STATUS_ORDER = ["unknown", "proposed", "ended", "suspended", "active"];

// The view: everything a permalink restores.
const state = {
  year: null,          // null: today; else statuses at the end of that year
  kind: "", country: "", statuses: new Set(STATUS_ORDER),
  wave: false,         // only the twinnings suspended or ended since 24 February 2022
  place: null,         // place id of the open place panel
  countryView: null,   // ISO code of the open country panel
  from: "", to: "",    // a chain of twinnings to find and draw
  map: null,           // {lon, lat, zoom}
};
let data = null;       // the arc table drawn (a grouped one has a count per arc, places without id)
let changes = null;    // Map arc index -> [[year, code], ...]
let chain = null;      // the last chain found: {places: [...], ids: Set of place ids}
let panelArcs = [];    // arcs of the open place, drawn on top
let waveIds = null;    // Set of twinning ids of the 2022 wave (loaded when first asked for)
let drawnArcs = [];    // indexes of the arcs drawn (the table view lists them)
let redrawFrame = 0;   // a redraw asked for the next animation frame (slider steps)

// The 2022 wave: twinnings with a suspension or termination dated on or after 24 February 2022
// (the same question as `twintowns events --type suspension,termination --since 2022-02-24`).
const WAVE_EVENTS = "/events?type=suspension&type=termination&since=2022-02-24&limit=1000";

async function loadWave() {
  if (waveIds) return;
  const ids = new Set();
  for (let offset = 0; ; offset += 1000) {
    const page = await api(`${WAVE_EVENTS}&offset=${offset}`);
    for (const item of page.items) if (item.event.standing !== "disputed") ids.add(item.twinning_id);
    if (offset + page.items.length >= page.total || !page.items.length) break;
  }
  waveIds = ids;
}

// A twinning's id from its two place ids: "a--b" with a < b (ids are ASCII).
const twinningId = (x, y) => (x < y ? `${x}--${y}` : `${y}--${x}`);

// ---- small helpers -----------------------------------------------------------------------
// A link only to an http(s) URL (defence in depth: sources are checked on load, but data
// stored earlier may hold a javascript: or data: URL); anything else renders as plain text.
function httpUrl(text) {
  try {
    const url = new URL(String(text || ""));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

async function api(url) {
  const response = await fetch(url);
  const body = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) { const error = new Error(body.detail || response.statusText); error.body = body; throw error; }
  return body;
}

// Messages of the chosen language (i18n.js): "1 twinning", "2 twinnings" by the language's
// plural rules; a status, kind or level by its catalogue key, else as written in the data.
const t = (key, params) => I18n.t(key, params);
const plural = (n, key) => I18n.t(key, { n });
const label = (group, value) => { const key = `${group}.${value}`, text = I18n.t(key); return text === key ? human(value) : text; };
const today = () => (state.year === null ? t("year.today") : String(state.year));
// Names in the chosen language where the registry has them (i18n.js loads them).
const placeName = (id, fallback) => I18n.placeName(id, fallback);
const countryName = (iso, fallback) => I18n.countryName(iso, fallback);

// Say `text` to screen readers (a polite live region), once.
function announce(text) {
  const region = $("#announce");
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 50);
}

const asOfParam = () => (state.year === null ? "" : `as_of=${state.year}`);
const human = (value) => String(value || "").replaceAll("_", " ");

function statusBadge(status) {
  return el("span", { class: `status status-${status}`, "data-status": status }, label("status", status));
}

function sourceLink(sources, citation) {
  const source = sources[citation.source_id];
  const text = source ? source.title : citation.source_id;
  const where = citation.locator ? ` (${citation.locator})` : "";
  const href = source ? httpUrl(source.url) : null;
  const link = href ? el("a", { href, target: "_blank", rel: "noopener", class: "source" }, text) : el("span", { class: "source" }, text);
  return el("span", { class: "cite" }, link, where);
}

// ---- the arcs: status by year, filters, layers ---------------------------------------------
function indexChanges() {
  changes = new Map();
  const c = data.changes;
  for (let i = 0; i < c.arc.length; i++) {
    if (!changes.has(c.arc[i])) changes.set(c.arc[i], []);
    changes.get(c.arc[i]).push([c.year[i], c.code[i]]);
  }
}

function codeAt(arc, year) {
  if (year === null || year >= data.year) return data.arcs.now[arc];
  let code = data.arcs.first[arc];
  for (const [y, c] of changes.get(arc) || []) { if (y <= year) code = c; else break; }
  return code;
}

function redraw() {
  const p = data.places, a = data.arcs, counts = a.count;
  const kind = state.kind ? data.kinds.indexOf(state.kind) : -1;
  const byStatus = Object.fromEntries(STATUS_ORDER.map((s) => [s, []]));
  const used = new Set();
  let drawn = 0, strokes = 0;
  drawnArcs = [];
  for (let i = 0; i < a.a.length; i++) {
    const code = codeAt(i, state.year);
    const status = data.codes[code];
    if (code === 0 || !state.statuses.has(status) || (kind >= 0 && a.kind[i] !== kind)) continue;
    const x = a.a[i], y = a.b[i];
    if (state.country && p.country[x] !== state.country && p.country[y] !== state.country) continue;
    if (state.wave && !(waveIds && waveIds.has(twinningId(p.id[x], p.id[y])))) continue;
    byStatus[status].push(i);
    drawn += counts ? counts[i] : 1; strokes++;
    if (p.id[x] === null || p.id[y] === null) continue; // a group: no places to mark or list
    used.add(x); used.add(y);
    drawnArcs.push(i);
  }
  const layers = arcLayers(byStatus, strokes);
  // the open place's arcs on top, thick; "unknown" darker so they stand out of the crowd
  for (const arc of panelArcs) {
    const colour = arc.status === "unknown" ? "#39465c" : STATUS_COLOURS[arc.status];
    layers.push({ colour, width: 2, alpha: 0.95, lines: [arc.line] });
  }
  if (chain) layers.push({ colour: "#c2185b", width: 3.5, alpha: 1, lines: chain.lines });
  const dots = [...used].map((i) => ({ id: p.id[i], name: placeName(p.id[i], p.name[i]), lon: p.lon[i], lat: p.lat[i] }));
  map.setLayers(layers, dots);
  const count = t("map.drawn", { n: drawn }) + (data.skipped ? ` · ${t("map.skipped", { n: data.skipped })}` : "");
  const note = arcsNote();   // a grouped table says so (atlas-arcs.js)
  $("#stats").replaceChildren(el("span", { id: "stats-count" }, count), ...(note ? [note] : []));
  document.body.dataset.drawn = String(drawn);
  // the year the count is for: a slider step redraws in the next frame, so a reader (a test,
  // a benchmark) waits for its year here before reading the count
  document.body.dataset.drawnYear = state.year === null ? "today" : String(state.year);
  if (tableShown()) renderTable(0);
}

// A redraw in the next animation frame: slider steps come faster than frames, and only the
// last one needs drawing.
function requestRedraw() {
  if (redrawFrame) return;
  redrawFrame = requestAnimationFrame(() => { redrawFrame = 0; redraw(); });
}

// ---- permalinks ------------------------------------------------------------------------------
function writeHash() {
  const q = new URLSearchParams();
  if (state.year !== null) q.set("year", state.year);
  if (state.kind) q.set("kind", state.kind);
  if (state.country) q.set("country", state.country);
  if (state.statuses.size !== STATUS_ORDER.length) q.set("status", [...state.statuses].join(","));
  if (state.wave) q.set("wave", "2022");
  if (state.place) q.set("place", state.place);
  if (state.countryView) q.set("countryview", state.countryView);
  if (state.from && state.to) { q.set("from", state.from); q.set("to", state.to); }
  if (state.map) q.set("map", [state.map.lon.toFixed(2), state.map.lat.toFixed(2), state.map.zoom.toFixed(2)].join(","));
  history.replaceState(null, "", "#" + q.toString().replaceAll("%2C", ","));  // readable commas
}

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const year = parseInt(q.get("year"), 10);
  state.year = Number.isFinite(year) ? year : null;
  state.kind = q.get("kind") || "";
  state.country = (q.get("country") || "").toUpperCase();
  state.statuses = new Set(q.has("status") ? q.get("status").split(",").filter((s) => STATUS_ORDER.includes(s)) : STATUS_ORDER);
  state.wave = q.get("wave") === "2022";
  state.place = q.get("place");
  state.countryView = q.get("countryview");
  state.from = q.get("from") || ""; state.to = q.get("to") || "";
  const m = (q.get("map") || "").split(",").map(Number);
  state.map = m.length === 3 && m.every(Number.isFinite) ? { lon: m[0], lat: m[1], zoom: m[2] } : null;
}

// ---- controls ----------------------------------------------------------------------------------
function setupControls() {
  const slider = $("#year");
  slider.max = data.year;
  const onYear = () => {
    const year = Number(slider.value);
    state.year = year >= data.year ? null : year;
    $("#year-label").textContent = today();
    requestRedraw(); writeHash(); refreshPanel();
  };
  slider.addEventListener("input", onYear);
  slider.addEventListener("change", onYear);
  $("#play").addEventListener("click", () => TimeAxis.replay(slider, onYear, data.year));
  fillChoices();
  $("#kind").addEventListener("change", (e) => { state.kind = e.target.value; redraw(); writeHash(); });
  $("#country").addEventListener("change", (e) => {
    state.country = e.target.value; redraw(); writeHash();
    if (state.country) openCountry(state.country);
  });
  const legend = $("#statuses");
  for (const status of [...STATUS_ORDER].reverse()) {
    const box = el("input", { type: "checkbox", value: status, checked: state.statuses.has(status) ? "" : null });
    box.addEventListener("change", () => {
      box.checked ? state.statuses.add(status) : state.statuses.delete(status);
      redraw(); writeHash();
    });
    legend.append(el("label", { class: "legend" }, box, el("i", { class: `swatch-${status}` }), el("span", { "data-legend": status }, TimeAxis.legendLabel(status))));
  }
  $("#wave").addEventListener("change", async (e) => {
    state.wave = e.target.checked;
    if (state.wave) await loadWave();
    redraw(); writeHash();
  });
  $("#zoom-in").addEventListener("click", () => map.zoomBy(2));
  $("#zoom-out").addEventListener("click", () => map.zoomBy(0.5));
  setupSearch();
  setupKeys();
  $("#menu").addEventListener("click", () => {
    const open = $("#toolbar").classList.toggle("open");
    $("#menu").setAttribute("aria-expanded", String(open));
  });
  $("#table-open").addEventListener("click", () => { opener = document.activeElement; renderTable(0); focusPanel(); });
  $("#path-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.from = $("#path-from").value.trim(); state.to = $("#path-to").value.trim();
    findChain(true);
  });
}

// The kinds and countries to filter by, named in the chosen language (again after a switch).
function fillChoices() {
  const whole = world || data; // the world's table (an extent's has no country list)
  const kinds = [...new Set(whole.arcs.kind)].map((k) => whole.kinds[k]).map((k) => [k, label("kind", k)]);
  kinds.sort((x, y) => x[1].localeCompare(y[1], I18n.lang));
  $("#kind").replaceChildren($("#kind").options[0], ...kinds.map(([k, name]) => el("option", { value: k }, name)));
  const countries = Object.entries(whole.countries).map(([iso, [name]]) => [iso, countryName(iso, name)]);
  countries.sort((x, y) => x[1].localeCompare(y[1], I18n.lang));
  $("#country").replaceChildren($("#country").options[0], ...countries.map(([iso, name]) => el("option", { value: iso }, name)));
  for (const span of document.querySelectorAll("#statuses [data-legend]")) span.textContent = TimeAxis.legendLabel(span.dataset.legend);
}

// A language switch: everything a script wrote is written again.
function relabel() {
  fillChoices(); syncControls();
  attribution();
  redraw(); refreshPanel(false);
  if (chain && !state.place && !state.countryView) renderChain();
}

function syncControls() {
  $("#year").value = state.year === null ? data.year : state.year;
  $("#year-label").textContent = today();
  $("#kind").value = state.kind; $("#country").value = state.country;
  for (const box of document.querySelectorAll("#statuses input")) box.checked = state.statuses.has(box.value);
  $("#wave").checked = state.wave;
  $("#path-from").value = state.from; $("#path-to").value = state.to;
}


// ---- the side panel ------------------------------------------------------------------------------
let panelRequest = 0;
let opener = null;     // the control that opened the panel: focus goes back there on closing

function openPanel(...children) {
  const panel = $("#panel");
  panel.replaceChildren(el("button", { class: "close", title: t("panel.close"), "aria-label": t("panel.close.label"), onclick: closePanel }, "×"),
    ...children.filter((c) => c !== null && c !== undefined));
  panel.hidden = false;
}

// How much of the map the panel covers from below: all of its height when it is a bottom
// sheet (a phone), nothing beside the map.
function sheetHeight() {
  const panel = $("#panel");
  return !panel.hidden && getComputedStyle(panel).position === "absolute" ? panel.getBoundingClientRect().height : 0;
}

// Move the keyboard into the panel: to its heading (read first by screen readers).
function focusPanel() {
  const heading = $("#panel h2");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

function closePanel() {
  state.place = null; state.countryView = null; panelArcs = [];
  $("#panel").hidden = true;
  $("#panel").classList.remove("expanded");
  map.setLabels([]);
  if (chain) renderChain();
  redraw(); writeHash();
  const back = opener && document.contains(opener) && opener.offsetParent !== null ? opener : $("#search");
  opener = null;
  back.focus();
}

// Open a place's panel; `focus` moves the keyboard into it (a choice made by the user).
function openPlace(id, fly, focus) {
  state.place = id; state.countryView = null;
  writeHash();
  refreshPanel(fly, focus);
}

function openCountry(iso, focus) {
  state.countryView = iso; state.place = null; panelArcs = [];
  map.setLabels([]);
  writeHash();
  refreshPanel(false, focus);
}

async function refreshPanel(fly, focus) {
  const ticket = ++panelRequest;
  try {
    if (state.place) {
      const view = await api(`/places/${encodeURIComponent(state.place)}/twinnings?${asOfParam()}`);
      if (ticket === panelRequest) renderPlace(view, fly);
    } else if (state.countryView) {
      const view = await api(`/countries/${state.countryView}?${asOfParam()}`);
      if (ticket === panelRequest) renderCountry(view);
    } else return;
    if (ticket === panelRequest && focus) { focusPanel(); announce($("#panel h2").textContent); }
  } catch (error) {
    if (ticket === panelRequest) openPanel(el("p", { class: "error" }, error.message));
  }
}

// ---- start ---------------------------------------------------------------------------------------
let map = null;
let config = null;     // the atlas's start-up configuration (/atlas/config.json)

function attribution() {
  // the footer's words are in the page from the start (its largest text); the sources'
  // count and licences, and the registry's terms, are filled in here
  const licences = [...new Set(config.attribution.map((s) => s.licence).filter(Boolean))].join(", ");
  const terms = I18n.terms.map((term) => term.text);
  $("#data-sources").textContent = t("footer.data", { n: config.attribution.length, licences });
  $("#terms").replaceChildren(terms.length ? el("span", { class: "terms", lang: I18n.lang }, ` · ${t("footer.terms", { terms: terms.join(", ") })}`) : "");
}

async function start() {
  readHash();
  const names = I18n.ready.then(() => I18n.loadNames());
  // the page's later scripts (panels, search, quiz) run before DOMContentLoaded; a reply
  // served from the cache can come back before they have
  const parsed = new Promise((resolve) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", resolve) : resolve()));
  // the footer (sources and licences) as soon as the small configuration is in, not after
  // the arc table (the page's largest download): the page's text is whole early
  const configured = Promise.all([api("/atlas/config.json"), I18n.ready, parsed]).then(([loaded]) => {
    config = loaded; attribution(); return loaded;
  });
  const [, shapes, arcs] = await Promise.all([
    configured, api("/static/vendor/countries-110m.json"), api(firstArcs()), names, parsed]);
  data = arcs;
  if (data.mode === "aggregate") world = data;
  indexChanges();
  const byNumeric = new Map(Object.entries(data.countries).map(([iso, [, numeric]]) => [numeric, iso]));
  const tooltip = $("#tooltip");
  map = createMap($("#canvas"), {
    tileUrl: config.tile_url,
    onPlace: (id) => openPlace(id, false),
    onCountry: (feature) => { const iso = byNumeric.get(feature.id); if (iso) openCountry(iso); },
    onRender: () => { if (window.atlasDrawnAt === undefined && performance.getEntriesByName("arcs-drawn").length) window.atlasDrawnAt = performance.now(); },
    onHover: (dot, x, y) => {
      tooltip.hidden = !dot;
      if (dot) { tooltip.textContent = dot.name; tooltip.style.left = `${x + 12}px`; tooltip.style.top = `${y + 8}px`; }
    },
    onView: (view) => { state.map = view; writeHash(); askView(); },
  });
  map.setWorld(shapes);
  setArcs();
  attribution();   // again: with the registry's terms in the chosen language
  I18n.switcher($("#lang"));
  setupControls(); syncControls();
  I18n.onChange(relabel);
  map.resize();
  if (state.map) map.setView(state.map.lon, state.map.lat, state.map.zoom, true);
  redraw();
  askView();
  refreshPanel(false);
  if (state.wave) { await loadWave(); redraw(); }
  if (state.from && state.to) findChain(!state.map);
  window.addEventListener("hashchange", () => {
    const before = location.hash; readHash(); syncControls(); redraw(); refreshPanel(false);
    if (state.wave) loadWave().then(redraw);
    if (state.from && state.to) findChain(false);
    if (location.hash !== before) writeHash();
  });
}

start().catch((error) => { document.body.dataset.error = error.message; $("#stats").textContent = t("error", { message: error.message }); });
