// twintowns atlas: the page.  Loads every twinning at once (/atlas/arcs.json, parallel
// arrays), filters and replays them by year on the map (map.js), and shows places, countries
// and chains of twinnings in the side panel from the JSON API.  Every view is a permalink:
// the state lives in the URL hash.
"use strict";

/* global createMap, STATUS_COLOURS */

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
let data = null;       // the arc table
let changes = null;    // Map arc index -> [[year, code], ...]
let chain = null;      // the last chain found: {places: [...], ids: Set of place ids}
let panelArcs = [];    // arcs of the open place, drawn on top
let waveIds = null;    // Set of twinning ids of the 2022 wave (loaded when first asked for)

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

const asOfParam = () => (state.year === null ? "" : `as_of=${state.year}`);
const human = (value) => String(value || "").replaceAll("_", " ");

function statusBadge(status) {
  return el("span", { class: `status status-${status}`, "data-status": status }, status);
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
  const p = data.places, a = data.arcs;
  const kind = state.kind ? data.kinds.indexOf(state.kind) : -1;
  const byStatus = Object.fromEntries(STATUS_ORDER.map((s) => [s, []]));
  const used = new Set();
  let drawn = 0;
  for (let i = 0; i < a.a.length; i++) {
    const code = codeAt(i, state.year);
    const status = data.codes[code];
    if (code === 0 || !state.statuses.has(status) || (kind >= 0 && a.kind[i] !== kind)) continue;
    const x = a.a[i], y = a.b[i];
    if (state.country && p.country[x] !== state.country && p.country[y] !== state.country) continue;
    if (state.wave && !(waveIds && waveIds.has(twinningId(p.id[x], p.id[y])))) continue;
    byStatus[status].push(i);
    used.add(x); used.add(y); drawn++;
  }
  // fainter lines when there are many, so dense regions stay readable
  const alpha = Math.max(0.1, Math.min(0.85, 2000 / (drawn + 1)));
  const layers = STATUS_ORDER.map((s) => ({ colour: STATUS_COLOURS[s], width: 0.7, alpha, arcs: byStatus[s] }));
  // the open place's arcs on top, thick; "unknown" darker so they stand out of the crowd
  for (const arc of panelArcs) {
    const colour = arc.status === "unknown" ? "#39465c" : STATUS_COLOURS[arc.status];
    layers.push({ colour, width: 2, alpha: 0.95, lines: [arc.line] });
  }
  if (chain) layers.push({ colour: "#c2185b", width: 3.5, alpha: 1, lines: chain.lines });
  const dots = [...used].map((i) => ({ id: p.id[i], name: p.name[i], lon: p.lon[i], lat: p.lat[i] }));
  map.setLayers(layers, dots);
  $("#stats").textContent = `${drawn.toLocaleString("en")} twinnings drawn` + (data.skipped ? ` · ${data.skipped.toLocaleString("en")} without coordinates` : "");
  document.body.dataset.drawn = String(drawn);
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
    $("#year-label").textContent = state.year === null ? "today" : String(state.year);
    redraw(); writeHash(); refreshPanel();
  };
  slider.addEventListener("input", onYear);
  slider.addEventListener("change", onYear);
  $("#play").addEventListener("click", () => TimeAxis.replay(slider, onYear, data.year));
  const kinds = [...new Set(data.arcs.kind)].map((k) => data.kinds[k]).sort();
  $("#kind").append(...kinds.map((k) => el("option", { value: k }, human(k))));
  $("#kind").addEventListener("change", (e) => { state.kind = e.target.value; redraw(); writeHash(); });
  const countries = Object.entries(data.countries).sort((x, y) => x[1][0].localeCompare(y[1][0]));
  $("#country").append(...countries.map(([iso, [name]]) => el("option", { value: iso }, name)));
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
    legend.append(el("label", { class: "legend" }, box, el("i", { style: `background:${STATUS_COLOURS[status]}` }), TimeAxis.legendLabel(status)));
  }
  $("#wave").addEventListener("change", async (e) => {
    state.wave = e.target.checked;
    if (state.wave) await loadWave();
    redraw(); writeHash();
  });
  $("#zoom-in").addEventListener("click", () => map.zoomBy(2));
  $("#zoom-out").addEventListener("click", () => map.zoomBy(0.5));
  setupSearch();
  $("#path-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.from = $("#path-from").value.trim(); state.to = $("#path-to").value.trim();
    findChain(true);
  });
}

function syncControls() {
  $("#year").value = state.year === null ? data.year : state.year;
  $("#year-label").textContent = state.year === null ? "today" : String(state.year);
  $("#kind").value = state.kind; $("#country").value = state.country;
  for (const box of document.querySelectorAll("#statuses input")) box.checked = state.statuses.has(box.value);
  $("#wave").checked = state.wave;
  $("#path-from").value = state.from; $("#path-to").value = state.to;
}

function setupSearch() {
  const input = $("#search"), list = $("#search-results");
  let timer = 0, results = [];
  const show = (items) => {
    results = items;
    list.replaceChildren(...items.map((p) => el("li", {},
      el("button", { type: "button", "data-id": p.id, onclick: () => choose(p.id) },
        el("b", {}, p.name), ` ${p.admin_area ? p.admin_area + ", " : ""}${p.country_name} · ${p.level} · ${p.twinnings} twinnings`))));
    list.hidden = !items.length;
  };
  const choose = (id) => { list.hidden = true; input.value = ""; openPlace(id, true); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { show([]); return; }
    timer = setTimeout(async () => show((await api(`/places?q=${encodeURIComponent(q)}&limit=12`)).items), 150);
  });
  $("#search-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const found = (await api(`/places?q=${encodeURIComponent(q)}&limit=12`)).items;
    if (found.length === 1) choose(found[0].id); else show(found);
  });
}

// ---- the side panel ------------------------------------------------------------------------------
let panelRequest = 0;

function openPanel(...children) {
  const panel = $("#panel");
  panel.replaceChildren(el("button", { class: "close", title: "Close", "aria-label": "Close", onclick: closePanel }, "×"), ...children);
  panel.hidden = false;
}

function closePanel() {
  state.place = null; state.countryView = null; panelArcs = [];
  $("#panel").hidden = true;
  if (chain) renderChain();
  redraw(); writeHash();
}

function openPlace(id, fly) {
  state.place = id; state.countryView = null;
  writeHash();
  refreshPanel(fly);
}

function openCountry(iso) {
  state.countryView = iso; state.place = null; panelArcs = [];
  writeHash();
  refreshPanel(false);
}

async function refreshPanel(fly) {
  const ticket = ++panelRequest;
  try {
    if (state.place) {
      const view = await api(`/places/${encodeURIComponent(state.place)}/twinnings?${asOfParam()}`);
      if (ticket === panelRequest) renderPlace(view, fly);
    } else if (state.countryView) {
      const view = await api(`/countries/${state.countryView}?${asOfParam()}`);
      if (ticket === panelRequest) renderCountry(view);
    }
  } catch (error) {
    if (ticket === panelRequest) openPanel(el("p", { class: "error" }, error.message));
  }
}

function partnerItem(view, partner) {
  const s = partner.status;
  const event = s.event;
  const flags = [
    partner.exclusive_reciprocal && el("span", { class: "flag exclusive" }, "exclusive & reciprocal"),
    partner.fixed_term && el("span", { class: "flag" }, "fixed term"),
    partner.one_sided && el("span", { class: "flag asymmetry" }, `one-sided: only ${partner.claimants.map(nameOf(view, partner)).join(", ")} declares it`),
    !s.certain && el("span", { class: "flag" }, "status uncertain"),
  ];
  return el("li", { class: "partner", "data-partner": partner.partner_id, "data-partner-name": partner.partner_name, "data-status": s.status },
    el("div", { class: "head" },
      el("button", { class: "link", onclick: () => openPlace(partner.partner_id, true) }, partner.partner_name),
      partner.partner_country && el("span", { class: "muted" }, ` ${partner.partner_country}`),
      el("span", { class: "kind" }, human(partner.kind))),
    el("div", { class: "state" }, statusBadge(s.status), s.since ? ` since ${s.since}` : "",
      event && el("span", { class: "why" }, event.description ? ` — ${event.description}` : "", " ", sourceLink(view.sources, event.citation))),
    el("div", { class: "flags" }, flags),
    partner.disputes.length ? el("ul", { class: "disputes" }, partner.disputes.map((d) => el("li", {}, el("b", {}, "Sources disagree: "), d))) : null,
    partner.reasons.length ? el("div", { class: "reasons" }, "Reasons: ", partner.reasons.map(human).join(", ")) : null,
    partner.claims.length ? el("ul", { class: "claims" }, partner.claims.map((c) => el("li", {},
      `${nameOf(view, partner)(c.claimant)} declares ${nameOf(view, partner)(c.partner)}`,
      c.kind ? ` (${human(c.kind)})` : "", " — ", sourceLink(view.sources, c.citation)))) : null,
    partner.events.length ? el("ol", { class: "timeline" }, partner.events.map((e) => el("li", { class: `claim-${e.standing}`, "data-standing": e.standing },
      el("time", {}, e.date || "undated"), ` ${human(e.type)}`, e.standing !== "accepted" ? el("span", { class: "standing" }, ` (${e.standing} claim)`) : "",
      e.description ? ` — ${e.description}` : "",
      e.cause ? ` (cause: ${e.cause})` : "", " ", sourceLink(view.sources, e.citation)))) : null);
}

// Name a side of a twinning from the place view (the place itself or this partner).
const nameOf = (view, partner) => (id) => (id === view.place.id ? view.name : id === partner.partner_id ? partner.partner_name : id);

function renderPlace(view, fly) {
  const place = view.place;
  panelArcs = view.partners.filter((p) => place.lon !== null && p.partner_lon !== null).map((p) => ({
    status: p.status.status, line: [[place.lon, place.lat], [p.partner_lon, p.partner_lat]] }));
  const sources = Object.values(view.sources);
  openPanel(
    el("h2", { "data-place-id": place.id }, view.name),
    el("p", { class: "muted" }, [place.admin_area, place.country_name].filter(Boolean).join(", "), ` · ${place.level} · `,
      `${view.partners.length} partners as of ${state.year === null ? "today" : state.year}`),
    el("p", { class: "actions" },
      el("button", { onclick: () => { $("#path-from").value = place.id; } }, "chain from here"),
      el("button", { onclick: () => { $("#path-to").value = place.id; } }, "chain to here"),
      place.country && el("button", { onclick: () => openCountry(place.country) }, `${place.country_name} view`)),
    el("ul", { class: "partners" }, view.partners.map((p) => partnerItem(view, p))),
    el("h3", {}, "Sources"),
    el("ol", { class: "sources" }, sources.map((s) => el("li", { "data-source": s.id },
      httpUrl(s.url) ? el("a", { href: httpUrl(s.url), target: "_blank", rel: "noopener" }, s.title) : s.title,
      s.publisher ? `, ${s.publisher}` : "", s.licence ? ` · licence ${s.licence}` : " · licence unknown",
      s.retrieved ? ` · retrieved ${s.retrieved}` : ""))),
    chain ? chainSection() : null);
  if (fly && place.lon !== null) map.setView(place.lon, place.lat, Math.max(map.view().zoom, 2.5));
  redraw();
}

function renderCountry(view) {
  const partnerList = el("ul", { class: "partner-countries" }, view.partners.map((p) => el("li", {},
    el("button", { class: "link", onclick: () => showBetween(view.iso, p.iso, item) }, p.name),
    ` ${p.twinnings} `, Object.entries(p.by_status).map(([s, n]) => el("span", { class: `count status-${s}` }, `${n} ${s}`)))));
  const item = el("div", { class: "between" });
  openPanel(
    el("h2", { "data-country": view.iso }, view.name),
    el("p", { class: "muted" }, `${view.twinning_count} twinnings of ${view.places.length} twinned places (${view.place_count} in the registry)`),
    el("p", { class: "actions" }, el("button", { onclick: () => { state.country = view.iso; syncControls(); redraw(); writeHash(); } }, "show only its arcs")),
    el("h3", {}, "Partner countries"), partnerList, item,
    el("h3", {}, "Places"),
    el("ul", { class: "places" }, view.places.slice(0, 200).map((p) => el("li", {},
      el("button", { class: "link", onclick: () => openPlace(p.id, true) }, p.name), ` ${p.twinnings}`))));
}

// Is any town of `iso` twinned with a town of `partner`? List them.
async function showBetween(iso, partner, box) {
  if (!partner) return;
  const view = await api(`/countries/${iso}?partner=${partner}&${asOfParam()}`);
  box.replaceChildren(el("h3", {}, `${view.name} – ${partner}: ${view.twinned_with_partner ? "yes" : "no"}`),
    el("ul", {}, view.with_partner.map((t) => el("li", {}, `${t.a_name} – ${t.b_name} `, statusBadge(t.status)))));
}

// ---- chains of twinnings -----------------------------------------------------------------------
async function findChain(fit) {
  if (!state.from || !state.to) return;
  writeHash();
  try {
    const found = await api(`/path?from=${encodeURIComponent(state.from)}&to=${encodeURIComponent(state.to)}`);
    const located = found.places.filter((p) => p.lon !== null);
    const lines = [];
    for (let i = 1; i < found.places.length; i++) {
      const a = found.places[i - 1], b = found.places[i];
      if (a.lon !== null && b.lon !== null) lines.push([[a.lon, a.lat], [b.lon, b.lat]]);
    }
    chain = { found, lines, error: null };
    if (fit) map.fit(located.map((p) => [p.lon, p.lat]));
  } catch (error) {
    chain = { found: null, lines: [], error };
  }
  renderChain(); redraw();
}

function chainSection() {
  if (chain.error) {
    const candidates = (chain.error.body && chain.error.body.candidates) || [];
    return el("section", { id: "chain", class: "error" }, el("p", {}, chain.error.message),
      candidates.length ? el("p", {}, "Candidates: ", candidates.map((c) => el("code", {}, `${c.id} `))) : null);
  }
  const f = chain.found;
  return el("section", { id: "chain", "data-length": f.length },
    el("h3", {}, `Chain: ${f.places[0].name} → ${f.places[f.places.length - 1].name}, ${f.length} twinning${f.length === 1 ? "" : "s"}`),
    el("ol", { class: "chain" }, f.places.map((p, i) => el("li", {},
      el("button", { class: "link", onclick: () => openPlace(p.id, true) }, p.name), ` ${p.country || ""}`,
      f.twinnings[i] ? el("span", { class: "muted" }, ` — ${human(f.twinnings[i].kind)}, `, statusBadge(f.twinnings[i].status), " —") : null))));
}

function renderChain() {
  const old = $("#chain");
  if (old && !$("#panel").hidden) { old.replaceWith(chainSection()); return; }
  if (!state.place && !state.countryView) openPanel(chainSection());
}

// ---- start ---------------------------------------------------------------------------------------
let map = null;

function attribution(config) {
  const licences = [...new Set(config.attribution.map((s) => s.licence).filter(Boolean))].join(", ");
  $("#attribution").replaceChildren(
    "Basemap: Natural Earth 1:110m (public domain) via world-atlas. ",
    `Data: ${config.attribution.length} sources (${licences}) — every fact cites its source; `,
    el("a", { href: "/docs" }, "API"), " · ", el("a", { href: "/export.csv" }, "CSV"), " · ", el("a", { href: "/export.geojson" }, "GeoJSON"));
}

async function start() {
  readHash();
  const [config, world, arcs] = await Promise.all([
    api("/atlas/config.json"), api("/static/vendor/countries-110m.json"), api("/atlas/arcs.json")]);
  data = arcs;
  indexChanges();
  const byNumeric = new Map(Object.entries(data.countries).map(([iso, [, numeric]]) => [numeric, iso]));
  const tooltip = $("#tooltip");
  map = createMap($("#canvas"), {
    tileUrl: config.tile_url,
    onPlace: (id) => openPlace(id, false),
    onCountry: (feature) => { const iso = byNumeric.get(feature.id); if (iso) openCountry(iso); },
    onHover: (dot, x, y) => {
      tooltip.hidden = !dot;
      if (dot) { tooltip.textContent = dot.name; tooltip.style.left = `${x + 12}px`; tooltip.style.top = `${y + 8}px`; }
    },
    onView: (view) => { state.map = view; writeHash(); },
  });
  map.setWorld(world);
  const p = data.places;
  map.setArcs(data.arcs.a.map((x, i) => [[p.lon[x], p.lat[x]], [p.lon[data.arcs.b[i]], p.lat[data.arcs.b[i]]]]));
  attribution(config);
  setupControls(); syncControls();
  map.resize();
  if (state.map) map.setView(state.map.lon, state.map.lat, state.map.zoom, true);
  redraw();
  performance.mark("arcs-drawn");
  window.atlasDrawnAt = performance.now();
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

start().catch((error) => { document.body.dataset.error = error.message; $("#stats").textContent = `error: ${error.message}`; });
