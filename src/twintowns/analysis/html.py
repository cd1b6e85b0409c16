"""HTML building blocks of the report: escaped tables with provenance captions, sections, page.

No templates and no external resources: the page is one self-contained file with its style
inline and its figures as inline SVG.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from twintowns.analysis.data import provenance_of

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { border-bottom: 2px solid #446; } h2 { margin-top: 2em; border-bottom: 1px solid #aab; }
table { border-collapse: collapse; margin: 0.5em 0 0.2em; font-size: 0.85em; }
th, td { border: 1px solid #ccd; padding: 0.2em 0.5em; text-align: right; }
th { background: #eef; } td:first-child, th:first-child { text-align: left; }
.provenance { font-size: 0.75em; color: #666; margin-bottom: 1.2em; }
.verdict { font-size: 1.1em; background: #f4f4ff; padding: 0.6em; border-left: 4px solid #446; }
nav a { margin-right: 1em; } figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
"""


@dataclass
class Section:
    """One section of the report: an anchor, a title and HTML fragments in order."""

    key: str
    title: str
    parts: list[str] = field(default_factory=list)

    def text(self, content: str, css: str = "") -> None:
        """Append an escaped paragraph."""
        klass = f' class="{css}"' if css else ""
        self.parts.append(f"<p{klass}>{html.escape(content)}</p>")

    def heading(self, content: str) -> None:
        """Append an escaped sub-heading."""
        self.parts.append(f"<h3>{html.escape(content)}</h3>")

    def table(self, frame: pd.DataFrame, *, index: bool = False, limit: int = 50) -> None:
        """Append a table (at most ``limit`` rows) with its provenance caption."""
        self.parts.append(table_html(frame, index=index, limit=limit))

    def figure(self, svg: str, caption: str) -> None:
        """Append an inline SVG figure."""
        self.parts.append(f"<figure>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>")

    def render(self) -> str:
        """The section as HTML."""
        body = "\n".join(self.parts)
        return f'<section id="{self.key}">\n<h2>{html.escape(self.title)}</h2>\n{body}\n</section>'


PLAIN_COLUMNS = frozenset({"year", "decade", "since", "date"})  # numbers printed without commas


def format_cell(value: object, column: str = "") -> str:
    """A table cell as text: NaN as an en dash, thousands separated, 4 significant digits,
    years plain."""
    if column in PLAIN_COLUMNS and isinstance(value, int | np.integer | float | np.floating):
        return "–" if value != value else str(int(value))
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "–"
        if number.is_integer() and abs(number) < 1e15:
            return f"{int(number):,}"
        return f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.4g}"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    return "" if value is None or value is pd.NA else str(value)


def table_html(frame: pd.DataFrame, *, index: bool = False, limit: int = 50) -> str:
    """An HTML table of ``frame`` with every cell escaped, then its provenance line."""
    shown = frame.head(limit)
    head = ([str(shown.index.name or "")] if index else []) + [str(c) for c in shown.columns]
    rows = []
    for label, row in zip(shown.index, shown.itertuples(index=False), strict=True):
        cells = ([format_cell(label)] if index else []) + [
            format_cell(v, str(c)) for v, c in zip(row, shown.columns, strict=True)
        ]
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    more = f" (first {limit} of {len(frame)} rows)" if len(frame) > limit else ""
    found = provenance_of(frame)
    caption = (found.line() if found is not None else "no provenance") + more
    return (
        "<table><thead><tr>"
        + "".join(f"<th>{html.escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + f'</tbody></table>\n<p class="provenance">{html.escape(caption)}</p>'
    )


def page(title: str, intro: str, sections: Sequence[Section]) -> str:
    """A complete HTML page with a table of contents."""
    nav = " ".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in sections)
    body = "\n".join(s.render() for s in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p><nav>{nav}</nav>\n"
        f"{body}\n</body></html>\n"
    )
