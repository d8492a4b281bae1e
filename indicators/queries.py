"""Read-side queries of the indicator pages: each runs a fixed number of SQL queries.

Tables are pivoted in Python from one ``filter(... __in=...)`` query, never a query per cell.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.charts import break_indexes, line_chart
from indicators.models import Component, Edition, Index, Score
from localities.display import series_label
from localities.models import AdministrativeUnit


@dataclass
class RankingRow:
    province: AdministrativeUnit
    score: Score
    previous: Score | None = None
    components: dict[int, Score] = field(default_factory=dict)

    @property
    def value(self) -> Decimal | None:
        return self.score.value

    @property
    def rank(self) -> int | None:
        return self.score.rank

    @property
    def score_delta(self) -> Decimal | None:
        if self.previous is None or self.previous.value is None or self.value is None:
            return None
        return self.value - self.previous.value

    @property
    def rank_delta(self) -> int | None:
        """Positive when the province moved up (a smaller rank number)."""
        if self.previous is None or self.previous.rank is None or self.rank is None:
            return None
        return self.previous.rank - self.rank


def editions_with_scores():
    return (
        Edition.objects.select_related("index")
        .annotate(score_count=Count("scores"))
        .filter(score_count__gt=0)
        .order_by("index__order", "-year")
    )


def index_overview(limit: int = 3) -> list[dict]:
    """Each index with its latest edition, its coverage, and its leaders and laggards when
    the portal holds the whole edition: four queries in all."""
    indices = list(Index.objects.order_by("order"))
    latest: dict[int, Edition] = {}
    years: dict[int, list[int]] = defaultdict(list)
    for edition in editions_with_scores():
        years[edition.index_id].append(edition.year)
        latest.setdefault(edition.index_id, edition)
    totals: dict[int, list[Score]] = defaultdict(list)
    for score in (
        Score.objects.totals()
        .published()
        .filter(edition__in=latest.values())
        .select_related("province")
    ):
        totals[score.edition_id].append(score)
    covered = coverage(list(latest.values()))
    overview = []
    for index in indices:
        edition = latest.get(index.pk)
        cov = covered.get(edition.pk) if edition else None
        if edition and cov is not None and cov.partial:
            # No "leader" or "last" of an edition the portal holds only part of.
            totals.pop(edition.pk, None)
        scores = sorted(
            totals.get(edition.pk, []) if edition else [],
            key=_published_value,
            reverse=index.higher_is_better,
        )
        overview.append(
            {
                "index": index,
                "edition": edition,
                "years": sorted(years.get(index.pk, [])),
                "leaders": scores[:limit],
                "laggards": scores[-limit:][::-1] if len(scores) > limit else [],
                "count": len(scores),
                "coverage": cov,
            }
        )
    return overview


def previous_edition(edition: Edition) -> Edition | None:
    return (
        Edition.objects.filter(index_id=edition.index_id, year__lt=edition.year)
        .annotate(score_count=Count("scores"))
        .filter(score_count__gt=0)
        .order_by("-year")
        .first()
    )


def edition_components(edition: Edition) -> list[Component]:
    """Top-level components scored in this edition, in the publisher's order (one query)."""
    return list(
        Component.objects.filter(scores__edition=edition, parent__isnull=True)
        .distinct()
        .order_by("order", "code")
    )


def ranking(
    edition: Edition, previous: Edition | None, components: list[Component] | None
) -> list[RankingRow]:
    """Rows of the ranking table: one query for totals (this and the previous edition) and,
    when asked for, one for the component scores."""
    editions = [edition.pk] + (
        [previous.pk] if previous and not edition.breaks_comparability else []
    )
    current: dict[int, Score] = {}
    before: dict[int, Score] = {}
    for score in Score.objects.totals().filter(edition_id__in=editions).select_related("province"):
        (current if score.edition_id == edition.pk else before)[score.province_id] = score
    rows = {
        province_id: RankingRow(
            province=score.province, score=score, previous=before.get(province_id)
        )
        for province_id, score in current.items()
    }
    if components:
        for score in Score.objects.filter(edition=edition, component__in=components):
            if score.province_id in rows:
                assert score.component_id is not None  # component__in
                rows[score.province_id].components[score.component_id] = score
    return list(rows.values())


SORT_KEYS = {
    "rank": lambda row: (row.rank is None, row.rank or 0, -(row.value or 0)),
    "province": lambda row: (row.province.search_key,),
    "score": lambda row: (row.value is None, -(row.value or 0)),
    "score_delta": lambda row: (row.score_delta is None, -(row.score_delta or 0)),
    "rank_delta": lambda row: (row.rank_delta is None, -(row.rank_delta or 0)),
}


def sort_rows(rows: list[RankingRow], key: str, descending: bool) -> list[RankingRow]:
    """Sort by a column; rows without a value always go last."""
    if re.fullmatch(r"c[0-9]{1,9}", key):  # ASCII digits only: "c²" passes isdigit()
        component_id = int(key[1:])

        def sort_key(row):
            score = row.components.get(component_id)
            value = score.value if score else None
            return (value is None, -(value or 0))
    else:
        sort_key = SORT_KEYS.get(key, SORT_KEYS["rank"])
    ordered = sorted(rows, key=sort_key)
    if descending:
        present = [r for r in ordered if sort_key(r)[0] is False]
        missing = [r for r in ordered if sort_key(r)[0] is not False]
        ordered = present[::-1] + missing
    return ordered


# --- province profile ---------------------------------------------------------------------


def series_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Units whose scores a province's profile shows, each as its own labelled series: a
    former province itself; a current province, itself and the former provinces it was formed
    from (never summed or averaged)."""
    if not unit.is_current:
        return [unit]
    predecessors = list(
        AdministrativeUnit.objects.provinces()
        .filter(successor=unit)
        .order_by("-valid_to", "short_name")
    )
    return [unit, *predecessors]


def province_scores(units: list[AdministrativeUnit]) -> list[Score]:
    return list(
        Score.objects.filter(province__in=units)
        .select_related("edition__index", "component")
        .order_by("edition__index__order", "edition__year", "component__order")
    )


def national_reference(editions: list[Edition]) -> dict[tuple[int, int | None], dict]:
    """Median and best of every component (and total) of the given editions: one query."""
    values: dict[tuple[int, int | None], list[tuple[Decimal, Score]]] = defaultdict(list)
    for score in (
        Score.objects.published()
        .filter(edition__in=editions)
        .select_related("province")
        .only(
            "edition_id",
            "component_id",
            "value",
            "province__short_name",
            "province__code",
            "province__valid_to",
        )
    ):
        values[(score.edition_id, score.component_id)].append((_published_value(score), score))
    reference = {}
    for key, pairs in values.items():
        numbers = [v for v, _ in pairs]
        best_value, best_score = max(pairs, key=lambda p: p[0])
        reference[key] = {
            "median": Decimal(str(statistics.median(numbers))).quantize(Decimal("0.01")),
            "best": best_value,
            "best_province": best_score.province,
        }
    return reference


def provinces_with_scores() -> list[AdministrativeUnit]:
    """Province-level units that have at least one score (for the compare form): one query,
    an indexed EXISTS per province rather than a DISTINCT over every score."""
    return list(
        AdministrativeUnit.objects.provinces()
        .filter(Exists(Score.objects.filter(province=OuterRef("pk"))))
        .order_by("search_key", "valid_to")
    )


def components_with_scores() -> list[Component]:
    """Components that have at least one score, in index and component order (one query, an
    indexed EXISTS per component)."""
    return list(
        Component.objects.select_related("index")
        .filter(Exists(Score.objects.filter(component=OuterRef("pk"))))
        .order_by("index__order", "order", "pk")
    )


# --- coverage and missing values ----------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How much of an edition the portal holds: provinces with a figure (one source, or two
    that disagree), provinces with any total (also "not published", "rank only"), of how many
    the edition covers."""

    edition: Edition
    known: int
    held: int
    ranked: int

    @property
    def of(self) -> int | None:
        return self.edition.province_count

    @property
    def partial(self) -> bool:
        """The portal lacks some provinces of the edition: no leader, no last place."""
        return self.of is not None and self.held < self.of

    @property
    def text(self) -> str:
        if self.of is None:
            return ngettext(
                "%(known)s tỉnh có số liệu công khai",
                "%(known)s tỉnh có số liệu công khai",
                self.known,
            ) % {"known": self.known}
        return _("%(known)s của %(of)s tỉnh có số liệu công khai") % {
            "known": self.known,
            "of": self.of,
        }

    @property
    def holds_published_top(self) -> bool:
        """The publisher printed only its top N and the portal holds all N of them."""
        top = self.edition.published_top
        return top is not None and top > 0 and self.ranked >= top


def coverage(editions: list[Edition]) -> dict[int, Coverage]:
    """Coverage of each edition, by edition id: one query."""
    counts = {
        row["edition_id"]: row
        for row in Score.objects.totals()
        .filter(edition__in=editions)
        .values("edition_id")
        .annotate(
            known=Count("id", filter=Q(status__in=[Score.Status.PUBLISHED, Score.Status.CONFLICT])),
            held=Count("id"),
            ranked=Count("id", filter=Q(rank__isnull=False)),
        )
    }
    return {
        e.pk: Coverage(
            e,
            counts.get(e.pk, {}).get("known", 0),
            counts.get(e.pk, {}).get("held", 0),
            counts.get(e.pk, {}).get("ranked", 0),
        )
        for e in editions
    }


@dataclass(frozen=True)
class Missing:
    """A cell without a score, and why: the publisher left the province out of a top-N
    publication, or the portal does not hold the figure (with the edition's coverage note).
    A score the publisher did not publish is a Score in the state "not published"."""

    OUTSIDE_TOP = "outside_top"
    NOT_IN_DATA = "not_in_data"

    kind: str
    text: str
    reason: str


def missing(cov: Coverage | None) -> Missing | None:
    if cov is None:
        return None
    edition = cov.edition
    if cov.holds_published_top:
        return Missing(
            Missing.OUTSIDE_TOP,
            _("Ngoài nhóm %(n)s tỉnh được công bố") % {"n": edition.published_top},
            _("Nhà công bố chỉ công bố điểm và thứ hạng của %(n)s tỉnh đứng đầu.")
            % {"n": edition.published_top},
        )
    reason = edition.coverage_note or _("Cổng chưa nhập điểm của tỉnh này trong kỳ này.")
    if edition.published_top:
        reason += " " + _("Tỉnh này có thể ở ngoài nhóm %(n)s tỉnh được công bố.") % {
            "n": edition.published_top
        }
    return Missing(
        Missing.NOT_IN_DATA,
        _("Chưa có trong dữ liệu của cổng"),
        reason,
    )


def index_editions(index_ids) -> dict[int, dict[int, Edition]]:
    """Editions with scores of the given indices, {index id: {year: edition}}: one query."""
    result: dict[int, dict[int, Edition]] = defaultdict(dict)
    for edition in editions_with_scores().filter(index_id__in=index_ids):
        result[edition.index_id][edition.year] = edition
    return result


def _published_value(score: Score) -> Decimal:
    """The value of a published score: never empty (the table's check constraint)."""
    assert score.value is not None
    return score.value


def _component(score: Score) -> Component:
    """The component of a component score (one whose ``component_id`` is set)."""
    assert score.component is not None
    return score.component


def province_series(units: list[AdministrativeUnit]) -> dict:
    """The indicator part of a province profile: for each index, the scores of ``units`` (the
    province and, for a current one, the former provinces it was formed from) year by year,
    with the reason of each missing value, a chart broken at method breaks, and the latest
    edition's components against the national median and the best (none from a partial
    edition). A fixed number of queries whatever the years."""
    scores = province_scores(units)
    totals: dict[int, dict] = {}
    latest_edition_of_index: dict[int, Edition] = {}
    component_scores: dict[tuple[int, int], list[Score]] = defaultdict(list)
    for score in scores:
        index = score.edition.index
        if score.component_id is None:
            entry = totals.setdefault(
                index.pk, {"index": index, "years": set(), "cells": {}, "units": []}
            )
            entry["years"].add(score.edition.year)
            entry["cells"][(score.edition.year, score.province_id)] = score
            if score.province_id not in [u.pk for u in entry["units"]]:
                entry["units"].append(next(u for u in units if u.pk == score.province_id))
            current = latest_edition_of_index.get(index.pk)
            if current is None or score.edition.year > current.year:
                latest_edition_of_index[index.pk] = score.edition
        else:
            component_scores[(score.edition_id, score.province_id)].append(score)

    reference = national_reference(list(latest_edition_of_index.values()))
    # Every edition of these indices, so a year without this province's score says why.
    editions = index_editions(list(totals))
    covered = coverage([e for by_year in editions.values() for e in by_year.values()])
    series = []
    for entry in totals.values():
        index = entry["index"]
        by_year = editions.get(index.pk, {})
        first = min(entry["years"])
        years = sorted({*entry["years"], *(y for y in by_year if y >= first)})
        entry_units = sorted(entry["units"], key=lambda u: units.index(u))
        breaks = break_indexes(years, by_year)

        def cell(year, unit, by_year=by_year, entry=entry):
            score = entry["cells"].get((year, unit.pk))
            if score is not None or not unit.is_valid_in(year) or year not in by_year:
                return score
            return missing(covered.get(by_year[year].pk))

        rows = [
            {"year": y, "cells": [cell(y, u) for u in entry_units], "break_before": i in breaks}
            for i, y in enumerate(years)
        ]
        chart = line_chart(
            index.short_name,
            years,
            [
                (
                    series_label(u),
                    {y: entry["cells"][(y, u.pk)] for y in years if (y, u.pk) in entry["cells"]},
                )
                for u in entry_units
            ],
            by_year,
        )
        latest = latest_edition_of_index[index.pk]
        breakdown = []
        for u in entry_units:
            own = sorted(
                component_scores.get((latest.pk, u.pk), []), key=lambda s: _component(s).order
            )
            total = entry["cells"].get((latest.year, u.pk))
            if total is None and not own:
                continue
            lines = []
            for s in ([total] if total else []) + [
                c for c in own if _component(c).parent_id is None
            ]:
                # No national median or best from an edition the portal holds only part of.
                partial = covered[latest.pk].partial
                ref = {} if partial else reference.get((latest.pk, s.component_id), {})
                lines.append(
                    {
                        "score": s,
                        "name": s.component.name if s.component_id else _("Điểm tổng"),
                        **ref,
                    }
                )
            breakdown.append({"unit": u, "label": series_label(u), "lines": lines})
        series.append(
            {
                "index": index,
                "labels": [series_label(u) for u in entry_units],
                "rows": rows,
                "chart": chart,
                "chart_id": f"chart-{index.code}",
                "data_id": f"data-{index.code}",
                "latest": latest,
                "breakdown": breakdown,
                "breaks": [years[i] for i in breaks],
            }
        )
    series.sort(key=lambda s: s["index"].order)
    return {"series_units": units, "series": series}
