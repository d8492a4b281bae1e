"""The columns of an initiative in a spreadsheet, declared once.

The admin export (:mod:`initiatives.exports`), the import (:mod:`initiatives.importing`), the
XLSX template (:mod:`initiatives.workbook`) and the demo loader (:mod:`initiatives.demo`) all
read :data:`COLUMNS`. Adding a plain field to initiatives means adding it to the model, to the
form, and one :class:`Column` here: with ``field`` and ``kind`` set, it is exported, imported,
offered in the template and loaded from the demo file.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, Index
from initiatives.models import Initiative, ReformArea
from localities.display import ancestors, last_full_year
from localities.models import AdministrativeUnit

Level = AdministrativeUnit.Level
#: Kinds of cell the import reads by itself; other columns (places, lists, relations, the
#: source) are read by :class:`initiatives.importing.InitiativeResource` with their own rules.
TEXT, YEAR, DATE, CHOICE, URL = "text", "year", "date", "choice", "url"
DATE_FORMAT = "%d/%m/%Y"


def format_date(value: datetime.date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


@dataclass(frozen=True)
class Column:
    #: The key an import row uses for the column.
    key: str
    #: The header of the column in the template and in exports (Vietnamese, as the files are).
    header: str
    #: The model field exported, imported and loaded from the demo file ("" for a column
    #: derived from relations).
    field: str = ""
    #: How the import reads the cell: TEXT, YEAR, DATE, CHOICE, URL; "" for a column the
    #: import resource reads with its own rules.
    kind: str = ""
    #: The model's choices, for a CHOICE column (labels exported and offered in the template).
    choices: type[Choices] | None = None
    #: The text of an item for export; default: the field's value.
    export: Callable[[Initiative], str] | None = None
    #: The note on the template's header.
    note: str | Promise = ""
    required: bool = False
    #: Values offered in the template's drop-down (read from the database when the template
    #: is built); ``strict``: only those values are accepted by the spreadsheet.
    options: Callable[[], list[str]] | None = None
    strict: bool = True
    width: int = 22
    #: Other headers people write for the column (folded).
    aliases: tuple[str, ...] = ()

    def option_values(self) -> list[str]:
        if self.choices is not None:
            return [str(label) for label in self.choices.labels]
        return self.options() if self.options is not None else []


def _place(level: int) -> Callable[[Initiative], str]:
    """The name of the locality's unit at ``level`` (itself or an ancestor), or ""."""

    def name(item: Initiative) -> str:
        return next((u.name for u in ancestors(item.locality) if u.level == level), "")

    return name


def _place_year(item: Initiative) -> str:
    # A former unit's name is read for its last full year; today's need no year.
    year = last_full_year(item.locality)
    return "" if year is None else str(year)


def _first_source(attribute: str) -> Callable[[Initiative], str]:
    """An attribute of the initiative's first source (the one an import row carries)."""

    def value(item: Initiative) -> str:
        source = next(iter(item.sources.all()), None)
        found = getattr(source, attribute, None) if source else None
        if isinstance(found, datetime.date):
            return format_date(found)
        return found or ""

    return value


def _targets(item: Initiative) -> str:
    return "; ".join(
        f"{t.index.short_name}: {t.component.name_vi}" if t.component else t.index.short_name
        for t in item.targets.all()
    )


def _area_options() -> list[str]:
    return [a.name_vi for a in ReformArea.objects.order_by("order")]


def _target_options() -> list[str]:
    options = []
    for index in Index.objects.order_by("pk"):
        options.append(index.short_name)
        options.extend(
            f"{index.short_name}: {c.name_vi}"
            for c in Component.objects.filter(index=index, parent__isnull=True).order_by("pk")
        )
    return options


COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        "Tên sáng kiến, mô hình",
        "title",
        note=_("Tên như văn bản, bài báo ghi."),
        required=True,
        width=40,
        aliases=("ten sang kien", "ten mo hinh", "sang kien"),
    ),
    Column("model_name", "Tên mô hình chung", "model_name", TEXT),
    Column(
        "summary",
        "Tóm tắt",
        "summary",
        TEXT,
        note=_("Tối đa 500 ký tự."),
        required=True,
        width=40,
    ),
    Column("implementing_unit", "Đơn vị thực hiện", "implementing_unit", TEXT, required=True),
    Column(
        "province",
        "Tỉnh/Thành phố",
        export=_place(Level.PROVINCE),
        note=_("Tên tỉnh vào năm bắt đầu (trước 2025: 63 tỉnh); xem trang “Tỉnh, thành phố”."),
        required=True,
        aliases=("tinh", "tinh thanh pho"),
    ),
    Column(
        "district",
        "Quận/Huyện",
        export=_place(Level.DISTRICT),
        note=_("Chỉ với địa bàn trước 01/7/2025."),
        aliases=("huyen", "quan huyen thi xa"),
    ),
    Column(
        "commune",
        "Xã/Phường",
        export=_place(Level.COMMUNE),
        note=_("Để trống nếu sáng kiến cấp tỉnh hoặc huyện."),
        aliases=("xa", "xa phuong thi tran"),
    ),
    Column("place_as_written", "Địa bàn (như nguồn viết)", "place_as_written", TEXT),
    Column(
        "place_year",
        "Năm của tên địa bàn",
        kind=YEAR,
        export=_place_year,
        note=_(
            "Năm mà tên tỉnh, huyện, xã ghi trong dòng này đang dùng: 2024 cho tên trước "
            "01/7/2025, để trống cho tên hiện nay (tên không còn dùng thì đọc theo năm bắt "
            "đầu, hoặc 2024 khi có ghi huyện)."
        ),
    ),
    Column(
        "level",
        "Cấp",
        "level",
        CHOICE,
        choices=Initiative.Level,
        note=_("Cấp của đơn vị thực hiện."),
        required=True,
    ),
    Column(
        "areas",
        "Lĩnh vực CCHC",
        export=lambda item: "; ".join(area.name_vi for area in item.areas.all()),
        note=_("Một hoặc nhiều lĩnh vực, cách nhau bằng dấu “;”."),
        options=_area_options,
        strict=False,
        width=40,
        aliases=("linh vuc",),
    ),
    Column("stage", "Giai đoạn", "stage", CHOICE, choices=Initiative.Stage),
    Column("start_year", "Năm bắt đầu", "start_year", YEAR),
    Column(
        "targets",
        "Chỉ số hướng tới",
        export=_targets,
        note=_(
            "Ví dụ “PAPI” hoặc “PAR-Index: Cải cách thủ tục hành chính”; nhiều giá trị cách "
            "nhau bằng “;”."
        ),
        options=_target_options,
        strict=False,
        width=40,
        aliases=("chi so",),
    ),
    Column("description", "Mô tả", "description", TEXT),
    Column("how_it_works", "Cách thức thực hiện", "how_it_works", TEXT),
    Column("results", "Kết quả", "results", TEXT),
    Column("conditions", "Điều kiện, bài học để nhân rộng", "conditions", TEXT),
    Column("recognition_number", "Số quyết định công nhận", "recognition_number", TEXT),
    Column(
        "recognition_date",
        "Ngày quyết định",
        "recognition_date",
        DATE,
        export=lambda item: format_date(item.recognition_date),
        note=_("Dạng 25/12/2023."),
    ),
    Column(
        "recognition_level",
        "Cấp công nhận",
        "recognition_level",
        CHOICE,
        choices=Initiative.RecognitionLevel,
    ),
    Column(
        "replicated_from",
        "Nhân rộng từ",
        export=lambda item: item.replicated_from.title if item.replicated_from else "",
        note=_("Tên đúng của một sáng kiến đã có trên cổng."),
    ),
    Column("source_title", "Tên nguồn", export=_first_source("title")),
    Column("source_publisher", "Nơi đăng", export=_first_source("publisher")),
    Column("source_date", "Ngày đăng", kind=DATE, export=_first_source("published_on")),
    Column(
        "source_url",
        "Đường dẫn nguồn",
        kind=URL,
        export=_first_source("url"),
        note=_("Bắt đầu bằng https://"),
        aliases=("nguon",),
    ),
)
BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}
#: Column key -> header, for messages ("Dòng 7, cột “Tóm tắt”: …").
HEADERS: dict[str, str] = {column.key: column.header for column in COLUMNS}
REQUIRED: tuple[str, ...] = tuple(column.key for column in COLUMNS if column.required)
#: Model fields read from a column: compared to tell "changed" from "unchanged" on import.
FIELDS: tuple[str, ...] = tuple(column.field for column in COLUMNS if column.field)
