"""YAML reading that remembers line numbers, so a bad data row is reported with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from twintowns.errors import DataFileError

M = TypeVar("M", bound=BaseModel)


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the 1-based line it started on, and each value's line."""

    line: int = 0
    value_lines: dict[str, int]


class LineList(list[Any]):
    """A YAML sequence that knows the 1-based line it started on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """Safe loader whose mappings and sequences carry their line; dates stay strings."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.value_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DataFileError(f"duplicate key {key!r}", line=key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.value_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates are parsed by FuzzyDate ("1944", "2022-02"), never by YAML's timestamp resolver.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    """Parse a YAML file into :class:`LineDict`/:class:`LineList` trees.

    Raises
    ------
    DataFileError
        If the file cannot be read or is not well-formed YAML (names file and line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read file: {exc}", path=str(path)) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader derives from SafeLoader
    except DataFileError as exc:
        raise DataFileError(exc.message, path=str(path), line=exc.line) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(f"not valid YAML: {exc.problem}", path=str(path), line=line) from exc


def line_of(tree: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest value along ``loc`` in ``tree`` (a scalar's own line when the
    path reaches one, else the line its enclosing mapping or sequence starts on)."""
    line = getattr(tree, "line", None)
    node = tree
    for part in loc:
        try:
            child = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, LineDict) and isinstance(part, str):
            line = node.value_lines.get(part, line)
        node = child
        line = getattr(node, "line", line)
    return line


def validate(model: type[M], tree: Any, path: Path) -> M:
    """Validate a parsed tree against ``model``; the first error names its file and line.

    Raises
    ------
    DataFileError
        On the first schema violation.
    """
    try:
        return model.model_validate(tree)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc)
        raise DataFileError(
            f"{where}: {first['msg']}", path=str(path), line=line_of(tree, loc)
        ) from exc
