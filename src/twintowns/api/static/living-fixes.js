// The corrections the atlas proposes besides events and names (living.js opens them from the
// place panel and its twinning rows): a flag (an open question about a twinning), a place's
// level, a merge of two places, a split of one, and a wrong place on one side of a twinning.  The other place
// is picked with the atlas's place search (GET /places?q=).  Every form wants a reason and an
// http(s) source (a flag may give only a locator).  Server text is put in the page as text.
"use strict";

window.LivingFixes = (() => {
  const t = (key, params) => I18n.t(key, params);
  const A = () => window.Account;
  const LEVELS = ["village", "town", "city", "district", "county", "prefecture", "province",
    "state", "region", "country", "fictional", "other"];

  // The kinds a context offers: a place's panel, or one twinning row.
  const kindsFor = (context) => (context.place
    ? [...((context.partners || []).length ? ["flag"] : []), "level", "merge", "split"] : ["flag", "wrong_place"]);

  // A search for another place: type, pick one of the answers; `chosen()` is its id or "".
  function placePicker(exclude) {
    const { el, call } = A();
    const input = el("input", { id: "fix-search", type: "search", maxlength: "100", autocomplete: "off" });
    const results = el("ul", { id: "fix-results", class: "fix-results" });
    const picked = el("p", { id: "fix-chosen", class: "target", "aria-live": "polite" });
    let chosen = "";
    let timer = 0;
    const pick = (p, text) => { chosen = p.id; picked.textContent = t("fix.chosen", { name: text }); results.replaceChildren(); };
    const show = (items) => {
      const others = items.filter((p) => !exclude.includes(p.id));
      results.replaceChildren(...others.map((p) => {
        const text = [I18n.placeName(p.id, p.name), p.admin_area, I18n.countryName(p.country, p.country_name)].filter(Boolean).join(", ");
        return el("li", {}, [el("button", { type: "button", class: "fix-pick", "data-id": p.id, text, onclick: () => pick(p, text) })]);
      }));
      if (!others.length) results.append(el("li", { class: "muted", text: t("fix.nofound") }));
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { results.replaceChildren(); return; }
      timer = setTimeout(async () => {
        const { status, data } = await call("GET", `/places?q=${encodeURIComponent(q)}&limit=8`);
        if (input.value.trim() === q) show(status === 200 && data && Array.isArray(data.items) ? data.items : []);
      }, 200);
    });
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
    return { nodes: [A().field(t("fix.search"), input), results, picked], chosen: () => chosen, input };
  }

  // The fields of one kind, and the proposal they make: {resource, payload} or a message key.
  function partsOf(kind, context) {
    const { el, field } = A();
    if (kind === "flag") {
      const rows = context.place ? (context.partners || []) : [{ twinning: context.twinning, name: context.bName || context.b }];
      const which = el("select", { id: "fix-twinning" }, rows.map((p) => el("option", { value: p.twinning, text: t("propose.with", { name: p.name }) })));
      const question = el("textarea", { id: "fix-question", maxlength: "2000", required: "", rows: "2" });
      return {
        nodes: [field(t("fix.which"), which), field(t("fix.question"), question)],
        make: () => (question.value.trim() ? { resource: `twinnings/${which.value}`, payload: { twinning: which.value, question: question.value } } : "fix.noquestion"),
        focus: question,
      };
    }
    if (kind === "level") {
      const level = el("select", { id: "fix-level" }, LEVELS.map((l) => el("option", { value: l, text: t(`level.${l}`), selected: l === context.level ? "" : null })));
      return {
        nodes: [context.level ? el("p", { class: "muted", text: t("fix.levelnow", { level: t(`level.${context.level}`) }) }) : null, field(t("fix.level"), level)],
        make: () => ({ resource: `places/${context.place}`, payload: { place: context.place, level: level.value } }),
        focus: level,
      };
    }
    if (kind === "merge") {
      const picker = placePicker([context.place]);
      return {
        nodes: [el("p", { class: "muted", text: t("fix.merge.help", { place: context.placeName || context.place }) }), ...picker.nodes],
        make: () => (picker.chosen() ? { resource: `places/${context.place}`, payload: { place: context.place, other: picker.chosen() } } : "fix.nochoice"),
        focus: picker.input,
      };
    }
    if (kind === "split") return splitParts(context);
    const side = el("select", { id: "fix-wrong" }, [[context.a, context.aName], [context.b, context.bName]].map(([id, name]) => el("option", { value: id, text: name || id })));
    const picker = placePicker([context.a, context.b]);
    return {
      nodes: [el("p", { class: "target", text: t("propose.between", { a: context.aName || context.a, b: context.bName || context.b }) }),
        field(t("fix.wrong"), side), el("p", { class: "muted", text: t("fix.right") }), ...picker.nodes],
      make: () => (picker.chosen() ? { resource: `twinnings/${context.twinning}`, payload: { twinning: context.twinning, wrong: side.value, right: picker.chosen() } } : "fix.nochoice"),
      focus: side,
    };
  }

  // A split: a new place (its id, name, language and level) takes some of the twinnings.
  function splitParts(context) {
    const { el, field } = A();
    const id = el("input", { id: "fix-newplace", maxlength: "120", required: "", pattern: "[a-z0-9][a-z0-9-]*", autocapitalize: "off" });
    const name = el("input", { id: "fix-newname", maxlength: "200", required: "" });
    const lang = el("input", { id: "fix-newlang", maxlength: "20", value: I18n.lang, required: "" });
    const level = el("select", { id: "fix-newlevel" }, [el("option", { value: "", text: t("fix.split.samelevel") }),
      ...LEVELS.map((l) => el("option", { value: l, text: t(`level.${l}`) }))]);
    const boxes = (context.partners || []).map((p) => el("input", { type: "checkbox", class: "fix-moved", value: p.twinning }));
    const moved = el("fieldset", { class: "fix-moved-list" }, [el("legend", { text: t("fix.split.moved") }),
      ...boxes.map((box, i) => el("label", {}, [box, " " + t("propose.with", { name: context.partners[i].name })]))]);
    const make = () => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id.value.trim()) || !name.value.trim() || !lang.value.trim()) return "fix.split.incomplete";
      const payload = { place: context.place, new_place: id.value.trim(), name: name.value.trim(), lang: lang.value.trim(),
        twinnings: boxes.filter((b) => b.checked).map((b) => b.value) };
      if (level.value) payload.level = level.value;
      return { resource: `places/${context.place}`, payload };
    };
    return {
      nodes: [el("p", { class: "muted", text: t("fix.split.help", { place: context.placeName || context.place }) }),
        field(t("fix.split.id"), id), field(t("propose.name"), name), field(t("propose.lang"), lang), field(t("fix.level"), level), moved],
      make, focus: id,
    };
  }

  // The form of one correction `kind` ("flag", "level", "merge", "wrong_place") in `context`.
  function fixForm(kind, context) {
    const { el, field, httpUrl, call, say, refusal } = A();
    const parts = partsOf(kind, context);
    const flag = kind === "flag";
    const source = el("input", { id: "fix-source", type: "url", placeholder: "https://…", maxlength: "2000", required: flag ? null : "" });
    const locator = el("input", { id: "fix-locator", maxlength: "300" });
    const reason = el("textarea", { id: "fix-reason", maxlength: "2000", required: "", rows: "3" });
    const form = el("form", { id: "account-fix", "data-kind": kind }, [
      ...parts.nodes, field(t(flag ? "fix.source.flag" : "propose.source"), source), field(t("propose.locator"), locator),
      field(t("propose.reason"), reason), el("button", { type: "submit", text: t("propose.go") }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const url = source.value.trim();
      if (flag ? (url ? !httpUrl(url) : !locator.value.trim()) : !httpUrl(url)) {
        say(t(flag ? "fix.sourceorlocator" : "propose.badsource")); source.focus(); return;
      }
      if (!reason.value.trim()) { say(t("propose.noreason")); reason.focus(); return; }
      const made = parts.make();
      if (typeof made === "string") { say(t(made)); parts.focus.focus(); return; }
      const [what, id] = made.resource.split("/");
      const history = await call("GET", `/history/${what}/${encodeURIComponent(id)}`);
      if (history.status !== 200) { say(t("propose.unknown")); return; }
      const body = { kind, source_url: url, reason: reason.value, payload: made.payload };
      if (locator.value.trim()) body.locator = locator.value.trim();
      const { status, data } = await call("POST", "/proposals", body, { "if-match": `"${history.data.version}"` });
      say(status === 201 ? t("propose.sent", { id: data.id }) : refusal(status, data));
    });
    return form;
  }

  // "Propose a change": a choice of kind above the form of the kind chosen (the event and name
  // form of account.js first, as before).
  function chooser(context) {
    const { el, field, proposeForm } = A();
    const kinds = ["", ...kindsFor(context)];
    const kindKey = (k) => (k === "" ? (context.place ? "propose.kind.eventname" : "propose.kind.event") : `propose.kind.${k}`);
    const select = el("select", { id: "propose-kind" }, kinds.map((k) => el("option", { value: k, text: t(kindKey(k)) })));
    const eventForm = () => { const form = proposeForm(context); form.querySelector("h2").remove(); return form; };
    const holder = el("div", { class: "propose-holder" }, [eventForm()]);
    select.addEventListener("change", () => { A().say(""); holder.replaceChildren(select.value ? fixForm(select.value, context) : eventForm()); });
    return [el("h2", { text: t("propose.heading") }), field(t("propose.kind"), select), holder];
  }

  return { chooser, fixForm, kindsFor };
})();
