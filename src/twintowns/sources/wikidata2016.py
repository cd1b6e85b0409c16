"""Source plug-in for the Wikidata P190 crawl of September 2016 (L3viathan/sister-cities).

This module owns reading the ``wikidata-p190-crawl-2016`` dataset: ``relations.tsv`` has one
``subject<TAB>object`` line per P190 ("twinned administrative body") statement on the subject
item, and each line becomes one claim of the subject naming the object, both identified by
QID.  ``names.tsv`` (``qid<TAB>label``) gives each item one label, taken from the first of the
languages de, en, fr, it, es that had one, so the language of a label is unknown (``Prag``,
``Wolgograd``): it is the mention's name, never a labelled name.  The files have no header,
countries, coordinates, dates or ranks.  Duplicate statements (three lines in the 2016 file)
are yielded as they are: each is a line of the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from twintowns.model import PlaceMention, RawClaim, RowProblem, Source
from twintowns.sources.base import OnProblem
from twintowns.sources.tabular import (
    TSV,
    Row,
    bundled_dataset_dir,
    parse_rows,
    read_table,
    required_qid,
    required_text,
)

__all__ = ["FOLDER", "INFO", "NAMES_FILE", "RELATIONS_FILE", "Wikidata2016Source", "read_labels"]

FOLDER = "wikidata-p190-crawl-2016"
RELATIONS_FILE = "relations.tsv"
NAMES_FILE = "names.tsv"

# Identical to the curated entry of the same id (data/curated/00-sources.yaml).
INFO = Source(
    id="wikidata-p190-crawl-2016",
    title="Wikidata P190 crawl (L3viathan/sister-cities), names.tsv and relations.tsv",
    publisher="Wikidata contributors",
    url="https://www.wikidata.org/wiki/Property:P190",
    retrieved=dt.date(2016, 9, 10),
    licence="CC0-1.0",
)


@dataclass(frozen=True, slots=True)
class Wikidata2016Source:
    """The 2016 crawl: each P190 statement as the subject item's claim.

    Attributes
    ----------
    relations:
        ``relations.tsv``, the statements.
    names:
        ``names.tsv``, the labels; None to name every item by its QID.
    """

    relations: Path
    names: Path | None = None

    @classmethod
    def from_directory(cls, directory: Path) -> Wikidata2016Source:
        """The dataset in ``directory``, under its original file names."""
        return cls(directory / RELATIONS_FILE, directory / NAMES_FILE)

    @classmethod
    def bundled(cls) -> Wikidata2016Source:
        """The copy shipped in ``twintowns/data/world``."""
        return cls.from_directory(bundled_dataset_dir(FOLDER))

    @property
    def info(self) -> Source:
        """The dataset's citation (snapshot 2016-09-10)."""
        return INFO

    def claims(self, on_problem: OnProblem) -> Iterator[RawClaim]:
        """Yield one claim per line of ``relations.tsv``, in file order.

        Parameters
        ----------
        on_problem:
            Receives malformed lines of either file; they are skipped.  An item without a
            label is named by its QID (as Wikidata shows it), which is not a problem.

        Raises
        ------
        DataFileError
            If a file is missing.
        """
        labels = {} if self.names is None else read_labels(self.names, on_problem)
        rows = read_table(self.relations, TSV, on_problem, width=2)
        yield from parse_rows(rows, partial(_claim, labels=labels), on_problem)


def read_labels(path: Path, on_problem: OnProblem) -> dict[str, str]:
    """Read ``names.tsv`` into a QID -> label mapping.

    Parameters
    ----------
    path:
        The names file.
    on_problem:
        Receives malformed lines and repeated QIDs (the first label is kept).

    Returns
    -------
    dict
        Every well-formed line's QID and label.
    """
    labels: dict[str, str] = {}
    for line, qid, label in parse_rows(
        read_table(path, TSV, on_problem, width=2), _label, on_problem
    ):
        if qid in labels:
            on_problem(RowProblem(str(path), line, f"{qid} is labelled again; first label kept"))
            continue
        labels[qid] = label
    return labels


def _label(row: Row) -> tuple[int, str, str]:
    qid, label = row.fields
    return row.line, required_qid(qid, "QID"), required_text(label, "label")


def _claim(row: Row, labels: dict[str, str]) -> RawClaim:
    subject, item = row.fields
    subject_qid = required_qid(subject, "subject")
    object_qid = required_qid(item, "object")
    return RawClaim(
        claimant=PlaceMention(name=labels.get(subject_qid, subject_qid), qid=subject_qid),
        partner=PlaceMention(name=labels.get(object_qid, object_qid), qid=object_qid),
        locator=row.locator,
    )
