"""Builders for the catalogue tests, and readers of its pages on Django's parse_html."""

from __future__ import annotations

import itertools
import re

from django.test.html import Element, parse_html

from indicators.models import Component
from initiatives import cache
from initiatives.models import Initiative, InitiativeTarget, ReformArea
from initiatives.search import search_column
from localities.models import AdministrativeUnit
from tests.html import attribute, elements, table, text

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


def build_initiatives(count: int, province: AdministrativeUnit) -> None:
    """count approved province-level initiatives in province, "Mô hình thử N", with areas and a
    PAPI target: enough rows for an N+1 query to show."""
    areas = list(ReformArea.objects.all())
    component = Component.objects.get(index__code="papi", code="thu-tuc-hanh-chinh-cong")
    items = [
        Initiative(
            title=f"Mô hình thử {n}",
            slug=f"mo-hinh-thu-{n}",
            summary="Thủ tục hành chính",
            implementing_unit="UBND",
            locality=province,
            province=province,
            current_province=province.successor,
            level="tinh",
            status="approved",
            search_text=search_column(f"Mô hình thử {n}", "Thủ tục hành chính"),
        )
        for n in range(count)
    ]
    created = Initiative.objects.bulk_create(items)
    through = Initiative.areas.through
    through.objects.bulk_create(
        [
            through(initiative_id=i.pk, reformarea_id=areas[n % len(areas)].pk)
            for n, i in enumerate(created)
        ]
    )
    InitiativeTarget.objects.bulk_create(
        [
            InitiativeTarget(initiative=i, index=component.index, component=component)
            for i in created
        ]
    )
    cache.bump()  # bulk_create sends no post_save: invalidate the cached counts and pages


def results_table(html: str) -> tuple[list[str], list[list[str]]]:
    """Header cells and body rows (cell text) of <table id="results">; none without one (the
    empty state)."""
    results = table(html, "results")
    if results is None:
        return [], []
    thead = next(elements(results, "thead"))
    tbody = next(elements(results, "tbody"))
    header = [text(cell) for cell in elements(thead) if cell.name in ("th", "td")]
    rows = [
        [text(cell) for cell in row.children if isinstance(cell, Element)]
        for row in elements(tbody, "tr")
    ]
    return header, rows


def result_titles(response) -> list[str]:
    """Titles of the result rows in page order (first column)."""
    _header, rows = results_table(response.content.decode())
    return [row[0] for row in rows]


def detail_links(response) -> list[str]:
    """The links of the result rows, in page order."""
    results = table(response.content.decode(), "results")
    if results is None:
        return []
    tbody = next(elements(results, "tbody"))
    return [attribute(link, "href") or "" for link in elements(tbody, "a")]


def shown_count(response) -> int:
    """The "N sáng kiến" total above the result table."""
    document = parse_html(response.content.decode())
    totals = [re.fullmatch(r"(\d+) sáng kiến", text(s)) for s in elements(document, "strong")]
    return int(next(m for m in totals if m)[1])


def facet_options(response) -> list[dict]:
    """Every facet option on the page (a choice with its count badge in its label): name,
    value, label, count, checked."""
    document = parse_html(response.content.decode())
    inputs = {attribute(i, "id"): i for i in elements(document, "input")}
    options = []
    for label in elements(document, "label"):
        badges = [s for s in elements(label, "span") if "badge" in (attribute(s, "class") or "")]
        choice = inputs.get(attribute(label, "for"))
        if not badges or choice is None:
            continue
        options.append(
            {
                "name": attribute(choice, "name"),
                "value": attribute(choice, "value"),
                "label": " ".join(c for c in label.children if isinstance(c, str)).strip(),
                "count": int(text(badges[0])),
                "checked": "checked" in dict(choice.attributes),
            }
        )
    return options
