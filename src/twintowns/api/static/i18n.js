// twintowns pages: the interface in five languages (English, French, German, Spanish,
// Japanese) from one JSON message catalogue per language, a language switch, and the
// registry's own place names and terms in the chosen language.  Any page of the package (the
// atlas, the teacher's studio) loads this file first and reads its strings through I18n.t.
//
// CATALOGUE FORMAT: static/i18n/<lang>.json, one UTF-8 JSON object per language.
//   "_meta": {"name": "Deutsch"}                the language's own name, for the switch
//   "group.key": "Text with {name} holes"       a message; {name} takes params.name
//   "group.key": {"one": "{n} town", "other": "{n} towns"}
//                                               a plural: the form is chosen by
//                                               Intl.PluralRules(lang) for params.n (zero, one,
//                                               two, few, many, other; "other" is required), and
//                                               {n} is written in the language's digits
// Keys are dotted by page part (toolbar., panel., quiz., status., kind., level., event. ...);
// a page may add its own group (studio.) in the same files.  en.json is the reference: a test
// checks that every other catalogue has exactly its keys and the same {holes}.  A key missing
// at run time falls back to English, then to the key itself (never to "undefined").
//
// In markup: data-i18n="key" sets an element's text; data-i18n-attr="title=key;aria-label=key2"
// sets attributes.  I18n.apply(root) fills both; a language switch fills them again and calls
// every I18n.onChange listener, which redraws what a script wrote.
//
// The language: ?lang=xx in the page's address, else the one chosen before (localStorage),
// else the first of the browser's languages that is offered, else English.
"use strict";

const I18n = (() => {
  const LANGS = ["en", "fr", "de", "es", "ja"];
  const STORE = "twintowns-lang";
  const catalogues = {};        // lang -> catalogue
  const listeners = [];
  let lang = "en";
  let plurals = new Intl.PluralRules("en");
  let numbers = new Intl.NumberFormat("en");   // one formatter per language (making one is slow)
  let names = { lang: "en", names: {}, terms: [] };   // the registry's names in `lang`

  // The language asked for: the address, the last choice, the browser's languages, English.
  function wanted() {
    const asked = new URLSearchParams(location.search).get("lang");
    let stored = null;
    try { stored = localStorage.getItem(STORE); } catch (error) { /* storage disabled */ }
    const browser = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"]);
    for (const tag of [asked, stored, ...browser]) {
      const primary = String(tag || "").toLowerCase().split("-")[0];
      if (LANGS.includes(primary)) return primary;
    }
    return "en";
  }

  async function catalogue(code) {
    if (!catalogues[code]) {
      const response = await fetch(`/static/i18n/${code}.json`);
      if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
      catalogues[code] = await response.json();
    }
    return catalogues[code];
  }

  function fill(text, params) {
    return String(text).replace(/\{(\w+)\}/g, (hole, name) => {
      if (!params || params[name] === undefined || params[name] === null) return hole;
      const value = params[name];
      return typeof value === "number" ? numbers.format(value) : String(value);
    });
  }

  // The message `key` in the current language with `params` filled in.
  function t(key, params) {
    let message = (catalogues[lang] || {})[key];
    if (message === undefined) message = (catalogues.en || {})[key];
    if (message === undefined) return key;
    if (typeof message === "object") {
      const n = params && typeof params.n === "number" ? params.n : 0;
      message = message[plurals.select(n)] || message.other;
    }
    return fill(message, params);
  }

  // A number in the current language's notation.
  const number = (n) => numbers.format(Number(n));

  // Fill the marked elements under `root` (the whole document by default).
  function apply(root) {
    const scope = root || document;
    for (const node of scope.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of scope.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of node.dataset.i18nAttr.split(";")) {
        const [attr, key] = pair.split("=").map((s) => s.trim());
        if (attr && key) node.setAttribute(attr, t(key));
      }
    }
  }

  // Switch to `code`: load its catalogue (and English, the fallback), remember the choice,
  // fill the page and tell the listeners.
  async function set(code, remember) {
    const next = LANGS.includes(code) ? code : "en";
    await Promise.all([catalogue("en"), catalogue(next)]);
    lang = next;
    plurals = new Intl.PluralRules(lang);
    numbers = new Intl.NumberFormat(lang);
    document.documentElement.lang = lang;
    if (remember) { try { localStorage.setItem(STORE, lang); } catch (error) { /* storage disabled */ } }
    if (names.lang !== lang && names.wanted) await loadNames();
    apply();
    for (const listener of listeners) listener(lang);
    document.body.dataset.lang = lang;   // a reader (a test) waits for this: the page is redrawn
  }

  // ---- the registry's names in the chosen language (for pages that ask) ----------------------
  // /atlas/names/<lang>.json: {names: {place id: name}} for the places whose name in that
  // language differs from the default one, and the registry's terms for twinning in it.
  async function loadNames() {
    names.wanted = true;
    if (lang === "en") { names = { lang, names: {}, terms: [], wanted: true }; return; }
    try {
      const response = await fetch(`/atlas/names/${lang}.json`);
      const body = response.ok ? await response.json() : { names: {}, terms: [] };
      names = { lang, names: body.names || {}, terms: body.terms || [], wanted: true };
    } catch (error) {
      names = { lang, names: {}, terms: [], wanted: true };   // offline: the default names
    }
  }

  // A place's name in the chosen language, where the registry has one; else `fallback`.
  const placeName = (id, fallback) => names.names[id] || fallback;

  // A country's name in the chosen language (the browser's own CLDR names), else `fallback`.
  function countryName(iso, fallback) {
    if (!iso || lang === "en") return fallback || iso || "";
    try {
      return new Intl.DisplayNames([lang], { type: "region" }).of(iso) || fallback;
    } catch (error) {
      return fallback || iso;   // not a region code the browser knows
    }
  }

  // The switch: a <select> of the offered languages, each in its own name.
  function switcher(select) {
    const own = { en: "English", fr: "Français", de: "Deutsch", es: "Español", ja: "日本語" };
    select.replaceChildren(...LANGS.map((code) => {
      const option = document.createElement("option");
      option.value = code; option.lang = code; option.textContent = own[code];
      return option;
    }));
    select.value = lang;
    select.addEventListener("change", () => set(select.value, true));
    listeners.push(() => { select.value = lang; });
  }

  const ready = set(wanted(), false).catch((error) => { document.body.dataset.error = error.message; });

  return {
    LANGS, ready, t, number, apply, set, switcher, loadNames, placeName, countryName,
    get lang() { return lang; },
    get terms() { return names.terms; },
    onChange: (listener) => listeners.push(listener),
  };
})();
