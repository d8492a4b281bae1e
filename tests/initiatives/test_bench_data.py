"""The generator behind `make bench-pages` (scripts/bench_data.py) writes rows like real saves."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.utils.text import slugify

from initiatives.models import Initiative, InitiativeTarget
from localities.text import fold

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_data.py"


def bench_data():
    spec = importlib.util.spec_from_file_location("bench_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_data", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_generated_initiatives_look_like_saved_ones(demo_data, db):
    module = bench_data()
    before = Initiative.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    assert module.build_initiatives(60, seed=7) == 60

    rows = list(
        Initiative.objects.filter(pk__gt=before)
        .select_related("locality", "province", "current_province")
        .prefetch_related("areas", "targets")
        .order_by("pk")
    )
    assert len(rows) == 60
    model_names = {name for name, _areas, _targets in module.MODELS}
    for row in rows:
        # The derived columns are the ones Initiative.save would have computed.
        fresh = Initiative.objects.get(pk=row.pk)
        fresh.refresh_derived()
        assert (row.province_id, row.current_province_id, row.search_text) == (
            fresh.province_id,
            fresh.current_province_id,
            fresh.search_text,
        )
        assert row.province is not None and row.current_province.valid_to is None
        assert row.search_text.startswith(" ") and fold(row.locality.short_name) in row.search_text
        assert row.slug.startswith(slugify(fold(row.title))[:200])
        # Vietnamese, from a real reform model, placed in its unit.
        assert row.model_name in model_names
        assert any(not ch.isascii() for ch in row.title)
        assert row.summary and row.implementing_unit and row.place_as_written
        assert row.areas.all() and row.targets.all()
    assert len({row.slug for row in rows}) == 60
    assert len({row.current_province_id for row in rows}) >= 5
    assert {row.level for row in rows} == {"tinh", "huyen", "xa"}
    assert sum(row.status == "approved" for row in rows) >= 45
    assert len({row.created_at.year for row in rows}) >= 4
    assert InitiativeTarget.objects.filter(initiative__in=rows, component__isnull=False).exists()

    # Deterministic for a seed: the same titles again (slugs then take a suffix).
    module.build_initiatives(60, seed=7)
    again = Initiative.objects.filter(pk__gt=rows[-1].pk).order_by("pk")
    assert [r.title for r in again] == [r.title for r in rows]
    assert not {r.slug for r in again} & {r.slug for r in rows}
