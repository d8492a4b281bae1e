"""Context of an initiative's page: place, targeted indicators with the province's scores,
replication lineage and the same model elsewhere. A fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from indicators.models import Score
from initiatives.models import LONG_TEXT_FIELDS, TITLE_SORT_KEY, Initiative
from localities.display import hierarchy_label, in_sentence
from localities.models import AdministrativeUnit

#: How many initiatives of the same model an initiative's page lists.
SAME_KIND_SHOWN = 10


def target_scores(initiative: Initiative) -> list[dict]:
    """For each targeted index or component: the province's latest score and the previous one
    (one query). Scores belong to the province as it was; for a current province, to the
    former provinces it was formed from, each labelled."""
    targets = list(initiative.targets.all())
    province = initiative.province
    if not targets or province is None:
        return [{"target": t, "series": []} for t in targets]
    provinces = [province]
    if province.is_current:
        provinces += list(AdministrativeUnit.objects.provinces().filter(successor=province))
    wanted_components = {t.component_id for t in targets if t.component_id}
    wanted_totals = {t.index_id for t in targets if not t.component_id}
    scores = (
        Score.objects.filter(
            province__in=provinces, edition__index__in={t.index_id for t in targets}
        )
        .select_related("edition", "province")
        .order_by("-edition__year")
    )
    by_key: dict[tuple, list[Score]] = defaultdict(list)
    for score in scores:
        if score.component_id in wanted_components or (
            score.component_id is None and score.edition.index_id in wanted_totals
        ):
            by_key[(score.edition.index_id, score.component_id, score.province_id)].append(score)
    result = []
    for target in targets:
        series = []
        for unit in provinces:
            history = by_key.get((target.index_id, target.component_id, unit.pk), [])
            if not history:
                continue
            latest = history[0]
            previous = history[1] if len(history) > 1 else None
            change = None
            if (
                previous
                and latest.value is not None
                and previous.value is not None
                and not latest.edition.breaks_comparability
            ):
                change = latest.value - previous.value
            series.append(
                {"province": unit, "latest": latest, "previous": previous, "change": change}
            )
        result.append({"target": target, "series": series})
    return result


def context(initiative: Initiative) -> dict:
    locality = initiative.locality
    same_kind: list[Initiative] = []
    more_same_kind = False
    if initiative.model_key:
        # Model names compared folded (the indexed model key): the first few by folded title
        # (read in the order of the index initiative_same_model), and a link to the catalogue's
        # search for the rest.
        same_kind = list(
            Initiative.objects.published()
            .filter(model_key=initiative.model_key)
            .exclude(pk=initiative.pk)
            .select_related("locality", "current_province")
            .defer(*LONG_TEXT_FIELDS)
            .order_by(TITLE_SORT_KEY, "pk")[: SAME_KIND_SHOWN + 1]
        )
        more_same_kind = len(same_kind) > SAME_KIND_SHOWN
        same_kind = same_kind[:SAME_KIND_SHOWN]
    return {
        "initiative": initiative,
        "place": hierarchy_label(locality),
        "former_place": locality.valid_to is not None,
        # "nay thuộc tỉnh Thanh Hóa": the current province's name inside the sentence.
        "now_in": in_sentence(initiative.current_province) if initiative.current_province else "",
        "replications": list(
            initiative.replications.filter(status=Initiative.Status.APPROVED).select_related(
                "locality"
            )
        ),
        "same_kind": same_kind,
        "more_same_kind": more_same_kind,
        "targets": target_scores(initiative),
    }
