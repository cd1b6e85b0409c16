// The living registry's views beside the place panel (account.js draws them in its panel):
// "propose a change" from a place or one of its twinning rows (prefilled; the corrections'
// forms are living-fixes.js's), the history of a
// twinning or a place with a Revert button for signed-in contributors, and the reviewers'
// queue of doubtful name resolutions (accept a candidate, or no place).  The place panel
// (atlas-panels.js) asks this file for its buttons and its "dormant?" flags.  Server text is
// put in the page as text only; links only for http(s) URLs.
"use strict";

window.Living = (() => {
  const t = (key, params) => I18n.t(key, params);
  const A = () => window.Account;
  const DORMANT_YEARS = 10;   // the server's default (settings.dormant_years)
  const when = (iso) => { try { return new Date(iso).toLocaleDateString(I18n.lang, { dateStyle: "medium" }); } catch { return String(iso); } };

  // ---- proposing from the panel ---------------------------------------------------------------
  // (living-fixes.js adds the corrections: a flag, a level, a merge, a wrong place)
  const proposeFor = (context) => A().show(async () => (window.LivingFixes ? LivingFixes.chooser(context) : [A().proposeForm(context)]), true);

  // ---- history and revert ---------------------------------------------------------------------
  function revertForm(p, version) {
    const { el, field, httpUrl, call, say, refusal } = A();
    const source = el("input", { class: "revert-source", type: "url", placeholder: "https://…", maxlength: "2000", required: "" });
    const reason = el("textarea", { class: "revert-reason", maxlength: "2000", required: "", rows: "2" });
    const form = el("form", { class: "revert-form" }, [
      field(t("propose.source"), source), field(t("propose.reason"), reason),
      el("button", { type: "submit", text: t("history.revert.go") }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!httpUrl(source.value)) { say(t("propose.badsource")); source.focus(); return; }
      if (!reason.value.trim()) { say(t("propose.noreason")); reason.focus(); return; }
      const change = p.change_id === undefined || p.change_id === null ? p.id : p.change_id;
      const body = { kind: "revert", change_id: change, source: { url: source.value }, reason: reason.value };
      const { status, data } = await call("POST", "/proposals", body, { "if-match": `"${version}"` });
      say(status === 201 ? t("history.reverted", { id: change, proposal: data.id }) : refusal(status, data));
    });
    return form;
  }

  function historyItem(p, version) {
    const { el, link, describe, diffOf, canPropose } = A();
    const reviews = (p.reviews || []).map((r) => el("li", { text: t("history.reviewed", {
      decision: t(r.decision === "accept" ? "proposal.accepted" : "proposal.rejected"), reviewer: r.reviewer, date: when(r.at) }) + (r.comment ? ` — ${r.comment}` : "") }));
    const item = el("li", { class: "change", "data-id": String(p.id), "data-status": p.status }, [
      el("b", { text: describe(p) }), " ", el("span", { class: `state proposal-${p.status}`, text: t(`proposal.${p.status}`) }), el("br"),
      el("span", { class: "muted", text: t("history.by", { author: p.author, date: when(p.created_at) }) + " " }),
      el("span", { text: p.reason + " " }), link(p.source_url), diffOf(p),
      reviews.length ? el("ul", { class: "reviews" }, reviews) : null,
    ]);
    if (p.status === "accepted" && p.kind !== "revert" && canPropose()) {
      const button = el("button", { type: "button", class: "revert", text: t("history.revert") });
      button.addEventListener("click", () => { button.replaceWith(revertForm(p, version)); item.querySelector(".revert-source").focus(); });
      item.append(" ", button);
    }
    return item;
  }

  // `kind` twinnings or places; `title` names it for people.
  async function historyView(kind, id, title) {
    const { el, call, refusal } = A();
    const heading = el("h2", { text: t("history.heading", { what: title }) });
    const { status, data } = await call("GET", `/history/${kind}/${encodeURIComponent(id)}`);
    if (status !== 200) return [heading, el("p", { class: "error", text: refusal(status, data) })];
    const items = data.proposals.map((p) => historyItem(p, data.version));
    return [heading,
      data.dormant ? el("p", { class: "dormant", text: `${t("partner.dormant")} ${t("partner.dormant.title", { years: DORMANT_YEARS })}` }) : null,
      el("p", { class: "muted", text: t("history.version", { v: data.version }) }),
      items.length ? el("ol", { id: "account-history", class: "history" }, items) : el("p", { id: "account-history", text: t("history.none") })];
  }
  const history = (kind, id, title) => A().show(() => historyView(kind, id, title), false);

  // ---- the queue of doubtful resolutions (reviewers) -------------------------------------------
  function candidateLabel(c) {
    const where = [c.name, c.admin_area, c.country].filter(Boolean).join(", ");
    return where ? `${where} (${c.key})` : c.key;
  }

  function resolutionItem(item) {
    const { el, call, say, refusal } = A();
    const decide = async (decision, candidate) => {
      const { status, data } = await call("POST", `/resolutions/${item.id}`, { decision, candidate });
      say(status === 200 ? (data.target ? t("resolutions.accepted", { name: data.name, target: data.target })
        : t("resolutions.rejected", { name: data.name })) : refusal(status, data));
      await A().show(resolutionsView, true, true);
    };
    const candidates = item.candidates.map((c) => el("li", {}, [
      el("button", { type: "button", class: "decide-candidate", "data-key": c.key, text: t("resolutions.accept"),
        "aria-label": `${t("resolutions.accept")}: ${candidateLabel(c)}`, onclick: () => decide("accept", c.key) }),
      " " + candidateLabel(c) + (c.chosen ? ` — ${t("resolutions.chosen")}` : ""),
    ]));
    return el("li", { class: "resolution", "data-id": String(item.id) }, [
      el("b", { text: item.country ? `“${item.name}”, ${item.country}` : `“${item.name}”` }), el("br"),
      el("span", { class: "muted", text: t("resolutions.meta", { n: item.mentions, method: item.method,
        confidence: Math.round(item.confidence * 100), source: item.locator ? `${item.source_id} (${item.locator})` : item.source_id }) }),
      candidates.length ? el("ul", { class: "candidates" }, candidates) : el("p", { class: "muted", text: t("resolutions.nocandidate") }),
      el("button", { type: "button", class: "decide-reject", text: t("resolutions.reject"), onclick: () => decide("reject", null) }),
    ]);
  }

  async function resolutionsView() {
    const { el, call, refusal } = A();
    const heading = el("h2", { text: t("resolutions.heading") });
    const { status, data } = await call("GET", "/resolutions?limit=25");
    if (status !== 200) return [heading, el("p", { class: "error", text: refusal(status, data) })];
    return [heading, el("p", { class: "muted", text: t("resolutions.help") }),
      data.length ? el("ul", { id: "resolutions" }, data.map(resolutionItem)) : el("p", { id: "resolutions", text: t("resolutions.none") })];
  }

  const resolutionsOpener = () => A().el("button", { id: "resolutions-open", type: "button", text: t("resolutions.heading"),
    onclick: () => A().show(resolutionsView, true, true) });

  // ---- the place panel's hooks (atlas-panels.js) ------------------------------------------------
  function rowActions(view, partner) {
    const { el } = A();
    const a = view.place.id, b = partner.partner_id;
    const names = { aName: I18n.placeName(a, view.name), bName: I18n.placeName(b, partner.partner_name) };
    return el("div", { class: "living-actions" }, [
      el("button", { type: "button", class: "propose-row", onclick: () => proposeFor({ twinning: partner.twinning_id, a, b, ...names }) }, [t("panel.propose")]),
      el("button", { type: "button", class: "history-row", onclick: () => history("twinnings", partner.twinning_id, `${names.aName} – ${names.bName}`) }, [t("panel.history")]),
    ]);
  }

  function placeActions(view) {
    const { el } = A();
    const name = I18n.placeName(view.place.id, view.name);
    const partners = view.partners.map((p) => ({ twinning: p.twinning_id, name: I18n.placeName(p.partner_id, p.partner_name) }));
    return [
      el("button", { type: "button", id: "propose-place", onclick: () => proposeFor({ place: view.place.id, placeName: name, level: view.place.level, partners }) }, [t("panel.propose")]),
      el("button", { type: "button", id: "history-place", onclick: () => history("places", view.place.id, name) }, [t("panel.history")]),
    ];
  }

  const dormantFlag = (partner) => (partner.dormant ? A().el("span", { class: "flag dormant", title: t("partner.dormant.title", { years: DORMANT_YEARS }) }, [t("partner.dormant")]) : null);

  return { proposeFor, history, resolutionsOpener, rowActions, placeActions, dormantFlag };
})();
