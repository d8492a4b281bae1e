"""The open datasets: each is the API's list without pagination, flattened to a table. The
columns are the API's field names, so a CSV and the JSON read the same; the field dictionary
on /du-lieu/ says what each one means."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from api import serializers, views
from indicators.models import SCORE_FIGURE_FIELDS, SCORE_SOURCE_FIELDS, Edition
from indicators.views import edition_source
from localities.display import url_key
from localities.models import AdministrativeUnit

TEXT = _("chuỗi")
INTEGER = _("số nguyên")
DECIMAL = _("số thập phân")
DATE = _("ngày (YYYY-MM-DD)")
DATETIME = _("thời điểm (ISO 8601)")
BOOLEAN = _("đúng/sai")
LIST = _("danh sách, ngăn bằng “; ”")


@dataclass(frozen=True)
class Field:
    name: str
    meaning: Promise | str
    kind: Promise | str
    #: How the column is read from the API's JSON object; by default the field of that name.
    get: Callable[[dict], object] | None = None

    def value(self, row: dict):
        value = self.get(row) if self.get else row.get(self.name)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        if isinstance(value, Decimal):
            return float(value)  # as the JSON has it: 58.54, not 58.5400
        return value


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Promise | str
    description: Promise | str
    api_url_name: str
    fields: tuple[Field, ...]
    queryset: Callable[[], QuerySet]
    serializer: type
    licence: Promise | str
    source: Promise | str
    #: The source lines under a download (default: the dataset's ``source``).
    source_lines: Callable[[], list[str]] | None = None
    #: The same rows as :meth:`serialized_rows`, read without building a model per row (for
    #: the 19,000 scores); tests/api/test_open_data.py checks that they are the same.
    fast_rows: Callable[[], list[list]] | None = None

    def rows(self) -> list[list]:
        return self.fast_rows() if self.fast_rows else self.serialized_rows()

    def serialized_rows(self) -> list[list]:
        data = self.serializer(self.queryset(), many=True).data
        return [[f.value(item) for f in self.fields] for item in data]

    def headers(self) -> list[str]:
        return [f.name for f in self.fields]

    def sources(self) -> list[str]:
        return self.source_lines() if self.source_lines else [str(self.source)]


def _edition_sources() -> list[str]:
    editions = Edition.objects.select_related("index").filter(scores__isnull=False).distinct()
    return [
        f"{e.index.short_name} {e.year}: {edition_source(e)}"
        for e in editions.order_by("index__order", "year")
    ]


SCORE_COLUMNS = (
    "edition__index__code",
    "edition__year",
    "province_id",
    "component__code",
    *SCORE_FIGURE_FIELDS,
    *SCORE_SOURCE_FIELDS,
)


def _score_rows() -> list[list]:
    """Every score as the download's row, in the API's order: one query for the scores, two
    for the provinces and their names by period."""
    provinces = {
        unit.pk: unit
        for unit in AdministrativeUnit.objects.provinces().prefetch_related("name_periods")
    }
    names: dict[tuple[int, int], str] = {}
    rows = []
    for values in views.ScoreViewSet.queryset.values_list(*SCORE_COLUMNS):
        index, year, province_id, component, status, value, rank, rank_of, tier = values[:9]
        alt_value, source_note, source_url = values[9:]
        unit = provinces[province_id]
        if (province_id, year) not in names:
            names[province_id, year] = unit.short_name_in(year)
        rows.append(
            [
                index,
                year,
                url_key(unit),
                names[province_id, year],
                component,
                status,
                float(value) if value is not None else None,
                rank,
                rank_of,
                tier,
                float(alt_value) if alt_value is not None else None,
                source_note,
                source_url,
            ]
        )
    return rows


INDICATOR_LICENCE = _(
    "Số liệu công khai của cơ quan công bố (VCCI, UNDP–CECODES, Bộ Nội vụ); được dùng lại khi "
    "ghi rõ nguồn. Điểm PCI 2005–2016 và PAPI 2011–2016 lấy từ kho mdtrinh/vietnamdata (CC0)."
)
INDICATOR_SOURCE = _("Mỗi kỳ công bố ghi tài liệu nguồn (source_title, source_url).")

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        key="ky-cong-bo",
        title=_("Các kỳ công bố chỉ số"),
        description=_(
            "Mỗi chỉ số (PAR-Index, SIPAS, PAPI, PCI) theo năm đánh giá: thang điểm, số tỉnh "
            "được đánh giá, số tỉnh có điểm tổng công khai trên cổng, tài liệu nguồn."
        ),
        api_url_name="api:edition-list",
        fields=(
            Field("index", _("mã chỉ số: pci, papi, par-index, sipas"), TEXT),
            Field("year", _("năm đánh giá"), INTEGER),
            Field("published_on", _("ngày công bố"), DATE),
            Field("scale_min", _("thang điểm tổng: thấp nhất"), DECIMAL),
            Field("scale_max", _("thang điểm tổng: cao nhất"), DECIMAL),
            Field("province_set", _("tập tỉnh được đánh giá: 63, 64, 34 hoặc partial"), TEXT),
            Field("province_count", _("số tỉnh kỳ công bố đánh giá"), INTEGER),
            Field(
                "coverage_known",
                _("số tỉnh có điểm tổng công khai trên cổng"),
                INTEGER,
                lambda row: row["coverage"]["known"],
            ),
            Field("published_top", _("nhà công bố chỉ công bố N tỉnh đứng đầu"), INTEGER),
            Field("breaks_comparability", _("không so sánh được với kỳ trước"), BOOLEAN),
            Field("source_title", _("tài liệu nguồn"), TEXT),
            Field("source_url", _("đường dẫn nguồn"), TEXT),
            Field("page", _("trang xếp hạng trên cổng"), TEXT),
        ),
        queryset=lambda: views.EditionViewSet.queryset.all(),
        serializer=serializers.EditionSerializer,
        licence=INDICATOR_LICENCE,
        source=INDICATOR_SOURCE,
        source_lines=_edition_sources,
    ),
    Dataset(
        key="diem-so",
        title=_("Điểm số và thứ hạng"),
        description=_(
            "Điểm tổng và điểm thành phần của từng tỉnh trong từng kỳ, gắn với tỉnh như nó "
            "có trong năm đó (tỉnh trước 01/7/2025 ghi mã “-cu”)."
        ),
        api_url_name="api:score-list",
        fields=(
            Field("index", _("mã chỉ số"), TEXT),
            Field("year", _("năm đánh giá"), INTEGER),
            Field("province", _("mã tỉnh: 38 (hiện nay) hoặc 38-cu (trước 01/7/2025)"), TEXT),
            Field("province_name", _("tên tỉnh trong năm đánh giá"), TEXT),
            Field("component", _("mã thành phần; trống là điểm tổng của chỉ số"), TEXT),
            Field(
                "status",
                _("published, not_published, conflict (hai nguồn khác nhau), rank_only"),
                TEXT,
            ),
            Field("value", _("điểm; trống khi không công bố"), DECIMAL),
            Field("rank", _("xếp hạng"), INTEGER),
            Field("rank_of", _("trên tổng số tỉnh"), INTEGER),
            Field("tier", _("nhóm xếp loại của nhà công bố"), TEXT),
            Field("alt_value", _("điểm theo nguồn thứ hai (khi hai nguồn khác nhau)"), DECIMAL),
            Field("source_note", _("ghi chú nguồn của điểm"), TEXT),
            Field("source_url", _("đường dẫn nguồn của điểm, nếu khác nguồn của kỳ"), TEXT),
        ),
        queryset=lambda: views.ScoreViewSet.queryset.all(),
        serializer=serializers.ScoreSerializer,
        licence=INDICATOR_LICENCE,
        source=INDICATOR_SOURCE,
        source_lines=_edition_sources,
        fast_rows=_score_rows,
    ),
    Dataset(
        key="sang-kien",
        title=_("Sáng kiến, mô hình CCHC đã duyệt"),
        description=_(
            "Các sáng kiến đã được duyệt và công khai trên danh mục, với cấp, lĩnh vực, chỉ số "
            "hướng tới, tỉnh và năm bắt đầu. Bản nháp, hồ sơ đang thẩm định và ý kiến thẩm định "
            "không có ở đây."
        ),
        api_url_name="api:initiative-list",
        fields=(
            Field("slug", _("mã đường dẫn của sáng kiến"), TEXT),
            Field("title", _("tên sáng kiến, mô hình"), TEXT),
            Field("model_name", _("tên mô hình chung"), TEXT),
            Field("implementing_unit", _("đơn vị thực hiện"), TEXT),
            Field("place_as_written", _("địa bàn như nguồn viết"), TEXT),
            Field(
                "locality",
                _("mã đơn vị hành chính của địa bàn"),
                TEXT,
                lambda row: row["locality"]["code"],
            ),
            Field("province", _("tỉnh của địa bàn khi ghi nhận (38-cu: trước 2025)"), TEXT),
            Field("current_province", _("tỉnh hiện nay"), TEXT),
            Field("level", _("cấp: tinh, huyen, xa"), TEXT),
            Field("areas", _("mã lĩnh vực CCHC"), LIST),
            Field(
                "targets",
                _("chỉ số hướng tới: mã chỉ số, hoặc chỉ số:thành phần"),
                LIST,
                lambda row: [
                    t["index"] + (f":{t['component']}" if t["component"] else "")
                    for t in row["targets"]
                ],
            ),
            Field("stage", _("giai đoạn"), TEXT),
            Field("start_year", _("năm bắt đầu"), INTEGER),
            Field("recognition_level", _("cấp công nhận"), TEXT),
            Field("updated_at", _("cập nhật lúc"), DATETIME),
            Field("page", _("trang của sáng kiến trên cổng"), TEXT),
        ),
        queryset=lambda: views.InitiativeViewSet().get_queryset(),
        serializer=serializers.InitiativeSerializer,
        licence=_("Dữ liệu của cổng, do cán bộ nhập; được dùng lại khi ghi rõ nguồn."),
        source=_("Cổng thông tin cải cách hành chính (dữ liệu do cán bộ nhập)"),
    ),
    Dataset(
        key="tinh-thanh-pho",
        title=_("Tỉnh, thành phố qua các thời kỳ"),
        description=_(
            "34 tỉnh, thành phố từ 01/7/2025 và 63 tỉnh, thành phố trước đó (cả Hà Tây đến "
            "2008), mỗi tỉnh với đơn vị kế thừa và tên theo từng thời kỳ."
        ),
        api_url_name="api:province-list",
        fields=(
            Field("key", _("mã dùng trên cổng: 38 (hiện nay) hoặc 38-cu (trước 01/7/2025)"), TEXT),
            Field("code", _("mã đơn vị theo danh mục hành chính"), TEXT),
            Field("name", _("tên đầy đủ hiện dùng"), TEXT),
            Field("short_name", _("tên ngắn"), TEXT),
            Field("english_name", _("tên tiếng Anh"), TEXT),
            Field("unit_type", _("loại đơn vị"), TEXT),
            Field("valid_from", _("hiệu lực từ"), DATE),
            Field("valid_to", _("hiệu lực đến; trống nếu còn hiệu lực"), DATE),
            Field("successor", _("tỉnh hiện nay kế thừa"), TEXT),
            Field("predecessors", _("các tỉnh trước đây hợp thành"), LIST),
            Field(
                "names",
                _("tên theo thời kỳ: tên (từ ngày)"),
                LIST,
                lambda row: [f"{n['name']} ({n['valid_from'] or '…'})" for n in row["names"]],
            ),
            Field("page", _("trang của tỉnh trên cổng"), TEXT),
        ),
        queryset=lambda: views.ProvinceViewSet.queryset.all(),
        serializer=serializers.ProvinceSerializer,
        licence=_("Danh mục hành chính công khai của Nhà nước; dùng lại tự do, nên ghi rõ nguồn."),
        source=_(
            "Danh mục đơn vị hành chính (gói vietnam-provinces 2025.x và 0.6.0), Nghị quyết "
            "202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"
        ),
    ),
)

BY_KEY = {d.key: d for d in DATASETS}
