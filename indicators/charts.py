"""Chart data of a score series (profile and compare pages), split at method breaks.

A line never joins two points across a break (a change of scale, such as PAPI's 6–60 → 8–80
in 2018, or an edition marked ``breaks_comparability``): each series is split into one dataset
per method period, and the breaks are listed for static/js/charts.js to draw as dashed lines.
"""

from __future__ import annotations

import itertools

from django.utils.translation import gettext as _

from indicators.formatting import score
from indicators.models import Edition, Score


def break_indexes(years: list[int], editions: dict[int, Edition]) -> list[int]:
    """Positions i in ``years`` such that years[i-1] and years[i] are across a break."""
    return [
        i
        for i in range(1, len(years))
        if years[i] in editions
        and years[i - 1] in editions
        and editions[years[i]].breaks_from(editions[years[i - 1]])
    ]


def _scale(edition: Edition) -> str:
    if edition.scale_max is None:
        return ""
    return _("thang %(low)s–%(high)s") % {
        "low": score(edition.scale_min).removesuffix(",00").removesuffix(".00"),
        "high": score(edition.scale_max).removesuffix(",00").removesuffix(".00"),
    }


def _value(score: Score | None) -> float | None:
    """A point of the chart: the score's value, None when there is none."""
    return float(score.value) if score is not None and score.value is not None else None


def line_chart(
    title: str,
    years: list[int],
    series: list[tuple[str, dict[int, Score]]],
    editions: dict[int, Edition],
) -> dict:
    """{"title", "years", "series": [{"label", "values", "color"}], "breaks": [...]}; a series
    of points on both sides of a break becomes two datasets of the same colour."""
    breaks = break_indexes(years, editions)
    bounds = [0, *breaks, len(years)]
    periods = list(itertools.pairwise(bounds))
    datasets = []
    for color, (label, cells) in enumerate(series):
        values = [_value(cells.get(y)) for y in years]
        for start, end in periods:
            part = [v if start <= i < end else None for i, v in enumerate(values)]
            if all(v is None for v in part):
                continue
            scale = _scale(editions[years[start]]) if years[start] in editions else ""
            datasets.append(
                {
                    "label": f"{label} ({scale})" if breaks and scale else label,
                    "values": part,
                    "color": color,
                }
            )
    return {
        "title": title,
        "years": years,
        "series": datasets,
        "breaks": [
            {
                "index": i,
                "after": years[i - 1],
                "before": years[i],
                "label": _("Đổi phương pháp"),
            }
            for i in breaks
        ],
    }
