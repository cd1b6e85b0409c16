// The mystery game of a shared course: every right answer uncovers tiles of an offline map of
// a famous twinning; a missed question comes back at the end of the queue, so finishing the
// course uncovers the whole picture, and then the twinning's story is told with its sources.
// Score, streak and trophies as in the atlas's quiz.  Items carry their answers (the course
// is public to whoever holds the link): the page scores offline.
"use strict";

(() => {
  const { t, load, apply } = window.twintownsI18n;
  const $ = (selector) => document.querySelector(selector);
  const TROPHIES = [
    { id: "first", test: (s) => s.right >= 1 },
    { id: "streak3", test: (s) => s.best >= 3 },
    { id: "streak10", test: (s) => s.best >= 10 },
    { id: "half", test: (s) => s.right * 2 >= s.total },
    { id: "complete", test: (s) => s.right >= s.total },
    { id: "perfect", test: (s) => s.right >= s.total && s.missed === 0 },
  ];
  const session = { right: 0, missed: 0, streak: 0, best: 0, total: 0, trophies: [] };
  let queue = [];
  let tiles = [];
  let mystery = null;

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

  function shuffle(list) {
    for (let i = list.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  function buildTiles(count) {
    const cols = Math.max(2, Math.ceil(Math.sqrt(count * 1.5)));
    const rows = Math.max(2, Math.ceil(count / cols));
    const grid = $("#tiles");
    grid.style.gridTemplateColumns = `repeat(${cols}, 1fr)`; // CSSOM: allowed by the policy
    grid.style.gridTemplateRows = `repeat(${rows}, 1fr)`;
    grid.replaceChildren(...[...Array(cols * rows)].map(() => el("div", { class: "tile" })));
    tiles = shuffle([...grid.children]);
  }

  function uncover() {
    const wanted = Math.round((session.right / session.total) * tiles.length);
    tiles.slice(0, wanted).forEach((tile) => tile.classList.add("revealed"));
    const percent = Math.round((wanted / tiles.length) * 100);
    $("#picture").setAttribute("aria-label", t("game.picture", { p: percent }));
    document.body.dataset.revealed = String(percent);
  }

  function showStats() {
    $("#score").textContent = String(session.right);
    $("#streak").textContent = String(session.streak);
    $("#best").textContent = String(session.best);
    $("#left").textContent = t("game.left", { n: queue.length });
    $("#trophies").replaceChildren(...session.trophies.map((id) => el("li", { "data-trophy": id, text: `★ ${t(`game.trophy.${id}`)}` })));
  }

  function award() {
    const won = TROPHIES.filter((x) => !session.trophies.includes(x.id) && x.test(session));
    session.trophies.push(...won.map((x) => x.id));
    return won;
  }

  function options(item) {
    if (item.kind === "true_false") return [[t("game.true"), item.truth === true], [t("game.false"), item.truth === false]];
    if (item.choices) return item.choices.map((c) => [c.text, c.correct]);
    return null;
  }

  function ask() {
    const item = queue[0];
    const card = $("#card");
    const heading = el("h2", { id: "question", tabindex: "-1", text: item.prompt });
    const offered = options(item);
    let answers;
    if (offered) {
      answers = el("div", { class: "options", role: "group", "aria-labelledby": "question" },
        offered.map(([text, right], i) => el("button", { type: "button", "data-right": right ? "1" : "0", "data-option": i, text })));
      answers.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        if (button) answered(button.dataset.right === "1");
      });
    } else {
      const list = item.order && item.presented ? el("ul", {}, item.presented.map((i) => el("li", { text: item.order[i].text }))) : null;
      const show = el("button", { type: "button", "data-action": "show", text: t("game.show") });
      answers = el("div", { class: "options" }, list, show);
      show.addEventListener("click", () => {
        const knew = el("button", { type: "button", "data-right": "1", text: t("game.knew") });
        const notYet = el("button", { type: "button", "data-right": "0", text: t("game.notyet") });
        knew.addEventListener("click", () => answered(true));
        notYet.addEventListener("click", () => answered(false));
        answers.replaceChildren(el("p", { class: "answer", text: item.answer }), knew, notYet);
        knew.focus();
      });
    }
    card.replaceChildren(heading, answers);
    heading.focus();
  }

  function answered(right) {
    const item = queue.shift();
    session.streak = right ? session.streak + 1 : 0;
    session.best = Math.max(session.best, session.streak);
    if (right) session.right += 1;
    else { session.missed += 1; queue.push(item); }
    uncover();
    const won = award();
    showStats();
    const sources = item.sources.map((s) => s.label).join("; ");
    const next = el("button", { type: "button", id: "next", text: queue.length ? t("game.next") : t("game.done", { title: mystery ? mystery.title : "" }) });
    next.addEventListener("click", () => (queue.length ? ask() : finish()));
    $("#card").replaceChildren(
      el("p", { class: right ? "feedback right" : "feedback wrong", text: right ? t("game.right") : t("game.wrong", { answer: item.answer }) }),
      el("p", { text: item.explanation }),
      el("p", { class: "story source", text: sources }),
      won.map((x) => el("p", { class: "new-trophy", text: `★ ${t("game.trophy", { label: t(`game.trophy.${x.id}`) })}` })),
      next);
    next.focus();
  }

  function finish() {
    tiles.forEach((tile) => tile.classList.add("revealed"));
    document.body.dataset.revealed = "100";
    $("#card").replaceChildren(el("p", { class: "feedback right", text: t("game.done", { title: mystery ? mystery.title : "" }) }));
    if (mystery) {
      $("#story-heading").textContent = mystery.title;
      $("#story-lines").replaceChildren(...mystery.story.map((line) => el("li", {},
        el("b", { text: `${line.when}: ` }), line.text, el("br"), el("span", { class: "source", text: line.source }))));
      $("#story").hidden = false;
      $("#story-heading").focus();
    }
    document.body.dataset.complete = "1";
  }

  async function start() {
    const lang = new URLSearchParams(location.search).get("lang") || localStorage.getItem("twintowns.lang") || "en";
    await load(lang);
    apply(document);
    const id = decodeURIComponent(location.pathname.split("/").pop());
    try {
      const [course, found] = await Promise.all([
        fetch(`/learn/courses/${encodeURIComponent(id)}`).then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status))))),
        fetch(`/learn/courses/${encodeURIComponent(id)}/mystery`).then((r) => (r.ok ? r.json() : null)),
      ]);
      mystery = found;
      $("#course-name").textContent = course.name;
      queue = course.items.filter((e) => !e.flags.length).map((e) => e.item); // never teach a flagged answer
      session.total = queue.length;
      if (mystery) $("#picture-img").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(mystery.svg)}`;
      buildTiles(session.total);
      uncover();
      showStats();
      ask();
      document.body.dataset.ready = "1";
    } catch (err) {
      $("#card").replaceChildren(el("p", { role: "alert", text: t("studio.error", { text: err.message }) }));
      document.body.dataset.error = err.message;
    }
  }

  start();
})();
