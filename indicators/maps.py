"""Province maps drawn on the server: a choropleth of an edition's scores, a map of counts, a
locator map. SVG strings, so a map works without JavaScript, prints, and is a list of links.

The boundaries are ``fixtures/geo/provinces_63.topojson`` (the 63 provinces until 30/06/2025)
and ``provinces_34.topojson`` (the 34 from 01/07/2025): Open Development Vietnam's, CC BY-SA
4.0, simplified (``fixtures/geo/ATTRIBUTION.md``). Each file is decoded once per process
(TopoJSON arcs, delta-decoded and de-quantised with the file's transform) and projected
equirectangularly with the longitude scaled by cos(latitude), which is close enough for a
country 15° tall. The projection fits the whole collection, islands included: the Hoàng Sa
and Trường Sa archipelagos are always drawn and labelled.

This module lives in ``indicators``: its maps colour provinces by scores and tiers, and the
pages above (the catalogue in ``initiatives``, the profile in ``reform_portal``) reuse it for
counts and locators; ``localities`` knows nothing of scores.
"""

from __future__ import annotations

import functools
import json
import math
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

GEO_DIR = Path(settings.BASE_DIR) / "fixtures" / "geo"
LAYER_FILES = {"63": "provinces_63.topojson", "34": "provinces_34.topojson"}
#: Width of the map in SVG units; the height follows the country's shape.
WIDTH = 600.0
MARGIN = 6.0

#: The archipelagos' names, translated (the file's own names are Vietnamese).
ARCHIPELAGO_NAMES = {
    "Quần đảo Hoàng Sa": gettext_lazy("Quần đảo Hoàng Sa"),
    "Quần đảo Trường Sa": gettext_lazy("Quần đảo Trường Sa"),
}

#: Sequential blues (ColorBrewer), lightest first; the best class gets the darkest.
PALETTE = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
#: Text on a class's colour: dark on the light ones, white on the dark ones.
NO_DATA_FILL = "url(#map-hatch)"
LOCATOR_FILL = "#d1d5db"
HIGHLIGHT_FILL = "#c2410c"

BOUNDARY_CREDIT_URL = "https://data.vietnam.opendevelopmentmekong.net/dataset/a-phn-tnh"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


@dataclass(frozen=True)
class Archipelago:
    name: str
    province_code: str
    x: float
    y: float


@dataclass(frozen=True)
class Layer:
    """One boundary file, projected: an SVG path per province code."""

    key: str
    width: float
    height: float
    paths: dict[str, str]
    archipelagos: tuple[Archipelago, ...]


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) of every arc: positions are deltas of quantised integers."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from its arcs; ~i (a negative index) is arc i reversed. Each arc after the first
    starts where the previous one ended, so its first point is dropped."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _rings(geometry: dict, arcs) -> list[list[tuple[float, float]]]:
    if geometry["type"] == "Polygon":
        return [_ring(r, arcs) for r in geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return [_ring(r, arcs) for polygon in geometry["arcs"] for r in polygon]
    return []


def _path(rings: Iterable[list[tuple[float, float]]], project, per_unit: int = 10) -> str:
    """ "M x y l dx dy … z" rounded to 1/per_unit of a unit, repeated points dropped."""
    parts = []
    for ring in rings:
        previous = None
        commands: list[str] = []
        for lon, lat in ring:
            x, y = project(lon, lat)
            point = (round(x * per_unit), round(y * per_unit))
            if point == previous:
                continue
            if previous is None:
                commands.append(f"M{point[0] / per_unit:g} {point[1] / per_unit:g}l")
            else:
                dx, dy = point[0] - previous[0], point[1] - previous[1]
                commands.append(f"{dx / per_unit:g} {dy / per_unit:g}")
            previous = point
        if len(commands) > 2:
            parts.append(" ".join(commands) + "z")
    return "".join(parts)


@functools.cache
def layer(key: str, per_unit: int = 10) -> Layer:
    """The 63- or 34-province layer, decoded and projected once per process; ``per_unit`` 1
    rounds to whole units, for small maps (a third of the bytes)."""
    topology = json.loads((GEO_DIR / LAYER_FILES[key]).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    provinces = topology["objects"]["provinces"]["geometries"]
    rings = {g["properties"]["code"]: _rings(g, arcs) for g in provinces}
    points = [p for ring_list in rings.values() for ring in ring_list for p in ring]
    lon_min, lon_max = min(p[0] for p in points), max(p[0] for p in points)
    lat_min, lat_max = min(p[1] for p in points), max(p[1] for p in points)
    k_lon = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((lon_max - lon_min) * k_lon)
    height = (lat_max - lat_min) * scale + 2 * MARGIN

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (MARGIN + (lon - lon_min) * k_lon * scale, MARGIN + (lat_max - lat) * scale)

    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    archipelagos = []
    for point in topology["objects"]["archipelagos"]["geometries"]:
        qx, qy = point["coordinates"]
        x, y = project(qx * sx + tx, qy * sy + ty)
        props = point["properties"]
        archipelagos.append(Archipelago(props["name"], props["province_code"], x, y))
    return Layer(
        key=key,
        width=WIDTH,
        height=round(height, 1),
        paths={code: _path(r, project, per_unit) for code, r in rings.items()},
        archipelagos=tuple(archipelagos),
    )


def layer_for_year(year: int) -> str:
    """The provinces of a year: the 63 until 2024, the 34 from 2025."""
    return "34" if year >= 2025 else "63"


# --- classes -----------------------------------------------------------------------------


@dataclass
class MapClass:
    label: str
    fill: str
    count: int = 0


@dataclass
class Area:
    """What one province shows: its name, its text ("70,00 (Tốt)"), its class and link."""

    code: str
    name: str
    text: str = ""
    klass: int | None = None
    href: str = ""

    @property
    def title(self) -> str:
        return f"{self.name}: {self.text}" if self.text else self.name


@dataclass
class Legend:
    heading: str
    classes: list[MapClass]
    no_data_label: str = ""
    no_data_count: int = 0


def palette(n: int, best_first: bool = True) -> list[str]:
    """n colours of :data:`PALETTE`, spread over it, darkest first when ``best_first``."""
    if n <= 0:
        return []
    if n == 1:
        colours = [PALETTE[-2]]
    else:
        step = (len(PALETTE) - 1) / (n - 1)
        colours = [PALETTE[round(i * step)] for i in range(n)]
    return colours[::-1] if best_first else colours


def equal_classes(low: Decimal, high: Decimal, n: int = 5) -> list[tuple[Decimal, Decimal]]:
    """n equal intervals from ``low`` to ``high``, lowest first."""
    step = (high - low) / n
    return [(low + step * i, low + step * (i + 1)) for i in range(n)]


def class_of(value: Decimal, bounds: list[tuple[Decimal, Decimal]]) -> int:
    """The interval a value falls in (the top one is closed; outside values go to the ends)."""
    for i, (_low, high) in enumerate(bounds):
        if value < high:
            return i
    return len(bounds) - 1


# --- SVG ---------------------------------------------------------------------------------


@dataclass
class Frame:
    """The text around a map that is downloaded: inside the SVG, over a white background."""

    title: str
    subtitle: str = ""
    source: str = ""
    lines: list[str] = field(default_factory=list)


def credit_text() -> str:
    return _("Ranh giới tỉnh: Open Development Vietnam, CC BY-SA 4.0, đã đơn giản hoá")


def _attr(value: object) -> str:
    return escape(str(value))


def render(
    layer_key: str,
    areas: dict[str, Area],
    *,
    legend: Legend | None = None,
    fills: Callable[[Area], str] | None = None,
    label: str = "",
    frame: Frame | None = None,
    css_class: str = "province-map",
    per_unit: int = 10,
) -> str:
    """The SVG of a layer. Each province with an ``Area`` is drawn with its class's colour,
    titled ("Hà Nội: 70,00 (Tốt)") and, with an ``href``, a link; provinces without a class are
    hatched as "no data". ``frame`` adds a title, a subtitle, the source and the credit, over a
    white background: the downloadable file."""
    geo = layer(layer_key, per_unit)
    colours = [c.fill for c in legend.classes] if legend else []
    top = 0.0
    if frame:
        top = 56.0 if frame.subtitle else 34.0
    map_height = geo.height
    notes = _wrapped([*frame.lines, frame.source, credit_text()]) if frame else []
    bottom_text = (len(notes) + 1) * 14.0 + 6 if frame else 0.0
    height = math.ceil(top + map_height + bottom_text)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {geo.width:g} {height:g}" width="{geo.width:g}" height="{height:g}" '
        f'class="{css_class}" aria-label="{_attr(label)}" '
        f'font-family="DejaVu Sans, Arial, sans-serif">',
        f"<title>{escape(label)}</title>" if label else "",
        '<defs><pattern id="map-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"/></pattern></defs>',
    ]
    if frame:
        out.append(f'<rect width="{geo.width:g}" height="{height:g}" fill="#ffffff"/>')
        out.append(
            f'<text x="{MARGIN}" y="22" font-size="17" font-weight="bold" fill="#111827">'
            f"{escape(frame.title)}</text>"
        )
        if frame.subtitle:
            out.append(
                f'<text x="{MARGIN}" y="44" font-size="12.5" fill="#374151">'
                f"{escape(frame.subtitle)}</text>"
            )
    out.append(f'<g transform="translate(0 {top:g})" stroke="#ffffff" stroke-width="0.4">')
    for code, d in geo.paths.items():
        area = areas.get(code)
        if fills is not None:
            fill = fills(area) if area else LOCATOR_FILL
        elif area is not None and area.klass is not None and area.klass < len(colours):
            fill = colours[area.klass]
        else:
            fill = NO_DATA_FILL
        path = f'<path d="{d}" fill="{fill}"/>'
        if area is None:
            out.append(path)
        elif area.href:
            out.append(
                f'<a href="{_attr(area.href)}" aria-label="{_attr(area.title)}" '
                f'data-code="{_attr(code)}"><title>{escape(area.title)}</title>{path}</a>'
            )
        else:
            out.append(
                f'<g data-code="{_attr(code)}"><title>{escape(area.title)}</title>{path}</g>'
            )
    out.append("</g>")
    for arch in geo.archipelagos:
        x, y = arch.x, arch.y + top
        name = str(ARCHIPELAGO_NAMES.get(arch.name, arch.name))
        # A label to the left of a point near the right edge, so it is not cut.
        side, anchor = (-1, "end") if x > geo.width * 0.7 else (1, "start")
        out.append(
            f'<g class="archipelago" data-province="{_attr(arch.province_code)}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="#6b7280" '
            f'stroke-width="0.8" stroke-dasharray="2 2"/>'
            f'<text x="{x + 12 * side:.1f}" y="{y + 4:.1f}" font-size="10" fill="#374151" '
            f'text-anchor="{anchor}">'
            f"{escape(name)}</text></g>"
        )
    if legend:
        out.append(_legend_svg(legend, geo.width * 0.56, top + 12))
    if frame:
        y = top + map_height + 14
        for text in notes:
            if text:
                out.append(
                    f'<text x="{MARGIN}" y="{y:g}" font-size="10" fill="#374151">'
                    f"{escape(text)}</text>"
                )
                y += 14
        out.append(
            f'<text x="{geo.width - MARGIN:g}" y="{y:g}" font-size="10" text-anchor="end" '
            f'fill="#111827" font-weight="bold">{escape(_("Cổng sáng kiến CCHC"))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _wrapped(lines: list[str], width: int = 100) -> list[str]:
    """Lines of the downloaded file's notes, wrapped to fit the map's width."""
    return [part for line in lines if line for part in textwrap.wrap(line, width)]


def _legend_svg(legend: Legend, x: float, y: float) -> str:
    out = [f'<g class="map-legend" transform="translate({x:g} {y:g})" font-size="10.5">']
    # "Chú giải: 5 khoảng đều của thang điểm 0–100" on two lines, so it fits beside the map.
    first, _colon, rest = legend.heading.partition(": ")
    for i, line in enumerate([first, rest] if rest else [first]):
        out.append(
            f'<text x="0" y="{10 + 13 * i}" font-weight="bold" fill="#111827">{escape(line)}</text>'
        )
    top = 13 if rest else 0
    rows = [(c.fill, f"{c.label} ({c.count})") for c in legend.classes]
    if legend.no_data_label:
        rows.append((NO_DATA_FILL, f"{legend.no_data_label} ({legend.no_data_count})"))
    for i, (fill, text) in enumerate(rows):
        row_y = top + 16 + i * 16
        out.append(
            f'<rect x="0" y="{row_y}" width="18" height="12" fill="{fill}" stroke="#6b7280" '
            f'stroke-width="0.5"/><text x="24" y="{row_y + 10}" fill="#111827">'
            f"{escape(text)}</text>"
        )
    out.append("</g>")
    return "".join(out)


# --- an edition's map --------------------------------------------------------------------


@dataclass
class MapRow:
    """A row of the table beside the map (every province of the period, mapped or not)."""

    unit: object
    name: str
    text: str
    klass_label: str
    on_map: bool
    fill: str = ""


@dataclass
class EditionMap:
    layer_key: str
    areas: dict[str, Area]
    legend: Legend
    rows: list[MapRow]
    #: "tiers" (the publisher's) or "equal" (equal intervals of the scale).
    kind: str


def _scale(edition, component, values: list[Decimal]) -> tuple[Decimal, Decimal, bool] | None:
    """(low, high, from the scale) of the map's intervals: the component's or the edition's
    scale; else the lowest and highest value shown."""
    source = component if component is not None else edition
    if (
        source.scale_min is not None
        and source.scale_max is not None
        and source.scale_max > source.scale_min
    ):
        return source.scale_min, source.scale_max, True
    # A component without a scale of its own is read on the index's scale only when its
    # values fall inside it.
    if (
        component is not None
        and edition.scale_min is not None
        and edition.scale_max is not None
        and values
        and min(values) >= edition.scale_min
        and max(values) <= edition.scale_max
    ):
        return edition.scale_min, edition.scale_max, True
    if values and max(values) > min(values):
        return min(values), max(values), False
    return None


def edition_map(edition, component, units: list, scores: list, href: Callable) -> EditionMap:
    """The choropleth of an edition (its total, or one component): the publisher's tiers
    when the total's scores carry them, else 5 equal intervals of the scale."""
    from indicators.formatting import score as number
    from indicators.formatting import score_text

    year = edition.year
    key = layer_for_year(year)
    by_unit = {s.province_id: s for s in scores}
    best_first = edition.index.higher_is_better
    tier_of: dict[int, str] = {}
    if component is None:
        for s in scores:
            tier = s.tier or (edition.tier_for(s.value) if s.value is not None else "")
            if tier:
                tier_of[s.province_id] = tier
    unclassed_label = ""
    if tier_of:
        kind = "tiers"
        # The publisher's tiers, best first: as the edition lists them, else by their scores.
        order = [t["label"] for t in edition.tiers]
        top: dict[str, Decimal] = {}
        for s in scores:
            tier = tier_of.get(s.province_id)
            if tier and s.value is not None:
                top[tier] = max(top.get(tier, s.value), s.value)
        labels = order + sorted(
            (t for t in set(tier_of.values()) if t not in order),
            key=lambda t: top.get(t, Decimal(0)),
            reverse=best_first,
        )
        labels = [t for t in labels if t in set(tier_of.values())]
        classes = [
            MapClass(label, fill) for label, fill in zip(labels, palette(len(labels)), strict=True)
        ]
        heading = _("Chú giải: nhóm xếp hạng của %(publisher)s") % {
            "publisher": edition.index.publisher
        }

        def classify(s) -> int | None:
            tier = tier_of.get(s.province_id)
            return labels.index(tier) if tier else None

        if any(s.value is not None and s.province_id not in tier_of for s in scores):
            unclassed_label = _("Có điểm, không rõ nhóm")
    else:
        kind = "equal"
        values = [s.value for s in scores if s.value is not None]
        scale = _scale(edition, component, values)
        bounds = equal_classes(scale[0], scale[1]) if scale else []
        # Highest interval first in the legend; the darkest is the best.
        intervals = bounds[::-1]
        colours = palette(len(intervals), best_first=best_first)
        classes = [
            MapClass(f"{number(low)}–{number(high)}", fill)
            for (low, high), fill in zip(intervals, colours, strict=True)
        ]
        if scale and scale[2]:
            heading = _("Chú giải: %(n)s khoảng đều của thang điểm %(low)s–%(high)s") % {
                "n": len(bounds),
                "low": number(scale[0]),
                "high": number(scale[1]),
            }
        else:
            heading = _("Chú giải: %(n)s khoảng đều từ điểm thấp nhất đến cao nhất") % {
                "n": len(bounds)
            }

        def classify(s) -> int | None:
            if not bounds or s.value is None:
                return None
            found = class_of(s.value, bounds)
            if s.alt_value is not None and class_of(s.alt_value, bounds) != found:
                return None  # two sources that fall in different intervals: not coloured
            return len(bounds) - 1 - found

    if unclassed_label:
        classes.append(MapClass(unclassed_label, "#9ca3af"))
    geo = layer(key)
    areas: dict[str, Area] = {}
    rows: list[MapRow] = []
    no_data = 0
    for unit in units:
        name = unit.short_name_in(year)
        s = by_unit.get(unit.pk)
        klass = classify(s) if s is not None else None
        if s is not None and klass is None and unclassed_label and s.value is not None:
            klass = len(classes) - 1
        text = score_text(s) if s is not None else _("không có số liệu")
        tier = tier_of.get(unit.pk, "")
        if tier:
            text = f"{text} ({tier})"
        on_map = unit.code in geo.paths
        if klass is None:
            no_data += on_map
        else:
            classes[klass].count += 1
        if on_map:
            areas[unit.code] = Area(unit.code, name, text, klass, href(unit))
        rows.append(
            MapRow(
                unit=unit,
                name=name,
                text=score_text(s) if s is not None else "—",
                klass_label=classes[klass].label if klass is not None else _("Không có số liệu"),
                on_map=on_map,
                fill=classes[klass].fill if klass is not None else "",
            )
        )
    legend = Legend(heading, classes, _("Không có số liệu"), no_data)
    return EditionMap(key, areas, legend, rows, kind)


def period_provinces(year: int):
    """The provinces of an edition's year, with their name periods: the 63 (64 until 2008)
    until 2024, the 34 from 2025. Two queries."""
    from localities.models import AdministrativeUnit

    units = AdministrativeUnit.objects.provinces()
    units = units.current() if layer_for_year(year) == "34" else units.former().valid_in(year)
    return list(units.prefetch_related("name_periods").order_by("code"))


def province_href(unit) -> str:
    """The profile of a province: /tinh/<code>/ today's, /tinh-cu/<code>/ a former one."""
    from django.urls import reverse

    name = "province_detail" if unit.valid_to is None else "former_province_detail"
    return reverse(name, args=[unit.code])


def count_classes(highest: int, n: int = 4) -> list[tuple[int, int]]:
    """Classes of counts from 1 to ``highest``, lowest first: (1, 1), (2, 3), … at most n,
    each at least one wide."""
    if highest <= 0:
        return []
    n = min(n, highest)
    edges = [1 + round(i * highest / n) for i in range(n)] + [highest + 1]
    return [(edges[i], edges[i + 1] - 1) for i in range(n)]


def count_map(units: list, counts: dict[str, int], href: Callable, noun: str) -> EditionMap:
    """A map of counts per province code (initiatives per current province): a class for 0,
    then up to 4 classes of the counts. ``noun`` is the count's text, "%(n)s sáng kiến"."""
    bounds = count_classes(max(counts.values(), default=0))
    colours = palette(len(bounds))  # darkest first: the most
    classes = [
        MapClass(f"{low}" if low == high else f"{low}–{high}", fill)
        for (low, high), fill in zip(bounds[::-1], colours, strict=True)
    ]
    classes.append(MapClass("0", "#f3f4f6"))
    heading = _("Chú giải: số sáng kiến đã công bố")

    def klass(count: int) -> int:
        if count == 0:
            return len(classes) - 1
        for i, (low, high) in enumerate(bounds[::-1]):
            if low <= count <= high:
                return i
        return 0

    areas, rows = {}, []
    for unit in units:
        count = counts.get(unit.code, 0)
        k = klass(count)
        classes[k].count += 1
        text = noun % {"n": count}
        areas[unit.code] = Area(unit.code, unit.short_name, text, k, href(unit))
        rows.append(
            MapRow(unit, unit.short_name, str(count), classes[k].label, True, classes[k].fill)
        )
    return EditionMap("34", areas, Legend(heading, classes), rows, "counts")


def locator(unit) -> str:
    """A small map with one province highlighted and the others grey, no links: the 34 for
    a current province, the 63 for a former one (Hà Tây, with no boundary, gets none)."""
    key = "34" if unit.valid_to is None else "63"
    if unit.code not in layer(key).paths:
        return ""
    areas = {unit.code: Area(unit.code, unit.short_name)}
    return render(
        key,
        areas,
        fills=lambda area: HIGHLIGHT_FILL,
        label=_("Vị trí của %(name)s trên bản đồ") % {"name": unit.short_name},
        css_class="province-map locator-map",
        per_unit=1,
    )
