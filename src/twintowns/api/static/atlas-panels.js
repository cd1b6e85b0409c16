// twintowns atlas: what the side panel shows (atlas.js opens and closes it): a place with
// its partners, each twinning's status, claims, timeline and sources; a country with its
// partner countries and paged, clickable places and pairs; the table view of the twinnings
// drawn (the map's text alternative); chains of twinnings.
"use strict";

/* global $, el, api, state, data, map, chain: writable, panelArcs: writable, drawnArcs,
   plural, human, t, label, I18n, today, placeName, countryName, statusBadge, sourceLink, httpUrl, asOfParam, codeAt, openPanel, openPlace,
   openCountry, sheetHeight, syncControls, redraw, writeHash, Living */

function partnerItem(view, partner) {
  const s = partner.status;
  const event = s.event;
  const flags = [
    partner.exclusive_reciprocal && el("span", { class: "flag exclusive" }, t("partner.exclusive")),
    partner.fixed_term && el("span", { class: "flag" }, t("partner.fixedterm")),
    partner.one_sided && el("span", { class: "flag asymmetry" }, t("partner.onesided", { names: partner.claimants.map(nameOf(view, partner)).join(", ") })),
    !s.certain && el("span", { class: "flag" }, t("partner.uncertain")),
    window.Living && Living.dormantFlag(partner),   // "dormant?": a question, not a status
  ];
  return el("li", { class: "partner", "data-partner": partner.partner_id, "data-partner-name": partner.partner_name, "data-status": s.status },
    el("div", { class: "head" },
      el("button", { class: "link", onclick: () => openPlace(partner.partner_id, true, true) }, placeName(partner.partner_id, partner.partner_name)),
      partner.partner_country && el("span", { class: "muted" }, ` ${partner.partner_country}`),
      el("span", { class: "kind" }, label("kind", partner.kind))),
    el("div", { class: "state" }, statusBadge(s.status), s.since ? ` ${t("partner.since", { date: s.since })}` : "",
      event && el("span", { class: "why" }, event.description ? ` — ${event.description}` : "", " ", sourceLink(view.sources, event.citation))),
    el("div", { class: "flags" }, flags),
    window.Living ? Living.rowActions(view, partner) : null,   // propose a change, history
    partner.disputes.length ? el("ul", { class: "disputes" }, partner.disputes.map((d) => el("li", {}, el("b", {}, `${t("partner.disagree")} `), d))) : null,
    partner.reasons.length ? el("div", { class: "reasons" }, `${t("partner.reasons")} `, partner.reasons.map(human).join(", ")) : null,
    partner.claims.length ? el("ul", { class: "claims" }, partner.claims.map((c) => el("li", {},
      t("partner.declares", { claimant: nameOf(view, partner)(c.claimant), partner: nameOf(view, partner)(c.partner) }),
      c.kind ? ` (${label("kind", c.kind)})` : "", " — ", sourceLink(view.sources, c.citation)))) : null,
    partner.events.length ? el("ol", { class: "timeline" }, partner.events.map((e) => el("li", { class: `claim-${e.standing}`, "data-standing": e.standing },
      el("time", {}, e.date || t("event.undated")), ` ${label("event", e.type)}`,
      e.standing !== "accepted" ? el("span", { class: "standing" }, ` (${t("event.standing", { standing: label("standing", e.standing) })})`) : "",
      e.description ? ` — ${e.description}` : "",
      e.cause ? ` (${t("event.cause", { cause: e.cause })})` : "", " ", sourceLink(view.sources, e.citation)))) : null);
}

// Name a side of a twinning from the place view (the place itself or this partner).
const nameOf = (view, partner) => (id) => (id === view.place.id ? placeName(id, view.name)
  : id === partner.partner_id ? placeName(id, partner.partner_name) : id);

function renderPlace(view, fly) {
  const place = view.place;
  panelArcs = view.partners.filter((p) => place.lon !== null && p.partner_lon !== null).map((p) => ({
    status: p.status.status, line: [[place.lon, place.lat], [p.partner_lon, p.partner_lat]] }));
  const sources = Object.values(view.sources);
  const located = view.partners.filter((p) => p.partner_lon !== null);
  const name = placeName(place.id, view.name), country = countryName(place.country, place.country_name);
  map.setLabels(place.lon === null ? [] : [{ lon: place.lon, lat: place.lat, text: name, main: true },
    ...located.map((p) => ({ lon: p.partner_lon, lat: p.partner_lat, text: placeName(p.partner_id, p.partner_name) }))]);
  openPanel(
    el("h2", { "data-place-id": place.id }, name),
    el("p", { class: "muted" }, [place.admin_area, country].filter(Boolean).join(", "), ` · ${label("level", place.level)} · `,
      t("panel.partners", { n: view.partners.length, year: today() })),
    el("p", { class: "status-summary" }, Object.entries(view.status_summary || {}).map(([s, n]) =>
      el("span", { class: `count status-${s}`, "data-status": s }, `${n} ${s === "unknown" ? t("event.undated") : label("status", s)} `))),
    el("p", { class: "actions" },
      el("button", { onclick: () => { $("#path-from").value = place.id; } }, t("panel.chainfrom")),
      el("button", { onclick: () => { $("#path-to").value = place.id; } }, t("panel.chainto")),
      place.country && el("button", { onclick: () => openCountry(place.country, true) }, t("panel.countryview", { country })),
      window.Living ? Living.placeActions(view) : null),
    el("ul", { class: "partners" }, view.partners.map((p) => partnerItem(view, p))),
    el("h3", {}, t("panel.sources")),
    el("ol", { class: "sources" }, sources.map((s) => el("li", { "data-source": s.id },
      httpUrl(s.url) ? el("a", { href: httpUrl(s.url), target: "_blank", rel: "noopener" }, s.title) : s.title,
      s.publisher ? `, ${s.publisher}` : "", ` · ${s.licence ? t("source.licence", { licence: s.licence }) : t("source.nolicence")}`,
      s.retrieved ? ` · ${t("source.retrieved", { date: s.retrieved })}` : ""))),
    chain ? chainSection() : null);
  if (fly && place.lon !== null) map.setView(place.lon, place.lat, Math.max(map.view().zoom, 2.5), false, sheetHeight());
  redraw();
}

const PAGE = 50; // rows per page of the country view's and the table's lists

// A list of `items` shown PAGE at a time, with "previous" and "next" buttons.
function paged(items, row, label) {
  const box = el("div", { class: "paged" });
  const show = (page) => {
    const pages = Math.max(1, Math.ceil(items.length / PAGE));
    const part = items.slice(page * PAGE, (page + 1) * PAGE);
    box.replaceChildren(el("ul", { class: "places", "aria-label": label }, part.map(row)),
      pages > 1 ? el("p", { class: "pager" },
        el("button", { type: "button", disabled: page === 0 ? "" : null, onclick: () => show(page - 1) }, t("pager.previous")),
        t("pager.page", { page: page + 1, pages }),
        el("button", { type: "button", class: "next", disabled: page + 1 >= pages ? "" : null, onclick: () => show(page + 1) }, t("pager.next"))) : null);
  };
  show(0);
  return box;
}

function renderCountry(view) {
  const partnerList = el("ul", { class: "partner-countries" }, view.partners.map((p) => el("li", {},
    el("button", { class: "link", onclick: () => showBetween(view.iso, p.iso, countryName(p.iso, p.name), item) }, countryName(p.iso, p.name)),
    ` ${p.twinnings.toLocaleString(I18n.lang)} `, Object.entries(p.by_status).map(([s, n]) => el("span", { class: `count status-${s}` }, `${n.toLocaleString(I18n.lang)} ${label("status", s)}`)))));
  const item = el("div", { class: "between" });
  const name = countryName(view.iso, view.name);
  openPanel(
    el("h2", { "data-country": view.iso }, name),
    el("p", { class: "muted" }, t("country.summary", { twinnings: plural(view.twinning_count, "count.twinnings"),
      places: plural(view.places.length, "count.twinnedplaces"), n: view.place_count })),
    el("p", { class: "actions" }, el("button", { onclick: () => { state.country = view.iso; syncControls(); redraw(); writeHash(); } }, t("country.only"))),
    el("h3", {}, t("country.partners")), partnerList, item,
    el("h3", {}, t("country.places")),
    paged(view.places, (p) => el("li", {},
      el("button", { class: "link", onclick: () => openPlace(p.id, true, true) }, placeName(p.id, p.name)), ` ${p.twinnings.toLocaleString(I18n.lang)}`), t("country.placesof", { country: name })));
}

// Is any town of `iso` twinned with a town of `partner`?  List the pairs, each town a link.
async function showBetween(iso, partner, partnerName, box) {
  if (!partner) return;
  const view = await api(`/countries/${iso}?partner=${partner}&${asOfParam()}`);
  const town = (id, name) => (id ? el("button", { class: "link", onclick: () => openPlace(id, true, true) }, placeName(id, name)) : name);
  const name = countryName(view.iso, view.name);
  const heading = el("h3", { tabindex: "-1" }, t("country.between", { country: name, partner: partnerName,
    count: view.twinned_with_partner ? plural(view.with_partner.length, "count.twinnings") : t("country.none") }));
  box.replaceChildren(heading, paged(view.with_partner, (pair) => el("li", { class: "pair" },
    town(pair.a, pair.a_name), " – ", town(pair.b, pair.b_name), " ", statusBadge(pair.status)), t("country.pairs", { country: name, partner: partnerName })));
  heading.focus();
}

// ---- the table view: the twinnings drawn, as text ------------------------------------------------
const tableShown = () => !$("#panel").hidden && $("#panel table.twinnings") !== null;

function renderTable(page) {
  const p = data.places, a = data.arcs, pages = Math.max(1, Math.ceil(drawnArcs.length / PAGE));
  page = Math.min(page, pages - 1);
  const town = (i) => el("button", { class: "link", onclick: () => openPlace(p.id[i], true, true) }, placeName(p.id[i], p.name[i]));
  const rows = drawnArcs.slice(page * PAGE, (page + 1) * PAGE).map((i) => el("tr", {},
    el("td", {}, town(a.a[i]), ` ${p.country[a.a[i]] || ""}`), el("td", {}, town(a.b[i]), ` ${p.country[a.b[i]] || ""}`),
    el("td", {}, label("kind", data.kinds[a.kind[i]])), el("td", {}, statusBadge(data.codes[codeAt(i, state.year)]))));
  openPanel(el("h2", {}, t("table.heading")),
    el("p", { class: "muted" }, t("table.summary", { n: drawnArcs.length, year: today() })),
    el("table", { class: "twinnings" }, el("caption", {}, t("table.page", { page: page + 1, pages })),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("table.place")), el("th", { scope: "col" }, t("table.partner")),
        el("th", { scope: "col" }, t("table.kind")), el("th", { scope: "col" }, t("table.status")))), el("tbody", {}, rows)),
    el("p", { class: "pager" },
      el("button", { type: "button", disabled: page === 0 ? "" : null, onclick: () => renderTable(page - 1) }, t("pager.previous")),
      el("button", { type: "button", class: "next", disabled: page + 1 >= pages ? "" : null, onclick: () => renderTable(page + 1) }, t("pager.next"))));
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
      candidates.length ? el("p", {}, `${t("chain.candidates")} `, candidates.map((c) => el("code", {}, `${c.id} `))) : null);
  }
  const f = chain.found;
  return el("section", { id: "chain", "data-length": f.length },
    el("h3", {}, t("chain.heading", { from: placeName(f.places[0].id, f.places[0].name),
      to: placeName(f.places[f.places.length - 1].id, f.places[f.places.length - 1].name), count: plural(f.length, "count.twinnings") })),
    el("ol", { class: "chain" }, f.places.map((p, i) => el("li", {},
      el("button", { class: "link", onclick: () => openPlace(p.id, true, true) }, placeName(p.id, p.name)), ` ${p.country || ""}`,
      f.twinnings[i] ? el("span", { class: "muted" }, ` — ${label("kind", f.twinnings[i].kind)}, `, statusBadge(f.twinnings[i].status), " —") : null))));
}

function renderChain() {
  const old = $("#chain");
  if (old && !$("#panel").hidden) { old.replaceWith(chainSection()); return; }
  if (!state.place && !state.countryView) openPanel(chainSection());
}
