"""The editions 2017–2024 as publicly known: every figure of fixtures/indicators/web_2017_2024/.

Each row of those files was read from one public page (``source_url``): most editions are
partial (the publishers print full tables as images), so each edition also gets a note saying
why it is partial. Each score keeps its own source. Two rows of one province that print
different figures become one score in the state "conflict", holding both figures and both
sources (no rank: the portal does not pick one); "NOT PUBLISHED" rows become the state "not
published", never a zero; a row with a rank but no score is "rank only".

Loading merges, like the reference loaders: it creates what is missing, updates only the
scores it loaded itself (same source page) that nobody saved in the admin
(``Score.edited_by_admin``), fills only the empty fields of an edition, and never deletes.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from indicators.models import Component, Edition, Index, Score
from indicators.names import IndicatorNames
from indicators.reference import EDITION_SPECS, PAPI, PAR_INDEX, PCI, SIPAS, edition_values
from localities.resolve import UnitResolver

FOLDER = Path(settings.BASE_DIR) / "fixtures" / "indicators" / "web_2017_2024"
INDEX_CODES = {"pci": PCI, "papi": PAPI, "par": PAR_INDEX, "sipas": SIPAS}
TIER_RE = re.compile(r"(?:^|;\s*)tier=([^;]+)")

_QUOTED = "Bảng đầy đủ được công bố dưới dạng ảnh; cổng chỉ có các số liệu được báo chí trích dẫn."
_TOP_30 = "Từ PCI 2023 VCCI chỉ công bố điểm và thứ hạng của 30 tỉnh đứng đầu."


@dataclass(frozen=True)
class Coverage:
    note: str
    published_top: int | None = None


#: Why each edition is partial (from the table of web_2017_2024/README.md).
COVERAGE: dict[tuple[str, int], Coverage] = {
    (PCI, 2017): Coverage(
        "Cổng chỉ có nhóm 12 tỉnh đứng đầu (danh sách trên cổng thông tin của một tỉnh) và "
        "các trang hồ sơ tỉnh."
    ),
    (PCI, 2018): Coverage(
        "Cổng chỉ có nhóm 15 tỉnh đứng đầu (danh sách trên cổng thông tin của một tỉnh) và "
        "các trang hồ sơ tỉnh."
    ),
    (PCI, 2019): Coverage(
        "Bản lưu trang của VCCI dừng sau hạng 23 và ghi N/A cho TP Hồ Chí Minh; điểm 67,16 "
        "(hạng 14) của TP Hồ Chí Minh lấy từ cổng thông tin của một tỉnh."
    ),
    (PCI, 2020): Coverage(
        "Bảng xếp hạng đủ 63 tỉnh trên pcivietnam.vn; các tỉnh bằng điểm giữ thứ hạng như công bố."
    ),
    (PCI, 2021): Coverage("Bản lưu trang của VCCI dừng sau hạng 21."),
    (PCI, 2022): Coverage(
        "VCCI xếp hạng đủ 63 tỉnh nhưng cổng chỉ có các tỉnh được công bố trên các trang công "
        "khai (nhóm 10 tỉnh đứng đầu và trang hồ sơ tỉnh)."
    ),
    (PCI, 2023): Coverage(_TOP_30 + " Cổng chỉ có các số liệu được trích dẫn.", 30),
    (PCI, 2024): Coverage(
        _TOP_30 + " Các hạng 6–10 không được in trong các nguồn công khai.", published_top=30
    ),
    **{
        (code, year): Coverage(_QUOTED) for code in (PAR_INDEX, SIPAS) for year in range(2017, 2025)
    },
    **{
        (PAPI, year): Coverage(
            "Cổng chỉ có các số liệu được báo chí trích dẫn và một phần bảng của báo cáo PAPI."
        )
        for year in range(2017, 2025)
    },
}


@dataclass
class PublishedSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  #: saved in the admin or entered by someone else: left as it is
    editions_created: int = 0
    errors: list[str] = field(default_factory=list)


def _decimal(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(f"điểm không đọc được: {text!r}") from exc


def read_rows(folder: Path = FOLDER) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                rows.append({**row, "_where": f"{path.name}:{number}"})
    return rows


def score_values(rows: list[dict]) -> dict:
    """The fields of one score from the rows of one (edition, province, component)."""
    first = rows[0]
    tier = TIER_RE.search(first["note"])
    values = {
        "value": _decimal(first["score"]),
        "rank": int(first["rank"]) if first["rank"].strip() else None,
        "rank_of": None,
        "tier": tier.group(1).strip() if tier else "",
        "source_url": first["source_url"][:500],
        "source_note": first["note"][:300],
        "alt_value": None,
        "alt_source_url": "",
        "alt_source_note": "",
    }
    figures = {_decimal(r["score"]) for r in rows}
    if len(rows) > 1 and len(figures) > 1:
        second = rows[1]
        values.update(
            status=Score.Status.CONFLICT,
            rank=None,
            alt_value=_decimal(second["score"]),
            alt_source_url=second["source_url"][:500],
            alt_source_note=second["note"][:300],
        )
    elif "NOT PUBLISHED" in first["note"]:
        values.update(status=Score.Status.NOT_PUBLISHED, value=None)
    elif values["value"] is None:
        if values["rank"] is None:
            raise ValueError("dòng không có điểm, thứ hạng hay trạng thái “không công bố”")
        values["status"] = Score.Status.RANK_ONLY
    else:
        values["status"] = Score.Status.PUBLISHED
    return values


def _edition(index: Index, year: int, summary: PublishedSummary) -> Edition:
    coverage = COVERAGE.get((index.code, year))
    edition = Edition.objects.filter(index=index, year=year).first()
    if edition is None:
        spec = EDITION_SPECS.get((index.code, year))
        values = edition_values(spec) if spec else {}
        if coverage:
            values.update(coverage_note=coverage.note, published_top=coverage.published_top)
        summary.editions_created += 1
        return Edition.objects.create(index=index, year=year, **values)
    # Merge: fill what is empty, never replace what is there (an administrator may have
    # written it).
    filled = []
    if coverage and not edition.coverage_note:
        edition.coverage_note = coverage.note
        filled.append("coverage_note")
    if coverage and coverage.published_top and edition.published_top is None:
        edition.published_top = coverage.published_top
        filled.append("published_top")
    if filled:
        edition.save(update_fields=filled)
    return edition


@transaction.atomic
def load_published(folder: Path = FOLDER) -> PublishedSummary:
    summary = PublishedSummary()
    names = IndicatorNames()
    resolver = UnitResolver.for_provinces()
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in read_rows(folder):
        index = names.index_by_code.get(INDEX_CODES.get(row["index"], ""))
        if index is None:
            summary.errors.append(f"{row['_where']}: không rõ chỉ số {row['index']!r}")
            continue
        year = int(row["year"])
        component = None
        if row["component"].strip():
            component = names.component(index, row["component"])
            if component is None:
                summary.errors.append(
                    f"{row['_where']}: không phải thành phần đã biết của {index.short_name}: "
                    f"{row['component']!r}"
                )
                continue
        resolution = resolver.resolve(row["province"], year=year)
        if not resolution.ok:
            summary.errors.append(f"{row['_where']}: {resolution.message()}")
            continue
        groups[(index, year, resolution.unit, component)].append(row)
    if summary.errors:
        transaction.set_rollback(True)
        return summary

    editions: dict[tuple[int, int], Edition] = {}
    existing = {
        (s.edition_id, s.province_id, s.component_id): s
        for s in Score.objects.filter(edition__year__gte=2017)
    }
    to_create: list[Score] = []
    to_update: list[Score] = []
    fields = [
        "status",
        "value",
        "rank",
        "rank_of",
        "tier",
        "source_url",
        "source_note",
        "alt_value",
        "alt_source_url",
        "alt_source_note",
    ]
    for (index, year, province, component), rows in groups.items():
        key = (index.pk, year)
        if key not in editions:
            editions[key] = _edition(index, year, summary)
        edition = editions[key]
        try:
            values = score_values(rows)
        except ValueError as exc:
            summary.errors.append(f"{rows[0]['_where']}: {exc}")
            continue
        _check_scale(values, edition, component, rows[0]["_where"], summary)
        score = existing.get((edition.pk, province.pk, component.pk if component else None))
        if score is None:
            to_create.append(
                Score(edition=edition, province=province, component=component, **values)
            )
            summary.created += 1
        elif score.edited_by_admin or score.source_url != values["source_url"]:
            summary.kept += 1
        elif any(getattr(score, name) != values[name] for name in fields):
            for name in fields:
                setattr(score, name, values[name])
            to_update.append(score)
            summary.updated += 1
        else:
            summary.unchanged += 1
    if summary.errors:
        transaction.set_rollback(True)
        return summary
    Score.objects.bulk_create(to_create, batch_size=500)
    Score.objects.bulk_update(to_update, fields, batch_size=500)
    return summary


def _check_scale(values, edition: Edition, component: Component | None, where, summary) -> None:
    low = component.scale_min if component else edition.scale_min
    high = component.scale_max if component else edition.scale_max
    for figure in (values["value"], values["alt_value"]):
        if figure is None:
            continue
        if (low is not None and figure < low) or (high is not None and figure > high):
            summary.errors.append(f"{where}: {figure} ngoài thang điểm {low}–{high} của {edition}")
