// The teacher's studio: build a course (topics, difficulty, kinds, count, seed), read every
// item with its answer and sources, remove, reorder, reword or add items, save the course
// (a versioned course in the registry; its edit key stays in this browser), export it with
// the learning pack's writers and share the game link.  The server replays the edits and
// flags an edited answer the registry does not back; the page only keeps the edit list.
//
// Saving needs an account (building, previewing, exporting and playing do not): "Save" asks
// a signed-out teacher to sign in (POST /users/login, as the atlas's account.js does), then
// saves.  The session cookie is HttpOnly; the CSRF token echoed in X-CSRF-Token on writes
// comes from the sign-in answer, and after a reload from the twintowns_csrf cookie (the
// server checks it against the session), so the session survives a reload.
"use strict";

(() => {
  const { t, load, apply } = window.twintownsI18n;
  const $ = (selector) => document.querySelector(selector);
  const KEYS = "twintowns.studio.keys"; // course id -> edit key, in this browser only
  const EXPORTS = ["worksheet", "exam_a", "exam_b", "cards", "apkg", "gift", "tsv", "html"];
  const CSRF_COOKIE = "twintowns_csrf";
  const cookieCsrf = () => {
    const found = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith(CSRF_COOKIE + "="));
    return found ? decodeURIComponent(found.slice(CSRF_COOKIE.length + 1)) : "";
  };
  const forgetCsrf = () => { document.cookie = `${CSRF_COOKIE}=; max-age=0; path=/; samesite=strict`; };
  const account = { csrf: cookieCsrf(), me: null };
  const state = { recipe: null, edits: [], course: null, id: null, version: null, dirty: false, editing: null };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function say(text) { $("#status").textContent = text; }

  async function call(method, url, body, headers) {
    const sent = { "content-type": "application/json", ...(headers || {}) };
    if (method !== "GET" && account.csrf) sent["x-csrf-token"] = account.csrf;
    const response = await fetch(url, {
      method, headers: sent, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? {} : await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(typeof data.detail === "string" ? data.detail : `${response.status}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // Who is signed in: shown beside "Save", with a sign-out button.
  function renderAccount() {
    $("#account-who").hidden = !account.me;
    $("#account-name-shown").textContent = account.me ? t("studio.account.who", { name: account.me.name }) : "";
    document.body.dataset.account = account.me ? "signed-in" : "reader";
  }

  // After a reload: the session is back if its CSRF cookie still names a live session.
  async function probe() {
    account.me = null;
    if (account.csrf) {
      try { account.me = await call("GET", "/users/me"); } catch (err) { account.csrf = ""; forgetCsrf(); }
    }
    renderAccount();
  }

  function askSignIn(why) {
    const form = $("#signin");
    form.hidden = false;
    say(why);
    $("#signin-name").focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const password = $("#signin-password");
    try {
      const answer = await call("POST", "/users/login", { name: $("#signin-name").value, password: password.value });
      account.csrf = answer.csrf;
    } catch (err) {
      password.value = "";
      say(err.status === 429 ? t("studio.account.toomany") : t("studio.account.wrong"));
      return;
    }
    password.value = "";
    await probe();
    $("#signin").hidden = true;
    await save();
  }

  async function signOut() {
    try { await call("POST", "/users/logout"); } catch (err) { /* the session was already gone */ }
    account.csrf = "";
    account.me = null;
    forgetCsrf();
    renderAccount();
    say(t("studio.account.out"));
  }

  function savedKeys() {
    try { return JSON.parse(localStorage.getItem(KEYS) || "{}"); } catch (err) { return {}; }
  }

  function readRecipe() {
    const form = $("#build");
    const topics = [...form.querySelectorAll("input[name=topic]:checked")].map((n) => n.value);
    // countries and places, separated by semicolons (a place name may hold a comma)
    topics.push(...$("#scope").value.split(";").map((x) => x.trim()).filter(Boolean));
    return {
      topics,
      kinds: [...form.querySelectorAll("input[name=kind]:checked")].map((n) => n.value),
      difficulty: $("#difficulty").value,
      count: Number($("#count").value),
      seed: Number($("#seed").value),
    };
  }

  function fillForm(name, recipe) {
    $("#name").value = name;
    const subjects = ["history", "politics", "terminology", "networks", "partners"];
    for (const box of document.querySelectorAll("input[name=topic]")) box.checked = recipe.topics.includes(box.value);
    $("#scope").value = recipe.topics.filter((x) => !subjects.includes(x)).join("; ");
    for (const box of document.querySelectorAll("input[name=kind]")) box.checked = recipe.kinds.includes(box.value);
    $("#difficulty").value = recipe.difficulty;
    $("#count").value = recipe.count;
    $("#seed").value = recipe.seed;
  }

  function body() { return { name: $("#name").value.trim() || t("studio.name.default"), recipe: state.recipe, edits: state.edits }; }

  // ---- rendering ------------------------------------------------------------------------
  function answerBlock(item) {
    const parts = [];
    if (item.choices) {
      parts.push(el("ol", { class: "choices", type: "A" }, item.choices.map((c) =>
        el("li", { class: c.correct ? "correct" : null }, c.text, c.correct ? el("span", { class: "tag", text: ` (${t("studio.correct")})` }) : null))));
    }
    if (item.order && item.presented) {
      parts.push(el("ul", { class: "order" }, item.presented.map((i) => el("li", { text: item.order[i].text }))));
    }
    parts.push(el("p", { class: "answer" }, el("b", { text: `${t("studio.answer")}: ` }), item.answer));
    if (item.explanation && item.explanation !== item.answer) {
      parts.push(el("p", { class: "why" }, el("b", { text: `${t("studio.explanation")}: ` }), item.explanation));
    }
    parts.push(el("p", { class: "sources" }, el("b", { text: `${t("studio.sources")}: ` }),
      item.sources.map((s, i) => [i ? "; " : "", s.url && /^https?:\/\//.test(s.url)
        ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", text: s.title }) : s.title,
        s.locator ? `, ${s.locator}` : ""])));
    return parts;
  }

  function controls(entry, n, total) {
    const label = (key) => `${t(key)}: ${n + 1}`;
    const button = (action, key, disabled) => el("button", {
      type: "button", "data-action": action, "data-origin": entry.origin, "aria-label": label(key), disabled,
    }, t(key));
    return el("div", { class: "controls" },
      button("up", "studio.up", n === 0), button("down", "studio.down", n === total - 1),
      button("edit", "studio.edit"), button("remove", "studio.remove"));
  }

  function editor(entry, n) {
    const field = (name, key, value, rows) => el("p", {},
      el("label", { for: `edit-${name}`, text: t(key) }),
      el("textarea", { id: `edit-${name}`, name, rows, maxlength: 2000 }, value));
    return el("form", { class: "editor", "data-origin": entry.origin, "aria-label": `${t("studio.edit")}: ${n + 1}` },
      field("prompt", "studio.edit.prompt", entry.item.prompt, 2),
      field("answer", "studio.edit.answer", entry.item.answer, 2),
      field("explanation", "studio.edit.explanation", entry.item.explanation, 3),
      el("p", {}, el("button", { type: "submit", text: t("studio.edit.save") }), " ",
        el("button", { type: "button", "data-action": "cancel", text: t("studio.edit.cancel") })));
  }

  function itemView(entry, n, total) {
    const item = entry.item;
    const tags = [item.kind.replace("_", " "), item.difficulty, entry.edited ? t("studio.edited") : null,
      entry.added ? t("studio.added") : null].filter(Boolean).join(" · ");
    return el("li", { class: entry.flags.length ? "item flagged" : "item", "data-origin": entry.origin, "data-kind": item.kind },
      el("p", { class: "meta", text: tags }),
      el("h3", { class: "prompt", text: item.prompt }),
      answerBlock(item),
      entry.flags.map((f) => el("p", { class: "flag", text: t("studio.flag", { text: f }) })),
      state.editing === entry.origin ? editor(entry, n) : controls(entry, n, total));
  }

  function renderExports() {
    const links = state.course && state.course.links;
    const blocked = (state.course && state.course.flags.length) || state.dirty || !state.id;
    $("#outputs").hidden = Boolean(blocked);
    let note = "";
    if (state.course && state.course.flags.length) note = t("studio.flags", { n: state.course.flags.length });
    else if (state.dirty) note = t("studio.unsaved");
    else if (state.version) note = t("studio.saved", { v: state.version });
    $("#save-state").textContent = note;
    if (blocked || !links) return;
    $("#exports").replaceChildren(...EXPORTS.map((key) =>
      el("li", {}, el("a", { href: links[key === "worksheet" ? "pdf" : key], download: "", "data-export": key, text: t(`studio.export.${key}`) }))));
    $("#play").href = links.play;
    $("#share-url").textContent = new URL(links.play, location.href).href;
  }

  function render(focus) {
    const course = state.course;
    $("#edit-section").hidden = $("#save-section").hidden = !course;
    if (!course) return;
    const total = course.items.length;
    $("#items-count").textContent = t("studio.items.count", { n: total }) +
      (total < course.requested && !state.edits.length ? ` ${t("studio.items.shortfall", { n: total })}` : "");
    $("#items").replaceChildren(...course.items.map((e, n) => itemView(e, n, total)));
    // edits naming items the registry no longer generates (item flags show on their items)
    $("#problems").replaceChildren(...course.flags.filter((f) => !f.startsWith("item "))
      .map((f) => el("li", { class: "flag", text: t("studio.flag", { text: f }) })));
    $("#spares").replaceChildren(...course.spares.slice(0, 20).map((item) => el("li", { "data-origin": item.id },
      el("span", { text: item.prompt }), " ",
      el("button", { type: "button", "data-action": "add", "data-origin": item.id, "aria-label": `${t("studio.add")}: ${item.prompt}`, text: t("studio.add") }))));
    renderExports();
    document.body.dataset.items = String(total);
    if (focus) (document.querySelector(focus) || $("#items-heading")).focus();
  }

  // ---- actions --------------------------------------------------------------------------
  async function refresh(message, focus) {
    say(t("studio.busy"));
    document.body.dataset.busy = "1";
    try {
      const course = await call("POST", "/learn/courses/preview", body());
      state.course = { ...course, links: state.course && state.id ? state.course.links : {} };
      render(focus);
      say(message || t("studio.built", { n: course.items.length }));
    } catch (err) {
      say(t("studio.error", { text: err.message }));
    } finally {
      delete document.body.dataset.busy;
    }
  }

  function edit(change, message, focus) {
    state.edits.push(change);
    state.dirty = true;
    state.editing = null;
    return refresh(message, focus);
  }

  async function onItemsClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const origin = button.dataset.origin;
    const index = state.course.items.findIndex((e) => e.origin === origin);
    const action = button.dataset.action;
    const at = (act) => `button[data-action="${act}"][data-origin="${origin}"]`;
    if (action === "remove") {
      const next = state.course.items[index + 1] || state.course.items[index - 1];
      await edit({ op: "remove", item: origin }, t("studio.removed"), next ? `button[data-action="remove"][data-origin="${next.origin}"]` : null);
    } else if (action === "up" || action === "down") {
      const to = action === "up" ? index - 1 : index + 1;
      await edit({ op: "move", item: origin, to }, t("studio.moved", { n: to + 1 }), at(action));
    } else if (action === "edit") {
      state.editing = origin;
      render("#edit-prompt");
    } else if (action === "cancel") {
      state.editing = null;
      render(at("edit"));
    } else if (action === "add") {
      await edit({ op: "add", item: origin }, t("studio.added.one"), `li.item[data-origin="${origin}"] ${at("edit")}`);
    }
  }

  async function onEditSubmit(event) {
    const form = event.target.closest("form.editor");
    if (!form) return;
    event.preventDefault();
    const entry = state.course.items.find((e) => e.origin === form.dataset.origin);
    const change = { op: "reword", item: entry.origin };
    for (const name of ["prompt", "answer", "explanation"]) {
      const value = form.elements[name].value.trim();
      if (value && value !== entry.item[name]) change[name] = value;
    }
    if (Object.keys(change).length === 2) { state.editing = null; render(); return; }
    await edit(change, t("studio.reworded"), `button[data-action="edit"][data-origin="${entry.origin}"]`);
  }

  async function save() {
    if (!account.me) { askSignIn(t("studio.account.needed")); return; }
    say(t("studio.busy"));
    try {
      const keys = savedKeys();
      let course;
      if (state.id && keys[state.id]) {
        course = await call("PUT", `/learn/courses/${state.id}`, { ...body(), version: state.version }, { "X-Course-Key": keys[state.id] });
      } else {
        course = await call("POST", "/learn/courses", body());
        keys[course.id] = course.edit_key;
        localStorage.setItem(KEYS, JSON.stringify(keys));
      }
      Object.assign(state, { course, id: course.id, version: course.version, dirty: false });
      history.replaceState(null, "", `#course=${course.id}`);
      render();
      say(t("studio.saved", { v: course.version }));
      $("#save-heading").focus();
    } catch (err) {
      if (err.status === 401) {   // the session ended meanwhile
        account.me = null; account.csrf = ""; forgetCsrf(); renderAccount();
        askSignIn(t("studio.account.needed"));
      } else say(t("studio.error", { text: err.message }));
    }
  }

  async function open(id) {
    say(t("studio.busy"));
    try {
      const course = await call("GET", `/learn/courses/${encodeURIComponent(id)}`);
      Object.assign(state, { course, id: course.id, version: course.version, recipe: course.recipe, edits: course.edits, dirty: false });
      fillForm(course.name, course.recipe);
      render();
      say(t("studio.saved", { v: course.version }));
    } catch (err) {
      say(t("studio.error", { text: err.message }));
    }
  }

  async function start() {
    const lang = new URLSearchParams(location.search).get("lang") || localStorage.getItem("twintowns.lang") || "en";
    $("#lang").value = lang;
    await load(lang);
    apply(document);
    if (!$("#name").value) $("#name").value = t("studio.name.default");
    $("#build").addEventListener("submit", (event) => {
      event.preventDefault();
      Object.assign(state, { recipe: readRecipe(), edits: [], dirty: true, editing: null, course: null, id: null, version: null });
      history.replaceState(null, "", location.pathname + location.search);
      refresh(null, "#items-heading");
    });
    $("#items").addEventListener("click", onItemsClick);
    $("#items").addEventListener("submit", onEditSubmit);
    $("#spares").addEventListener("click", onItemsClick);
    $("#save").addEventListener("click", save);
    $("#signin").addEventListener("submit", signIn);
    $("#signout").addEventListener("click", signOut);
    await probe();
    $("#name").addEventListener("input", () => { if (state.course) { state.dirty = true; renderExports(); } });
    $("#lang").addEventListener("change", async () => {
      localStorage.setItem("twintowns.lang", $("#lang").value);
      await load($("#lang").value);
      apply(document);
      render();
      renderAccount();
    });
    const wanted = new URLSearchParams(location.hash.slice(1)).get("course");
    if (wanted) await open(wanted);
    document.body.dataset.ready = "1";
  }

  start();
})();
