"""A province's self-assessment pack for one year: its approved initiatives (communes
included) recognised, started or replicated that year, grouped by PAR area and level, each
with its evidence and what is missing; the criteria set of the year; the province's PAR-Index
and SIPAS history and its scores on the components the initiatives target.

A fixed number of queries whatever the number of initiatives (the pack page's test locks it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import CriteriaSet, Criterion
from indicators import queries
from indicators.models import Component, Score
from indicators.reference import PAR_INDEX, SIPAS
from initiatives.models import Initiative, InitiativeTarget, ReformArea, StatusChange
from localities.models import AdministrativeUnit

#: What an initiative's record must hold to be evidence, as (code, label) pairs.
GAP_DECISION, GAP_RESULT, GAP_ATTACHMENT = "decision", "result", "attachment"


def gap_labels() -> dict[str, str]:
    return {
        GAP_DECISION: _("quyết định công nhận (số, ngày, cấp công nhận)"),
        GAP_RESULT: _("kết quả (kết quả đo được hoặc mô tả kết quả)"),
        GAP_ATTACHMENT: _("tệp đính kèm (tài liệu kiểm chứng)"),
    }


@dataclass
class Entry:
    initiative: Initiative
    reasons: list[str]
    gaps: list[str]
    replications: list[Initiative]
    replicated_from: Initiative | None
    areas: list[ReformArea]
    criteria: list[Criterion]
    last_request: StatusChange | None = None

    @property
    def gap_text(self) -> list[str]:
        labels = gap_labels()
        return [labels[code] for code in self.gaps]


@dataclass
class AreaGroup:
    number: int
    area: ReformArea | None
    criteria: list[Criterion]
    entries: list[Entry]

    @property
    def name(self) -> str:
        return self.area.name if self.area else _("Chưa xếp lĩnh vực")

    @property
    def levels(self) -> list[tuple[str, list[Entry]]]:
        out = []
        for value, label in Initiative.Level.choices:
            items = [e for e in self.entries if e.initiative.level == value]
            if items:
                out.append((label, items))
        return out


@dataclass
class Pack:
    province: AdministrativeUnit
    year: int
    criteria_set: CriteriaSet | None
    groups: list[AreaGroup]
    entries: list[Entry]
    made_at: datetime.datetime
    history: list[dict] = field(default_factory=list)
    targeted: list[dict] = field(default_factory=list)

    @property
    def gaps(self) -> list[Entry]:
        return [e for e in self.entries if e.gaps]


def year_initiatives(province: AdministrativeUnit, year: int):
    """The province's approved initiatives recognised, started or replicated in ``year``:
    a recognition decision dated that year, a start year, or an approved replication of it
    started that year (a replication started that year is itself "started")."""
    replicated_that_year = Initiative.objects.published().filter(
        replicated_from=OuterRef("pk"), start_year=year
    )
    return (
        Initiative.objects.published()
        .for_province(province)
        .filter(
            Q(recognition_date__year=year) | Q(start_year=year) | Q(Exists(replicated_that_year))
        )
        .select_related("locality", "replicated_from__locality")
        .prefetch_related(
            "areas",
            Prefetch(
                "targets",
                queryset=InitiativeTarget.objects.select_related("index", "component__index"),
            ),
            "outcomes",
            "attachments",
            Prefetch(
                "replications",
                queryset=Initiative.objects.published()
                .select_related("locality")
                .order_by("start_year", "title"),
            ),
        )
        .order_by("title", "pk")
    )


def _reasons(item: Initiative, year: int) -> list[str]:
    reasons = []
    if item.recognition_date and item.recognition_date.year == year:
        reasons.append(_("được công nhận năm %(year)s") % {"year": year})
    if item.start_year == year:
        reasons.append(
            _("nhân rộng năm %(year)s") % {"year": year}
            if item.replicated_from_id
            else _("bắt đầu năm %(year)s") % {"year": year}
        )
    if any(r.start_year == year for r in item.replications.all()):
        reasons.append(_("được nhân rộng năm %(year)s") % {"year": year})
    return reasons


def missing_evidence(item: Initiative) -> list[str]:
    gaps = []
    if not (item.recognition_number and item.recognition_date and item.recognition_level):
        gaps.append(GAP_DECISION)
    if not item.results.strip() and not item.outcomes.all():
        gaps.append(GAP_RESULT)
    if not item.attachments.all():
        gaps.append(GAP_ATTACHMENT)
    return gaps


def build_pack(province: AdministrativeUnit, year: int) -> Pack:
    criteria_set = CriteriaSet.objects.for_year(year)
    criteria = list(criteria_set.criteria.order_by("order", "code")) if criteria_set else []
    by_area: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        by_area.setdefault(criterion.area_id, []).append(criterion)
    areas = list(ReformArea.objects.select_related("par_component__index").order_by("order"))
    items = list(year_initiatives(province, year))
    requests: dict[int, StatusChange] = {}
    for change in StatusChange.objects.filter(
        initiative__in=[i.pk for i in items],
        from_status=Initiative.Status.APPROVED,
        to_status=Initiative.Status.APPROVED,
    ).order_by("pk"):
        requests[change.initiative_id] = change  # the latest wins

    entries = []
    for item in items:
        item_areas = sorted(item.areas.all(), key=lambda a: a.order)
        source = item.replicated_from
        entries.append(
            Entry(
                initiative=item,
                reasons=_reasons(item, year),
                gaps=missing_evidence(item),
                replications=list(item.replications.all()),
                # Another unit's record is named only once it is public.
                replicated_from=source if source is not None and source.is_published else None,
                areas=item_areas,
                criteria=[c for a in item_areas for c in by_area.get(a.pk, [])],
                last_request=requests.get(item.pk),
            )
        )
    groups = []
    for number, area in enumerate(areas, start=1):
        members = [e for e in entries if area in e.areas]
        if members:
            groups.append(AreaGroup(number, area, by_area.get(area.pk, []), members))
    unplaced = [e for e in entries if not e.areas]
    if unplaced:
        groups.append(AreaGroup(0, None, [], unplaced))

    pack = Pack(province, year, criteria_set, groups, entries, timezone.localtime())
    _add_indicators(pack, areas)
    return pack


def _add_indicators(pack: Pack, areas: list[ReformArea]) -> None:
    """PAR-Index and SIPAS totals of the province (and of the former provinces it was formed
    from, each its own series) over the years, and its scores on the components the pack's
    initiatives target (their PAR area's component, and the components they name)."""
    targeted: dict[int, Component] = {}
    used_areas = {a.pk for e in pack.entries for a in e.areas}
    for area in areas:
        if area.pk in used_areas and area.par_component is not None:
            targeted[area.par_component.pk] = area.par_component
    for entry in pack.entries:
        for target in entry.initiative.targets.all():
            if target.component_id is not None:
                targeted[target.component_id] = target.component
    units = queries.series_units(pack.province)
    scores = list(
        Score.objects.filter(province__in=units)
        .filter(
            Q(edition__index__code__in=[PAR_INDEX, SIPAS], component__isnull=True)
            | Q(component__in=list(targeted))
        )
        .select_related("edition__index", "component", "province")
        .order_by("edition__index__order", "edition__year", "province__valid_to")
    )
    totals = [s for s in scores if s.component_id is None]
    pack.history = [
        {"index": s.edition.index, "year": s.edition.year, "unit": s.province, "score": s}
        for s in totals
    ]
    components = sorted(targeted.values(), key=lambda c: (c.index_id, c.order))
    pack.targeted = [
        {
            "component": component,
            "index_name": component.index.short_name,
            "scores": [s for s in scores if s.component_id == component.pk],
        }
        for component in components
    ]
