"""The demo initiatives: loaded from the seed articles, idempotent, each with its source."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, InitiativeTarget, Outcome, Source

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    return {
        "initiatives": Initiative.objects.count(),
        "targets": InitiativeTarget.objects.count(),
        "outcomes": Outcome.objects.count(),
        "sources": Source.objects.count(),
        "areas": Initiative.areas.through.objects.count(),
        "slugs": sorted(Initiative.objects.values_list("slug", flat=True)),
    }


def test_loading_twice_gives_16_without_duplicates(demo_data):
    before = snapshot()
    assert before["initiatives"] == 16
    out = io.StringIO()
    call_command("load_demo_initiatives", stdout=out)
    assert out.getvalue().strip() == "Sáng kiến mẫu: 0 mới, 16 cập nhật"
    call_command("load_demo_initiatives", verbosity=0)
    assert snapshot() == before
    titles = list(Initiative.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)) == 16
    assert Initiative.objects.published().count() == 16


def test_every_demo_initiative_has_a_source_area_and_target(demo_data):
    for item in Initiative.objects.prefetch_related("sources", "areas", "targets"):
        assert item.sources.all(), item.title
        assert all(s.title for s in item.sources.all())
        assert item.areas.all(), item.title
        assert item.targets.all(), item.title
        assert item.province is not None and item.current_province is not None
        assert item.search_text.startswith(" ") and item.search_text.endswith(" ")


def test_demo_places_are_the_units_the_articles_name(demo_data):
    tho_xuan = Initiative.objects.get(title="Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC")
    assert tho_xuan.level == Initiative.Level.DISTRICT
    assert tho_xuan.locality.name == "Huyện Thọ Xuân"
    long_hai = Initiative.objects.get(title="Ngày thứ bảy lắng nghe dân nói")
    assert long_hai.locality.name == "Thị trấn Long Hải"
    assert long_hai.province.code == "77" and long_hai.current_province.code == "79"
    copy = Initiative.objects.get(title__startswith="Chính quyền thân thiện, vì Nhân dân")
    assert copy.replicated_from is None  # the articles name no origin record: none is invented
    first = copy.outcomes.first()
    assert (first.value, first.unit, first.year) == (98, "%", 2023)
