// The living registry in the atlas: sign in, propose a sourced change (free, or prefilled from
// the place panel and its twinning rows through living.js), and (for reviewers) the queue of
// proposals to accept or reject.  Everything from the server is put in the page as text
// (never as HTML); links are made only for http(s) URLs.  Words come from the catalogues
// (i18n.js, keys account., propose., queue.).
//
// The session cookie is HttpOnly: this script never sees it.  The CSRF token it must echo in
// X-CSRF-Token on writes comes from the sign-in answer, and after a reload from the
// twintowns_csrf cookie (SameSite=Strict, set beside the session; the server checks it
// against the session's own token).  A reader's page has no such cookie and never probes
// /users/me.
"use strict";

window.Account = (() => {
  const t = (key, params) => I18n.t(key, params);
  const EVENT_TYPES = ["signing", "suspension", "resumption", "termination", "renewal",
    "first_contact", "exchange", "delegation", "joint_event", "kept_open"];
  const CSRF_COOKIE = "twintowns_csrf";
  const cookieCsrf = () => {
    const found = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith(CSRF_COOKIE + "="));
    return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : "";
  };
  const forgetCsrf = () => { document.cookie = `${CSRF_COOKIE}=; max-age=0; path=/; samesite=strict`; };
  let csrf = cookieCsrf();
  let me = null;
  let view = null;      // what the panel shows besides the defaults: a function giving nodes
  let afterSignIn = null;

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  };
  const field = (label, input) => el("label", {}, [label + " ", input]);
  const httpUrl = (text) => {
    try { return ["http:", "https:"].includes(new URL(text).protocol); } catch { return false; }
  };
  const link = (url) => (httpUrl(url) ? el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", text: url }) : el("span", { text: url }));
  const eventLabel = (type) => { const text = t(`event.${type}`); return text === `event.${type}` ? type.replaceAll("_", " ") : text; };
  const canPropose = () => Boolean(me && me.roles.length);
  const canReview = () => Boolean(me && (me.roles.includes("reviewer") || me.roles.includes("admin")));

  async function call(method, path, body, headers = {}) {
    const options = { method, headers: { ...headers }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["content-type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (method !== "GET" && csrf) options.headers["x-csrf-token"] = csrf;
    const answer = await fetch(path, options);
    const data = answer.status === 204 ? null : await answer.json().catch(() => null);
    return { status: answer.status, data };
  }
  // The server's reason for a refusal, as text (a 422 lists its fields).
  const refusal = (status, data) => {
    const detail = data && data.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) return detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
    return t("account.refused", { status });
  };

  const panel = el("aside", { id: "account", hidden: "", "aria-label": "Account" });
  const opener = el("button", { id: "account-open", type: "button", "aria-controls": "account", "aria-expanded": "false" });
  const message = el("p", { id: "account-message", role: "status" });

  function say(text) { message.textContent = text; }

  function signInForm() {
    const name = el("input", { id: "account-name", autocomplete: "username", maxlength: "60", required: "" });
    const password = el("input", { id: "account-password", type: "password", autocomplete: "current-password", maxlength: "200", required: "" });
    const form = el("form", { id: "account-signin" }, [
      el("h2", { text: t("account.signin") }), field(t("account.name"), name),
      field(t("account.password"), password), el("button", { type: "submit", text: t("account.signin") }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { status, data } = await call("POST", "/users/login", { name: name.value, password: password.value });
      password.value = "";
      if (status !== 200) { say(status === 429 ? t("account.toomany") : t("account.wrong")); return; }
      csrf = data.csrf;
      say("");
      await probe();
      const next = afterSignIn; afterSignIn = null;
      if (next) view = next;
      await render();
    });
    return form;
  }

  // A proposal form.  `context` prefills it: {twinning, a, b, aName, bName} proposes an event
  // of that twinning; {place, placeName, partners: [{twinning, name}]} an event of one of the
  // place's twinnings (chosen in a list) or a name of the place; {} a free event proposal.
  function proposeForm(context = {}) {
    const source = el("input", { id: "propose-source", type: "url", placeholder: "https://…", maxlength: "2000", required: "" });
    const locator = el("input", { id: "propose-locator", maxlength: "300" });
    const reason = el("textarea", { id: "propose-reason", maxlength: "2000", required: "", rows: "3" });
    const twinning = el("input", { id: "propose-twinning", placeholder: "coventry--dresden", maxlength: "250", required: "", value: context.twinning || null, readonly: context.twinning || context.place ? "" : null });
    const type = el("select", { id: "propose-type" }, EVENT_TYPES.map((kind) => el("option", { value: kind, text: eventLabel(kind) })));
    const date = el("input", { id: "propose-date", placeholder: t("propose.datehint"), maxlength: "20" });
    const name = el("input", { id: "propose-name", maxlength: "200", required: "" });
    const lang = el("input", { id: "propose-lang", maxlength: "20", value: I18n.lang, required: "" });
    const preferred = el("input", { id: "propose-preferred", type: "checkbox" });
    const about = context.place ? el("select", { id: "propose-about" }, [
      ...(context.partners || []).map((p) => el("option", { value: p.twinning, text: t("propose.with", { name: p.name }) })),
      el("option", { value: "", text: t("propose.nameoption", { place: context.placeName || context.place }) }),
    ]) : null;
    const eventPart = el("div", { class: "propose-event" }, [
      context.twinning ? el("p", { class: "target", text: t("propose.between", { a: context.aName || context.a, b: context.bName || context.b }) }) : null,
      field(t("propose.twinning"), twinning), field(t("propose.event"), type), field(t("propose.date"), date)]);
    const namePart = el("div", { class: "propose-name" }, [
      field(t("propose.name"), name), field(t("propose.lang"), lang), el("label", {}, [preferred, " " + t("propose.preferred")])]);
    const naming = () => Boolean(about && !about.value);
    // Show the fields of the change chosen; the other part's fields are disabled (not checked).
    const choose = () => {
      if (about && about.value) twinning.value = about.value;
      for (const [part, on] of [[eventPart, !naming()], [namePart, naming()]]) {
        part.hidden = !on;
        for (const input of part.querySelectorAll("input, select")) input.disabled = !on;
      }
    };
    if (about) about.addEventListener("change", choose);
    const form = el("form", { id: "account-propose", "data-target": context.twinning || context.place || "" }, [
      el("h2", { text: t("propose.heading") }), about ? field(t("propose.about"), about) : null, eventPart, namePart,
      field(t("propose.source"), source), field(t("propose.locator"), locator), field(t("propose.reason"), reason),
      el("button", { type: "submit", text: t("propose.go") }),
    ]);
    choose();
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!httpUrl(source.value)) { say(t("propose.badsource")); source.focus(); return; }
      if (!reason.value.trim()) { say(t("propose.noreason")); reason.focus(); return; }
      const id = naming() ? context.place : twinning.value.trim();
      const history = await call("GET", `/history/${naming() ? "places" : "twinnings"}/` + encodeURIComponent(id));
      if (history.status !== 200) { say(t("propose.unknown")); return; }
      const payload = naming() ? { place: id, name: name.value, lang: lang.value, preferred: preferred.checked }
        : { twinning: id, type: type.value, date: date.value || null };
      const body = { kind: naming() ? "name" : "event", source_url: source.value, reason: reason.value, payload };
      if (locator.value.trim()) body.locator = locator.value.trim();
      const { status, data } = await call("POST", "/proposals", body, { "if-match": `"${history.data.version}"` });
      say(status === 201 ? t("propose.sent", { id: data.id }) : refusal(status, data));
    });
    return form;
  }

  // A proposal's diff ({before, after}, when the server gives one) as two short lists.
  function diffOf(p) {
    if (!p.diff || typeof p.diff !== "object") return null;
    const side = (key, value) => el("div", { class: `diff-${key}` }, [el("b", { text: t(`diff.${key}`) + " " }),
      ...(value && typeof value === "object" ? Object.entries(value).map(([k, v]) => el("span", { class: "pair", text: `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}` }))
        : [el("span", { text: value === null || value === undefined ? "—" : String(value) })])]);
    return el("div", { class: "diff" }, [side("before", p.diff.before), side("after", p.diff.after)]);
  }

  // What a proposal proposes, in a few words.
  function describe(p) {
    const load = p.payload || {};
    if (p.kind === "event") return `${eventLabel(load.type || "")} ${load.date || ""}`.trim();
    if (p.kind === "name") return t("propose.nameof", { name: load.name || "", lang: load.lang || "" });
    if (p.kind === "revert") return t("history.revertof", { id: load.change_id || p.change_id || "?" });
    if (p.kind === "twinning") return t("describe.twinning", { a: load.a || "", b: load.b || "" });
    if (p.kind === "flag") return t("describe.flag", { question: load.question || "" });
    if (p.kind === "level") return t("describe.level", { level: load.level || "" });
    if (p.kind === "wrong_place") return t("describe.wrongplace", { wrong: load.wrong || "", right: load.right || "" });
    if (p.kind === "merge") return t("describe.merge", { place: load.place || "", other: load.other || "" });
    if (p.kind === "split") return t("describe.split", { place: load.place || "", other: load.new_place || "" });
    return p.kind;   // a kind this page does not know yet: its name
  }

  function proposalItem(p) {
    const item = el("li", { class: "proposal", "data-id": String(p.id) }, [
      el("b", { text: `${p.target}: ${describe(p)}` }), el("br"),
      el("span", { text: t("queue.by", { author: p.author, reason: p.reason }) + " " }), link(p.source_url), diffOf(p),
    ]);
    for (const decision of ["accept", "reject"]) {
      const button = el("button", { type: "button", class: "decide-" + decision, text: t(`review.${decision}`) });
      button.addEventListener("click", async () => {
        const { status, data } = await call("POST", "/reviews", { proposal_id: p.id, decision }, { "if-match": `"${p.version}"` });
        say(status === 200 ? t("queue.decided", { id: p.id, status: t(`proposal.${data.status}`) }) : refusal(status, data));
        await render();
      });
      item.append(" ", button);
    }
    return item;
  }

  async function queue() {
    const { status, data } = await call("GET", "/reviews");
    const list = el("ul", { id: "account-queue" });
    if (status === 200) for (const p of data) list.append(proposalItem(p));
    return el("section", {}, [el("h2", { text: t("queue.heading", { n: status === 200 ? data.length : 0 }) }), list]);
  }

  async function probe() {
    me = null;
    if (!csrf) return;
    const { status, data } = await call("GET", "/users/me");
    if (status === 200) me = data;
    else { csrf = ""; forgetCsrf(); }   // the session ended: its cookie is of no use
  }

  function closeButton() {
    return el("button", { class: "close", type: "button", "aria-label": t("account.close"), text: "×",
      onclick: () => { panel.hidden = true; opener.setAttribute("aria-expanded", "false"); opener.focus(); } });
  }

  // Draw the panel: who is signed in, then the view asked for (a prefilled proposal, a
  // history), else the free proposal form and the reviewers' queues.
  async function render() {
    opener.textContent = me ? me.name : t("account.signin");
    panel.setAttribute("aria-label", t("account.label"));
    const parts = [closeButton(), message];
    if (me) {
      const out = el("button", { id: "account-signout", type: "button", text: t("account.signout") });
      out.addEventListener("click", async () => { await call("POST", "/users/logout"); csrf = ""; forgetCsrf(); me = null; view = null; await render(); });
      const roles = me.roles.map((r) => t(`role.${r}`)).join(", ") || t("account.norole");
      parts.push(el("p", { id: "account-who", text: t("account.who", { name: me.name, roles }) + " " }, [out]));
    }
    if (view) {
      const back = el("button", { type: "button", class: "back", text: t("account.back"), onclick: async () => { view = null; panel.classList.remove("wide"); await render(); } });
      parts.push(...(await view()), back);
    } else if (!me) {
      parts.push(signInForm());
    } else {
      if (canPropose()) parts.push(proposeForm());
      if (canReview()) {
        parts.push(await queue());
        if (window.Living) parts.push(window.Living.resolutionsOpener());
      }
    }
    panel.replaceChildren(...parts.filter(Boolean));
  }

  // Open the panel on `next` (a function giving nodes); `needsSignIn`: sign in first; `wide`:
  // a page-like view (the resolution queue) takes more of a large screen.
  async function show(next, needsSignIn, wide) {
    panel.classList.toggle("wide", Boolean(wide));
    if (needsSignIn && !me) { view = null; afterSignIn = next; say(t("account.signinfirst")); }
    else view = next;
    panel.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    await render();
    const focus = panel.querySelector("h2");
    if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
  }

  opener.addEventListener("click", async () => {
    panel.hidden = !panel.hidden;
    opener.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) { view = null; panel.classList.remove("wide"); await render(); }
  });
  document.head.append(el("link", { rel: "stylesheet", href: "/static/account.css" }));
  document.body.append(opener, panel);
  // After a reload: the session is back if its CSRF cookie still names a live session.
  const ready = I18n.ready.then(probe).then(render).then(() => { document.body.dataset.account = me ? "signed-in" : "reader"; });
  I18n.onChange(() => { render(); });

  return {
    call, el, field, link, httpUrl, refusal, say, show, proposeForm, diffOf, describe, eventLabel, ready,
    canPropose, canReview, get me() { return me; },
  };
})();
