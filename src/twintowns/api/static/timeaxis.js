// twintowns atlas: the time axis (issue 14).  What the year slider means and how replay runs,
// kept apart from atlas.js so the page's layout can change without touching it.
//
// The server's arcs already carry the rule (twintowns.api.arcs): a twinning with a dated step is
// drawn from that step's year, one with no dated step only from the year a source first listed
// it, as "unknown".  This file names that rule in the legend and replays real dated growth in a
// fixed time, however slow a frame is to draw.
"use strict";

const TimeAxis = (() => {
  const REPLAY_MS = 8000;   // the whole replay, first year to today (target: under 10 s)
  const FROM = 1945;        // replay starts after the war: earlier years hold a handful of links

  // The legend's label of a status: "unknown" arcs are the undated ones.
  function legendLabel(status) {
    const key = status === "unknown" ? "legend.undated" : `status.${status}`;
    return typeof I18n === "undefined" ? status : I18n.t(key);   // i18n.js: the chosen language
  }

  // Step the slider from FROM (or where it is) to today in REPLAY_MS: the year shown follows
  // the clock, so slow frames skip years instead of stretching the replay.  Calls done() at the
  // end; returns a function that stops it.
  function replay(slider, onYear, lastYear, done) {
    const start = Number(slider.value) >= lastYear ? Math.max(FROM, Number(slider.min)) : Number(slider.value);
    const began = performance.now();
    let shown = null, stopped = false;
    document.body.dataset.replay = "running";
    const frame = (now) => {
      if (stopped) return;
      const share = Math.min(1, (now - began) / REPLAY_MS);
      const year = Math.round(start + share * (lastYear - start));
      if (year !== shown) { shown = year; slider.value = year; onYear(); }
      if (share < 1) { requestAnimationFrame(frame); return; }
      document.body.dataset.replay = `done in ${Math.round(now - began)} ms`;
      if (done) done();
    };
    requestAnimationFrame(frame);
    return () => { stopped = true; };
  }

  return { legendLabel, replay, REPLAY_MS };
})();
