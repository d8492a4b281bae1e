"""The open-data API: agrees with the pages, conditional GET, CORS, throttling, errors, and
nothing that is not public."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from indicators.models import Score
from initiatives.models import Initiative, StatusChange
from localities.display import url_key
from localities.models import AdministrativeUnit
from tests.initiatives.helpers import make_initiative
from tests.initiatives.records import UNPUBLISHED

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_data):
    return demo_data


def results(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- the schema ---------------------------------------------------------------------------


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in ("/api/v1/scores/", "/api/v1/provinces/{key}/", "/api/v1/initiatives/"):
        assert f"{path}:" in text


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/v1/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    for cdn in ("cdn.", "jsdelivr", "unpkg", "cdnjs"):
        assert cdn not in html
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


# --- the same numbers as the pages ----------------------------------------------------------


def test_pci_2016_scores_equal_the_ranking_page(client, demo):
    page = client.get("/chi-so/pci/2016/")
    shown = {
        url_key(row["row"].province): (row["row"].score.value, row["row"].rank)
        for row in page.context["rows"]
    }
    api = {
        s["province"]: (Decimal(str(s["value"])), s["rank"])
        for s in results(client, "/api/v1/scores/?index=pci&year=2016&component=total&limit=1000")
    }
    assert len(shown) == 63
    assert api == shown
    assert api["38-cu"] == (Decimal("58.54"), 31)


def test_scores_by_province_and_component(client, demo):
    rows = results(client, "/api/v1/scores/?province=38-cu&component=tinh-minh-bach&limit=1000")
    assert rows and {r["province"] for r in rows} == {"38-cu"}
    assert {r["component"] for r in rows} == {"tinh-minh-bach"}
    expected = Score.objects.filter(
        province__code="38", province__valid_to__isnull=False, component__code="tinh-minh-bach"
    ).count()
    assert len(rows) == expected
    # Today's Thanh Hóa (38) has no pre-2025 score.
    assert results(client, "/api/v1/scores/?province=38&index=pci") == []


def test_editions_carry_their_coverage(client, demo):
    edition = client.get("/api/v1/editions/pci/2016/").json()
    assert edition["coverage"] == {"known": 63, "held": 63, "of": 63}
    assert edition["page"] == "/chi-so/pci/2016/"
    assert [e["year"] for e in results(client, "/api/v1/editions/?index=pci&year=2016")] == [2016]


def test_provinces_with_their_periods(client, demo):
    current = client.get("/api/v1/provinces/?period=current").json()
    former = client.get("/api/v1/provinces/?period=former").json()
    assert current["count"] == 34
    assert former["count"] == 64  # the 63 and Hà Tây (until 2008)
    thanh_hoa = client.get("/api/v1/provinces/38-cu/").json()
    assert thanh_hoa["successor"] == "38" and thanh_hoa["valid_to"] == "2025-06-30"
    assert "38-cu" in client.get("/api/v1/provinces/38/").json()["predecessors"]
    in_2016 = client.get("/api/v1/provinces/?year=2016").json()
    assert in_2016["count"] == 63
    # Names by period: every unit with periods lists them, oldest first.
    unit = AdministrativeUnit.objects.provinces().filter(name_periods__isnull=False).first()
    assert unit is not None
    names = client.get(f"/api/v1/provinces/{url_key(unit)}/").json()["names"]
    assert names and [n["name"] for n in names] == [p.name for p in unit.periods()]


def test_initiatives_filter_like_the_catalogue(client, demo):
    for query in ("", "tinh=38", "tinh=38-cu", "cap=xa", "chi_so=papi", "q=mot+cua", "nam=2019"):
        catalogue = client.get(f"/sang-kien/?{query}").context["count"]
        api = client.get(f"/api/v1/initiatives/?{query}").json()["count"]
        assert api == catalogue, query


def test_pagination_by_limit_and_offset(client, demo):
    first = client.get("/api/v1/scores/?index=pci&year=2016&limit=10").json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 10
    assert first["results"] != second["results"]
    assert client.get("/api/v1/scores/?limit=5000").json()["results"].__len__() == 1000


def test_bad_parameters_are_refused_in_vietnamese(client, demo):
    response = client.get("/api/v1/scores/?province=thanh-hoa&year=20x6")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Tham số truy vấn không hợp lệ."
    assert "Mã tỉnh phải gồm hai chữ số" in body["errors"]["province"][0]
    assert "year" in body["errors"]
    missing = client.get("/api/v1/provinces/99-cu/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không tìm thấy dữ liệu này."}
    unknown = client.get("/api/v1/khong-co/")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json"


# --- HTTP: conditional GET, CORS, throttling -----------------------------------------------


def test_etag_gives_304_on_a_repeated_request(client, demo):
    url = "/api/v1/scores/?index=pci&year=2016"
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/scores/?index=pci&year=2015", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_last_modified_follows_the_initiatives(client, demo):
    url = "/api/v1/initiatives/"
    first = client.get(url)
    last = first["Last-Modified"]
    newest = Initiative.objects.published().latest("updated_at").updated_at
    assert last == newest.astimezone(datetime.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last).status_code == 304
    later = timezone.now() + datetime.timedelta(minutes=5)
    Initiative.objects.published().filter(pk=Initiative.objects.published().first().pk).update(
        updated_at=later
    )
    changed = client.get(url, HTTP_IF_MODIFIED_SINCE=last)
    assert changed.status_code == 200
    assert changed["Last-Modified"] != last


def test_cors_on_get_not_on_post(client, demo):
    origin = {"HTTP_ORIGIN": "https://research.example.org"}
    get = client.get("/api/v1/indices/", **origin)
    assert get["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in get["Access-Control-Expose-Headers"]
    post = client.post("/api/v1/indices/", {}, **origin)
    assert post.status_code == 405
    assert "Access-Control-Allow-Origin" not in post
    assert "chỉ cho phép đọc" in post.json()["detail"]
    preflight = client.options(
        "/api/v1/indices/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST", **origin
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # Only the API: the site's pages stay same-origin.
    assert "Access-Control-Allow-Origin" not in client.get("/chi-so/", **origin)


@override_settings(API_RATE="3/min")
def test_throttling_per_address(client, demo):
    for _ in range(3):
        assert client.get("/api/v1/indices/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/api/v1/indices/", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "quá nhiều yêu cầu" in refused.json()["detail"]
    # Another address is counted apart; X-Forwarded-For is not trusted by default.
    assert client.get("/api/v1/indices/", REMOTE_ADDR="203.0.113.8").status_code == 200
    spoofed = client.get(
        "/api/v1/indices/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert spoofed.status_code == 429


# --- nothing that is not public ------------------------------------------------------------


def test_only_approved_initiatives_and_nothing_private(client, demo, django_user_model):
    author = django_user_model.objects.create_user(
        "tacgia.bimat", email="tacgia.bimat@example.gov.vn", password="x", first_name="Bí Mật"
    )
    hidden = {}
    for status in UNPUBLISHED:
        hidden[status] = make_initiative(title=f"Hồ sơ kín {status}", status=status, author=author)
    public = make_initiative(
        title="Sáng kiến công khai thử", author=author, replicated_from=hidden["draft"]
    )
    StatusChange.objects.create(
        initiative=public,
        from_status="submitted",
        to_status="approved",
        actor=author,
        actor_name="Người thẩm định bí mật",
        comment="Ý kiến thẩm định nội bộ",
    )
    listing = client.get("/api/v1/initiatives/?limit=1000")
    slugs = {i["slug"] for i in listing.json()["results"]}
    assert public.slug in slugs
    assert not slugs & {i.slug for i in hidden.values()}
    detail = client.get(f"/api/v1/initiatives/{public.slug}/")
    assert detail.json()["replicated_from"] is None  # its origin is a draft
    for body in (listing.content.decode(), detail.content.decode()):
        for secret in (
            "tacgia.bimat",
            "example.gov.vn",
            "Bí Mật",
            "Người thẩm định bí mật",
            "Ý kiến thẩm định nội bộ",
            "Hồ sơ kín",
        ):
            assert secret not in body
        assert '"author"' not in body and '"status"' not in body
    for item in hidden.values():
        assert client.get(f"/api/v1/initiatives/{item.slug}/").status_code == 404


def test_any_unknown_api_address_answers_json(client):
    for path in ("/api/v1/initiatives/%C3%BB%0A%C3%8A/", "/api/v2/", "/api/v1/scores/x/y/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path


def test_behind_a_proxy_the_forwarded_address_is_counted(client, demo, settings):
    settings.API_RATE = "1/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get("/api/v1/indices/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    second = client.get("/api/v1/indices/", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert second.status_code == 200
    again = client.get("/api/v1/indices/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert again.status_code == 429


def test_schema_as_json_and_the_browsable_api(client, demo):
    assert client.get("/api/v1/schema/?format=json").json()["info"]["version"] == "1"
    page = client.get("/api/v1/indices/", HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert "PAR-Index" in page.content.decode()


def test_nothing_imports_the_api_app():
    """The api app is the top floor below reform_portal: no other app imports it."""
    root = Path(__file__).resolve().parents[2]
    for app in ("localities", "spreadsheets", "accounts", "indicators", "initiatives"):
        for source in (root / app).rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            assert "from api" not in text and "import api" not in text, source
    for source in (root / "api").rglob("*.py"):
        assert "reform_portal" not in source.read_text(encoding="utf-8"), source
