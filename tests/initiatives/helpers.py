"""Builders and HTML readers for the catalogue tests."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

from initiatives.models import Initiative
from localities.models import AdministrativeUnit

_counter = itertools.count(1)


def dong_tien() -> AdministrativeUnit:
    """Pre-2025 xã Đông Tiến, thành phố Thanh Hóa (one of several Đông Tiến)."""
    return (
        AdministrativeUnit.objects.communes()
        .former()
        .get(name="Xã Đông Tiến", parent__name="Thành phố Thanh Hóa")
    )


def former_province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.provinces().former().get(code=code)


def make_initiative(**fields) -> Initiative:
    """An approved commune-level initiative in Đông Tiến unless told otherwise."""
    n = next(_counter)
    values = {
        "title": f"Sáng kiến thử nghiệm {n}",
        "summary": "Tóm tắt sáng kiến thử nghiệm.",
        "implementing_unit": "UBND xã thử nghiệm",
        "level": Initiative.Level.COMMUNE,
        "status": Initiative.Status.APPROVED,
    }
    values.update(fields)
    if "locality" not in values:
        values["locality"] = dong_tien()
    return Initiative.objects.create(**values)


class _TableParser(HTMLParser):
    """Header and body rows (cell text) of the first <table id="results">."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.done = False
        self.section = None
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id and not self.done:
            self.inside = True
        if not self.inside:
            return
        if tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []
        elif tag == "a" and self.section == "tbody":
            self.links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if self.section == "thead":
                self.header.append(text)
            else:
                self.rows[-1].append(text)
            self.cell = None
        elif tag == "table":
            self.inside = False
            self.done = True

    def handle_data(self, data):
        if self.inside and self.cell is not None:
            self.cell.append(data)


def results_table(html: str) -> tuple[list[str], list[list[str]]]:
    parser = _TableParser("results")
    parser.feed(html)
    return parser.header, parser.rows


def result_titles(response) -> list[str]:
    """Titles of the result rows in page order (first column)."""
    _header, rows = results_table(response.content.decode())
    return [row[0] for row in rows]


def detail_links(response) -> list[str]:
    parser = _TableParser("results")
    parser.feed(response.content.decode())
    return parser.links


_COUNT = re.compile(r"<strong>(\d+) sáng kiến</strong>")
_OPTION = re.compile(
    r'name="(?P<name>\w+)" value="(?P<value>[^"]+)" id="[^"]*"(?P<checked> checked)?>\s*'
    r'<label[^>]*>(?P<label>[^<]*)<span class="badge[^"]*">(?P<count>\d+)</span>'
)


def shown_count(response) -> int:
    """The "N sáng kiến" total above the result table."""
    return int(_COUNT.search(response.content.decode()).group(1))


def facet_options(response) -> list[dict]:
    """Every facet option on the page: name, value, label, count, checked."""
    return [
        {
            "name": m["name"],
            "value": m["value"],
            "label": m["label"].strip(),
            "count": int(m["count"]),
            "checked": bool(m["checked"]),
        }
        for m in _OPTION.finditer(response.content.decode())
    ]
