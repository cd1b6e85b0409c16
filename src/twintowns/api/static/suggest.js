// "Towns like yours twin with…": partner suggestions under the atlas's place panel.
// A separate file with one hook (a <script> tag in index.html): it watches the side panel,
// and when a place is open (#place=ID in the permalink) it asks the API for that place's
// suggestions and appends them, each with its reasons and a link to the candidate's panel
// (a GeoNames town outside the registry has no panel: it is named, marked, and not linked).
// Labelled as suggestions from data, never facts; every name and reason is set as text.
(() => {
  "use strict";
  const TOP = 5;
  let shown = null;   // the place whose suggestions are in the panel (or being fetched)
  const answers = new Map();   // place -> answer: the panel is redrawn often (the year slider)

  function placeOfHash() {
    return new URLSearchParams(location.hash.slice(1)).get("place");
  }

  function linkTo(id) {
    const q = new URLSearchParams(location.hash.slice(1));
    q.set("place", id);
    q.delete("countryview");
    return "#" + q.toString().replaceAll("%2C", ",");
  }

  function node(tag, text, cls) {
    const found = document.createElement(tag);
    if (text) found.textContent = text;
    if (cls) found.className = cls;
    return found;
  }

  function render(answer) {
    const section = node("section", null, "suggestions");
    section.dataset.place = answer.place_id;
    const t = (key, params) => (typeof I18n === "undefined" ? key : I18n.t(key, params));   // i18n.js
    section.append(node("h3", t("suggest.heading")));
    section.append(node("p", t("suggest.label", { label: answer.label }), "muted"));
    if (answer.basis) section.append(node("p", t("suggest.basis", { basis: answer.basis.replace(/^evidence: /, "") }), "muted"));
    const list = node("ol", null, "suggested");
    for (const s of answer.suggestions) {
      const item = node("li", null, "suggestion");
      item.dataset.suggested = s.place_id;
      // a GeoNames town outside the registry has no panel: its name is text, and marked
      const registered = s.registered !== false;
      const shown = registered && typeof I18n !== "undefined" ? I18n.placeName(s.place_id, s.name) : s.name;
      const name = node(registered ? "a" : "span", shown, registered ? null : "outsider");
      if (registered) name.href = linkTo(s.place_id);
      item.append(name, node("span", s.country ? ` ${s.country}` : "", "muted"));
      if (!registered) item.append(node("span", t("suggest.outsider"), "muted"));
      const why = node("ul", null, "why");
      for (const reason of s.reasons) why.append(node("li", reason));
      item.append(why);
      list.append(item);
    }
    section.append(list);
    return section;
  }

  async function refresh() {
    const panel = document.getElementById("panel");
    const place = placeOfHash();
    if (!panel || panel.hidden || !place) { shown = null; return; }
    if (panel.querySelector(`section.suggestions[data-place="${CSS.escape(place)}"]`)) return;
    if (shown === place && panel.querySelector("section.suggestions")) return;
    shown = place;
    try {
      let body = answers.get(place);
      if (!body) {
        const answer = await fetch(`/places/${encodeURIComponent(place)}/suggestions?top=${TOP}`);
        if (!answer.ok) return;   // no suggestions for this place: the panel stays as it is
        body = await answer.json();
        if (answers.size > 50) answers.clear();
        answers.set(place, body);
      }
      if (placeOfHash() !== place || panel.hidden) return;
      panel.querySelectorAll("section.suggestions").forEach((old) => old.remove());
      panel.append(render(body));
    } catch (_error) {
      shown = null;            // offline or the server went away: try again on the next change
    }
  }

  function start() {
    const panel = document.getElementById("panel");
    if (!panel) return;
    new MutationObserver(() => { refresh(); }).observe(panel, { childList: true, attributes: true });
    window.addEventListener("hashchange", () => { refresh(); });
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
