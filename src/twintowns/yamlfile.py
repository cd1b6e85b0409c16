"""YAML reading that remembers line numbers, so a bad data row is reported with its line.

Reading is bounded: a file over the size limit is refused before parsing, and every way a
hostile file breaks a YAML parser (a NUL byte, non-UTF-8 bytes, 50,000 nested brackets,
alias bombs) becomes a one-line :class:`~twintowns.errors.DataFileError` naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from twintowns.errors import DataFileError
from twintowns.filesize import DEFAULT_MAX_FILE_BYTES, read_bounded

M = TypeVar("M", bound=BaseModel)


class LineDict(dict[str, Any]):
    """A YAML mapping that knows the 1-based line it started on, and each value's line."""

    line: int = 0
    value_lines: dict[str, int]


class LineList(list[Any]):
    """A YAML sequence that knows the 1-based line it started on."""

    line: int = 0


class _Loader(yaml.SafeLoader):
    """Safe loader whose mappings and sequences carry their line; dates stay strings.

    Aliases (``*name``) are refused: data files do not need them, and a few nested aliases
    expand to billions of values for the schema validation that walks the tree.
    """

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise DataFileError("YAML aliases (*name) are not allowed", line=mark.line + 1)
        node: yaml.Node | None = super().compose_node(parent, index)
        return node


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


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 text of ``data``; an undecodable byte is reported with its line, not its offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        raise DataFileError(f"not valid UTF-8: byte 0x{bad}", path=str(path), line=line) from None


def read_yaml(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Any:
    """Parse a YAML file into :class:`LineDict`/:class:`LineList` trees.

    Parameters
    ----------
    path:
        The file.
    max_bytes:
        Refuse a larger file before parsing it (settings: ``max_file_bytes``).

    Raises
    ------
    DataFileError
        If the file cannot be read, is too big, is not UTF-8, holds a control character or an
        alias, nests too deeply, or is not well-formed YAML (names file and, when known, line).
    """
    text = _decode(read_bounded(path, max_bytes), path)
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader derives from SafeLoader
    except DataFileError as exc:
        raise DataFileError(exc.message, path=str(path), line=exc.line) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(f"not valid YAML: {exc.problem}", path=str(path), line=line) from exc
    except yaml.reader.ReaderError as exc:  # a NUL or other control character
        line = text.count("\n", 0, exc.position) + 1
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "byte"
        raise DataFileError(
            f"not valid YAML: {what} not allowed", path=str(path), line=line
        ) from None
    except RecursionError:
        # The parser and constructor recurse once per level: 50,000 "[" exhaust the stack.
        raise DataFileError("not valid data: nested too deeply", path=str(path)) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", path=str(path)) from None


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
        # A validator's own ValueError says what is wrong; pydantic's "Value error, " adds nothing.
        cause = (first.get("ctx") or {}).get("error")
        message = str(cause) if first["type"] == "value_error" and cause else first["msg"]
        raise DataFileError(f"{where}: {message}", path=str(path), line=line_of(tree, loc)) from exc
