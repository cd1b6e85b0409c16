"""HTTP shape of the exports: media types, file names and the attribution link.

The exports themselves are :mod:`twintowns.export`'s (the same records and files as the CLI);
this module only turns one into a response.  A CSV or Parquet response, which cannot carry
its attribution inside, names it in a ``Link`` header (``rel="license"``) pointing at
``/export/attribution.txt`` with the same query string: the title, author, URL and licence of
every source the selection cites.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response

from twintowns.export import ExportFormat, Selection, render

MEDIA = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.JSON: "application/json",
    ExportFormat.GEOJSON: "application/geo+json",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.PARQUET: "application/vnd.apache.parquet",
    ExportFormat.QUICKSTATEMENTS: "text/plain; charset=utf-8",
}
ATTRIBUTION_PATH = "/export/attribution.txt"


def export_response(fmt: ExportFormat, chosen: Selection, query: str) -> Response:
    """The export of ``chosen`` as a download; ``query`` is the request's query string."""
    headers = {"content-disposition": f'inline; filename="twintowns.{fmt.value}"'}
    if fmt.sidecar:
        # Re-quoted: a raw "<", ">" or space in the query would break the header's syntax.
        link = ATTRIBUTION_PATH + (f"?{quote(query, safe='=&%+')}" if query else "")
        headers["link"] = f'<{link}>; rel="license"; type="text/plain"'
    return Response(render(fmt, chosen), media_type=MEDIA[fmt], headers=headers)
