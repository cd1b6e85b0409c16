// twintowns atlas: the search box (results reached with the arrow keys, announced to screen
// readers) and the page's Escape key.
"use strict";

/* global $, el, api, plural, announce, t, label, placeName, countryName, openPlace, closePanel, opener: writable */

function setupSearch() {
  const input = $("#search"), list = $("#search-results");
  let timer = 0;
  const buttons = () => [...list.querySelectorAll("button")];
  const show = (items) => {
    list.replaceChildren(...items.map((p) => el("li", {},
      el("button", { type: "button", "data-id": p.id, onclick: () => choose(p.id) },
        el("b", {}, placeName(p.id, p.name)),
        ` ${p.admin_area ? p.admin_area + ", " : ""}${countryName(p.country, p.country_name)} · ${label("level", p.level)} · ${plural(p.twinnings, "count.twinnings")}`))));
    list.hidden = !items.length;
    announce(items.length ? t("search.found", { n: items.length }) : t("search.none"));
  };
  const hide = () => { list.hidden = true; };
  const choose = (id) => { hide(); input.value = ""; opener = input; openPlace(id, true, true); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { show([]); return; }
    timer = setTimeout(async () => show((await api(`/places?q=${encodeURIComponent(q)}&limit=12`)).items), 150);
  });
  // Arrows move between the input and the results; Escape closes them, back in the input.
  $("#search-form").addEventListener("keydown", (e) => {
    const all = buttons(), at = all.indexOf(document.activeElement);
    if (e.key === "Escape" && !list.hidden) { hide(); input.focus(); e.stopPropagation(); return; }
    if (list.hidden || !all.length || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return;
    e.preventDefault();
    const next = e.key === "ArrowDown" ? Math.min(all.length - 1, at + 1) : at - 1;
    if (next < 0) input.focus(); else all[next].focus();
  });
  $("#search-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const found = (await api(`/places?q=${encodeURIComponent(q)}&limit=12`)).items;
    if (found.length === 1) choose(found[0].id); else show(found);
  });
}

// Escape closes what is open, innermost first: the menu on a phone, then the side panel
// (the search list and the quiz close themselves).
function setupKeys() {
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    if (!$("#panel").hidden && !$("#panel").contains(document.querySelector("select:focus"))) { closePanel(); e.preventDefault(); return; }
    if ($("#toolbar").classList.contains("open")) { $("#menu").click(); $("#menu").focus(); e.preventDefault(); }
  });
}
