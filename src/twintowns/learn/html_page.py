"""The self-contained HTML quiz page: one file, inline CSS and JavaScript, no network.

One question at a time; multiple choice, true/false, ordering (move entries up and down),
flashcards (reveal, then say whether you knew it) and map questions (click the map, or type a
latitude and longitude for the keyboard: right when within the item's tolerance).  A score, a
streak and trophies; after each answer the explanation, the sources and the item id, with a
button that notes the question as wrong or ambiguous: the end of the round lists the noted
items for the student to pass to the teacher (who flags them with ``twintowns learn flag``).
Source URLs become links only when they are http(s) (checked again in
the page's script, besides the check where items are made).
"""

from __future__ import annotations

import html
import json
from typing import Any

from twintowns.learn.worldmap import HEIGHT, WIDTH, graticule_path, land_path

_CSS = """
body{font-family:system-ui,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem;
 color:#222}
header{display:flex;gap:1.5rem;align-items:baseline;flex-wrap:wrap}
h1{font-size:1.4rem;margin:.2rem 0} .stat{font-weight:bold}
#card{border:1px solid #ccc;border-radius:.6rem;padding:1rem 1.2rem;margin:1rem 0}
.meta{color:#777;font-size:.8rem} .prompt{font-size:1.15rem;margin:.5rem 0 1rem}
button{font-size:1rem;margin:.25rem .25rem .25rem 0;padding:.45rem .8rem;border-radius:.4rem;
 border:1px solid #999;background:#f7f7f7;cursor:pointer}
button.choice{display:block;width:100%;text-align:left}
button.right{background:#d4efd4;border-color:#3a3}
button.wrong{background:#f5d0d0;border-color:#c33}
#feedback{margin-top:1rem} .verdict{font-weight:bold} .sources{font-size:.85rem;color:#555}
.flag{font-size:.8rem;color:#777} code{background:#f2f2f2;padding:0 .2rem}
svg.map{width:100%;height:auto;border:1px solid #bbb;cursor:crosshair;background:#eef5fb}
ol.order li{margin:.3rem 0} #trophies span{margin-right:.5rem}
.coords input{width:6.5rem;font-size:1rem;padding:.3rem} .meta,.flag{color:#595959}
"""

_JS = r"""
"use strict";
const quiz = JSON.parse(document.getElementById("quiz-data").textContent);
const $ = (id) => document.getElementById(id);
const state = {index: 0, score: 0, streak: 0, best: 0, answered: 0, maps: 0, trophies: []};
state.noted = [];  // ids of the questions the student noted as wrong or unclear
const TROPHIES = [
  ["first", "First right answer", (s) => s.score >= 1],
  ["streak3", "Streak of 3", (s) => s.best >= 3],
  ["streak5", "Streak of 5", (s) => s.best >= 5],
  ["maps", "Map reader: 3 places found", (s) => s.maps >= 3],
  ["half", "Half way", (s) => s.answered * 2 >= quiz.items.length],
  ["done", "Finished", (s) => s.answered === quiz.items.length],
  ["perfect", "Perfect score", (s) => s.answered === quiz.items.length && s.score === s.answered],
];
// A link only to an http(s) URL; anything else (javascript:, data:) stays plain text.
function httpUrl(text) {
  try {
    const url = new URL(String(text || ""));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  children.forEach((c) => node.append(c));
  return node;
}
function stats() {
  $("score").textContent = state.score + " / " + state.answered;
  $("streak").textContent = state.streak;
  for (const [id, label, test] of TROPHIES) {
    if (!state.trophies.includes(id) && test(state)) {
      state.trophies.push(id);
      $("trophies").append(el("span", {"data-trophy": id}, "🏆 " + label));
    }
  }
}
// The back of a card once: the explanation when it already says the answer, else both.
function back(item) {
  const answer = item.answer.trim().replace(/\.$/, "");
  const text = item.explanation.trim();
  return text.includes(answer) ? text : answer + ". " + text;
}
function finish(item, right, detail) {
  state.answered += 1;
  state.streak = right ? state.streak + 1 : 0;
  if (right) state.score += 1;
  state.best = Math.max(state.best, state.streak);
  if (right && item.kind === "map") state.maps += 1;
  stats();
  const box = $("feedback");
  if (item.kind === "flashcard") {
    box.replaceChildren(el("div", {class: "verdict"}, right ? "Known." : "Not yet."));
  } else {
    box.replaceChildren(
      el("div", {class: "verdict"}, (right ? "Right! " : "Not quite. ") + "Answer: " + item.answer),
      el("p", {}, detail || item.explanation));
  }
  const src = el("div", {class: "sources"}, "Source: ");
  item.sources.forEach((s, i) => {
    if (i) src.append("; ");
    src.append(s.title + (s.locator ? ", " + s.locator : "") + " ");
    const href = httpUrl(s.url);
    if (href) src.append(el("a", {href: href}, href)); else if (s.url) src.append(s.url);
  });
  box.append(src, flagNote(item));
  const last = state.index + 1 >= quiz.items.length;
  const next = el("button", {id: "next"}, last ? "Finish" : "Next question");
  next.onclick = () => { state.index += 1; show(); };
  box.append(next);
  next.focus();
}
function choices(item, options, isRight) {
  const area = el("div", {});
  options.forEach((text, i) => {
    const b = el("button", {class: "choice", "data-choice": String(i)}, text);
    b.onclick = () => {
      area.querySelectorAll("button").forEach((x, j) => {
        x.disabled = true;
        if (isRight(j)) x.classList.add("right");
      });
      if (!isRight(i)) b.classList.add("wrong");
      finish(item, isRight(i));
    };
    area.append(b);
  });
  return area;
}
function distanceKm(lat1, lon1, lat2, lon2) {
  const r = Math.PI / 180, a = Math.sin((lat2 - lat1) * r / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lon2 - lon1) * r / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}
function mapQuestion(item) {
  const svg = document.getElementById("world").cloneNode(true);
  svg.removeAttribute("id"); svg.style.display = "block"; svg.setAttribute("class", "map");
  svg.setAttribute("data-map", "1");
  svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "World map: click the place");
  let done = false;
  const answerAt = (lat, lon) => {
    if (done) return;
    done = true;
    form.querySelectorAll("input, button").forEach((b) => { b.disabled = true; });
    const t = item.target, p = {x: lon + 180, y: 90 - lat};
    const km = distanceKm(lat, lon, t.lat, t.lon);
    const ns = "http://www.w3.org/2000/svg";
    for (const [x, y, c] of [[p.x, p.y, "#1f6fb2"], [t.lon + 180, 90 - t.lat, "#c0392b"]]) {
      const dot = document.createElementNS(ns, "circle");
      dot.setAttribute("cx", x); dot.setAttribute("cy", y); dot.setAttribute("r", 2);
      dot.setAttribute("fill", c); svg.append(dot);
    }
    finish(item, km <= t.tolerance_km,
      "Your answer was " + Math.round(km) + " km away (within " + t.tolerance_km + " km counts). " +
      item.explanation);
  };
  svg.addEventListener("click", (ev) => {
    const pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
    const p = pt.matrixTransform(svg.getScreenCTM().inverse());
    answerAt(90 - p.y, p.x - 180);
  });
  // The keyboard's way: a latitude and a longitude, typed.
  const lat = el("input", {type: "number", min: "-90", max: "90", step: "any", id: "lat"});
  const lon = el("input", {type: "number", min: "-180", max: "180", step: "any", id: "lon"});
  const form = el("form", {class: "coords"}, el("label", {for: "lat"}, "Latitude (north +) "), lat,
    " ", el("label", {for: "lon"}, "Longitude (east +) "), lon, " ",
    el("button", {type: "submit", id: "coords-go"}, "Answer with these coordinates"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const a = Number(lat.value), b = Number(lon.value);
    const typed = lat.value !== "" && lon.value !== "";
    if (typed && Math.abs(a) <= 90 && Math.abs(b) <= 180) answerAt(a, b);
  });
  return el("div", {}, svg, form);
}
function orderQuestion(item) {
  const list = el("ol", {class: "order"});
  const order = item.presented.slice();
  const draw = () => {
    list.replaceChildren();
    order.forEach((entry, pos) => {
      const up = el("button", {"data-up": String(pos)}, "↑");
      up.onclick = () => {
        if (pos > 0) [order[pos - 1], order[pos]] = [order[pos], order[pos - 1]];
        draw();
      };
      list.append(el("li", {}, up, " " + item.order[entry].text));
    });
  };
  draw();
  const check = el("button", {id: "check"}, "Check order");
  check.onclick = () => {
    check.disabled = true;
    finish(item, order.every((entry, pos) => entry === pos));
  };
  return el("div", {}, list, check);
}
function flashcard(item) {
  const area = el("div", {});
  const reveal = el("button", {id: "reveal"}, "Show answer");
  reveal.onclick = () => {
    reveal.remove();
    const knew = el("button", {"data-choice": "0"}, "I knew it");
    const not = el("button", {"data-choice": "1"}, "Not yet");
    knew.onclick = () => { knew.disabled = not.disabled = true; finish(item, true); };
    not.onclick = () => { knew.disabled = not.disabled = true; finish(item, false); };
    area.append(el("p", {class: "verdict back"}, back(item)), knew, not);
  };
  area.append(reveal);
  return area;
}
// "Something wrong with this question?": noted in the page, listed at the end for the teacher.
function flagNote(item) {
  const box = el("div", {class: "flag"}, "Item " + item.id + ". ");
  const button = el("button", {type: "button", class: "flag-note"},
    "Something wrong or unclear? Note it for your teacher");
  button.onclick = () => {
    if (!state.noted.includes(item.id)) state.noted.push(item.id);
    button.replaceWith("Noted: it will be listed at the end of the quiz for your teacher.");
  };
  box.append(button);
  return box;
}
function show() {
  const card = $("card");
  if (state.index >= quiz.items.length) {
    card.replaceChildren(el("h2", {id: "final"}, "Done: " + state.score + " of " +
      quiz.items.length + " right; best streak " + state.best + "."));
    if (state.noted.length) {
      card.append(el("p", {id: "noted"},
        "Questions you noted as wrong or unclear (show this list to your teacher): ",
        el("code", {}, state.noted.join(", "))));
    }
    return;
  }
  const item = quiz.items[state.index];
  card.setAttribute("data-kind", item.kind);
  let body;
  if (item.choices) {
    body = choices(item, item.choices.map((c) => c.text), (i) => item.choices[i].correct);
  } else if (item.kind === "true_false") {
    body = choices(item, ["True", "False"], (i) => (i === 0) === item.truth);
  } else if (item.kind === "map") { body = mapQuestion(item); }
  else if (item.kind === "ordering") { body = orderQuestion(item); }
  else { body = flashcard(item); }
  card.replaceChildren(
    el("div", {class: "meta"}, "Question " + (state.index + 1) + " of " + quiz.items.length +
      " · " + item.kind.replace("_", " ") + " · " + item.difficulty),
    el("div", {class: "prompt", id: "prompt"}, item.prompt), body, el("div", {id: "feedback"}));
}
stats();
show();
"""


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>`` can close it early)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def quiz_page(quiz: dict[str, Any]) -> str:
    """The HTML page of a quiz (see :func:`twintowns.learn.quiz.quiz_json`).

    Parameters
    ----------
    quiz:
        JSON-ready quiz data.

    Returns
    -------
    str
        A complete, self-contained HTML document.
    """
    title = html.escape(str(quiz["title"]))
    world = (
        f'<svg id="world" style="display:none" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><path d="{graticule_path()}" stroke="#c9d8e6" '
        f'stroke-width="0.3" fill="none"/><path d="{land_path()}" fill="#d9d4c7" '
        'stroke="#8a8577" stroke-width="0.2"/></svg>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{title}</h1><div>Score: <span class=stat id=score>0 / 0</span></div>"
        "<div>Streak: <span class=stat id=streak>0</span></div></header>"
        '<div id="trophies"></div><main id="card"></main>'
        f"{world}"
        f'<footer class="sources">Generated by twintowns from sourced registry facts; '
        f"every answer names its source. Seed {html.escape(str(quiz.get('seed', '')))}.</footer>"
        f'<script id="quiz-data" type="application/json">{_script_json(quiz)}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )
