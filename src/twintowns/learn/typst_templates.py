"""The typst sources of the printable material: a worksheet with its answer key, and duplex
flashcard sheets (fronts, then backs mirrored for long-edge duplex printing) with a key.

Both read the deck as JSON from ``sys.inputs.data`` (so no text is ever parsed as typst markup),
each map question with its maps as SVG (``sheet_map``, a third of the world around the place,
and ``key_map``, the same with the place and the circle that counts).
"""

from __future__ import annotations

COMMON = r"""
#let data = json(bytes(sys.inputs.data))
#set document(title: data.title, author: "twintowns")
#set text(font: data.fonts, size: 10.5pt, lang: "en")
#set page(paper: "a4", margin: (x: 1.7cm, y: 1.6cm), footer: context align(center, text(
  size: 8pt, fill: luma(110),
)[#data.title · #counter(page).display() / #counter(page).final().first()]))
#let mark = box(width: 0.8em, height: 0.8em, stroke: 0.6pt, baseline: 0.1em)
#let letters = "ABCDEFGH"
#let rule = line(length: 100%, stroke: (paint: luma(150), thickness: 0.4pt, dash: "dotted"))
#let small(body) = text(size: 8pt, fill: luma(90), body)
#let sources(item) = small[Source: #item.sources.map(s => s.label).join("; ") · item #raw(item.id)]
#let map(svg, width) = if svg != "" { image(bytes(svg), format: "svg", width: width) }

#let key(items) = {
  heading(level: 1)[Answer key]
  for (n, item) in items.enumerate() {
    block(breakable: false, above: 0.9em)[
      #text(weight: "bold")[#(n + 1). #item.answer] \
      #text(size: 9pt, item.explanation) \
      #if item.kind == "map" [ #map(item.key_map, 9cm) #small(item.tolerance) \ ]
      #sources(item)
    ]
  }
}
"""

WORKSHEET = (
    COMMON
    + r"""
#align(center, text(size: 17pt, weight: "bold", data.title))
#align(center, small(data.subtitle))
#v(0.3em)
Name: #box(width: 7cm, line(length: 100%, stroke: 0.4pt)) #h(1fr)
Date: #box(width: 3.5cm, line(length: 100%, stroke: 0.4pt))
#v(0.4em)

#for (n, item) in data.items.enumerate() {
  block(breakable: false, above: 1.2em)[
    #text(weight: "bold")[#(n + 1).] #item.prompt
    #if item.kind == "true_false" [ \ #mark True #h(1.5em) #mark False ]
    #if "choices" in item {
      for (j, c) in item.choices.enumerate() [ \ #mark #letters.at(j)) #c.text ]
    }
    #if item.kind == "ordering" {
      let slot = box(width: 1.6em, height: 1.1em, stroke: 0.5pt)
      for i in item.presented [ \ #slot #item.order.at(i).text ]
    }
    #if item.kind == "map" [
      \ #map(item.sheet_map, 16cm)
      #small[Mark the place with a cross. #item.tolerance The key shows the circle.]
    ]
    #if item.kind == "flashcard" [ \ #v(0.8em) #rule #v(0.6em) #rule ]
  ]
}
#pagebreak()
#key(data.items)
"""
)

CARDS = (
    COMMON
    + r"""
#set page(margin: (x: 1.5cm, y: 1.4cm))
#let card(body) = box(width: 9cm, height: 6.3cm, inset: 0.45cm, clip: true,
  stroke: (paint: luma(170), thickness: 0.4pt, dash: "dashed"), body)
#let front(item) = [
  #small[#item.kind.replace("_", " ") · #item.difficulty] \
  #text(size: 11pt, item.prompt)
  #if "choices" in item {
    for (j, c) in item.choices.enumerate() [ \ #letters.at(j)) #c.text ]
  }
  #if item.kind == "true_false" [ \ True or false? ]
  #if item.kind == "ordering" {
    for i in item.presented [ \ • #item.order.at(i).text ]
  }
  #if item.kind == "map" [ \ #map(item.sheet_map, 7.8cm) #small(item.tolerance) ]
]
#let back(item) = [
  #text(size: 11pt, weight: "bold", item.answer) \
  #text(size: 8.5pt, item.explanation)
  #if item.kind == "map" [ \ #map(item.key_map, 5cm) ]
  #v(1fr)
  #sources(item)
]
#let chunks = data.items.chunks(8)
#for (c, chunk) in chunks.enumerate() {
  let cells = chunk + range(8 - chunk.len()).map(_ => none)
  grid(columns: 2, ..cells.map(it => card(if it == none [] else { front(it) })))
  pagebreak()
  let mirrored = range(8).map(i => cells.at(i + 1 - 2 * calc.rem(i, 2)))
  grid(columns: 2, ..mirrored.map(it => card(if it == none [] else { back(it) })))
  pagebreak()
}
#key(data.items)
"""
)
