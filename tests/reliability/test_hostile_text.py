"""The shared guards of untrusted text (twintowns.untrusted, cli.render.safe), the date
pattern, and the bounded YAML reader, each fed the hostile corpus's strings and files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from twintowns.api import params
from twintowns.cli.render import safe
from twintowns.errors import DataFileError, DateError
from twintowns.model import FuzzyDate
from twintowns.model.dates import DATE_PATTERN
from twintowns.untrusted import check_http_url, csv_cell, is_http_url, strip_controls
from twintowns.yamlfile import read_yaml

HOSTILE = Path(__file__).parent / "hostile"

ESCAPES = [
    "\x1b[31mred\x1b[0m",  # CSI colour
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink, ST-terminated
    "\x1b]8;;https://evil.example/\x07link\x1b]8;;\x07",  # OSC 8, BEL-terminated
    "\x1b]0;title\x07",  # window title
    "\x9b2J",  # 8-bit CSI
    "\x9d8;;https://evil.example/\x9clink",  # 8-bit OSC and ST
    "\x1bP+q544e\x1b\\",  # DCS (terminal query)
    "\x1b(0",  # character set switch
    "bell\x07 back\x08 null\x00 del\x7f",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_strip_controls_leaves_no_control_character(text: str) -> None:
    cleaned = strip_controls(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", cleaned), repr(cleaned)


def test_strip_controls_keeps_text_newlines_and_tabs() -> None:
    assert strip_controls("Saint-Étienne\tСанкт\n東京 [/]") == "Saint-Étienne\tСанкт\n東京 [/]"
    assert strip_controls("a\nb\tc", keep_lines=False) == "abc"
    assert strip_controls("\x1b[31mRed\x1b[0m Town") == "Red Town"
    # The hyperlink's target goes with the sequence; its visible text stays.
    assert strip_controls("\x1b]8;;https://evil.example/\x07Link\x1b]8;;\x07") == "Link"


@pytest.mark.parametrize(
    "text",
    ["Markup [/] Town", "[link=https://evil.example/]click[/link]", "[bold]x", "a\\[b]", "[/]\\"],
)
def test_safe_prints_exactly_its_text(text: str) -> None:
    console = Console(width=200, record=True, color_system=None)
    # Inside a style, as the tables print statuses; unescaped, "[/]" raises MarkupError, and a
    # trailing backslash would escape the closing tag.
    console.print(f"[green]{safe(text)}[/] end", highlight=False)
    assert console.export_text(clear=False).rstrip("\n") == f"{text} end"
    assert "href" not in console.export_html()


def test_safe_strips_escapes_and_makes_no_link() -> None:
    console = Console(width=200, record=True, force_terminal=True)
    hostile = "\x1b]8;;https://evil.example/\x07Link\x1b]8;;\x07 [link=https://e.x]y[/link]"
    console.print(safe(hostile), highlight=False)
    styled = console.export_text(styles=True, clear=False)
    assert "\x1b]8" not in styled
    assert "\x07" not in styled
    assert "evil" not in styled
    assert console.export_text() == "Link [link=https://e.x]y[/link]\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://evil.example/","x")', '\'=HYPERLINK("https://evil.example/","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Saint-Étienne", "Saint-Étienne"),
        ("", ""),
        (-1.5106, -1.5106),  # a number written as a number is not evaluated: left alone
        (-3, -3),
        (True, True),
        (None, None),
    ],
)
def test_csv_cell_neutralises_formulas_only(value: object, expected: object) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "//evil.example/",
        "https://",
        "http://[::1",
        "https://example.org/\x1b]8;;",
    ],
)
def test_only_http_urls_pass(url: str) -> None:
    assert not is_http_url(url)
    with pytest.raises(ValueError, match="not an http"):
        check_http_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c#d", "HTTP://EXAMPLE.ORG", "http://[::1]:8/"]
)
def test_http_urls_pass(url: str) -> None:
    assert check_http_url(url) == url


@pytest.mark.parametrize("text", ["0000", "2020-39", "2020-00", "2020-13", "2020-01-32", "2020-1"])
def test_date_pattern_rejects_impossible_months_days_and_year_zero(text: str) -> None:
    assert re.match(DATE_PATTERN, text) is None
    assert re.match(params.DATE_PATTERN, text) is None
    with pytest.raises(DateError):
        FuzzyDate.parse(text)


def test_api_and_model_share_one_date_pattern() -> None:
    assert params.DATE_PATTERN == DATE_PATTERN
    for text in ("0001", "1944", "~1905", "2022-02", "2024-02-29", "9999-12-31"):
        assert re.match(DATE_PATTERN, text), text
        FuzzyDate.parse(text)


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("nul.yaml", 3, "U+0000 not allowed"),
        ("latin1.yaml", 3, "not valid UTF-8: byte 0xE9"),
        ("nested.yaml", None, "nested too deeply"),
        ("alias-bomb.yaml", 3, "aliases"),
    ],
)
def test_broken_yaml_is_one_data_file_error_with_its_line(
    name: str, line: int | None, message: str
) -> None:
    with pytest.raises(DataFileError) as caught:
        read_yaml(HOSTILE / name)
    assert caught.value.path == str(HOSTILE / name)
    assert caught.value.line == line
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


def test_yaml_over_the_size_limit_is_refused_unparsed(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("sources: [" + "[" * 5000, encoding="utf-8")  # would fail slowly if parsed
    with pytest.raises(DataFileError, match="larger than the limit of 1,000 bytes"):
        read_yaml(big, max_bytes=1000)
