"""Hostile input on every page: arbitrary Unicode, NUL, look-alike digits ("²", "٣") and huge
values in every query parameter and path part, for visitors and for signed-in roles. A page
may answer 200, a redirect, 400 or 404, never 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Attachment, Initiative

pytestmark = pytest.mark.django_db

SPECIAL = [
    "\x00",
    "a\x00b",
    "²",
    "c²",
    "٣",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "nan",
    "x" * 3000,
    "🙂",
    "%",
    "../..",
    "38-cu",
    "2016",
]
HOSTILE = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
)
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# path → its query parameters (the names the views and filters read)
PUBLIC = {
    "/": ["q"],
    "/sang-kien/": [
        "q",
        "tinh",
        "cap",
        "linh_vuc",
        "chi_so",
        "thanh_phan",
        "giai_doan",
        "nam",
        "sap_xep",
        "format",
        "page",
    ],
    "/sang-kien/tuong-tu/": ["title"],
    "/chi-so/": [],
    "/chi-so/pci/": [],
    "/chi-so/pci/2016/": ["sort", "dir", "cols", "format"],
    "/tinh/38/": [],
    "/tinh-cu/38/": [],
    "/so-sanh/": ["index", "component", "p", "start", "end", "format"],
    "/doi-chieu/": ["index", "component", "year", "format"],
    "/dang-nhap/": ["next"],
    "/dat-lai-mat-khau/": [],
    "/healthz": [],
}
SIGNED_IN = {
    "/sang-kien/de-xuat/": [],
    "/sang-kien/cua-toi/": [],
    "/tham-dinh/": ["trang_thai", "xa"],
    "/admin/initiatives/initiative/": ["q", "o", "status__exact", "p"],
}
# path templates: "{}" is replaced by a hostile path part (URL-quoted)
PATHS = [
    "/tinh/{}/",
    "/tinh-cu/{}/",
    "/chi-so/{}/",
    "/chi-so/pci/{}/",
    "/chi-so/{}/2016/",
    "/sang-kien/{}/",
    "/sang-kien/ho-so/{}/",
    "/sang-kien/ho-so/{}/sua/",
    "/sang-kien/tep/{}/",
    "/dat-lai-mat-khau/{}/{}/",
]


@pytest.fixture
def clients(demo_data, personas, places):
    item = Initiative.objects.create(
        title="Một cửa không chờ",
        summary="Tiếp nhận hồ sơ trong ngày",
        implementing_unit="UBND xã",
        locality=places["a"],
        level="xa",
        author=personas["official_a"],
        status=Initiative.Status.SUBMITTED,
    )
    Attachment.objects.create(initiative=item, file="x.pdf", original_name="x.pdf", size=1)
    signed_in = {}
    for name in ("official_a", "reviewer", "admin"):
        client = Client(raise_request_exception=False)
        client.force_login(personas[name])
        signed_in[name] = client
    return {"anonymous": Client(raise_request_exception=False), **signed_in}


def assert_no_500(response, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}"


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_public_query_parameters(clients, path):
    names = PUBLIC[path] or ["x"]

    @SETTINGS
    @given(st.fixed_dictionaries(dict.fromkeys(names, HOSTILE)), st.booleans())
    def check(params, signed_in):
        client = clients["reviewer" if signed_in else "anonymous"]
        assert_no_500(client.get(path, params), f"{path} {params!r}")

    check()


@pytest.mark.parametrize("path", sorted(SIGNED_IN))
def test_signed_in_query_parameters(clients, path):
    names = SIGNED_IN[path] or ["x"]

    @SETTINGS
    @given(
        st.fixed_dictionaries(dict.fromkeys(names, HOSTILE)),
        st.sampled_from(["official_a", "reviewer", "admin"]),
    )
    def check(params, persona):
        response = clients[persona].get(path, params)
        assert_no_500(response, f"{path} {params!r} as {persona}")

    check()


@pytest.mark.parametrize("template", PATHS)
def test_path_parts(clients, template):
    @SETTINGS
    @given(HOSTILE.filter(lambda v: v not in ("", ".", "..")), st.sampled_from(sorted(clients)))
    def check(part, persona):
        path = template.format(*[quote(part, safe="")] * template.count("{}"))
        assert_no_500(clients[persona].get(path), f"{path} as {persona}")

    check()


@pytest.mark.parametrize(
    "url",
    ["/chi-so/pci/2016/?sort=c²", "/tham-dinh/?xa=²", "/tinh/%00/", "/tinh-cu/%00/"],
)
def test_the_four_reported_urls(clients, url):
    assert_no_500(clients["reviewer"].get(url), url)
