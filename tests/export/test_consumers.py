"""Every export opened by the library a researcher would use, checking ids, coordinates and
attribution: pandas (CSV, JSON), pyarrow (Parquet), networkx and igraph (GraphML) and GDAL's
``ogrinfo`` (GeoJSON)."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import igraph as ig
import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from twintowns.export.geo import geometry
from twintowns.sources.curated import load_curated

COVENTRY = (52.4081, -1.5106)
TWINNINGS = len(load_curated().twinnings)  # the curated registry's (180 on 2026-12-05)


def _coventry_row(frame: pd.DataFrame) -> pd.Series:
    row = frame.set_index("id").loc["coventry--dresden"]
    assert isinstance(row, pd.Series)
    return row


def test_csv_opens_in_pandas_typed_with_its_attribution(exported: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DtypeWarning (mixed column types) fails the test
        frame = pd.read_csv(exported / "twinnings.csv", low_memory=True)
    assert len(frame) == TWINNINGS
    assert frame["id"].is_unique
    row = _coventry_row(frame)
    assert (row["a_id"], row["a_wikidata"], row["a_level"]) == ("coventry", "Q6225", "city")
    assert (row["a_latitude"], row["a_longitude"]) == COVENTRY
    assert frame["a_latitude"].dtype == "float64"
    assert frame["confidence"].dtype == "float64"
    assert frame["since"].dropna().str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    assert row["since"] == "1956-01-01"
    assert row["since_precision"] == "year"
    text = (exported / "twinnings.attribution.txt").read_text(encoding="utf-8")
    for source in set(";".join(frame["sources"]).split(";")):
        assert f"[{source}]" in text
    assert "Licence: CC-BY-SA-4.0" in text
    assert "URL: https://" in text
    assert "Author:" in text


def test_parquet_opens_in_pyarrow_with_attribution_metadata(exported: Path) -> None:
    table = pq.read_table(exported / "twinnings.parquet")
    assert table.num_rows == TWINNINGS
    assert str(table.schema.field("a_geonames").type) == "int64"
    assert str(table.schema.field("sources").type) == "list<element: string>"
    metadata = table.schema.metadata or {}
    credits = json.loads(metadata[b"attribution"])
    assert {c["id"] for c in credits} >= {"sister-city-article"}
    frame = table.to_pandas()
    assert (_coventry_row(frame)["a_latitude"], _coventry_row(frame)["a_longitude"]) == COVENTRY
    assert (exported / "twinnings.attribution.txt").exists()


def test_json_opens_in_pandas(exported: Path) -> None:
    payload = json.loads((exported / "twinnings.json").read_text(encoding="utf-8"))
    frame = pd.json_normalize(payload["twinnings"])
    assert len(frame) == TWINNINGS
    assert _coventry_row(frame)["b_wikidata"] == "Q1731"
    assert all(c["licence"] and c["title"] for c in payload["attribution"])


def test_graphml_opens_in_networkx_and_igraph_by_place_id(exported: Path) -> None:
    path = exported / "twinnings.graphml"
    graph = nx.read_graphml(path)
    assert graph.number_of_edges() == TWINNINGS
    assert graph.nodes["coventry"]["label"] == "Coventry"
    assert (graph.nodes["coventry"]["latitude"], graph.nodes["coventry"]["longitude"]) == COVENTRY
    assert graph.edges["coventry", "dresden"]["status"] == "active"
    assert "sister-city-article" in graph.graph["attribution"]
    other = ig.Graph.Read_GraphML(str(path))
    coventry = other.vs.find(id="coventry")  # ids are unique: no ambiguous name lookup
    assert coventry["label"] == "Coventry"
    assert other.ecount() == TWINNINGS


def _ogrinfo(path: Path) -> str:
    done = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-geom=SUMMARY", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout


def test_geojson_opens_in_gdal_with_split_lines_and_every_region(exported: Path) -> None:
    path = exported / "twinnings.geojson"
    info = _ogrinfo(path)
    assert f"Feature Count: {TWINNINGS - 1}" in info  # less Ankh-Morpork's: no country
    assert "MULTILINESTRING" in info
    assert "LINESTRING" in info
    features = {f["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    alberta = features["alberta--gangwon"]["properties"]
    assert (alberta["a_point"], alberta["a_latitude"]) == ("capital", None)
    lon, lat = features["coventry--dresden"]["geometry"]["coordinates"][0]
    assert (lat, lon) == COVENTRY
    assert features["coventry--dresden"]["properties"]["a_point"] == "place"
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["skipped_without_coordinates"] == 1
    assert collection["attribution"]


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ((-75.7, 45.4), (127.0, 37.6), "MultiLineString"),  # Ottawa - Seoul, over the Pacific
        ((170.0, -40.0), (-170.0, -40.0), "MultiLineString"),
        ((-1.5, 52.4), (139.7, 35.7), "LineString"),  # Coventry - Tokyo, over Eurasia
    ],
)
def test_lines_split_at_the_antimeridian(
    a: tuple[float, float], b: tuple[float, float], kind: str
) -> None:
    shape = geometry(a, b)
    assert shape["type"] == kind
    if kind == "MultiLineString":
        (start, edge), (edge2, end) = shape["coordinates"]
        assert (start, end) == (list(a), list(b))
        assert abs(edge[0]) == 180
        assert edge2[0] == -edge[0]
        assert edge[1] == edge2[1]
        assert min(a[1], b[1]) <= edge[1] <= max(a[1], b[1])
