"""Import and export of initiatives through the admin (django-import-export).

A row is matched by its natural key, the title (compared without case or diacritic-form
differences) and its locality, never by database id, so the same file imported twice gives
0 new, 0 changed. Places are resolved for the row's year: the year of the place names if given,
else the start year, else 2024 when a district is named (districts ended on 30/06/2025),
else today's units. Everything a
row needs is loaded once in ``before_import``; communes are indexed per province on first use.

An initiative imported by an administrator is published (approved) with one history row
saying so; a dry run (the preview) writes nothing, sends nothing, records no history.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields

from indicators.models import Component, Index
from indicators.names import IndicatorNames
from initiatives.models import Initiative, ReformArea, Source, StatusChange, unique_slug
from localities.display import ancestors, last_full_year
from localities.models import AdministrativeUnit
from localities.resolve import UnitResolver
from localities.text import fold, nfc
from spreadsheets.cells import CellError, parse_year
from spreadsheets.reading import legacy_text_error
from spreadsheets.resources import NaturalKeyResource
from spreadsheets.workbook import (
    TemplateColumn,
    build_template,
    province_sheet,
    unit_sheet,
)

Level = AdministrativeUnit.Level

#: Column key -> header in the template and in exports.
COLUMNS: dict[str, str] = {
    "title": "Tên sáng kiến, mô hình",
    "model_name": "Tên mô hình chung",
    "summary": "Tóm tắt",
    "implementing_unit": "Đơn vị thực hiện",
    "province": "Tỉnh/Thành phố",
    "district": "Quận/Huyện",
    "commune": "Xã/Phường",
    "place_as_written": "Địa bàn (như nguồn viết)",
    "place_year": "Năm của tên địa bàn",
    "level": "Cấp",
    "areas": "Lĩnh vực CCHC",
    "stage": "Giai đoạn",
    "start_year": "Năm bắt đầu",
    "targets": "Chỉ số hướng tới",
    "description": "Mô tả",
    "how_it_works": "Cách thức thực hiện",
    "results": "Kết quả",
    "conditions": "Điều kiện, bài học để nhân rộng",
    "recognition_number": "Số quyết định công nhận",
    "recognition_date": "Ngày quyết định",
    "recognition_level": "Cấp công nhận",
    "replicated_from": "Nhân rộng từ",
    "source_title": "Tên nguồn",
    "source_publisher": "Nơi đăng",
    "source_date": "Ngày đăng",
    "source_url": "Đường dẫn nguồn",
}
#: Other headers people use for the same columns (folded).
HEADER_ALIASES = {
    "ten sang kien": "title",
    "ten mo hinh": "title",
    "sang kien": "title",
    "tinh": "province",
    "tinh thanh pho": "province",
    "huyen": "district",
    "quan huyen thi xa": "district",
    "xa": "commune",
    "xa phuong thi tran": "commune",
    "linh vuc": "areas",
    "chi so": "targets",
    "nguon": "source_url",
}
REQUIRED = ("title", "summary", "implementing_unit", "province", "level")
TEXT_FIELDS = (
    "model_name",
    "summary",
    "description",
    "how_it_works",
    "results",
    "conditions",
    "implementing_unit",
    "place_as_written",
    "recognition_number",
)
#: Model fields compared to decide "changed" (the rest are derived or relations).
COMPARED = (
    "title",
    *TEXT_FIELDS,
    "locality_id",
    "level",
    "stage",
    "start_year",
    "recognition_date",
    "recognition_level",
    "replicated_from_id",
)
LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
#: Districts were abolished on 1 July 2025: a row naming one speaks of the units before.
LAST_DISTRICT_YEAR = 2024


def title_key(title: str) -> str:
    """Titles compared as people see them: NFC, case and spacing ignored, diacritics kept."""
    return " ".join(nfc(title).casefold().split())


def _choice_lookup(choices) -> dict[str, str]:
    """Value and label, in Vietnamese and in English, whatever the importer's language."""
    lookup = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices:
                lookup[fold(str(value))] = value
                lookup[fold(str(label))] = value
    return lookup


def _parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _canonical(header: str) -> str | None:
    key = fold(header or "")
    for column, label in COLUMNS.items():
        if fold(label) == key or column == key:
            return column
    return HEADER_ALIASES.get(key)


class InitiativeResource(NaturalKeyResource):
    column_labels = COLUMNS
    required_columns = REQUIRED

    title = fields.Field(attribute="title", column_name=COLUMNS["title"])
    model_name = fields.Field(attribute="model_name", column_name=COLUMNS["model_name"])
    summary = fields.Field(attribute="summary", column_name=COLUMNS["summary"])
    implementing_unit = fields.Field(
        attribute="implementing_unit", column_name=COLUMNS["implementing_unit"]
    )
    province = fields.Field(column_name=COLUMNS["province"])
    district = fields.Field(column_name=COLUMNS["district"])
    commune = fields.Field(column_name=COLUMNS["commune"])
    place_as_written = fields.Field(
        attribute="place_as_written", column_name=COLUMNS["place_as_written"]
    )
    place_year = fields.Field(column_name=COLUMNS["place_year"])
    level = fields.Field(column_name=COLUMNS["level"])
    areas = fields.Field(column_name=COLUMNS["areas"])
    stage = fields.Field(column_name=COLUMNS["stage"])
    start_year = fields.Field(attribute="start_year", column_name=COLUMNS["start_year"])
    targets = fields.Field(column_name=COLUMNS["targets"])
    description = fields.Field(attribute="description", column_name=COLUMNS["description"])
    how_it_works = fields.Field(attribute="how_it_works", column_name=COLUMNS["how_it_works"])
    results = fields.Field(attribute="results", column_name=COLUMNS["results"])
    conditions = fields.Field(attribute="conditions", column_name=COLUMNS["conditions"])
    recognition_number = fields.Field(
        attribute="recognition_number", column_name=COLUMNS["recognition_number"]
    )
    recognition_date = fields.Field(column_name=COLUMNS["recognition_date"])
    recognition_level = fields.Field(column_name=COLUMNS["recognition_level"])
    replicated_from = fields.Field(column_name=COLUMNS["replicated_from"])
    source_title = fields.Field(column_name=COLUMNS["source_title"])
    source_publisher = fields.Field(column_name=COLUMNS["source_publisher"])
    source_date = fields.Field(column_name=COLUMNS["source_date"])
    source_url = fields.Field(column_name=COLUMNS["source_url"])

    class Meta:
        model = Initiative
        fields = tuple(COLUMNS)
        export_order = fields
        import_id_fields: tuple = ()
        skip_diff = True
        report_skipped = True
        use_transactions = True

    # --- export -----------------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "locality__parent__parent", "replicated_from"
        ).prefetch_related("areas", "targets__index", "targets__component", "sources")

    @staticmethod
    def _place(item: Initiative, level: int) -> str:
        """The name of the locality's unit at ``level`` (itself or an ancestor), or ""."""
        return next((u.name for u in ancestors(item.locality) if u.level == level), "")

    def dehydrate_province(self, item: Initiative) -> str:
        return self._place(item, Level.PROVINCE)

    def dehydrate_district(self, item: Initiative) -> str:
        return self._place(item, Level.DISTRICT)

    def dehydrate_commune(self, item: Initiative) -> str:
        return self._place(item, Level.COMMUNE)

    def dehydrate_place_year(self, item: Initiative) -> str:
        # A former unit's name is read for its last full year; today's need no year.
        year = last_full_year(item.locality)
        return "" if year is None else str(year)

    def dehydrate_level(self, item: Initiative) -> str:
        return str(item.get_level_display())

    def dehydrate_stage(self, item: Initiative) -> str:
        return str(item.get_stage_display())

    def dehydrate_recognition_level(self, item: Initiative) -> str:
        return str(item.get_recognition_level_display()) if item.recognition_level else ""

    def dehydrate_recognition_date(self, item: Initiative) -> str:
        return item.recognition_date.strftime("%d/%m/%Y") if item.recognition_date else ""

    def dehydrate_areas(self, item: Initiative) -> str:
        return "; ".join(area.name_vi for area in item.areas.all())

    def dehydrate_targets(self, item: Initiative) -> str:
        return "; ".join(
            f"{t.index.short_name}: {t.component.name_vi}" if t.component_id else t.index.short_name
            for t in item.targets.all()
        )

    def dehydrate_replicated_from(self, item: Initiative) -> str:
        return item.replicated_from.title if item.replicated_from_id else ""

    def _first_source(self, item: Initiative, attribute: str) -> str:
        """An attribute of the initiative's first source (the one an import row carries)."""
        source = next(iter(item.sources.all()), None)
        value = getattr(source, attribute, None) if source else None
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return value or ""

    def dehydrate_source_title(self, item: Initiative) -> str:
        return self._first_source(item, "title")

    def dehydrate_source_publisher(self, item: Initiative) -> str:
        return self._first_source(item, "publisher")

    def dehydrate_source_date(self, item: Initiative) -> str:
        return self._first_source(item, "published_on")

    def dehydrate_source_url(self, item: Initiative) -> str:
        return self._first_source(item, "url")

    # --- import: set-up ---------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        self.map_headers(dataset, _canonical)
        self._user = kwargs.get("user")
        self._levels = _choice_lookup(Initiative.Level.choices)
        self._levels.update({"tinh": "tinh", "huyen": "huyen", "xa": "xa"})
        self._stages = _choice_lookup(Initiative.Stage.choices)
        self._recognition = _choice_lookup(Initiative.RecognitionLevel.choices)
        self._areas: dict[str, ReformArea] = {}
        for area in ReformArea.objects.all():
            for key in (area.code, area.name_vi, area.name_en):
                self._areas[fold(key)] = area
        self._names = IndicatorNames()
        self._provinces = UnitResolver.for_provinces()
        self._within: dict[tuple[int, int], UnitResolver] = {}
        existing = Initiative.objects.prefetch_related("areas", "targets", "sources")
        self._existing: dict[tuple[str, int], Initiative] = {}
        self._by_title: dict[str, list[Initiative]] = {}
        for item in existing:
            self._existing[(title_key(item.title), item.locality_id)] = item
            self._by_title.setdefault(title_key(item.title), []).append(item)
        self._seen: dict[tuple[str, int], int] = {}
        self._slugs = {item.slug for item in existing}

    def _resolver(self, level: int, within: AdministrativeUnit) -> UnitResolver:
        key = (level, within.pk)
        if key not in self._within:
            self._within[key] = UnitResolver.for_level(level, within=within)
        return self._within[key]

    # --- import: one row --------------------------------------------------------------------

    def _year(self, number: int, text: dict, column: str) -> int | None:
        raw = text.get(column, "")
        if not raw:
            return None
        try:
            return parse_year(raw)
        except CellError as exc:
            raise self.row_error(number, column, raw, exc) from None

    def _locality(
        self, number: int, text: dict, place_year: int | None, start_year: int | None
    ) -> AdministrativeUnit:
        district_name = text.get("district", "")
        if place_year is not None:
            year = place_year
        elif start_year is not None:
            year = start_year
        elif district_name:
            year = LAST_DISTRICT_YEAR
        else:
            year = timezone.localdate().year
        found = self._provinces.resolve(text.get("province", ""), year=year)
        if not found.ok:
            raise self.row_error(number, "province", text.get("province"), found.message())
        unit = found.unit
        if district_name:
            found = self._resolver(Level.DISTRICT, unit).resolve(district_name, year=year)
            if not found.ok:
                raise self.row_error(number, "district", district_name, found.message())
            unit = found.unit
        commune_name = text.get("commune", "")
        if commune_name:
            found = self._resolver(Level.COMMUNE, unit).resolve(commune_name, year=year)
            if not found.ok:
                raise self.row_error(number, "commune", commune_name, found.message())
            unit = found.unit
        return unit

    def _choice(self, number, text, column, choices, lookup, default=None):
        raw = text.get(column, "")
        if not raw:
            return default
        value = lookup.get(fold(raw))
        if value is None:
            with translation.override("vi"):
                labels = [str(label) for _value, label in choices]
            raise self.row_error(
                number,
                column,
                raw,
                _("không phải giá trị được nhận (%(options)s)") % {"options": ", ".join(labels)},
            )
        return value

    def _targets(self, number: int, raw: str) -> list[str]:
        codes: list[str] = []
        for item in filter(None, LIST_SEPARATOR.split(raw)):
            index_name, _sep, component_name = item.partition(":")
            index = self._names.index(index_name)
            if index is None:
                raise self.row_error(
                    number,
                    "targets",
                    item,
                    _("không rõ chỉ số (PAR-Index, SIPAS, PAPI, PCI; thành phần ghi sau dấu “:”)"),
                )
            code = index.code
            if component_name.strip():
                component = self._names.component(index, component_name)
                if component is None:
                    raise self.row_error(
                        number,
                        "targets",
                        item,
                        _("không phải thành phần của %(index)s") % {"index": index.short_name},
                    )
                code = f"{index.code}:{component.code}"
            if code not in codes:
                codes.append(code)
        return codes

    def before_import_row(self, row, **kwargs) -> None:
        number = kwargs.get("row_number", 0) + 1
        text = {k: nfc(str(v)).strip() if v is not None else "" for k, v in row.items()}
        for column, value in text.items():
            reason = legacy_text_error(value) if not column.startswith("_") else None
            if reason:
                raise self.row_error(number, column, value, reason)
        for column in REQUIRED:
            if not text.get(column):
                raise self.row_error(number, column, "", _("cột bắt buộc, không được để trống"))
        start_year = self._year(number, text, "start_year")
        place_year = self._year(number, text, "place_year")
        locality = self._locality(number, text, place_year, start_year)
        level = self._choice(number, text, "level", Initiative.Level.choices, self._levels)
        stage = self._choice(
            number, text, "stage", Initiative.Stage.choices, self._stages, Initiative.Stage.RUNNING
        )
        recognition_level = self._choice(
            number,
            text,
            "recognition_level",
            Initiative.RecognitionLevel.choices,
            self._recognition,
            "",
        )
        areas = []
        for name in filter(None, LIST_SEPARATOR.split(text.get("areas", ""))):
            area = self._areas.get(fold(name))
            if area is None:
                raise self.row_error(
                    number,
                    "areas",
                    name,
                    _("không phải lĩnh vực CCHC (%(options)s)")
                    % {"options": "; ".join(sorted({a.name_vi for a in self._areas.values()}))},
                )
            areas.append(area)
        targets = self._targets(number, text.get("targets", ""))
        recognition_date = None
        if text.get("recognition_date"):
            try:
                recognition_date = _parse_date(text["recognition_date"])
            except ValueError:
                raise self.row_error(
                    number,
                    "recognition_date",
                    text["recognition_date"],
                    _("ngày phải có dạng 25/12/2023"),
                ) from None
        source_date = None
        if text.get("source_date"):
            try:
                source_date = _parse_date(text["source_date"])
            except ValueError:
                raise self.row_error(
                    number, "source_date", text["source_date"], _("ngày phải có dạng 25/12/2023")
                ) from None
        source_url = text.get("source_url", "")
        if source_url and not source_url.startswith(("http://", "https://")):
            raise self.row_error(
                number, "source_url", source_url, _("đường dẫn phải bắt đầu bằng https://")
            )
        replicated_from = None
        if text.get("replicated_from"):
            matches = self._by_title.get(title_key(text["replicated_from"]), [])
            if len(matches) != 1:
                raise self.row_error(
                    number,
                    "replicated_from",
                    text["replicated_from"],
                    _("không có sáng kiến nào mang đúng tên này")
                    if not matches
                    else _("có %(count)s sáng kiến cùng tên này") % {"count": len(matches)},
                )
            replicated_from = matches[0]

        key = (title_key(text["title"]), locality.pk)
        if key in self._seen:
            raise ValidationError(
                _("Dòng %(row)s trùng với dòng %(first)s: cùng sáng kiến “%(title)s” ở %(place)s.")
                % {
                    "row": number,
                    "first": self._seen[key],
                    "title": text["title"],
                    "place": locality.name,
                }
            )
        self._seen[key] = number
        row["_key"] = key
        # An empty cell, or a column the file does not have, leaves that field of an existing
        # initiative as it is: a file never erases what it does not mention.
        present = {name for name, value in text.items() if value}
        values = {
            "title": text["title"],
            "locality": locality,
            "level": level,
            **{name: text.get(name, "") for name in TEXT_FIELDS if name in present},
            "stage": stage,
            "start_year": start_year,
            "recognition_date": recognition_date,
            "recognition_level": recognition_level,
            "replicated_from": replicated_from,
        }
        for name in ("stage", "start_year", "recognition_date", "recognition_level"):
            if name not in present:
                del values[name]
        if "replicated_from" not in present:
            del values["replicated_from"]
        row["_values"] = values
        row["_areas"] = areas if "areas" in present else None
        row["_targets"] = targets if "targets" in present else None
        row["_source"] = (
            {
                "title": text.get("source_title") or source_url,
                "publisher": text.get("source_publisher", ""),
                "published_on": source_date,
                "url": source_url,
            }
            if (text.get("source_title") or source_url)
            else None
        )
        row["_number"] = number

    def get_instance(self, instance_loader, row):
        return self._existing.get(row["_key"])

    def init_instance(self, row=None):
        slug = unique_slug(row["_values"]["title"], taken=self._slugs)
        self._slugs.add(slug)
        return Initiative(status=Initiative.Status.APPROVED, slug=slug)

    def _target_codes(self, item: Initiative) -> set[str]:
        return {self._names.target_code(t.index_id, t.component_id) for t in item.targets.all()}

    def _has_source(self, item: Initiative, source: dict) -> bool:
        return any((s.title, s.url) == (source["title"], source["url"]) for s in item.sources.all())

    def import_instance(self, instance, row, **kwargs) -> None:
        values = row["_values"]
        before = {name: getattr(instance, name) for name in COMPARED} if instance.pk else None
        for name, value in values.items():
            setattr(instance, name, value)
        try:
            # The locality and "replicated from" come from rows loaded in before_import: no
            # need for full_clean to look each up again.
            instance.full_clean(
                exclude=["slug", "status", "locality", "replicated_from"], validate_unique=False
            )
        except ValidationError as exc:
            number = row["_number"]
            messages = [
                self.row_error(number, field, row.get(field, ""), "; ".join(errors)).messages[0]
                for field, errors in exc.message_dict.items()
            ]
            raise ValidationError(messages) from None
        if before is None:
            row["_changed"] = True
            return
        row["_changed"] = (
            any(getattr(instance, name) != before[name] for name in COMPARED)
            or (
                row["_areas"] is not None
                and {a.pk for a in instance.areas.all()} != {a.pk for a in row["_areas"]}
            )
            or (
                row["_targets"] is not None and self._target_codes(instance) != set(row["_targets"])
            )
            or (row["_source"] is not None and not self._has_source(instance, row["_source"]))
        )

    def save_m2m(self, instance, row, **kwargs) -> None:
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return  # nothing was saved, nothing to relate (a dry run without a transaction)
        if row["_areas"] is not None:
            if row["_key"] in self._existing:
                instance.areas.set(row["_areas"])
            else:
                instance.areas.add(*row["_areas"])  # a new row has none: no need to read them
        if row["_targets"] is not None:
            instance.set_targets(
                row["_targets"],
                indices=self._names.index_by_code,
                components=self._names.component_by_code,
            )
        source = row["_source"]
        is_new = row["_key"] not in self._existing
        if source is not None and (is_new or not self._has_source(instance, source)):
            Source.objects.create(initiative=instance, **source)
        if is_new:
            self._existing[row["_key"]] = instance
            self._by_title.setdefault(row["_key"][0], []).append(instance)
            if not self._is_dry_run(kwargs):
                StatusChange.objects.create(
                    initiative=instance,
                    from_status=Initiative.Status.DRAFT,
                    to_status=Initiative.Status.APPROVED,
                    actor=self._user if getattr(self._user, "pk", None) else None,
                    comment=_("Nhập từ bảng tính bởi quản trị viên."),
                )


def initiative_template() -> bytes:
    """The XLSX to fill: headers with notes, a real example row (the demo initiative from the
    seed article on Thọ Xuân's volunteer Saturdays), drop-downs, unit names with their codes."""
    areas = [a.name_vi for a in ReformArea.objects.order_by("order")]
    targets = []
    for index in Index.objects.order_by("pk"):
        targets.append(index.short_name)
        targets.extend(
            f"{index.short_name}: {c.name_vi}"
            for c in Component.objects.filter(index=index, parent__isnull=True).order_by("pk")
        )
    notes = {
        "title": _("Tên như văn bản, bài báo ghi."),
        "summary": _("Tối đa 500 ký tự."),
        "province": _(
            "Tên tỉnh vào năm bắt đầu (trước 2025: 63 tỉnh); xem trang “Tỉnh, thành phố”."
        ),
        "district": _("Chỉ với địa bàn trước 01/7/2025."),
        "commune": _("Để trống nếu sáng kiến cấp tỉnh hoặc huyện."),
        "level": _("Cấp của đơn vị thực hiện."),
        "areas": _("Một hoặc nhiều lĩnh vực, cách nhau bằng dấu “;”."),
        "targets": _(
            "Ví dụ “PAPI” hoặc “PAR-Index: Cải cách thủ tục hành chính”; nhiều giá trị cách "
            "nhau bằng “;”."
        ),
        "place_year": _(
            "Năm mà tên tỉnh, huyện, xã ghi trong dòng này đang dùng: 2024 cho tên trước "
            "01/7/2025, để trống cho tên hiện nay. Nếu trống: lấy năm bắt đầu, hoặc 2024 khi "
            "có ghi huyện."
        ),
        "recognition_date": _("Dạng 25/12/2023."),
        "replicated_from": _("Tên đúng của một sáng kiến đã có trên cổng."),
        "source_url": _("Bắt đầu bằng https://"),
    }
    choices = {
        "level": ([str(label) for label in Initiative.Level.labels], True),
        "stage": ([str(label) for label in Initiative.Stage.labels], True),
        "recognition_level": ([str(label) for label in Initiative.RecognitionLevel.labels], True),
        "areas": (areas, False),
        "targets": (targets, False),
    }
    columns = [
        TemplateColumn(
            label,
            notes.get(key, ""),
            required=key in REQUIRED,
            choices=choices.get(key, ((), True))[0],
            strict=choices.get(key, ((), True))[1],
            width=40 if key in ("title", "summary", "targets", "areas") else 22,
        )
        for key, label in COLUMNS.items()
    ]
    example = dict.fromkeys(COLUMNS, "")
    example.update(
        {
            "title": "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC",
            "model_name": "Ngày thứ bảy tình nguyện giúp dân giải quyết TTHC",
            "summary": (
                "Văn phòng đăng ký đất đai huyện Thọ Xuân tình nguyện làm việc ngày thứ Bảy để "
                "giúp dân giải quyết thủ tục hành chính; sau đó mở 15 điểm tại 15 xã, thị trấn "
                "hỗ trợ người dân dùng dịch vụ công trực tuyến."
            ),
            "implementing_unit": "Văn phòng đăng ký đất đai huyện Thọ Xuân",
            "province": "Thanh Hóa",
            "district": "Thọ Xuân",
            "place_as_written": (
                "huyện Thọ Xuân, Thanh Hóa; sau đó 15 điểm tại 15 xã, thị trấn của Thọ Xuân"
            ),
            "level": "Cấp huyện",
            "areas": (
                "Cải cách thủ tục hành chính; Xây dựng và phát triển Chính quyền điện tử, "
                "Chính quyền số"
            ),
            "stage": "Đã nhân rộng",
            "targets": "SIPAS; PAPI: Thủ tục hành chính công",
            "source_title": "Hội thảo chia sẻ sáng kiến, mô hình cải cách hành chính",
            "source_publisher": "Báo Thanh Hóa (baothanhhoa.vn)",
            "source_date": "16/11/2023",
        }
    )
    return build_template(
        _("Sáng kiến"),
        columns,
        [example[key] for key in COLUMNS],
        [province_sheet(), unit_sheet()],
    )
