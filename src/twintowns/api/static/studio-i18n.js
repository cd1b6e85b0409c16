// The studio's and the game's words, through one tiny lookup.  English is built in; another
// language's catalogue is fetched from /static/i18n/<lang>.json when it exists (a flat
// {"studio.key": "text"} object, or nested {"studio": {"key": "text"}}); a key missing there
// falls back to English.  Placeholders are {name}.
"use strict";

window.twintownsI18n = (() => {
  const EN = {
    "studio.title": "Teacher's studio",
    "studio.intro": "Build a course from the registry's sourced facts, read and edit every item, then print it, export it or share the game.",
    "studio.language": "Language",
    "studio.build": "1. Build",
    "studio.name": "Course name",
    "studio.name.default": "Twinning: a course",
    "studio.topics": "Topics",
    "studio.topic.history": "history",
    "studio.topic.politics": "politics and endings",
    "studio.topic.terminology": "terminology",
    "studio.topic.networks": "networks",
    "studio.topic.partners": "partners (world data)",
    "studio.scope": "Countries or places (optional, separated by ;)",
    "studio.difficulty": "Difficulty",
    "studio.level.mixed": "mixed",
    "studio.level.easy": "easy",
    "studio.level.medium": "medium",
    "studio.level.hard": "hard",
    "studio.kinds": "Item kinds (none: all)",
    "studio.kind.multiple_choice": "multiple choice",
    "studio.kind.true_false": "true or false",
    "studio.kind.flashcard": "flashcard",
    "studio.kind.terminology": "terminology",
    "studio.kind.ordering": "ordering",
    "studio.kind.map": "map",
    "studio.count": "How many items",
    "studio.seed": "Seed (same seed, same items)",
    "studio.build.go": "Build course",
    "studio.items": "2. Read and edit",
    "studio.items.count": "{n} items",
    "studio.items.shortfall": "The registry backs only {n} items for these topics.",
    "studio.answer": "Answer",
    "studio.explanation": "Why",
    "studio.sources": "Sources",
    "studio.correct": "correct",
    "studio.edited": "edited",
    "studio.added": "added",
    "studio.up": "Move up",
    "studio.down": "Move down",
    "studio.edit": "Edit",
    "studio.remove": "Remove",
    "studio.edit.prompt": "Question",
    "studio.edit.answer": "Answer",
    "studio.edit.explanation": "Explanation",
    "studio.edit.save": "Apply edit",
    "studio.edit.cancel": "Cancel",
    "studio.flag": "Flagged: {text}",
    "studio.spares": "Add an item",
    "studio.spares.help": "More items the registry backs for these topics:",
    "studio.add": "Add",
    "studio.save": "3. Save and share",
    "studio.save.go": "Save course",
    "studio.account.heading": "Sign in to save",
    "studio.account.help": "Anyone can build, preview, export and play a course; saving one needs an account (contributor or above).",
    "studio.account.name": "Name",
    "studio.account.password": "Password",
    "studio.account.go": "Sign in and save",
    "studio.account.who": "Signed in as {name}.",
    "studio.account.signout": "Sign out",
    "studio.account.out": "Signed out.",
    "studio.account.wrong": "Wrong name or password.",
    "studio.account.toomany": "Too many attempts: wait a minute.",
    "studio.account.needed": "Sign in to save the course: a saved course belongs to an account.",
    "studio.saved": "Saved: version {v}.",
    "studio.unsaved": "Unsaved changes: save the course to export it.",
    "studio.flags": "Fix the flagged items before exporting: {n} flag(s).",
    "studio.exports": "Print and export",
    "studio.export.worksheet": "Worksheet (PDF)",
    "studio.export.exam_a": "Exam, version A (PDF)",
    "studio.export.exam_b": "Exam, version B (PDF)",
    "studio.export.cards": "Flashcards, duplex (PDF)",
    "studio.export.apkg": "Anki deck",
    "studio.export.gift": "Moodle GIFT",
    "studio.export.tsv": "Quizlet TSV",
    "studio.export.html": "Web page",
    "studio.play": "Play the mystery game",
    "studio.share": "Game link for the class",
    "studio.busy": "Working…",
    "studio.built": "Built {n} items.",
    "studio.error": "Error: {text}",
    "studio.removed": "Item removed.",
    "studio.moved": "Item moved to position {n}.",
    "studio.reworded": "Item edited.",
    "studio.added.one": "Item added.",
    "studio.open": "Open a saved course",
    "game.title": "Mystery picture",
    "game.intro": "Every right answer uncovers a piece of the picture. A missed question comes back later.",
    "game.score": "Score",
    "game.streak": "streak",
    "game.best": "best",
    "game.left": "{n} to go",
    "game.true": "True",
    "game.false": "False",
    "game.show": "Show the answer",
    "game.knew": "I knew it",
    "game.notyet": "Not yet",
    "game.right": "Right!",
    "game.wrong": "Not quite. The answer: {answer}",
    "game.next": "Next question",
    "game.done": "Picture complete: {title}",
    "game.story": "The story",
    "game.trophies": "Trophies",
    "game.trophy": "New trophy: {label}",
    "game.trophy.first": "First piece",
    "game.trophy.streak3": "Streak of 3",
    "game.trophy.streak10": "Streak of 10",
    "game.trophy.half": "Half the picture",
    "game.trophy.complete": "Picture complete",
    "game.trophy.perfect": "No mistakes",
    "game.picture": "The mystery picture, {p}% uncovered",
    "game.loading": "Loading the course…",
  };
  let table = {};

  function flatten(data, prefix, out) {
    for (const [key, value] of Object.entries(data || {})) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (value && typeof value === "object") flatten(value, name, out);
      else if (typeof value === "string") out[name] = value;
    }
    return out;
  }

  function t(key, vars) {
    const text = table[key] ?? EN[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (vars && name in vars ? String(vars[name]) : m));
  }

  async function load(lang) {
    table = {};
    document.documentElement.lang = lang || "en";
    if (!lang || lang === "en") return;
    try {
      const response = await fetch(`/static/i18n/${encodeURIComponent(lang)}.json`);
      if (response.ok) table = flatten(await response.json(), "", {});
    } catch (err) {
      table = {}; // no catalogue: English
    }
  }

  // Fill every [data-i18n] element's text (and [data-i18n-label] elements' aria-label).
  function apply(root) {
    for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of root.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  }

  return { t, load, apply };
})();
