// The living registry in the atlas: sign in, propose a sourced change to a twinning, and (for
// reviewers) the queue of proposals to accept or reject.  Everything from the server is put in
// the page as text (never as HTML); links are made only for http(s) URLs.  The session cookie
// is HttpOnly: this script never sees it, only the CSRF token the sign-in answers with, kept in
// memory and sent in X-CSRF-Token on every write.
"use strict";

(() => {
  const EVENT_TYPES = ["signing", "suspension", "resumption", "termination", "renewal",
    "first_contact", "exchange", "delegation", "joint_event", "kept_open"];
  let csrf = "";
  let me = null;

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const field = (label, input) => el("label", {}, [label + " ", input]);
  const httpUrl = (text) => {
    try { return ["http:", "https:"].includes(new URL(text).protocol); } catch { return false; }
  };

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

  const panel = el("aside", { id: "account", hidden: "", "aria-label": "Account" });
  const opener = el("button", { id: "account-open", type: "button", text: "Sign in" });
  const message = el("p", { id: "account-message", role: "status" });

  function say(text) { message.textContent = text; }

  function signInForm() {
    const name = el("input", { id: "account-name", autocomplete: "username", maxlength: "60" });
    const password = el("input", { id: "account-password", type: "password", autocomplete: "current-password", maxlength: "200" });
    const form = el("form", { id: "account-signin" }, [
      el("h2", { text: "Sign in" }), field("name", name), field("password", password),
      el("button", { type: "submit", text: "Sign in" }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const { status, data } = await call("POST", "/users/login", { name: name.value, password: password.value });
      password.value = "";
      if (status !== 200) { say(status === 429 ? "Too many attempts: wait a minute." : "Wrong name or password."); return; }
      csrf = data.csrf;
      await refresh();
    });
    return form;
  }

  function proposeForm() {
    const twinning = el("input", { id: "propose-twinning", placeholder: "coventry--dresden", maxlength: "250", required: "" });
    const type = el("select", { id: "propose-type" }, EVENT_TYPES.map((t) => el("option", { value: t, text: t.replace("_", " ") })));
    const date = el("input", { id: "propose-date", placeholder: "2022, 2022-03 or 2022-03-01", maxlength: "20" });
    const source = el("input", { id: "propose-source", type: "url", placeholder: "https://…", maxlength: "2000", required: "" });
    const reason = el("textarea", { id: "propose-reason", maxlength: "2000", required: "" });
    const form = el("form", { id: "account-propose" }, [
      el("h2", { text: "Propose a change" }), field("twinning", twinning), field("event", type),
      field("date", date), field("source (http or https)", source), field("reason", reason),
      el("button", { type: "submit", text: "Propose" }),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!httpUrl(source.value)) { say("The source must be an http or https link."); return; }
      const id = twinning.value.trim();
      const history = await call("GET", "/history/twinnings/" + encodeURIComponent(id));
      if (history.status !== 200) { say("Unknown twinning."); return; }
      const body = { kind: "event", source_url: source.value, reason: reason.value,
        payload: { twinning: id, type: type.value, date: date.value || null } };
      const { status, data } = await call("POST", "/proposals", body, { "if-match": `"${history.data.version}"` });
      if (status === 201) say(`Proposal ${data.id} sent for review.`);
      else say((data && data.detail) || `Refused (${status}).`);
    });
    return form;
  }

  function proposalItem(p) {
    const source = httpUrl(p.source_url) ? el("a", { href: p.source_url, rel: "noopener noreferrer nofollow", target: "_blank", text: p.source_url }) : el("span", { text: p.source_url });
    const what = `${p.target}: ${p.payload.type || p.kind} ${p.payload.date || ""}`;
    const item = el("li", { class: "proposal", "data-id": String(p.id) }, [
      el("b", { text: what }), el("br"), el("span", { text: `by ${p.author}: ${p.reason} ` }), source,
    ]);
    for (const decision of ["accept", "reject"]) {
      const button = el("button", { type: "button", class: "decide-" + decision, text: decision });
      button.addEventListener("click", async () => {
        const { status, data } = await call("POST", "/reviews", { proposal_id: p.id, decision }, { "if-match": `"${p.version}"` });
        say(status === 200 ? `Proposal ${p.id} ${data.status}.` : (data && data.detail) || `Refused (${status}).`);
        await refresh();
      });
      item.append(" ", button);
    }
    return item;
  }

  async function queue() {
    const { status, data } = await call("GET", "/reviews");
    const list = el("ul", { id: "account-queue" });
    if (status === 200) for (const p of data) list.append(proposalItem(p));
    return el("section", {}, [el("h2", { text: `Review queue (${status === 200 ? data.length : 0})` }), list]);
  }

  // Signed in means a CSRF token in memory: after a reload the user signs in again (the old
  // session cannot write without its token), and a reader's page never probes /users/me.
  async function refresh() {
    me = null;
    if (csrf) {
      const { status, data } = await call("GET", "/users/me");
      me = status === 200 ? data : null;
    }
    const close = el("button", { class: "close", type: "button", "aria-label": "Close", text: "×" });
    close.addEventListener("click", () => { panel.hidden = true; });
    panel.replaceChildren(close, message);
    if (!me) { opener.textContent = "Sign in"; panel.append(signInForm()); return; }
    opener.textContent = me.name;
    const out = el("button", { id: "account-signout", type: "button", text: "Sign out" });
    out.addEventListener("click", async () => { await call("POST", "/users/logout"); csrf = ""; await refresh(); });
    panel.append(el("p", { id: "account-who", text: `Signed in as ${me.name} (${me.roles.join(", ") || "no role"}) ` }, [out]));
    if (me.roles.length) panel.append(proposeForm());
    if (me.roles.includes("reviewer") || me.roles.includes("admin")) panel.append(await queue());
  }

  opener.addEventListener("click", async () => { panel.hidden = !panel.hidden; if (!panel.hidden) await refresh(); });
  document.head.append(el("link", { rel: "stylesheet", href: "/static/account.css" }));
  document.body.append(opener, panel);
})();
