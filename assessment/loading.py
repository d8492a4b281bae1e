"""Load the PAR-Index criteria sets from their fixture, merging: a set or criterion is created
when missing and refreshed from the file unless an administrator saved it in the admin
(``edited_by_admin``); nothing is ever deleted."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from assessment.models import CriteriaSet, Criterion
from initiatives.demo import ensure_reform_areas
from initiatives.models import ReformArea

CRITERIA_FILE = Path(settings.BASE_DIR) / "fixtures" / "assessment" / "par_criteria.json"


class CriteriaFileError(ValueError):
    pass


@transaction.atomic
def load_criteria(path: Path = CRITERIA_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    ensure_reform_areas()
    areas = {a.code: a for a in ReformArea.objects.all()}
    counts = {"created": 0, "updated": 0, "kept": 0}
    existing_sets = {s.year: s for s in CriteriaSet.objects.all()}
    for spec in data["sets"]:
        fields = {
            "title": spec["title"],
            "source": spec.get("source", ""),
            "official_codes": spec.get("official_codes", False),
        }
        criteria_set = existing_sets.get(spec["year"])
        if criteria_set is None:
            criteria_set = CriteriaSet.objects.create(year=spec["year"], **fields)
            counts["created"] += 1
        elif criteria_set.edited_by_admin:
            counts["kept"] += 1
        else:
            _update(criteria_set, fields, counts)
        existing = {c.code: c for c in criteria_set.criteria.all()}
        for order, item in enumerate(spec["criteria"], start=1):
            if item["area"] not in areas:
                raise CriteriaFileError(
                    f"{spec['year']} {item['code']}: lĩnh vực không có: {item['area']}"
                )
            fields = {
                "title": item["title"],
                "area": areas[item["area"]],
                "order": item.get("order", order),
                "source": item.get("source", "")[:300],
            }
            criterion = existing.get(item["code"])
            if criterion is None:
                Criterion.objects.create(criteria_set=criteria_set, code=item["code"], **fields)
                counts["created"] += 1
            elif criterion.edited_by_admin:
                counts["kept"] += 1
            else:
                _update(criterion, fields, counts)
    return counts


def _update(row, fields: dict, counts: dict[str, int]) -> None:
    changed = [name for name, value in fields.items() if getattr(row, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(row, name, fields[name])
    row.save(update_fields=changed)
    counts["updated"] += 1
