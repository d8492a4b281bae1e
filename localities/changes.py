"""Changes of a unit's type and name over time (``UnitNamePeriod``), and the name in force today.

Two sources: ``fixtures/units_2026_amendments.csv`` (the 2026 amendments: Đồng Nai, Quảng Ninh
and Bắc Ninh became centrally-run cities, 22 of their communes became wards) and
``REFERENCE_CHANGES`` below (Thừa Thiên Huế became Thành phố Huế on 1 January 2025).

``load_unit_changes()`` merges them like ``load_units()``: matched by (unit, start day), only
what differs is written, a period an administrator added or edited is never overwritten, and a
second run changes nothing. ``apply_unit_changes()`` then copies the period in force *today*
(``timezone.localdate()``, Asia/Ho_Chi_Minh) onto the unit's ``name``, ``short_name`` and
``unit_type``: a change whose day has not come yet leaves the unit as it is, and the next run on
or after that day applies it. ``name_on(day)`` reads the periods and is right on any day.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from localities.models import REORGANISATION_DATE, AdministrativeUnit, UnitNamePeriod
from localities.text import fold, nfc

Level = AdministrativeUnit.Level
UnitType = AdministrativeUnit.UnitType
Source = UnitNamePeriod.Source

AMENDMENTS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "units_2026_amendments.csv"

#: How the amendments file writes levels and types.
LEVELS = {"province": Level.PROVINCE, "commune": Level.COMMUNE}
TYPES = {
    "tỉnh": UnitType.TINH,
    "thành phố trực thuộc trung ương": UnitType.THANH_PHO_TRUNG_UONG,
    "xã": UnitType.XA,
    "phường": UnitType.PHUONG,
    "đặc khu": UnitType.DAC_KHU,
}
#: The prefix of the official name of each type.
PREFIX: dict[str, str] = {
    UnitType.TINH: "Tỉnh",
    UnitType.THANH_PHO_TRUNG_UONG: "Thành phố",
    UnitType.THANH_PHO_THUOC_TINH: "Thành phố",
    UnitType.QUAN: "Quận",
    UnitType.HUYEN: "Huyện",
    UnitType.THI_XA: "Thị xã",
    UnitType.PHUONG: "Phường",
    UnitType.XA: "Xã",
    UnitType.THI_TRAN: "Thị trấn",
    UnitType.DAC_KHU: "Đặc khu",
}
#: The resolution that created the units in force since 1 July 2025.
RESOLUTION_2025 = "Nghị quyết 202/2025/QH15"

#: (level, code, valid_from): the natural key of a unit, as in ``loading``.
Key = tuple[int, str, datetime.date | None]


def official_name(unit_type: str, short_name: str) -> str:
    return f"{PREFIX[unit_type]} {short_name}"


@dataclass(frozen=True)
class NameChange:
    """From ``effective``, the unit ``unit_key`` is a ``new_type`` named ``new_short_name``."""

    unit_key: Key
    effective: datetime.date
    old_type: str
    new_type: str
    old_short_name: str
    new_short_name: str
    resolution: str
    source: str
    #: Source and resolution of the period before the first change.
    first_source: str = Source.LIST_2025
    first_resolution: str = RESOLUTION_2025


def amendment_changes(path: Path = AMENDMENTS_FIXTURE) -> list[NameChange]:
    """The rows of the amendments file (level, code, name, "tỉnh → thành phố…", day, resolution)."""
    changes = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                old, new = (TYPES[part.strip()] for part in nfc(row["change"]).split("→"))
                level = LEVELS[row["level"].strip()]
                effective = datetime.date.fromisoformat(row["effective_date"].strip())
            except (KeyError, ValueError) as error:
                raise ValueError(f"{path.name}, line {line}: cannot read {row!r}") from error
            name = nfc(row["name"]).strip()
            changes.append(
                NameChange(
                    unit_key=(level, row["code"].strip(), REORGANISATION_DATE),
                    effective=effective,
                    old_type=old,
                    new_type=new,
                    old_short_name=name,
                    new_short_name=name,
                    resolution=f"Nghị quyết {row['resolution'].strip()}",
                    source=Source.AMENDMENTS_2026,
                )
            )
    return changes


#: Changes of name or type before 1 July 2025 that the January 2025 list (vietnam-provinces
#: 0.6.0) already shows: it calls code 46 "Thành phố Huế", which it became on 1 January 2025
#: (Resolution 175/2024/QH15); every indicator edition up to 2024 says "Thừa Thiên Huế".
REFERENCE_CHANGES = [
    NameChange(
        unit_key=(Level.PROVINCE, "46", None),  # the pre-2025 unit
        effective=datetime.date(2025, 1, 1),
        old_type=UnitType.TINH,
        new_type=UnitType.THANH_PHO_TRUNG_UONG,
        old_short_name="Thừa Thiên Huế",
        new_short_name="Huế",
        resolution="Nghị quyết 175/2024/QH15",
        source=Source.REFERENCE,
        first_source=Source.REFERENCE,
        first_resolution="",
    ),
]


def all_changes() -> list[NameChange]:
    return [*REFERENCE_CHANGES, *amendment_changes()]


@dataclass
class ChangesReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edited: int = 0
    #: Units whose name, short name or type were set to the period in force today.
    applied: int = 0
    updated_fields: set[str] = field(default_factory=set)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.applied

    def summary(self) -> str:
        return (
            f"Name periods: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.kept_edited} kept (edited by an admin); "
            f"{self.applied} units renamed to the name in force today."
        )


#: Fields of a unit that hold the name in force today.
NAME_FIELDS = ["name", "short_name", "unit_type", "search_key"]

#: Fields of a period the loader owns.
PERIOD_FIELDS = ("unit_type", "name", "short_name", "resolution", "source")


def _desired_periods(
    changes: list[NameChange], units: dict[Key, AdministrativeUnit]
) -> dict[tuple[int, datetime.date | None], dict]:
    """(unit id, start day) -> the period's fields, for every unit a change concerns."""
    desired: dict[tuple[int, datetime.date | None], dict] = {}
    by_unit: dict[Key, list[NameChange]] = {}
    for change in changes:
        by_unit.setdefault(change.unit_key, []).append(change)
    for key, unit_changes in by_unit.items():
        unit = units.get(key)
        if unit is None:
            raise ValueError(f"Name change for an unknown unit {key}")
        unit_changes.sort(key=lambda c: c.effective)
        first = unit_changes[0]
        desired[(unit.pk, unit.valid_from)] = {
            "unit_type": first.old_type,
            "name": official_name(first.old_type, first.old_short_name),
            "short_name": first.old_short_name,
            "resolution": first.first_resolution,
            "source": first.first_source,
        }
        previous_type = first.old_type
        for change in unit_changes:
            if change.old_type != previous_type:
                raise ValueError(f"Name changes of {key} do not follow each other")
            desired[(unit.pk, change.effective)] = {
                "unit_type": change.new_type,
                "name": official_name(change.new_type, change.new_short_name),
                "short_name": change.new_short_name,
                "resolution": change.resolution,
                "source": change.source,
            }
            previous_type = change.new_type
    return desired


@transaction.atomic
def load_unit_changes(
    changes: list[NameChange] | None = None, today: datetime.date | None = None
) -> ChangesReport:
    """Merge the known changes into ``UnitNamePeriod``, then apply the names in force today."""
    changes = all_changes() if changes is None else changes
    report = ChangesReport()
    keys = {change.unit_key for change in changes}
    codes = {code for _level, code, _start in keys}
    units = {
        (unit.level, unit.code, unit.valid_from): unit
        for unit in AdministrativeUnit.objects.filter(code__in=codes)
        if (unit.level, unit.code, unit.valid_from) in keys
    }
    desired = _desired_periods(changes, units)
    existing = {
        (period.unit_id, period.valid_from): period
        for period in UnitNamePeriod.objects.filter(unit__in=[u.pk for u in units.values()])
    }
    edited = [period for period in existing.values() if period.edited_by_admin]
    to_create, to_update, fields = [], [], set()
    for (unit_id, start), values in desired.items():
        period = existing.get((unit_id, start))
        if period is None:
            # An administrator may have moved the start day of a loaded period: still the same
            # period (same unit, source and name), kept as the administrator left it.
            if any(
                p.unit_id == unit_id and p.source == values["source"] and p.name == values["name"]
                for p in edited
            ):
                report.kept_edited += 1
                continue
            to_create.append(UnitNamePeriod(unit_id=unit_id, valid_from=start, **values))
            continue
        if period.edited_by_admin:
            report.kept_edited += 1
            continue
        changed = {name for name, value in values.items() if getattr(period, name) != value}
        if changed:
            for name in changed:
                setattr(period, name, values[name])
            to_update.append(period)
            fields |= changed
        else:
            report.unchanged += 1
    UnitNamePeriod.objects.bulk_create(to_create)
    if to_update:
        UnitNamePeriod.objects.bulk_update(to_update, sorted(fields))
    report.created, report.updated, report.updated_fields = len(to_create), len(to_update), fields
    report.applied = apply_unit_changes(today=today)
    return report


def apply_unit_changes(
    today: datetime.date | None = None, units: list[AdministrativeUnit] | None = None
) -> int:
    """Copy the name period in force ``today`` onto each unit that has periods (all of them, or
    ``units``). Idempotent: returns how many units changed (0 on a second run the same day)."""
    today = today or timezone.localdate()
    queryset = AdministrativeUnit.objects.filter(name_periods__isnull=False).distinct()
    if units is not None:
        queryset = queryset.filter(pk__in=[unit.pk for unit in units])
    to_update = []
    for unit in queryset.prefetch_related("name_periods"):
        period = unit.period_on(today)
        if period is None:
            continue
        values = {
            "name": period.name,
            "short_name": period.short_name,
            "unit_type": period.unit_type,
            "search_key": fold(period.short_name),
        }
        if any(getattr(unit, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(unit, name, value)
            to_update.append(unit)
    if to_update:
        AdministrativeUnit.objects.bulk_update(to_update, NAME_FIELDS, batch_size=500)
    return len(to_update)


def ensure_first_period(unit: AdministrativeUnit, before: datetime.date | None) -> None:
    """Before an administrator records a unit's first change, keep what it was called until
    then: a period from the unit's own start with its present name and type."""
    if before is None or unit.name_periods.exists():
        return
    if unit.valid_from is not None and before <= unit.valid_from:
        return
    UnitNamePeriod.objects.create(
        unit=unit,
        valid_from=unit.valid_from,
        unit_type=unit.unit_type,
        name=unit.name,
        short_name=unit.short_name,
        source=Source.LIST_2025
        if unit.source == AdministrativeUnit.Source.PACKAGE_2025
        else Source.REFERENCE
        if unit.source != AdministrativeUnit.Source.ADMIN
        else Source.ADMIN,
    )
