// twintowns atlas: the quiz game.  A "Quiz" panel next to the map plays a quiz built by the
// server from the registry's sourced facts (GET /learn/quiz): one question at a time, by kind
// (multiple choice, true/false, terminology, flashcards, ordering, map).  Map questions are
// answered by clicking the atlas's map itself: the click is inverted through the map's d3
// projection and is right when its great-circle distance to the answer is within the item's
// tolerance.  Every answer shows the explanation and its sources; score, streak and trophies
// last for the browser tab's session (sessionStorage).  A question can be flagged as wrong or
// ambiguous (POST /learn/flags).  No network beyond the atlas's own server.
"use strict";

/* global el, httpUrl, map, data, announce, I18n */ // from atlas.js: helpers, the map (map.js), the arc table

(() => {
  const $ = (selector) => document.querySelector(selector);
  const STORE = "twintowns-quiz";   // sessionStorage key of the session's score
  const EARTH_KM = 6371.0088;       // mean Earth radius
  const LETTERS = ["A", "B", "C", "D"]; // the named points of a map question's keyboard answer

  // node.replaceChildren with the absent children left out (replaceChildren(null) would
  // write the text "null").
  const fill = (node, ...children) => node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  const t = (key, params) => I18n.t(key, params);   // i18n.js: the chosen language
  const kindName = (kind) => { const text = t(`quizkind.${kind}`); return text === `quizkind.${kind}` ? kind : text; };

  // Trophies, each won once per session when its test first holds (named by trophy.<id>).
  const TROPHIES = [
    { id: "first", test: (s) => s.right >= 1 },
    { id: "streak3", test: (s) => s.best >= 3 },
    { id: "streak10", test: (s) => s.best >= 10 },
    { id: "map", test: (s) => s.maps >= 1 },
    { id: "globetrotter", test: (s) => s.maps >= 5 },
    { id: "round", test: (s) => s.rounds >= 1 },
    { id: "perfect", test: (s) => s.perfect >= 1 },
  ];
  const trophyName = (trophy) => t(`trophy.${trophy.id}`);
  const newTrophies = (won) => el("p", { class: "new-trophies" }, won.map((trophy) => `★ ${t("quiz.newtrophy", { trophy: trophyName(trophy) })}`).join(" · "));

  // The session: right answers, answers, current and best streak, places found on the map,
  // rounds finished and perfect, trophies won.  The round: the quiz being played.
  const session = loadSession();
  let round = null; // {quiz, index, right, answered}

  function loadSession() {
    const fresh = { right: 0, answered: 0, streak: 0, best: 0, maps: 0, rounds: 0, perfect: 0, trophies: [] };
    try {
      return Object.assign(fresh, JSON.parse(sessionStorage.getItem(STORE) || "{}"));
    } catch (error) {
      return fresh; // storage disabled or corrupt: start afresh
    }
  }

  function saveSession() {
    try { sessionStorage.setItem(STORE, JSON.stringify(session)); } catch (error) { /* storage disabled */ }
  }

  // ---- score, streak, trophies ------------------------------------------------------------
  function renderStats() {
    $("#quiz-score").textContent = String(session.right);
    $("#quiz-score").dataset.score = String(session.right);
    $("#quiz-answered").textContent = String(session.answered);
    $("#quiz-streak").textContent = String(session.streak);
    $("#quiz-best").textContent = String(session.best);
    $("#quiz-trophies").replaceChildren(...TROPHIES.filter((trophy) => session.trophies.includes(trophy.id))
      .map((trophy) => el("li", { class: "trophy", "data-trophy": trophy.id }, `★ ${trophyName(trophy)}`)));
  }

  // Award the trophies whose tests now hold; returns the new ones.
  function awardTrophies() {
    const won = TROPHIES.filter((trophy) => !session.trophies.includes(trophy.id) && trophy.test(session));
    session.trophies.push(...won.map((trophy) => trophy.id));
    return won;
  }

  // Count one answer, then show whether it was right, the answer, the explanation, sources.
  function finish(item, right, detail) {
    round.answered += 1; session.answered += 1;
    if (right) { round.right += 1; session.right += 1; }
    session.streak = right ? session.streak + 1 : 0;
    session.best = Math.max(session.best, session.streak);
    if (right && item.kind === "map") session.maps += 1;
    const won = awardTrophies();
    saveSession(); renderStats();
    showFeedback(item, right, detail, won);
  }

  function showFeedback(item, right, detail, won) {
    const last = round.index + 1 >= round.quiz.items.length;
    fill($("#quiz-feedback"),
      el("p", { class: `verdict ${right ? "right" : "wrong"}`, "data-verdict": right ? "right" : "wrong" },
        `${right ? t("quiz.right") : t("quiz.wrong")} `, el("span", { class: "answer" }, t("quiz.answer", { answer: item.answer }))),
      el("p", { class: "why" }, detail || item.explanation),
      sourcesLine(item.sources),
      won.length ? newTrophies(won) : null,
      el("button", { id: "quiz-next", type: "button", onclick: nextQuestion }, last ? t("quiz.finish") : t("quiz.next")));
    $("#quiz-next").focus();
  }

  function sourcesLine(sources) {
    return el("p", { class: "cite" }, `${t("quiz.source")} `, sources.flatMap((s, i) => [
      i ? "; " : "",
      httpUrl(s.url) ? el("a", { href: httpUrl(s.url), target: "_blank", rel: "noopener", class: "source" }, s.title) : s.title,
      s.locator ? `, ${s.locator}` : ""]));
  }

  // ---- question bodies, by kind -----------------------------------------------------------
  // Buttons for the offered answers; isRight(i) says whether answer i is the right one.
  function choiceButtons(item, labels, isRight) {
    const area = el("div", { class: "choices" });
    labels.forEach((label, i) => {
      const button = el("button", { type: "button", class: "choice", "data-choice": String(i) }, label);
      button.addEventListener("click", () => {
        area.querySelectorAll("button").forEach((b, j) => {
          b.disabled = true;
          if (isRight(j)) b.classList.add("right");
        });
        if (!isRight(i)) button.classList.add("wrong");
        finish(item, isRight(i));
      });
      area.append(button);
    });
    return area;
  }

  // Flashcards: reveal the answer, then say honestly whether you knew it.
  function flashcard(item) {
    const area = el("div", { class: "choices" });
    const answered = (knew) => { area.querySelectorAll("button").forEach((b) => { b.disabled = true; }); finish(item, knew); };
    const reveal = el("button", { type: "button", id: "quiz-reveal", onclick: () => {
      reveal.remove();
      area.append(el("p", { class: "answer" }, item.answer),
        el("button", { type: "button", "data-choice": "0", onclick: () => answered(true) }, t("quiz.knew")),
        el("button", { type: "button", "data-choice": "1", onclick: () => answered(false) }, t("quiz.notyet")));
    } }, t("quiz.reveal"));
    area.append(reveal);
    return area;
  }

  // Ordering: move entries up until they are in order, then check.
  function ordering(item) {
    const order = item.presented.slice(); // indexes into item.order; right when order[i] === i
    const list = el("ol", { class: "order" });
    const draw = () => list.replaceChildren(...order.map((entry, pos) => el("li", {},
      el("button", { type: "button", "data-up": String(pos), title: t("quiz.moveup"), disabled: pos === 0 ? "" : null, onclick: () => {
        [order[pos - 1], order[pos]] = [order[pos], order[pos - 1]];
        draw();
      } }, "↑"), ` ${item.order[entry].text}`)));
    draw();
    const check = el("button", { type: "button", id: "quiz-check", onclick: () => {
      check.disabled = true;
      list.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      const years = item.order.map((e) => `${e.year}: ${e.text}`).join("; ");
      finish(item, order.every((entry, pos) => entry === pos), t("quiz.inorder", { years }));
    } }, t("quiz.check"));
    return el("div", {}, list, check);
  }

  // Great-circle distance in km between two [lon, lat] points (haversine).
  function distanceKm(a, b) {
    const r = Math.PI / 180;
    const h = Math.sin((b[1] - a[1]) * r / 2) ** 2 +
      Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin((b[0] - a[0]) * r / 2) ** 2;
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // Named points for the keyboard: the answer and three places of the registry far from it
  // and from each other, in an order fixed by the item's id (the same question, the same
  // letters).  Without the atlas's arc table, none.
  function namedPoints(item) {
    const target = item.target, places = data && data.places;
    if (!places || !places.lon.length) return [];
    const far = Math.max(1500, 4 * target.tolerance_km);
    let seed = [...item.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
    const points = [[target.lon, target.lat]];
    for (let tries = 0; tries < 400 && points.length < LETTERS.length; tries++) {
      const i = Math.floor(next() * places.lon.length), p = [places.lon[i], places.lat[i]];
      if (p[0] !== null && p[1] !== null && points.every((q) => distanceKm(p, q) > far)) points.push(p);
    }
    const answerAt = Math.floor(next() * points.length);
    [points[0], points[answerAt]] = [points[answerAt], points[0]];
    return points.map((p, i) => ({ lon: p[0], lat: p[1], letter: LETTERS[i] }));
  }

  // Map questions: the atlas's map takes the next click (map.onClick), shown whole; or, by
  // keyboard, one of the lettered points drawn on it.
  function mapQuestion(item) {
    if (!map) return flashcard(item); // the map is not drawn yet (or failed): play it as a card
    const target = item.target;
    // the whole world, above the quiz when it is a bottom sheet (a phone)
    const quiz = $("#quiz"), sheet = getComputedStyle(quiz).position === "absolute" ? quiz.getBoundingClientRect().height : 0;
    map.setView(0, 8, 1, false, sheet);
    const points = namedPoints(item);
    const answer = (click) => {
      map.onClick(null);
      area.querySelectorAll("button").forEach((b) => { b.disabled = true; });
      hint.textContent = click ? t("quiz.map.shown") : t("quiz.map.place");
      const km = click ? distanceKm([click.lon, click.lat], [target.lon, target.lat]) : Infinity;
      map.setMarkers([
        ...(click ? [{ lon: click.lon, lat: click.lat, colour: "#1f6fb2" }] : []),
        { lon: target.lon, lat: target.lat, colour: "#c2185b", radiusKm: target.tolerance_km }]);
      const where = click ? t("quiz.map.away", { km: Math.round(km) }) : t("quiz.map.here");
      finish(item, km <= target.tolerance_km,
        `${where} (${t("quiz.map.within", { km: target.tolerance_km })}). ${item.explanation}`);
    };
    map.onClick(answer);
    map.setMarkers(points.map((p) => ({ lon: p.lon, lat: p.lat, colour: "#17324d", label: p.letter })));
    const hint = el("p", { class: "hint" }, points.length ? t("quiz.map.hint") : t("quiz.map.click"));
    const letters = el("div", { class: "letters", role: "group", "aria-label": t("quiz.map.points") },
      points.map((p) => el("button", { type: "button", "data-letter": p.letter,
        "aria-label": `${t("quiz.map.point", { letter: p.letter })}: ${Math.abs(p.lat).toFixed(1)}° ${p.lat >= 0 ? "N" : "S"}, ${Math.abs(p.lon).toFixed(1)}° ${p.lon >= 0 ? "E" : "W"}`,
        onclick: () => answer({ lon: p.lon, lat: p.lat }) }, t("quiz.map.point", { letter: p.letter }))));
    const giveUp = el("button", { type: "button", "data-choice": "skip", onclick: () => answer(null) }, t("quiz.map.showme"));
    const area = el("div", { class: "map-question", "data-map-question": "" }, hint, letters, giveUp);
    return area;
  }

  function questionBody(item) {
    if (item.choices) return choiceButtons(item, item.choices.map((c) => c.text), (i) => item.choices[i].correct);
    if (item.kind === "true_false") return choiceButtons(item, [t("quiz.true"), t("quiz.false")], (i) => (i === 0) === item.truth);
    if (item.kind === "map") return mapQuestion(item);
    if (item.kind === "ordering") return ordering(item);
    return flashcard(item);
  }

  // ---- the round ----------------------------------------------------------------------------
  function resetMap() {
    if (!map) return;
    map.onClick(null);
    map.setMarkers([]);
  }

  function showQuestion() {
    resetMap();
    const items = round.quiz.items;
    if (round.index >= items.length) { finishRound(); return; }
    const item = items[round.index];
    const card = $("#quiz-card");
    card.dataset.itemId = item.id; card.dataset.kind = item.kind; card.dataset.index = String(round.index);
    fill(card,
      el("p", { class: "muted" }, `${t("quiz.question", { index: round.index + 1, count: items.length })} · ${kindName(item.kind)} · ${t(`difficulty.${item.difficulty}`)}`),
      el("p", { class: "prompt", id: "quiz-prompt", tabindex: "-1" }, item.prompt),
      questionBody(item),
      el("div", { id: "quiz-feedback", role: "status" }),
      flagControl(item));
    if (round.index > 0 || $("#quiz").contains(document.activeElement)) $("#quiz-prompt").focus();
  }

  function nextQuestion() { round.index += 1; showQuestion(); }

  function finishRound() {
    session.rounds += 1;
    if (round.answered >= 3 && round.right === round.answered) session.perfect += 1;
    const won = awardTrophies();
    saveSession(); renderStats();
    const card = $("#quiz-card");
    delete card.dataset.itemId; card.dataset.kind = "done";
    fill(card,
      el("h3", { id: "quiz-final", tabindex: "-1" }, t("quiz.over", { right: round.right, answered: round.answered })),
      won.length ? newTrophies(won) : null,
      el("p", { class: "muted" }, t("quiz.replay", { title: round.quiz.title, seed: String(round.quiz.seed) })),
      el("button", { type: "button", onclick: () => { $("#quiz-seed").value = ""; startRound(); } }, t("quiz.again")));
    $("#quiz-final").focus();
    announce($("#quiz-final").textContent);
  }

  // Fetch a quiz for the form's settings (a random seed when none is given) and play it.
  async function startRound() {
    const q = new URLSearchParams();
    const topic = $("#quiz-topic").value.trim();
    if (topic) q.set("topic", topic);
    q.set("difficulty", $("#quiz-difficulty").value);
    q.set("count", $("#quiz-count").value || "10");
    const seed = $("#quiz-seed").value.trim();
    q.set("seed", seed || String(Math.floor(Math.random() * 2 ** 31)));
    resetMap();
    const card = $("#quiz-card");
    card.dataset.kind = "loading";
    fill(card, el("p", { class: "muted" }, t("quiz.building")));
    try {
      const response = await fetch(`/learn/quiz?${q}`);
      const body = await response.json().catch(() => ({ detail: response.statusText }));
      if (!response.ok) throw new Error(body.detail || response.statusText);
      round = { quiz: body, index: 0, right: 0, answered: 0 };
      $("#quiz").dataset.seed = String(body.seed);
      showQuestion();
    } catch (error) {
      card.dataset.kind = "error";
      fill(card, el("p", { class: "error" }, error.message));
    }
  }

  // ---- flags ----------------------------------------------------------------------------------
  // "Flag this question": wrong or ambiguous, with a note; the server leaves it out of new quizzes.
  function flagControl(item) {
    const reason = el("select", { class: "flag-reason", "aria-label": t("flag.reason") },
      el("option", { value: "wrong" }, t("flag.wrong")), el("option", { value: "ambiguous" }, t("flag.ambiguous")));
    const note = el("input", { class: "flag-note", placeholder: t("flag.note"), "aria-label": t("flag.note"), maxlength: "2000" });
    const status = el("span", { class: "flag-status muted" });
    const send = el("button", { type: "button", class: "flag-send", onclick: async () => {
      send.disabled = true;
      try {
        const response = await fetch("/learn/flags", { method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ item_id: item.id, reason: reason.value, note: note.value }) });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(body.detail || response.statusText);
        status.textContent = t("flag.sent", { reason: t(`flag.${body.reason}`) });
        status.dataset.flagged = body.reason;
      } catch (error) {
        send.disabled = false;
        status.textContent = t("flag.failed", { message: error.message });
      }
    } }, t("flag.send"));
    return el("details", { class: "quiz-flag" }, el("summary", {}, t("flag.summary")),
      reason, " ", note, " ", send, el("div", {}, status), el("div", { class: "muted" }, t("flag.item", { id: item.id })));
  }

  // ---- opening and closing the panel ----------------------------------------------------------
  function openQuiz() {
    $("#quiz").hidden = false;
    $("#quiz-open").setAttribute("aria-pressed", "true");
    renderStats();
    $("#quiz-heading").focus();
  }

  function closeQuiz() {
    $("#quiz").hidden = true;
    $("#quiz-open").setAttribute("aria-pressed", "false");
    resetMap();
    const menu = $("#menu");
    (menu.offsetParent !== null && $("#quiz-open").offsetParent === null ? menu : $("#quiz-open")).focus();
  }

  $("#quiz-open").addEventListener("click", () => ($("#quiz").hidden ? openQuiz() : closeQuiz()));
  $("#quiz-close").addEventListener("click", closeQuiz);
  // Escape closes the quiz when the keyboard is in it.
  $("#quiz").addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !e.defaultPrevented) { e.preventDefault(); closeQuiz(); }
  });
  $("#quiz-setup").addEventListener("submit", (e) => { e.preventDefault(); startRound(); });
  I18n.onChange(renderStats);   // the trophies' names in the new language (the card follows with the next question)
  renderStats();
})();
