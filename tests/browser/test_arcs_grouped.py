"""The arcs worker at many times the world's size: a wide view of 120,000 arcs is stroked by
group (one arc per pair of grid cells, wider the more it stands for), a narrow one arc by arc,
and both pictures show arcs (the worker driven directly, in Debian's chromium)."""

from __future__ import annotations

from playwright.sync_api import Page

DRIVE = """async ([count, k, ty]) => {
  const worker = new Worker("/static/arcs-worker.js");
  const lines = new Float64Array(count * 4);
  let seed = 5;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < count; i++) {
    lines.set([random() * 60 - 10, random() * 30 + 35, random() * 120 + 20, random() * 40], 4 * i);
  }
  worker.postMessage({ type: "arcs", lines, mercator: false });
  const arcs = Int32Array.from({ length: count }, (_, i) => i);
  const started = performance.now();
  const picture = await new Promise((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: "draw", id: 1, version: 1, width: 800, height: 450, ratio: 1,
      k, tx: 400, ty, dot: 1.2, dots: new Float32Array(0),
      layers: [{ colour: "#0a5", width: 0.7, alpha: 0.5, arcs }] });
  });
  const elapsed = performance.now() - started;
  const canvas = new OffscreenCanvas(800, 450), ctx = canvas.getContext("2d");
  ctx.drawImage(picture.bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, 800, 450).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
  worker.terminate();
  return { painted, elapsed, grouped: picture.grouped };
}"""


def test_a_wide_view_of_many_arcs_is_drawn_by_group(page: Page, base_url: str) -> None:
    page.goto(base_url)
    wide = page.evaluate(DRIVE, [120_000, 130, 225])  # the world: ~6 unit widths across
    narrow = page.evaluate(DRIVE, [120_000, 600, 680])  # Europe: every arc
    fewer = page.evaluate(DRIVE, [50_000, 130, 225])  # the world's size: every arc
    assert (wide["grouped"], narrow["grouped"], fewer["grouped"]) == (True, False, False)
    for picture in (wide, narrow, fewer):
        assert picture["painted"] > 10_000
    print(
        f"sampling + first picture: 120,000 arcs grouped {wide['elapsed']:.0f} ms, narrow "
        f"{narrow['elapsed']:.0f} ms; 50,000 arcs one by one {fewer['elapsed']:.0f} ms"
    )
