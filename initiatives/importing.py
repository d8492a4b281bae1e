"""The admin's import of initiatives (django-import-export), column by column as
:data:`initiatives.columns.COLUMNS` declares them.

A row is matched by its natural key, the title (compared without case or diacritic-form
differences) and its locality, never by database id, so the same file imported twice gives
0 new, 0 changed. Places are resolved for the year of the place names if given; else today's
units (as the template says), a name no longer in use being read for 2024 when a district is
named (districts ended on 30/06/2025) or for the start year. Everything a row needs is loaded
once in ``before_import``; communes are indexed per province on first use.

An initiative imported by an administrator is published (approved) with one history row
saying so; a dry run (the preview) writes nothing, sends nothing, records no history.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.names import IndicatorNames
from initiatives.columns import (
    BY_KEY,
    CHOICE,
    COLUMNS,
    DATE,
    HEADERS,
    REQUIRED,
    TEXT,
    URL,
    YEAR,
)
from initiatives.exports import InitiativeExport
from initiatives.models import Initiative, ReformArea, Source, StatusChange, unique_slug
from localities.models import AdministrativeUnit
from localities.resolve import PlaceError, PlaceResolver
from localities.text import fold, nfc
from spreadsheets.cells import CellError, parse_year
from spreadsheets.reading import legacy_text_error
from spreadsheets.undo import register_relations

LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")
#: Districts were abolished on 1 July 2025: a row naming one speaks of the units before.
LAST_DISTRICT_YEAR = 2024
_HEADER_KEYS = {
    **{alias: column.key for column in COLUMNS for alias in column.aliases},
    **{fold(column.header): column.key for column in COLUMNS},
    **{column.key: column.key for column in COLUMNS},
}


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


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("ngày phải có dạng 25/12/2023"))


def parse_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise CellError(_("đường dẫn phải bắt đầu bằng https://"))
    return text


def _canonical(header: str) -> str | None:
    return _HEADER_KEYS.get(fold(header or ""))


class InitiativeResource(InitiativeExport):
    column_labels = HEADERS
    required_columns = REQUIRED

    # --- import: set-up ---------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        self.map_headers(dataset, _canonical)
        self._user = kwargs.get("user")
        self._choices = {
            column.key: _choice_lookup(column.choices.choices)
            for column in COLUMNS
            if column.choices is not None
        }
        self._areas: dict[str, ReformArea] = {}
        for area in ReformArea.objects.all():
            for key in (area.code, area.name_vi, area.name_en):
                self._areas[fold(key)] = area
        self._names = IndicatorNames()
        self._places = PlaceResolver()
        existing = Initiative.objects.prefetch_related("areas", "targets", "sources")
        self._existing: dict[tuple[str, int], Initiative] = {}
        self._by_title: dict[str, list[Initiative]] = {}
        for item in existing:
            self._existing[(title_key(item.title), item.locality_id)] = item
            self._by_title.setdefault(title_key(item.title), []).append(item)
        self._seen: dict[tuple[str, int], int] = {}
        self._slugs = {item.slug for item in existing}
        self._relations: list = []

    # --- import: one row --------------------------------------------------------------------

    def _read(self, number: int, text: dict, kinds: set[str], into: dict) -> None:
        """The filled cells of the columns of these kinds, read as their kind says."""
        for column in COLUMNS:
            raw = text.get(column.key, "")
            if column.kind not in kinds or not raw:
                continue
            try:
                if column.kind == YEAR:
                    into[column.key] = parse_year(raw)
                elif column.kind == DATE:
                    into[column.key] = parse_date(raw)
                elif column.kind == URL:
                    into[column.key] = parse_url(raw)
                elif column.kind == CHOICE:
                    into[column.key] = self._choice(column.key, raw)
                else:
                    into[column.key] = raw
            except CellError as exc:
                raise self.row_error(number, column.key, raw, exc) from None

    def _choice(self, key: str, raw: str) -> str:
        value = self._choices[key].get(fold(raw))
        if value is None:
            with translation.override("vi"):
                labels = [str(label) for label in BY_KEY[key].option_values()]
            raise CellError(
                _("không phải giá trị được nhận (%(options)s)") % {"options": ", ".join(labels)}
            )
        return value

    def _locality(
        self, number: int, text: dict, place_year: int | None, start_year: int | None
    ) -> AdministrativeUnit:
        """A blank place-name year means today's names, as the template says; a name no
        longer in use is then read for the year it was (2024 when a district is named, the
        start year otherwise). The first year in which the names resolve wins."""
        province, district, commune = (
            text.get("province", ""),
            text.get("district", ""),
            text.get("commune", ""),
        )
        if place_year is not None:
            years = [place_year]
        else:
            today = timezone.localdate().year
            years = [LAST_DISTRICT_YEAR, today] if district else [today]
            if start_year is not None and start_year not in years:
                years.append(start_year)
            if LAST_DISTRICT_YEAR not in years:
                years.append(LAST_DISTRICT_YEAR)
        first_error = None
        for year in years:
            try:
                unit = self._places.resolve(province, district, commune, year=year)
            except PlaceError as exc:
                first_error = first_error or exc
                continue
            written = ", ".join(filter(None, (commune, district, province)))
            row_resolved = self._row_resolved
            row_resolved.append((written, unit))
            return unit
        assert first_error is not None  # years is never empty
        raise self.row_error(
            number, first_error.column, first_error.name, first_error.message
        ) from None

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
        cells: dict = {}
        resolved: list[tuple[str, AdministrativeUnit]] = []
        self._row_resolved = row["_resolved"] = resolved
        self._read(number, text, {YEAR}, cells)
        locality = self._locality(number, text, cells.get("place_year"), cells.get("start_year"))
        self._read(number, text, {CHOICE}, cells)
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
        self._read(number, text, {DATE, URL, TEXT}, cells)
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
        # initiative as it is: a file never erases what it does not mention (only filled cells
        # are read).
        values = {
            "title": text["title"],
            "locality": locality,
            **{c.field: cells[c.key] for c in COLUMNS if c.field and c.key in cells},
        }
        if text.get("replicated_from"):
            values["replicated_from"] = replicated_from
        row["_values"] = values
        row["_areas"] = areas if text.get("areas") else None
        row["_targets"] = targets if text.get("targets") else None
        source_url = cells.get("source_url", "")
        row["_source"] = (
            {
                "title": text.get("source_title") or source_url,
                "publisher": text.get("source_publisher", ""),
                "published_on": cells.get("source_date"),
                "url": source_url,
            }
            if (text.get("source_title") or source_url)
            else None
        )
        row["_number"] = number

    def change_log(self) -> dict:
        log = super().change_log()
        if self._relations:
            log["relations"] = self._relations
        return log

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
        is_new = instance.pk is None
        changed = self.record_change(instance, values, row)
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
        if is_new:
            return
        before: dict = {}
        if row["_areas"] is not None:
            areas = sorted(a.pk for a in instance.areas.all())
            if set(areas) != {a.pk for a in row["_areas"]}:
                before["areas"] = areas
        if row["_targets"] is not None:
            targets = sorted(self._target_codes(instance))
            if set(targets) != set(row["_targets"]):
                before["targets"] = targets
        if before:
            self._relations.append([instance.pk, before])
        row["_changed"] = (
            bool(changed)
            or bool(before)
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
            created = Source.objects.create(initiative=instance, **source)
            if not is_new:  # a new initiative's sources go with it when the import is undone
                self.extra_created.setdefault("initiatives.source", set()).add(created.pk)
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


def restore_relations(initiatives: dict[int, Initiative], relations: list) -> None:
    """Undo of an import: the areas and targets the initiatives had before it."""
    names = IndicatorNames()
    for pk, before in relations:
        initiative = initiatives.get(pk)
        if initiative is None:
            continue
        if "areas" in before:
            initiative.areas.set(before["areas"])
        if "targets" in before:
            initiative.set_targets(
                before["targets"],
                indices=names.index_by_code,
                components=names.component_by_code,
            )


register_relations("initiatives.initiative", restore_relations)
