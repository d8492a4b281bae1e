"""The catalogue, search, profile, home and exports at scale: bounded query counts, indexes
(PostgreSQL EXPLAIN), cached counts invalidated on write, and search that people can use
(every word in any order, typos, abbreviations, place pages) with the same results on both
databases."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from initiatives.filters import InitiativeFilter, count_facets
from initiatives.models import Initiative
from localities.models import AdministrativeUnit

from .helpers import make_initiative, result_titles
from .test_queries import bulk_initiatives

pytestmark = pytest.mark.django_db


def commune_of(province: str) -> AdministrativeUnit:
    """The first pre-2025 commune (by code) of a former province."""
    return (
        AdministrativeUnit.objects.communes()
        .former()
        .filter(parent__parent__short_name=province, parent__parent__valid_to__isnull=False)
        .order_by("code")
        .first()
    )


@pytest.fixture
def places(demo_data):
    """One initiative in each place the search examples name."""
    return {
        "quang_ninh": make_initiative(
            title="Trung tâm phục vụ hành chính công tỉnh", locality=commune_of("Quảng Ninh")
        ),
        "binh_phuoc": make_initiative(
            title="Bộ phận một cửa hiện đại", locality=commune_of("Bình Phước")
        ),
        "hcm": make_initiative(title="Tổ tiếp dân lưu động", locality=commune_of("Hồ Chí Minh")),
        "brvt": make_initiative(
            title="Tổ tư vấn thủ tục đất đai", locality=commune_of("Bà Rịa - Vũng Tàu")
        ),
        "hue": make_initiative(title="Sổ tay công dân điện tử", locality=commune_of("Huế")),
    }


def found(client, query: str, **params) -> set[str]:
    response = client.get("/sang-kien/", {"q": query, **params})
    assert response.status_code == 200
    return set(result_titles(response))


def holding_every_word(*words: str) -> set[str]:
    """What the search must find, computed independently: published records whose column
    holds every word."""
    return {
        i.title
        for i in Initiative.objects.published()
        if all(f" {w} " in i.search_text for w in words)
    }


# --- search (both databases: same expected results) -------------------------------------------


def test_every_word_in_any_order_including_place_words(client, places):
    result = found(client, "trung tam quang ninh")
    assert places["quang_ninh"].title in result
    assert result == holding_every_word("trung", "tam", "quang", "ninh")
    assert found(client, "quang ninh trung tam") == result
    one_stop = found(client, "mot cua binh phuoc")
    assert places["binh_phuoc"].title in one_stop
    assert one_stop == holding_every_word("mot", "cua", "binh", "phuoc")


def test_results_are_ranked_phrase_first(client, places):
    make_initiative(title="Trung tâm dữ liệu của xã", summary="Ninh Quảng là tên thôn.")
    titles = result_titles(client.get("/sang-kien/", {"q": "trung tam"}))
    phrase = [t for t in titles if "trung tam" in t.lower().replace("â", "a")]
    assert titles[: len(phrase)] == phrase  # the words together, in the title, come first
    html = client.get("/sang-kien/", {"q": "trung tam"}).content.decode()
    assert '<option value="lien-quan" selected>Phù hợp nhất</option>' in html


def test_a_typo_still_finds_and_says_did_you_mean(client, places):
    response = client.get("/sang-kien/", {"q": "ngay thu bayy"})
    html = response.content.decode()
    assert set(result_titles(response)) == found(client, "ngay thu bay") != set()
    assert "Có phải bạn muốn tìm:" in html and "<strong>ngay thu bay</strong>" in html
    # A real word is never "corrected": nothing found, nothing suggested.
    html = client.get("/sang-kien/", {"q": "khong co sang kien nay"}).content.decode()
    assert "Có phải bạn muốn tìm" not in html and "<strong>0 sáng kiến</strong>" in html


@pytest.mark.parametrize(
    ("query", "place", "words"),
    [
        ("TP.HCM", "hcm", ("thanh", "pho", "ho", "chi", "minh")),
        ("BR-VT", "brvt", ("ba", "ria", "vung", "tau")),
        ("TT-Huế", "hue", ("hue",)),
        ("Thừa Thiên Huế", "hue", ("hue",)),
    ],
)
def test_abbreviations_of_places(client, places, query, place, words):
    result = found(client, query)
    assert places[place].title in result
    assert result == holding_every_word(*words)


def test_a_place_name_suggests_the_province_pages(client, demo_data):
    html = client.get("/sang-kien/", {"q": "Yen Bai"}).content.decode()
    links = re.search(r'<p class="mb-2" id="place-pages">(.*?)</p>', html).group(1)
    assert '<a href="/tinh-cu/15/">Tỉnh Yên Bái</a> (trước 2025)' in links
    assert 'nay thuộc <a href="/tinh/15/">Tỉnh Lào Cai</a>' in links
    assert "place-pages" not in client.get("/sang-kien/", {"q": "ngay thu bay"}).content.decode()


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "uncached", "cached"),
    [
        # provinces + 7 facets + keys + rows + 4 prefetches (+ province names when searching);
        # then, cached: keys + rows + 4 prefetches.
        ({}, 14, 6),
        # + the chosen area, validated once per request
        ({"tinh": "38", "cap": "xa", "linh_vuc": "cai-cach-tthc"}, 15, 7),
        ({"q": "dong loat"}, 15, 6),
        ({"page": "2"}, 14, 6),
        ({"sap_xep": "ten", "page": "3"}, 14, 6),
    ],
)
def test_catalogue_query_counts(
    client, demo_data, django_assert_num_queries, settings, params, uncached, cached
):
    # The rendering's queries: the whole-page cache (tests/site/test_page_cache.py) is off.
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    bulk_initiatives(300)
    with django_assert_num_queries(uncached):
        first = client.get("/sang-kien/", params)
    with django_assert_num_queries(cached):
        second = client.get("/sang-kien/", params)
    assert first.status_code == second.status_code == 200
    assert len(result_titles(second)) == 20


def test_profile_summarises_with_constant_queries(client, demo_data, django_assert_num_queries):
    province = AdministrativeUnit.objects.provinces().former().get(code="38")
    with CaptureQueriesContext(connection) as few:
        client.get("/tinh-cu/38/")
    bulk_initiatives(300)  # all in Đông Tiến, (former) Thanh Hóa
    with django_assert_num_queries(len(few)):
        html = client.get("/tinh-cu/38/").content.decode()
    total = Initiative.objects.published().filter(province=province).count()
    assert f"{total} sáng kiến đã duyệt" in html
    latest = re.search(r'<ul id="latest-initiatives">(.*?)</ul>', html).group(1)
    expected = list(
        Initiative.objects.published()
        .filter(province=province)
        .order_by("-updated_at", "-pk")
        .values_list("title", flat=True)[:20]
    )
    assert re.findall(r'<a href="/sang-kien/[^"]+">([^<]+)</a>', latest) == expected
    assert '<a href="/sang-kien/?tinh=38-cu" id="catalogue-link">' in html
    # Counts by area: one row per area, the number matching the catalogue's facet.
    by_area = dict(
        re.findall(r'linh_vuc=([a-z-]+)">[^<]+</a></th><td class="num">(\d+)</td>', html)
    )
    facets = count_facets(
        Initiative.objects.published(),
        InitiativeFilter({"tinh": "38-cu"}, queryset=Initiative.objects.published()),
        {
            "tinh": ["38-cu"],
            "cap": [],
            "linh_vuc": [],
            "chi_so": [],
            "thanh_phan": [],
            "giai_doan": [],
            "nam": [],
        },
    )
    assert by_area == {o["value"]: str(o["count"]) for o in facets["linh_vuc"]}
    assert "2016: " in html  # counts by start year (2015 + k % 8)


def test_home_is_cached_and_invalidated_on_write(client, demo_data, django_assert_num_queries):
    def without_tokens(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    first = client.get("/").content.decode()
    with django_assert_num_queries(0):
        assert without_tokens(client.get("/").content.decode()) == without_tokens(first)
    n = Initiative.objects.published().count()
    assert f"Xem cả {n} sáng kiến" in first
    make_initiative(title="Sáng kiến vừa duyệt để thử bộ nhớ đệm")
    html = client.get("/").content.decode()
    assert f"Xem cả {n + 1} sáng kiến" in html
    assert "Sáng kiến vừa duyệt để thử bộ nhớ đệm" in html


def test_facet_counts_change_on_write(client, demo_data):
    def province_count(html: str) -> int:
        return int(
            re.search(
                r'id="f-tinh-38"[^>]*>\s*<label[^>]*>[^<]*<span class="badge[^"]*">(\d+)', html
            ).group(1)
        )

    before = client.get("/sang-kien/").content.decode()
    make_initiative(title="Sáng kiến mới để thử số đếm")
    after = client.get("/sang-kien/").content.decode()
    assert province_count(after) == province_count(before) + 1
    total = Initiative.objects.published().count()
    assert f"<strong>{total} sáng kiến</strong>" in after


def test_export_streams_the_filtered_list(client, demo_data):
    bulk_initiatives(45)
    params = {"tinh": "38", "cap": "xa"}
    expected = (
        Initiative.objects.published().filter(current_province__code="38", level="xa").count()
    )
    titles = []
    for page in range(1, -(-expected // 20) + 1):
        titles += result_titles(client.get("/sang-kien/", {**params, "page": page}))
    response = client.get("/sang-kien/", {**params, "format": "csv"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:-3]] == titles  # then the blank, source and licence lines
    assert (
        len(titles)
        == Initiative.objects.published().filter(current_province__code="38", level="xa").count()
    )


def test_xlsx_export_streams_the_same_rows(client, demo_data):
    bulk_initiatives(45)
    params = {"tinh": "38", "cap": "xa"}
    text = b"".join(client.get("/sang-kien/", {**params, "format": "csv"}).streaming_content)
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    response = client.get("/sang-kien/", {**params, "format": "xlsx"})
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="sang-kien.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [row[0] or "" for row in sheet.iter_rows(values_only=True)] == [
        line[0] if line else "" for line in lines
    ]


def test_xlsx_chunks_leave_before_the_rows_are_read_and_as_they_are():
    import hashlib

    from spreadsheets.reading import XLSX_ROWS_PER_CHUNK, xlsx_chunks

    read = []
    total = 10 * XLSX_ROWS_PER_CHUNK

    def rows():
        for n in range(total):
            read.append(n)
            # Text that does not compress to nothing, as real descriptions do not.
            words = hashlib.sha256(str(n).encode()).hexdigest()
            yield [f"Sáng kiến {n} {words}", n, "=1+1", None]

    chunks = xlsx_chunks("sang-kien", ["Tên", "Số", "Ghi chú", "Trống"], rows())
    body, rows_read_at_chunk = [], []
    for chunk in chunks:
        body.append(chunk)
        rows_read_at_chunk.append(len(read))
    assert body[0].startswith(b"PK") and rows_read_at_chunk[0] == 0  # before any row
    # Bytes leave while rows are still being read: the sheet is never held whole.
    assert any(0 < n < total for n in rows_read_at_chunk), rows_read_at_chunk
    sheet = load_workbook(io.BytesIO(b"".join(body))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Tên", "Số", "Ghi chú", "Trống") and len(values) == total + 1
    # Text stays text (never a formula), numbers stay numbers, empty cells stay empty.
    assert values[-1][1:] == (total - 1, "=1+1", None)
    assert sheet.cell(2, 3).data_type == "s"


def test_admin_province_filter_lists_todays_provinces_only(admin_client, demo_data):
    html = admin_client.get("/admin/initiatives/initiative/").content.decode()
    choices = re.findall(r"current_province__id__exact=(\d+)", html)
    current = AdministrativeUnit.objects.provinces().current()
    assert len(set(choices)) == current.count() == 34
    assert set(map(int, choices)) == set(current.values_list("pk", flat=True))


# --- PostgreSQL plans ----------------------------------------------------------------------------


def plans(client, url: str) -> list[tuple[str, str]]:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    out = []
    with connection.cursor() as cursor:
        # Small test tables are cheaper to scan and sort: ask whether an index *can* serve
        # each query (find its rows, and give the page's rows in the order asked).
        cursor.execute("ANALYZE initiatives_initiative")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        try:
            for q in ctx.captured_queries:
                if "initiatives_initiative" in q["sql"]:
                    cursor.execute("EXPLAIN " + q["sql"])
                    out.append((q["sql"], "\n".join(r[0] for r in cursor.fetchall())))
        finally:
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_sort = on")
    return out


@pytest.mark.parametrize(
    "url",
    [
        "/sang-kien/",
        "/sang-kien/?sap_xep=ten",
        "/sang-kien/?sap_xep=nam-bat-dau&page=2",
        "/sang-kien/?tinh=38",
    ],
)
def test_facet_and_page_queries_use_indexes(client, demo_data, url):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL")
    bulk_initiatives(100)
    found_plans = plans(client, url)
    assert len(found_plans) >= 8  # 7 facets + the page's keys (+ rows)
    for sql, plan in found_plans:
        assert "Seq Scan on initiatives_initiative " not in plan + " ", (sql, plan)
    keys = next(
        plan
        for sql, plan in found_plans
        if sql.startswith('SELECT "initiatives_initiative"."id" AS "pk"')
    )
    # The page's keys come in the order of an index (the sort's own, or the facet's with an
    # incremental sort of equal years): never a sort of every matching row.
    assert re.search(r"Index (Only )?Scan (Backward )?using initiative_", keys), keys
    assert not re.search(r"(?<!Incremental )Sort  \(", keys), keys


# --- the cache backend -------------------------------------------------------------------------


def test_redis_url_selects_the_shared_redis_cache_and_invalidation_crosses_processes(tmp_path):
    """With REDIS_URL the cache, and so the data version, is shared: a write in one process
    invalidates what another process cached. Skipped where no Redis server answers."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    root = Path(__file__).resolve().parents[2]
    # No database is needed: the embedded default, in a temporary directory.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        REDIS_URL=url, PORTAL_CACHE_PREFIX=f"test-{os.getpid()}", DJANGO_VAR_DIR=str(tmp_path)
    )
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'reform_portal.settings'); django.setup(); import sys\n"
        "from django.core.cache import caches; from initiatives import cache as c\n"
        "print(type(caches['default']).__name__, c.data_version())\n"
        "if sys.argv[1] == 'bump': c.bump()\n"
    )

    def run(action: str) -> list[str]:
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script, action],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return out.stdout.split()

    backend, first = run("bump")
    assert backend == "RedisCache"
    _backend, second = run("read")
    assert second != first  # the other process's bump is seen
    assert run("read")[1] == second
