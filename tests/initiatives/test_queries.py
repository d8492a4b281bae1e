"""Constant query counts: the list (with search and a filter), the detail page and the
downloads do not grow with the number of initiatives, targets or sources."""

from __future__ import annotations

import itertools

import pytest

from indicators.models import Component, Index
from initiatives import cache
from initiatives.models import Initiative, InitiativeTarget, Outcome, ReformArea, Source
from initiatives.search import search_column

from .helpers import dong_tien, make_initiative

pytestmark = pytest.mark.django_db

LIST_PARAMS = {"tinh": "38", "cap": "xa"}
#: Two sets of initiatives, told apart by one word of their titles: 20 and 2,000 rows.
SIZES = {20: "nho", 2000: "lon"}
WORDS = {"nho": "nhỏ", "lon": "lớn"}


def bulk_initiatives(n: int, word: str) -> list[Initiative]:
    """``n`` approved commune initiatives in Đông Tiến matching LIST_PARAMS and the search
    "dong loat <word>", each with two areas and two targets (a whole index and a component),
    created with bulk_create."""
    commune = dong_tien()
    province = commune.parent.parent
    current = province.successor if province.valid_to else province
    items = []
    for k in range(n):
        title = f"Mô hình đồng loạt {WORDS[word]} số {k:04d}"
        summary = "Sáng kiến tạo hàng loạt để khóa số truy vấn."
        unit = "UBND xã Đông Tiến"
        items.append(
            Initiative(
                title=title,
                slug=f"mo-hinh-dong-loat-{word}-so-{k:04d}",
                summary=summary,
                implementing_unit=unit,
                locality=commune,
                province=province,
                current_province=current,
                level=Initiative.Level.COMMUNE,
                stage=Initiative.Stage.RUNNING if k % 2 else Initiative.Stage.PILOT,
                start_year=2015 + k % 8,
                status=Initiative.Status.APPROVED,
                search_text=search_column(title, summary, unit, commune.name, province.name),
            )
        )
    created = Initiative.objects.bulk_create(items)
    if not all(i.pk for i in created):  # SQLite before RETURNING: read the keys back
        created = list(Initiative.objects.filter(slug__startswith=f"mo-hinh-dong-loat-{word}-"))
    areas = list(ReformArea.objects.order_by("order"))
    indices = list(Index.objects.order_by("pk"))
    components = list(Component.objects.select_related("index").order_by("pk")[:12])
    through = Initiative.areas.through
    through.objects.bulk_create(
        through(initiative_id=item.pk, reformarea_id=area.pk)
        for k, item in enumerate(created)
        for area in {areas[k % len(areas)], areas[(k + 3) % len(areas)]}
    )
    InitiativeTarget.objects.bulk_create(
        itertools.chain.from_iterable(
            (
                InitiativeTarget(initiative_id=item.pk, index=indices[k % len(indices)]),
                InitiativeTarget(
                    initiative_id=item.pk,
                    index=components[k % len(components)].index,
                    component=components[k % len(components)],
                ),
            )
            for k, item in enumerate(created)
        )
    )
    cache.bump()  # bulk_create sends no post_save: invalidate the cached counts
    return created


@pytest.fixture(scope="module")
def bulk(django_db_setup, django_db_blocker, demo_data):
    """Both sets, built once for the module's tests and rolled back after them."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        for n, word in SIZES.items():
            bulk_initiatives(n, word)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("n", list(SIZES))
def test_list_page_query_count_is_constant(client, bulk, django_assert_num_queries, n):
    # Measured: 1 count + 1 page + 4 prefetches (areas, targets, their indices, components)
    # + 7 facet aggregates + 2 option-name look-ups (areas, components) = 15.
    with django_assert_num_queries(15):
        response = client.get("/sang-kien/", {**LIST_PARAMS, "q": f"dong loat {SIZES[n]}"})
    assert response.status_code == 200
    assert f"<strong>{n} sáng kiến</strong>" in response.content.decode()
    # Then the counts come from the cache: the page (keys, rows) and its 4 prefetches only.
    for params in (LIST_PARAMS, {**LIST_PARAMS, "page": "2"}):
        with django_assert_num_queries(6):
            response = client.get("/sang-kien/", params)
        assert f"<strong>{n} sáng kiến</strong>" in response.content.decode()


@pytest.mark.parametrize("n", list(SIZES))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_is_constant(client, bulk, django_assert_num_queries, n, fmt):
    # Measured: 1 select of the rows + 4 prefetches (areas, targets, indices, components).
    with django_assert_num_queries(5):
        params = {**LIST_PARAMS, "q": f"dong loat {SIZES[n]}", "format": fmt}
        response = client.get("/sang-kien/", params)
    assert response.status_code == 200
    assert response.streaming
    if fmt == "csv":
        text = response.content.decode("utf-8")
        assert text.count("Mô hình đồng loạt") == text.count(f"đồng loạt {WORDS[SIZES[n]]}") == n


def detailed_initiative(targets: int, sources: int) -> Initiative:
    """An approved initiative in (former) Thanh Hóa with PAPI component targets (which have
    scores), sources, outcomes, areas, a replication and a sibling of the same model."""
    item = make_initiative(title="Sáng kiến đo truy vấn", model_name="Mô hình đo truy vấn")
    make_initiative(title="Cùng mô hình đo truy vấn", model_name="Mô hình đo truy vấn")
    make_initiative(title="Nhân rộng đo truy vấn", replicated_from=item)
    item.areas.set(ReformArea.objects.all()[:targets])
    for component in Component.objects.filter(index__code="papi", parent__isnull=True).order_by(
        "order"
    )[:targets]:
        InitiativeTarget.objects.create(initiative=item, index=component.index, component=component)
    for k in range(sources):
        Source.objects.create(initiative=item, title=f"Nguồn {k}", url=f"https://example.vn/{k}")
        Outcome.objects.create(initiative=item, label=f"Kết quả {k}", value=k, unit="%")
    assert item.targets.count() == targets
    return item


@pytest.mark.parametrize(("targets", "sources"), [(1, 1), (5, 5)])
def test_detail_page_query_count_is_constant(
    client, demo_data, django_assert_num_queries, targets, sources
):
    item = detailed_initiative(targets, sources)
    # Measured: 1 initiative with its places + 7 prefetches (areas, targets, indices,
    # components, outcomes, sources, attachments) + 1 same model elsewhere + 1 replications
    # + 1 scores of the targeted indicators = 11 (a former province: no successor look-up).
    with django_assert_num_queries(11):
        response = client.get(item.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<a href="/chi-so/papi/2016/">2016</a>') == targets
    assert html.count("https://example.vn/") == sources
    assert "Cùng mô hình đo truy vấn" in html and "Nhân rộng đo truy vấn" in html


@pytest.mark.parametrize("n", list(SIZES))
def test_empty_result_with_chosen_options_is_constant(client, bulk, django_assert_num_queries, n):
    params = {
        "q": f"dong loat {SIZES[n]}",
        "tinh": "77-cu",
        "thanh_phan": "pci:gia-nhap-thi-truong",
    }
    # Measured: 1 count (no page, no prefetch: nothing matches) + 7 facet aggregates + 2
    # option-name look-ups (areas, components) + the labels of the two chosen options that
    # match nothing (the former province, the component) = 12.
    with django_assert_num_queries(12):
        response = client.get("/sang-kien/", params)
    html = response.content.decode()
    assert "<strong>0 sáng kiến</strong>" in html
    assert 'value="77-cu" id="f-tinh_cu-77-cu" checked>' in html
