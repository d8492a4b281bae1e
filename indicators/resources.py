"""The one import/export resource for indicator scores (admin import and `import_scores`).

Rows are matched by natural key (index, year, province as it was that year, component), never
by database id. Everything a row needs is loaded once in ``before_import`` (indices,
components, editions, the province resolver), and the existing scores of an edition once, when
the first row of that edition is met, so a file of 30,000 rows costs a handful of queries (one
more per edition it holds) plus the bulk writes; a file of a few rows does not read the scores
of every other edition.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from indicators.models import Component, Edition, Index, Score
from indicators.names import IndicatorNames
from indicators.parsing import (
    COLUMN_LABELS,
    REQUIRED_COLUMNS,
    canonical_column,
    is_total,
    parse_rank,
    parse_score,
)
from indicators.reference import EDITION_SPECS, PCI_URL, edition_values
from localities.models import AdministrativeUnit
from localities.resolve import Resolution, UnitResolver
from localities.text import fold, nfc
from spreadsheets.cells import format_number, parse_year
from spreadsheets.reading import legacy_text_error
from spreadsheets.resources import NaturalKeyResource, RowErrors
from spreadsheets.workbook import TemplateColumn, build_template, province_sheet

SCORE_FIELDS = ("status", "value", "rank", "rank_of", "tier", "source_note")


def format_decimal(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        whole, frac = text.split(".")
        text = f"{whole}.{frac.ljust(2, '0')}"
    else:
        text = f"{text}.00"
    return text


class ScoreResource(NaturalKeyResource):
    column_labels = COLUMN_LABELS
    required_columns = REQUIRED_COLUMNS

    province = fields.Field(column_name="Tỉnh/Thành phố")
    province_code = fields.Field(column_name="Mã tỉnh")
    index = fields.Field(column_name="Chỉ số")
    year = fields.Field(column_name="Năm")
    component = fields.Field(column_name="Thành phần")
    score = fields.Field(column_name="Điểm")
    rank = fields.Field(column_name="Xếp hạng")
    tier = fields.Field(column_name="Xếp loại")
    source_url = fields.Field(column_name="Nguồn")

    class Meta:
        model = Score
        fields = (
            "province",
            "province_code",
            "index",
            "year",
            "component",
            "score",
            "rank",
            "tier",
            "source_url",
        )
        export_order = fields
        use_bulk = True
        batch_size = 2000
        skip_html_diff = True

    # --- export -----------------------------------------------------------------------------

    def get_export_queryset(self, request=None):
        return Score.objects.for_export()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("edition__index", "component", "province")

    def dehydrate_province(self, score: Score) -> str:
        return score.province.short_name

    def dehydrate_province_code(self, score: Score) -> str:
        return score.province.code

    def dehydrate_index(self, score: Score) -> str:
        return score.edition.index.short_name

    def dehydrate_year(self, score: Score) -> int:
        return score.edition.year

    def dehydrate_component(self, score: Score) -> str:
        return score.component.name_vi if score.component else ""

    def dehydrate_score(self, score: Score) -> str:
        if score.status == Score.Status.NOT_PUBLISHED:
            return "không công bố"
        return format_decimal(score.value)

    def dehydrate_rank(self, score: Score) -> str:
        if score.rank is None:
            return ""
        return f"{score.rank}/{score.rank_of}" if score.rank_of else str(score.rank)

    def dehydrate_tier(self, score: Score) -> str:
        return score.tier

    def dehydrate_source_url(self, score: Score) -> str:
        return score.source_note or score.edition.source_url

    # --- import -----------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        self.map_headers(dataset, canonical_column)
        self._load_caches()

    def _load_caches(self) -> None:
        self._names = IndicatorNames()
        self._editions: dict[tuple[int, int], Edition] = {
            (e.index_id, e.year): e for e in Edition.objects.select_related("index")
        }
        #: edition id -> {(province id, component id): score}, read by _existing_scores.
        self._existing: dict[int, dict[tuple[int, int | None], Score]] = {}
        self._provinces = UnitResolver.for_provinces()
        #: (name, year) -> its resolution: a file names the same provinces on every row.
        self._resolutions: dict[tuple[str, int], Resolution] = {}
        self._province_codes: dict[str, list[AdministrativeUnit]] = {}
        for unit in self._provinces_units():
            self._province_codes.setdefault(unit.code, []).append(unit)
        self._seen_keys: dict[tuple, int] = {}

    def _provinces_units(self) -> Iterable[AdministrativeUnit]:
        return AdministrativeUnit.objects.provinces().only(
            "id", "code", "valid_from", "valid_to", "short_name", "name"
        )

    def before_import_row(self, row, **kwargs) -> None:
        # Row 1 of the sheet is the header: data row i is spreadsheet row i + 1.
        number = kwargs.get("row_number", 0) + 1
        text = {k: nfc(str(v)).strip() if v is not None else "" for k, v in row.items()}
        # Every error of the row is listed, so a file is fixed in one round; a cell that
        # cannot be read only stops the checks that need its value.
        errors = RowErrors(self, number)
        for column in ("index", "province", "component", "tier"):
            reason = legacy_text_error(text.get(column, ""))
            if reason:
                errors.add(column, text[column], reason)

        index = self._names.index(text.get("index", ""))
        if index is None:
            errors.add(
                "index",
                text.get("index"),
                _("không rõ chỉ số nào (dùng PAR-Index, SIPAS, PAPI hoặc PCI)"),
            )
        year = errors.read("year", text, parse_year)

        component = None
        if index is not None and not is_total(text.get("component", "")):
            component = self._names.component(index, text["component"])
            if component is None:
                errors.add(
                    "component",
                    text["component"],
                    _(
                        "không phải thành phần đã biết của %(index)s; quản trị viên có thể thêm "
                        "tên gọi khác cho thành phần trong trang quản trị"
                    )
                    % {"index": index.short_name},
                )

        province = None
        if year is not None:
            try:
                province = self._resolve_province(number, text, year)
            except ValidationError as exc:
                errors.extend(exc)
        value = errors.read("score", text, parse_score)
        rank_text = text.get("rank", "")
        rank = errors.read("rank", text, parse_rank) if rank_text else None
        if errors or index is None or year is None or province is None:
            errors.raise_if_any()
        assert index is not None and province is not None  # else raise_if_any raised

        edition = self._edition(index, year, text.get("source_url", ""))
        self._check_scale(number, text.get("score"), value, edition, component)

        key = (edition.pk, province.pk, component.pk if component else None)
        if key in self._seen_keys:
            raise ValidationError(
                _("Dòng %(row)s trùng với dòng %(first)s: cùng %(columns)s (%(values)s).")
                % {
                    "row": number,
                    "first": self._seen_keys[key],
                    "columns": ", ".join(
                        f"“{self.column_labels[c]}”"
                        for c in ("index", "year", "province", "component")
                    ),
                    "values": ", ".join(
                        [
                            index.short_name,
                            str(year),
                            province.name,
                            component.name_vi if component else str(_("điểm tổng")),
                        ]
                    ),
                }
            )
        self._seen_keys[key] = number
        row["_key"] = key
        row["_objects"] = (edition, province, component)
        row["_resolved"] = [(text.get("province") or text.get("province_code", ""), province)]
        values = {
            "status": Score.Status.PUBLISHED if value is not None else Score.Status.NOT_PUBLISHED,
            "value": value,
        }
        # An empty cell, or a column the file lacks, leaves that field as it is ("Xếp hạng"
        # left empty never clears a published rank); "—" or "không công bố" clears it.
        if rank is not None:
            values["rank"] = rank[0]
            if rank[1] is not None or rank[0] is None:
                values["rank_of"] = rank[1]
        tier = text.get("tier", "") or edition.tier_for(value)
        if tier:
            values["tier"] = tier
        if text.get("source_url"):
            source = text.get("source_url", "")
            values["source_note"] = source[:300] if source != edition.source_url else ""
        row["_values"] = values

    def _resolve_province(self, number: int, text: dict, year: int) -> AdministrativeUnit:
        name = text.get("province", "")
        code = text.get("province_code", "")
        if code:
            code = code.zfill(2) if code.isdigit() else code
            matches = [u for u in self._province_codes.get(code, []) if u.is_valid_in(year)]
            if len(matches) != 1:
                raise self.row_error(
                    number,
                    "province_code",
                    code,
                    _("không có tỉnh nào mang mã này trong năm %(year)s") % {"year": year},
                )
            unit = matches[0]
            if name:
                by_name = self._resolve_name(name, year)
                if by_name.ok and by_name.unit is not None and by_name.unit.pk != unit.pk:
                    raise self.row_error(
                        number,
                        "province",
                        name,
                        _("tên tỉnh không khớp với mã %(code)s (%(unit)s)")
                        % {"code": code, "unit": unit.name},
                    )
            return unit
        result = self._resolve_name(name, year)
        if result.ok:
            assert result.unit is not None  # set when ok
            return result.unit
        raise self.row_error(number, "province", name, result.message())

    def _resolve_name(self, name: str, year: int) -> Resolution:
        result = self._resolutions.get((name, year))
        if result is None:
            result = self._resolutions[(name, year)] = self._provinces.resolve(name, year=year)
        return result

    def _check_scale(self, number, raw, value, edition: Edition, component) -> None:
        if value is None:
            return
        if value < 0:
            raise self.row_error(number, "score", raw, _("điểm của các bộ chỉ số không bao giờ âm"))
        low = component.scale_min if component else edition.scale_min
        high = component.scale_max if component else edition.scale_max
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.row_error(
                number,
                "score",
                raw,
                _("ngoài thang điểm %(low)s–%(high)s của %(what)s")
                % {
                    "low": format_number(low) if low is not None else "…",
                    "high": format_number(high) if high is not None else "…",
                    "what": component.name_vi if component else str(edition),
                },
            )

    def _edition(self, index: Index, year: int, source_url: str) -> Edition:
        edition = self._editions.get((index.pk, year))
        if edition is None:
            spec = EDITION_SPECS.get((index.code, year))
            values = edition_values(spec) if spec else {}
            if source_url.startswith(("http://", "https://")) and not values.get("source_url"):
                values["source_url"] = source_url[:500]
            if values.get("scale_max") is None:
                # An edition the reference data does not know yet: the publisher's scale for
                # that year (PAPI 8–80 from 2018), the same rule as the reference editions.
                scale = index.scale_for(year)
                if scale is not None:
                    values["scale_min"], values["scale_max"] = map(Decimal, scale)
            edition = Edition.objects.create(index=index, year=year, **values)
            self.extra_created.setdefault("indicators.edition", set()).add(edition.pk)
            edition.index = index
            self._editions[(index.pk, year)] = edition
            self._existing[edition.pk] = {}  # new: no scores yet
        return edition

    def _existing_scores(self, edition_id: int) -> dict[tuple[int, int | None], Score]:
        """The scores the edition has, read once (one query) per import."""
        scores = self._existing.get(edition_id)
        if scores is None:
            scores = self._existing[edition_id] = {
                (s.province_id, s.component_id): s
                for s in Score.objects.filter(edition_id=edition_id)
            }
        return scores

    def get_instance(self, instance_loader, row):
        edition_id, province_id, component_id = row["_key"]
        instance = self._existing_scores(edition_id).get((province_id, component_id))
        if instance is not None:
            # The related objects are already in memory: no query when the row is described.
            instance.edition, instance.province, instance.component = row["_objects"]
        return instance

    def init_instance(self, row=None):
        edition, province, component = row["_objects"]
        return Score(edition=edition, province=province, component=component)

    def get_bulk_update_fields(self):
        return list(SCORE_FIELDS)


def score_template() -> bytes:
    """The XLSX to fill for a score import: headers, a real example row (PCI 2016, Đà Nẵng,
    from the published PCI data), drop-downs for the index and component, province codes."""
    indices = list(Index.objects.order_by("pk"))
    components = sorted({c.name_vi for c in Component.objects.all()}, key=lambda name: fold(name))
    columns = [
        TemplateColumn(
            COLUMN_LABELS["index"],
            _("PAR-Index, SIPAS, PAPI hoặc PCI."),
            required=True,
            choices=[i.short_name for i in indices],
            width=12,
        ),
        TemplateColumn(COLUMN_LABELS["year"], _("Năm của kỳ đánh giá, ví dụ 2016."), True, width=8),
        TemplateColumn(
            COLUMN_LABELS["province"],
            _(
                "Tên tỉnh như trong năm đánh giá (trước 2025: 63 tỉnh); có thể viết tắt "
                "(TP.HCM, BR-VT) hoặc không dấu. Xem trang “Tỉnh, thành phố”."
            ),
            True,
            width=24,
        ),
        TemplateColumn(
            COLUMN_LABELS["province_code"],
            _("Không bắt buộc; nếu có, phải khớp với tên tỉnh trong năm đó."),
            width=10,
        ),
        TemplateColumn(
            COLUMN_LABELS["component"],
            _("Để trống cho điểm tổng; hoặc tên thành phần của chỉ số."),
            choices=components,
            strict=False,
            width=34,
        ),
        TemplateColumn(
            COLUMN_LABELS["score"],
            _(
                "Số thập phân, dấu phẩy hay dấu chấm đều được (81,98); “không công bố” nếu "
                "nhà công bố không công bố điểm."
            ),
            True,
            width=10,
        ),
        TemplateColumn(COLUMN_LABELS["rank"], _("Ví dụ 22 hoặc 22/63."), width=10),
        TemplateColumn(COLUMN_LABELS["tier"], _("Nhóm xếp loại nếu nhà công bố có."), width=14),
        TemplateColumn(COLUMN_LABELS["source_url"], _("Đường dẫn tới nguồn công bố."), width=40),
    ]
    example = [
        "PCI",
        2016,
        "Đà Nẵng",
        "48",
        "",
        "70,00",
        "1",
        "",
        # The publisher's PCI 2016 ranking page (the edition's own source).
        PCI_URL.format(year=2016),
    ]
    return build_template(_("Điểm chỉ số"), columns, example, [province_sheet()])
