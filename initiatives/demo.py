"""Demo initiatives: those named in the seed articles (fixtures/initiatives/), each with its
source. Units are resolved by name among the pre-2025 units the articles refer to."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Field

from indicators.models import Component
from indicators.reference import PAR_AREAS
from initiatives.columns import COLUMNS
from initiatives.models import Initiative, Outcome, ReformArea, Source
from localities.models import AdministrativeUnit
from localities.resolve import PlaceError, PlaceResolver

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "initiatives" / "demo_initiatives.json"
#: The articles describe units before the 2025 reorganisation.
ARTICLE_YEAR = 2024


class DemoDataError(ValueError):
    pass


def resolve_locality(spec: dict, places: PlaceResolver) -> AdministrativeUnit:
    try:
        return places.resolve(
            spec["province"], spec.get("district", ""), spec.get("commune", ""), year=ARTICLE_YEAR
        )
    except PlaceError as exc:
        raise DemoDataError(exc.message) from exc


def ensure_reform_areas() -> None:
    """The eight PAR areas (also created by migration 0002; a flushed test database or an
    admin's deletion is repaired here), each linked to its PAR-Index component."""
    components = {c.code: c for c in Component.objects.filter(index__code="par-index")}
    for order, (code, name_vi, name_en) in enumerate(PAR_AREAS, start=1):
        area, _created = ReformArea.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "order": order}
        )
        if area.par_component_id is None and code in components:
            area.par_component = components[code]
            area.save(update_fields=["par_component"])


def replicated_from(title: str, by_title: dict[str, Initiative]) -> Initiative | None:
    """A record of this file, or one loaded before (a demo file that builds on another)."""
    if not title:
        return None
    return by_title.get(title) or Initiative.objects.filter(title=title).first()


@transaction.atomic
def _default(name: str) -> object:
    """The default of an Initiative field (a concrete one: a spreadsheet column's)."""
    field = Initiative._meta.get_field(name)
    assert isinstance(field, Field)
    return field.get_default()


def load_demo_initiatives(path: Path = DEMO_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    ensure_reform_areas()
    areas = {a.code: a for a in ReformArea.objects.all()}
    by_title: dict[str, Initiative] = {}
    counts = {"created": 0, "updated": 0}
    places = PlaceResolver()
    for spec in data["initiatives"]:
        fields = {
            # Every field a spreadsheet column declares, as the demo file spells its value (the
            # choice's value, 2019, 2023-12-25), or the field's default.
            **{
                column.field: spec.get(column.key, _default(column.field))
                for column in COLUMNS
                if column.field and column.field != "title"
            },
            "locality": resolve_locality(spec["locality"], places),
            "status": Initiative.Status.APPROVED,
            "replicated_from": replicated_from(spec.get("replicated_from", ""), by_title),
        }
        initiative = Initiative.objects.filter(title=spec["title"]).first()
        if initiative is None:
            initiative = Initiative(title=spec["title"], **fields)
            counts["created"] += 1
        else:
            for name, value in fields.items():
                setattr(initiative, name, value)
            counts["updated"] += 1
        initiative.full_clean(exclude=["slug"])
        initiative.save()
        by_title[spec["title"]] = initiative

        unknown = [code for code in spec.get("areas", []) if code not in areas]
        if unknown:
            raise DemoDataError(f"Lĩnh vực không có: {unknown}")
        initiative.areas.set([areas[code] for code in spec.get("areas", [])])

        try:
            initiative.set_targets(spec.get("targets", []))
        except ValueError as exc:
            raise DemoDataError(f"{spec['title']}: {exc}") from exc

        initiative.outcomes.all().delete()
        for outcome in spec.get("outcomes", []):
            Outcome.objects.create(
                initiative=initiative,
                label=outcome["label"],
                value=Decimal(outcome["value"]),
                unit=outcome.get("unit", ""),
                year=outcome.get("year"),
            )

        initiative.sources.all().delete()
        for key in spec.get("sources", []):
            source = data["sources"][key]
            Source.objects.create(
                initiative=initiative,
                title=source["title"],
                publisher=source.get("publisher", ""),
                published_on=datetime.date.fromisoformat(source["published_on"])
                if source.get("published_on")
                else None,
                url=source.get("url", ""),
            )
    return counts
