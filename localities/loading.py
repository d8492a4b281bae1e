"""Load the administrative units: current (2025.x package), pre-2025 (committed fixture), Hà Tây.

``load_units()`` is idempotent and fast: it reads the existing units in one query, creates the
missing ones in bulk, updates only the fields that differ, and never touches a unit an
administrator has edited (``edited_by_admin``). Units are matched by their natural key
(level, code, valid_from), never by code alone, because codes were reused across 2025.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.conf import settings
from django.db import transaction

from localities.models import (
    PRE_2025_LAST_DAY,
    REORGANISATION_DATE,
    AdministrativeUnit,
    UnitNamePeriod,
)
from localities.reference import ENGLISH_NAMES, HA_TAY, SUCCESSION_2025
from localities.text import fold, nfc, strip_diacritics

Level = AdministrativeUnit.Level
UnitType = AdministrativeUnit.UnitType
Source = AdministrativeUnit.Source

PRE_2025_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "units_pre2025.csv.gz"

#: (level, code, valid_from): the natural key of a unit.
Key = tuple[int, str, datetime.date | None]

#: Fields the loader owns and compares (besides parent and successor).
DATA_FIELDS = (
    "name",
    "short_name",
    "unit_type",
    "valid_to",
    "english_name",
    "search_key",
    "source",
)

#: Fields that a unit with name periods takes from the period in force, not from the lists.
PERIOD_OWNED = frozenset({"name", "short_name", "unit_type", "search_key"})

#: division_type of the 2025.x package -> unit type and the prefix of the official name.
CURRENT_TYPES = {
    "tỉnh": (UnitType.TINH, "Tỉnh"),
    "thành phố trung ương": (UnitType.THANH_PHO_TRUNG_UONG, "Thành phố"),
    "phường": (UnitType.PHUONG, "Phường"),
    "xã": (UnitType.XA, "Xã"),
    "đặc khu": (UnitType.DAC_KHU, "Đặc khu"),
}


@dataclass(frozen=True)
class UnitRecord:
    """One unit as the reference data describes it."""

    level: int
    code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    name: str
    short_name: str
    unit_type: str
    source: str
    english_name: str = ""
    parent_key: Key | None = None
    successor_key: Key | None = None

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_from)

    def data(self) -> dict:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "unit_type": self.unit_type,
            "valid_to": self.valid_to,
            "english_name": self.english_name,
            "search_key": fold(self.short_name),
            "source": self.source,
        }


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edited: int = 0
    #: Units in the database that the reference data does not list (added by an admin).
    other: int = 0
    updated_fields: set[str] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        text = (
            f"Administrative units: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.kept_edited} kept (edited by an admin), "
            f"{self.other} not in the reference data."
        )
        if self.updated_fields:
            text += f" Updated fields: {', '.join(sorted(self.updated_fields))}."
        return text


def _english(short_name: str) -> str:
    return ENGLISH_NAMES.get(short_name, strip_diacritics(short_name))


def _short(name: str, prefix: str) -> str:
    if name.casefold().startswith(prefix.casefold() + " "):
        return name[len(prefix) + 1 :].strip()
    return name


def current_records() -> Iterator[UnitRecord]:
    """The 34 provinces and 3,321 communes in force since 1 July 2025 (package 2025.x)."""
    source = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    provinces = json.loads(source.read_text(encoding="utf-8"))
    for province in provinces:
        unit_type, prefix = CURRENT_TYPES[province["division_type"]]
        raw_name = nfc(province["name"].strip())
        short_name = _short(raw_name, prefix)
        p_key: Key = (Level.PROVINCE, f"{province['code']:02d}", REORGANISATION_DATE)
        yield UnitRecord(
            level=Level.PROVINCE,
            code=p_key[1],
            valid_from=REORGANISATION_DATE,
            valid_to=None,
            name=f"{prefix} {short_name}",
            short_name=short_name,
            unit_type=unit_type,
            source=Source.PACKAGE_2025,
            english_name=_english(short_name),
        )
        for ward in province["wards"]:
            w_type, w_prefix = CURRENT_TYPES[ward["division_type"]]
            w_name = nfc(ward["name"].strip())
            yield UnitRecord(
                level=Level.COMMUNE,
                code=f"{ward['code']:05d}",
                valid_from=REORGANISATION_DATE,
                valid_to=None,
                name=w_name,
                short_name=_short(w_name, w_prefix),
                unit_type=w_type,
                source=Source.PACKAGE_2025,
                parent_key=p_key,
            )


def pre2025_records(path: Path = PRE_2025_FIXTURE) -> Iterator[UnitRecord]:
    """The 63 provinces, their districts and communes, until 30 June 2025 (fixture file)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = int(row["level"])
            short_name = row["short_name"]
            yield UnitRecord(
                level=level,
                code=row["code"],
                valid_from=None,
                valid_to=PRE_2025_LAST_DAY,
                name=row["name"],
                short_name=short_name,
                unit_type=UnitType(row["unit_type"]),
                source=Source.PACKAGE_PRE_2025,
                english_name=_english(short_name) if level == Level.PROVINCE else "",
                parent_key=(level - 1, row["parent_code"], None) if row["parent_code"] else None,
            )


def ha_tay_record() -> UnitRecord:
    return UnitRecord(
        level=Level.PROVINCE,
        code=HA_TAY["code"],
        valid_from=None,
        valid_to=HA_TAY["valid_to"],
        name=HA_TAY["name"],
        short_name=HA_TAY["short_name"],
        unit_type=UnitType.TINH,
        source=Source.REFERENCE,
        english_name=HA_TAY["english_name"],
        successor_key=(Level.PROVINCE, HA_TAY["successor_code"], None),
    )


def with_successors(records: list[UnitRecord]) -> list[UnitRecord]:
    """Link each pre-2025 province to the current province it became part of (by name)."""
    current = {
        fold(r.short_name): r
        for r in records
        if r.level == Level.PROVINCE and r.source == Source.PACKAGE_2025
    }
    new_of_old = {
        fold(old): current[fold(new)] for new, olds in SUCCESSION_2025.items() for old in olds
    }
    result = []
    mapped = 0
    for record in records:
        if record.level == Level.PROVINCE and record.source == Source.PACKAGE_PRE_2025:
            successor = new_of_old[fold(record.short_name)]
            record = UnitRecord(**{**record.__dict__, "successor_key": successor.key})
            mapped += 1
        result.append(record)
    if mapped != 63 or len(new_of_old) != 63 or len(current) != 34:
        raise ValueError(
            f"Succession table incomplete: {mapped} of 63 pre-2025 provinces mapped, "
            f"{len(current)} current provinces"
        )
    return result


def reference_records() -> list[UnitRecord]:
    return with_successors([*current_records(), *pre2025_records(), ha_tay_record()])


def _existing() -> tuple[dict[Key, dict], dict[tuple[int, str, str], dict], int]:
    rows = AdministrativeUnit.objects.values(
        "id", "level", "code", "valid_from", "parent_id", "successor_id", "edited_by_admin",
        *DATA_FIELDS,
    )  # fmt: skip
    by_key: dict[Key, dict] = {}
    edited_by_source: dict[tuple[int, str, str], dict] = {}
    for row in rows:
        by_key[(row["level"], row["code"], row["valid_from"])] = row
        if row["edited_by_admin"]:
            # An admin may have changed the dates (hence the key) of a loaded unit: still the
            # same unit, found by its code within its source list.
            edited_by_source[(row["level"], row["code"], row["source"])] = row
    return by_key, edited_by_source, len(by_key)


@transaction.atomic
def load_units(records: list[UnitRecord] | None = None) -> LoadReport:
    records = reference_records() if records is None else records
    report = LoadReport()
    by_key, edited_by_source, total_before = _existing()
    renamed = set(UnitNamePeriod.objects.values_list("unit_id", flat=True).distinct().order_by())
    ids: dict[Key, int] = {}
    rows_of: dict[Key, dict] = {}
    updated_ids: set[int] = set()
    matched = 0

    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        fields: set[str] = set()
        for record in (r for r in records if r.level == level):
            row = by_key.get(record.key) or edited_by_source.get(
                (record.level, record.code, record.source)
            )
            parent_id = ids[record.parent_key] if record.parent_key else None
            desired = {**record.data(), "parent_id": parent_id}
            if row is None:
                to_create.append(
                    AdministrativeUnit(
                        level=record.level,
                        code=record.code,
                        valid_from=record.valid_from,
                        **desired,
                    )
                )
                continue
            ids[record.key] = row["id"]
            rows_of[record.key] = row
            if row["edited_by_admin"]:
                report.kept_edited += 1
                continue
            matched += 1
            if row["id"] in renamed:
                # Name and type follow the unit's name periods (localities.changes).
                desired = {**desired, **{name: row[name] for name in PERIOD_OWNED}}
            changed = {name for name, value in desired.items() if row[name] != value}
            if changed:
                to_update.append(AdministrativeUnit(id=row["id"], **desired))
                fields |= changed
                updated_ids.add(row["id"])
        if to_update:
            AdministrativeUnit.objects.bulk_update(to_update, sorted(fields), batch_size=500)
            report.updated_fields |= fields
        if to_create:
            created = AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
            report.created += len(created)
            if any(unit.pk is None for unit in created):  # a backend without RETURNING
                created = AdministrativeUnit.objects.filter(level=level).only(
                    "id", "level", "code", "valid_from"
                )
            for unit in created:
                ids.setdefault((unit.level, unit.code, unit.valid_from), unit.pk)

    # Successors point across periods, so they are set once every unit has an id.
    successor_updates = []
    for record in records:
        if record.successor_key is None:
            continue
        row = rows_of.get(record.key)
        if row is not None and row["edited_by_admin"]:
            continue
        successor_id = ids[record.successor_key]
        if row is None or row["successor_id"] != successor_id:
            successor_updates.append(
                AdministrativeUnit(id=ids[record.key], successor_id=successor_id)
            )
            if row is not None:
                updated_ids.add(row["id"])
                report.updated_fields.add("successor_id")
    if successor_updates:
        AdministrativeUnit.objects.bulk_update(successor_updates, ["successor_id"])

    report.updated = len(updated_ids)
    report.unchanged = matched - len(updated_ids)
    report.other = total_before - len(rows_of)
    return report
