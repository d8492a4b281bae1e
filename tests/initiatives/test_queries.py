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

LIST_PARAMS = {"q": "dong loat", "tinh": "38", "cap": "xa"}


def bulk_initiatives(n: int) -> list[Initiative]:
    """``n`` approved commune initiatives in Đông Tiến matching LIST_PARAMS, each with two
    areas and two targets (a whole index and a component), created with bulk_create."""
    commune = dong_tien()
    province = commune.parent.parent
    current = province.successor if province.valid_to else province
    items = []
    for k in range(n):
        title = f"Mô hình đồng loạt số {k:04d}"
        summary = "Sáng kiến tạo hàng loạt để khóa số truy vấn."
        unit = "UBND xã Đông Tiến"
        items.append(
            Initiative(
                title=title,
                slug=f"mo-hinh-dong-loat-so-{k:04d}",
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
        created = list(Initiative.objects.filter(slug__startswith="mo-hinh-dong-loat-so-"))
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


#: Few and many: many is more pages than the list shows and more rows than one chunk of the
#: export (1,000), so whatever would grow with the rows shows in the count.
FEW_AND_MANY = [20, 1200]


@pytest.mark.parametrize("n", FEW_AND_MANY)
def test_list_page_query_count_is_constant(
    client, demo_data, django_assert_num_queries, settings, n
):
    # The rendering's queries: the whole-page cache (tests/site/test_page_cache.py) is off.
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    bulk_initiatives(n)
    # Measured, cache empty: the provinces (labels) + 7 grouped facet queries (the total is
    # read from the level facet: no count) + the page's 20 keys + those rows + 4 prefetches
    # (areas, targets, their indices, components) + the province names (place suggestions)
    # = 15.
    with django_assert_num_queries(15):
        response = client.get("/sang-kien/", LIST_PARAMS)
    assert response.status_code == 200
    assert f"<strong>{n} sáng kiến</strong>" in response.content.decode()
    # Then the counts come from the cache: the page (keys, rows) and its 4 prefetches only.
    for params in (LIST_PARAMS, {**LIST_PARAMS, "page": "2"}):
        with django_assert_num_queries(6):
            response = client.get("/sang-kien/", params)
        assert f"<strong>{n} sáng kiến</strong>" in response.content.decode()


@pytest.mark.parametrize("n", FEW_AND_MANY)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_is_constant(client, demo_data, django_assert_num_queries, n, fmt):
    bulk_initiatives(n)
    # Measured: the names of areas, indices and components + 1 select of the rows (read in
    # chunks of 1,000 from one cursor) + per chunk its areas and its targets; they run as the
    # body is read.
    with django_assert_num_queries(4 + 2 * -(-n // 1000)):
        response = client.get("/sang-kien/", {**LIST_PARAMS, "format": fmt})
        body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response.streaming
    if fmt == "csv":
        assert body.decode("utf-8").count("Mô hình đồng loạt số") == n


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


@pytest.mark.parametrize("n", FEW_AND_MANY)
def test_empty_result_with_chosen_options_is_constant(
    client, demo_data, django_assert_num_queries, n
):
    bulk_initiatives(n)
    params = {"q": "dong loat", "tinh": "77-cu", "thanh_phan": "pci:gia-nhap-thi-truong"}
    # Measured: the provinces (labels) + 7 facet aggregates (no page, no prefetch: nothing
    # matches) + the labels of the two chosen options that match nothing (the former province,
    # the component) + 2 look-ups of the search words (both exist: no correction to offer)
    # + the province names (place suggestions) = 13.
    with django_assert_num_queries(13):
        response = client.get("/sang-kien/", params)
    html = response.content.decode()
    assert "<strong>0 sáng kiến</strong>" in html
    assert 'value="77-cu" id="f-tinh_cu-77-cu" checked>' in html
